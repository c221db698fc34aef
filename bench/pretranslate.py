"""Pre-translation throughput: a 10,000-segment document against a 1M-unit TM, beside single lookups.

    python bench/pretranslate.py                        # 1,000,000 units, 10,000 segments
    python bench/pretranslate.py --units 100000 --segments 2000

Builds (once, cached in --work) a zh/en TM with bench/import.py's generator and tm import, and a Chinese
document whose sentences are exact (30%), fuzzy (30%: 1-3 characters changed), repeated (10%) and new
(30%). Then, in this process and on the same store:

- baseline: ``Matcher.lookup`` (one Matcher, min score 50, limit 5, as bench/lookup.py measures it) once
  per segment for a sample of the document's segments, with their neighbours; segments per second;
- ``tm.leverage.pretranslate`` of the whole document to XLIFF; segments per second, including reading,
  segmenting, analysis and writing.

The goal: pre-translation no slower per segment than single lookups (ratio >= 1.0).
"""

from __future__ import annotations

import argparse
import importlib
import random
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))

gen = importlib.import_module("import")  # bench/import.py: the TMX generator


def build_tm(work: Path, units: int) -> Path:
    from tm.store.sqlite import SqliteStore
    from tm.tmfiles import import_files

    db = work / f"tm-{units}.db"
    if db.exists():
        return db
    tmx = work / f"tm-{units}.tmx"
    print(f"generating {units:,} units ...", file=sys.stderr)
    gen.generate(tmx, units)
    print("importing ...", file=sys.stderr)
    start = time.perf_counter()
    store = SqliteStore(db)
    import_files(store, [tmx])
    store.close()
    print(f"imported in {time.perf_counter() - start:.0f} s", file=sys.stderr)
    tmx.unlink()
    return db


def sample_sources(db: Path, k: int, seed: int) -> list[str]:
    from tm.store.sqlite import SqliteStore

    store = SqliteStore(db)  # writable: an older database is brought to the current schema
    total = store.count()
    rng = random.Random(seed)
    wanted = set(rng.sample(range(1, total + 1), min(k, total)))
    out = []
    for unit_id, source, _ in store.pairs(store.resolve("zh"), store.resolve("en")):
        if unit_id in wanted:
            out.append(source.text)
    store.close()
    rng.shuffle(out)
    return out


def build_document(path: Path, sources: list[str], segments: int, seed: int) -> None:
    rng = random.Random(seed)
    han = gen.HAN
    lines: list[str] = []
    used = 0
    for i in range(segments):
        r = rng.random()
        if r < 0.3 or not lines:
            sentence = sources[used % len(sources)]
            used += 1
        elif r < 0.6:
            base = list(sources[used % len(sources)])
            used += 1
            for _ in range(rng.randint(1, 3)):
                k = rng.randrange(len(base))
                if "\u4e00" <= base[k] <= "\u9fff":
                    base[k] = rng.choice(han)
            sentence = "".join(base)
        elif r < 0.7:
            sentence = rng.choice(lines)
        else:
            sentence = "".join(rng.choices(han, k=rng.randint(12, 40))) + f"{i}。"
        if not sentence.endswith(("。", "！", "？")):
            sentence += "。"
        lines.append(sentence)
    # one sentence per line: the document has exactly ``segments`` segments
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--units", type=int, default=1_000_000)
    parser.add_argument("--segments", type=int, default=10_000)
    parser.add_argument(
        "--sample", type=int, default=500, help="segments looked up one by one for the baseline"
    )
    parser.add_argument("--work", type=Path, default=Path(tempfile.gettempdir()) / "tm-bench-pretranslate")
    parser.add_argument("--seed", type=int, default=11)
    args = parser.parse_args()
    args.work.mkdir(parents=True, exist_ok=True)

    from tm.formats.documents import open_document
    from tm.leverage import pretranslate
    from tm.match import Matcher
    from tm.store.sqlite import SqliteStore

    db = build_tm(args.work, args.units)
    doc_path = args.work / f"doc-{args.segments}.zh.txt"
    build_document(doc_path, sample_sources(db, args.segments, args.seed), args.segments, args.seed)
    store = SqliteStore(db)
    segs = [s.source for s in open_document(doc_path, "zh").segments]
    print(f"TM {store.count():,} units; document {len(segs):,} segments", file=sys.stderr)

    # the index is brought up to date first (its build is not what is measured here)
    start = time.perf_counter()
    matcher = Matcher(store, "zh", "en", min_score=50, limit=5)
    matcher.prepare()
    print(f"index ready in {time.perf_counter() - start:.0f} s", file=sys.stderr)

    # baseline: single lookups with one Matcher, as bench/lookup.py measures them (min score 50, limit 5),
    # with the neighbours that pre-translation passes
    rng = random.Random(args.seed)
    picks = rng.sample(range(len(segs)), min(args.sample, len(segs)))
    start = time.perf_counter()
    for k in picks:
        prev = segs[k - 1] if k > 0 else None
        nxt = segs[k + 1] if k + 1 < len(segs) else None
        matcher.lookup(segs[k], prev=prev, next=nxt)
    lookup_rate = len(picks) / (time.perf_counter() - start)

    out = args.work / "out.xlf"
    start = time.perf_counter()
    result = pretranslate(store, doc_path, "zh", "en", out)
    elapsed = time.perf_counter() - start
    rate = len(segs) / elapsed
    store.close()
    bands = {b: c.segments for b, c in result.analysis.total.bands.items() if c.segments}
    print(f"single lookups:  {lookup_rate:8.1f} segments/s ({len(picks)} segments)")
    print(
        f"pretranslate:    {rate:8.1f} segments/s ({len(segs)} segments in {elapsed:.1f} s, {result.filled} filled)"
    )
    print(f"ratio:           {rate / lookup_rate:8.2f} (goal >= 1.0)")
    print(f"bands:           {bands}")


if __name__ == "__main__":
    main()

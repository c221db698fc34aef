"""Build the gold alignments of tests/data/align from the corpora (corpora/README.md).

    python tests/data/align/build.py            # rewrite zh-en.json, zh-ru.json, en-ru.json
    python tests/data/align/build.py --check    # exit 1 if they are out of date

Each case is a pair of documents (paragraphs of sentences) and its gold beads (sentence indices of each
side). The clean cases are the corpora as they are: the WCM 2025 report in zh/en/ru (segments.tsv) and
the two press releases in zh/en. The harder variants change one side the way real archives differ:
paragraphs merged or split, a sentence dropped or added, one replaced by a sentence that is no translation
of it, two sentences merged into one (Chinese joins them with a comma) or one split in two, the
boilerplate ("About Wink.ru") moved, and several at once.
Every change is deterministic (a seeded random choice per case), so the files only change when this
script or the corpora do.
"""

from __future__ import annotations

import argparse
import csv
import json
import random
import re
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[2]
CORPORA = ROOT / "corpora"
PAIRS = (("zh", "en"), ("zh", "ru"), ("en", "ru"))
# Sentences a translator adds on one side (a practical note the other version does not have).
ADDED = {
    "zh": ["放映活动免费入场。", "活动详情将在主办方官网公布。"],
    "en": [
        "Admission to the screenings is free of charge.",
        "Details will be published on the organisers’ website.",
    ],
    "ru": ["Вход на показы свободный.", "Подробности будут опубликованы на сайте организаторов."],
}
ENDS = ("。", "！", "？", ".", "!", "?", "”", "»", "’")
LOWER_START = re.compile(
    r"^(The|This|It|Its|We|Our|A|An|In|On|At|He|She|They|These|Both|All|Among|During|As)\b"
)
LOWER_START_RU = re.compile(r"^(По|В|На|Это|Мы|Он|Она|Они|Все|Среди|Кроме|Так|Для)\b")


def _rows(path: Path) -> list[dict[str, str]]:
    with open(path, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE))


def documents() -> dict[str, dict[str, list[list[str]]]]:
    """name -> language -> paragraphs of sentences."""
    out = {}
    sources = [("wcm-2025-report", CORPORA / "wcm-2025" / "segments.tsv")] + [
        (p.stem, p) for p in sorted((CORPORA / "press-releases").glob("*.tsv"))
    ]
    for name, path in sources:
        rows = _rows(path)
        langs = [k for k in ("zh", "en", "ru") if k in rows[0]]
        doc: dict[str, list[list[str]]] = {lang: [] for lang in langs}
        last = None
        for row in rows:
            if row["para"] != last:
                for lang in langs:
                    doc[lang].append([])
                last = row["para"]
            for lang in langs:
                doc[lang][-1].append(row[lang])
        out[name] = doc
    return out


class Side:
    """One side of a case: paragraphs of sentences, each sentence tagged with the gold rows it holds."""

    def __init__(self, paragraphs: list[list[str]], lang: str) -> None:
        self.lang = lang
        self.paras = [[(s, (r,)) for s in p for r in [None]] for p in paragraphs]
        k = 0
        for p in self.paras:
            for n, (s, _) in enumerate(p):
                p[n] = (s, (k,))
                k += 1

    def multi(self) -> list[int]:
        return [k for k, p in enumerate(self.paras) if len(p) >= 2]

    def merge_paragraphs(self, k: int) -> None:
        self.paras[k : k + 2] = [self.paras[k] + self.paras[k + 1]]

    def split_paragraph(self, k: int, at: int) -> None:
        p = self.paras[k]
        self.paras[k : k + 1] = [p[:at], p[at:]]

    def drop(self, k: int, n: int) -> None:
        del self.paras[k][n]

    def add(self, k: int, n: int, text: str) -> None:
        self.paras[k].insert(n, (text, ()))

    def merge_sentences(self, k: int, n: int) -> bool:
        (a, ra), (b, rb) = self.paras[k][n], self.paras[k][n + 1]
        if self.lang == "zh":
            if not a.endswith("。") or a.count("“") != a.count("”"):
                return False
            joined = a[:-1] + "，" + b
        else:
            if not a.endswith(".") or a.endswith(("”.", "».")):
                return False
            pattern = LOWER_START_RU if self.lang == "ru" else LOWER_START
            if pattern.match(b):
                b = b[0].lower() + b[1:]
            joined = a[:-1] + "; " + b
        self.paras[k][n : n + 2] = [(joined, ra + rb)]
        return True

    def split_sentence(self, k: int, n: int) -> bool:
        text, rows = self.paras[k][n]
        if len(rows) != 1:
            return False
        comma = "，" if self.lang == "zh" else ", "
        places = [m.start() for m in re.finditer(re.escape(comma), text)]
        places = [
            p for p in places if 0.3 < p / len(text) < 0.7 and text[:p].count("“") == text[:p].count("”")
        ]
        places = [p for p in places if text[:p].count("«") == text[:p].count("»") and "(" not in text[:p]]
        if not places:
            return False
        p = places[0]
        if self.lang == "zh":
            first, second = text[:p] + "。", text[p + 1 :]
        else:
            rest = text[p + 2 :]
            if not rest or not rest[0].isalpha():
                return False
            first, second = text[:p] + ".", rest[0].upper() + rest[1:]
        # the first half keeps the row; the second is tagged as its continuation
        self.paras[k][n : n + 1] = [(first, rows), (second, ("+",) + rows)]
        return True

    def move_last_paragraphs(self, count: int, to: int) -> None:
        moved = self.paras[-count:]
        del self.paras[-count:]
        self.paras[to:to] = moved

    def sentences(self) -> list[tuple[str, tuple]]:
        return [s for p in self.paras for s in p]


def gold(src: Side, tgt: Side) -> list[list[list[int]]]:
    """Gold beads from the row tags: sentences sharing a row are one bead; untagged ones stand alone."""
    s_sents, t_sents = src.sentences(), tgt.sentences()

    def rows_of(tags: tuple) -> set:
        return {r for r in tags if r != "+"}

    beads: list[list[list[int]]] = []
    by_row_s: dict[int, list[int]] = {}
    by_row_t: dict[int, list[int]] = {}
    for k, (_, tags) in enumerate(s_sents):
        for r in rows_of(tags):
            by_row_s.setdefault(r, []).append(k)
    for k, (_, tags) in enumerate(t_sents):
        for r in rows_of(tags):
            by_row_t.setdefault(r, []).append(k)
    # group rows linked through shared sentences into beads
    seen_s: set[int] = set()
    seen_t: set[int] = set()
    for k, (_, tags) in enumerate(s_sents):
        if k in seen_s:
            continue
        s_idx, t_idx = {k}, set()
        frontier = list(rows_of(tags))
        done_rows: set = set()
        while frontier:
            r = frontier.pop()
            if r in done_rows:
                continue
            done_rows.add(r)
            for i in by_row_s.get(r, []):
                s_idx.add(i)
                frontier += list(rows_of(s_sents[i][1]))
            for j in by_row_t.get(r, []):
                t_idx.add(j)
                frontier += list(rows_of(t_sents[j][1]))
        seen_s |= s_idx
        seen_t |= t_idx
        beads.append([sorted(s_idx), sorted(t_idx)])
    for j in range(len(t_sents)):
        if j not in seen_t:
            beads.append([[], [j]])
    beads.sort(key=lambda b: (b[0][0] if b[0] else -1, b[1][0] if b[1] else -1))
    return beads


VARIANTS = (
    "clean",
    "merged-paragraphs",
    "split-paragraphs",
    "dropped-sentence",
    "added-sentence",
    "merged-sentences",
    "split-sentence",
    "moved-boilerplate",
    "replaced-sentence",
    "several",
)


def variant(doc: dict, name: str, src: str, tgt: str, kind: str) -> dict | None:
    rng = random.Random(f"{name}/{src}-{tgt}/{kind}")
    s, t = Side(doc[src], src), Side(doc[tgt], tgt)

    def merge_paragraphs(side: Side, times: int = 1) -> None:
        for _ in range(times):
            # only after a paragraph that ends a sentence (a headline run into the text would not split)
            ends = [
                k
                for k in range(1, len(side.paras) - 1)
                if side.paras[k] and side.paras[k][-1][0].endswith(ENDS)
            ]
            side.merge_paragraphs(rng.choice(ends))

    def split_paragraphs(side: Side) -> None:
        for k in sorted(rng.sample(side.multi(), min(2, len(side.multi()))), reverse=True):
            side.split_paragraph(k, rng.randrange(1, len(side.paras[k])))

    def drop(side: Side) -> None:
        k = rng.choice(side.multi())
        side.drop(k, rng.randrange(len(side.paras[k])))

    def add(side: Side) -> None:
        k = rng.randrange(2, len(side.paras))
        side.add(k, rng.randrange(len(side.paras[k]) + 1), rng.choice(ADDED[side.lang]))

    def merge_sentences(side: Side, times: int = 2) -> int:
        done = 0
        for k in rng.sample(side.multi(), len(side.multi())):
            n = rng.randrange(len(side.paras[k]) - 1)
            if side.merge_sentences(k, n):
                done += 1
                if done == times:
                    break
        return done

    def split_sentence(side: Side, times: int = 2) -> int:
        done = 0
        order = [(k, n) for k, p in enumerate(side.paras) for n in range(len(p))]
        rng.shuffle(order)
        for k, n in order:
            if n < len(side.paras[k]) and side.split_sentence(k, n):
                done += 1
                if done == times:
                    break
        return done

    if kind == "merged-paragraphs":
        merge_paragraphs(t, 2)
    elif kind == "split-paragraphs":
        split_paragraphs(t)
    elif kind == "dropped-sentence":
        drop(t)
    elif kind == "added-sentence":
        add(t)
    elif kind == "merged-sentences":
        if merge_sentences(s if src == "zh" else t) == 0:
            return None
    elif kind == "split-sentence":
        if split_sentence(t) == 0:
            return None
    elif kind == "replaced-sentence":  # one side says something else there: no bead of the two
        k = rng.choice(t.multi())
        n = rng.randrange(len(t.paras[k]))
        t.drop(k, n)
        t.add(k, n, rng.choice(ADDED[t.lang]))
    elif kind == "moved-boilerplate":
        about = next((k for k, p in enumerate(doc["en"]) if p[0].startswith("About ")), None)
        if about is None:
            return None
        t.move_last_paragraphs(len(doc["en"]) - about, 2)
    elif kind == "several":
        merge_paragraphs(t)
        drop(s)
        add(t)
        merge_sentences(s if src == "zh" else t, 1)
        split_sentence(s, 1)
    return {
        "name": f"{name}/{kind}",
        "doc": name,
        "src": [[x for x, _ in p] for p in s.paras if p],
        "tgt": [[x for x, _ in p] for p in t.paras if p],
        "gold": gold(s, t),
    }


def build() -> dict[str, str]:
    docs = documents()
    out = {}
    for src, tgt in PAIRS:
        cases = []
        for name, doc in docs.items():
            if src not in doc or tgt not in doc:
                continue
            for kind in VARIANTS:
                case = variant(doc, name, src, tgt, kind)
                if case is not None:
                    cases.append(case)
        out[f"{src}-{tgt}.json"] = json.dumps(cases, ensure_ascii=False, indent=1) + "\n"
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="exit 1 if a file is out of date")
    args = parser.parse_args()
    stale = []
    for name, text in build().items():
        path = HERE / name
        if args.check:
            if not path.exists() or path.read_text(encoding="utf-8") != text:
                stale.append(name)
        else:
            path.write_text(text, encoding="utf-8")
    if stale:
        print(f"out of date: {', '.join(stale)} (run python tests/data/align/build.py)", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())

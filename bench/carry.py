"""What carrying numbers costs a match: the brute-force scan (``tm.match.oracle.scan``, every unit made
into a Match, which is what a read-only TM's unindexed units and ``--min-score 0`` go through) with
``tm.text.adapt.adapt`` against the same scan with adapt replaced by a stub that returns the target
unchanged (what a Match cost before numbers were carried, less the old substitution), in the same run.

    python bench/carry.py --units 20000 --queries 50

Units are the corpora's aligned sentences (zh-CN source, en-US or ru-RU target), their cardinals and
percentages multiplied by a random factor in both languages and written in their own form (``8万`` ->
``37万``, ``80,000`` -> ``370,000``), so that a TM of N units holds sentences that differ from each other
in their numbers only (the worst case for carrying: every candidate qualifies); queries are corpus sentences
with their numbers changed. Reported: milliseconds per query for the scan with and without adapt, and their
ratio. The extraction cache is
cleared before each query, so every unit's numbers are read afresh (the worst case: a TM larger than the
cache).
"""

from __future__ import annotations

import argparse
import random
import re
import statistics
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path
from xml.sax.saxutils import escape

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tm.match import Matcher, results  # noqa: E402
from tm.match.oracle import scan  # noqa: E402
from tm.model import Variant  # noqa: E402
from tm.store.sqlite import SqliteStore  # noqa: E402
from tm.text import numbers  # noqa: E402
from tm.text.adapt import Adapted, adapt  # noqa: E402
from tm.text.numwrite import CannotWrite, rewrite  # noqa: E402
from tm.tmfiles import import_files  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent


def rows() -> list[tuple[str, str, str]]:
    out = []
    for line in (ROOT / "corpora" / "wcm-2025" / "segments.tsv").read_text(encoding="utf-8").splitlines():
        cells = line.split("\t")
        if cells[0].isdigit() and len(cells) >= 5:
            out.append((cells[2], cells[3], cells[4]))
    return out


def vary(text: str, lang: str, factor: int) -> str:
    """``text`` with every cardinal and percentage multiplied by ``factor``, written in its own form (the
    same factor in each language of a unit keeps its numbers in agreement; dates and years stay)."""
    out, pos = [], 0
    for n in numbers.extract(text, lang):
        if n.kind not in ("cardinal", "percent"):
            continue
        try:
            new = rewrite(n, replace(n, value=n.value * factor))
        except CannotWrite:
            continue
        out += [text[pos : n.start], new]
        pos = n.end
    return "".join(out) + text[pos:]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--units", type=int, default=20000)
    parser.add_argument("--queries", type=int, default=50)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--min-score", type=float, default=0, help="the scan's minimum score (0: every unit)")
    args = parser.parse_args()
    rng = random.Random(args.seed)
    corpus = rows()
    entries = []
    for uid in range(args.units):
        zh, en, ru = corpus[uid % len(corpus)]
        factor = rng.randint(2, 99)
        tgt = (
            Variant("en-US", vary(en, "en", factor)) if uid % 2 else Variant("ru-RU", vary(ru, "ru", factor))
        )
        entries.append((uid, Variant("zh-CN", vary(zh, "zh", factor)), tgt, (), (None, None)))
    with_numbers = [r for r in corpus if re.search("[0-9]", r[0])]
    queries = [vary(rng.choice(with_numbers)[0], "zh", rng.randint(2, 99)) for _ in range(args.queries)]

    def stub(query, source, target, src_lang, tgt_lang, *, target_coded=None):
        return Adapted(target, target_coded)

    full, bare = [], []
    for query in queries:
        numbers._extract.cache_clear()
        results.adapt = adapt
        t = time.perf_counter()
        scan(query, entries, min_score=args.min_score, limit=5, prev=None, nxt=None)
        full.append(time.perf_counter() - t)
        results.adapt = stub
        t = time.perf_counter()
        scan(query, entries, min_score=args.min_score, limit=5, prev=None, nxt=None)
        bare.append(time.perf_counter() - t)
    results.adapt = adapt
    a, b = statistics.median(full) * 1000, statistics.median(bare) * 1000
    print(
        f"scan, {args.units} units, min {args.min_score:g}: p50 {a:.1f} ms with adapt, {b:.1f} ms without, ratio {a / b:.2f}"
    )
    indexed(entries, queries, stub)


def indexed(entries: list, queries: list[str], stub) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        tmx = Path(tmp) / "t.tmx"
        body = "".join(
            f'<tu><tuv xml:lang="zh-CN"><seg>{escape(s.text)}</seg></tuv>'
            f'<tuv xml:lang="{t.lang}"><seg>{escape(t.text)}</seg></tuv></tu>\n'
            for _, s, t, _, _ in entries
        )
        tmx.write_text(
            '<?xml version="1.0" encoding="UTF-8"?>\n<tmx version="1.4"><header srclang="zh-CN" datatype="plaintext" '
            'segtype="sentence" adminlang="en" o-tmf="t" creationtool="t" creationtoolversion="1"/>'
            f"<body>{body}</body></tmx>",
            encoding="utf-8",
        )
        store = SqliteStore(Path(tmp) / "tm.db")
        import_files(store, [tmx])
        for tgt in ("en", "ru"):
            for min_score in (70, 50):
                matcher = Matcher(store, "zh", tgt, min_score=min_score, limit=5)
                matcher.prepare()
                timings = {}
                for name, fn in (("with", adapt), ("without", stub)):
                    results.adapt = fn
                    runs = []
                    for query in queries:
                        numbers._extract.cache_clear()
                        t = time.perf_counter()
                        matcher.lookup(query)
                        runs.append(time.perf_counter() - t)
                    timings[name] = statistics.median(runs) * 1000
                results.adapt = adapt
                a, b = timings["with"], timings["without"]
                print(
                    f"indexed zh->{tgt}, min {min_score}: p50 {a:.2f} ms with adapt, {b:.2f} ms without, ratio {a / b:.2f}"
                )
        store.close()


if __name__ == "__main__":
    main()

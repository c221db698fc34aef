"""Lookups that meet many equal candidates: a sentence imported many times (its contexts), and many units
that differ from the query only in a number (all with one base score).

    python bench/repeats.py                          # 20,000 places, 5,000 and 20,000 number units
    python bench/repeats.py --places 2000 --units 500

Builds an in-memory TM (en/ru) and times, in this process:

- ``SqliteStore.contexts`` of a unit that occurred ``--places`` times (spread over 20 files), against the
  baseline of reading each place with its own queries (its import's last position, then each neighbour:
  what ``contexts`` did before it became one joined query), and an exact lookup of that sentence with a
  previous segment (which reads the contexts);
- the full scoring of ``--units`` candidates that differ from the query only in a number (best first, as
  the matcher orders them), against the baseline of the oracle's ``scan`` over the same candidates (every
  one fully scored: numbers carried into its target, its facts read), and the whole lookup.

Each pair must give the same result; the ratio is baseline / tm.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tm.match import Matcher  # noqa: E402
from tm.match.oracle import scan  # noqa: E402
from tm.match.score import analyse  # noqa: E402
from tm.model import Header, Unit, Variant  # noqa: E402
from tm.store.protocol import EDGE  # noqa: E402
from tm.store.sqlite import SqliteStore  # noqa: E402

REPEATED = ("The ceremony will begin shortly.", "Церемония скоро начнётся.")
FILES = 20


def build(places: int, units: int) -> SqliteStore:
    store = SqliteStore(":memory:")
    with store.transaction():
        per_file = places // FILES
        for f in range(FILES):
            writer = store.writer(store.add_origin(f"release-{f}.tmx", "tmx", Header()))
            for i in range(per_file):  # the repeated sentence after a different one each time
                n = f * per_file + i
                writer.add(
                    Unit((Variant("en", f"Speech number {n} ends."), Variant("ru", f"Речь {n}."))), 2 * i + 1
                )
                writer.add(Unit((Variant("en", REPEATED[0]), Variant("ru", REPEATED[1]))), 2 * i + 2)
            writer.flush()
        writer = store.writer(store.add_origin("numbers.tmx", "tmx", Header()))
        for i in range(units):
            writer.add(
                Unit(
                    (
                        Variant("en", f"The report has {i + 1} chapters."),
                        Variant("ru", f"Число глав в докладе: {i + 1}."),
                    )
                ),
                i + 1,
            )
        writer.flush()
    return store


def contexts_per_place(store: SqliteStore, unit_id: int, src_codes: list[str]) -> list[tuple]:
    """The baseline: each place read with its own queries (the code before the joined query)."""
    order = {code: i for i, code in enumerate(src_codes)}
    con = store.connection
    out = []
    for origin_id, generation, position in con.execute(
        "SELECT origin_id, generation, position FROM occurrences WHERE unit_id = ? "
        "ORDER BY origin_id, generation, position",
        (unit_id,),
    ).fetchall():
        last = con.execute(
            "SELECT max(position) FROM occurrences WHERE origin_id = ? AND generation = ?",
            (origin_id, generation),
        ).fetchone()[0]
        around: list[str | None] = []
        for pos in (position - 1, position + 1):
            if pos < 1 or pos > last:
                around.append(EDGE)
                continue
            texts = con.execute(
                "SELECT v.lang, v.text FROM occurrences o JOIN variants v ON v.unit_id = o.unit_id "
                "WHERE o.origin_id = ? AND o.generation = ? AND o.position = ? ORDER BY o.unit_id, v.ord",
                (origin_id, generation, pos),
            ).fetchall()
            ranked = sorted((order[lang], n) for n, (lang, _) in enumerate(texts) if lang in order)
            around.append(texts[ranked[0][1]][1] if ranked else None)
        out.append((around[0], around[1]))
    return out


def timed(fn, repeat: int) -> tuple[float, object]:
    times, result = [], None
    for _ in range(repeat):
        start = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times), result


def key(matches) -> list[tuple]:
    return [(m.unit_id, m.score, m.penalties, m.target, m.context) for m in matches]


def run(places: int, units: int, repeat: int) -> None:
    store = build(places, units)
    codes = store.resolve("en")
    (uid,) = [u for u, text in store.variant_texts(codes) if text == REPEATED[0]]
    base, want = timed(lambda: contexts_per_place(store, uid, codes), repeat)
    ours, got = timed(lambda: store.contexts(uid, codes), repeat)
    assert got == want and len(got) == places // FILES * FILES
    print(
        f"contexts of a unit at {len(got):,} places: {ours * 1000:.0f} ms, "
        f"each place by its own queries {base * 1000:.0f} ms, ratio {base / ours:.1f}"
    )
    matcher = Matcher(store, "en", "ru", min_score=70, limit=5)
    matcher.prepare()
    exact, found = timed(lambda: matcher.lookup(REPEATED[0], prev="Speech number 7 ends."), repeat)
    assert [(m.score, m.context) for m in found][:1] == [(101.0, "prev")]
    print(f"  its exact lookup with a previous segment (a context match): {exact * 1000:.0f} ms")

    query = f"The report has {units + 7} chapters."
    analysed = analyse(query)
    ids = sorted((u for u, t in store.variant_texts(codes) if t.startswith("The report has ")), reverse=True)
    full, want = timed(
        lambda: scan(query, matcher._entries(ids), min_score=70, limit=5, prev=None, nxt=None), repeat
    )
    pruned, got = timed(lambda: matcher._verify(analysed, ids, 70, 5, None, None, []), repeat)
    assert key(got) == key(want) and len(got) == 5
    lookup, found = timed(lambda: matcher.lookup(query), repeat)
    assert key(found) == key(want)
    print(
        f"{units:,} units differing only in a number: scoring {pruned * 1000:.0f} ms, each fully "
        f"{full * 1000:.0f} ms, ratio {full / pruned:.1f}; the whole lookup {lookup * 1000:.0f} ms"
    )
    store.close()


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--places", type=int, default=20_000)
    parser.add_argument("--units", type=int, nargs="+", default=[5_000, 20_000])
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    for units in args.units:
        run(args.places, units, args.repeat)


if __name__ == "__main__":
    main()

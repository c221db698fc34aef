"""Fuzzy lookup at 100k and 1M units: indexed lookup vs an exhaustive rapidfuzz scan, in the same run.

    python bench/lookup.py --units 100000 1000000 --queries 1000 --baseline-sample 200

For each size the script generates a TM of zh-CN/en-US units (Zipf vocabularies: 6,000 Han characters,
40,000 English words; lengths ~ N(24, 11) characters and N(15, 7) words; 30% of units start with one of 300
repeated phrases; 12% are near-duplicates of an earlier unit with 1-2 tokens changed; 20% carry a number),
writes it into a tm SQLite store, builds the index (the first lookup's catch-up, timed), and runs
``--queries`` queries per source language (a third each: copies of a unit, copies with 1-3 tokens edited,
unrelated sentences) at minimum scores 50 and 70, limit 5.

Baseline: every unit's key sequence held in memory as code points, scanned with
``rapidfuzz.process.extract(scorer=Levenshtein.normalized_similarity, score_cutoff=...)`` (C++, no
Python per unit); the survivors are then fully scored to give the exact top 5, against which the indexed
results are compared (recall: same units and scores). The baseline runs on the first
``--baseline-sample`` queries of each kind mix (it costs ~0.3 s a query at 1M units).

``--keep DIR`` keeps the generated stores (with their index) in DIR and reuses them on the next run: the
same units are generated again with the same seed (the queries depend on them) but not written, and the
index is already built (its build time is then not measured: run once without ``--keep`` for it).

``--backend postgresql --pg URL`` runs the same units and queries on both backends in the same run: the
SQLite store first (the baseline), then the PostgreSQL database ``URL`` (an empty database, or one this
script filled with the same size and seed, reused like ``--keep``); it prints each backend's figures, the
ratio of PostgreSQL's p50 and p95 to SQLite's, and whether every query's matches (units and scores) are
the same on both (lossless).

    python bench/lookup.py --units 100000 --backend postgresql --pg postgresql://tm@/bench?host=/tmp/pg
"""

from __future__ import annotations

import argparse
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from rapidfuzz import process
from rapidfuzz.distance import Levenshtein

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tm.match import Matcher  # noqa: E402
from tm.match.oracle import scan  # noqa: E402
from tm.match.score import analyse  # noqa: E402
from tm.store import Store, open_store  # noqa: E402
from tm.text.tokenize import keys  # noqa: E402

HAN = [chr(0x4E00 + i * 3) for i in range(6000)]
SYLLABLES = [c + v for c in "bcdfghklmnprstvwz" for v in ("a", "e", "i", "o", "u", "ai", "ou", "ee")]


def zipf_weights(n: int, s: float = 1.07) -> list[float]:
    acc, out = 0.0, []
    for rank in range(1, n + 1):
        acc += 1.0 / rank**s
        out.append(acc)
    return out


class Generator:
    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)
        rng = self.rng
        words = set()
        while len(words) < 40000:
            words.add("".join(rng.choice(SYLLABLES) for _ in range(rng.choice((1, 2, 2, 3, 3, 4)))))
        self.words = sorted(words, key=lambda w: (len(w), w))
        self.han = HAN[:]
        rng.shuffle(self.han)
        self.cum_en = zipf_weights(len(self.words))
        self.cum_zh = zipf_weights(len(self.han))
        self.phrases = {
            "en": [self.tokens("en", rng.randint(3, 6)) for _ in range(300)],
            "zh": [self.tokens("zh", rng.randint(4, 9)) for _ in range(300)],
        }

    def tokens(self, lang: str, n: int) -> list[str]:
        if lang == "en":
            return self.rng.choices(self.words, cum_weights=self.cum_en, k=n)
        return self.rng.choices(self.han, cum_weights=self.cum_zh, k=n)

    def length(self, lang: str) -> int:
        mean, sd, lo, hi = (15, 7, 1, 60) if lang == "en" else (24, 11, 2, 100)
        return max(lo, min(hi, int(self.rng.gauss(mean, sd))))

    def sentence(self, lang: str) -> list[str]:
        rng = self.rng
        n = self.length(lang)
        toks = rng.choice(self.phrases[lang])[:] if rng.random() < 0.3 else []
        toks += self.tokens(lang, max(1, n - len(toks)))
        if rng.random() < 0.2:
            toks.insert(rng.randrange(len(toks) + 1), str(rng.randint(1, 2030)))
        return toks

    def edit(self, lang: str, toks: list[str], edits: int) -> list[str]:
        toks = toks[:]
        for _ in range(edits):
            op = self.rng.random()
            pos = self.rng.randrange(len(toks) + 1)
            if op < 0.5 and pos < len(toks):
                toks[pos] = self.tokens(lang, 1)[0]
            elif op < 0.75 or len(toks) <= 1:
                toks.insert(pos, self.tokens(lang, 1)[0])
            elif pos < len(toks):
                del toks[pos]
        return toks


def join(lang: str, toks: list[str]) -> str:
    return " ".join(toks) + "." if lang == "en" else "".join(toks) + "。"


def build(db: str, units: int, gen: Generator, reuse: bool) -> dict[str, list[list[str]]]:
    """Generate the TM and write it to ``db`` (through the store's bulk row writer: SQLite inserts,
    PostgreSQL COPY); with ``reuse`` (a store already there, ``--keep``), the same units are generated
    again (the queries depend on them) but not written."""
    store = open_store(db)
    sources: dict[str, list[list[str]]] = {"en": [], "zh": []}
    t0 = time.perf_counter()
    with store.transaction():
        for start in range(1, units + 1, 50000):
            unit_rows, variant_rows = [], []
            for uid in range(start, min(units, start + 49999) + 1):
                for lang, code, ordinal in (("zh", "zh-CN", 0), ("en", "en-US", 1)):
                    if sources[lang] and gen.rng.random() < 0.12:
                        toks = gen.edit(lang, gen.rng.choice(sources[lang]), gen.rng.randint(1, 2))
                    else:
                        toks = gen.sentence(lang)
                    sources[lang].append(toks)
                    variant_rows.append((uid, ordinal, code, join(lang, toks), None, None))
                unit_rows.append((uid, uid.to_bytes(8, "big"), "confirmed", None, None, None, 0, None))
            if not reuse:
                store.write_rows("units", UNIT_COLUMNS, unit_rows)
                store.write_rows("variants", VARIANT_COLUMNS, variant_rows)
    store.close()
    done = "generated (store reused)" if reuse else "generated and stored"
    print(f"  {done} {units:,} units in {time.perf_counter() - t0:.1f} s", flush=True)
    return sources


UNIT_COLUMNS = ("id", "key", "status", "context", "created", "changed", "merges", "meta")
VARIANT_COLUMNS = ("unit_id", "ord", "lang", "text", "coded", "meta")


def queries(gen: Generator, lang: str, sources: list[list[str]], count: int) -> list[tuple[str, str]]:
    out = []
    for i in range(count):
        kind = ("copy", "edited", "unrelated")[i % 3]
        if kind == "copy":
            toks = gen.rng.choice(sources)
        elif kind == "edited":
            toks = gen.edit(lang, gen.rng.choice(sources), gen.rng.randint(1, 3))
        else:
            toks = gen.sentence(lang)
        out.append((kind, join(lang, toks)))
    return out


class Exhaustive:
    """All key sequences in memory as code-point strings, scanned by rapidfuzz in C++."""

    def __init__(self, store: Store, code: str) -> None:
        self.table: dict[str, str] = {}
        self.ids: list[int] = []
        self.seqs: list[str] = []
        for uid, text in sorted(store.variant_texts([code])):
            self.ids.append(uid)
            self.seqs.append(self.encode(keys(text)))

    def encode(self, keys) -> str:
        table = self.table
        out = []
        for k in keys:
            c = table.get(k)
            if c is None:
                n = len(table) + 1
                c = table[k] = chr(n if n < 0xD800 else n + 0x800)
            out.append(c)
        return "".join(out)

    def scan(self, text: str, min_score: float) -> list[int]:
        q = self.encode(analyse(text).keys)
        hits = process.extract(
            q,
            self.seqs,
            scorer=Levenshtein.normalized_similarity,
            score_cutoff=(min_score - 0.05) / 100,
            limit=None,
        )
        return [self.ids[i] for _, _, i in hits]


def pct(values: list[float], p: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, int(round(p / 100 * (len(values) - 1))))]


def held(db: str) -> int:
    with open_store(db) as store:
        return store.count()


def run(
    units: int, n_queries: int, sample: int, seed: int, workdir: Path, cold: int, pg: str | None = None
) -> list[dict]:
    print(f"== {units:,} units", flush=True)
    gen = Generator(seed)
    path = workdir / f"bench-{units}-seed{seed}.db"
    dbs = {"sqlite": str(path)} | ({"postgresql": pg} if pg else {})
    sources: dict[str, list[list[str]]] = {}
    for name, db in dbs.items():
        count = held(db)
        if count not in (0, units):
            raise SystemExit(f"{db}: holds {count:,} units, not {units:,}: give an empty database")
        # the same units in each (the second store's generator replays the first's)
        made = build(db, units, gen if name == "sqlite" else Generator(seed), reuse=count == units)
        sources = sources or made
    stores = {name: open_store(db) for name, db in dbs.items()}
    rows = []
    for src, tgt, code in (("zh", "en", "zh-CN"), ("en", "zh", "en-US")):
        matchers = {}
        for name, store in stores.items():
            matchers[name] = Matcher(store, src, tgt, limit=5)
            t0 = time.perf_counter()
            matchers[name].prepare()
            print(f"  {src}: {name} index built in {time.perf_counter() - t0:.1f} s", flush=True)
        qs = queries(gen, src, sources[src], n_queries)
        exhaustive = None
        if sample:
            t0 = time.perf_counter()
            exhaustive = Exhaustive(stores["sqlite"], code)
            print(
                f"  {src}: baseline loaded ({len(exhaustive.seqs):,} sequences) in {time.perf_counter() - t0:.1f} s"
            )
        for min_score in (50, 70):
            lat = {name: {"copy": [], "edited": [], "unrelated": []} for name in matchers}
            results: dict[str, list] = {name: [] for name in matchers}
            order = list(matchers)
            for i, (kind, text) in enumerate(qs):
                for name in order if i % 2 == 0 else order[::-1]:  # alternate: the machine's load is shared
                    t0 = time.perf_counter()
                    found = matchers[name].lookup(text, min_score=min_score)
                    lat[name][kind].append(time.perf_counter() - t0)
                    results[name].append(found)
            for name, matcher in matchers.items():
                row = measure(
                    units, src, min_score, lat[name], qs, results[name], exhaustive, matcher, sample
                )
                row["backend"] = name
                rows.append(row)
                kinds = ", ".join(f"{k} {a:.1f}/{b:.1f}" for k, (a, b) in row["by_kind"].items())
                baseline = (
                    f"; scan p50 {row['scan_p50']:.1f} ms (+full scoring {row['full_p50']:.1f}); "
                    f"x{row['x_p50']:.0f} at p50, x{row['x_p95']:.0f} at p95; exact top-5 {row['recall']}"
                    if sample
                    else ""
                )
                print(
                    f"  {src} min {min_score} {name}: p50 {row['p50']:.2f} ms, p95 {row['p95']:.2f} ms "
                    f"({kinds}){baseline}",
                    flush=True,
                )
            if pg:
                same = sum(
                    [(m.unit_id, m.score, m.target) for m in a] == [(m.unit_id, m.score, m.target) for m in b]
                    for a, b in zip(results["sqlite"], results["postgresql"], strict=True)
                )
                sq, pq = rows[-2], rows[-1]
                print(
                    f"  {src} min {min_score}: postgresql / sqlite: p50 {pq['p50'] / sq['p50']:.2f}x, "
                    f"p95 {pq['p95'] / sq['p95']:.2f}x; same matches on both {same}/{len(qs)}",
                    flush=True,
                )
        if cold:
            text = qs[1][1]
            walls = []
            for _ in range(cold):
                t0 = time.perf_counter()
                subprocess.run(
                    [
                        sys.executable,
                        "-m",
                        "tm.cli.main",
                        "--db",
                        str(path),
                        "lookup",
                        text,
                        "--src",
                        src,
                        "--tgt",
                        tgt,
                        "--json",
                    ],
                    check=True,
                    capture_output=True,
                )
                walls.append(time.perf_counter() - t0)
            print(
                f"  {src} cold `tm lookup` (new process, index built): median {statistics.median(walls) * 1000:.0f} ms",
                flush=True,
            )
        del exhaustive
    for store in stores.values():
        store.close()
    return rows


def measure(units, src, min_score, lat, qs, results, exhaustive, matcher, sample) -> dict:
    """Latency percentiles, and against the exhaustive scan on the first ``sample`` queries."""
    base_lat, full_lat, same, total = [], [], 0, 0
    for (_kind, text), found in list(zip(qs, results, strict=True))[:sample]:
        t0 = time.perf_counter()
        ids = exhaustive.scan(text, min_score)
        t1 = time.perf_counter()
        truth = scan(text, matcher._entries(ids), min_score=min_score, limit=5, prev=None, nxt=None)
        t2 = time.perf_counter()
        base_lat.append(t1 - t0)
        full_lat.append(t2 - t0)
        total += 1
        same += [(m.unit_id, m.score) for m in truth] == [(m.unit_id, m.score) for m in found]
    every = [x for v in lat.values() for x in v]
    row = {
        "units": units,
        "src": src,
        "min": min_score,
        "p50": statistics.median(every) * 1000,
        "p95": pct(every, 95) * 1000,
        "by_kind": {k: (statistics.median(v) * 1000, pct(v, 95) * 1000) for k, v in lat.items()},
        "recall": f"{same}/{total}",
    }
    if base_lat:
        row["scan_p50"] = statistics.median(base_lat) * 1000
        row["scan_mean"] = statistics.mean(base_lat) * 1000
        row["full_p50"] = statistics.median(full_lat) * 1000
        row["x_p50"] = row["scan_p50"] / row["p50"]
        row["x_p95"] = row["scan_p50"] / row["p95"]
    return row


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--units", type=int, nargs="+", default=[100_000, 1_000_000])
    ap.add_argument("--queries", type=int, default=1000)
    ap.add_argument("--baseline-sample", type=int, default=200)
    ap.add_argument("--cold", type=int, default=5, help="cold `tm lookup` runs (0: none)")
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--workdir", default=None)
    ap.add_argument(
        "--keep",
        default=None,
        metavar="DIR",
        help="keep the generated stores (and their index) in DIR and reuse them on the next run",
    )
    ap.add_argument("--backend", choices=["sqlite", "postgresql"], default="sqlite")
    ap.add_argument("--pg", metavar="URL", help="the PostgreSQL database (with --backend postgresql)")
    args = ap.parse_args()
    if args.backend == "postgresql" and not args.pg:
        ap.error("--backend postgresql needs --pg URL (an empty database, e.g. made by createdb)")
    pg = args.pg if args.backend == "postgresql" else None
    if pg and len(args.units) > 1:
        ap.error("--backend postgresql: one size per run (the database holds one TM)")
    if args.keep:
        Path(args.keep).mkdir(parents=True, exist_ok=True)
        for units in args.units:
            run(units, args.queries, args.baseline_sample, args.seed, Path(args.keep), args.cold, pg)
        return
    with tempfile.TemporaryDirectory(dir=args.workdir) as tmp:
        for units in args.units:
            run(units, args.queries, args.baseline_sample, args.seed, Path(tmp), args.cold, pg)


if __name__ == "__main__":
    main()

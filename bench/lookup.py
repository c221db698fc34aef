"""Fuzzy lookup at 100k and 1M units: indexed lookup vs an exhaustive rapidfuzz scan, in the same run.

    python bench/lookup.py --units 100000 1000000 --queries 1000 --baseline-sample 200
    python bench/lookup.py --units 1000 10000 26000 --queries 1000 --baseline-sample 1000 --cold 0

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
``--baseline-sample`` queries of each kind mix (it costs ~0.3 s a query at 1M units), each right after
tm's lookup of the same query, so that both see the same load ("paired"; tm's p50 over those queries is
the one compared with the scan's). Small TMs (below :data:`tm.match.plans.SCAN_BELOW` units of a language)
are looked up by tm's own scan of the language's key sequences within the length window.

``--keep DIR`` keeps the generated stores (with their index) in DIR and reuses them on the next run: the
same units are generated again with the same seed (the queries depend on them) but not written, and the
index is already built (its build time is then not measured: run once without ``--keep`` for it).
"""

from __future__ import annotations

import argparse
import os
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
from tm.store.sqlite import SqliteStore  # noqa: E402
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


def build(path: Path, units: int, gen: Generator) -> dict[str, list[list[str]]]:
    """Generate the TM and write it to ``path``; a store already there (``--keep``) is reused as is: the
    same units are generated again (the queries depend on them) but not written."""
    reuse = path.exists()
    part = path.with_name(path.name + ".part")
    part.unlink(missing_ok=True)
    store = SqliteStore(path if reuse else part)
    con = store.connection
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
                con.executemany("INSERT INTO units VALUES (?, ?, ?, ?, ?, ?, ?, ?)", unit_rows)
                con.executemany("INSERT INTO variants VALUES (?, ?, ?, ?, ?, ?)", variant_rows)
    store.close()
    if not reuse:
        part.rename(path)
    done = "generated (store reused)" if reuse else "generated and stored"
    print(f"  {done} {units:,} units in {time.perf_counter() - t0:.1f} s", flush=True)
    return sources


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

    def __init__(self, store: SqliteStore, code: str) -> None:
        self.table: dict[str, str] = {}
        self.ids: list[int] = []
        self.seqs: list[str] = []
        for uid, text in store.connection.execute(
            "SELECT unit_id, text FROM variants WHERE lang = ? ORDER BY unit_id", (code,)
        ):
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


def run(units: int, n_queries: int, sample: int, seed: int, workdir: Path, cold: int) -> list[dict]:
    print(f"== {units:,} units", flush=True)
    gen = Generator(seed)
    path = workdir / f"bench-{units}-seed{seed}.db"
    sources = build(path, units, gen)
    store = SqliteStore(path)
    rows = []
    for src, tgt, code in (("zh", "en", "zh-CN"), ("en", "zh", "en-US")):
        matcher = Matcher(store, src, tgt, limit=5)
        t0 = time.perf_counter()
        matcher.prepare()
        build_s = time.perf_counter() - t0
        print(f"  {src}: index built in {build_s:.1f} s", flush=True)
        qs = queries(gen, src, sources[src], n_queries)
        t0 = time.perf_counter()
        exhaustive = Exhaustive(store, code)
        print(
            f"  {src}: baseline loaded ({len(exhaustive.seqs):,} sequences) in {time.perf_counter() - t0:.1f} s"
        )
        for min_score in (50, 70):
            lat: dict[str, list[float]] = {"copy": [], "edited": [], "unrelated": []}
            paired, base_lat, full_lat, same, total = [], [], [], 0, 0
            for i, (kind, text) in enumerate(qs):
                t0 = time.perf_counter()
                found = matcher.lookup(text, min_score=min_score)
                lat[kind].append(time.perf_counter() - t0)
                if i >= sample:
                    continue
                # the baseline right after, under the same load (paired)
                paired.append(lat[kind][-1])
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
                "paired_p50": statistics.median(paired) * 1000,
                "by_kind": {k: (statistics.median(v) * 1000, pct(v, 95) * 1000) for k, v in lat.items()},
                "scan_p50": statistics.median(base_lat) * 1000,
                "scan_mean": statistics.mean(base_lat) * 1000,
                "full_p50": statistics.median(full_lat) * 1000,
                "recall": f"{same}/{total}",
            }
            row["x_p50"] = row["scan_p50"] / row["p50"]
            row["x_p95"] = row["scan_p50"] / row["p95"]
            row["x_paired"] = row["scan_p50"] / row["paired_p50"]
            rows.append(row)
            kinds = ", ".join(f"{k} {a:.1f}/{b:.1f}" for k, (a, b) in row["by_kind"].items())
            print(
                f"  {src} min {min_score}: p50 {row['p50']:.2f} ms, p95 {row['p95']:.2f} ms ({kinds}); "
                f"scan p50 {row['scan_p50']:.2f} ms (+full scoring {row['full_p50']:.2f}); "
                f"x{row['x_p50']:.1f} at p50, x{row['x_p95']:.1f} at p95; paired on the {total} sampled queries: "
                f"tm p50 {row['paired_p50']:.2f} ms, scan/tm x{row['x_paired']:.2f} (goal >= 1), scan with its "
                f"scoring/tm x{row['full_p50'] / row['paired_p50']:.2f}; exact top-5 {row['recall']}; "
                f"load {os.getloadavg()[0]:.1f}",
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
            scan_mean = statistics.mean(
                r["scan_mean"] for r in rows if r["src"] == src and r["units"] == units
            )
            print(
                f"  {src} cold `tm lookup` (new process, index built): median {statistics.median(walls) * 1000:.0f} ms"
                f" = {statistics.median(walls) * 1000 / scan_mean:.1f} exhaustive-scan queries",
                flush=True,
            )
        del exhaustive
    store.close()
    return rows


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
    args = ap.parse_args()
    if args.keep:
        Path(args.keep).mkdir(parents=True, exist_ok=True)
        for units in args.units:
            run(units, args.queries, args.baseline_sample, args.seed, Path(args.keep), args.cold)
        return
    with tempfile.TemporaryDirectory(dir=args.workdir) as tmp:
        for units in args.units:
            run(units, args.queries, args.baseline_sample, args.seed, Path(tmp), args.cold)


if __name__ == "__main__":
    main()

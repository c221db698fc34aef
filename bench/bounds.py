"""The bounds of issue 11, measured: PO export memory against the streaming TMX export, and a lookup's cost
by minimum score (where the --min-score floor sits).

    python bench/bounds.py --units 300000 --dir /tmp/bounds

Generates a zh-CN/en-US TM of ``--units`` units (bench/import.py's generator; kept in ``--dir`` and reused
when it is already there), then:

- exports it as PO and as TMX (``--src zh --tgt en``), each in a child process, and reports each one's
  peak resident memory (``ru_maxrss``) and time; the TMX writer streams, so it is the baseline: the PO
  export's peak as a ratio to it;
- builds the zh index, then times ``Matcher.lookup`` of ``--queries`` sentences of the TM (each edited
  by one character) at minimum scores 70, 50, 40, 30, 20 and 10, median and worst, and one lookup at 0
  (a full scan; skipped with ``--no-zero``). The ratio is to the lookup at 70 in the same run.
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def _generator():
    spec = importlib.util.spec_from_file_location("bench_import", ROOT / "bench" / "import.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.generate


def tm_child(db: Path, *args: str) -> tuple[float, float]:
    """(peak resident MiB, seconds) of ``tm --db DB ARGS`` in a child process."""
    started = time.perf_counter()
    proc = subprocess.Popen(
        [sys.executable, "-m", "tm.cli.main", "--db", str(db), *args],
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    _, status, usage = os.wait4(proc.pid, 0)
    err = proc.stderr.read().decode()
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"tm {' '.join(args)} failed: {err}")
    return usage.ru_maxrss / 1024, time.perf_counter() - started


def exports(db: Path, folder: Path) -> None:
    tmx_mib, tmx_s = tm_child(db, "export", str(folder / "all.tmx"), "--src", "zh", "--tgt", "en")
    po_mib, po_s = tm_child(db, "export", str(folder / "all.po"), "--src", "zh", "--tgt", "en")
    print(
        f"export TMX: {tmx_mib:7.1f} MiB peak, {tmx_s:6.1f} s ({(folder / 'all.tmx').stat().st_size >> 20} MiB)"
    )
    print(
        f"export PO:  {po_mib:7.1f} MiB peak, {po_s:6.1f} s ({(folder / 'all.po').stat().st_size >> 20} MiB)"
    )
    print(f"PO/TMX peak memory: {po_mib / tmx_mib:.2f}")


def lookups(db: Path, queries: int, zero: bool) -> None:
    from tm.match import Matcher
    from tm.store import open_store

    with open_store(db) as store:
        started = time.perf_counter()
        Matcher(store, "zh", "en").prepare()
        print(f"zh index: {time.perf_counter() - started:.1f} s")
        rng = random.Random(5)
        texts = [text for _, text in store.variant_texts(store.resolve("zh"))]
        sample = []
        for text in rng.sample(texts, queries):
            at = rng.randrange(len(text))
            sample.append(text[:at] + "的" + text[at + 1 :])
        base = None
        for min_score in (70, 50, 40, 30, 20, 10, *((0,) if zero else ())):
            matcher = Matcher(store, "zh", "en", min_score=min_score, limit=5)
            matcher.prepare()
            times = []
            for query in sample if min_score else sample[:1]:
                started = time.perf_counter()
                matcher.lookup(query)
                times.append(time.perf_counter() - started)
            median = statistics.median(times)
            base = base or median
            print(
                f"min score {min_score:3}: median {median * 1000:9.1f} ms, worst {max(times) * 1000:9.1f} ms"
                f" ({len(times)} queries; {median / base:7.1f}x the lookup at 70)"
            )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--units", type=int, default=300_000)
    parser.add_argument("--queries", type=int, default=20)
    parser.add_argument("--dir", type=Path, default=None, help="where the TM is kept (reused if there)")
    parser.add_argument("--no-zero", action="store_true", help="skip the full scan at min score 0")
    args = parser.parse_args()
    folder = args.dir or Path(tempfile.mkdtemp(prefix="tm-bounds-"))
    folder.mkdir(parents=True, exist_ok=True)
    db = folder / f"tm-{args.units}.db"
    if not db.exists():
        source = folder / f"tm-{args.units}.tmx"
        _generator()(source, args.units)
        tm_child(db, "import", str(source))
    print(f"TM: {db} ({args.units} units), load {os.getloadavg()[0]:.1f}")
    exports(db, folder)
    lookups(db, args.queries, not args.no_zero)


if __name__ == "__main__":
    main()

"""What starting tm costs: wall time of fresh interpreters that import tm's entry points, against a fresh
interpreter that imports nothing (the baseline, measured in the same run and interleaved with the others so
that load on the machine falls on all alike).

    python bench/startup.py --runs 30

Measured, each as the median of ``--runs`` fresh processes: ``python -c pass`` (the baseline);
``import tm.cli.main`` (what ``tm --help`` loads); ``import tm.match`` (what ``tm lookup`` loads before it
reads the TM); ``import tm.match`` and reading one Chinese and one English sentence's numbers (a lookup's
first numbers: the patterns of the two languages compiled). Reported: milliseconds and the time above the
baseline. ``--against ROOT`` measures another checkout's ``tm`` too (e.g. a worktree of main, with the same
interpreter), interleaved with this one's, so that the two are compared under the same load.

    git worktree add --detach /tmp/main-tree main
    python bench/startup.py --runs 30 --against /tmp/main-tree
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

CASES = {
    "baseline (python -c pass)": "pass",
    "import tm.cli.main (tm --help)": "import tm.cli.main",
    "import tm.match (tm lookup)": "import tm.match",
    "import tm.match + read zh and en numbers": (
        "import tm.match; from tm.text.numbers import extract; "
        "extract('超过9万部作品，增长5%', 'zh'); extract('more than 90,000 titles', 'en')"
    ),
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--against", type=Path, help="another checkout of tm to measure alongside")
    args = parser.parse_args()
    roots = [Path(__file__).resolve().parent.parent] + ([args.against.resolve()] if args.against else [])
    times = {(root, name): [] for root in roots for name in CASES}
    for _ in range(args.runs):
        for root in roots:
            env = {**os.environ, "PYTHONPATH": str(root)}  # and run from root: "-c" puts it first
            for name, code in CASES.items():
                start = time.perf_counter()
                subprocess.run([sys.executable, "-c", code], env=env, cwd=root, check=True)
                times[root, name].append(time.perf_counter() - start)
    print(f"{args.runs} runs each, median wall time; load average {os.getloadavg()[0]:.1f}")
    for root in roots:
        base = statistics.median(times[root, next(iter(CASES))])
        print(f"tm from {root}")
        for name in CASES:
            median = statistics.median(times[root, name])
            print(f"  {name:<42} {median * 1000:7.1f} ms   above baseline {(median - base) * 1000:7.1f} ms")


if __name__ == "__main__":
    main()

"""CPU time of the TMX reader alone (no store), for comparing two source trees on one file.

    python bench/read_tmx.py TREE FILE.tmx      # TREE: a checkout whose tm/ is imported (e.g. . or a copy of main)

Prints the units read and the best of 3 runs in CPU seconds (other processes on a busy machine do not
count). Generate a file with bench/import.py's ``generate`` (see docs/benchmarks.md).
"""

from __future__ import annotations

import sys
import time

sys.path.insert(0, sys.argv[1])

from tm.formats.tmx_read import TmxReader  # noqa: E402

best = 1e9
units = 0
for _ in range(3):
    started = time.process_time()
    units = sum(1 for _ in TmxReader(sys.argv[2]))
    best = min(best, time.process_time() - started)
print(f"{sys.argv[1]}: {units} units, {best:.2f} s CPU, {units / best:,.0f} units/s")

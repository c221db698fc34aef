"""Run a benchmark against a throwaway PostgreSQL cluster: the one ``tests/pg_server.py`` starts (a
temporary directory, a local socket, removed afterwards), with a new database for the run.

    python bench/with_postgres.py bench/lookup.py --units 100000 --queries 1000 --baseline-sample 100 \\
        --cold 0 --backend postgresql
    python bench/with_postgres.py bench/import.py --units 100000 --backend postgresql

The script's own arguments are passed on, followed by ``--pg URL`` naming the new database.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))
import pg_server  # noqa: E402


def main(argv: list[str]) -> int:
    if not argv:
        print(__doc__, file=sys.stderr)
        return 2
    server = pg_server.start()
    try:
        server.execute("CREATE DATABASE bench")
        url = server.url("bench")
        print(f"PostgreSQL: {url}", file=sys.stderr, flush=True)
        return subprocess.run([sys.executable, *argv, "--pg", url], cwd=ROOT).returncode
    finally:
        server.stop()


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

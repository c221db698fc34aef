"""What a TM holds and how much room it takes, per table (rows, bytes with indexes), on either backend.

    python bench/sizes.py /tmp/tmbench/bench-100000-seed7.db "postgresql://tm@/bench100k?host=/tmp/pg"

SQLite: bytes from the ``dbstat`` table (pages of each table and its indexes); PostgreSQL:
``pg_total_relation_size`` (heap, TOAST and indexes). For docs/scaling.md.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tm.store import open_store  # noqa: E402

TABLES = [
    "units",
    "variants",
    "occurrences",
    "origins",
    "match_vocab",
    "match_seqs",
    "match_postings",
    "match_bits",
]


def sizes(db: str) -> dict[str, tuple[int, int]]:
    """table -> (rows, bytes with its indexes)."""
    store = open_store(db, readonly=True)
    con = store.connection
    out = {}
    for table in TABLES:
        rows = con.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
        if "://" in db:
            size = con.execute("SELECT pg_total_relation_size(%s)", (table,)).fetchone()[0]
        else:
            size = con.execute(
                "SELECT coalesce(sum(pgsize), 0) FROM dbstat WHERE name = ? OR name IN "
                "(SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = ?)",
                (table, table),
            ).fetchone()[0]
        out[table] = (rows, size)
    store.close()
    return out


def main() -> None:
    for db in sys.argv[1:]:
        found = sizes(db)
        total = sum(b for _, b in found.values())
        index = sum(b for t, (_, b) in found.items() if t.startswith("match_"))
        print(f"{db}: {total / 1e6:,.0f} MB, of which the match index {index / 1e6:,.0f} MB")
        for table, (rows, size) in found.items():
            print(f"  {table:15s} {rows:>12,} rows {size / 1e6:>9,.1f} MB")


if __name__ == "__main__":
    main()

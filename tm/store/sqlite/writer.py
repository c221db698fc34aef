"""Adding units to the SQLite store: batched upserts that merge duplicates by their key."""

from __future__ import annotations

import functools
import sqlite3

from tm.model import Unit
from tm.store import codec
from tm.store.sqlite.sql import store_error

BATCH = 2000

_INSERT = "INSERT OR IGNORE INTO units (id, key, status, context, created, changed, meta) VALUES (?, ?, ?, ?, ?, ?, ?)"
_MERGE = """
UPDATE units SET
    merges = merges + 1,
    changed = CASE WHEN ?1 > coalesce(changed, '') THEN ?1 ELSE changed END,
    created = CASE WHEN created IS NULL OR ?2 < created THEN coalesce(?2, created) ELSE created END,
    status = CASE WHEN ?3 = 'confirmed' THEN 'confirmed' ELSE status END
WHERE key = ?4
RETURNING id
"""


class SqliteUnitWriter:
    """Adds units of one origin in batches. Use inside a transaction (which makes the ids ours to give).

    Each batch is one ``executemany`` upsert with ids assigned here; the ids that did not become rows
    are the units merged into ones already held, whose ids are then looked up by key.
    """

    def __init__(self, connection: sqlite3.Connection, path: str, origin_id: int) -> None:
        self.connection = connection
        self.path = path
        self.origin_id = origin_id
        self.added = 0
        self.merged = 0
        self._pending: list[tuple[int, tuple, int]] = []
        row = connection.execute("SELECT max(id) FROM units").fetchone()
        self._next_id = (row[0] or 0) + 1

    def add(self, unit: Unit, position: int) -> None:
        """Store ``unit``, found at ``position`` of the origin (merged into an equal unit if one is held)."""
        self.add_encoded(codec.encode_unit(unit), position)

    def add_encoded(self, encoded: tuple, position: int) -> None:
        """:meth:`add` for a unit already encoded by :func:`tm.store.codec.encode_unit`."""
        self._pending.append((self._next_id, encoded, position))
        self._next_id += 1
        if len(self._pending) >= BATCH:
            self.flush()

    def flush(self) -> None:
        if not self._pending:
            return
        con = self.connection
        pending = self._pending
        try:
            con.executemany(_INSERT, [(unit_id, *encoded[:6]) for unit_id, encoded, _ in pending])
            inserted = {
                r[0]
                for r in con.execute(
                    "SELECT id FROM units WHERE id BETWEEN ? AND ?", (pending[0][0], pending[-1][0])
                )
            }
            variants: list = []
            occurrences = []
            origin_id = self.origin_id
            for unit_id, encoded, position in pending:
                if unit_id in inserted:
                    for ordinal, variant in enumerate(encoded[6]):
                        variants += (unit_id, ordinal, *variant)
                else:
                    key, status, _, created, changed = encoded[:5]
                    self.merged += 1
                    unit_id = con.execute(_MERGE, (changed, created, status, key)).fetchone()[0]
                occurrences.append((origin_id, position, unit_id))
            self.added += len(inserted)
            _insert_many(con, "variants", 6, variants)
            con.executemany("INSERT OR IGNORE INTO occurrences VALUES (?, ?, ?)", occurrences)
        except sqlite3.OperationalError as err:
            raise store_error(self.path, err) from None
        pending.clear()


_ROWS_PER_STATEMENT = 64


@functools.lru_cache(maxsize=16)
def _values_sql(table: str, width: int, rows: int) -> str:
    row = "(" + ", ".join("?" * width) + ")"
    return f"INSERT INTO {table} VALUES " + ", ".join([row] * rows)


def _insert_many(con: sqlite3.Connection, table: str, width: int, flat: list) -> None:
    """Insert rows given as one flat list of values, ``_ROWS_PER_STATEMENT`` rows per statement: a quarter
    cheaper than ``executemany`` with one row each, whose cost is mostly per statement, not per value."""
    step = width * _ROWS_PER_STATEMENT
    full = len(flat) - len(flat) % step
    if full:
        con.executemany(
            _values_sql(table, width, _ROWS_PER_STATEMENT), (flat[i : i + step] for i in range(0, full, step))
        )
    if full < len(flat):
        con.execute(_values_sql(table, width, (len(flat) - full) // width), flat[full:])

"""Adding units to the PostgreSQL store: ``COPY`` into a temporary table, then one merge into the TM's
tables per batch, under the writer lock.

The merge does what the SQLite writer does unit by unit (tm/store/sqlite/writer.py), set-wise: a key not
held yet becomes a unit with the id ``base + seq`` (``base`` is the highest id + 1 when this writer first
merges, ``seq`` the unit's number in the origin, so ids are those a serial SQLite import gives) and the
variants of its first occurrence; every further occurrence of a key merges into its unit (one more merge,
the newest change date, the oldest creation date, confirmed if any occurrence is). Each occurrence records
its position in the origin.

Staging needs no lock: while one import merges, others keep reading their files. A writer that finds the
lock taken stages on and merges at its next batch, or at :meth:`PgUnitWriter.flush` (waiting there).
"""

from __future__ import annotations

import psycopg

from tm.model import Unit
from tm.store import codec
from tm.store.postgres.sql import Locking, store_error

BATCH = 20_000  # units staged between merge attempts

_STAGE = """
CREATE TEMP TABLE IF NOT EXISTS tm_stage (
    seq bigint NOT NULL, key bytea NOT NULL, status text COLLATE "C" NOT NULL, context text,
    created text COLLATE "C", changed text COLLATE "C", meta text, position bigint NOT NULL,
    langs text[] NOT NULL, texts text[] NOT NULL, codeds text[] NOT NULL, metas text[] NOT NULL
) ON COMMIT DROP
"""
_COLUMNS = "seq, key, status, context, created, changed, meta, position, langs, texts, codeds, metas"

# new units: the first occurrence of each key the TM does not hold, and its variants
_ADD = """
WITH new AS (
    INSERT INTO units (id, key, status, context, created, changed, merges, meta)
    SELECT DISTINCT ON (s.key) %(base)s + s.seq, s.key, s.status, s.context, s.created, s.changed, 0, s.meta
    FROM tm_stage s WHERE NOT EXISTS (SELECT 1 FROM units u WHERE u.key = s.key)
    ORDER BY s.key, s.seq
    RETURNING id
), variants_added AS (
    INSERT INTO variants (unit_id, ord, lang, text, coded, meta)
    SELECT new.id, v.n - 1, v.lang, v.text, v.coded, v.meta
    FROM new JOIN tm_stage s ON s.seq = new.id - %(base)s,
    unnest(s.langs, s.texts, s.codeds, s.metas) WITH ORDINALITY AS v(lang, text, coded, meta, n)
)
SELECT count(*) FROM new
"""
# every other occurrence merges into the unit of its key
_MERGE = """
UPDATE units u SET
    merges = u.merges + a.n,
    changed = greatest(u.changed, a.changed),
    created = least(u.created, a.created),
    status = CASE WHEN a.confirmed THEN 'confirmed' ELSE u.status END
FROM (
    SELECT s.key, count(*) AS n, max(s.changed) AS changed, min(s.created) AS created,
           bool_or(s.status = 'confirmed') AS confirmed
    FROM tm_stage s WHERE NOT EXISTS (SELECT 1 FROM units x WHERE x.id = %(base)s + s.seq AND x.key = s.key)
    GROUP BY s.key
) a
WHERE u.key = a.key
"""
_OCCUR = """
INSERT INTO occurrences (origin_id, position, unit_id)
SELECT %(origin)s, s.position, u.id FROM tm_stage s JOIN units u ON u.key = s.key
ON CONFLICT DO NOTHING
"""


class PgUnitWriter:
    """Adds the units of one origin; use inside the store's transaction."""

    def __init__(self, store: Locking, origin_id: int) -> None:
        self.store = store
        self.con = store.connection
        self.origin_id = origin_id
        self.added = 0
        self.merged = 0
        self._rows: list[tuple] = []
        self._seq = 0
        self._staged = 0
        self._base: int | None = None
        try:
            self.con.execute(_STAGE)
            self.con.execute("TRUNCATE tm_stage")
        except psycopg.Error as err:
            raise store_error(store.path, err) from None

    def add(self, unit: Unit, position: int) -> None:
        """Store ``unit``, found at ``position`` of the origin (merged into an equal unit if one is held)."""
        self.add_encoded(codec.encode_unit(unit), position)

    def add_encoded(self, encoded: tuple, position: int) -> None:
        """:meth:`add` for a unit already encoded by :func:`tm.store.codec.encode_unit`."""
        key, status, context, created, changed, meta, variants = encoded
        self._rows.append(
            (
                self._seq,
                key,
                status,
                context,
                created,
                changed,
                meta,
                position,
                [v[0] for v in variants],
                [v[1] for v in variants],
                [v[2] for v in variants],
                [v[3] for v in variants],
            )
        )
        self._seq += 1
        if len(self._rows) >= BATCH:
            self._stage()
            if self.store.lock(wait=False):
                self._merge()

    def flush(self) -> None:
        self._stage()
        if self._staged:
            self.store.lock(wait=True)
            self._merge()

    def _stage(self) -> None:
        if not self._rows:
            return
        try:
            with self.con.cursor().copy(f"COPY tm_stage ({_COLUMNS}) FROM STDIN") as copy:
                for row in self._rows:
                    copy.write_row(row)
        except psycopg.Error as err:
            raise store_error(self.store.path, err) from None
        self._staged += len(self._rows)
        self._rows.clear()

    def _merge(self) -> None:
        """Merge what is staged into the TM (holding the writer lock)."""
        con = self.con
        try:
            if self._base is None:
                self.origin_id = self.store.origin_id(self.origin_id)
                self._base = con.execute("SELECT coalesce(max(id), 0) + 1 FROM units").fetchone()[0]
            args = {"base": self._base, "origin": self.origin_id}
            added = con.execute(_ADD, args).fetchone()[0]
            con.execute(_MERGE, args)
            con.execute(_OCCUR, args)
            con.execute("TRUNCATE tm_stage")
        except psycopg.Error as err:
            raise store_error(self.store.path, err) from None
        self.added += added
        self.merged += self._staged - added
        self._staged = 0

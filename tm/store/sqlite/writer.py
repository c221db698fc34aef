"""Adding units to the SQLite store: batched upserts that merge duplicates by their key, and the units of
reviewed drafts, which may update the unit their fill came from (tm.store.revision)."""

from __future__ import annotations

import functools
import sqlite3
from collections.abc import Callable
from datetime import datetime, timezone

from tm.model import Unit
from tm.store import codec
from tm.store.revision import ADD, MERGE, Decision, decide
from tm.store.sqlite.sql import store_error

BATCH = 2000

_INSERT = "INSERT OR IGNORE INTO units (id, key, status, context, created, changed, meta) VALUES (?, ?, ?, ?, ?, ?, ?)"
_MERGE = """
UPDATE units SET
    merges = merges + 1,
    changed = CASE WHEN ?1 > coalesce(changed, '') THEN ?1 ELSE changed END,
    created = CASE WHEN created IS NULL OR ?2 < created THEN coalesce(?2, created) ELSE created END,
    status = CASE WHEN ?3 = 'confirmed' THEN 'confirmed' ELSE status END
WHERE {where}
RETURNING id
"""
_MERGE_BY_KEY = _MERGE.format(where="key = ?4")
_MERGE_BY_ID = _MERGE.format(where="id = ?4")


class SqliteUnitWriter:
    """Adds units of one origin in batches. Use inside a transaction (which makes the ids ours to give).

    Each batch is one ``executemany`` upsert with ids assigned here; the ids that did not become rows
    are the units merged into ones already held, whose ids are then looked up by key. A reviewed draft's
    segment that names the unit its fill came from is decided at once (:func:`tm.store.revision.decide`):
    merged into that unit, revised (the unit filed under a new id with the reviewed target, its old target
    in ``unit_history``), or added as any unit.
    """

    def __init__(
        self,
        connection: sqlite3.Connection,
        path: str,
        origin_id: int,
        find: Callable[[int], Unit | None] | None = None,
    ) -> None:
        self.connection = connection
        self.path = path
        self.origin_id = origin_id
        self.added = 0
        self.merged = 0
        self.revised = 0
        self._find = find or (lambda unit_id: None)
        self._pending: list[tuple[int, tuple, int]] = []
        self._next_id = _top_id(connection) + 1
        # this import's places are a generation of their own (see flush)
        self.generation = (
            connection.execute(
                "SELECT coalesce(max(generation), 0) FROM occurrences WHERE origin_id = ?", (origin_id,)
            ).fetchone()[0]
            + 1
        )

    def add(self, unit: Unit, position: int) -> None:
        """Store ``unit``, found at ``position`` of the origin (merged into an equal unit if one is held)."""
        self.add_encoded(codec.encode_unit(unit), position)

    def add_encoded(self, encoded: tuple, position: int) -> None:
        """:meth:`add` for a unit already encoded by :func:`tm.store.codec.encode_unit`."""
        if len(encoded) > 7 and encoded[7] is not None:
            self._write()  # the unit it names may have been added or revised by this import
            try:
                if self._reviewed(encoded, position):
                    return
            except sqlite3.OperationalError as err:
                raise store_error(self.path, err) from None
        self._pending.append((self._next_id, encoded, position))
        self._next_id += 1
        if len(self._pending) >= BATCH:
            self._write()

    def _reviewed(self, encoded: tuple, position: int) -> bool:
        """Merge or revise the unit a reviewed segment's fill came from; False: add it as any unit."""
        decision = decide(self._find(encoded[7][0]), encoded)
        if decision.action == ADD:
            return False
        con = self.connection
        current = decision.unit
        if decision.action == MERGE:
            con.execute(_MERGE_BY_ID, (encoded[4], encoded[3], encoded[1], current.id))
            self._occur([(position, current.id)])
            self.merged += 1
            return True
        return self._revise(decision, position)

    def _revise(self, decision: Decision, position: int) -> bool:
        """File the unit of a :data:`REVISE` decision under a new id with the reviewed target (or merge it
        into the unit that already holds the reviewed pair), its old target into ``unit_history``."""
        con = self.connection
        current, revised, old = decision.unit, decision.revised, decision.old
        if current is None or revised is None or old is None:
            return False
        now = datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
        status, changed = con.execute(
            "SELECT status, changed FROM units WHERE id = ?", (current.id,)
        ).fetchone()
        key = codec.unit_key(revised)
        other = con.execute("SELECT id FROM units WHERE key = ?", (key,)).fetchone()
        if other is not None:  # the reviewed pair is a unit already: the two become that one
            target = other[0]
            con.execute(_MERGE_BY_ID, (now, None, "confirmed", target))
        else:  # filed under a new id, so that the match index (which only ever adds) sees its new text
            target = self._next_id
            self._next_id += 1
            con.executemany(_PAIR, [(k, target) for k in codec.pair_keys(revised)])
            con.execute(
                "INSERT INTO units (id, key, status, context, created, changed, merges, meta) "
                "SELECT ?, ?, 'confirmed', context, created, ?, merges + 1, meta FROM units WHERE id = ?",
                (target, key, now, current.id),
            )
            con.executemany(
                "INSERT INTO variants VALUES (?, ?, ?, ?, ?, ?)",
                [
                    (target, ordinal, v.lang, v.text, v.coded, codec.variant_meta(v))
                    for ordinal, v in enumerate(revised.variants)
                ],
            )
        con.execute("UPDATE unit_history SET unit_id = ? WHERE unit_id = ?", (target, current.id))
        con.execute(
            "INSERT INTO unit_history (unit_id, former_id, lang, text, coded, meta, status, changed, revised, "
            "origin_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                target,
                current.id,
                old.lang,
                old.text,
                old.coded,
                codec.variant_meta(old),
                status,
                changed,
                now,
                self.origin_id,
            ),
        )
        con.execute("UPDATE OR IGNORE occurrences SET unit_id = ? WHERE unit_id = ?", (target, current.id))
        con.execute("DELETE FROM occurrences WHERE unit_id = ?", (current.id,))
        self._occur([(position, target)])
        con.execute("DELETE FROM variants WHERE unit_id = ?", (current.id,))
        con.execute("DELETE FROM unit_pairs WHERE unit_id = ?", (current.id,))
        con.execute("DELETE FROM units WHERE id = ?", (current.id,))
        con.execute(_MARK_REMOVED, (current.id,))
        self.revised += 1
        return True

    def _occur(self, places: list[tuple[int, int]]) -> None:
        """Record (position, unit id) places of this writer's origin and generation."""
        self.connection.executemany(
            "INSERT OR IGNORE INTO occurrences (origin_id, generation, position, unit_id) VALUES (?, ?, ?, ?)",
            [(self.origin_id, self.generation, position, unit_id) for position, unit_id in places],
        )

    def flush(self) -> None:
        """Write what is pending, then drop the origin's earlier imports whose every place (position and
        unit) this one holds too: the same file imported again, or a file that only grew, leaves one set
        of places; a changed file keeps each import's own."""
        self._write()
        try:
            self._drop_contained()
        except sqlite3.OperationalError as err:
            raise store_error(self.path, err) from None

    def _drop_contained(self) -> None:
        con, origin, generation = self.connection, self.origin_id, self.generation
        if not con.execute(
            "SELECT 1 FROM occurrences WHERE origin_id = ? AND generation = ? LIMIT 1", (origin, generation)
        ).fetchone():
            return
        earlier = [
            r[0]
            for r in con.execute(
                "SELECT DISTINCT generation FROM occurrences WHERE origin_id = ? AND generation < ?",
                (origin, generation),
            ).fetchall()
        ]
        for old in earlier:
            missing = con.execute(
                "SELECT 1 FROM occurrences o WHERE o.origin_id = ?1 AND o.generation = ?2 AND NOT EXISTS "
                "(SELECT 1 FROM occurrences n WHERE n.origin_id = ?1 AND n.generation = ?3 "
                "AND n.position = o.position AND n.unit_id = o.unit_id) LIMIT 1",
                (origin, old, generation),
            ).fetchone()
            if missing is None:
                con.execute("DELETE FROM occurrences WHERE origin_id = ? AND generation = ?", (origin, old))

    def _write(self) -> None:
        if not self._pending:
            return
        con = self.connection
        pending = self._pending
        try:
            _into_held_pairs(con, pending)
            con.executemany(_INSERT, [(unit_id, *encoded[:6]) for unit_id, encoded, _ in pending])
            inserted = {
                r[0]
                for r in con.execute(
                    "SELECT id FROM units WHERE id BETWEEN ? AND ?", (pending[0][0], pending[-1][0])
                )
            }
            variants: list = []
            occurrences = []
            for unit_id, encoded, position in pending:
                if unit_id in inserted:
                    for ordinal, variant in enumerate(encoded[6]):
                        variants += (unit_id, ordinal, *variant)
                else:
                    key, status, _, created, changed = encoded[:5]
                    self.merged += 1
                    unit_id = con.execute(_MERGE_BY_KEY, (changed, created, status, key)).fetchone()[0]
                occurrences.append((position, unit_id))
            self.added += len(inserted)
            _insert_many(con, "variants", 6, variants)
            con.executemany(
                _PAIR,
                [(k, i) for i, encoded, _ in pending if i in inserted for k in codec.pairs_of(encoded)],
            )
            self._occur(occurrences)
        except sqlite3.OperationalError as err:
            raise store_error(self.path, err) from None
        pending.clear()


def _top_id(con: sqlite3.Connection) -> int:
    """The highest unit id the TM holds or removed: new ids go above it, so that no id is given twice (a
    review that merges a unit into another removes its id, which may be the highest and lie at or below an
    index watermark: a unit given it again would never be indexed)."""
    return con.execute(
        "SELECT max(coalesce((SELECT max(id) FROM units), 0), "
        "coalesce((SELECT top FROM id_marks WHERE name = 'units'), 0))"
    ).fetchone()[0]


# a unit id removed (see _top_id)
_MARK_REMOVED = "INSERT INTO id_marks (name, top) VALUES ('units', ?) ON CONFLICT (name) DO UPDATE SET top = max(top, excluded.top)"


_PAIR = "INSERT OR IGNORE INTO unit_pairs (key, unit_id) VALUES (?, ?)"
# the key of each held unit of three or more languages that holds a bilingual unit's pair of texts (a
# unit holding it as it is comes first: that one is merged into by its own key)
_HELD_PAIRS = """
SELECT p.key, u.key FROM unit_pairs p JOIN units u ON u.id = p.unit_id
WHERE p.key IN ({marks}) AND NOT EXISTS (SELECT 1 FROM units x WHERE x.key = p.key)
"""


def _into_held_pairs(con: sqlite3.Connection, pending: list[tuple[int, tuple, int]]) -> None:
    """Give each pending bilingual unit whose texts a held unit of more languages holds that unit's key,
    so that it merges into it (a PO entry into the TMX unit it was made from; tm.store.codec.pair_keys)."""
    keys = list({encoded[0] for _, encoded, _ in pending if codec.paired(encoded)})
    found: dict[bytes, bytes] = {}
    for start in range(0, len(keys), 500):
        part = keys[start : start + 500]
        found.update(con.execute(_HELD_PAIRS.format(marks=",".join("?" * len(part))), part))
    if found:
        pending[:] = [(i, codec.rekeyed(encoded, found), position) for i, encoded, position in pending]


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

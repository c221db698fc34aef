"""Adding units to the PostgreSQL store: ``COPY`` into a temporary table, then one merge into the TM's
tables per batch, under the writer lock.

The merge does what the SQLite writer does unit by unit (tm/store/sqlite/writer.py), set-wise: a key not
held yet becomes a unit with the id ``base + seq`` (``base`` is 1 + the highest id held or removed when
this writer first merges, ``seq`` the unit's number in the origin, so ids are those a serial SQLite import
gives) and the variants of its first occurrence; every further occurrence of a key merges into its unit (one more merge,
the newest change date, the oldest creation date, confirmed if any occurrence is). Each occurrence records
its position in the origin, in this import's generation of the origin's places.

Staging needs no lock: while one import merges, others keep reading their files. A writer that finds the
lock taken stages on and merges at its next batch, or at :meth:`PgUnitWriter.flush` (waiting there).
Holding the lock, a writer does not stage at all: it asks which of a batch's keys the TM holds, merges
the batch's duplicates itself and ``COPY``s the new units, their variants straight into the TM's tables
(binary), and updates the units it merged into, as the set-wise merge would.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from datetime import datetime, timezone

import psycopg

from tm.model import Unit
from tm.store import codec
from tm.store.postgres.sql import Locking, store_error
from tm.store.revision import ADD, MERGE, decide

BATCH = 20_000  # units staged between merge attempts

_STAGE = """
CREATE TEMP TABLE IF NOT EXISTS tm_stage (
    seq bigint NOT NULL, key bytea NOT NULL, status text COLLATE "C" NOT NULL, context text,
    created text COLLATE "C", changed text COLLATE "C", meta text, position bigint NOT NULL,
    langs text[] NOT NULL, texts text[] NOT NULL, codeds text[] NOT NULL, metas text[] NOT NULL,
    pairs bytea[] NOT NULL
) ON COMMIT DROP
"""
_COLUMNS = "seq, key, status, context, created, changed, meta, position, langs, texts, codeds, metas, pairs"

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
# the pair keys of the units just added (tm.store.codec.pair_keys)
_PAIRS_ADDED = """
INSERT INTO unit_pairs (key, unit_id)
SELECT p.key, u.id FROM tm_stage s JOIN units u ON u.id = %(base)s + s.seq AND u.key = s.key,
unnest(s.pairs) AS p(key)
ON CONFLICT DO NOTHING
"""
_PAIRS = "INSERT INTO unit_pairs (key, unit_id) SELECT * FROM unnest(%b::bytea[], %b::bigint[]) ON CONFLICT DO NOTHING"
# the key of each held unit of three or more languages that holds a bilingual unit's pair of texts (a
# unit holding it as it is comes first: that one is merged into by its own key)
_HELD_PAIRS = """
SELECT p.key, u.key FROM unit_pairs p JOIN units u ON u.id = p.unit_id
WHERE p.key = ANY(%b) AND NOT EXISTS (SELECT 1 FROM units x WHERE x.key = p.key)
"""
# the staged bilingual units whose texts a held unit of more languages holds take that unit's key
_STAGED_INTO_HELD_PAIRS = """
UPDATE tm_stage s SET key = u.key
FROM unit_pairs p JOIN units u ON u.id = p.unit_id
WHERE cardinality(s.langs) = 2 AND p.key = s.key AND NOT EXISTS (SELECT 1 FROM units x WHERE x.key = s.key)
"""
_OCCUR = """
INSERT INTO occurrences (origin_id, generation, position, unit_id)
SELECT %(origin)s, %(generation)s, s.position, u.id FROM tm_stage s JOIN units u ON u.key = s.key
ON CONFLICT DO NOTHING
"""


# merges into units the TM held before the batch: (key, occurrences, newest change, oldest creation, any
# confirmed) as arrays
_MERGE_HELD = """
UPDATE units u SET
    merges = u.merges + a.n,
    changed = greatest(u.changed, a.changed),
    created = least(u.created, a.created),
    status = CASE WHEN a.confirmed THEN 'confirmed' ELSE u.status END
FROM unnest(%b::bytea[], %b::int[], %b::text[], %b::text[], %b::bool[]) AS a(key, n, changed, created, confirmed)
WHERE u.key = a.key
"""
_OCCUR_ROWS = """
INSERT INTO occurrences (origin_id, generation, position, unit_id)
SELECT %s, %s, p, u FROM unnest(%b::bigint[], %b::bigint[]) AS o(p, u)
ON CONFLICT DO NOTHING
"""


# one more occurrence merged into a unit by id: (change date, creation date, confirmed, id)
_MERGE_BY_ID = """
UPDATE units SET
    merges = merges + 1,
    changed = greatest(changed, %s),
    created = least(created, %s),
    status = CASE WHEN %s THEN 'confirmed' ELSE status END
WHERE id = %s
"""
_OCCUR_ONE = (
    "INSERT INTO occurrences (origin_id, generation, position, unit_id) VALUES (%s, %s, %s, %s) "
    "ON CONFLICT DO NOTHING"
)
# an earlier import of the origin whose every place (position and unit) this one holds too is dropped (as
# the SQLite writer does): (origin, this generation) twice
_DROP_CONTAINED = """
DELETE FROM occurrences o USING (
    SELECT g.generation FROM (
        SELECT DISTINCT generation FROM occurrences WHERE origin_id = %(origin)s AND generation < %(generation)s
    ) g
    WHERE EXISTS (SELECT 1 FROM occurrences WHERE origin_id = %(origin)s AND generation = %(generation)s)
    AND NOT EXISTS (
        SELECT 1 FROM occurrences e WHERE e.origin_id = %(origin)s AND e.generation = g.generation
        AND NOT EXISTS (
            SELECT 1 FROM occurrences n WHERE n.origin_id = %(origin)s AND n.generation = %(generation)s
            AND n.position = e.position AND n.unit_id = e.unit_id
        )
    )
) c
WHERE o.origin_id = %(origin)s AND o.generation = c.generation
"""
# a unit id removed (writers give ids above every id held or removed: none is given twice)
_MARK_REMOVED = (
    "INSERT INTO id_marks (name, top) VALUES ('units', %s) "
    "ON CONFLICT (name) DO UPDATE SET top = greatest(id_marks.top, excluded.top)"
)


def _newest(a: str | None, b: str | None) -> str | None:
    return b if a is None or (b is not None and b > a) else a


def _oldest(a: str | None, b: str | None) -> str | None:
    return b if a is None or (b is not None and b < a) else a


class PgUnitWriter:
    """Adds the units of one origin; use inside the store's transaction."""

    def __init__(
        self,
        store: Locking,
        origin_id: int,
        find: Callable[[int], Unit | None] | None = None,
        feed: Callable[[Sequence[tuple[int, int, str, str]]], None] | None = None,
    ) -> None:
        self.store = store
        # told (unit id, ordinal, language, content) of the variants written straight in, holding the
        # lock: the index (tm.store.follow; it reads back what it was not told: merged staging, revisions)
        self.feed = feed
        self.con = store.connection
        self.origin_id = origin_id
        self.added = 0
        self.merged = 0
        self.revised = 0
        self._find = find or (lambda unit_id: None)
        self._rows: list[tuple] = []
        self._seq = 0
        self._staged = 0
        self._base: int | None = None
        self._generation = 0  # this import's places (see _start)
        self._fresh = False
        self._behind: threading.Thread | None = None  # the batch being written behind (_write_behind)
        self._failed: BaseException | None = None
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
        if len(encoded) > 7 and encoded[7] is not None:  # a reviewed draft's segment
            self.flush()  # the unit it names may have been added or revised by this import
            try:
                self.store.lock(wait=True)
                if self._reviewed(encoded, position):
                    return
            except psycopg.Error as err:
                raise store_error(self.store.path, err) from None
        self._rows.append((self._seq, position, encoded))
        self._seq += 1
        if len(self._rows) >= BATCH:
            if self._staged or not self.store.lock(wait=False):
                self._stage()
                if self.store.lock(wait=False):
                    self._merge()
            else:
                self._write_behind()

    def flush(self) -> None:
        """Write what is held, then drop the origin's earlier imports whose every place this one holds
        too (the same file imported again, or one that only grew)."""
        self.settle()
        if self._staged:
            self._stage()
        if self._rows or self._staged:
            self.store.lock(wait=True)
        if self._staged:
            self._merge()
        if self._rows:
            self._write(self._rows)
            self._rows = []
        if self._base is not None:
            try:
                self.con.execute(_DROP_CONTAINED, self._start())
            except psycopg.Error as err:
                raise store_error(self.store.path, err) from None

    def _write_behind(self) -> None:
        """Write the batch held (holding the writer lock) in a thread of its own, while the import reads
        and encodes the next batch: the server's work on one batch overlaps the import's on the next (the
        thread waits on the server with the GIL released). One batch at a time, in order: the next waits
        for this one (:meth:`settle`), and so does anything else that uses the connection, the
        transaction's end included (``PgStore.transaction``)."""
        self.settle()
        rows, self._rows = self._rows, []
        self._behind = threading.Thread(target=self._write_caught, args=(rows,), name="tm-pg-write")
        if self not in self.store.behind:
            self.store.behind.append(self)
        self._behind.start()

    def _write_caught(self, rows: list[tuple]) -> None:
        try:
            self._write(rows)
        except BaseException as err:  # noqa: BLE001 - raised in the importing thread by settle()
            self._failed = err

    def settle(self) -> None:
        """Wait for the batch being written behind, and raise its error."""
        if self._behind is not None:
            self._behind.join()
            self._behind = None
        if self._failed is not None:
            failed, self._failed = self._failed, None
            raise failed

    def _into_held_pairs(self, rows: list[tuple]) -> None:
        """Give each bilingual unit of the batch whose texts a held unit of more languages holds that unit's
        key, so that it merges into it (a PO entry into the TMX unit it was made from)."""
        keys = list({encoded[0] for _, _, encoded in rows if codec.paired(encoded)})
        if not keys:
            return
        found = dict(self.con.execute(_HELD_PAIRS, (keys,)).fetchall())
        if found:
            rows[:] = [(seq, pos, codec.rekeyed(encoded, found)) for seq, pos, encoded in rows]

    def _stage(self) -> None:
        self.settle()
        if not self._rows:
            return
        try:
            with self.con.cursor().copy(f"COPY tm_stage ({_COLUMNS}) FROM STDIN") as copy:
                for seq, position, encoded in self._rows:
                    key, status, context, created, changed, meta, variants = encoded[:7]
                    copy.write_row(
                        (
                            seq,
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
                            list(codec.pairs_of(encoded)),
                        )
                    )
        except psycopg.Error as err:
            raise store_error(self.store.path, err) from None
        self._staged += len(self._rows)
        self._rows.clear()

    def _start(self) -> dict[str, int]:
        """The origin's real id, this import's generation of its places and the base of this writer's unit
        ids (above every id held or removed), at its first merge, locked."""
        if self._base is None:
            self.origin_id = self.store.origin_id(self.origin_id)
            self._base = self.con.execute(
                "SELECT greatest((SELECT coalesce(max(id), 0) FROM units), "
                "(SELECT coalesce(max(top), 0) FROM id_marks WHERE name = 'units')) + 1"
            ).fetchone()[0]
            self._generation = self.con.execute(
                "SELECT coalesce(max(generation), 0) + 1 FROM occurrences WHERE origin_id = %s",
                (self.origin_id,),
            ).fetchone()[0]
            # a new generation has no occurrences to collide with: they can be copied in
            self._fresh = not self.con.execute(
                "SELECT EXISTS (SELECT 1 FROM occurrences WHERE origin_id = %s AND generation = %s)",
                (self.origin_id, self._generation),
            ).fetchone()[0]
        return {"base": self._base, "origin": self.origin_id, "generation": self._generation}

    def _write(self, rows: list[tuple]) -> None:
        """Write a batch straight into the TM (holding the writer lock)."""
        con = self.con
        try:
            base = self._start()["base"]
            self._into_held_pairs(rows)
            keys = list({encoded[0] for _, _, encoded in rows})
            held = dict(con.execute("SELECT key, id FROM units WHERE key = ANY(%b)", (keys,)).fetchall())
            new: dict[bytes, list] = {}  # key -> the unit row being added (merged into by later rows)
            merges: dict[bytes, list] = {}  # key -> [occurrences, newest change, oldest creation, confirmed]
            places = []
            for seq, position, encoded in rows:
                key, status, context, created, changed, meta = encoded[:6]
                unit_id = held.get(key)
                if unit_id is None:
                    unit = new.get(key)
                    if unit is None:
                        unit_id = base + seq
                        new[key] = [unit_id, key, status, context, created, changed, 0, meta, seq]
                    else:
                        unit_id = unit[0]
                        unit[6] += 1
                        unit[5] = _newest(unit[5], changed)
                        unit[4] = _oldest(unit[4], created)
                        if status == "confirmed":
                            unit[2] = "confirmed"
                else:
                    m = merges.setdefault(key, [0, None, None, False])
                    m[0] += 1
                    m[1] = _newest(m[1], changed)
                    m[2] = _oldest(m[2], created)
                    m[3] = m[3] or status == "confirmed"
                places.append((position, unit_id))
            firsts = {unit[8] for unit in new.values()}
            fed: list[tuple[int, int, str, str]] = []
            with self.con.cursor(binary=True).copy(
                "COPY units (id, key, status, context, created, changed, merges, meta) FROM STDIN (FORMAT BINARY)"
            ) as copy:
                copy.set_types(["int8", "bytea", "text", "text", "text", "text", "int4", "text"])
                for unit in sorted(new.values()):
                    copy.write_row(unit[:8])
            with self.con.cursor(binary=True).copy(
                "COPY variants (unit_id, ord, lang, text, coded, meta) FROM STDIN (FORMAT BINARY)"
            ) as copy:
                copy.set_types(["int8", "int4", "text", "text", "text", "text"])
                for seq, _, encoded in rows:
                    if seq in firsts:
                        for ordinal, (lang, text, coded, vmeta) in enumerate(encoded[6]):
                            copy.write_row((base + seq, ordinal, lang, text, coded, vmeta))
                            if self.feed is not None:
                                fed.append((base + seq, ordinal, lang, text if coded is None else coded))
            pairs = [
                (k, base + seq) for seq, _, encoded in rows if seq in firsts for k in codec.pairs_of(encoded)
            ]
            if pairs:
                con.execute(_PAIRS, ([k for k, _ in pairs], [i for _, i in pairs]))
            if merges:
                con.execute(
                    _MERGE_HELD,
                    (
                        list(merges),
                        [m[0] for m in merges.values()],
                        [m[1] for m in merges.values()],
                        [m[2] for m in merges.values()],
                        [m[3] for m in merges.values()],
                    ),
                )
            if self._fresh:
                with self.con.cursor(binary=True).copy(
                    "COPY occurrences (origin_id, generation, position, unit_id) FROM STDIN (FORMAT BINARY)"
                ) as copy:
                    copy.set_types(["int8", "int8", "int8", "int8"])
                    for position, unit_id in places:
                        copy.write_row((self.origin_id, self._generation, position, unit_id))
            else:
                con.execute(
                    _OCCUR_ROWS,
                    (self.origin_id, self._generation, [p for p, _ in places], [u for _, u in places]),
                )
            if fed and self.feed is not None:
                self.feed(fed)
        except psycopg.Error as err:
            raise store_error(self.store.path, err) from None
        self.added += len(new)
        self.store.grown += len(new)
        self.merged += len(rows) - len(new)
        rows.clear()

    def _reviewed(self, encoded: tuple, position: int) -> bool:
        """Merge or revise the unit a reviewed segment's fill came from (as the SQLite writer does, holding
        the writer lock); False: add it as any unit."""
        decision = decide(self._find(encoded[7][0]), encoded)
        if decision.action == ADD:
            return False
        origin, generation = self._start()["origin"], self._generation
        con, current = self.con, decision.unit
        if decision.action == MERGE:
            con.execute(_MERGE_BY_ID, (encoded[4], encoded[3], encoded[1] == "confirmed", current.id))
            con.execute(_OCCUR_ONE, (origin, generation, position, current.id))
            self.merged += 1
            return True
        revised, old = decision.revised, decision.old
        if current is None or revised is None or old is None:
            return False
        now = datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
        status, changed = con.execute(
            "SELECT status, changed FROM units WHERE id = %s", (current.id,)
        ).fetchone()
        key = codec.unit_key(revised)
        other = con.execute("SELECT id FROM units WHERE key = %s", (key,)).fetchone()
        if other is not None:  # the reviewed pair is a unit already: the two become that one
            target = other[0]
            con.execute(_MERGE_BY_ID, (now, None, True, target))
        else:  # filed under a new id, so that the match index (which only ever adds) sees its new text
            target = self._base + self._seq
            self._seq += 1
            keys = codec.pair_keys(revised)
            con.execute(_PAIRS, (list(keys), [target] * len(keys)))
            con.execute(
                "INSERT INTO units (id, key, status, context, created, changed, merges, meta) "
                "SELECT %s, %s, 'confirmed', context, created, %s, merges + 1, meta FROM units WHERE id = %s",
                (target, key, now, current.id),
            )
            con.cursor().executemany(
                "INSERT INTO variants VALUES (%s, %s, %s, %s, %s, %s)",
                [
                    (target, ordinal, v.lang, v.text, v.coded, codec.variant_meta(v))
                    for ordinal, v in enumerate(revised.variants)
                ],
            )
        con.execute("UPDATE unit_history SET unit_id = %s WHERE unit_id = %s", (target, current.id))
        con.execute(
            "INSERT INTO unit_history (id, unit_id, former_id, lang, text, coded, meta, status, changed, "
            "revised, origin_id) SELECT coalesce(max(id), 0) + 1, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s "
            "FROM unit_history",
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
                origin,
            ),
        )
        # the unit's places move to its new id (a place the new id holds already stays once)
        con.execute(
            "INSERT INTO occurrences (origin_id, generation, position, unit_id) "
            "SELECT origin_id, generation, position, %s FROM occurrences WHERE unit_id = %s ON CONFLICT DO NOTHING",
            (target, current.id),
        )
        con.execute("DELETE FROM occurrences WHERE unit_id = %s", (current.id,))
        con.execute(_OCCUR_ONE, (origin, generation, position, target))
        con.execute("DELETE FROM variants WHERE unit_id = %s", (current.id,))
        con.execute("DELETE FROM unit_pairs WHERE unit_id = %s", (current.id,))
        con.execute("DELETE FROM units WHERE id = %s", (current.id,))
        con.execute(_MARK_REMOVED, (current.id,))
        self.revised += 1
        return True

    def _merge(self) -> None:
        """Merge what is staged into the TM (holding the writer lock)."""
        con = self.con
        try:
            args = self._start()
            con.execute(_STAGED_INTO_HELD_PAIRS)
            added = con.execute(_ADD, args).fetchone()[0]
            con.execute(_PAIRS_ADDED, args)
            con.execute(_MERGE, args)
            con.execute(_OCCUR, args)
            con.execute("TRUNCATE tm_stage")
        except psycopg.Error as err:
            raise store_error(self.store.path, err) from None
        self.added += added
        self.merged += self._staged - added
        self._staged = 0

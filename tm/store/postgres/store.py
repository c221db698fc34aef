"""A TM in a PostgreSQL database that a team shares: many ``tm import`` processes at once, lookups beside
them. Implements :class:`tm.store.protocol.Store`.

Concurrency: every write to the TM's tables (an import's merge, a catch-up of the index, a migration) runs
under one transaction-level advisory lock (:meth:`PgStore.lock`), held until its transaction commits. An
import reads and stages its files without it (``COPY`` into a temporary table) and merges them under it,
so imports overlap but merge one at a time, exactly as serial imports would: unit ids grow in commit
order, which is what lets the index's watermark mean "every unit up to here". Reads outside a transaction
see each statement's committed state; :meth:`PgStore.snapshot` holds one state for several reads (a
lookup), so that a lookup sees each import whole or not at all.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterable, Iterator, Sequence

import psycopg

from tm import signals
from tm.errors import StoreError
from tm.model import Header, TmStats, Unit, Variant
from tm.store import codec, location
from tm.store import rows as rows_
from tm.store.base import StoreBase, origin_values
from tm.store.postgres.index import PgIndex
from tm.store.postgres.schema import MIGRATIONS
from tm.store.postgres.sql import LOCK_KEY, connect, store_error
from tm.store.postgres.terms import PgTermbase
from tm.store.postgres.writer import PgUnitWriter
from tm.store.protocol import EDGE, UnitFilter, UnitInfo, code_list

PAGE = 5000  # rows per read when streaming the whole TM
ANALYZE_FROM = 10_000  # rows a transaction adds from which it refreshes the planner's statistics
_ANALYZED = ("units", "variants", "occurrences", "unit_pairs", "match_vocab", "match_seqs", "match_postings")
# the origins of unit ``u``
_ORIGINS_OF = "SELECT origin_id FROM occurrences WHERE unit_id = u.id"
# the origin of a unit's latest revision by a reviewed draft (shown first: its target came from there)
_REVISED_BY = "SELECT h.origin_id FROM unit_history h WHERE h.unit_id = u.id ORDER BY h.id DESC LIMIT 1"
# (unit id, newest date, status, origin names by id, first import) of units: their UnitInfo
_PAIRS = (
    "SELECT unit_id, lang, text, coded, meta FROM variants WHERE lang = ANY(%s) AND unit_id = ANY(%s) "
    "ORDER BY unit_id, ord"
)
_INFO = (
    "SELECT u.id, u.changed, u.status, "
    f"ARRAY(SELECT p.name FROM origins p WHERE p.id IN ({_ORIGINS_OF}) ORDER BY p.id = ({_REVISED_BY}) "
    "DESC NULLS LAST, p.id), "
    f"(SELECT min(p.imported) FROM origins p WHERE p.id IN ({_ORIGINS_OF})) "
    "FROM units u WHERE u.id = ANY(%s)"
)


def _unit_info(row: tuple) -> UnitInfo:
    _, changed, status, names, imported = row
    names = tuple(dict.fromkeys(names))
    return UnitInfo(changed, names[0] if names else None, names, status, imported)


class PgStore(StoreBase):
    """A TM in the PostgreSQL database ``url`` (``postgresql://user@host/dbname``); ``path`` is the URL as
    messages show it (no password)."""

    mark = "%s"

    def __init__(self, url: str, *, readonly: bool = False) -> None:
        self.url = url
        self.path = location.redact(url)
        self.readonly = readonly
        self._languages: list[str] | None = None
        self._origins: dict[int, tuple[str, str, str | None, str]] = {}  # provisional id -> origin row
        self._locked = False
        self.behind: list = []  # writers of the transaction that may be writing a batch behind
        self.grown = 0  # units and indexed variants the transaction added (see _analyze)
        self._snapshots = 0  # depth of snapshot() blocks
        self._info: dict[int, tuple[str | None, str | None]] | None = None  # unit_info read ahead (snapshot)
        self._wanted: list[str] | None = None  # the languages the last lookup's pairs asked for
        self._ahead: tuple | None = None  # (languages, unit ids, the reads or their rows): see read_ahead
        self.connection = connect(url, self.path)
        try:
            self._check_encoding()
            self._migrate()
        except psycopg.Error as err:
            self.connection.close()
            raise store_error(self.path, err) from None
        except BaseException:
            self.connection.close()
            raise
        self.index = PgIndex(self, self.connection)
        self.terms = PgTermbase(self)

    # -- housekeeping ------------------------------------------------------------------------------------
    def _check_encoding(self) -> None:
        encoding = self.connection.execute("SHOW server_encoding").fetchone()[0]
        if encoding.upper() not in ("UTF8", "UTF-8"):
            raise StoreError(
                f"{self.path}: the database's encoding is {encoding}, not UTF8",
                hint="create it with: createdb -E UTF8 -T template0 NAME",
            )

    def _version(self) -> int | None:
        con = self.connection
        if con.execute("SELECT to_regclass('tm_schema')").fetchone()[0] is None:
            return None
        return con.execute("SELECT version FROM tm_schema").fetchone()[0]

    def _migrate(self) -> None:
        version = self._version()
        if version is not None and version > len(MIGRATIONS):
            raise StoreError(
                f"{self.path}: made by a newer tm (schema {version}, this tm knows {len(MIGRATIONS)})",
                hint="upgrade tm",
            )
        if version == len(MIGRATIONS):
            return
        if self.readonly:
            if version is None:
                raise StoreError(
                    f"{self.path}: no TM here", hint="import a TMX or PO file first (tm import FILE)"
                )
            raise StoreError(f"{self.path}: the TM is read-only and needs a schema upgrade")
        con = self.connection
        with self.transaction():
            self.lock(wait=True)
            version = self._version()  # another tm may have migrated while this one waited
            if version is None:
                others = con.execute(
                    "SELECT count(*) FROM pg_tables WHERE schemaname = current_schema()"
                ).fetchone()[0]
                if others:
                    raise StoreError(
                        f"{self.path}: the database holds tables that are not a tm TM",
                        hint="give tm a database of its own: createdb -E UTF8 -T template0 NAME",
                    )
                con.execute("CREATE TABLE tm_schema (version integer NOT NULL)")
                con.execute("INSERT INTO tm_schema VALUES (0)")
                version = 0
            for number in range(version, len(MIGRATIONS)):
                migration = MIGRATIONS[number]
                if callable(migration):
                    migration(con)
                else:
                    for statement in _statements(migration):
                        con.execute(statement)
                con.execute("UPDATE tm_schema SET version = %s", (number + 1,))

    def in_transaction(self) -> bool:
        return bool(self.connection.deferred) or (
            self.connection.info.transaction_status != psycopg.pq.TransactionStatus.IDLE
        )

    @contextlib.contextmanager
    def transaction(self, done: str | None = None) -> Iterator[None]:
        """All or nothing: an error or Ctrl-C inside leaves the TM exactly as it was. The COMMIT is a commit
        point (tm.signals): a signal during it waits until it has returned, and ``done`` (what it makes
        final) is recorded for the report of an interrupted command."""
        if self.readonly:
            raise StoreError(f"{self.path}: the TM is read-only")
        con = self.connection
        self._languages = None
        try:
            con.execute("BEGIN")
        except psycopg.Error as err:
            raise store_error(self.path, err) from None
        index = getattr(self, "index", None)  # None while migrating
        try:
            yield
            self._settle()
            if index is not None:
                index.finish_builds()  # what the import's writers fed the index, before the commit
            con.execute("UPDATE tm_schema SET changes = changes + 1")  # what data_version() reads
        except psycopg.Error as err:
            self._settle(quiet=True)
            self.grown = 0
            with contextlib.suppress(psycopg.Error):
                con.execute("ROLLBACK")
            if index is not None:
                index.drop_builds()
            raise store_error(self.path, err) from None
        except BaseException:
            self._settle(quiet=True)
            self.grown = 0
            with contextlib.suppress(psycopg.Error):
                con.execute("ROLLBACK")
            if index is not None:
                index.drop_builds()
            raise
        finally:
            self.behind.clear()
            self._languages = None
            self._locked = False
            self._origins.clear()
        with signals.commit_point(done) if done else signals.deferred():
            try:
                con.execute("COMMIT")
            except psycopg.Error as err:
                with contextlib.suppress(psycopg.Error):
                    con.execute("ROLLBACK")
                raise store_error(self.path, err) from None
        grown, self.grown = self.grown, 0
        self._analyze(grown)

    def _analyze(self, grown: int) -> None:
        """Planner statistics for the tables a transaction grew by a tenth or more (at least
        :data:`ANALYZE_FROM` rows), at once rather than when autovacuum comes by: a TM just filled has
        none, and without them PostgreSQL reads a lookup's ``unit_id = ANY(...)`` by scanning whole tables
        (a lookup 3-10x slower at 100k units). Best effort: an error (a role that does not own the tables)
        leaves it to autovacuum."""
        if grown < ANALYZE_FROM:
            return
        con = self.connection
        with contextlib.suppress(psycopg.Error):
            size = con.execute("SELECT greatest(reltuples, 0) FROM pg_class WHERE oid = 'units'::regclass")
            if grown >= size.fetchone()[0] / 10:
                con.execute(f"ANALYZE {', '.join(_ANALYZED)}")

    def _settle(self, *, quiet: bool = False) -> None:
        """Wait for the batches the transaction's writers are writing behind (before it ends either way:
        nothing of the transaction may run after its ROLLBACK); ``quiet``: their errors too."""
        while self.behind:
            writer = self.behind.pop()
            if quiet:
                with contextlib.suppress(BaseException):
                    writer.settle()
            else:
                writer.settle()

    def data_version(self) -> int:
        """A number that changes when a write transaction commits to the TM: the change counter every
        :meth:`transaction` raises as it ends (``tm_schema.changes``, a row every writer updates under the
        writer lock it already holds; it is visible exactly when the transaction's data is)."""
        version = self.connection.execute("SELECT changes FROM tm_schema").fetchone()[0]
        index = getattr(self, "index", None)
        if index is not None:
            index.carry_over(version)  # (inside a lookup's snapshot: what earlier ones read still holds)
        return version

    def lock(self, *, wait: bool) -> bool:
        """Take the TM's writer lock for the rest of the transaction (every writer of units or of the index
        takes it before its first write); ``wait``: until it is free, else only if it is free now."""
        if self._locked:
            return True
        if wait:
            self.connection.execute("SELECT pg_advisory_xact_lock(%s)", (LOCK_KEY,))
            self._locked = True
        else:
            self._locked = self.connection.execute(
                "SELECT pg_try_advisory_xact_lock(%s)", (LOCK_KEY,)
            ).fetchone()[0]
        return self._locked

    @contextlib.contextmanager
    def snapshot(self) -> Iterator[None]:
        """Reads inside see one committed state of the TM (a repeatable-read transaction, begun with the
        first read: no round trip of its own); inside a transaction or snapshot, that one's state."""
        if self._snapshots or self.in_transaction():
            self._snapshots += 1
            try:
                yield
            finally:
                self._snapshots -= 1
            return
        con = self.connection
        # the reads of a lookup are the same statements over and over: planned once
        con.deferred = (
            "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY",
            "SET LOCAL plan_cache_mode = force_generic_plan",
        )
        self._snapshots = 1
        index = getattr(self, "index", None)
        if index is not None:
            index.memo = {}
        self._info = {}
        try:
            yield
        finally:
            self._snapshots = 0
            self._info = None
            self._ahead = None
            if index is not None:
                index.memo = None
            if con.deferred:  # nothing was read
                con.deferred = ()
            elif self.in_transaction():
                con.execute("COMMIT")

    # -- writing -----------------------------------------------------------------------------------------
    def add_origin(self, path: str, fmt: str, header: Header) -> int:
        """A provisional id for the origin of a file: its row is written (the same path is the same origin)
        by the writer's first merge, under the writer lock, so that imports do not lock each other out
        while they read their files."""
        meta, now = origin_values(header)
        provisional = -1 - len(self._origins)
        self._origins[provisional] = (path, fmt, meta, now)
        return provisional

    def origin_id(self, origin_id: int) -> int:
        """The real id of an origin (writing a provisional one's row); call holding the writer lock."""
        if origin_id >= 0:
            return origin_id
        path, fmt, meta, now = self._origins[origin_id]
        return self.connection.execute(
            "INSERT INTO origins (id, name, key, format, header, imported) "
            "SELECT coalesce(max(id), 0) + 1, %s, %s, %s, %s, %s FROM origins "
            "ON CONFLICT (key) DO UPDATE SET name = excluded.name, format = excluded.format, "
            "header = excluded.header, imported = excluded.imported RETURNING id",
            (codec.origin_name(path), codec.origin_key(path), fmt, meta, now),
        ).fetchone()[0]

    def writer(self, origin_id: int, *, index: bool = False) -> PgUnitWriter:
        """A writer of one origin's units; ``index``: the match index follows the units written from now
        on in this transaction (by this writer and later ones: :mod:`tm.store.follow`, under the writer
        lock the writer holds by then), and is finished when it commits."""
        if index:
            self.index.following = True
        feed = self.index.follow if self.index.following else None
        return PgUnitWriter(self, origin_id, self._find_unit, feed)

    def _find_unit(self, unit_id: int) -> Unit | None:
        """The unit with this id, or the one it became when a review revised it (None: neither)."""
        row = self.connection.execute(
            "SELECT unit_id FROM unit_history WHERE former_id = %s ORDER BY id DESC LIMIT 1", (unit_id,)
        ).fetchone()
        try:
            return self.unit(row[0] if row else unit_id)
        except StoreError:
            return None

    # -- reading -----------------------------------------------------------------------------------------
    def count(self) -> int:
        return self.connection.execute("SELECT count(*) FROM units").fetchone()[0]

    def languages(self) -> list[str]:
        """The language codes the TM holds (cached; a write transaction forgets the cache)."""
        if self._languages is None:
            # a skip-scan over the (lang, unit_id) index: one probe per language, not a table scan
            self._languages = [
                r[0]
                for r in self.connection.execute(
                    "WITH RECURSIVE t(lang) AS (SELECT min(lang) FROM variants UNION ALL "
                    "SELECT (SELECT min(lang) FROM variants WHERE lang > t.lang) FROM t WHERE t.lang IS NOT NULL) "
                    "SELECT lang FROM t WHERE lang IS NOT NULL"
                )
            ]
        return list(self._languages)

    def unit(self, unit_id: int) -> Unit:
        con = self.connection
        row = con.execute("SELECT id, status, context, meta FROM units WHERE id = %s", (unit_id,)).fetchone()
        if row is None:
            raise StoreError(f"{self.path}: no unit {unit_id}")
        variants = tuple(
            codec.variant_from_row(*r)
            for r in con.execute(
                "SELECT lang, text, coded, meta FROM variants WHERE unit_id = %s ORDER BY ord", (unit_id,)
            )
        )
        return codec.unit_from_row(row[0], row[1], row[2], row[3], variants)

    def units(self, lang: str | None = None, where: UnitFilter | None = None) -> Iterator[Unit]:
        """Every unit in id order (with ``lang``: only those that have it; with ``where``: only those it
        accepts), streamed in pages read in one snapshot."""
        conditions, args = self._unit_conditions(lang, where)
        where_sql = "".join(f" AND {c}" for c in conditions)
        con = self.connection
        with self.snapshot():
            last = 0
            while True:
                units = con.execute(
                    f"SELECT id, status, context, meta, changed FROM units u WHERE id > %s{where_sql} "
                    f"ORDER BY id LIMIT {PAGE}",
                    (last, *args),
                ).fetchall()
                if not units:
                    return
                variants: dict[int, list[Variant]] = {}
                for unit_id, *rest in con.execute(
                    "SELECT unit_id, lang, text, coded, meta FROM variants WHERE unit_id = ANY(%s) "
                    "ORDER BY unit_id, ord",
                    ([u[0] for u in units],),
                ):
                    variants.setdefault(unit_id, []).append(codec.variant_from_row(*rest))
                for unit_id, status, context, meta, changed in units:
                    unit = codec.unit_from_row(
                        unit_id, status, context, meta, tuple(variants.get(unit_id, ()))
                    )
                    yield rows_.with_changed(unit, changed)
                last = units[-1][0]

    def _unit_conditions(self, lang: str | None, where: UnitFilter | None) -> tuple[list[str], list]:
        """SQL conditions on ``units u`` for a language and a filter (origin patterns matched in Python,
        as :meth:`UnitFilter.origin_matches` does: the origins are few)."""
        conditions: list[str] = []
        args: list = []
        if lang is not None:
            conditions.append("u.id IN (SELECT unit_id FROM variants WHERE lang = ANY(%s))")
            args.append(self.resolve(lang))
        if where:
            if where.statuses:
                conditions.append("u.status = ANY(%s)")
                args.append(list(where.statuses))
            if where.origins:
                ids = [
                    i
                    for i, name in self.connection.execute("SELECT id, name FROM origins")
                    if where.origin_matches(name)
                ]
                conditions.append("u.id IN (SELECT unit_id FROM occurrences WHERE origin_id = ANY(%s))")
                args.append(ids)
            if where.since:
                conditions.append(
                    f"coalesce(u.changed, u.created, (SELECT min(p.imported) FROM origins p "
                    f"WHERE p.id IN ({_ORIGINS_OF}))) >= %s"
                )
                args.append(where.since)
        return conditions, args

    def _variant_pages(self, select: str, codes: Sequence[str]) -> Iterator[list[tuple]]:
        """Pages of ``select`` (unit_id first) over the variants of ``codes``, in unit and ord order, each
        page holding whole units, read in one snapshot."""
        con = self.connection
        with self.snapshot():
            last = 0
            while True:
                rows = con.execute(
                    f"{select} FROM variants WHERE lang = ANY(%s) AND unit_id > %s ORDER BY unit_id, ord LIMIT {PAGE}",
                    (list(codes), last),
                ).fetchall()
                if len(rows) == PAGE:
                    cut = rows[-1][0]
                    whole = [r for r in rows if r[0] != cut]
                    if whole:  # the last unit's variants may go on in the next page
                        rows, last = whole, whole[-1][0]
                        yield rows
                        continue
                    rows = con.execute(
                        f"{select} FROM variants WHERE lang = ANY(%s) AND unit_id = %s ORDER BY ord",
                        (list(codes), cut),
                    ).fetchall()
                    last = cut
                    yield rows
                    continue
                if rows:
                    yield rows
                return

    def pairs(
        self, src_codes: Sequence[str], tgt_codes: Sequence[str], unit_ids: Sequence[int] | None = None
    ) -> Iterator[tuple[int, Variant, Variant]]:
        """(unit id, source variant, target variant) for every unit holding both languages (or for
        ``unit_ids``), in id order: for each unit the best-ranked variant of each language (the first in
        unit order among equals); a code in both lists counts as source."""
        rank = {code: i for i, code in enumerate(code_list(src_codes))}
        trank = {code: i for i, code in enumerate(code_list(tgt_codes))}
        wanted = list(dict.fromkeys([*src_codes, *tgt_codes]))
        select = "SELECT unit_id, lang, text, coded, meta"
        if unit_ids is None:
            for rows in self._variant_pages(select, wanted):
                yield from rows_.best_pairs(rows, rank, trank)
            return
        ids = sorted(set(unit_ids))
        con = self.connection
        if self._info is None:
            rows = con.execute(_PAIRS, (wanted, ids)).fetchall()
        else:  # in a snapshot (a lookup): the units' dates and origins too, in the same round trip
            self._wanted = wanted
            rows = self._read_ahead(wanted, ids)
            if rows is None:
                with con.pipeline():
                    reads = self._pair_reads(wanted, ids)
                rows = self._take(reads)
        yield from rows_.best_pairs(rows, rank, trank)

    def read_ahead(self, unit_ids: Sequence[int]) -> None:
        """Inside a snapshot and a pipeline (the index's read of the candidates' key sequences): send the
        read of these units' variants, dates and origins as well, for the languages the last lookup's
        :meth:`pairs` asked for, so that the pairs of those of them it verifies cost no round trip of
        their own (the read is taken by :meth:`pairs` when it asks for the same languages and units among
        these)."""
        if self._info is not None and self._wanted is not None:
            ids = sorted(set(unit_ids))
            self._ahead = (self._wanted, set(ids), self._pair_reads(self._wanted, ids))

    def _pair_reads(self, wanted: list[str], ids: list[int]) -> tuple[psycopg.Cursor, psycopg.Cursor]:
        con = self.connection
        return con.execute(_PAIRS, (wanted, ids)), con.execute(_INFO, (ids,))

    def _take(self, reads: tuple[psycopg.Cursor, psycopg.Cursor]) -> list[tuple]:
        """The variant rows of :meth:`_pair_reads`, its dates and origins kept for :meth:`unit_info`."""
        variants, info = reads
        rows = variants.fetchall()
        self._info.update((row[0], _unit_info(row)) for row in info.fetchall())
        return rows

    def _read_ahead(self, wanted: list[str], ids: list[int]) -> list[tuple] | None:
        """The rows of these units from what :meth:`read_ahead` sent, or None when it holds not all."""
        ahead = self._ahead
        if ahead is None or ahead[0] != wanted or not ahead[1].issuperset(ids):
            return None
        if not isinstance(ahead[2], list):
            ahead = self._ahead = (ahead[0], ahead[1], self._take(ahead[2]))
        keep = set(ids)
        return [row for row in ahead[2] if row[0] in keep]

    def variant_texts(self, codes: Sequence[str]) -> Iterator[tuple[int, str]]:
        """(unit id, plain text) of every variant in ``codes``."""
        for rows in self._variant_pages("SELECT unit_id, text", code_list(codes)):
            yield from rows

    def languages_of(self, unit_ids: Sequence[int]) -> list[str]:
        """The language codes the given units hold."""
        rows = self.connection.execute(
            "SELECT DISTINCT lang FROM variants WHERE unit_id = ANY(%s) ORDER BY lang", (list(unit_ids),)
        )
        return [r[0] for r in rows]

    def unit_info(self, unit_id: int) -> UnitInfo:
        """Date, origins (names: the one of its latest revision, then first imported first), status and
        first import date of a unit."""
        if self._info is not None and unit_id in self._info:
            return self._info[unit_id]
        row = self.connection.execute(_INFO, ([unit_id],)).fetchone()
        return _unit_info(row) if row else UnitInfo()

    def contexts(self, unit_id: int, src_codes: Sequence[str]) -> list[tuple[str | None, str | None]]:
        """For each place the unit was imported from (each import of a file its own: its generation): the
        source text of its previous and next segment in that import (the best-ranked source variant of the
        unit at that position; the first among equals); EDGE at the first position and the last one
        recorded, None where the neighbour was not imported."""
        order = {code: i for i, code in enumerate(code_list(src_codes))}
        places: dict[tuple[int, int, int], list[tuple[int, int, str] | None]] = {}
        edges: dict[tuple[int, int, int], tuple[bool, bool]] = {}
        for origin_id, generation, position, last, side, lang, text in self.connection.execute(
            "SELECT o.origin_id, o.generation, o.position, (SELECT max(e.position) FROM occurrences e "
            "WHERE e.origin_id = o.origin_id AND e.generation = o.generation), n.position - o.position, "
            "v.lang, v.text FROM occurrences o "
            "LEFT JOIN occurrences n ON n.origin_id = o.origin_id AND n.generation = o.generation "
            "AND n.position IN (o.position - 1, o.position + 1) "
            "LEFT JOIN variants v ON v.unit_id = n.unit_id AND v.lang = ANY(%s) "
            "WHERE o.unit_id = %s ORDER BY o.origin_id, o.generation, o.position, n.position, n.unit_id, v.ord",
            (list(src_codes), unit_id),
        ):
            place = (origin_id, generation, position)
            around = places.setdefault(place, [None, None])
            edges[place] = (position - 1 < 1, position + 1 > last)
            if lang is None:
                continue
            i = 0 if side < 0 else 1
            if around[i] is None or order[lang] < around[i][0]:
                around[i] = (order[lang], 0, text)
        out = []
        for place, (p, n) in places.items():
            first, final = edges[place]
            out.append((EDGE if first else p[2] if p else None, EDGE if final else n[2] if n else None))
        return out

    def origins(self, unit_id: int) -> list[tuple[str, int]]:
        """(origin name, position) for each place the unit was imported from (a place several imports of
        the file share, once)."""
        rows = self.connection.execute(
            "SELECT p.name, o.position FROM occurrences o JOIN origins p ON p.id = o.origin_id "
            "WHERE o.unit_id = %s GROUP BY p.id, p.name, o.position ORDER BY p.id, o.position",
            (unit_id,),
        )
        return [(name, position) for name, position in rows]

    def stats(self, max_pairs: int | None = None) -> TmStats:
        """Units, variants per language, language pairs (every one, or the ``max_pairs`` largest) and
        origins."""
        con = self.connection
        with self.snapshot():
            variants = dict(
                con.execute(
                    "SELECT lang, count(*) FROM variants GROUP BY lang ORDER BY count(*) DESC, lang"
                ).fetchall()
            )
            pairs = con.execute(
                "SELECT a.lang, b.lang, count(DISTINCT a.unit_id) FROM variants a JOIN variants b "
                "ON a.unit_id = b.unit_id AND a.lang < b.lang GROUP BY a.lang, b.lang "
                "ORDER BY 3 DESC, 1, 2 LIMIT %s",
                (max_pairs,),
            ).fetchall()
            origins = con.execute(
                "SELECT p.name, p.format, count(DISTINCT o.unit_id) FROM origins p "
                "LEFT JOIN occurrences o ON o.origin_id = p.id GROUP BY p.id ORDER BY p.id"
            ).fetchall()
            statuses = dict(
                con.execute("SELECT status, count(*) FROM units GROUP BY status ORDER BY status").fetchall()
            )
            count = self.count()
            revisions = con.execute("SELECT count(*) FROM unit_history").fetchone()[0]
        return TmStats(
            self.path,
            count,
            variants,
            [tuple(p) for p in pairs],
            [tuple(o) for o in origins],
            statuses,
            revisions,
        )

    # -- moving a whole TM (tm copy) -----------------------------------------------------------------------
    def table_rows(self, table: str, columns: Sequence[str]) -> Iterator[tuple]:
        """Every row of one of the TM's tables (``tm.store.copy.TABLES``), in key order, in pages."""
        from tm.store.copy import TABLES  # the tables and keys every backend holds

        key = TABLES[table][1]
        con = self.connection
        with self.snapshot():
            con.flush_deferred()  # a server-side cursor needs its transaction begun
            cursor = con.cursor(name=f"tm_copy_{table}")
            cursor.itersize = PAGE
            cursor.execute(f"SELECT {', '.join(columns)} FROM {table} ORDER BY {', '.join(key)}")
            yield from cursor
            cursor.close()

    def write_rows(self, table: str, columns: Sequence[str], rows: Iterable[tuple]) -> int:
        """Append rows to one of the TM's tables (inside a transaction holding the writer lock), through
        ``COPY``; returns how many."""
        self.lock(wait=True)
        n = 0
        with self.connection.cursor().copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)
                n += 1
        return n


def _statements(script: str) -> list[str]:
    return [s.strip() for s in script.split(";") if s.strip()]

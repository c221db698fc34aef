"""The default store: one SQLite file in WAL mode, a schema version with migrations, one transaction per
import. Implements :class:`tm.store.protocol.Store` (its match index in :mod:`.index`, its termbase in
:mod:`.terms`)."""

from __future__ import annotations

import contextlib
import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path

from tm import signals
from tm.errors import StoreError
from tm.model import Header, TmStats, Unit, Variant
from tm.store import codec
from tm.store import rows as rows_
from tm.store.base import StoreBase, origin_values
from tm.store.protocol import EDGE, UnitFilter, UnitInfo, code_list
from tm.store.sqlite import files
from tm.store.sqlite.connect import connect_readonly, writable
from tm.store.sqlite.index import SqliteIndex
from tm.store.sqlite.schema import MIGRATIONS
from tm.store.sqlite.sql import chunks, distinct, marks, store_error, unwritable
from tm.store.sqlite.terms import SqliteTermbase
from tm.store.sqlite.writer import SqliteUnitWriter


class SqliteStore(StoreBase):
    """A TM in one SQLite file. ``path`` may be ``":memory:"`` for a temporary store."""

    def __init__(self, path: str | Path, *, readonly: bool = False) -> None:
        self.path = str(path)
        memory = self.path == ":memory:"
        self._created: list[Path] = []  # the file and folders made for a new TM, removed if left unused
        self._kept = True  # False while a TM this store created holds nothing committed
        self._commits = 0  # transactions this connection committed (PRAGMA data_version leaves them out)
        if not memory:
            p = Path(self.path)
            if p.is_dir():
                raise StoreError(
                    f"{self.path}: a folder, not a TM file",
                    hint=f"name a file, e.g. --db {p / 'tm.db'} (a new file becomes a TM)",
                )
            if p.exists():
                readonly = readonly or not writable(p)
            elif readonly:
                raise StoreError(
                    f"{self.path}: no TM here", hint="import a TMX or PO file first (tm import FILE)"
                )
            else:
                folders = files.missing_folders(p.parent)
                try:
                    p.parent.mkdir(parents=True, exist_ok=True)
                except OSError as err:
                    raise StoreError(f"{self.path}: cannot create the TM: {err.strerror}") from None
                self._created, self._kept = [p, *folders], False
        self.readonly = readonly
        self._languages: list[str] | None = None
        self.connection: sqlite3.Connection | None = None
        try:
            self._open(memory)
        except BaseException as err:
            self.close()
            if isinstance(err, sqlite3.Error):
                raise store_error(self.path, err) from None
            raise
        self._file = None if memory else files.file_id(self.path)
        self.index = SqliteIndex(self, self.connection)
        self.terms = SqliteTermbase(self.connection)

    def _open(self, memory: bool) -> None:
        if self.readonly:
            self.connection = connect_readonly(self.path)
        else:
            self.connection = sqlite3.connect(self.path, isolation_level=None, check_same_thread=False)
        self.connection.execute("PRAGMA busy_timeout = 5000")
        self.connection.execute("PRAGMA cache_size = -65536")  # 64 MiB of pages
        unstamped = files.check_ours(self.connection, self.path)  # before anything is written
        if not self.readonly and not memory:
            self.connection.execute("PRAGMA journal_mode = WAL")
            self.connection.execute("PRAGMA synchronous = NORMAL")
        self._migrate(stamp=unstamped and not self.readonly)

    # -- housekeeping ------------------------------------------------------------------------------------
    def _migrate(self, stamp: bool) -> None:
        version = self.connection.execute("PRAGMA user_version").fetchone()[0]
        if version > len(MIGRATIONS):
            raise StoreError(
                f"{self.path}: made by a newer tm (schema {version}, this tm knows {len(MIGRATIONS)})",
                hint="upgrade tm",
            )
        if version == len(MIGRATIONS) and not stamp:
            return
        if self.readonly:
            raise StoreError(f"{self.path}: the TM is read-only and needs a schema upgrade")
        kept = self._kept  # a new TM's schema alone does not make it worth keeping
        with self.transaction():
            for number in range(version, len(MIGRATIONS)):
                migration = MIGRATIONS[number]
                if callable(migration):
                    migration(self.connection)
                else:
                    for statement in _statements(migration):
                        self.connection.execute(statement)
                self.connection.execute(f"PRAGMA user_version = {number + 1}")
            if stamp:
                files.stamp(self.connection)
        self._kept = kept

    @contextlib.contextmanager
    def transaction(self, done: str | None = None) -> Iterator[None]:
        """All or nothing: an error or Ctrl-C inside leaves the TM exactly as it was. The COMMIT is a commit
        point (tm.signals): a signal during it waits until it has returned, and ``done`` (what it makes
        final) is recorded for the report of an interrupted command."""
        if self.readonly:
            raise StoreError(f"{self.path}: {unwritable(self.path, 'opened read-only')}")
        self._languages = None
        try:
            self.connection.execute("BEGIN IMMEDIATE")
        except sqlite3.Error as err:
            raise store_error(self.path, err) from None
        index = getattr(self, "index", None)  # None while migrating
        try:
            files.same_file(self.path, getattr(self, "_file", None))
            yield
            if index is not None:
                index.finish_builds()  # what the import's writers fed the index, before the commit
        except sqlite3.Error as err:
            self._rollback()
            if index is not None:
                index.drop_builds()
            raise store_error(self.path, err) from None
        except BaseException:
            self._rollback()
            if index is not None:
                index.drop_builds()
            raise
        finally:
            self._languages = None
        with signals.commit_point(done) if done else signals.deferred():
            try:
                self.connection.execute("COMMIT")
            except sqlite3.Error as err:
                self._rollback()
                raise store_error(self.path, err) from None
            self._kept = True
            self._commits += 1

    def _rollback(self) -> None:
        """Undo the open transaction, if SQLite has not already (it does after some errors, e.g. a full
        disk); a failure here must not hide the error that led to it."""
        if self.connection.in_transaction:
            with contextlib.suppress(sqlite3.Error):
                self.connection.execute("ROLLBACK")

    @contextlib.contextmanager
    def snapshot(self) -> Iterator[None]:
        """Reads inside see one committed state of the TM, whatever other connections commit meanwhile
        (a read transaction: in WAL mode it blocks no writer); inside a transaction or another snapshot,
        that one's state."""
        if self.connection.in_transaction:
            yield
            return
        self.connection.execute("BEGIN")
        try:
            yield
        finally:
            if self.connection.in_transaction:
                self.connection.execute("COMMIT")

    def data_version(self) -> int:
        """A number that changes when a connection (another one, thread or process, or this one) commits
        to the TM: ``PRAGMA data_version`` (other connections' commits; inside a snapshot, the snapshot's)
        plus this connection's own commits, both only ever growing."""
        return self.connection.execute("PRAGMA data_version").fetchone()[0] + self._commits

    def close(self) -> None:
        """Close the TM; a TM this store created and committed nothing to is removed (no file is left
        behind by a failed first import)."""
        if self.connection is None:
            return
        discarded = False
        if not self._kept and not self.readonly:
            discarded = files.discard_if_unused(self.connection, self.path)
        self.connection.close()
        self.connection = None
        p = Path(self.path)
        if self.readonly and self.path != ":memory:" and p.exists() and writable(p):
            files.tidy_side_files(self.path)
        if discarded or (self._created and not Path(self.path).exists()):
            files.remove_leftovers(self.path, self._created[1:])

    def __enter__(self) -> SqliteStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- writing -----------------------------------------------------------------------------------------
    def add_origin(self, path: str, fmt: str, header: Header) -> int:
        """The origin row for a file (the same path is the same origin, kept as its base name and a digest
        of the path); call inside a transaction."""
        meta, now = origin_values(header)
        row = self.connection.execute(
            "INSERT INTO origins (name, key, format, header, imported) VALUES (?, ?, ?, ?, ?) "
            "ON CONFLICT (key) DO UPDATE SET name = excluded.name, format = excluded.format, "
            "header = excluded.header, imported = excluded.imported RETURNING id",
            (codec.origin_name(path), codec.origin_key(path), fmt, meta, now),
        ).fetchone()
        return row[0]

    def writer(self, origin_id: int, *, index: bool = False) -> SqliteUnitWriter:
        """A writer of one origin's units; ``index``: the match index follows the units written from now
        on in this transaction (by this writer and later ones), and is finished when it commits."""
        if index:
            self.index.following = True
        feed = self.index.follow if self.index.following else None
        return SqliteUnitWriter(self.connection, self.path, origin_id, self._find_unit, feed)

    # -- reading -----------------------------------------------------------------------------------------
    def count(self) -> int:
        return self.connection.execute("SELECT count(*) FROM units").fetchone()[0]

    def languages(self) -> list[str]:
        """The language codes the TM holds (cached; a write transaction forgets the cache)."""
        if self._languages is None:
            self._languages = distinct(self.connection, "variants", "lang")  # over the (lang, unit_id) index
        return list(self._languages)

    def unit(self, unit_id: int) -> Unit:
        row = self.connection.execute(
            "SELECT id, status, context, meta FROM units WHERE id = ?", (unit_id,)
        ).fetchone()
        if row is None:
            raise StoreError(f"{self.path}: no unit {unit_id}")
        variants = tuple(
            codec.variant_from_row(*r)
            for r in self.connection.execute(
                "SELECT lang, text, coded, meta FROM variants WHERE unit_id = ? ORDER BY ord", (unit_id,)
            )
        )
        return codec.unit_from_row(row[0], row[1], row[2], row[3], variants)

    def _find_unit(self, unit_id: int) -> Unit | None:
        """The unit with this id, or the one it became when a review revised it (None: neither)."""
        row = self.connection.execute(
            "SELECT unit_id FROM unit_history WHERE former_id = ? ORDER BY id DESC LIMIT 1", (unit_id,)
        ).fetchone()
        try:
            return self.unit(row[0] if row else unit_id)
        except StoreError:
            return None

    def units(self, lang: str | None = None, where: UnitFilter | None = None) -> Iterator[Unit]:
        """Every unit in id order (with ``lang``: only those that have it; with ``where``: only those it
        accepts), streamed."""
        conditions, args = self._unit_conditions(lang, where)
        clause = f" WHERE {' AND '.join(conditions)}" if conditions else ""
        con = self.connection
        unit_rows = con.execute(
            f"SELECT id, status, context, meta, changed FROM units u{clause} ORDER BY id", args
        )
        variant_rows = con.cursor().execute(
            "SELECT unit_id, lang, text, coded, meta FROM variants "
            f"WHERE unit_id IN (SELECT id FROM units u{clause}) ORDER BY unit_id, ord"
            if clause
            else "SELECT unit_id, lang, text, coded, meta FROM variants ORDER BY unit_id, ord",
            args,
        )
        pending = next(variant_rows, None)
        for unit_id, status, context, meta, changed in unit_rows:
            variants = []
            while pending is not None and pending[0] == unit_id:
                variants.append(codec.variant_from_row(*pending[1:]))
                pending = next(variant_rows, None)
            unit = codec.unit_from_row(unit_id, status, context, meta, tuple(variants))
            yield rows_.with_changed(unit, changed)

    def _unit_conditions(self, lang: str | None, where: UnitFilter | None) -> tuple[list[str], list]:
        """SQL conditions on ``units u`` for a language and a filter (origin patterns matched here, in
        Python, as :meth:`UnitFilter.origin_matches` does: the origins are few)."""
        conditions: list[str] = []
        args: list = []
        if lang is not None:
            codes = self.resolve(lang)
            conditions.append(f"u.id IN (SELECT unit_id FROM variants WHERE lang IN ({marks(len(codes))}))")
            args += codes
        if where:
            if where.statuses:
                conditions.append(f"u.status IN ({marks(len(where.statuses))})")
                args += where.statuses
            if where.origins:
                ids = [
                    i
                    for i, name in self.connection.execute("SELECT id, name FROM origins")
                    if where.origin_matches(name)
                ]
                conditions.append(
                    f"u.id IN (SELECT unit_id FROM occurrences WHERE origin_id IN ({marks(len(ids))}))"
                    if ids
                    else "0"
                )
                args += ids
            if where.since:
                conditions.append(f"coalesce(u.changed, u.created, ({_FIRST_IMPORT})) >= ?")
                args.append(where.since)
        return conditions, args

    def pairs(
        self, src_codes: Sequence[str], tgt_codes: Sequence[str], unit_ids: Sequence[int] | None = None
    ) -> Iterator[tuple[int, Variant, Variant]]:
        """(unit id, source variant, target variant) for every unit holding both languages (or for
        ``unit_ids``), in id order: for each unit the best-ranked variant of each language (the first in
        unit order among equals); a code in both lists counts as source."""
        rank = {code: i for i, code in enumerate(code_list(src_codes))}
        trank = {code: i for i, code in enumerate(code_list(tgt_codes))}
        wanted = tuple(dict.fromkeys([*src_codes, *tgt_codes]))
        sql = f"SELECT unit_id, lang, text, coded, meta FROM variants WHERE lang IN ({marks(len(wanted))})"
        if unit_ids is None:
            batches: Iterator[Iterable[tuple]] = iter(
                [self.connection.execute(sql + " ORDER BY unit_id, ord", wanted)]
            )
        else:
            batches = (
                self.connection.execute(
                    sql + f" AND unit_id IN ({marks(len(part))}) ORDER BY unit_id, ord", (*wanted, *part)
                )
                for part in chunks(sorted(set(unit_ids)))
            )
        for rows in batches:
            yield from rows_.best_pairs(rows, rank, trank)

    def variant_texts(self, codes: Sequence[str]) -> Iterator[tuple[int, str]]:
        """(unit id, plain text) of every variant in ``codes``."""
        codes = code_list(codes)
        yield from self.connection.execute(
            f"SELECT unit_id, text FROM variants WHERE lang IN ({marks(len(codes))})", tuple(codes)
        )

    def languages_of(self, unit_ids: Sequence[int]) -> list[str]:
        """The language codes the given units hold."""
        found: set[str] = set()
        for part in chunks(list(unit_ids)):
            found.update(
                r[0]
                for r in self.connection.execute(
                    f"SELECT DISTINCT lang FROM variants WHERE unit_id IN ({marks(len(part))})", tuple(part)
                )
            )
        return sorted(found)

    def unit_info(self, unit_id: int) -> UnitInfo:
        """Date, origins (names: the one of its latest revision, then first imported first), status and
        first import date of a unit."""
        con = self.connection
        row = con.execute("SELECT changed, status FROM units WHERE id = ?", (unit_id,)).fetchone()
        if row is None:
            return UnitInfo()
        found = con.execute(
            "SELECT p.name, p.imported FROM origins p WHERE p.id IN "
            "(SELECT origin_id FROM occurrences WHERE unit_id = ?1) ORDER BY p.id = (SELECT h.origin_id "
            "FROM unit_history h WHERE h.unit_id = ?1 ORDER BY h.id DESC LIMIT 1) DESC, p.id",
            (unit_id,),
        ).fetchall()
        names = tuple(dict.fromkeys(name for name, _ in found))
        imported = min((when for _, when in found), default=None)
        return UnitInfo(row[0], names[0] if names else None, names, row[1], imported)

    def contexts(self, unit_id: int, src_codes: Sequence[str]) -> list[tuple[str | None, str | None]]:
        """For each place the unit was imported from (each import of a file its own: its generation): the
        source text of its previous and next segment in that import (the best-ranked source variant of the
        unit at that position, the lowest unit id among several); EDGE at the first position and the last
        one recorded, None where the neighbour was not imported. One joined query, and the last position
        of each import where a place has no next neighbour."""
        codes = tuple(code_list(src_codes))
        order = {code: i for i, code in enumerate(codes)}
        con = self.connection
        places: dict[tuple[int, int, int], dict[int, tuple | None]] = {}
        for origin_id, generation, position, near, near_id, ord_, lang, text in con.execute(
            _CONTEXTS.format(marks=marks(len(codes))), (*codes, unit_id)
        ):
            around = places.setdefault((origin_id, generation, position), {})
            if near is None:
                continue
            best = around.get(near)
            if lang is not None and (best is None or (order[lang], near_id, ord_) < best[:3]):
                around[near] = (order[lang], near_id, ord_, text)
            elif near not in around:
                around[near] = None  # a neighbour without a source variant in these languages
        lasts: dict[tuple[int, int], int] = {}
        out = []
        for (origin_id, generation, position), around in sorted(places.items()):
            found = around.get(position - 1)
            prev = EDGE if position <= 1 else found[3] if found else None
            if position + 1 in around:
                found = around[position + 1]
                nxt = found[3] if found else None
            else:
                last = lasts.get((origin_id, generation))
                if last is None:
                    last = lasts[origin_id, generation] = con.execute(
                        "SELECT max(position) FROM occurrences WHERE origin_id = ? AND generation = ?",
                        (origin_id, generation),
                    ).fetchone()[0]
                nxt = EDGE if position >= last else None
            out.append((prev, nxt))
        return out

    def origins(self, unit_id: int) -> list[tuple[str, int]]:
        """(origin name, position) for each place the unit was imported from."""
        return self.connection.execute(
            "SELECT p.name, o.position FROM occurrences o JOIN origins p ON p.id = o.origin_id "
            "WHERE o.unit_id = ? GROUP BY p.id, o.position ORDER BY p.id, o.position",
            (unit_id,),
        ).fetchall()

    # -- moving a whole TM (tm copy) -----------------------------------------------------------------------
    def table_rows(self, table: str, columns: Sequence[str]) -> Iterator[tuple]:
        """Every row of one of the TM's tables (``tm.store.copy.TABLES``), in key order."""
        from tm.store.copy import TABLES  # the tables and keys every backend holds

        key = ", ".join(TABLES[table][1])
        yield from self.connection.execute(f"SELECT {', '.join(columns)} FROM {table} ORDER BY {key}")

    def write_rows(self, table: str, columns: Sequence[str], rows: Iterable[tuple]) -> int:
        """Append rows to one of the TM's tables (inside a transaction); returns how many."""
        before = self.connection.total_changes
        sql = f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({marks(len(columns))})"
        self.connection.executemany(sql, rows)
        return self.connection.total_changes - before

    def stats(self, max_pairs: int | None = None) -> TmStats:
        """Units, variants per language, language pairs (every one, or the ``max_pairs`` largest) and
        origins."""
        con = self.connection
        variants = dict(
            con.execute("SELECT lang, count(*) FROM variants GROUP BY lang ORDER BY count(*) DESC, lang")
        )
        pairs = con.execute(
            "SELECT a.lang, b.lang, count(DISTINCT a.unit_id) FROM variants a JOIN variants b "
            "ON a.unit_id = b.unit_id AND a.lang < b.lang GROUP BY a.lang, b.lang "
            "ORDER BY 3 DESC, 1, 2 LIMIT ?",
            (-1 if max_pairs is None else max_pairs,),
        ).fetchall()
        origins = con.execute(
            "SELECT p.name, p.format, count(DISTINCT o.unit_id) FROM origins p "
            "LEFT JOIN occurrences o ON o.origin_id = p.id GROUP BY p.id ORDER BY p.id"
        ).fetchall()
        statuses = dict(con.execute("SELECT status, count(*) FROM units GROUP BY status ORDER BY status"))
        revisions = con.execute("SELECT count(*) FROM unit_history").fetchone()[0]
        return TmStats(
            self.path,
            self.count(),
            variants,
            [tuple(p) for p in pairs],
            [tuple(o) for o in origins],
            statuses,
            revisions,
        )


# each place of a unit (origin, generation, position) with the units next to it in the same import (none:
# NULL near) and their source variants (none in the languages: NULL lang)
_CONTEXTS = """
SELECT o.origin_id, o.generation, o.position, n.position, n.unit_id, v.ord, v.lang, v.text
FROM occurrences o
LEFT JOIN occurrences n ON n.origin_id = o.origin_id AND n.generation = o.generation
    AND n.position IN (o.position - 1, o.position + 1)
LEFT JOIN variants v ON v.unit_id = n.unit_id AND v.lang IN ({marks})
WHERE o.unit_id = ?
"""


# the first import date of the origins of unit ``u``: the date of a unit that carries none
_FIRST_IMPORT = "SELECT min(p.imported) FROM origins p WHERE p.id IN (SELECT origin_id FROM occurrences WHERE unit_id = u.id)"


def _statements(script: str) -> list[str]:
    return [s.strip() for s in script.split(";") if s.strip()]

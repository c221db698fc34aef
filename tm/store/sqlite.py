"""The default store: one SQLite file in WAL mode, a schema version with migrations, one transaction per import."""

from __future__ import annotations

import contextlib
import functools
import os
import sqlite3
import stat
from collections.abc import Iterable, Iterator
from dataclasses import replace
from datetime import datetime, timezone
from pathlib import Path

from tm import lang as langs
from tm.errors import StoreError
from tm.model import Header, TmStats, Unit, Variant
from tm.store import codec
from tm.store.schema import MIGRATIONS

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


def _writable(path: Path) -> bool:
    mode = path.stat().st_mode
    return os.access(path, os.W_OK) and bool(mode & (stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH))


class SqliteStore:
    """A TM in one SQLite file. ``path`` may be ``":memory:"`` for a temporary store."""

    def __init__(self, path: str | Path, *, readonly: bool = False) -> None:
        self.path = str(path)
        memory = self.path == ":memory:"
        if not memory:
            p = Path(self.path)
            if p.exists():
                readonly = readonly or not _writable(p)
            elif readonly:
                raise StoreError(
                    f"{self.path}: no TM here", hint="import a TMX or PO file first (tm import FILE)"
                )
            else:
                try:
                    p.parent.mkdir(parents=True, exist_ok=True)
                except OSError as err:
                    raise StoreError(f"{self.path}: cannot create the TM: {err.strerror}") from None
        self.readonly = readonly
        self._languages: list[str] | None = None
        try:
            if readonly:
                uri = Path(self.path).resolve().as_uri() + "?mode=ro"
                self.connection = sqlite3.connect(
                    uri, uri=True, isolation_level=None, check_same_thread=False
                )
            else:
                self.connection = sqlite3.connect(self.path, isolation_level=None, check_same_thread=False)
            self.connection.execute("PRAGMA busy_timeout = 5000")
            self.connection.execute("PRAGMA cache_size = -65536")  # 64 MiB of pages
            if not readonly and not memory:
                self.connection.execute("PRAGMA journal_mode = WAL")
                self.connection.execute("PRAGMA synchronous = NORMAL")
            self._migrate()
        except sqlite3.DatabaseError as err:
            raise StoreError(f"{self.path}: not a tm database ({err})") from None

    # -- housekeeping ------------------------------------------------------------------------------------
    def _migrate(self) -> None:
        version = self.connection.execute("PRAGMA user_version").fetchone()[0]
        if version > len(MIGRATIONS):
            raise StoreError(
                f"{self.path}: made by a newer tm (schema {version}, this tm knows {len(MIGRATIONS)})",
                hint="upgrade tm",
            )
        if version == len(MIGRATIONS):
            return
        if self.readonly:
            raise StoreError(f"{self.path}: the TM is read-only and needs a schema upgrade")
        with self.transaction():
            for number in range(version, len(MIGRATIONS)):
                for statement in _statements(MIGRATIONS[number]):
                    self.connection.execute(statement)
                self.connection.execute(f"PRAGMA user_version = {number + 1}")

    @contextlib.contextmanager
    def transaction(self) -> Iterator[None]:
        """All or nothing: an error or Ctrl-C inside leaves the TM exactly as it was."""
        if self.readonly:
            raise StoreError(f"{self.path}: the TM is read-only", hint="check the file's permissions")
        self._languages = None
        try:
            self.connection.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError as err:
            raise _store_error(self.path, err) from None
        try:
            yield
        except BaseException:
            self.connection.execute("ROLLBACK")
            raise
        finally:
            self._languages = None
        try:
            self.connection.execute("COMMIT")
        except sqlite3.OperationalError as err:
            self.connection.execute("ROLLBACK")
            raise _store_error(self.path, err) from None

    @contextlib.contextmanager
    def snapshot(self) -> Iterator[None]:
        """Reads inside see one committed state of the TM, whatever other connections commit meanwhile
        (a read transaction: in WAL mode it blocks no writer)."""
        self.connection.execute("BEGIN")
        try:
            yield
        finally:
            self.connection.execute("COMMIT")

    def data_version(self) -> int:
        """A number that changes when another connection (thread or process) commits to the TM."""
        return self.connection.execute("PRAGMA data_version").fetchone()[0]

    def close(self) -> None:
        self.connection.close()

    def __enter__(self) -> SqliteStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- writing -----------------------------------------------------------------------------------------
    def add_origin(self, path: str, fmt: str, header: Header) -> int:
        """The origin row for a file (the same path is the same origin); call inside a transaction."""
        now = datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
        meta = codec._dump({"a": [list(kv) for kv in header.attrs], "v": header.version})
        row = self.connection.execute(
            "INSERT INTO origins (path, format, header, imported) VALUES (?, ?, ?, ?) "
            "ON CONFLICT (path) DO UPDATE SET format = excluded.format, header = excluded.header, "
            "imported = excluded.imported RETURNING id",
            (path, fmt, meta, now),
        ).fetchone()
        return row[0]

    def writer(self, origin_id: int) -> UnitWriter:
        return UnitWriter(self, origin_id)

    # -- reading -----------------------------------------------------------------------------------------
    def count(self) -> int:
        return self.connection.execute("SELECT count(*) FROM units").fetchone()[0]

    def languages(self) -> list[str]:
        """The language codes the TM holds (cached; a write transaction forgets the cache)."""
        if self._languages is None:
            # A skip-scan over the (lang, unit_id) index: one probe per language, not a table scan.
            found, last = [], ""
            while True:
                row = self.connection.execute(
                    "SELECT lang FROM variants WHERE lang > ? ORDER BY lang LIMIT 1", (last,)
                ).fetchone()
                if row is None:
                    break
                last = row[0]
                found.append(last)
            self._languages = found
        return list(self._languages)

    def resolve(self, lang: str) -> list[str]:
        """The TM's codes that answer a request for ``lang``, best first; LanguageError when none does."""
        return langs.resolve(lang, self.languages())

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

    def units(self, lang: str | None = None) -> Iterator[Unit]:
        """Every unit in id order (with ``lang``: only those that have it), streamed."""
        where, args = "", ()
        if lang is not None:
            codes = self.resolve(lang)
            marks = ",".join("?" * len(codes))
            where, args = f" WHERE id IN (SELECT unit_id FROM variants WHERE lang IN ({marks}))", tuple(codes)
        con = self.connection
        unit_rows = con.execute(
            f"SELECT id, status, context, meta, changed FROM units{where} ORDER BY id", args
        )
        variant_rows = con.cursor().execute(
            f"SELECT unit_id, lang, text, coded, meta FROM variants{where.replace('id IN', 'unit_id IN')} "
            "ORDER BY unit_id, ord",
            args,
        )
        pending = next(variant_rows, None)
        for unit_id, status, context, meta, changed in unit_rows:
            variants = []
            while pending is not None and pending[0] == unit_id:
                variants.append(codec.variant_from_row(*pending[1:]))
                pending = next(variant_rows, None)
            unit = codec.unit_from_row(unit_id, status, context, meta, tuple(variants))
            yield _with_changed(unit, changed)

    def pairs(
        self, src: str, tgt: str, unit_ids: list[int] | None = None
    ) -> Iterator[tuple[int, Variant, Variant]]:
        """(unit id, source variant, target variant) for every unit holding both languages, in id order:
        for each unit the best-ranked variant of each language. ``unit_ids`` restricts it to those units."""
        src_codes, tgt_codes = self.resolve(src), self.resolve(tgt)
        rank = {code: i for i, code in enumerate(src_codes)}
        trank = {code: i for i, code in enumerate(tgt_codes)}
        wanted = tuple(dict.fromkeys(src_codes + tgt_codes))
        marks = ",".join("?" * len(wanted))
        sql = f"SELECT unit_id, lang, text, coded, meta FROM variants WHERE lang IN ({marks})"
        if unit_ids is None:
            batches: Iterator[Iterable[tuple]] = iter(
                [self.connection.execute(sql + " ORDER BY unit_id, ord", wanted)]
            )
        else:
            ids = sorted(set(unit_ids))
            batches = (
                self.connection.execute(
                    sql + f" AND unit_id IN ({','.join('?' * len(ids[i : i + 500]))}) ORDER BY unit_id, ord",
                    (*wanted, *ids[i : i + 500]),
                )
                for i in range(0, len(ids), 500)
            )
        for rows in batches:
            yield from _best_pairs(rows, rank, trank)

    def unit_info(self, unit_id: int) -> tuple[str | None, str | None]:
        """(newest date, first origin path) of a unit."""
        row = self.connection.execute("SELECT changed FROM units WHERE id = ?", (unit_id,)).fetchone()
        origins = self.origins(unit_id)
        return (row[0] if row else None), (origins[0][0] if origins else None)

    def context(self, unit_id: int, src: str) -> list[tuple[str | None, str | None]]:
        """For each place the unit was imported from: the source text of its previous and next segment."""
        codes = self.resolve(src)
        marks = ",".join("?" * len(codes))
        order = " ".join(f"WHEN '{c}' THEN {i}" for i, c in enumerate(codes) if "'" not in c)
        text_sql = (
            f"SELECT v.text FROM occurrences o JOIN variants v ON v.unit_id = o.unit_id "
            f"WHERE o.origin_id = ? AND o.position = ? AND v.lang IN ({marks}) "
            f"ORDER BY CASE v.lang {order} ELSE 99 END LIMIT 1"
        )
        out = []
        for origin_id, position in self.connection.execute(
            "SELECT origin_id, position FROM occurrences WHERE unit_id = ? ORDER BY origin_id, position",
            (unit_id,),
        ).fetchall():
            around = []
            for pos in (position - 1, position + 1):
                row = self.connection.execute(text_sql, (origin_id, pos, *codes)).fetchone()
                around.append(row[0] if row else None)
            out.append((around[0], around[1]))
        return out

    def origins(self, unit_id: int) -> list[tuple[str, int]]:
        """(origin path, position) for each place the unit was imported from."""
        return self.connection.execute(
            "SELECT p.path, o.position FROM occurrences o JOIN origins p ON p.id = o.origin_id "
            "WHERE o.unit_id = ? ORDER BY p.id, o.position",
            (unit_id,),
        ).fetchall()


def _best_pairs(rows: Iterable[tuple], rank: dict[str, int], trank: dict[str, int]) -> Iterator[tuple]:
    current, best_s, best_t = None, None, None
    for unit_id, code, text, coded, meta in rows:
        if unit_id != current:
            if best_s is not None and best_t is not None:
                yield current, best_s[1], best_t[1]
            current, best_s, best_t = unit_id, None, None
        if code in rank and (best_s is None or rank[code] < best_s[0]):
            best_s = (rank[code], codec.variant_from_row(code, text, coded, meta))
        elif code in trank and (best_t is None or trank[code] < best_t[0]):
            best_t = (trank[code], codec.variant_from_row(code, text, coded, meta))
    if best_s is not None and best_t is not None:
        yield current, best_s[1], best_t[1]


def _with_changed(unit: Unit, changed: str | None) -> Unit:
    """Merging keeps the newest date: show it as the unit's changedate."""
    if changed is None:
        return unit
    current = codec.iso_date(unit.attr("changedate")) or codec.iso_date(unit.attr("creationdate"))
    if current is None or current >= changed:
        return unit
    attrs = tuple((k, v) for k, v in unit.attrs if k != "changedate") + (
        ("changedate", codec.tmx_date(changed)),
    )
    return replace(unit, attrs=attrs)


def _statements(script: str) -> list[str]:
    return [s.strip() for s in script.split(";") if s.strip()]


def _store_error(path: str, err: sqlite3.Error) -> StoreError:
    text = str(err)
    if "readonly" in text or "read-only" in text:
        return StoreError(
            f"{path}: the TM is read-only", hint="check the file's and its folder's permissions"
        )
    if "locked" in text or "busy" in text:
        return StoreError(
            f"{path}: the TM is busy (another tm is writing to it)", hint="try again when it is done"
        )
    return StoreError(f"{path}: {text}")


class UnitWriter:
    """Adds units of one origin in batches. Use inside a transaction (which makes the ids ours to give).

    Each batch is one ``executemany`` upsert with ids assigned here; the ids that did not become rows
    are the units merged into ones already held, whose ids are then looked up by key.
    """

    def __init__(self, store: SqliteStore, origin_id: int) -> None:
        self.store = store
        self.origin_id = origin_id
        self.added = 0
        self.merged = 0
        self._pending: list[tuple[int, tuple, int]] = []
        row = store.connection.execute("SELECT max(id) FROM units").fetchone()
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
        con = self.store.connection
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
            raise _store_error(self.store.path, err) from None
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


def stats(store: SqliteStore, max_pairs: int = 50) -> TmStats:
    """Units, variants per language, language pairs and origins of a store."""
    con = store.connection
    variants = dict(
        con.execute("SELECT lang, count(*) FROM variants GROUP BY lang ORDER BY count(*) DESC, lang")
    )
    pairs = con.execute(
        "SELECT a.lang, b.lang, count(DISTINCT a.unit_id) FROM variants a JOIN variants b "
        "ON a.unit_id = b.unit_id AND a.lang < b.lang GROUP BY a.lang, b.lang "
        "ORDER BY 3 DESC, 1, 2 LIMIT ?",
        (max_pairs,),
    ).fetchall()
    origins = con.execute(
        "SELECT p.path, p.format, count(DISTINCT o.unit_id) FROM origins p "
        "LEFT JOIN occurrences o ON o.origin_id = p.id GROUP BY p.id ORDER BY p.id"
    ).fetchall()
    statuses = dict(con.execute("SELECT status, count(*) FROM units GROUP BY status ORDER BY status"))
    return TmStats(
        store.path, store.count(), variants, [tuple(p) for p in pairs], [tuple(o) for o in origins], statuses
    )

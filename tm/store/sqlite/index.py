"""The fuzzy-match index inside the SQLite TM: the reads and writes of its tables for the algorithm of
:mod:`tm.store.matchindex` and the bitmaps of :mod:`tm.store.dense` (see there and docs/matching.md), and
how it is built here: as an import writes units (:meth:`SqliteIndex.follow`, the language builds of
:mod:`tm.store.build`, in worker processes for large imports: :mod:`tm.store.follow`), and from
the variants above each language's watermark (:meth:`SqliteIndex.catch_up`), in the transaction that is
open or in one of its own."""

from __future__ import annotations

import contextlib
import json
import sqlite3
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence

from tm.store import dense, workers
from tm.store.build import LangState, LanguageBuild
from tm.store.follow import Following
from tm.store.matchindex import BATCH, IndexBase, Postings, blob
from tm.store.protocol import Probe, Progress, Store
from tm.store.sqlite.rows import Rows, open_readonly
from tm.store.sqlite.sql import chunks, marks

BUSY_MS = 5000  # how long a statement waits for another process's lock (a lookup's catch-up: not at all)


def _has_json(con: sqlite3.Connection) -> bool:
    try:
        con.execute("SELECT json('[]')").fetchone()
    except sqlite3.OperationalError:
        return False
    return True


class SqliteIndex(Following, IndexBase):
    """The match index of one SQLite store.

    ``json_each``: whether this SQLite has JSON (candidates' sequences are then read with the ids bound as
    one JSON array, 2-3x faster than ``IN`` lists of parameters); detected on opening.
    """

    def __init__(self, store: Store, connection: sqlite3.Connection) -> None:
        super().__init__(store)
        self.con = connection
        self.json_each = _has_json(connection)
        self._builds, self._fed = {}, {}  # languages an import is indexing (tm.store.follow)
        self._rows = Rows(connection)

    # -- state -------------------------------------------------------------------------------------------
    def state(self, code: str) -> tuple[int | None, int]:
        row = self.con.execute("SELECT id, watermark FROM match_langs WHERE lang = ?", (code,)).fetchone()
        return (row[0], row[1]) if row else (None, 0)

    def units_above(self, code: str, watermark: int, *, first: bool = False) -> list[int]:
        sql = "SELECT unit_id FROM variants WHERE lang = ? AND unit_id > ?" + (" LIMIT 1" if first else "")
        return [r[0] for r in self.con.execute(sql, (code, watermark))]

    def count_above(self, code: str, watermark: int) -> int:
        return self.con.execute(
            "SELECT count(*) FROM variants WHERE lang = ? AND unit_id > ?", (code, watermark)
        ).fetchone()[0]

    # -- building ----------------------------------------------------------------------------------------
    def catch_up(self, codes: Sequence[str], progress: Progress | None = None, *, wait: bool = True) -> int:
        """Index the variants of ``codes`` above their watermarks; inside a transaction (an import), in
        it, finishing what the import's writers fed (:meth:`follow`); otherwise in a transaction of its
        own (``wait``: for another writer's lock, as long as SQLite's busy timeout; else not at all)."""
        done = 0
        joined = self.con.in_transaction
        try:
            with contextlib.nullcontext() if joined else self._transaction(wait):
                top = self.con.execute("SELECT max(id) FROM units").fetchone()[0] or 0
                self.finish_followed(top)  # what the import's writers fed the index
                for code in codes:
                    done += self._catch_up(code, top, progress)  # nothing where a build finished
        finally:
            self._lang_ids.clear()  # ids read inside a transaction that rolled back would be stale
        return done

    @contextlib.contextmanager
    def _transaction(self, wait: bool) -> Iterator[None]:
        """The store's transaction; ``wait=False``: StoreError (busy) at once where another process holds
        the write lock, instead of SQLite's busy timeout."""
        if wait:
            with self.store.transaction():
                yield
            return
        self.con.execute("PRAGMA busy_timeout = 0")
        try:
            with self.store.transaction():
                self.con.execute(f"PRAGMA busy_timeout = {BUSY_MS}")  # the lock is ours: wait as usual
                yield
        finally:
            self.con.execute(f"PRAGMA busy_timeout = {BUSY_MS}")

    def _catch_up(self, code: str, top: int, progress: Progress | None) -> int:
        state = self.open_state(code)
        if state.watermark >= top:
            return 0
        build = LanguageBuild(state, self._rows, self._rows)
        cursor = self.con.cursor().execute(
            "SELECT unit_id, ord, coalesce(coded, text) FROM variants "
            "WHERE lang = ? AND unit_id > ? AND unit_id <= ? ORDER BY unit_id, ord",
            (code, state.watermark, top),
        )
        done = 0
        while batch := cursor.fetchmany(BATCH):
            build.add(batch)
            done += len(batch)
            if progress is not None:
                progress(len(batch))
        build.finish(top)
        return done

    def open_state(self, code: str) -> LangState:
        """The language's row of match_langs, made when it has none."""
        row = self.con.execute(
            "SELECT id, watermark, tokens, levels FROM match_langs WHERE lang = ?", (code,)
        ).fetchone()
        if row is None:
            lang_id = self.con.execute(
                "INSERT INTO match_langs (lang, levels) VALUES (?, ?) RETURNING id", (code, dense.MAX_LEVEL)
            ).fetchone()[0]
            return LangState(lang_id, 0, 0, dense.MAX_LEVEL)
        return LangState(*row)

    def build_rows(self) -> Rows:
        return self._rows

    def opener(self) -> workers.Opener | None:
        return (open_readonly, self.store.path) if workers.possible(self.store.path) else None

    def in_transaction(self) -> bool:
        return self.con.in_transaction

    # -- the primitives of tm.store.matchindex's catch-up (PostgreSQL's way; kept for its tests here) ----
    def top(self) -> int:
        return self.con.execute("SELECT max(id) FROM units").fetchone()[0] or 0

    def start_language(self, code: str, wait: bool) -> int:
        lang_id = self.state(code)[0]
        if lang_id is None:
            lang_id = self.con.execute(
                "INSERT INTO match_langs (lang, levels) VALUES (?, ?) RETURNING id", (code, dense.MAX_LEVEL)
            ).fetchone()[0]
        return lang_id

    def counters(self, lang_id: int) -> tuple[int, int]:
        return self.con.execute("SELECT tokens, levels FROM match_langs WHERE id = ?", (lang_id,)).fetchone()

    def variants(self, code: str, lo: int, hi: int) -> Iterator[list[tuple[int, int, str]]]:
        cursor = self.con.cursor().execute(
            "SELECT unit_id, ord, coalesce(coded, text) FROM variants "
            "WHERE lang = ? AND unit_id > ? AND unit_id <= ? ORDER BY unit_id, ord",
            (code, lo, hi),
        )
        while batch := cursor.fetchmany(BATCH):
            yield batch

    def vocab_ids(self, lang_id: int, tokens: Sequence[str]) -> Iterable[tuple[str, int]]:
        for part in chunks(tokens):
            yield from self.con.execute(
                f"SELECT token, id FROM match_vocab WHERE lang_id = ? AND token IN ({marks(len(part))})",
                (lang_id, *part),
            )

    def add_vocab(self, lang_id: int, entries: list[tuple[str, int]]) -> None:
        self.con.executemany(
            "INSERT INTO match_vocab (lang_id, token, id, df) VALUES (?, ?, ?, 0)",
            [(lang_id, k, i) for k, i in entries],
        )

    def add_seqs(self, rows: list[tuple[int, int, int, str]]) -> None:
        self.con.executemany("INSERT OR REPLACE INTO match_seqs VALUES (?, ?, ?, ?)", rows)

    def add_postings(self, lang_id: int, postings: Postings, df: Counter[str]) -> None:
        self.con.executemany(
            "UPDATE match_vocab SET df = df + ? WHERE lang_id = ? AND token = ?",
            [(n, lang_id, k) for k, n in df.items()],
        )
        self.con.executemany(
            "INSERT INTO match_postings VALUES (?, ?, ?, ?, ?)",
            [(lang_id, tid, m, arr[0], blob(arr)) for (tid, m), arr in postings.items()],
        )

    def finish_language(self, lang_id: int, watermark: int, tokens: int) -> None:
        self.con.execute(
            "UPDATE match_langs SET watermark = ?, tokens = ? WHERE id = ?", (watermark, tokens, lang_id)
        )

    def postings_since(self, lang_id: int, token_id: int, since: int) -> Iterable[bytes]:
        for (data,) in self.con.execute(
            "SELECT units FROM match_postings WHERE lang_id = ? AND token_id = ? AND len >= 0 AND first > ?",
            (lang_id, token_id, since),
        ):
            yield data

    # -- the bitmaps (tm.store.dense.BitsTable) --------------------------------------------------------------
    def dense_tokens(self, lang_id: int) -> list[int]:
        sql = "SELECT id FROM match_vocab WHERE lang_id = ? AND dense = 1"
        return [r[0] for r in self.con.execute(sql, (lang_id,))]

    def tokens_reaching(self, lang_id: int, df: int) -> list[int]:
        sql = "SELECT id FROM match_vocab WHERE lang_id = ? AND dense = 0 AND df >= ?"
        return [r[0] for r in self.con.execute(sql, (lang_id, df))]

    def mark_dense(self, lang_id: int, token_ids: list[int]) -> None:
        self.con.executemany(
            "UPDATE match_vocab SET dense = 1 WHERE lang_id = ? AND id = ?", [(lang_id, t) for t in token_ids]
        )

    def seqs_between(self, lang_id: int, lo: int, hi: int) -> Iterable[tuple[int, str]]:
        return self.con.execute(
            "SELECT unit_id, seq FROM match_seqs WHERE lang_id = ? AND unit_id > ? AND unit_id <= ?",
            (lang_id, lo, hi),
        )

    def bits_chunk(self, lang_id: int, row: int, chunk: int) -> bytes | None:
        found = self.con.execute(
            "SELECT bits FROM match_bits WHERE lang_id = ? AND token_id = ? AND chunk = ?",
            (lang_id, row, chunk),
        ).fetchone()
        return found[0] if found else None

    def write_bits(self, rows: list[tuple[int, int, int, bytes]]) -> None:
        self.con.executemany("INSERT OR REPLACE INTO match_bits VALUES (?, ?, ?, ?)", rows)

    def read_bits(self, lang_id: int, rows: list[int], n_chunks: int) -> Iterable[tuple[int, int, bytes]]:
        for part in chunks(rows):
            yield from self.con.execute(
                f"SELECT token_id, chunk, bits FROM match_bits WHERE lang_id = ? AND chunk < ? "
                f"AND token_id IN ({marks(len(part))})",
                (lang_id, n_chunks, *part),
            )

    # -- searching ---------------------------------------------------------------------------------------
    def vocab_stats(self, lang_id: int, tokens: Sequence[str]) -> Iterable[tuple[str, int, int, bool]]:
        for part in chunks(tokens):
            yield from self.con.execute(
                f"SELECT token, id, df, dense FROM match_vocab WHERE lang_id = ? AND token IN ({marks(len(part))})",
                (lang_id, *part),
            )

    def vocab_range(self, lang_id: int, lo: str, hi: str) -> Iterable[tuple[int, int, bool]]:
        return self.con.execute(
            "SELECT id, df, dense FROM match_vocab WHERE lang_id = ? AND token >= ? AND token < ?",
            (lang_id, lo, hi),
        )

    def gram_rows(self, lang_id: int, buckets: Sequence[int]) -> Iterable[tuple[int, int]]:
        for part in chunks(buckets):
            yield from self.con.execute(
                f"SELECT token_id, sum(length(units)) / 4 FROM match_postings "
                f"WHERE lang_id = ? AND len = -1 AND token_id IN ({marks(len(part))}) GROUP BY token_id",
                (lang_id, *part),
            )

    def postings(self, lang_id: int, probes: Sequence[Probe]) -> Iterable[tuple[int, int, bytes]]:
        for i, probe in enumerate(probes):
            for m, data in self.con.execute(
                "SELECT len, units FROM match_postings WHERE lang_id = ? AND token_id = ? AND len BETWEEN ? AND ?",
                (lang_id, probe.list_id, probe.lo, probe.hi),
            ):
                yield i, m, data

    def dense_state(self, lang_id: int) -> tuple[int, int]:
        return self.con.execute(
            "SELECT watermark, levels FROM match_langs WHERE id = ?", (lang_id,)
        ).fetchone()

    def seq_rows(self, lang_id: int, unit_ids: Sequence[int]) -> list[tuple[int, str]]:
        if self.json_each:
            try:
                return self.con.execute(
                    "SELECT unit_id, seq FROM match_seqs WHERE lang_id = ? "
                    "AND unit_id IN (SELECT value FROM json_each(?))",
                    (lang_id, json.dumps(list(unit_ids))),
                ).fetchall()
            except sqlite3.OperationalError:
                self.json_each = False  # this SQLite lacks JSON after all: IN lists from now on
        return list(self._rows.seqs(lang_id, unit_ids))

    def token_blobs(self, lang_id: int, token_ids: Sequence[int]) -> Iterable[bytes]:
        for token_id in token_ids:
            for (data,) in self.con.execute(
                "SELECT units FROM match_postings WHERE lang_id = ? AND token_id = ?", (lang_id, token_id)
            ):
                yield data

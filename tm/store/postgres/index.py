"""The fuzzy-match index inside the PostgreSQL TM: the reads and writes of its tables for the algorithm of
:mod:`tm.store.matchindex` and the bitmaps of :mod:`tm.store.dense` (the same tables as SQLite's).

A catch-up takes the store's writer lock first (:meth:`PgStore.lock`) and reads the watermark under it, so
two processes never index the same units: the one that waited finds the work done. A lookup does not wait
for it (an import may hold it for long): it scans what is not indexed instead. Lists of ids and tokens
are sent as arrays (one statement whatever their number, so the server prepares it once); blobs travel
in binary.
"""

from __future__ import annotations

import contextlib
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping, Sequence

import psycopg

from tm.errors import StoreBusy
from tm.store import dense, workers
from tm.store.build import LangState, LanguageBuild
from tm.store.follow import Following
from tm.store.matchindex import BATCH, IndexBase, Postings, blob
from tm.store.postgres.rows import PgRows, open_committed
from tm.store.postgres.sql import Locking
from tm.store.protocol import IndexStatus, Probe, Progress

# The postings held per bigram bucket. Driven from the buckets (one index probe on the whole key prefix
# each): a table never analysed (just filled by a first import; autovacuum has not come by) gets a generic
# plan that reads every bucket row of the language through (lang_id, len) and filters the few asked for,
# 10-100 ms a lookup where this takes a fraction of one.
GRAM_SIZES = (
    "SELECT b.id, s.n FROM unnest(%s::bigint[]) AS b(id) CROSS JOIN LATERAL (SELECT "
    "sum(octet_length(m.units))::bigint / 4 AS n FROM match_postings m WHERE m.lang_id = %s "
    "AND m.token_id = b.id AND m.len = -1) s WHERE s.n IS NOT NULL"
)


READ_AHEAD = 64  # candidates whose pairs are read with their key sequences (see PgIndex.seq_rows)
KEEP = 200_000  # entries kept at most from one snapshot to the next (see PgIndex._keep)


class PgIndex(Following, IndexBase):
    """The match index of one PostgreSQL store.

    ``levels``: no exact-match search before the one at the minimum score (tm.match.lookup.LEVELS): each
    search is two round trips to the server (postings, then key sequences), which the early stop it
    sometimes allows does not pay for here as it does in-process. Results are the same either way.
    """

    levels: tuple[float, ...] = ()

    def __init__(self, store: Locking, connection: psycopg.Connection) -> None:
        super().__init__(store)
        self.pg = store
        self.con = connection
        # inside a snapshot nothing changes: what was read is kept until it ends (a lookup searches at two
        # levels, reading the same vocabulary, bigram sizes and state twice); None outside one
        self.memo: dict | None = None
        # ... and the next snapshots that find the TM's change counter (every write transaction raises it
        # as it commits: PgStore.data_version) and the languages' index states as they were see the same
        # index: they go on with what the earlier ones read (the query tokens' vocabulary, bigram sizes)
        self._kept: tuple[int, dict] | None = None
        self._builds, self._fed = {}, {}  # languages an import is indexing (tm.store.follow)

    def _binary(self) -> psycopg.Cursor:
        return self.con.cursor(binary=True)

    # -- state -------------------------------------------------------------------------------------------
    def state(self, code: str) -> tuple[int | None, int]:
        memo = self.memo
        if memo is not None and ("state", code) in memo:
            return memo["state", code]
        row = self.con.execute("SELECT id, watermark FROM match_langs WHERE lang = %s", (code,)).fetchone()
        found = (row[0], row[1]) if row else (None, 0)
        if memo is not None:
            memo["state", code] = found
        return found

    def status(self, codes: Sequence[str]) -> IndexStatus:
        """One statement per language: its state and the units above its watermark (and the TM's change
        counter: what an earlier snapshot read of the index is kept while it stays the same)."""
        tail: set[int] = set()
        langs = []
        seen: list[tuple] = []
        for code in codes:
            lang_id, watermark, levels, above, changes = self.con.execute(
                "SELECT l.id, coalesce(l.watermark, 0), l.levels, ARRAY(SELECT v.unit_id FROM variants v "
                "WHERE v.lang = x.lang AND v.unit_id > coalesce(l.watermark, 0)), "
                "(SELECT changes FROM tm_schema) "
                'FROM (SELECT %s::text COLLATE "C" AS lang) x LEFT JOIN match_langs l ON l.lang = x.lang',
                (code,),
            ).fetchone()
            seen.append((code, lang_id, watermark, levels, changes))
            if lang_id is not None:
                langs.append(code)
            tail.update(above)
        if self.memo is not None:
            if seen:
                self._keep(seen[0][4])
            for code, lang_id, watermark, levels, _ in seen:
                self.memo["state", code] = (lang_id, watermark)
                if lang_id is not None:
                    self.memo["dense", lang_id] = (watermark, levels)
        return IndexStatus(tuple(langs), tuple(sorted(tail)))

    def carry_over(self, version: int) -> None:
        """Inside a lookup's snapshot that found the TM's change counter at ``version``
        (:meth:`PgStore.data_version`): go on with what the earlier snapshots at the same version read. A
        matcher that finds the counter unchanged no longer asks for :meth:`status`, which did this before,
        and every lookup read its vocabulary and watermark again."""
        if self.memo is not None:
            self._keep(version)

    def _keep(self, version: int) -> None:
        """Go on with what earlier snapshots read when the TM has not changed since (``version``: the
        change counter, which every write transaction raises, index writes included), else start again
        (and at :data:`KEEP` entries)."""
        kept = self._kept
        if kept is not None and kept[0] == version and len(kept[1]) < KEEP:
            kept[1].update(self.memo)
            self.memo = kept[1]
        else:
            self._kept = (version, self.memo)

    def units_above(self, code: str, watermark: int, *, first: bool = False) -> list[int]:
        sql = "SELECT unit_id FROM variants WHERE lang = %s AND unit_id > %s" + (" LIMIT 1" if first else "")
        return [r[0] for r in self.con.execute(sql, (code, watermark))]

    def count_above(self, code: str, watermark: int) -> int:
        return self.con.execute(
            "SELECT count(*) FROM variants WHERE lang = %s AND unit_id > %s", (code, watermark)
        ).fetchone()[0]

    # -- building ----------------------------------------------------------------------------------------
    def top(self) -> int:
        return self.con.execute("SELECT coalesce(max(id), 0) FROM units").fetchone()[0]

    def in_transaction(self) -> bool:
        return self.con.info.transaction_status != psycopg.pq.TransactionStatus.IDLE

    def start_language(self, code: str, wait: bool) -> int:
        if not self.pg.lock(wait=wait):
            raise StoreBusy(f"{self.pg.path}: the TM is busy (another tm is writing to it)")
        lang_id = self.state(code)[0]
        if lang_id is None:
            lang_id = self.con.execute(
                "INSERT INTO match_langs (id, lang, levels) SELECT coalesce(max(id), 0) + 1, %s, %s "
                "FROM match_langs RETURNING id",
                (code, dense.MAX_LEVEL),
            ).fetchone()[0]
        return lang_id

    def counters(self, lang_id: int) -> tuple[int, int]:
        return self.con.execute("SELECT tokens, levels FROM match_langs WHERE id = %s", (lang_id,)).fetchone()

    # -- following an import (tm.store.follow) ---------------------------------------------------------------
    def open_state(self, code: str) -> LangState:
        """Under the writer lock (taken here if the writer has not yet): the state the import commits on."""
        lang_id = self.start_language(code, True)
        return LangState(lang_id, self.state(code)[1], *self.counters(lang_id))

    def build_rows(self) -> PgRows:
        return PgRows(self.con)

    def opener(self) -> workers.Opener | None:
        return (open_committed, self.pg.url) if workers.possible(self.pg.path) else None

    def variants(self, code: str, lo: int, hi: int, n: int = 0) -> Iterator[list[tuple[int, int, str]]]:
        """(``n``: several at once are numbered apart.)"""
        with self.con.cursor(name=f"tm_index_variants{n}") as cursor:
            cursor.itersize = BATCH
            cursor.execute(
                "SELECT unit_id, ord, coalesce(coded, text) FROM variants "
                "WHERE lang = %s AND unit_id > %s AND unit_id <= %s ORDER BY unit_id, ord",
                (code, lo, hi),
            )
            while batch := cursor.fetchmany(BATCH):
                yield batch

    def vocab_ids(self, lang_id: int, tokens: Sequence[str]) -> Iterable[tuple[str, int]]:
        if not tokens:
            return []
        return self.con.execute(
            "SELECT token, id FROM match_vocab WHERE lang_id = %s AND token = ANY(%s)",
            (lang_id, list(tokens)),
        )

    def _copy(self, table: str, columns: str, types: list[str], rows: Iterable[tuple]) -> None:
        with self._binary().copy(f"COPY {table} ({columns}) FROM STDIN (FORMAT BINARY)") as copy:
            copy.set_types(types)
            for row in rows:
                copy.write_row(row)

    def add_vocab(self, lang_id: int, entries: list[tuple[str, int]]) -> None:
        if entries:
            rows = ((lang_id, k, i, 0, 0) for k, i in entries)
            self._copy(
                "match_vocab", "lang_id, token, id, df, dense", ["int4", "text", "int4", "int4", "int4"], rows
            )

    def add_seqs(self, rows: list[tuple[int, int, int, str]]) -> None:
        # units above the watermark have no sequence yet: a plain COPY (the watermark moves in the same
        # transaction, under the writer lock)
        self._copy("match_seqs", "lang_id, unit_id, ord, seq", ["int4", "int8", "int4", "text"], rows)

    def add_postings(self, lang_id: int, postings: Postings, df: Counter[str]) -> None:
        if df:
            self.con.execute(
                "UPDATE match_vocab v SET df = v.df + d.n FROM unnest(%s::text[], %s::int[]) AS d(token, n) "
                "WHERE v.lang_id = %s AND v.token = d.token",
                (list(df), list(df.values()), lang_id),
            )
        rows = ((lang_id, tid, m, arr[0], blob(arr)) for (tid, m), arr in postings.items())
        self._copy(
            "match_postings",
            "lang_id, token_id, len, first, units",
            ["int4", "int8", "int4", "int8", "bytea"],
            rows,
        )

    def catch_up(self, codes: Sequence[str], progress: Progress | None = None, *, wait: bool = True) -> int:
        """As :meth:`IndexBase.catch_up`, each language through :class:`tm.store.build.LanguageBuild` (as
        SQLite's: bitmaps as it goes, every row by COPY): inside an import's transaction, first finishing
        what its writers fed (:mod:`tm.store.follow`); a language with :data:`workers.MIN_ROWS` variants
        still to index is built in a worker process (:mod:`tm.store.workers`, reading the index as
        committed through its own connection), fed from here and its rows written here, so that the
        languages are built at once."""
        done = 0
        try:
            with contextlib.nullcontext() if self.in_transaction() else self.store.transaction():
                langs = [(code, self.start_language(code, wait)) for code in codes]
                top = self.top()
                self.finish_followed(top)  # then their watermarks are at the top: nothing left below
                builds: list[tuple[str, LangState, LanguageBuild | workers.WorkerBuild]] = []
                rows = PgRows(self.con)
                try:
                    for code, lang_id in langs:
                        # read under the lock: another writer may have moved it
                        watermark = self.state(code)[1]
                        if watermark >= top:
                            continue
                        state = LangState(lang_id, watermark, *self.counters(lang_id))
                        if (
                            workers.possible(self.pg.path)
                            and self.count_above(code, watermark) >= workers.MIN_ROWS
                        ):
                            build: LanguageBuild | workers.WorkerBuild = workers.WorkerBuild(
                                (open_committed, self.pg.url), state, rows
                            )
                        else:
                            build = LanguageBuild(state, rows, rows)
                        builds.append((code, state, build))
                    # the languages' batches in turn, so that the workers build at once
                    feeds = [
                        (build, self.variants(code, state.watermark, top, i))
                        for i, (code, state, build) in enumerate(builds)
                    ]
                    while feeds:
                        for build, feed in list(feeds):
                            batch = next(feed, None)
                            if batch is None:
                                feeds.remove((build, feed))
                                if isinstance(build, workers.WorkerBuild):
                                    build.ask_finish(top)
                                continue
                            build.add(batch)
                            done += len(batch)
                            if progress is not None:
                                progress(len(batch))
                    for _, _, build in builds:
                        build.finish(top)
                    self.pg.grown += done
                except BaseException:
                    workers.stop(build for _, _, build in builds)
                    raise
        finally:
            self._lang_ids.clear()  # ids read inside a transaction that rolled back would be stale
        return done

    def finish_language(self, lang_id: int, watermark: int, tokens: int) -> None:
        self.con.execute(
            "UPDATE match_langs SET watermark = %s, tokens = %s WHERE id = %s", (watermark, tokens, lang_id)
        )

    def postings_since(self, lang_id: int, token_id: int, since: int) -> Iterable[bytes]:
        rows = self._binary().execute(
            "SELECT units FROM match_postings WHERE lang_id = %s AND token_id = %s AND len >= 0 AND first > %s",
            (lang_id, token_id, since),
        )
        return (r[0] for r in rows)

    # -- the bitmaps (tm.store.dense.BitsTable) --------------------------------------------------------------
    def dense_tokens(self, lang_id: int) -> list[int]:
        sql = "SELECT id FROM match_vocab WHERE lang_id = %s AND dense = 1"
        return [r[0] for r in self.con.execute(sql, (lang_id,))]

    def tokens_reaching(self, lang_id: int, df: int) -> list[int]:
        sql = "SELECT id FROM match_vocab WHERE lang_id = %s AND dense = 0 AND df >= %s"
        return [r[0] for r in self.con.execute(sql, (lang_id, df))]

    def mark_dense(self, lang_id: int, token_ids: list[int]) -> None:
        if token_ids:
            self.con.execute(
                "UPDATE match_vocab SET dense = 1 WHERE lang_id = %s AND id = ANY(%s)", (lang_id, token_ids)
            )

    def seqs_between(self, lang_id: int, lo: int, hi: int) -> Iterable[tuple[int, str]]:
        cursor = self.con.cursor(name="tm_index_seqs")
        cursor.itersize = BATCH
        cursor.execute(
            "SELECT unit_id, seq FROM match_seqs WHERE lang_id = %s AND unit_id > %s AND unit_id <= %s",
            (lang_id, lo, hi),
        )
        try:
            yield from cursor
        finally:
            cursor.close()

    def bits_chunk(self, lang_id: int, row: int, chunk: int) -> bytes | None:
        found = (
            self._binary()
            .execute(
                "SELECT bits FROM match_bits WHERE lang_id = %s AND token_id = %s AND chunk = %s",
                (lang_id, row, chunk),
            )
            .fetchone()
        )
        return found[0] if found else None

    def write_bits(self, rows: list[tuple[int, int, int, bytes]]) -> None:
        if not rows:
            return
        self._binary().executemany(
            "INSERT INTO match_bits (lang_id, token_id, chunk, bits) VALUES (%s, %s, %s, %b) "
            "ON CONFLICT (lang_id, token_id, chunk) DO UPDATE SET bits = excluded.bits",
            rows,
        )

    def read_bits(self, lang_id: int, rows: list[int], n_chunks: int) -> Iterable[tuple[int, int, bytes]]:
        return self._binary().execute(
            "SELECT token_id, chunk, bits FROM match_bits WHERE lang_id = %s AND chunk < %s "
            "AND token_id = ANY(%s)",
            (lang_id, n_chunks, rows),
        )

    # -- searching ---------------------------------------------------------------------------------------
    def vocab_stats(self, lang_id: int, tokens: Sequence[str]) -> Iterable[tuple[str, int, int, bool]]:
        memo = self.memo
        if memo is None:
            return self._vocab(lang_id, tokens)
        missing = [t for t in tokens if ("vocab", lang_id, t) not in memo]
        if missing:
            for t in missing:
                memo["vocab", lang_id, t] = None
            for row in self._vocab(lang_id, missing):
                memo["vocab", lang_id, row[0]] = row
        return [r for r in (memo["vocab", lang_id, t] for t in tokens) if r is not None]

    def _vocab(self, lang_id: int, tokens: Sequence[str]) -> list[tuple[str, int, int, bool]]:
        return self.con.execute(
            "SELECT token, id, df, dense FROM match_vocab WHERE lang_id = %s AND token = ANY(%s)",
            (lang_id, list(tokens)),
        ).fetchall()

    def vocab_range(self, lang_id: int, lo: str, hi: str) -> Iterable[tuple[int, int, bool]]:
        return self.con.execute(
            "SELECT id, df, dense FROM match_vocab WHERE lang_id = %s AND token >= %s AND token < %s",
            (lang_id, lo, hi),
        )

    def gram_rows(self, lang_id: int, buckets: Sequence[int]) -> Iterable[tuple[int, int]]:
        memo = self.memo
        if memo is not None:
            missing = [b for b in buckets if ("gram", lang_id, b) not in memo]
        else:
            missing = list(buckets)
        found = []
        if missing:
            found = self.con.execute(GRAM_SIZES, (missing, lang_id)).fetchall()
        if memo is None:
            return found
        for b in missing:
            memo["gram", lang_id, b] = None
        for b, size in found:
            memo["gram", lang_id, b] = size
        return [(b, memo["gram", lang_id, b]) for b in buckets if memo["gram", lang_id, b] is not None]

    def postings(self, lang_id: int, probes: Sequence[Probe]) -> Iterable[tuple[int, int, bytes]]:
        if not probes:
            return []
        return self._binary().execute(
            "SELECT q.i, m.len, m.units FROM unnest(%s::int[], %s::bigint[], %s::int[], %s::int[]) "
            "AS q(i, token_id, lo, hi) JOIN match_postings m ON m.lang_id = %s AND m.token_id = q.token_id "
            "AND m.len BETWEEN q.lo AND q.hi",
            (
                list(range(len(probes))),
                [p.list_id for p in probes],
                [p.lo for p in probes],
                [p.hi for p in probes],
                lang_id,
            ),
        )

    def dense_candidates(
        self, code: str, weights: Mapping[int, int], sparse: Sequence[Probe], need: Mapping[int, int]
    ) -> list[int]:
        """As :meth:`IndexBase.dense_candidates`, with the sparse tokens' postings and the dense tokens'
        bitmaps read in one round trip (pipelined)."""
        with self.con.pipeline():
            return super().dense_candidates(code, weights, sparse, need)

    def dense_state(self, lang_id: int) -> tuple[int, int]:
        memo = self.memo
        if memo is not None and ("dense", lang_id) in memo:
            return memo["dense", lang_id]
        found = self.con.execute(
            "SELECT watermark, levels FROM match_langs WHERE id = %s", (lang_id,)
        ).fetchone()
        if memo is not None:
            memo["dense", lang_id] = found
        return found

    def seq_rows(self, lang_id: int, unit_ids: Sequence[int]) -> list[tuple[int, str]]:
        """The key sequences; inside a lookup's snapshot, with at most :data:`READ_AHEAD` units, their
        pairs read in the same round trip (:meth:`PgStore.read_ahead`: the matcher verifies the
        candidates best first, :data:`tm.match.lookup.VERIFY_BATCH` at a time)."""
        sql = "SELECT unit_id, seq FROM match_seqs WHERE lang_id = %s AND unit_id = ANY(%s)"
        if self.memo is None or len(unit_ids) > READ_AHEAD:
            return self.con.execute(sql, (lang_id, list(unit_ids))).fetchall()
        with self.con.pipeline():
            seqs = self.con.execute(sql, (lang_id, list(unit_ids)))
            self.pg.read_ahead(unit_ids)
        return seqs.fetchall()

    def token_blobs(self, lang_id: int, token_ids: Sequence[int]) -> Iterable[bytes]:
        rows = self._binary().execute(
            "SELECT units FROM match_postings WHERE lang_id = %s AND token_id = ANY(%s)",
            (lang_id, list(token_ids)),
        )
        return (r[0] for r in rows)

"""The fuzzy-match index inside the SQLite TM (:class:`tm.store.protocol.MatchIndex`): keeping it up to
date (as an import writes units, :meth:`SqliteIndex.follow`; from the variants above each language's
watermark, :meth:`SqliteIndex.catch_up`; the building itself is :mod:`tm.store.sqlite.build`, in worker
processes for large imports, :mod:`tm.store.sqlite.workers`), and the reads the candidate plans of
:mod:`tm.match.plans` ask for.

Per language (a variant's exact code, ``match_langs``): ``match_vocab`` maps each key token to an id, its
document frequency and whether it is dense (has bitmaps, :mod:`tm.store.sqlite.dense`); ``match_seqs``
holds each variant's key sequence (:func:`tm.store.encoding.code_point`); ``match_postings`` holds, per
(token, sequence length), chunks of unit ids as little-endian uint32 blobs, and per bigram bucket (length
-1) the same. A dense token keeps no postings past the build that made it dense (``match_bits`` row
:data:`dense.DENSE_ROW` lists the dense tokens; an index built before that row existed kept postings of
every token, and is read as it is): its postings are served from its bitmap and the length slices.
Nothing is loaded when a TM opens. See docs/matching.md.
"""

from __future__ import annotations

import contextlib
import json
import sqlite3
from array import array
from collections import Counter
from collections.abc import Iterator, Mapping, Sequence

from tm.errors import StoreError
from tm.store.protocol import IndexStatus, Probe, Progress, ProgressFactory, Store, TokenStats
from tm.store.sqlite import dense, workers
from tm.store.sqlite.build import LangState, LanguageBuild, unblob
from tm.store.sqlite.rows import Rows
from tm.store.sqlite.sql import chunks, marks

BATCH = 20_000  # variants tokenised per step of a catch-up
BUSY_MS = 5000  # how long a statement waits for another process's lock (a lookup's catch-up: not at all)


def _has_json(con: sqlite3.Connection) -> bool:
    try:
        con.execute("SELECT json('[]')").fetchone()
    except sqlite3.OperationalError:
        return False
    return True


class SqliteIndex:
    """The match index of one SQLite store.

    ``json_each``: whether this SQLite has JSON (candidates' sequences are then read with the ids bound as
    one JSON array, 2-3x faster than ``IN`` lists of parameters); detected on opening.
    """

    def __init__(self, store: Store, connection: sqlite3.Connection) -> None:
        self.store = store
        self.con = connection
        self.cache = dense.Cache()  # length bitmaps kept between lookups (see dense.Cache)
        self.json_each = _has_json(connection)
        self._lang_ids: dict[str, int] = {}  # committed languages' ids (cleared by every catch-up)
        self._builds: dict[str, LanguageBuild] = {}  # languages an import is indexing (see follow)
        self.following = False  # writers of the transaction feed follow()
        self._rows = Rows(connection)
        self._dense_ids: dict[tuple[int, int], frozenset[int] | None] = {}

    # -- state -------------------------------------------------------------------------------------------
    def _state(self, code: str) -> tuple[int | None, int]:
        """(lang id, watermark) of a language; (None, 0) when it has never been indexed."""
        row = self.con.execute("SELECT id, watermark FROM match_langs WHERE lang = ?", (code,)).fetchone()
        return (row[0], row[1]) if row else (None, 0)

    def _lang_id(self, code: str) -> int | None:
        found = self._lang_ids.get(code)
        if found is None:
            found = self._state(code)[0]
            if found is not None:
                self._lang_ids[code] = found
        return found

    def watermark(self, code: str) -> int:
        return self._state(code)[1]

    def _behind(self, code: str) -> bool:
        """Whether units newer than the watermark hold ``code``."""
        row = self.con.execute(
            "SELECT 1 FROM variants WHERE lang = ? AND unit_id > ? LIMIT 1", (code, self.watermark(code))
        ).fetchone()
        return row is not None

    def pending(self, codes: Sequence[str]) -> int:
        return sum(
            self.con.execute(
                "SELECT count(*) FROM variants WHERE lang = ? AND unit_id > ?", (code, self.watermark(code))
            ).fetchone()[0]
            for code in codes
        )

    def _tail(self, codes: Sequence[str]) -> list[int]:
        """Units holding one of ``codes`` above its watermark (not indexed yet)."""
        out: set[int] = set()
        for code in codes:
            out.update(
                r[0]
                for r in self.con.execute(
                    "SELECT unit_id FROM variants WHERE lang = ? AND unit_id > ?",
                    (code, self.watermark(code)),
                )
            )
        return sorted(out)

    def ready(self, codes: Sequence[str], progress: ProgressFactory | None = None) -> IndexStatus:
        """Catch up only where no other process is writing: the write lock is tried without waiting, so
        that of several processes looking up at once one indexes and the others scan what it lacks."""
        behind = [c for c in codes if self._behind(c)]
        if behind and not self.store.readonly:
            self.con.execute("PRAGMA busy_timeout = 0")
            try:
                self.catch_up(behind, progress(self.pending(behind)) if progress else None)
            except StoreError:
                pass  # busy (or failing): what is not indexed is scanned
            finally:
                self.con.execute(f"PRAGMA busy_timeout = {BUSY_MS}")
        langs = tuple(c for c in codes if self._lang_id(c) is not None)
        return IndexStatus(langs, tuple(self._tail(codes)))

    # -- building ----------------------------------------------------------------------------------------
    def catch_up(self, codes: Sequence[str], progress: Progress | None = None) -> int:
        """Index the variants of ``codes`` above their watermarks; inside a transaction (an import), in
        it, finishing what the import's writers fed (:meth:`follow`); otherwise in a transaction of its
        own."""
        done = 0
        joined = self.con.in_transaction
        try:
            with contextlib.nullcontext() if joined else self.store.transaction():
                top = self.con.execute("SELECT max(id) FROM units").fetchone()[0] or 0
                followed, self._builds = self._builds, {}
                try:
                    for build in followed.values():
                        if isinstance(build, workers.WorkerBuild):
                            build.ask_finish(top)  # every worker finishes at once
                    for code in dict.fromkeys([*codes, *followed]):
                        build = followed.get(code)
                        if isinstance(build, workers.Waiting):  # few: built here after all
                            waiting, build = build, LanguageBuild(build.state, self._rows, self._rows)
                            waiting.into(build)
                        if build is not None:
                            build.finish(top)  # what the import's writers fed it is all it lacks
                        else:
                            done += self._catch_up(code, top, progress)
                except BaseException:
                    _stop(followed.values())
                    raise
        finally:
            self._lang_ids.clear()  # ids read inside a transaction that rolled back would be stale
        return done

    def _catch_up(self, code: str, top: int, progress: Progress | None) -> int:
        state = self._open_state(code)
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

    def _open_state(self, code: str) -> LangState:
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

    def follow(self, rows: Sequence[tuple[int, int, str, str]]) -> None:
        """Index ``(unit id, ordinal, language, content)`` rows an import has just written (unit ids
        ascending, above every watermark), inside its transaction; :meth:`catch_up` finishes them."""
        by_lang: dict[str, list[tuple[int, int, str]]] = {}
        for uid, ord_, lang, content in rows:
            by_lang.setdefault(lang, []).append((uid, ord_, content))
        for lang, part in by_lang.items():
            build = self._builds.get(lang)
            if build is None:
                state = self._open_state(lang)
                # a language's variants wait until they are many, then go to a worker process (one per
                # language: this process has the units to write and the workers' rows besides); a small
                # import builds them here at its end
                if workers.possible(self.store.path):
                    build = workers.Waiting(state)
                else:
                    build = LanguageBuild(state, self._rows, self._rows)
                self._builds[lang] = build
                backlog = self.con.execute(
                    "SELECT unit_id, ord, coalesce(coded, text) FROM variants "
                    "WHERE lang = ? AND unit_id > ? AND unit_id < ? ORDER BY unit_id, ord",
                    (lang, build.state.watermark, part[0][0]),
                ).fetchall()  # units written before indexing started (tm import --no-index)
                if backlog:
                    build.add(backlog)
            build.add(part)
            if isinstance(build, workers.Waiting) and build.count >= workers.MIN_ROWS:
                worker = self._builds[lang] = workers.WorkerBuild(self.store.path, build.state, self._rows)
                build.into(worker)

    def finish_builds(self) -> None:
        """Finish what writers fed (:meth:`follow`), in the transaction about to commit."""
        self.following = False
        if self._builds:
            self.catch_up(list(self._builds))

    def drop_builds(self) -> None:
        """Forget the builds of a transaction that rolled back (ending their workers)."""
        self.following = False
        _stop(self._builds.values())
        self._builds.clear()
        self._lang_ids.clear()

    # -- searching ---------------------------------------------------------------------------------------
    def tokens(self, code: str, tokens: Sequence[str]) -> dict[str, TokenStats]:
        lang_id = self._lang_id(code)
        out: dict[str, TokenStats] = {}
        if lang_id is None:
            return out
        for part in chunks(list(tokens)):
            for token, tid, df, is_dense in self.con.execute(
                f"SELECT token, id, df, dense FROM match_vocab WHERE lang_id = ? AND token IN ({marks(len(part))})",
                (lang_id, *part),
            ):
                out[token] = TokenStats(tid, df, bool(is_dense))
        return out

    def prefixed(self, code: str, prefix: str) -> list[TokenStats]:
        lang_id = self._lang_id(code)
        if lang_id is None:
            return []
        return [
            TokenStats(tid, df, bool(is_dense))
            for tid, df, is_dense in self.con.execute(
                "SELECT id, df, dense FROM match_vocab WHERE lang_id = ? AND token >= ? AND token < ?",
                (lang_id, prefix, prefix + "\U0010ffff"),
            )
        ]

    def gram_sizes(self, code: str, buckets: Sequence[int]) -> dict[int, int]:
        lang_id = self._lang_id(code)
        out: dict[int, int] = {}
        if lang_id is None:
            return out
        for part in chunks(sorted(set(buckets))):
            for tid, size in self.con.execute(
                f"SELECT token_id, sum(length(units)) / 4 FROM match_postings "
                f"WHERE lang_id = ? AND len = -1 AND token_id IN ({marks(len(part))}) GROUP BY token_id",
                (lang_id, *part),
            ):
                out[tid] = size
        return out

    def _dense_set(self, lang_id: int, state: tuple[int, int]) -> frozenset[int]:
        """The ids of the tokens whose postings are their bitmaps (kept with the watermark they were read
        at: a build only ever adds to them). An index built before builds wrote this row keeps postings
        of every token: none."""
        key = (lang_id, state[0])
        found = self._dense_ids.get(key)
        if found is None:
            row = self.con.execute(
                "SELECT bits FROM match_bits WHERE lang_id = ? AND token_id = ? AND chunk = 0",
                (lang_id, dense.DENSE_ROW),
            ).fetchone()
            if len(self._dense_ids) >= 64:
                self._dense_ids.clear()
            found = self._dense_ids[key] = frozenset(unblob(row[0])) if row else frozenset()
        return found

    def _postings(self, lang_id: int, list_id: int, lo: int, hi: int, state) -> Iterator[tuple[int, array]]:
        """The unit ids of a posting list at each length from ``lo`` to ``hi``; ``state``: the language's
        (watermark, levels), for a dense token, whose postings come from its bitmap."""
        if list_id > 0 and list_id in self._dense_set(lang_id, state):
            yield from dense.postings(self.con, lang_id, state, list_id, lo, hi, self.cache)
            return
        for m, blob in self.con.execute(
            "SELECT len, units FROM match_postings WHERE lang_id = ? AND token_id = ? AND len BETWEEN ? AND ?",
            (lang_id, list_id, lo, hi),
        ):
            yield m, unblob(blob)

    def count_candidates(self, code: str, probes: Sequence[Probe], required: Mapping[int, int]) -> list[int]:
        lang_id = self._lang_id(code)
        if lang_id is None:
            return []
        state = self._dense_state(lang_id)
        counts: dict[int, Counter[int]] = {}
        for probe in probes:
            for m, arr in self._postings(lang_id, probe.list_id, probe.lo, probe.hi, state):
                cnt = counts.get(m)
                if cnt is None:
                    cnt = counts[m] = Counter()
                for _ in range(probe.weight):
                    cnt.update(arr)
        found: set[int] = set()
        for m, cnt in counts.items():
            need = required[m]
            found.update(uid for uid, c in cnt.items() if c >= need)
        return sorted(found)

    def _dense_state(self, lang_id: int) -> tuple[int, int]:
        """(watermark, occurrence levels) of a language's bitmaps."""
        return self.con.execute(
            "SELECT watermark, levels FROM match_langs WHERE id = ?", (lang_id,)
        ).fetchone()

    def dense_cost(
        self, code: str, weights: Mapping[int, int], need: Mapping[int, int], sparse: int
    ) -> float:
        lang_id = self._lang_id(code)
        if lang_id is None:
            return float("inf")
        top, levels = self._dense_state(lang_id)
        maps = sum(min(w, max(levels, 1)) for w in weights.values())  # bitmaps read
        return dense.cost(maps, len(dense.bands(need)), top, sparse)

    def dense_candidates(
        self, code: str, weights: Mapping[int, int], sparse: Sequence[Probe], need: Mapping[int, int]
    ) -> list[int]:
        lang_id = self._lang_id(code)
        if lang_id is None:
            return []
        state = tuple(self._dense_state(lang_id))
        lists = (
            (probe.weight, arr)
            for probe in sparse
            for _, arr in self._postings(lang_id, probe.list_id, probe.lo, probe.hi, state)
        )
        return dense.candidates(self.con, lang_id, state, Counter(weights), lists, need, self.cache)

    def sequences(self, code: str, unit_ids: Sequence[int] | None) -> list[tuple[int, str]]:
        lang_id = self._lang_id(code)
        if lang_id is None:
            return []
        if unit_ids is None:
            return self.con.execute(
                "SELECT unit_id, seq FROM match_seqs WHERE lang_id = ?", (lang_id,)
            ).fetchall()
        if not unit_ids:
            return []
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

    def units_with(self, code: str, token_ids: Sequence[int]) -> set[int]:
        lang_id = self._lang_id(code)
        out: set[int] = set()
        if lang_id is None:
            return out
        state = self._dense_state(lang_id)
        for token_id in token_ids:
            if token_id in self._dense_set(lang_id, state):
                out.update(dense.units(self.con, lang_id, state, token_id))
                continue
            for (blob,) in self.con.execute(
                "SELECT units FROM match_postings WHERE lang_id = ? AND token_id = ?", (lang_id, token_id)
            ):
                out.update(unblob(blob))
        return out


def _stop(builds) -> None:
    """End the workers among ``builds`` (a failed or abandoned import)."""
    for build in builds:
        if isinstance(build, workers.WorkerBuild):
            build.stop()

"""The fuzzy-match index inside the SQLite TM (:class:`tm.store.protocol.MatchIndex`): building it from
the variants above each language's watermark, and the reads the candidate plans of :mod:`tm.match.plans`
ask for.

Per language (a variant's exact code, ``match_langs``): ``match_vocab`` maps each key token to an id, its
document frequency and whether it is dense (has bitmaps, :mod:`tm.store.sqlite.dense`); ``match_seqs``
holds each variant's key sequence (:func:`tm.store.encoding.code_point`); ``match_postings`` holds, per
(token, sequence length), chunks of unit ids as little-endian uint32 blobs, and per bigram bucket (length
-1) the same. Nothing is loaded when a TM opens. See docs/matching.md.
"""

from __future__ import annotations

import json
import sqlite3
import sys
from array import array
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping, Sequence

from tm.errors import StoreError
from tm.store.encoding import EMPTY_TOKEN, code_point, gram_bucket, keys_of
from tm.store.protocol import IndexStatus, Probe, Progress, ProgressFactory, Store, TokenStats
from tm.store.sqlite import dense
from tm.store.sqlite.sql import chunks, marks

BATCH = 20_000  # variants tokenised and written per step of a build
FLUSH_POSTINGS = 25_000_000  # postings held in memory (~100 MB) before they are written


def _blob(ids: array) -> bytes:
    if sys.byteorder == "big":
        ids = array("I", ids)
        ids.byteswap()
    return ids.tobytes()


def _ids(blob: bytes) -> array:
    out = array("I")
    out.frombytes(blob)
    if sys.byteorder == "big":
        out.byteswap()
    return out


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
        behind = [c for c in codes if self._behind(c)]
        if behind and not self.store.readonly:
            try:
                self.catch_up(behind, progress(self.pending(behind)) if progress else None)
            except StoreError:
                pass  # busy: what is not indexed is scanned
        langs = tuple(c for c in codes if self._lang_id(c) is not None)
        return IndexStatus(langs, tuple(self._tail(codes)))

    # -- building ----------------------------------------------------------------------------------------
    def catch_up(self, codes: Sequence[str], progress: Progress | None = None) -> int:
        done = 0
        try:
            with self.store.transaction():
                top = self.con.execute("SELECT max(id) FROM units").fetchone()[0] or 0
                for code in codes:
                    done += self._catch_up(code, top, progress)
        finally:
            self._lang_ids.clear()  # ids read inside a transaction that rolled back would be stale
        return done

    def _catch_up(self, code: str, top: int, progress: Progress | None) -> int:
        con = self.con
        lang_id, watermark = self._state(code)
        if lang_id is None:
            lang_id = con.execute(
                "INSERT INTO match_langs (lang, levels) VALUES (?, ?) RETURNING id", (code, dense.MAX_LEVEL)
            ).fetchone()[0]
        if watermark >= top:
            return 0
        tokens, levels = con.execute(
            "SELECT tokens, levels FROM match_langs WHERE id = ?", (lang_id,)
        ).fetchone()
        next_id = tokens + 1
        cursor = con.cursor().execute(
            "SELECT unit_id, ord, coalesce(coded, text) FROM variants "
            "WHERE lang = ? AND unit_id > ? AND unit_id <= ? ORDER BY unit_id, ord",
            (code, watermark, top),
        )
        done = 0
        ids: dict[str, int] = {}  # token -> id, for the tokens met in this catch-up
        df: Counter[str] = Counter()
        postings: dict[tuple[int, int], array] = {}
        held = 0
        while batch := cursor.fetchmany(BATCH):
            keyed = [(uid, ord_, keys_of(text)) for uid, ord_, text in batch]
            unseen = sorted({k for _, _, keys in keyed for k in keys if k not in ids})
            for part in chunks(unseen):
                ids.update(
                    con.execute(
                        f"SELECT token, id FROM match_vocab WHERE lang_id = ? AND token IN ({marks(len(part))})",
                        (lang_id, *part),
                    ).fetchall()
                )
            new = [k for k in unseen if k not in ids]
            for k in new:
                ids[k] = next_id
                next_id += 1
            con.executemany(
                "INSERT INTO match_vocab (lang_id, token, id, df) VALUES (?, ?, ?, 0)",
                [(lang_id, k, ids[k]) for k in new],
            )
            seqs = []
            for uid, ord_, keys in keyed:
                tids = [ids[k] for k in keys]
                seqs.append((lang_id, uid, ord_, "".join([code_point(t) for t in tids])))
                m = len(keys)
                df.update(set(keys))
                lists = [(t, m) for t in set(tids)] if keys else [(EMPTY_TOKEN, 0)]
                lists += [(gram_bucket(a, b), -1) for a, b in set(zip(tids, tids[1:], strict=False))]
                for key in lists:
                    arr = postings.get(key)
                    if arr is None:
                        postings[key] = array("I", (uid,))
                    elif arr[-1] != uid:
                        arr.append(uid)
                held += len(lists)
            con.executemany("INSERT OR REPLACE INTO match_seqs VALUES (?, ?, ?, ?)", seqs)
            if held >= FLUSH_POSTINGS:
                self._flush(lang_id, postings, df)
                held = 0
            done += len(batch)
            if progress is not None:
                progress(len(batch))
        self._flush(lang_id, postings, df)
        dense.catch_up(
            con, lang_id, watermark, top, levels, lambda t, since: self._written(lang_id, t, since)
        )
        con.execute(
            "UPDATE match_langs SET watermark = ?, tokens = ? WHERE id = ?", (top, next_id - 1, lang_id)
        )
        return done

    def _written(self, lang_id: int, token_id: int, since: int) -> Iterable[array]:
        """The unit ids of a token's postings rows written after unit ``since`` (all lengths)."""
        for (blob,) in self.con.execute(
            "SELECT units FROM match_postings WHERE lang_id = ? AND token_id = ? AND len >= 0 AND first > ?",
            (lang_id, token_id, since),
        ):
            yield _ids(blob)

    def _flush(self, lang_id: int, postings: dict[tuple[int, int], array], df: Counter[str]) -> None:
        """Write the postings and document frequencies gathered so far (one row per token and length)."""
        self.con.executemany(
            "UPDATE match_vocab SET df = df + ? WHERE lang_id = ? AND token = ?",
            [(n, lang_id, k) for k, n in df.items()],
        )
        self.con.executemany(
            "INSERT INTO match_postings VALUES (?, ?, ?, ?, ?)",
            [(lang_id, tid, m, arr[0], _blob(arr)) for (tid, m), arr in postings.items()],
        )
        postings.clear()
        df.clear()

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

    def _postings(self, lang_id: int, list_id: int, lo: int, hi: int) -> Iterator[tuple[int, array]]:
        for m, blob in self.con.execute(
            "SELECT len, units FROM match_postings WHERE lang_id = ? AND token_id = ? AND len BETWEEN ? AND ?",
            (lang_id, list_id, lo, hi),
        ):
            yield m, _ids(blob)

    def count_candidates(self, code: str, probes: Sequence[Probe], required: Mapping[int, int]) -> list[int]:
        lang_id = self._lang_id(code)
        if lang_id is None:
            return []
        counts: dict[int, Counter[int]] = {}
        for probe in probes:
            for m, arr in self._postings(lang_id, probe.list_id, probe.lo, probe.hi):
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
        lists = (
            (probe.weight, arr)
            for probe in sparse
            for _, arr in self._postings(lang_id, probe.list_id, probe.lo, probe.hi)
        )
        state = tuple(self._dense_state(lang_id))
        return dense.candidates(self.con, lang_id, state, Counter(weights), lists, need, self.cache)

    def sequences(self, code: str, unit_ids: Sequence[int]) -> list[tuple[int, str]]:
        lang_id = self._lang_id(code)
        if not unit_ids or lang_id is None:
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
        out: list[tuple[int, str]] = []
        for part in chunks(list(unit_ids)):
            out += self.con.execute(
                f"SELECT unit_id, seq FROM match_seqs WHERE lang_id = ? AND unit_id IN ({marks(len(part))})",
                (lang_id, *part),
            ).fetchall()
        return out

    def units_with(self, code: str, token_ids: Sequence[int]) -> set[int]:
        lang_id = self._lang_id(code)
        out: set[int] = set()
        if lang_id is None:
            return out
        for token_id in token_ids:
            for (blob,) in self.con.execute(
                "SELECT units FROM match_postings WHERE lang_id = ? AND token_id = ?", (lang_id, token_id)
            ):
                out.update(_ids(blob))
        return out

"""The fuzzy-match index every backend keeps (:class:`tm.store.protocol.MatchIndex`): building it from the
variants above each language's watermark, and the reads the candidate plans of :mod:`tm.match.plans` ask
for. The algorithm lives here; each backend (``tm/store/sqlite/index.py``, ``tm/store/postgres/index.py``)
supplies the few reads and writes of its own tables, the primitives of :class:`IndexBase`.

Per language (a variant's exact code, ``match_langs``): ``match_vocab`` maps each key token to an id, its
document frequency and whether it is dense (has bitmaps, :mod:`tm.store.dense`); ``match_seqs`` holds each
variant's key sequence (:func:`tm.store.encoding.code_point`); ``match_postings`` holds, per (token,
sequence length), chunks of unit ids as little-endian uint32 blobs, and per bigram bucket (length -1) the
same. Nothing is loaded when a TM opens. See docs/matching.md.
"""

from __future__ import annotations

import contextlib
import sys
from abc import ABC, abstractmethod
from array import array
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping, Sequence

from tm.errors import StoreBusy
from tm.store import dense
from tm.store.encoding import EMPTY_TOKEN, code_point, gram_bucket, keys_of
from tm.store.protocol import IndexStatus, Probe, Progress, ProgressFactory, Store, TokenStats

BATCH = 20_000  # variants tokenised and written per step of a build
FLUSH_POSTINGS = 25_000_000  # postings held in memory (~100 MB) before they are written

Postings = dict[tuple[int, int], array]  # (token or bigram list id, length) -> unit ids


def blob(ids: array) -> bytes:
    """Unit ids as a little-endian uint32 blob (how postings are stored)."""
    if sys.byteorder == "big":
        ids = array("I", ids)
        ids.byteswap()
    return ids.tobytes()


def ids_of(data: bytes) -> array:
    out = array("I")
    out.frombytes(data)
    if sys.byteorder == "big":
        out.byteswap()
    return out


class IndexBase(ABC):
    """The match index of one store; subclasses implement the primitives on their tables (and
    :class:`tm.store.dense.BitsTable` for the bitmaps)."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.cache = dense.Cache()  # length bitmaps kept between lookups (see dense.Cache)
        self._lang_ids: dict[str, int] = {}  # committed languages' ids (cleared by every catch-up)
        self._dense_ids: dict[tuple[int, int], frozenset[int]] = {}  # see _dense_set

    # -- primitives ----------------------------------------------------------------------------------------
    @abstractmethod
    def state(self, code: str) -> tuple[int | None, int]:
        """(lang id, watermark) of a language; (None, 0) when it has never been indexed."""

    @abstractmethod
    def units_above(self, code: str, watermark: int, *, first: bool = False) -> list[int]:
        """Ids of the units holding a variant of ``code`` above ``watermark`` (``first``: at most one)."""

    @abstractmethod
    def count_above(self, code: str, watermark: int) -> int:
        """Variants of ``code`` in units above ``watermark``."""

    @abstractmethod
    def top(self) -> int:
        """The highest unit id (inside the catch-up's transaction)."""

    @abstractmethod
    def start_language(self, code: str, wait: bool) -> int:
        """Inside a catch-up: the language's id, registering it (with :data:`dense.MAX_LEVEL` levels) if new.
        A backend with several writers at once excludes the others here (``wait``: for a while, else not at
        all), raising StoreError when it cannot."""

    @abstractmethod
    def counters(self, lang_id: int) -> tuple[int, int]:
        """(tokens numbered so far, occurrence levels) of a language."""

    @abstractmethod
    def variants(self, code: str, lo: int, hi: int) -> Iterator[list[tuple[int, int, str]]]:
        """Batches of :data:`BATCH` (unit id, ord, content) of the variants of ``code`` in units
        ``(lo, hi]``, in unit and ord order."""

    @abstractmethod
    def vocab_ids(self, lang_id: int, tokens: Sequence[str]) -> Iterable[tuple[str, int]]: ...

    @abstractmethod
    def add_vocab(self, lang_id: int, entries: list[tuple[str, int]]) -> None:
        """New (token, id) entries, document frequency 0."""

    @abstractmethod
    def add_seqs(self, rows: list[tuple[int, int, int, str]]) -> None:
        """(lang id, unit id, ord, key sequence) rows, replacing any there."""

    @abstractmethod
    def add_postings(self, lang_id: int, postings: Postings, df: Counter[str]) -> None:
        """Write postings rows (one per list and length) and add to the tokens' document frequencies."""

    @abstractmethod
    def finish_language(self, lang_id: int, watermark: int, tokens: int) -> None: ...

    @abstractmethod
    def postings_since(self, lang_id: int, token_id: int, since: int) -> Iterable[bytes]:
        """Blobs of a token's postings rows (all lengths) whose first unit is above ``since``."""

    @abstractmethod
    def vocab_stats(self, lang_id: int, tokens: Sequence[str]) -> Iterable[tuple[str, int, int, bool]]:
        """(token, id, df, dense) of the given tokens."""

    @abstractmethod
    def vocab_range(self, lang_id: int, lo: str, hi: str) -> Iterable[tuple[int, int, bool]]:
        """(id, df, dense) of the tokens ``lo <= token < hi`` (code-point order)."""

    @abstractmethod
    def gram_rows(self, lang_id: int, buckets: Sequence[int]) -> Iterable[tuple[int, int]]:
        """(bucket, postings held) of the given bigram buckets."""

    @abstractmethod
    def postings(self, lang_id: int, probes: Sequence[Probe]) -> Iterable[tuple[int, int, bytes]]:
        """(probe index, length, blob) of every postings row the probes read."""

    @abstractmethod
    def dense_state(self, lang_id: int) -> tuple[int, int]:
        """(watermark, occurrence levels) of a language's bitmaps."""

    @abstractmethod
    def seq_rows(self, lang_id: int, unit_ids: Sequence[int]) -> list[tuple[int, str]]: ...

    @abstractmethod
    def token_blobs(self, lang_id: int, token_ids: Sequence[int]) -> Iterable[bytes]:
        """Blobs of every postings row of the given tokens, at any length."""

    # -- state -------------------------------------------------------------------------------------------
    def _lang_id(self, code: str) -> int | None:
        found = self._lang_ids.get(code)
        if found is None:
            found = self.state(code)[0]
            if found is not None:
                self._lang_ids[code] = found
        return found

    def watermark(self, code: str) -> int:
        return self.state(code)[1]

    def pending(self, codes: Sequence[str]) -> int:
        return sum(self.count_above(code, self.watermark(code)) for code in codes)

    def status(self, codes: Sequence[str]) -> IndexStatus:
        """What :meth:`ready` returns, without catching up: the languages indexed and the units above
        their watermarks."""
        tail: set[int] = set()
        for code in codes:
            tail.update(self.units_above(code, self.watermark(code)))
        langs = tuple(c for c in codes if self._lang_id(c) is not None)
        return IndexStatus(langs, tuple(sorted(tail)))

    def ready(self, codes: Sequence[str], progress: ProgressFactory | None = None) -> IndexStatus:
        behind = [c for c in codes if self.units_above(c, self.watermark(c), first=True)]
        if behind and not self.store.readonly:
            try:
                self.catch_up(behind, progress(self.pending(behind)) if progress else None, wait=False)
            except StoreBusy:
                pass  # another writer: what is not indexed is scanned (any other failure is an error)
        return self.status(codes)

    # -- building ----------------------------------------------------------------------------------------
    @abstractmethod
    def in_transaction(self) -> bool:
        """Whether the store's connection is inside a transaction (an import's)."""

    def catch_up(self, codes: Sequence[str], progress: Progress | None = None, *, wait: bool = True) -> int:
        """Index the variants of ``codes`` above their watermarks in one transaction: the one open (an
        import's, whose units it indexes with the rest), or one of its own (``wait``: for another writer
        to finish, else StoreError at once where the backend has several writers)."""
        done = 0
        try:
            with contextlib.nullcontext() if self.in_transaction() else self.store.transaction():
                langs = [(code, self.start_language(code, wait)) for code in codes]
                top = self.top()
                for code, lang_id in langs:
                    done += self._catch_up(code, lang_id, top, progress)
        finally:
            self._lang_ids.clear()  # ids read inside a transaction that rolled back would be stale
        return done

    def _catch_up(self, code: str, lang_id: int, top: int, progress: Progress | None) -> int:
        watermark = self.state(code)[1]  # read after start_language: another writer may have moved it
        if watermark >= top:
            return 0
        tokens, levels = self.counters(lang_id)
        next_id = tokens + 1
        done = 0
        ids: dict[str, int] = {}  # token -> id, for the tokens met in this catch-up
        df: Counter[str] = Counter()
        postings: Postings = {}
        held = 0
        for batch in self.variants(code, watermark, top):
            keyed = [(uid, ord_, keys_of(text)) for uid, ord_, text in batch]
            unseen = sorted({k for _, _, keys in keyed for k in keys if k not in ids})
            ids.update(self.vocab_ids(lang_id, unseen))
            new = [k for k in unseen if k not in ids]
            for k in new:
                ids[k] = next_id
                next_id += 1
            self.add_vocab(lang_id, [(k, ids[k]) for k in new])
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
            self.add_seqs(seqs)
            if held >= FLUSH_POSTINGS:
                self.add_postings(lang_id, postings, df)
                postings.clear()
                df.clear()
                held = 0
            done += len(batch)
            if progress is not None:
                progress(len(batch))
        self.add_postings(lang_id, postings, df)
        dense.catch_up(
            self,  # type: ignore[arg-type]  # subclasses implement dense.BitsTable
            lang_id,
            watermark,
            top,
            levels,
            lambda t, since: (ids_of(b) for b in self.postings_since(lang_id, t, since)),
        )
        self.finish_language(lang_id, top, next_id - 1)
        return done

    # -- searching ---------------------------------------------------------------------------------------
    def tokens(self, code: str, tokens: Sequence[str]) -> dict[str, TokenStats]:
        lang_id = self._lang_id(code)
        if lang_id is None:
            return {}
        return {
            token: TokenStats(tid, df, bool(is_dense))
            for token, tid, df, is_dense in self.vocab_stats(lang_id, list(tokens))
        }

    def vocabulary(self, code: str) -> dict[str, int]:
        """Every token of the variants up to the watermark, tokenised as a build tokenises them, and its id
        (the vocabulary also holds the tokens of removed units, whose variants are gone: left out). A
        backend may read its vocabulary table instead."""
        lang_id = self._lang_id(code)
        if lang_id is None:
            return {}
        tokens: set[str] = set()
        with self.store.snapshot():  # one state (a backend may read the variants through a cursor)
            for batch in self.variants(code, 0, self.watermark(code)):
                for _, _, content in batch:
                    tokens.update(keys_of(content))
            return dict(self.vocab_ids(lang_id, sorted(tokens)))

    def prefixed(self, code: str, prefix: str) -> list[TokenStats]:
        lang_id = self._lang_id(code)
        if lang_id is None:
            return []
        return [
            TokenStats(tid, df, bool(is_dense))
            for tid, df, is_dense in self.vocab_range(lang_id, prefix, prefix + "\U0010ffff")
        ]

    def gram_sizes(self, code: str, buckets: Sequence[int]) -> dict[int, int]:
        lang_id = self._lang_id(code)
        if lang_id is None or not buckets:
            return {}
        return dict(self.gram_rows(lang_id, sorted(set(buckets))))

    def _dense_set(self, lang_id: int, state: tuple[int, int]) -> frozenset[int]:
        """The ids of the tokens whose postings are their bitmaps: a build of :mod:`tm.store.build` keeps
        none of a dense token, and lists the dense tokens in row :data:`dense.DENSE_ROW` (kept with the
        watermark it was read at: a build only ever adds to it). An index without that row (built the
        old way, or by a backend that keeps postings of every token) has none."""
        key = (lang_id, state[0])
        found = self._dense_ids.get(key)
        if found is None:
            row = self.bits_chunk(lang_id, dense.DENSE_ROW, 0)  # type: ignore[attr-defined]  # BitsTable
            if len(self._dense_ids) >= 64:
                self._dense_ids.clear()
            found = self._dense_ids[key] = frozenset(ids_of(row)) if row else frozenset()
        return found

    def _lists(self, lang_id: int, probes: Sequence[Probe]) -> Iterator[tuple[int, int, array]]:
        """(probe index, length, unit ids) of every list the probes read: postings rows, and a dense
        token's postings per length from its bitmap and the length slices. The postings are asked for
        at once (a backend may send the reads that follow in the same round trip), read when iterated."""
        state = tuple(self.dense_state(lang_id))
        from_bits = self._dense_set(lang_id, state)
        stored = [p for p in probes if not (p.list_id > 0 and p.list_id in from_bits)]
        rows = self.postings(lang_id, stored) if stored else ()
        return self._read_lists(lang_id, probes, stored, rows, from_bits, state)

    def _read_lists(
        self,
        lang_id: int,
        probes: Sequence[Probe],
        stored: list[Probe],
        rows: Iterable[tuple[int, int, bytes]],
        from_bits: frozenset[int],
        state: tuple,
    ) -> Iterator[tuple[int, int, array]]:
        index = {id(p): i for i, p in enumerate(probes)}
        for i, m, data in rows:
            yield index[id(stored[i])], m, ids_of(data)
        for i, p in enumerate(probes):
            if p.list_id > 0 and p.list_id in from_bits:
                for m, ids in dense.postings(self, lang_id, state, p.list_id, p.lo, p.hi, self.cache):  # type: ignore[arg-type]
                    yield i, m, ids

    def count_candidates(self, code: str, probes: Sequence[Probe], required: Mapping[int, int]) -> list[int]:
        lang_id = self._lang_id(code)
        if lang_id is None or not probes:
            return []
        counts: dict[int, Counter[int]] = {}
        for i, m, arr in self._lists(lang_id, probes):
            cnt = counts.get(m)
            if cnt is None:
                cnt = counts[m] = Counter()
            for _ in range(probes[i].weight):
                cnt.update(arr)
        found: set[int] = set()
        for m, cnt in counts.items():
            need = required[m]
            found.update(uid for uid, c in cnt.items() if c >= need)
        return sorted(found)

    def dense_cost(
        self, code: str, weights: Mapping[int, int], need: Mapping[int, int], sparse: int
    ) -> float:
        lang_id = self._lang_id(code)
        if lang_id is None:
            return float("inf")
        top, levels = self.dense_state(lang_id)
        maps = sum(min(w, max(levels, 1)) for w in weights.values())  # bitmaps read
        return dense.cost(maps, len(dense.bands(need)), top, sparse)

    def dense_candidates(
        self, code: str, weights: Mapping[int, int], sparse: Sequence[Probe], need: Mapping[int, int]
    ) -> list[int]:
        lang_id = self._lang_id(code)
        if lang_id is None:
            return []
        rows = self._lists(lang_id, sparse) if sparse else ()
        lists = ((sparse[i].weight, arr) for i, _, arr in rows)
        state = tuple(self.dense_state(lang_id))
        return dense.candidates(
            self,  # type: ignore[arg-type]  # subclasses implement dense.BitsTable
            lang_id,
            state,
            Counter(weights),
            lists,
            need,
            self.cache,
        )

    def sequences(self, code: str, unit_ids: Sequence[int] | None) -> list[tuple[int, str]]:
        lang_id = self._lang_id(code)
        if lang_id is None:
            return []
        if unit_ids is None:  # every sequence the index holds (below its watermark)
            return list(self.seqs_between(lang_id, 0, self.dense_state(lang_id)[0]))  # type: ignore[attr-defined]
        if not unit_ids:
            return []
        return self.seq_rows(lang_id, unit_ids)

    def units_with(self, code: str, token_ids: Sequence[int]) -> set[int]:
        lang_id = self._lang_id(code)
        out: set[int] = set()
        if lang_id is None or not token_ids:
            return out
        state = tuple(self.dense_state(lang_id))
        from_bits = self._dense_set(lang_id, state)
        stored = [t for t in token_ids if t not in from_bits]
        for data in self.token_blobs(lang_id, stored) if stored else ():
            out.update(ids_of(data))
        for token_id in token_ids:
            if token_id in from_bits:
                out.update(dense.units(self, lang_id, state, token_id))  # type: ignore[arg-type]
        return out

"""Building the match index of one language (either backend's index) from variants given in unit id
order: what an import does as it writes units, and what a catch-up does from the variants above the
watermark.

Everything is gathered in memory and handed to a :class:`Sink` as rows; what the index held before the
build is read from a :class:`Source`. Both are the store's own connection in the importing process (and
for a catch-up); a worker process building one language while the import writes (see
:mod:`tm.store.follow` and :mod:`tm.store.workers`) reads the TM as it was before the import through its own connection and
sends its rows to the writing process.

Per unit, the work is a few C-level passes (``map``, ``set``) over its key tokens, and one append per
posting:

- the key sequence (one code point per token id, :func:`tm.store.encoding.code_point`);
- a *dense* token (document frequency past :func:`tm.store.dense.threshold`) gets its unit into a
  list of the current chunk of :data:`dense.CHUNK` unit ids, which becomes a bitmap row when the chunk is
  done; it has no postings (the index's reads serve a dense token's postings from its bitmap and the
  length slices);
- any other token gets its unit into the posting list of (token, sequence length), held until the end of
  the build (one row per list); a token that turns dense on the way (checked at each chunk's end, and at
  the end against the TM's final size) has its postings so far, and its old postings in the TM, turned
  into bitmaps;
- every bigram of token ids gets the unit into its bucket's list (written in several rows when memory
  asks for it);
- a token held several times gets the unit into its occurrence levels (bitmaps of the dense tokens'
  units holding them 2, 3, ... times), and the unit's length goes into the chunk's length slices.
"""

from __future__ import annotations

from array import array
from bisect import bisect_left
from collections import Counter, _count_elements, deque
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from itertools import chain, compress, islice, repeat
from operator import add
from typing import Protocol

from tm.store import dense
from tm.store.encoding import EMPTY_TOKEN, GRAM_BUCKETS, code_point, gram_parts, keys_of
from tm.store.matchindex import blob, ids_of

CHECK = 4096  # tokens may turn dense every this many unit ids (a power of two)
GRAM_FLUSH = 8_000_000  # bigram postings held in memory (~32 MB) before they are handed over as rows
_MASK = GRAM_BUCKETS - 1
_SHIFT = 32  # a posting list of (token, length) is the key token << 32 | length while it is built
_DENSE_ROW = dense.DENSE_ROW


@dataclass
class LangState:
    """A language's row of ``match_langs``: its id, watermark, highest token id and occurrence levels."""

    lang_id: int
    watermark: int
    tokens: int
    levels: int


class Source(Protocol):
    """The index as it was before the build (the build never reads what it has written itself)."""

    def vocab(self, lang_id: int, tokens: Sequence[str]) -> Iterable[tuple[str, int, int, int]]:
        """(token, id, df, dense) of the given tokens the vocabulary holds."""
        ...

    def dense_tokens(self, lang_id: int) -> Iterable[tuple[str, int, int]]:
        """(token, id, df) of the tokens that are dense."""
        ...

    def bits(self, lang_id: int, row: int, chunk: int) -> bytes | None: ...

    def postings(self, lang_id: int, token_id: int) -> Iterable[bytes]:
        """The stored postings of a token, all lengths (blobs of unit ids)."""
        ...

    def seqs(self, lang_id: int, unit_ids: Sequence[int]) -> Iterable[tuple[int, str]]: ...


class Sink(Protocol):
    """Where the rows go (the TM's tables, in the import's transaction)."""

    def write_seqs(self, lang_id: int, uids: list[int], ords: list[int], seqs: list[str]) -> None: ...
    def write_postings(self, rows: list[tuple]) -> None: ...
    def write_bits(self, rows: list[tuple]) -> None:
        """``(lang_id, row, chunk, bits)``, replacing a row already there."""
        ...

    def write_vocab(self, new: list[tuple], changed: list[tuple]) -> None:
        """``new``: (lang_id, token, id, df, dense) rows; ``changed``: (df, dense, lang_id, token)."""
        ...

    def done(self, lang_id: int, watermark: int, tokens: int) -> None: ...


class LanguageBuild:
    """The index of one language, extended with the variants :meth:`add` is given (unit ids above the
    watermark, ascending; a unit's variants together or in consecutive calls), until :meth:`finish`."""

    def __init__(self, state: LangState, source: Source, sink: Sink) -> None:
        self.state, self.source, self.sink = state, source, sink
        self.lang_id = state.lang_id
        self.levels = max(state.levels, 1)
        self.next_id = state.tokens + 1
        # per key token met: its id, and what the per-unit passes look up (code point, id << 32, the
        # bigram bucket shares)
        self.ids: dict[str, int] = {}
        self.chars: dict[str, str] = {}
        self.shifted: dict[str, int] = {}
        self.part_a: dict[str, int] = {}
        self.part_b: dict[str, int] = {}
        self.df0: dict[str, int] = {}  # document frequency before the build
        self.known_dense: set[str] = set()  # dense before the build
        self.new: list[str] = []  # tokens added by the build
        self.dense: set[str] = set()  # dense now
        for token, tid, df in source.dense_tokens(self.lang_id):
            self._register(token, tid, df)
            self.dense.add(token)
            self.known_dense.add(token)
        self.sparse_df: Counter[str] = Counter()  # units (of the build) holding a non-dense token ...
        self.dense_df: Counter[str] = Counter()  # ... and a dense one
        self.postings: dict[int, array] = _Lists()  # (token id << 32 | length) -> units, non-dense tokens
        self.grams: dict[int, array] = _Lists()  # bigram bucket -> unit ids
        self.gram_held = 0
        self.sparse_levels: dict[str, list[int]] = {}  # non-dense token -> unit << 8 | count
        self.level_keys = _LevelKeys(self.levels, self.dense)  # (token, count) -> [(token, 2), ...]
        self.top = state.watermark
        self.first_chunk = (state.watermark + 1) >> dense.CHUNK_SHIFT
        self._open_chunk(self.first_chunk)
        # the next unit id at which tokens may turn dense
        self.check_at = min((state.watermark | (CHECK - 1)) + 1, self.chunk_end)
        # the rows of the last unit seen, which may go on (unit ids, ordinals, contents)
        self._held: tuple[list[int], list[int], list[str]] = ([], [], [])

    # -- tokens ------------------------------------------------------------------------------------------
    def _register(self, token: str, tid: int, df: int) -> None:
        self.ids[token] = tid
        self.chars[token] = code_point(tid)
        self.shifted[token] = tid << _SHIFT
        self.part_a[token], self.part_b[token] = gram_parts(tid)
        self.df0[token] = df

    def _learn(self, keyed: list[tuple[str, ...]]) -> None:
        """Ids for the batch's tokens the build has not met: the vocabulary's, or new ones, the most
        frequent first (rapidfuzz matches code points below 256 fastest: common tokens get them)."""
        counts: dict[str, int] = {}
        for keys in keyed:
            _count_elements(counts, keys)
        unseen = set(counts).difference(self.ids)
        if not unseen:
            return
        for token, tid, df, _ in self.source.vocab(self.lang_id, sorted(unseen)):
            self._register(token, tid, df)
        for token in sorted(unseen.difference(self.ids), key=lambda t: (-counts[t], t)):
            self._register(token, self.next_id, 0)
            self.new.append(token)
            self.next_id += 1

    # -- adding ------------------------------------------------------------------------------------------
    def add(self, rows: Sequence[tuple[int, int, str]]) -> None:
        """Index ``(unit id, ordinal, content)`` rows, in unit id order (a unit's rows may continue in the
        next call: the last unit's are held until then)."""
        if rows:
            uids, ords, contents = zip(*rows, strict=True)
            self.add_columns(uids, ords, contents)

    def add_columns(self, uids: Sequence[int], ords: Sequence[int], contents: Sequence[str]) -> None:
        """:meth:`add` with the rows as three columns (what a worker process receives)."""
        held_uids, held_ords, held_contents = self._held
        if held_uids:
            uids, ords, contents = (
                held_uids + list(uids),
                held_ords + list(ords),
                held_contents + list(contents),
            )
        if not uids:
            return
        last, cut = uids[-1], len(uids)
        while cut and uids[cut - 1] == last:
            cut -= 1
        self._held = (list(uids[cut:]), list(ords[cut:]), list(contents[cut:]))
        if cut:
            self._add(uids[:cut], ords[:cut], contents[:cut])

    def _add(self, uids: Sequence[int], ords: Sequence[int], contents: Sequence[str]) -> None:
        keyed = list(map(keys_of, contents))
        chars = self.chars
        try:
            seqs = ["".join(map(chars.__getitem__, keys)) for keys in keyed]
        except KeyError:  # tokens this build has not met yet
            self._learn(keyed)
            seqs = ["".join(map(chars.__getitem__, keys)) for keys in keyed]
        self.sink.write_seqs(self.lang_id, list(uids), list(ords), seqs)
        if all(map(int.__lt__, uids, islice(uids, 1, None))):  # one variant of the language per unit
            self._units(zip(uids, keyed, repeat(None)))
            return
        units: list[tuple[int, tuple[str, ...], list[tuple[str, ...]] | None]] = []
        for uid, keys in zip(uids, keyed, strict=True):
            if units and units[-1][0] == uid:
                if units[-1][2] is None:
                    units[-1] = (uid, units[-1][1], [units[-1][1]])
                units[-1][2].append(keys)  # another variant of the same language
            else:
                units.append((uid, keys, None))
        self._units(units)

    def _units(self, units: Iterable[tuple[int, tuple[str, ...], list[tuple[str, ...]] | None]]) -> None:
        """The per-unit passes (the hot loop of a build: locals only, C-level maps); a unit is its id, the
        keys of its first variant and, where it has several variants of the language, all of them."""
        part_a, part_b, shifted = self.part_a, self.part_b, self.shifted
        is_dense, sparse_df, level_keys = self.dense, self.sparse_df, self.level_keys
        chain_from = chain.from_iterable
        post_get, gram_get = self.postings.__getitem__, self.grams.__getitem__
        chunk_get, lengths, check_at = self.chunk_lists.__getitem__, self.chunk_lengths, self.check_at
        cap, append, held = dense.LENGTH_CAP, array.append, 0
        uid = None
        for uid, keys, variants in units:
            if uid >= check_at:
                self.top = uid - 1
                self._checkpoint(self.top)
                if uid >= self.chunk_end:
                    self._close_chunk()
                    self._open_chunk(uid >> dense.CHUNK_SHIFT)
                check_at = self.check_at = min((uid | (CHECK - 1)) + 1, self.chunk_end)
                chunk_get, lengths = self.chunk_lists.__getitem__, self.chunk_lengths
            m = len(keys)
            tokens = set(keys)
            grams = set(
                map(
                    _MASK.__and__,
                    map(add, map(part_a.__getitem__, keys), map(part_b.__getitem__, islice(keys, 1, None))),
                )
            )
            counts: dict[str, int] | None = None
            if len(tokens) < m:
                counts = {}
                _count_elements(counts, keys)
            if variants:
                tokens, grams, counts, m = self._merge(variants, tokens, grams, counts)
                self.chunk_multi.append(uid)
            here = tokens & is_dense
            if here:  # (their document frequencies are counted when the chunk closes)
                deque(map(append, map(chunk_get, here), repeat(uid)), 0)
                tokens -= here
            if tokens:
                _count_elements(sparse_df, tokens)
            if variants:
                deque(map(append, map(post_get, self._lists(variants, here)), repeat(uid)), 0)
            elif tokens:
                deque(
                    map(append, map(post_get, map(m.__or__, map(shifted.__getitem__, tokens))), repeat(uid)),
                    0,
                )
            elif not m:
                post_get(EMPTY_TOKEN).append(uid)
            deque(map(append, map(gram_get, grams), repeat(uid)), 0)
            held += len(grams)
            if counts is not None:  # tokens held several times: the levels of the dense ones, ...
                repeated = list(compress(counts.items(), map((1).__lt__, counts.values())))
                deque(
                    map(
                        append, map(chunk_get, chain_from(map(level_keys.__getitem__, repeated))), repeat(uid)
                    ),
                    0,
                )
                if tokens:  # ... and of the others, kept until they turn dense
                    for token, count in repeated:
                        if token in tokens:
                            self.sparse_levels.setdefault(token, []).append(uid << 8 | min(count, 255))
            lengths[m if m < cap else cap].append(uid)
        if uid is not None:
            self.top = uid
        self.gram_held += held
        if self.gram_held >= GRAM_FLUSH:
            self._flush_grams()

    def _merge(self, variants, tokens, grams, counts):
        """A unit holding several variants of the language: its tokens and bigrams are the union over
        them, each token counted as often as the variant holding it most, its length the longest."""
        part_a, part_b = self.part_a, self.part_b
        counts = dict(counts or dict.fromkeys(tokens, 1))
        for keys in variants[1:]:
            tokens = tokens | set(keys)
            grams = grams | set(
                map(
                    _MASK.__and__,
                    map(add, map(part_a.__getitem__, keys), map(part_b.__getitem__, islice(keys, 1, None))),
                )
            )
            own: dict[str, int] = {}
            _count_elements(own, keys)
            for token, count in own.items():
                if count > counts.get(token, 0):
                    counts[token] = count
        return tokens, grams, counts, max(len(keys) for keys in variants)

    def _lists(self, variants, dense_here: set[str]) -> set[int]:
        """The (token, length) posting lists of a unit with several variants of the language."""
        out: set[int] = set()
        for keys in variants:
            m = len(keys)
            if m:
                out.update(map(m.__or__, map(self.shifted.__getitem__, set(keys) - dense_here)))
            else:
                out.add(EMPTY_TOKEN)
        return out

    # -- chunks of unit ids: bitmaps of the dense tokens, levels, lengths -----------------------------------
    def _open_chunk(self, chunk: int) -> None:
        self.chunk = chunk
        self.chunk_end = (chunk + 1) << dense.CHUNK_SHIFT
        self.chunk_lists: dict = _Lists()
        self.chunk_lengths: list[list[int]] = [[] for _ in range(dense.LENGTH_CAP + 1)]
        self.chunk_multi: list[int] = []
        self.chunk_moved: Counter[str] = Counter()  # units moved into the chunk's lists by _turn

    def _close_chunk(self) -> None:
        """Bitmap rows of the chunk: each dense token's, its levels', the length slices, the multi row."""
        chunk, base = self.chunk, self.chunk << dense.CHUNK_SHIFT
        rows: dict[int, bytearray] = {}
        for key, uids in self.chunk_lists.items():
            if isinstance(key, tuple):
                token, level = key
                row = dense.level_row(self.ids[token], level)
            else:
                row = self.ids[key]
                # the units the chunk added (those moved in by a token turning dense were counted)
                self.dense_df[key] += len(uids) - self.chunk_moved[key]
            rows[row] = _bits(uids, base)
        slices = [bytearray(dense.CHUNK_BYTES) for _ in range(dense.LENGTH_BITS)]
        for value, uids in enumerate(self.chunk_lengths):
            if uids:
                bits = int.from_bytes(_bits(uids, base), "little")
                for b in range(dense.LENGTH_BITS):
                    if value >> b & 1:
                        slices[b] = _or(slices[b], bits)
        for b, bits in enumerate(slices):
            rows[dense.LENGTH_ROW - b] = bits
        rows[dense.MULTI_ROW] = _bits(self.chunk_multi, base)
        self._write_bits(chunk, rows)

    def _write_bits(self, chunk: int, rows: dict[int, bytearray]) -> None:
        """Hand the chunk's bitmap rows over, OR-ed into what the TM holds where the chunk has old units."""
        out = []
        old_units = (chunk << dense.CHUNK_SHIFT) <= self.state.watermark
        for row, bits in rows.items():
            if old_units:
                before = self.source.bits(self.lang_id, row, chunk)
                if before is not None:
                    bits = _or(bits, int.from_bytes(before, "little"))
            if bits.count(0) != dense.CHUNK_BYTES:
                out.append((self.lang_id, row, chunk, bytes(bits)))
        self.sink.write_bits(out)

    def _checkpoint(self, top: int) -> None:
        """Tokens whose document frequency reached the threshold for a TM up to unit ``top`` turn dense:
        their postings (of the build and stored) and their levels become bitmaps."""
        limit = dense.threshold(top)
        df0, dense_df = self.df0, self.dense_df
        turning = [t for t, n in self.sparse_df.items() if t not in self.dense and n + df0[t] >= limit]
        if not turning:
            return
        tids = {self.ids[t]: t for t in turning}
        units: dict[str, list[int]] = {t: [] for t in turning}
        for key in [k for k in self.postings if k >> _SHIFT in tids]:
            units[tids[key >> _SHIFT]].extend(self.postings.pop(key))
        self.level_keys.forget(turning)
        for token in turning:
            self.dense.add(token)
            dense_df[token] += self.sparse_df.pop(token)
            self._turn(token, units[token])

    def _turn(self, token: str, new_units: list[int]) -> None:
        """Bitmaps of a token turning dense: its units and levels in the build so far (the chunk being
        gathered keeps collecting), and its units before the build (from its stored postings)."""
        tid, levels = self.ids[token], self.levels
        by_row: dict[int, list[int]] = {tid: new_units}
        for packed in self.sparse_levels.pop(token, ()):
            uid, count = packed >> 8, packed & 255
            for level in range(2, min(count, levels) + 1):
                by_row.setdefault(dense.level_row(tid, level), []).append(uid)
        if token not in self.known_dense and self.df0[token]:
            old = sorted({u for data in self.source.postings(self.lang_id, tid) for u in ids_of(data)})
            by_row[tid] += old
            point = self.chars[token]
            for uid, seq in self.source.seqs(self.lang_id, old):
                count = seq.count(point)  # ids sharing the overflow point count together: more, never less
                for level in range(2, min(count, levels) + 1):
                    by_row.setdefault(dense.level_row(tid, level), []).append(uid)
        pending: dict[int, dict[int, bytearray]] = {}
        shift = dense.CHUNK_SHIFT
        for row, uids in by_row.items():
            uids.sort()
            key = token if row == tid else (token, (row - tid) // dense.LEVEL_STRIDE + 1)
            i = 0
            while i < len(uids):
                chunk = uids[i] >> shift
                j = bisect_left(uids, (chunk + 1) << shift, i)
                if chunk == self.chunk:  # the chunk being gathered: its bitmaps are written when it closes
                    self.chunk_lists[key].extend(uids[i:j])
                    if key is token:
                        self.chunk_moved[token] += j - i
                else:
                    pending.setdefault(chunk, {})[row] = _bits(uids[i:j], chunk << shift)
                i = j
        for chunk, rows in sorted(pending.items()):
            self._write_bits(chunk, rows)

    # -- writing -----------------------------------------------------------------------------------------
    def _flush_grams(self) -> None:
        lang_id, grams = self.lang_id, self.grams
        # token ids -1 - bucket, ascending (the table's order)
        rows = [(lang_id, -1 - b, -1, grams[b][0], blob(grams[b])) for b in sorted(grams, reverse=True)]
        grams.clear()
        self.sink.write_postings(rows)
        self.gram_held = 0

    def finish(self, top: int) -> None:
        """Write what is held and move the watermark to ``top`` (the TM's highest unit id)."""
        if self._held[0]:
            self._add(*self._held)
            self._held = ([], [], [])
        self._checkpoint(max(top, self.top))
        self._close_chunk()
        lang_id = self.lang_id
        rows = []
        for key in sorted(self.postings):
            arr = self.postings[key]
            rows.append((lang_id, key >> _SHIFT, key & 0xFFFFFFFF, arr[0], blob(arr)))
        self.sink.write_postings(rows)
        self.postings.clear()
        self._flush_grams()
        new, changed = [], []
        fresh = set(self.new)
        for token in self.new:
            df = self.sparse_df.get(token, 0) + self.dense_df.get(token, 0)
            new.append((lang_id, token, self.ids[token], df, int(token in self.dense)))
        for token in set(self.sparse_df).union(self.dense_df).difference(fresh):
            df = self.df0[token] + self.sparse_df.get(token, 0) + self.dense_df.get(token, 0)
            changed.append((df, int(token in self.dense), lang_id, token))
        self.sink.write_vocab(new, changed)
        dense_ids = array("I", sorted(self.ids[t] for t in self.dense))
        self.sink.write_bits([(lang_id, _DENSE_ROW, 0, blob(dense_ids))])
        self.sink.done(lang_id, max(top, self.top), self.next_id - 1)


class _LevelKeys(dict):
    """The keys of the chunk's level lists a unit holding a token ``count`` times is added to, by
    ``(token, count)``: ``(token, 2)`` ... ``(token, min(count, levels))`` for a dense token, none for
    another (:meth:`forget` a token when it turns dense)."""

    def __init__(self, levels: int, dense: set[str]) -> None:
        super().__init__()
        self.levels, self.dense = levels, dense

    def __missing__(self, key: tuple[str, int]) -> tuple[tuple[str, int], ...]:
        token, count = key
        value: tuple[tuple[str, int], ...] = ()
        if token in self.dense:
            value = tuple((token, level) for level in range(2, min(count, self.levels) + 1))
        self[key] = value
        return value

    def forget(self, tokens: Iterable[str]) -> None:
        tokens = set(tokens)
        for key in [k for k in self if k[0] in tokens]:
            del self[key]


class _Lists(dict):
    """Unit ids per key, a new list for a key not seen yet."""

    def __missing__(self, key):
        value = self[key] = array("I")
        return value


def _bits(uids: Iterable[int], base: int) -> bytearray:
    """The bitmap of one chunk (unit ids from ``base``)."""
    out = bytearray(dense.CHUNK_BYTES)
    for u in uids:
        u -= base
        out[u >> 3] |= 1 << (u & 7)
    return out


def _or(bits: bytearray, other: int) -> bytearray:
    return bytearray((int.from_bytes(bits, "little") | other).to_bytes(dense.CHUNK_BYTES, "little"))

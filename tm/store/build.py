"""Building the match index of one language (either backend's index) from variants given in unit id
order: what an import does as it writes units, and what a catch-up does from the variants above the
watermark.

Everything is gathered in memory and handed to a :class:`Sink` as rows; what the index held before the
build is read from a :class:`Source`. Both are the store's own connection in the importing process (and
for a catch-up); a worker process building one language while the import writes (see
:mod:`tm.store.follow` and :mod:`tm.store.workers`) reads the TM as it was before the import through its
own connection and sends its rows to the writing process.

Per batch of variants, Python does one dictionary lookup per key token (its index among the tokens the
build has met); everything after that is numpy over the whole batch (:mod:`tm.store.gather`), in
segments of unit ids between two points where tokens may turn dense:

- the key sequence (one code point per token id, :func:`tm.store.encoding.code_point`);
- a *dense* token (document frequency past :func:`tm.store.dense.threshold`) gets its unit into the bitmap
  row of the current chunk of :data:`dense.CHUNK` unit ids, written when the chunk is done; it has no
  postings (the index's reads serve a dense token's postings from its bitmap and the length slices);
- any other token gets its unit into the posting list of (token, sequence length), held until the end of
  the build (one row per list); a token that turns dense on the way (checked every :data:`CHECK` unit
  ids, and at the end against the TM's final size) has its postings so far, and its old postings in the
  TM, turned into bitmaps;
- every bigram of token ids gets the unit into its bucket's list (written in several rows when memory
  asks for it);
- a token held several times gets the unit into its occurrence levels (bitmaps of the dense tokens'
  units holding them 2, 3, ... times), and the unit's length goes into the chunk's length slices.
"""

from __future__ import annotations

from array import array
from collections import _count_elements
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from itertools import chain
from typing import Protocol

import numpy as np

from tm.store import dense, gather
from tm.store.encoding import gram_parts, keys_of
from tm.store.matchindex import ids_of

CHECK = 4096  # tokens may turn dense every this many unit ids (a power of two)
GRAM_FLUSH = 8_000_000  # bigram postings held in memory (~64 MB) before they are handed over as rows
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
        # the tokens met, by their index in the build (what the per-token columns are indexed by)
        self.local: dict[str, int] = {}
        self.met: list[str] = []
        self.cols = gather.TokenColumns()
        self.new: list[str] = []  # tokens added by the build
        known = list(source.dense_tokens(self.lang_id))
        self.cols.extend([t[1] for t in known], [t[2] for t in known], [gram_parts(t[1]) for t in known])
        for token, _, _ in known:
            self._met(token)
        self.cols.dense[: len(known)] = True
        self.cols.known_dense[: len(known)] = True
        self.postings = gather.Pairs()  # (token id << 32 | length, unit id) of non-dense tokens
        self.sparse_levels = (
            gather.Pairs()
        )  # (token index, unit << 8 | count) of non-dense tokens held 2+ times
        self.grams: list[np.ndarray] = []  # bucket << 32 | unit id
        self.gram_held = 0
        self.top = state.watermark
        self.first_chunk = (state.watermark + 1) >> dense.CHUNK_SHIFT
        self._open_chunk(self.first_chunk)
        # the next unit id at which tokens may turn dense
        self.check_at = min((state.watermark | (CHECK - 1)) + 1, self.chunk_end)
        # the rows of the last unit seen, which may go on (unit ids, ordinals, contents)
        self._held: tuple[list[int], list[int], list[str]] = ([], [], [])

    # -- tokens ------------------------------------------------------------------------------------------
    def _met(self, token: str) -> None:
        self.local[token] = len(self.met)
        self.met.append(token)

    def _learn(self, keyed: list[tuple[str, ...]]) -> None:
        """Ids for the batch's tokens the build has not met: the vocabulary's, or new ones, the most
        frequent first (rapidfuzz matches code points below 256 fastest: common tokens get them)."""
        counts: dict[str, int] = {}
        for keys in keyed:
            _count_elements(counts, keys)
        unseen = set(counts).difference(self.local)
        if not unseen:
            return
        tids: list[int] = []
        dfs: list[int] = []
        for token, tid, df, _ in self.source.vocab(self.lang_id, sorted(unseen)):
            self._met(token)
            tids.append(tid)
            dfs.append(df)
        for token in sorted(unseen.difference(self.local), key=lambda t: (-counts[t], t)):
            self._met(token)
            self.new.append(token)
            tids.append(self.next_id)
            dfs.append(0)
            self.next_id += 1
        self.cols.extend(tids, dfs, list(map(gram_parts, tids)))

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
        local = self.local
        try:
            at = array("i", map(local.__getitem__, chain.from_iterable(keyed)))
        except KeyError:  # tokens this build has not met yet
            self._learn(keyed)
            at = array("i", map(local.__getitem__, chain.from_iterable(keyed)))
        batch = gather.Batch(np.array(uids, dtype=np.int64), keyed, np.frombuffer(at, dtype=np.int32))
        self.sink.write_seqs(self.lang_id, list(uids), list(ords), batch.seqs(self.cols.tid))
        i = 0
        while i < len(batch):
            first = int(batch.uids[i])
            if first >= self.check_at:
                self.top = first - 1
                self._checkpoint(self.top)
                if first >= self.chunk_end:
                    self._close_chunk()
                    self._open_chunk(first >> dense.CHUNK_SHIFT)
                self.check_at = min((first | (CHECK - 1)) + 1, self.chunk_end)
            j = batch.cut(self.check_at)
            self._segment(batch.segment(i, j))
            i = j
        self.top = int(uids[-1])
        if self.gram_held >= GRAM_FLUSH:
            self._flush_grams()

    def _segment(self, part: gather.Segment) -> None:
        """The units of a segment (unit ids below the next check): their postings, bitmaps, bigrams."""
        cols = self.cols
        units = part.units()  # (unit id, token index, count) of each token a unit holds
        is_dense = cols.dense[units.token]
        here, cnt, uid = units.token[is_dense], units.count[is_dense], units.uid[is_dense]
        np.add.at(cols.dense_df, here, 1)
        tid = cols.tid[here]
        self.chunk_bits.add(tid, uid)
        self.chunk_bits.add(*gather.levels(tid, uid, cnt, self.levels))
        rare = ~is_dense
        tokens, uid_rare, cnt_rare = units.token[rare], units.uid[rare], units.count[rare]
        np.add.at(cols.sparse_df, tokens, 1)
        again = cnt_rare > 1
        if again.any():
            self.sparse_levels.add(tokens[again], uid_rare[again] << 8 | np.minimum(cnt_rare[again], 255))
        self.postings.add(*part.posting_lists(cols))
        grams = part.grams(cols)
        self.grams.append(grams)
        self.gram_held += len(grams)
        unit_uids, lengths, multi = part.lengths()
        self.chunk_lengths.add(np.minimum(lengths, dense.LENGTH_CAP), unit_uids)
        self.chunk_multi.append(multi)

    # -- chunks of unit ids: bitmaps of the dense tokens, levels, lengths -----------------------------------
    def _open_chunk(self, chunk: int) -> None:
        self.chunk = chunk
        self.chunk_end = (chunk + 1) << dense.CHUNK_SHIFT
        self.chunk_bits = gather.Pairs()  # (match_bits row, unit id)
        self.chunk_lengths = gather.Pairs()  # (capped length, unit id)
        self.chunk_multi: list[np.ndarray] = []

    def _close_chunk(self) -> None:
        """Bitmap rows of the chunk: each dense token's, its levels', the length slices, the multi row."""
        chunk, base = self.chunk, self.chunk << dense.CHUNK_SHIFT
        rows = gather.bitmaps(*self.chunk_bits.take(), base)
        lengths, uids = self.chunk_lengths.take()
        for b in range(dense.LENGTH_BITS):
            rows[dense.LENGTH_ROW - b] = gather.bitmap(uids[(lengths >> b) & 1 == 1], base)
        rows[dense.MULTI_ROW] = gather.bitmap(np.concatenate([gather.EMPTY, *self.chunk_multi]), base)
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
        cols = self.cols
        turning = cols.turning(dense.threshold(top))
        if not len(turning):
            return
        tids = cols.tid[turning]
        by_tid = self.postings.take_where(tids, shift=32)
        by_token = self.sparse_levels.take_where(turning)
        cols.dense_df[turning] += cols.sparse_df[turning]
        cols.sparse_df[turning] = 0
        cols.dense[turning] = True
        for index, tid in zip(turning.tolist(), tids.tolist(), strict=True):
            self._turn(index, tid, by_tid.get(tid, gather.EMPTY), by_token.get(index, gather.EMPTY))

    def _turn(self, index: int, tid: int, new_units: np.ndarray, packed: np.ndarray) -> None:
        """Bitmaps of a token turning dense: its units and levels in the build so far (the chunk being
        gathered keeps collecting), and its units before the build (from its stored postings)."""
        levels = self.levels
        level_rows, level_uids = gather.levels(
            np.full(len(packed), tid, dtype=np.int64), packed >> 8, packed & 255, levels
        )
        rows = [np.full(len(new_units), tid, dtype=np.int64), level_rows]
        units = [new_units, level_uids]
        if not self.cols.known_dense[index] and self.cols.df0[index]:
            old = sorted({u for data in self.source.postings(self.lang_id, tid) for u in ids_of(data)})
            point = gather.code_points(np.array([tid], dtype=np.int64))[0]
            rows.append(np.full(len(old), tid, dtype=np.int64))
            units.append(np.array(old, dtype=np.int64))
            # each variant's count (ids sharing the overflow point count together: more, never less)
            held = [(uid, seq.count(chr(point))) for uid, seq in self.source.seqs(self.lang_id, old)]
            if held:
                seq_uids, counts = (np.array(column, dtype=np.int64) for column in zip(*held, strict=True))
                more_rows, more_uids = gather.levels(
                    np.full(len(held), tid, dtype=np.int64), seq_uids, counts, levels
                )
                rows.append(more_rows)
                units.append(more_uids)
        all_rows, all_uids = np.concatenate(rows), np.concatenate(units)
        chunks = all_uids >> dense.CHUNK_SHIFT
        now = chunks == self.chunk
        self.chunk_bits.add(all_rows[now], all_uids[now])
        pending: dict[int, dict[int, bytearray]] = {}
        for chunk in np.unique(chunks[~now]).tolist():
            mine = chunks == chunk
            pending[chunk] = gather.bitmaps(all_rows[mine], all_uids[mine], chunk << dense.CHUNK_SHIFT)
        for chunk, chunk_rows in sorted(pending.items()):
            self._write_bits(chunk, chunk_rows)

    # -- writing -----------------------------------------------------------------------------------------
    def _flush_grams(self) -> None:
        # token ids -1 - bucket, ascending (the table's order)
        rows = [
            (self.lang_id, -1 - bucket, -1, first, data)
            for bucket, first, data in reversed(
                gather.gram_lists(np.concatenate([gather.EMPTY, *self.grams]))
            )
        ]
        self.grams = []
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
        keys, uids = self.postings.take()
        rows = [
            (lang_id, key >> 32, key & 0xFFFFFFFF, first, data)
            for key, first, data in gather.pair_lists(keys, uids)
        ]
        self.sink.write_postings(rows)
        self._flush_grams()
        cols, local = self.cols, self.local
        df = (cols.sparse_df + cols.dense_df).tolist()
        is_dense = cols.dense.tolist()
        tid, df0 = cols.tid.tolist(), cols.df0.tolist()
        new = [(lang_id, t, tid[local[t]], df[local[t]], int(is_dense[local[t]])) for t in self.new]
        fresh = set(self.new)
        changed = [
            (df0[i] + df[i], int(is_dense[i]), lang_id, self.met[i])
            for i in np.flatnonzero(cols.sparse_df + cols.dense_df).tolist()
            if self.met[i] not in fresh
        ]
        self.sink.write_vocab(new, changed)
        dense_ids = np.sort(cols.tid[cols.dense]).astype("<u4")
        self.sink.write_bits([(lang_id, _DENSE_ROW, 0, dense_ids.tobytes())])
        self.sink.done(lang_id, max(top, self.top), self.next_id - 1)


def _or(bits: bytearray, other: int) -> bytearray:
    return bytearray((int.from_bytes(bits, "little") | other).to_bytes(dense.CHUNK_BYTES, "little"))

"""The array work of an index build (:mod:`tm.store.build`): a batch of variants as numpy arrays of
token indices, split into segments of units, and what a segment adds to the index (its units' tokens and
counts, posting lists, bigram buckets, lengths), then the bitmaps and posting lists made of what was
gathered.

A token is known by its *index* in the build (the order the build met it), and the build's
:class:`TokenColumns` hold, per index, its id and document frequencies. Unit ids, token ids, bucket ids
and (token id << 32 | length) list keys are int64.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

from tm.store import dense
from tm.store.encoding import GRAM_BUCKETS

EMPTY = np.zeros(0, dtype=np.int64)
_LOW = 0xFFFFFFFF
_BLOCK = 256  # bitmap rows made at once (a 16 MiB array of flags)


class TokenColumns:
    """Per token the build has met (by index): id, bigram shares, document frequency before the build, in
    the build (counted in posting lists / in bitmaps), and whether it is (and was) dense."""

    _TYPES = {
        "tid": np.int64,
        "part_a": np.int64,
        "part_b": np.int64,
        "df0": np.int64,
        "sparse_df": np.int64,
        "dense_df": np.int64,
        "dense": np.bool_,
        "known_dense": np.bool_,
    }

    def __init__(self) -> None:
        self.n = 0
        self._data = {name: np.zeros(1024, dtype=kind) for name, kind in self._TYPES.items()}

    def extend(self, tids: list[int], dfs: list[int], parts: list[tuple[int, int]]) -> None:
        start, self.n = self.n, self.n + len(tids)
        size = len(self._data["tid"])
        if self.n > size:
            while size < self.n:
                size *= 2
            for name, column in self._data.items():
                grown = np.zeros(size, dtype=column.dtype)
                grown[:start] = column[:start]
                self._data[name] = grown
        self._data["tid"][start : self.n] = tids
        self._data["df0"][start : self.n] = dfs
        if parts:
            self._data["part_a"][start : self.n], self._data["part_b"][start : self.n] = zip(
                *parts, strict=True
            )

    def __getattr__(self, name: str) -> np.ndarray:
        if name in self._TYPES:
            return self._data[name][: self.n]
        raise AttributeError(name)

    def turning(self, limit: int) -> np.ndarray:
        """Indices of the tokens whose document frequency reached ``limit`` in the build, not yet dense."""
        built = self.sparse_df
        return np.flatnonzero((built > 0) & ~self.dense & (built + self.df0 >= limit))


def code_points(tids: np.ndarray) -> np.ndarray:
    """:func:`tm.store.encoding.code_point` of each token id, as integers."""
    points = np.where(tids < 0xD800, tids, tids + 0x800)
    return np.minimum(points, 0x10FFFF)


class Units(NamedTuple):
    """Each (unit, token) of a segment once, with how often the unit holds the token (the most of any of
    its variants)."""

    uid: np.ndarray
    token: np.ndarray
    count: np.ndarray


class Batch:
    """Variants in unit id order: their unit ids, and their key tokens' indices end to end."""

    def __init__(self, uids: np.ndarray, keyed: list[tuple[str, ...]], at: np.ndarray) -> None:
        self.uids, self.at = uids, at
        self.lens = np.fromiter(map(len, keyed), dtype=np.int64, count=len(keyed))
        self.ends = np.cumsum(self.lens)
        self.starts = self.ends - self.lens

    def __len__(self) -> int:
        return len(self.uids)

    def seqs(self, tids: np.ndarray) -> list[str]:
        """Each variant's key sequence."""
        text = code_points(tids[self.at]).astype("<u4").tobytes().decode("utf-32-le")
        return list(map(text.__getitem__, map(slice, self.starts.tolist(), self.ends.tolist())))

    def cut(self, below: int) -> int:
        """The index of the first variant of a unit at or past ``below``."""
        return int(np.searchsorted(self.uids, below))

    def segment(self, i: int, j: int) -> Segment:
        return Segment(self.uids[i:j], self.lens[i:j], self.at[self.starts[i] : self.ends[j - 1]])


class Segment:
    """Variants ``i:j`` of a batch (whole units)."""

    def __init__(self, uids: np.ndarray, lens: np.ndarray, at: np.ndarray) -> None:
        self.uids, self.lens, self.at = uids, lens, at
        self.variant = np.repeat(np.arange(len(uids), dtype=np.int64), lens)
        self.multi = len(uids) > 1 and bool((uids[1:] == uids[:-1]).any())
        pairs = np.sort(self.variant << 32 | at)
        starts = _starts(pairs)
        self.counts = np.diff(np.append(starts, len(pairs)))
        pairs = pairs[starts]
        self.pair_variant, self.pair_token = pairs >> 32, pairs & _LOW

    def units(self) -> Units:
        uid = self.uids[self.pair_variant]
        if not self.multi:
            return Units(uid, self.pair_token, self.counts)
        key = uid << 32 | self.pair_token
        order = np.argsort(key, kind="stable")
        key, counts = key[order], self.counts[order]
        if not len(key):
            return Units(key, key, counts)
        starts = _starts(key)
        return Units(key[starts] >> 32, key[starts] & _LOW, np.maximum.reduceat(counts, starts))

    def posting_lists(self, cols: TokenColumns) -> tuple[np.ndarray, np.ndarray]:
        """(token id << 32 | variant length, unit id) of each token not dense, and (0, unit) of each empty
        variant (the empty list); a unit's pairs once."""
        rare = ~cols.dense[self.pair_token]
        variant = self.pair_variant[rare]
        keys = cols.tid[self.pair_token[rare]] << 32 | self.lens[variant]
        uids = self.uids[variant]
        empty = np.flatnonzero(self.lens == 0)
        if len(empty):
            keys = np.concatenate([keys, np.zeros(len(empty), dtype=np.int64)])
            uids = np.concatenate([uids, self.uids[empty]])
        if self.multi:
            order = np.lexsort((keys, uids))
            keys, uids = keys[order], uids[order]
            once = np.ones(len(keys), dtype=np.bool_)
            once[1:] = (keys[1:] != keys[:-1]) | (uids[1:] != uids[:-1])
            keys, uids = keys[once], uids[once]
        return keys, uids

    def grams(self, cols: TokenColumns) -> np.ndarray:
        """bucket << 32 | unit id of each bigram of each variant (repeats left for :func:`gram_lists`)."""
        at = self.at
        if len(at) < 2:
            return EMPTY
        same = self.variant[1:] == self.variant[:-1]
        buckets = (cols.part_a[at[:-1]] + cols.part_b[at[1:]]) & (GRAM_BUCKETS - 1)
        return buckets[same] << 32 | self.uids[self.variant[1:][same]]

    def lengths(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """The units' ids, their lengths (their longest variant's), and the ids of those with several."""
        if not self.multi:
            return self.uids, self.lens, EMPTY
        starts = _starts(self.uids)
        sizes = np.diff(np.append(starts, len(self.uids)))
        units = self.uids[starts]
        return units, np.maximum.reduceat(self.lens, starts), units[sizes > 1]


def levels(
    tids: np.ndarray, uids: np.ndarray, counts: np.ndarray, most: int
) -> tuple[np.ndarray, np.ndarray]:
    """The level rows (:func:`tm.store.dense.level_row`: levels 2 .. min(count, most)) and unit of each
    unit holding a token ``count`` times."""
    reps = np.minimum(counts, most) - 1
    keep = reps > 0
    if not keep.any():
        return EMPTY, EMPTY
    tids, uids, reps = tids[keep], uids[keep], reps[keep]
    step = np.arange(int(reps.sum()), dtype=np.int64) - np.repeat(np.cumsum(reps) - reps, reps)
    return np.repeat(tids, reps) + (step + 1) * dense.LEVEL_STRIDE, np.repeat(uids, reps)


class Pairs:
    """(key, unit id) pairs gathered in pieces."""

    def __init__(self) -> None:
        self.keys: list[np.ndarray] = []
        self.uids: list[np.ndarray] = []

    def add(self, keys: np.ndarray, uids: np.ndarray) -> None:
        if len(keys):
            self.keys.append(keys)
            self.uids.append(uids)

    def take(self) -> tuple[np.ndarray, np.ndarray]:
        keys, uids = np.concatenate([EMPTY, *self.keys]), np.concatenate([EMPTY, *self.uids])
        self.keys, self.uids = [], []
        return keys, uids

    def take_where(self, values: np.ndarray, shift: int = 0) -> dict[int, np.ndarray]:
        """Take out the pairs whose key (shifted right by ``shift``) is one of ``values``, by that value."""
        keys, uids = self.take()
        of = keys >> shift
        hit = np.isin(of, values)
        self.add(keys[~hit], uids[~hit])
        of, uids = of[hit], uids[hit]
        if not len(of):
            return {}
        order = np.argsort(of, kind="stable")
        of, uids = of[order], uids[order]
        starts = _starts(of)
        return dict(zip(of[starts].tolist(), np.split(uids, starts[1:]), strict=True))


def lists(keys: np.ndarray, uids: np.ndarray) -> list[tuple[int, int, bytes]]:
    """(key, first unit id, unit ids as a little-endian uint32 blob) per key, in key order, the unit ids
    ascending, of pairs sorted by key and unit id."""
    if not len(keys):
        return []
    starts = _starts(keys)
    ends = np.append(starts[1:], len(keys))
    data = uids.astype("<u4").tobytes()
    return [
        (key, first, data[4 * s : 4 * e])
        for key, first, s, e in zip(
            keys[starts].tolist(), uids[starts].tolist(), starts.tolist(), ends.tolist(), strict=True
        )
    ]


def pair_lists(keys: np.ndarray, uids: np.ndarray) -> list[tuple[int, int, bytes]]:
    """:func:`lists` of (key, unit id) pairs in any order."""
    order = np.lexsort((uids, keys))
    return lists(keys[order], uids[order])


def gram_lists(grams: np.ndarray) -> list[tuple[int, int, bytes]]:
    """:func:`lists` of bucket << 32 | unit id values (repeats once)."""
    grams = np.sort(grams)
    grams = grams[_starts(grams)]
    return lists(grams >> 32, grams & _LOW)


def bitmap(uids: np.ndarray, base: int) -> bytearray:
    """The bitmap of one chunk (unit ids from ``base``)."""
    flags = np.zeros(dense.CHUNK, dtype=np.bool_)
    flags[uids - base] = True
    return bytearray(np.packbits(flags, bitorder="little").tobytes())


def bitmaps(rows: np.ndarray, uids: np.ndarray, base: int) -> dict[int, bytearray]:
    """The bitmap of each row, of (row, unit id) pairs in one chunk (unit ids from ``base``)."""
    if not len(rows):
        return {}
    shift, size, width = dense.CHUNK_SHIFT, dense.CHUNK, dense.CHUNK_BYTES
    code = np.sort(rows << shift | (uids - base))  # by row, then unit
    rows, offsets = code >> shift, code & (size - 1)
    starts = _starts(rows)
    ends = np.append(starts[1:], len(rows))
    out: dict[int, bytearray] = {}
    for b in range(0, len(starts), _BLOCK):
        heads, tails = starts[b : b + _BLOCK], ends[b : b + _BLOCK]
        line = np.repeat(np.arange(len(heads), dtype=np.int64), tails - heads)
        flags = np.zeros(len(heads) * size, dtype=np.bool_)
        flags[line * size + offsets[heads[0] : tails[-1]]] = True
        packed = np.packbits(flags, bitorder="little").tobytes()
        for k, row in enumerate(rows[heads].tolist()):
            out[row] = bytearray(packed[k * width : (k + 1) * width])
    return out


def _starts(sorted_keys: np.ndarray) -> np.ndarray:
    """Where each run of equal values of a sorted array starts."""
    if not len(sorted_keys):
        return EMPTY
    return np.flatnonzero(np.append(True, sorted_keys[1:] != sorted_keys[:-1]))

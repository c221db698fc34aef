"""Bitmaps of common tokens and bit-sliced unit lengths: the count filter at C speed for low thresholds.

At a 50% minimum a unit qualifies sharing half of the query's tokens, so the prefix filter of
:mod:`tm.match.plans` reads the postings of half of them; in Chinese those are common characters (each in
5-30% of units), and counting their hits unit by unit in Python is what cost the time. Here a token whose
document frequency reaches :func:`threshold` (a *dense* token) also has a bitmap over unit ids, stored in
``match_bits`` in chunks of :data:`CHUNK` ids (and bitmaps of the units holding it 2, 3, ...
:data:`MAX_LEVEL` or more times, so that a query token held ``w`` times counts ``min(w, c)`` for a unit
holding it ``c`` times, not ``w``), and each language has its units' key-sequence lengths as
:data:`LENGTH_BITS` bit slices (capped at 255) plus a bitmap of the units holding more than one variant of
the language. A lookup then adds the query's dense tokens' bitmaps into a bit-sliced hit count
(:mod:`tm.store.bitset`), adds the hits of its rarer tokens (their postings in the length window, counted
with ``Counter``), and keeps the units whose count reaches what their length needs: per band of lengths
``[a, b]`` needing ``r`` shared tokens, ``count >= r and a <= length <= b``, all as bitwise operations on
whole bitmaps. Units with several variants of the language are kept whenever their count reaches the
least need (their bits are the union over the variants, their length slot cannot hold several lengths).

The algorithm is the same for every backend; what it reads and writes goes through the backend's
:class:`BitsTable` (its ``match_bits`` and ``match_vocab`` tables).

Soundness: a unit's count is at least the multiset overlap of the query with each of its variants (the
level bitmaps count ``[c >= 1] + ... + [c >= MAX_LEVEL] * (w - MAX_LEVEL + 1)``, which is ``min(w, c)``
up to the last level and more beyond it); the bands only lower a need (a
band needs the least need of its lengths; lengths over the cap share the last band); so every unit an
exhaustive search would return is kept.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from typing import Protocol

from tm.store import bitset
from tm.store.encoding import code_point

CHUNK_SHIFT = 16
CHUNK = 1 << CHUNK_SHIFT  # unit ids per stored bitmap row
CHUNK_BYTES = CHUNK // 8
LENGTH_BITS = 8
LENGTH_CAP = (1 << LENGTH_BITS) - 1
LENGTH_ROW = -1  # match_bits token ids -1 .. -LENGTH_BITS: length bit 0 .. LENGTH_BITS - 1
MULTI_ROW = -1 - LENGTH_BITS  # units holding several variants of the language
DENSE_MIN = 1024  # a token is dense from this document frequency ...
DENSE_SHARE = 256  # ... or from 1/256 of the units, whichever is higher (counting its postings in Python
# would cost more than a bitmap: ~150 ns an id against ~0.4 ms a bitmap of a million units)
MAX_LEVEL = 8  # dense tokens also have bitmaps of the units holding them 2, 3, ... 8 or more times
# (the levels a language was built with are kept in match_langs.levels: they cannot change afterwards)
LEVEL_STRIDE = 1 << 32  # match_bits row of (token, level): token id + (level - 1) * LEVEL_STRIDE
MAX_BANDS = 8  # length bands compared per lookup (adjacent bands merge, keeping the lower need)
OP_IDS = 2700  # one bitwise operation on n bits costs about as much as counting n / OP_IDS posting ids


class BitsTable(Protocol):
    """What the bitmaps need from a backend: its ``match_bits`` rows (lang id, row, chunk, bits) and the
    dense flags and key sequences of its index."""

    def dense_tokens(self, lang_id: int) -> list[int]:
        """Ids of the tokens marked dense."""
        ...

    def tokens_reaching(self, lang_id: int, df: int) -> list[int]:
        """Ids of the tokens not marked dense whose document frequency is at least ``df``."""
        ...

    def mark_dense(self, lang_id: int, token_ids: list[int]) -> None: ...
    def seqs_between(self, lang_id: int, lo: int, hi: int) -> Iterable[tuple[int, str]]:
        """(unit id, key sequence) of the variants of units in ``(lo, hi]``."""
        ...

    def bits_chunk(self, lang_id: int, row: int, chunk: int) -> bytes | None: ...
    def write_bits(self, rows: list[tuple[int, int, int, bytes]]) -> None:
        """Insert or replace (lang id, row, chunk, bits) rows."""
        ...

    def read_bits(self, lang_id: int, rows: list[int], n_chunks: int) -> Iterable[tuple[int, int, bytes]]:
        """(row, chunk, bits) of the given rows' chunks below ``n_chunks``."""
        ...


def threshold(top: int) -> int:
    """The document frequency from which a token gets bitmaps, for a TM whose highest unit id is ``top``."""
    return max(DENSE_MIN, top // DENSE_SHARE)


def chunks(top: int) -> int:
    return (top >> CHUNK_SHIFT) + 1


# -- building --------------------------------------------------------------------------------------------
def catch_up(
    con: BitsTable,
    lang_id: int,
    watermark: int,
    top: int,
    levels: int,
    token_ids: Callable[[int, int], Iterator[Iterable[int]]],
) -> None:
    """Extend the bitmaps of language ``lang_id`` to the units in ``(watermark, top]``, whose postings and
    key sequences are already written. Tokens that reach :func:`threshold` become dense: their bitmaps are
    built from all their postings. ``token_ids(since)`` lists (token id, unit ids) for the dense tokens'
    postings rows written after unit ``since``."""
    size = chunks(top) * CHUNK
    old = con.dense_tokens(lang_id)
    new = con.tokens_reaching(lang_id, threshold(top))
    for since, tids in ((watermark, old), (0, new)):
        for tid in tids:
            ids = [u for arr in token_ids(tid, since) for u in arr]
            _write(con, lang_id, [bitset.from_ids(ids, size)], since, [tid])
    con.mark_dense(lang_id, new)
    lengths, multi, counted = _scan(con, lang_id, watermark, top, size, levels, old, new)
    slices = bitset.sliced_bytes(lengths, size, LENGTH_BITS) + [bitset.from_ids(multi, size)]
    rows = [LENGTH_ROW - b for b in range(LENGTH_BITS)] + [MULTI_ROW]
    _write(con, lang_id, slices, watermark, rows)
    fresh = set(new)
    for (tid, j), bits in counted.items():
        _write(con, lang_id, [bits], 0 if tid in fresh else watermark, [level_row(tid, j)])


def level_row(token_id: int, level: int) -> int:
    """The match_bits row of the units holding a dense token at least ``level`` (2..) times."""
    return token_id + (level - 1) * LEVEL_STRIDE


def _scan(
    con: BitsTable,
    lang_id: int,
    watermark: int,
    top: int,
    size: int,
    levels: int,
    old: list[int],
    new: list[int],
):
    """One pass over the key sequences: the lengths of the units in ``(watermark, top]``, those holding
    several variants, and the multiplicity bitmaps ((token, level) -> bits) of the dense tokens, for all
    units where a token has just become dense. Token ids past the Unicode range share a code point: their
    counts are summed, which can only raise a count (still sound)."""

    def by_point(tids: list[int]) -> dict[str, list[int]]:
        out: dict[str, list[int]] = {}
        for t in tids:
            out.setdefault(code_point(t), []).append(t)
        return out

    every, fresh = by_point(old + new), by_point(new)
    lengths: dict[int, int] = {}
    multi: list[int] = []
    counted: dict[tuple[int, int], bytearray] = {}
    for uid, seq in con.seqs_between(lang_id, 0 if new else watermark, top):
        if uid > watermark:
            if uid in lengths:
                multi.append(uid)
            lengths[uid] = min(max(len(seq), lengths.get(uid, 0)), LENGTH_CAP)
            wanted = every
        else:
            wanted = fresh
        if not wanted:
            continue
        byte, bit = uid >> 3, 1 << (uid & 7)
        for point, k in Counter(seq).items():
            if k > 1 and point in wanted:
                for tid in wanted[point]:
                    for j in range(2, min(k, levels) + 1):
                        bits = counted.get((tid, j))
                        if bits is None:
                            bits = counted[tid, j] = bytearray(size // 8)
                        bits[byte] |= bit
    return lengths, multi, counted


def _write(con: BitsTable, lang_id: int, maps: list[bytearray], since: int, rows: list[int]) -> None:
    """Write each bitmap's chunks from the one holding unit ``since + 1`` on (OR-ing the chunk that may
    already hold older units); chunks without a bit are not stored."""
    first = (since + 1) >> CHUNK_SHIFT
    for row, bits in zip(rows, maps, strict=True):
        out = []
        for c in range(first, len(bits) // CHUNK_BYTES):
            piece = bytes(bits[c * CHUNK_BYTES : (c + 1) * CHUNK_BYTES])
            if c == first and since > 0:
                old = con.bits_chunk(lang_id, row, c)
                if old is not None:
                    merged = int.from_bytes(old, "little") | int.from_bytes(piece, "little")
                    piece = merged.to_bytes(CHUNK_BYTES, "little")
            if piece.count(0) != CHUNK_BYTES:
                out.append((lang_id, row, c, piece))
        con.write_bits(out)


# -- searching -------------------------------------------------------------------------------------------
def bitmap(con: BitsTable, lang_id: int, row: int, n_chunks: int) -> int:
    return bitmaps(con, lang_id, [row], n_chunks)[row]


def bitmaps(con: BitsTable, lang_id: int, rows: list[int], n_chunks: int) -> dict[int, int]:
    """The bitmaps of the given match_bits rows (token ids, level rows, length rows)."""
    parts = {row: [b"\0" * CHUNK_BYTES] * n_chunks for row in rows}
    if rows:
        for row, c, bits in con.read_bits(lang_id, rows, n_chunks):
            parts[row][c] = bits
    return {row: int.from_bytes(b"".join(p), "little") for row, p in parts.items()}


def bands(need: dict[int, int]) -> list[tuple[int, int, int]]:
    """(first, last stored length, need) over the length window ``need`` covers, lengths capped at
    :data:`LENGTH_CAP` (the capped slot needs the least need of the lengths it stands for), at most
    :data:`MAX_BANDS` of them (merged bands keep the lower need)."""
    capped: dict[int, int] = {}
    for m, r in need.items():
        v = min(m, LENGTH_CAP)
        capped[v] = min(r, capped.get(v, r))
    out: list[list[int]] = []
    for v in sorted(capped):
        if out and out[-1][2] == capped[v] and out[-1][1] == v - 1:
            out[-1][1] = v
        else:
            out.append([v, v, capped[v]])
    while len(out) > MAX_BANDS:
        merged = []
        for i in range(0, len(out), 2):
            pair = out[i : i + 2]
            merged.append([pair[0][0], pair[-1][1], min(p[2] for p in pair)])
        out = merged
    return [(a, b, r) for a, b, r in out]


def cost(n_dense: int, n_bands: int, top: int, sparse_df: int) -> float:
    """Estimated cost of :func:`candidates`, in posting ids counted (comparable with the prefix plans)."""
    ops = 25 + 13 * n_dense + 12 * LENGTH_BITS + n_bands * (2 * LENGTH_BITS + 12)
    return ops * chunks(top) * CHUNK / OP_IDS + 5 * sparse_df


class Cache:
    """Bitmaps derived from a language's stored lengths, kept between the lookups on one store (its
    match index; about a megabit each per million units; ``limit`` of the comparisons are kept)."""

    def __init__(self, limit: int = 48) -> None:
        self.limit = limit
        self.maps: dict[tuple, int] = {}

    def get(self, key: tuple, make) -> int:
        found = self.maps.get(key)
        if found is None:
            if len(self.maps) >= self.limit:
                self.maps.clear()
            found = self.maps[key] = make()
        return found


def candidates(
    con: BitsTable,
    lang_id: int,
    state: tuple[int, int],
    dense: Counter[int],
    sparse: Iterable[tuple[int, Iterable[int]]],
    need: dict[int, int],
    cache: Cache | None = None,
) -> list[int]:
    """Units whose hit count reaches the need of their length. ``state``: the language's (watermark,
    levels); ``dense``: the query's dense token ids with their weights; ``sparse``: (weight, unit ids) of
    each posting list read for its other tokens in the length window; ``need``: shared tokens needed per
    unit length."""
    top, levels = state
    levels = max(levels, 1)
    n_chunks = chunks(top)
    size = n_chunks * CHUNK
    everything = (1 << size) - 1
    cache = cache or Cache()
    count: list[int] = []
    # min(w, c) for a unit holding a token c times: [c >= 1] + [c >= 2] + ... + [c >= levels], the last
    # one counted w - levels + 1 times when w is above the levels built
    wanted = [
        (level_row(tid, j), w - levels + 1 if j == levels else 1)
        for tid, w in dense.items()
        for j in range(1, min(w, levels) + 1)
    ]
    maps = bitmaps(con, lang_id, [row for row, _ in wanted], n_chunks)
    for row, times in wanted:
        for _ in range(times):
            bitset.add_bits(count, maps[row])
    del maps
    hits: Counter[int] = Counter()
    for w, ids in sparse:
        for _ in range(w):
            hits.update(ids)
    if hits:
        bitset.add_number(count, bitset.sliced(hits, size))
    key = (lang_id, top)
    lengths = [
        cache.get((*key, "len", b), lambda b=b: bitmap(con, lang_id, LENGTH_ROW - b, n_chunks))
        for b in range(LENGTH_BITS)
    ]
    multi = cache.get((*key, "multi"), lambda: bitmap(con, lang_id, MULTI_ROW, n_chunks))
    found = bitset.at_least(count, min(need.values()), everything) & multi
    for first, last, r in bands(need):
        low, high = (
            cache.get((*key, "ge", v), lambda v=v: bitset.at_least(lengths, v, everything))
            for v in (first, last + 1)
        )
        found |= bitset.at_least(count, r, everything) & (low ^ (low & high))
    return list(bitset.ids_of(found, size))

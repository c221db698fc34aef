"""The candidate search that never drops a qualifying unit, over any backend's match index
(:class:`tm.store.protocol.MatchIndex`): which postings to read, what a unit must share, verification.

Filters, for a query of ``n`` key tokens and a minimum base score ``t`` (a distance budget
``k(L) = floor(L * (100 - t) / 100)`` where ``L = max(n, m)``, :func:`tm.match.score.max_distance`):

1. length window: ``|n - m| <= d <= k(max(n, m))``;
2. count filter: ``d >= max(n, m) - overlap`` (each aligned equal pair is a shared token), so a qualifying
   unit shares at least ``alpha(L) = L - k(L)`` tokens with the query (as a multiset);
3. prefix filter (AllPairs): with the query's distinct tokens ordered rarest first and weighted by their
   count in the query, a unit sharing ``alpha`` of them holds one of the shortest rarest prefix whose
   remaining weight is below ``alpha(n)``. Postings of further cheap tokens are read too: a candidate
   then needs ``hits >= alpha(L) - weight of the tokens not read``; the same over token bigrams (the
   q-gram lemma) where that reads less;
   or, usually cheaper at low thresholds where the backend keeps bitmaps of common tokens, the dense plan:
   the same count filter over every unit at once (:meth:`MatchIndex.dense_candidates`);
4. verification: rapidfuzz ``Levenshtein.distance`` with ``score_cutoff = k(L)`` on the key sequences;
   then the full score (with penalties) of the few survivors (:mod:`tm.match.lookup`).

Each step only removes units whose base score is provably below ``t``, so the search returns every unit an
exhaustive scan would (tested against :mod:`tm.match.oracle`).
"""

from __future__ import annotations

import functools
from bisect import bisect_left, bisect_right
from collections import Counter
from collections.abc import Sequence

from rapidfuzz import process
from rapidfuzz.distance import Levenshtein

from tm.match.score import max_distance
from tm.store import bitset
from tm.store.encoding import EMPTY_TOKEN, code_point, gram_bucket
from tm.store.protocol import MatchIndex, Probe

EXTRA_PROBE = 2.0  # postings read beyond the prefix, as a share of the prefix's
LIST_FACTOR = 16.0  # the bitmaps win unless a prefix plan is 16x cheaper by the estimates (measured)
PLANS = ("unigram", "bigram", "dense", "scan")
SCAN_BELOW = 50_000  # a language with at most this many unit ids indexed has its sequences kept ...
SCAN_WINDOW = 3_000  # ... and a lookup scans them when its length window holds at most this many (measured)
BITMAPS_BELOW = 8_192  # a scanned language this small also has its tokens' bitmaps (in memory)


@functools.lru_cache(maxsize=4096)
def length_window(n: int, tau: float) -> tuple[int, int]:
    """Unit lengths ``m`` for which ``|n - m| <= k(max(n, m))``."""
    lo = next(m for m in range(0, n + 1) if n - m <= max_distance(n, tau))
    hi = n
    limit = int(n * 100 / tau) + 2 if tau > 0 else 1 << 30
    while hi + 1 <= limit and hi + 1 - n <= max_distance(hi + 1, tau):
        hi += 1
    return lo, hi


def search(
    index: MatchIndex, code: str, keys: tuple[str, ...], tau: float, *, plan: str | None = None
) -> list[tuple[float, int]]:
    """(base score, unit id) of every indexed unit of language ``code`` whose key sequence has a base score
    of at least ``tau`` against ``keys``, best first. ``tau`` must be above 0. ``plan`` pins one of
    :data:`PLANS` (to compare them; None: the cheapest by the estimates)."""
    n = len(keys)
    if n == 0:
        found = index.count_candidates(code, [Probe(EMPTY_TOKEN, 1, 0, 0)], {0: 1})
        return sorted(((100.0, uid) for uid in found), reverse=True)
    lo, hi = length_window(n, tau)
    window = range(lo, hi + 1)
    entries = index.tokens(code, list(set(keys)))
    common = {s.id for s in entries.values() if s.dense}
    qseq = "".join(code_point(entries[k].id) if k in entries else "\0" for k in keys)
    ids = [entries[k].id if k in entries else None for k in keys]
    # unigrams: a qualifying unit shares L - k(L) tokens (L = the longer length)
    unigram = Counter(ids)
    dfs = {s.id: s.df for s in entries.values()}
    plans = [("unigram", unigram, dfs, {m: max(n, m) - max_distance(max(n, m), tau) for m in window})]
    # bigrams (the q-gram lemma, q = 2): it shares L - 1 - 2 k(L) of them; useful above 50% only, and
    # only where every length of the window needs one (the bound is not monotone in L)
    need_b = {m: max(n, m) - 1 - 2 * max_distance(max(n, m), tau) for m in window}
    if n > 1 and min(need_b.values()) >= 1:
        grams = Counter(
            None if a is None or b is None else gram_bucket(a, b) for a, b in zip(ids, ids[1:], strict=False)
        )
        plans.append(("bigram", grams, index.gram_sizes(code, [g for g in grams if g is not None]), need_b))
    if plan is not None:
        plans = [p for p in plans if p[0] == plan] or plans
    cost, name, probed, need, total = min(
        (_prefix_plan(name, weights, df, need, lo, hi) for name, weights, df, need in plans),
        key=lambda p: p[0],
    )
    if common and plan in (None, "dense"):
        # bitmaps of the common tokens: a fixed cost per lookup, whatever their postings' length
        shared = plans[0][3]  # the unigram plan's need per length
        weights = {t: unigram[t] for t in common}
        rare = [t for t in unigram if t is not None and t not in common]
        estimate = index.dense_cost(code, weights, shared, sum(dfs[t] for t in rare))
        if plan == "dense" or estimate < LIST_FACTOR * cost:
            sparse = [Probe(t, unigram[t], lo, hi) for t in rare]
            return verify(index, code, qseq, index.dense_candidates(code, weights, sparse, shared), tau)
    if name == "unigram":
        probes = [Probe(tid, w, lo, top) for tid, w, top in probed if tid is not None]
        # a unit of length m needs its share less the weight of the tokens not read at m
        read_at: Counter[int] = Counter()
        for _, w, top in probed:
            read_at[top] += w
        required, read = {}, 0
        for m in range(hi, lo - 1, -1):
            read += read_at[m]
            required[m] = need[m] - (total - read)
    else:  # bigram postings carry no length: the least need of the window holds for all
        probes = [Probe(tid, w, -1, -1) for tid, w, _ in probed if tid is not None]
        required = {-1: min(need.values()) - (total - sum(w for _, w, _ in probed))}
    return verify(index, code, qseq, index.count_candidates(code, probes, required), tau)


def _prefix_plan(name: str, weights: Counter, df: dict, need: dict[int, int], lo: int, hi: int):
    """Which postings to read: (estimated cost, plan name, [(posting list id, weight, longest length
    read for)], need per length, total weight). The prefix: rarest first, until the weight left is
    below what every unit length must share (longer units must share more: their prefix is shorter);
    then further lists while they cost less than the prefix did (they only tighten the count)."""
    least = min(need.values())
    order = sorted(weights, key=lambda t: (-1, 0) if t is None else (df.get(t, 0), t))
    total = rest = sum(weights.values())
    probed: list[tuple[int | None, int, int]] = []
    spent = 0
    prefix_cost = None
    for tid in order:
        cost = 0 if tid is None else df.get(tid, 0)
        if rest < least:
            if prefix_cost is None:
                prefix_cost = spent
            if spent + cost > prefix_cost * (1 + EXTRA_PROBE):
                break
            top = hi
        else:
            # still in the prefix of every length whose need is not above the weight left
            top = max(m for m in range(lo, hi + 1) if need[m] <= rest)
        probed.append((tid, weights[tid], top))
        rest -= weights[tid]
        spent += cost
    return (prefix_cost if prefix_cost is not None else spent), name, probed, need, total


def verify(
    index: MatchIndex, code: str, qseq: str, candidates: Sequence[int], tau: float
) -> list[tuple[float, int]]:
    """(base score, unit id) of the candidates whose key sequence really is within the distance budget
    (the best of a unit's variants), best first."""
    n = len(qseq)
    uids: list[int] = []
    seqs: list[str] = []
    for uid, seq in index.sequences(code, candidates):
        uids.append(uid)
        seqs.append(seq)
    if not seqs:
        return []
    loosest = max_distance(max(n, max(map(len, seqs))), tau)
    out: dict[int, float] = {}
    for _, d, i in process.extract(qseq, seqs, scorer=Levenshtein.distance, score_cutoff=loosest, limit=None):
        longest = max(n, len(seqs[i]))
        if d <= max_distance(longest, tau):
            base = 100.0 * (1.0 - d / longest)
            if base > out.get(uids[i], -1.0):
                out[uids[i]] = base
    return sorted(((b, uid) for uid, b in out.items()), reverse=True)


class Scan:
    """The plan for a small language: every key sequence the index holds, read once and kept (sorted by
    length), scanned by rapidfuzz in C++ within the query's length window. Where the window holds a few
    thousand sequences this costs less than an index plan's fixed costs (a handful of SQL statements per
    lookup), and no more than an exhaustive scan of every sequence (the window leaves some out);
    measured by bench/lookup.py, which sets :data:`SCAN_BELOW` and :data:`SCAN_WINDOW`. The sequences
    are those indexed when it is made (units above the watermark are the matcher's tail, scanned apart)."""

    def __init__(self, index: MatchIndex, code: str) -> None:
        self.index, self.code = index, code
        self.watermark = index.watermark(code)  # the sequences up to it (read in the same snapshot)
        rows = sorted(index.sequences(code, None), key=lambda r: len(r[1]))
        self.uids = [uid for uid, _ in rows]
        self.seqs = [seq for _, seq in rows]
        self.lengths = [len(seq) for seq in self.seqs]
        self.points: dict[str, str] = {}  # key token -> its code point ("\0": not in the index)
        self.complete = False  # whether points holds every token of the index (any other is "\0")
        self._asked = 0  # lookups that read tokens from the index
        # a few thousand sequences: the units holding each token as a bitmap over their places, so that
        # the count filter (a unit shares L - k(L) tokens) leaves rapidfuzz a few candidates
        self.bits = _bitmaps(self.seqs) if len(self.seqs) <= BITMAPS_BELOW else None
        self._band_cache: dict[tuple[int, float], list[tuple[int, int]]] = {}  # see _bands

    def window(self, n: int, tau: float) -> tuple[int, int]:
        """The positions of the sequences whose length is in the window of a query of ``n`` tokens."""
        lo, hi = length_window(n, tau)
        return bisect_left(self.lengths, lo), bisect_right(self.lengths, hi)

    def search(self, keys: tuple[str, ...], tau: float) -> list[tuple[float, int]]:
        """As :func:`search` (``keys`` not empty)."""
        try:
            qseq = "".join(map(self.points.__getitem__, keys))
        except KeyError:  # tokens not looked up yet (or not in the index)
            qseq = self._encode(keys)
        n = len(qseq)
        first, last = self.window(n, tau)
        if first >= last:
            return []
        if self.bits is not None:
            places = self._counted(qseq, tau, first, last)
            window, uids = [self.seqs[p] for p in places], [self.uids[p] for p in places]
        else:
            window = self.seqs if last - first == len(self.seqs) else self.seqs[first:last]
            uids = self.uids[first:last]
        # normalized distance d / max(n, m): the base score's own test, filtered in C++ (a hair loose for
        # rounding; each survivor is checked exactly below)
        cutoff = (100.0 - tau) / 100.0 + 1e-6
        out: dict[int, float] = {}
        for _, _, i in process.extract(
            qseq, window, scorer=Levenshtein.normalized_distance, score_cutoff=cutoff, limit=None
        ):
            longest = max(n, len(window[i]))
            d = Levenshtein.distance(qseq, window[i])
            if d <= max_distance(longest, tau):
                uid, base = uids[i], 100.0 * (1.0 - d / longest)
                if base > out.get(uid, -1.0):
                    out[uid] = base
        return sorted(((b, uid) for uid, b in out.items()), reverse=True)

    def _encode(self, keys: tuple[str, ...]) -> str:
        """The query's key sequence, reading the tokens not seen yet from the index: the first lookup that
        meets some reads those (``tm lookup`` of one query reads no more); from the second on, where the
        bitmaps are kept (a few thousand units), the language's whole vocabulary is read once
        (:meth:`MatchIndex.vocabulary`: about as long as making the scan, 10-20 ms per 1,000 units, against
        ~25 microseconds a lookup that reads its tokens), after which no lookup reads any: a token
        not in it is in no sequence of a unit the TM holds."""
        points = self.points
        if not self.complete:
            self._asked += 1
            if self._asked >= 2 and self.bits is not None:
                points.update((k, code_point(i)) for k, i in self.index.vocabulary(self.code).items())
                self.complete = True
            else:
                unknown = [k for k in set(keys) if k not in points]
                found = self.index.tokens(self.code, unknown)
                for k in unknown:
                    points[k] = code_point(found[k].id) if k in found else "\0"
        return "".join([points.get(k, "\0") for k in keys])

    def _counted(self, qseq: str, tau: float, first: int, last: int) -> list[int]:
        """The places in ``first:last`` whose sequence shares at least ``L - k(L)`` tokens with the query
        (``L`` the longer length; a query token held ``w`` times counts ``min(w, c)`` for a unit holding
        it ``c`` times: the multiset overlap, or more where ids share the overflow code point), counted
        over every place at once in bit-sliced integers (:mod:`tm.store.bitset`)."""
        # bit-sliced; each bitmap added in place (bitset.add_bits, inlined: ~20 additions a lookup)
        count: list[int] = []
        levels = self.bits
        for point, weight in Counter(qseq).items():
            # min(weight, c) for a unit holding the token c times: its first ``weight`` level bitmaps
            for carry in levels.get(point, ())[:weight]:
                for i, slice_ in enumerate(count):
                    count[i] = slice_ ^ carry
                    carry &= slice_
                    if not carry:
                        break
                else:
                    count.append(carry)
        found = 0
        for need, places in self._bands(len(qseq), tau, first, last):
            found |= bitset.at_least(count, need, places)
        return list(bitset.ids_of(found, len(self.lengths)))

    def _bands(self, n: int, tau: float, first: int, last: int) -> list[tuple[int, int]]:
        """(need, bitmap of places) for the places ``first:last`` of a query of ``n`` tokens: one per run of
        lengths sharing a need (every length up to ``n`` needs ``n - k(n)``); kept per ``(n, tau)``, which
        decide ``first`` and ``last``."""
        bands = self._band_cache.get((n, tau))
        if bands is not None:
            return bands
        lengths, bands = self.lengths, []
        start = first
        # places run by length
        end = bisect_right(lengths, n, first, last)
        need = n - max_distance(n, tau)
        while start < last:
            if end == start:
                m = lengths[start]
                end = bisect_right(lengths, m, start, last)
                need = m - max_distance(m, tau)
            while end < last:  # the next lengths with the same need join this run
                m = lengths[end]
                if m - max_distance(m, tau) != need:
                    break
                end = bisect_right(lengths, m, end, last)
            bands.append((need, ((1 << end) - 1) ^ ((1 << start) - 1)))
            start = end
        if len(self._band_cache) >= 4096:
            self._band_cache.clear()
        self._band_cache[n, tau] = bands
        return bands


def _bitmaps(seqs: list[str]) -> dict[str, list[int]]:
    """Per code point, its level bitmaps: the ``j``-th (from 1) has the places holding it at least ``j``
    times."""
    per: dict[str, list[bytearray]] = {}
    size = (len(seqs) + 7) // 8
    for place, seq in enumerate(seqs):
        byte, bit = place >> 3, 1 << (place & 7)
        for point, count in Counter(seq).items():
            levels = per.setdefault(point, [])
            while len(levels) < count:
                levels.append(bytearray(size))
            for bits in levels[:count]:
                bits[byte] |= bit
    return {point: [int.from_bytes(bits, "little") for bits in levels] for point, levels in per.items()}

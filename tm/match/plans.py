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

from collections import Counter
from collections.abc import Sequence

from rapidfuzz import process
from rapidfuzz.distance import Levenshtein

from tm.match.score import max_distance
from tm.store.encoding import EMPTY_TOKEN, code_point, gram_bucket
from tm.store.protocol import MatchIndex, Probe

EXTRA_PROBE = 2.0  # postings read beyond the prefix, as a share of the prefix's
LIST_FACTOR = 16.0  # the bitmaps win unless a prefix plan is 16x cheaper by the estimates (measured)
PLANS = ("unigram", "bigram", "dense")


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

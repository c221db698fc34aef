"""Paragraphs first, then sentences within aligned paragraphs: the beads of two documents.

1. **Paragraphs** are aligned by dynamic programming (1-1, 1-2, 2-1, 2-2, 1-3, 3-1, 1-0, 0-1) with the
   same cost as sentences (:mod:`tm.align.cost`). A paragraph left without a partner on both sides (a
   boilerplate paragraph moved elsewhere) is paired with its best unmatched counterpart when the pair
   explains more than leaving both alone. Where the documents have no usable paragraphs (one block, or
   counts too different), the whole document is one paragraph.
2. **Sentences** of each aligned paragraph group are aligned with beads 1-1, 1-2, 2-1, 2-2, 1-0, 0-1.

Both searches run in a band around the diagonal expected from the lengths (:mod:`tm.align.dp`), so
that long documents take linear time. Every bead gets its posterior probability within its paragraph
group, and that of its paragraph group; :mod:`tm.align.confidence` turns them into a calibrated
confidence.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from tm.align import dp
from tm.align.confidence import confidence, feature_vector
from tm.align.cost import (
    LEXICAL_WEIGHT,
    PARAGRAPH_PRIORS,
    SENTENCE_PRIORS,
    LengthModel,
    Weights,
    idf_weights,
    prior_costs,
)
from tm.align.evidence import features
from tm.align.lexicon import Lexicon

SENTENCE_BEADS = ((1, 1), (1, 0), (0, 1), (2, 1), (1, 2), (2, 2))
PARAGRAPH_BEADS = ((1, 1), (1, 0), (0, 1), (2, 1), (1, 2), (2, 2), (3, 1), (1, 3))
_NOTHING = (0, frozenset(), False, frozenset())
MISMATCH_COST = (
    1.5  # nats for each number or date (at most 3) that one side of a bead has and the other lacks
)
CROSSING = 3.0  # nats for a bead that joins sentences of two paragraphs of one side
MAX_PARAGRAPH_RATIO = 2.0  # paragraph counts further apart than this: align the documents as one block


@dataclass(frozen=True)
class Bead:
    """Sentences ``src`` of the source document aligned with sentences ``tgt`` of the target."""

    src: tuple[int, ...]
    tgt: tuple[int, ...]
    confidence: float
    posterior: float  # within its paragraph group
    group_posterior: float  # of its paragraph group
    evidence: float = 0.0  # lexical evidence shared beyond chance (weighted items)
    mismatch: int = 0  # numbers and dates on one side that the other lacks

    @property
    def kind(self) -> str:
        return f"{len(self.src)}-{len(self.tgt)}"

    @property
    def both(self) -> bool:
        return bool(self.src) and bool(self.tgt)


@dataclass(frozen=True)
class Model:
    """Everything the cost needs for one language pair, in canonical order (see ``cost.canonical``)."""

    src: str
    tgt: str
    length: LengthModel
    lexicon: Lexicon
    lexical_weight: float = LEXICAL_WEIGHT


class _Side:
    """One document's sentences as evidence, with the unions of neighbours cached."""

    def __init__(
        self,
        sets: list[frozenset[str]],
        lengths: list[float],
        paras: list[int] | None,
        nums: list[frozenset[str]],
    ) -> None:
        self.sets = sets
        self.lengths = lengths
        self.paras = paras  # each item's paragraph (sentences), or None (paragraphs)
        # each item's numbers and dates that a translation carries (what a bead's mismatch is counted on)
        self.nums = nums
        self.numbers = any(self.nums)
        self._cache: dict[tuple[int, int], tuple] = {}

    def span(self, i: int, k: int) -> tuple[float, frozenset[str], bool, frozenset[str]]:
        """Length, evidence, whether they cross a paragraph boundary, and numbers of items ``i .. i+k``."""
        if k == 1:
            return self.lengths[i], self.sets[i], False, self.nums[i]
        key = (i, k)
        got = self._cache.get(key)
        if got is None:
            length = sum(self.lengths[i : i + k])
            union = frozenset().union(*self.sets[i : i + k])
            crosses = self.paras is not None and self.paras[i] != self.paras[i + k - 1]
            nums = frozenset().union(*self.nums[i : i + k])
            got = self._cache[key] = (length, union, crosses, nums)
        return got


class _Scorer:
    """Bead costs over runs of items (each item a list of sentence indices of its side)."""

    def __init__(self, model: Model, src: _Side, tgt: _Side, weights: Weights, priors) -> None:
        self.model, self.src, self.tgt, self.weights = model, src, tgt, weights
        self.priors = prior_costs(priors)
        self._chance: dict[tuple[int, int], float] = {}
        self.numbers = src.numbers or tgt.numbers

    def chance(self, i: int, di: int, a: frozenset[str]) -> float:
        """What source items ``i .. i+di`` share by chance with a target sentence of mean length."""
        got = self._chance.get((i, di))
        if got is None:
            table = self.weights.chance
            got = self._chance[(i, di)] = sum(table.get(x, 0.0) for x in a)
        return got

    def detail(self, i: int, j: int, di: int, dj: int) -> tuple[float, int]:
        """A bead's net lexical evidence and its count of unmatched numbers and dates."""
        if not di or not dj:
            return 0.0, 0
        _, a, _, na = self.src.span(i, di)
        l2, b, _, nb = self.tgt.span(j, dj)
        w = self.weights
        evidence = sum(w.weight.get(x, 0.0) for x in a & b) - self.chance(i, di, a) * l2 / w.mean_length
        mismatch = _unmatched(a, na, b, nb)
        return evidence, mismatch

    def cost(self, i: int, j: int, di: int, dj: int) -> float:
        l1, a, cross_a, na = self.src.span(i, di) if di else _NOTHING
        l2, b, cross_b, nb = self.tgt.span(j, dj) if dj else _NOTHING
        c = self.priors[(di, dj)]
        if cross_a or cross_b:
            c += CROSSING
        if di and dj:
            c += self.model.length.cost(l1, l2)
            w = self.weights
            shared = a & b
            evidence = sum(w.weight.get(x, 0.0) for x in shared) if shared else 0.0
            evidence -= self.chance(i, di, a) * l2 / w.mean_length
            c -= self.model.lexical_weight * evidence
            if self.numbers:  # a translation carries its numbers: each one left behind costs
                c += MISMATCH_COST * _unmatched(a, na, b, nb)
        return c


def _unmatched(a: frozenset[str], na: frozenset[str], b: frozenset[str], nb: frozenset[str]) -> int:
    """The numbers and dates one side must carry (``na``, ``nb``) that the other side's items lack (an
    ordinal on the other side counts: 20周年 is the 20th anniversary)."""
    return len(na - b) + len(nb - a)


def _centre(src_lengths: Sequence[int], tgt_lengths: Sequence[int], ratio: float) -> list[float]:
    """The expected number of target items after each number of source items, from the lengths."""
    total_s = sum(src_lengths) or 1
    total_t = sum(tgt_lengths) or 1
    cum_t = [0.0]
    for length in tgt_lengths:
        cum_t.append(cum_t[-1] + length / total_t)
    out = [0.0]
    pos, acc = 0, 0.0
    for length in src_lengths:
        acc += length / total_s
        while pos < len(tgt_lengths) and cum_t[pos + 1] <= acc:
            pos += 1
        if pos < len(tgt_lengths):
            span = cum_t[pos + 1] - cum_t[pos]
            out.append(pos + ((acc - cum_t[pos]) / span if span else 0.0))
        else:
            out.append(float(len(tgt_lengths)))
    out[-1] = float(len(tgt_lengths))
    return out


def align_paragraphs(
    src_paragraphs: Sequence[Sequence[str]],
    tgt_paragraphs: Sequence[Sequence[str]],
    model: Model,
) -> list[Bead]:
    """The beads of two documents given as paragraphs of sentences (canonical order of ``model``)."""
    src_sents = [s for p in src_paragraphs for s in p]
    tgt_sents = [s for p in tgt_paragraphs for s in p]
    src_feats = [features(s, model.src) for s in src_sents]
    tgt_feats = [features(s, model.tgt) for s in tgt_sents]
    lex = model.lexicon
    src_sets = [f.keys | lex.explain(s, f.tokens) for s, f in zip(src_sents, src_feats, strict=True)]
    tgt_sets = [
        f.keys | frozenset(f.tokens) | lex.target_terms(s) for s, f in zip(tgt_sents, tgt_feats, strict=True)
    ]
    weights = idf_weights(tgt_sets, [f.length for f in tgt_feats])
    src_side = _Side(
        src_sets, [f.length for f in src_feats], _para_ids(src_paragraphs), [f.numbers for f in src_feats]
    )
    tgt_side = _Side(
        tgt_sets, [f.length for f in tgt_feats], _para_ids(tgt_paragraphs), [f.numbers for f in tgt_feats]
    )
    groups = _paragraph_groups(src_paragraphs, tgt_paragraphs, src_side, tgt_side, model, weights)
    beads: list[Bead] = []
    for ss, ts, group_post in groups:
        beads.extend(_sentences(src_side, tgt_side, ss, ts, group_post, model, weights))
    return beads


def _para_ids(paragraphs: Sequence[Sequence[str]]) -> list[int]:
    return [k for k, p in enumerate(paragraphs) for _ in p]


def _runs(paragraphs: Sequence[Sequence[str]]) -> list[tuple[int, int]]:
    out, k = [], 0
    for p in paragraphs:
        out.append((k, k + len(p)))
        k += len(p)
    return out


def _paragraph_groups(src_paragraphs, tgt_paragraphs, src_side, tgt_side, model, weights):
    """``((s0, s1), (t0, t1), posterior)`` per aligned paragraph group, in source order."""
    src_runs, tgt_runs = _runs(src_paragraphs), _runs(tgt_paragraphs)
    n, m = len(src_runs), len(tgt_runs)
    usable = n > 1 and m > 1 and max(n, m) / min(n, m) <= MAX_PARAGRAPH_RATIO
    if not usable:
        return [(list(range(src_runs[-1][1] if n else 0)), list(range(tgt_runs[-1][1] if m else 0)), 1.0)]
    # paragraphs are compared on their rarer items only: the common ones say little about which
    # paragraph is which, and they make the sets of long paragraphs large
    limit = max(RARE_DF, len(tgt_side.sets) // 500)
    rare = {x for x, count in weights.df.items() if count <= limit}
    src_p = _merge_side(src_side, src_runs, rare)
    tgt_p = _merge_side(tgt_side, tgt_runs, rare)
    scorer = _Scorer(model, src_p, tgt_p, weights, PARAGRAPH_PRIORS)
    moved: dict[int, tuple[int, float]] = {}  # source paragraph -> (target paragraph, posterior)
    for _ in range(3):
        keep_s = [k for k in range(n) if k not in moved]
        taken = {q for q, _ in moved.values()}
        keep_t = [k for k in range(m) if k not in taken]
        sub = _Scorer(model, _pick(src_p, keep_s), _pick(tgt_p, keep_t), weights, PARAGRAPH_PRIORS)
        # the diagonal by counts: paragraphs mostly pair 1-1, and the length ratio drifts along a long
        # document (a section of tables, another of prose), which would pull a diagonal by lengths away
        steps = dp.align(len(keep_s), len(keep_t), sub.cost, PARAGRAPH_BEADS, None, width=6)
        found = _moved_pairs(steps, keep_s, keep_t, scorer)
        if not found:
            break
        moved.update(found)
    # paragraph groups along the path, in order; uncertain ones are merged with their neighbours
    path = []
    for st in steps:
        ps = [keep_s[st.i + k] for k in range(st.di)]
        pt = [keep_t[st.j + k] for k in range(st.dj)]
        path.append((ps, pt, st.posterior, st.di == 1 and st.dj == 1))
    merged: list[list] = []
    for ps, pt, post, plain in path:
        sure = plain and post >= SURE_GROUP
        if merged and not (sure and merged[-1][3]):
            last = merged[-1]
            merged[-1] = [last[0] + ps, last[1] + pt, min(last[2], post), sure]
        else:
            merged.append([ps, pt, post, sure])
    placed = []  # (source position, (source sentences, target sentences, posterior))
    last = -1.0
    for ps, pt, post, _ in merged:
        where = float(ps[0]) if ps else last + 0.5
        last = float(ps[-1]) if ps else where
        placed.append((where, (_sentences_of(src_runs, ps), _sentences_of(tgt_runs, pt), post)))
    for p, (q, post) in moved.items():  # a moved paragraph, aligned where its source stands
        placed.append((float(p), (_sentences_of(src_runs, [p]), _sentences_of(tgt_runs, [q]), post)))
    placed.sort(key=lambda x: x[0])
    return [g for _, g in placed if g[0] or g[1]]


SURE_GROUP = 0.9  # a 1-1 paragraph bead less certain than this is aligned together with its neighbours


def _sentences_of(runs: list[tuple[int, int]], paras: list[int]) -> list[int]:
    return [k for p in paras for k in range(*runs[p])]


def _pick(side: _Side, keep: list[int]) -> _Side:
    paras = [side.paras[k] for k in keep] if side.paras is not None else None
    return _Side(
        [side.sets[k] for k in keep], [side.lengths[k] for k in keep], paras, [side.nums[k] for k in keep]
    )


def _merge_side(side: _Side, runs: list[tuple[int, int]], keep: set[str]) -> _Side:
    sets = [frozenset().union(*side.sets[a:b]).intersection(keep) for a, b in runs]
    lengths = [sum(side.lengths[a:b]) for a, b in runs]
    return _Side(sets, lengths, None, [frozenset().union(*side.nums[a:b]) for a, b in runs])


RARE_DF = 3  # paragraphs are aligned on items in at most this many target sentences (or 1 in 500)
MOVE_MARGIN = 4.0  # nats a moved pair must explain beyond leaving both paragraphs alone


def _moved_pairs(steps, keep_s, keep_t, scorer: _Scorer) -> dict[int, tuple[int, float]]:
    """Paragraphs the path could not pair 1-1 that translate a paragraph elsewhere (moved boilerplate):
    mutual best matches, sharing more than chance and every number, not next to each other on the path."""
    place_s, place_t = {}, {}
    odd_s, odd_t = [], []
    for n_step, st in enumerate(steps):
        for k in range(st.di):
            place_s[keep_s[st.i + k]] = n_step
            if (st.di, st.dj) != (1, 1):
                odd_s.append(keep_s[st.i + k])
        for k in range(st.dj):
            place_t[keep_t[st.j + k]] = n_step
            if (st.di, st.dj) != (1, 1):
                odd_t.append(keep_t[st.j + k])
    if not odd_s or not odd_t:
        return {}
    lone = scorer.priors[(1, 0)] + scorer.priors[(0, 1)]
    # candidates share at least one (rare) item: found through an index, not by trying every paragraph
    post_t: dict[str, list[int]] = {}
    for q in keep_t:
        for x in scorer.tgt.sets[q]:
            post_t.setdefault(x, []).append(q)
    post_s: dict[str, list[int]] = {}
    for p in keep_s:
        for x in scorer.src.sets[p]:
            post_s.setdefault(x, []).append(p)

    def best_t(p):
        options = {q for x in scorer.src.sets[p] for q in post_t.get(x, ())}
        return min(options, key=lambda q: scorer.cost(p, q, 1, 1), default=None)

    def best_s(q):
        options = {p for x in scorer.tgt.sets[q] for p in post_s.get(x, ())}
        return min(options, key=lambda p: scorer.cost(p, q, 1, 1), default=None)

    out = {}
    for p in odd_s:
        q = best_t(p)
        if q is None or q not in odd_t or best_s(q) != p or abs(place_s[p] - place_t[q]) <= 1:
            continue
        together = scorer.cost(p, q, 1, 1)
        # taken out of the document's order, so only on clean evidence: more shared than by chance,
        # and every number and date carried (two paragraphs naming the same event in other years are not
        # one moved paragraph)
        evidence, mismatch = scorer.detail(p, q, 1, 1)
        if together < lone - MOVE_MARGIN and evidence > 0 and not mismatch:
            out[p] = (q, 1.0 / (1.0 + math.exp(together - lone)))
    return out


def _sentences(src_side, tgt_side, ss: list[int], ts: list[int], group_post, model, weights) -> list[Bead]:
    """The sentence beads of one paragraph group (``ss``, ``ts``: its sentences on each side)."""
    n, m = len(ss), len(ts)
    if n == 0 or m == 0:
        lone = [((k,), ()) for k in ss] + [((), (k,)) for k in ts]
        return [
            Bead(s, t, confidence(feature_vector(1.0, group_post, s, t)), 1.0, group_post) for s, t in lone
        ]
    sub_src = _pick(src_side, ss)
    sub_tgt = _pick(tgt_side, ts)
    scorer = _Scorer(model, sub_src, sub_tgt, weights, SENTENCE_PRIORS)
    centre = _centre(sub_src.lengths, sub_tgt.lengths, model.length.ratio)
    out = []
    for st in dp.align(n, m, scorer.cost, SENTENCE_BEADS, centre, width=8):
        s = tuple(ss[st.i + k] for k in range(st.di))
        t = tuple(ts[st.j + k] for k in range(st.dj))
        evidence, mismatch = scorer.detail(st.i, st.j, st.di, st.dj)
        x = feature_vector(st.posterior, group_post, s, t, evidence, mismatch)
        out.append(Bead(s, t, confidence(x), st.posterior, group_post, evidence, mismatch))
    return out

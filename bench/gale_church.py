"""Plain Gale-Church (1993): the baseline every alignment result of tm is compared to, in the same run.

Sentence lengths in characters (spaces left out), the ratio ``c`` of the two documents' total lengths
(what implementations do for a language pair without published parameters), the paper's variance
``s2 = 6.8`` and bead priors (1-1 .89, 1-0 and 0-1 .0099 together, 2-1 and 1-2 .089 together, 2-2 .011),
and its cost ``-log(P(bead) * 2 * (1 - Phi(|delta|)))`` with ``delta = (l2 - c*l1) / sqrt(s2 * mean)``,
``mean = (l1 + l2/c) / 2`` (as the paper's program computes it, so that 1-0 and 0-1 beads have one).
No paragraphs, no lexical evidence: the whole document is one sequence of sentences.

Dynamic programming row by row with numpy (the cells of a row are computed together), in a band of
``width`` sentences around the diagonal so that a 10,000-sentence document fits in memory; the paper's
own programme aligned within paragraphs instead. With the default width the band covers any document
up to 400 sentences entirely.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence

import numpy as np

PRIORS = {
    (1, 1): 0.89,
    (1, 0): 0.0099 / 2,
    (0, 1): 0.0099 / 2,
    (2, 1): 0.089 / 2,
    (1, 2): 0.089 / 2,
    (2, 2): 0.011,
}
S2 = 6.8
BEADS = ((1, 1), (1, 0), (2, 1), (1, 2), (2, 2))  # (0, 1) is done within the row
_SPACE = re.compile(r"\s+")


def _tail(delta: np.ndarray) -> np.ndarray:
    """``-log(2 * (1 - Phi(|delta|)))`` (the normal tail, Abramowitz & Stegun 26.2.17 as in the paper's code)."""
    z = np.abs(delta)
    t = 1.0 / (1.0 + 0.2316419 * z)
    poly = t * (0.319381530 + t * (-0.356563782 + t * (1.781477937 + t * (-1.821255978 + t * 1.330274429))))
    pd = 2.0 * 0.3989422804 * np.exp(-z * z / 2.0) * poly  # 2 * (1 - Phi(z))
    return -np.log(np.maximum(pd, 1e-300))


def _delta(l1, l2, c: float):
    mean = np.maximum((l1 + l2 / c) / 2.0, 1e-9)
    return (l2 - c * l1) / np.sqrt(S2 * mean)


def align(
    src: Sequence[str], tgt: Sequence[str], width: int = 200
) -> list[tuple[tuple[int, ...], tuple[int, ...]]]:
    """The Gale-Church beads of two sentence lists, as (source indices, target indices)."""
    ls = np.array([len(_SPACE.sub("", s)) for s in src], dtype=float)
    lt = np.array([len(_SPACE.sub("", t)) for t in tgt], dtype=float)
    n, m = len(ls), len(lt)
    c = (lt.sum() / ls.sum()) if ls.sum() and lt.sum() else 1.0
    ps = np.concatenate([[0.0], np.cumsum(ls)])
    pt = np.concatenate([[0.0], np.cumsum(lt)])
    prior = {b: -math.log(p) for b, p in PRIORS.items()}
    lo = np.array([max(0, int(i * m / max(n, 1)) - width) for i in range(n + 1)])
    hi = np.array([min(m, int(math.ceil(i * m / max(n, 1))) + width) for i in range(n + 1)])
    lo[0], hi[n] = 0, m
    rows: list[np.ndarray] = []
    backs: list[np.ndarray] = []
    inf = np.inf
    for i in range(n + 1):
        j = np.arange(lo[i], hi[i] + 1)
        best = np.full(len(j), inf)
        back = np.full(len(j), -1, dtype=np.int8)
        if i == 0:
            best[j == 0] = 0.0
        for b, (di, dj) in enumerate(BEADS):
            if i - di < 0:
                continue
            prev = rows[i - di]
            k = j - dj - lo[i - di]
            ok = (k >= 0) & (k < len(prev)) & (j - dj >= 0)
            cand = np.full(len(j), inf)
            l1 = ps[i] - ps[i - di]
            l2 = np.where(ok, pt[np.clip(j, 0, m)] - pt[np.clip(j - dj, 0, m)], 0.0)
            cost = prior[(di, dj)] + _tail(_delta(l1, l2, c))
            cand[ok] = prev[k[ok]] + cost[ok]
            better = cand < best
            best[better] = cand[better]
            back[better] = b
        # (0, 1) within the row: best[j] = min(best[j], best[j-1] + c01[j]), as a running minimum
        c01 = prior[(0, 1)] + _tail(_delta(0.0, lt[np.clip(j - 1, 0, max(m - 1, 0))], c))
        c01[j == 0] = inf
        acc = np.concatenate([[0.0], np.cumsum(np.where(np.isfinite(c01), c01, 0.0)[1:])])
        run = np.minimum.accumulate(best - acc) + acc
        from_left = run < best - 1e-9 * (1.0 + np.abs(acc))
        best = np.where(from_left, run, best)
        back[from_left] = len(BEADS)  # (0, 1)
        rows.append(best)
        backs.append(back)
    beads = []
    i, jj = n, m
    while i > 0 or jj > 0:
        b = backs[i][jj - lo[i]]
        di, dj = (0, 1) if b == len(BEADS) else BEADS[b]
        beads.append((tuple(range(i - di, i)), tuple(range(jj - dj, jj))))
        i, jj = i - di, jj - dj
    beads.reverse()
    return beads

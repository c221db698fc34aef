"""Dynamic programming over beads in a band around the expected diagonal, with each bead's posterior.

Two sequences of ``n`` and ``m`` items (sentences or paragraphs) are cut into beads: ``(di, dj)`` items of
each side (1-1, 2-1, 1-0, ...). ``cost(i, j, di, dj)`` is the cost (a negative log-probability, in nats)
of the bead that covers items ``i .. i+di`` and ``j .. j+dj``. The best path minimises the sum.

The band keeps long documents linear: after ``i`` source items only ``j`` within ``width`` of the
expected ``centre[i]`` is considered. When the best path runs along the edge of the band, the band is
doubled and the search done again, so that a band too narrow costs time, never the right answer.

The same pass computes the forward sums (log-sum-exp over all paths instead of min), the backward pass
the costs saved on the way, so that every bead of the best path gets its posterior probability: the
share of all paths' probability mass that goes through it.
"""

from __future__ import annotations

import math
from array import array
from collections.abc import Callable, Sequence
from dataclasses import dataclass

INF = float("inf")
Cost = Callable[[int, int, int, int], float]


@dataclass(frozen=True)
class Step:
    """One bead of a path: items ``i .. i+di`` and ``j .. j+dj``, its cost and posterior probability."""

    i: int
    j: int
    di: int
    dj: int
    cost: float
    posterior: float


def _logaddexp_neg(a: float, b: float) -> float:
    """``-log(exp(-a) + exp(-b))``: the soft minimum of two costs."""
    if a == INF:
        return b
    if b == INF:
        return a
    if a > b:
        a, b = b, a
    return a - math.log1p(math.exp(a - b))


def _band(n: int, m: int, centre: Sequence[float], width: int) -> tuple[list[int], list[int]]:
    lo, hi = [], []
    for i in range(n + 1):
        c = centre[i]
        a = max(0, int(math.floor(c)) - width)
        b = min(m, int(math.ceil(c)) + width)
        lo.append(a)
        hi.append(max(a, b))
    lo[0], hi[n] = 0, m
    hi[0] = max(hi[0], 0)
    lo[n] = min(lo[n], m)
    return lo, hi


def align(
    n: int,
    m: int,
    cost: Cost,
    beads: Sequence[tuple[int, int]],
    centre: Sequence[float] | None = None,
    width: int = 12,
) -> list[Step]:
    """The best path of beads from ``(0, 0)`` to ``(n, m)``, each bead with its posterior.

    ``centre[i]`` (``n + 1`` values) is the expected number of target items after ``i`` source items
    (default: the straight diagonal).
    """
    if centre is None:
        centre = [i * m / n if n else 0.0 for i in range(n + 1)]
    while True:
        steps, touched = _search(n, m, cost, beads, centre, width)
        if steps is not None and (not touched or width >= max(n, m)):
            return steps
        width *= 2


def _search(n, m, cost, beads, centre, width):
    lo, hi = _band(n, m, centre, width)
    nb = len(beads)
    best: list[array] = []  # best[i][j - lo[i]]: the least cost of reaching (i, j)
    back: list[array] = []  # the bead index that got there
    fwd: list[array] = []  # soft-min cost of reaching (i, j): all paths
    costs: list[array] = []  # costs[i][(j - lo[i]) * nb + b]: bead b ending at (i, j)
    for i in range(n + 1):
        a, b_ = lo[i], hi[i]
        size = b_ - a + 1
        row_best = array("d", [INF]) * size
        row_back = array("b", [-1]) * size
        row_fwd = array("d", [INF]) * size
        row_cost = array("d", [INF]) * (size * nb)
        for j in range(a, b_ + 1):
            k = j - a
            if i == 0 and j == 0:
                row_best[0] = 0.0
                row_fwd[0] = 0.0
                continue
            vb, vf, arg = INF, INF, -1
            for bi, (di, dj) in enumerate(beads):
                pi, pj = i - di, j - dj
                if pi < 0 or pj < 0:
                    continue
                if pi == i:
                    if pj < a:
                        continue
                    prev_best, prev_fwd = row_best[pj - a], row_fwd[pj - a]
                else:
                    plo = lo[pi]
                    if pj < plo or pj > hi[pi]:
                        continue
                    prev_best, prev_fwd = best[pi][pj - plo], fwd[pi][pj - plo]
                if prev_fwd == INF:
                    continue
                c = cost(pi, pj, di, dj)
                row_cost[k * nb + bi] = c
                v = prev_best + c
                if v < vb:
                    vb, arg = v, bi
                vf = _logaddexp_neg(vf, prev_fwd + c)
            row_best[k], row_back[k], row_fwd[k] = vb, arg, vf
        best.append(row_best)
        back.append(row_back)
        fwd.append(row_fwd)
        costs.append(row_cost)
    if best[n][m - lo[n]] == INF:
        return None, True
    # the backward soft-min: cost from (i, j) to the end over all paths
    bwd: list[array] = [array("d", [INF]) * (hi[i] - lo[i] + 1) for i in range(n + 1)]
    bwd[n][m - lo[n]] = 0.0
    for i in range(n, -1, -1):
        a = lo[i]
        for j in range(hi[i], a - 1, -1):
            v = bwd[i][j - a]
            if v == INF:
                continue
            row_cost = costs[i]
            k = j - a
            for bi, (di, dj) in enumerate(beads):
                c = row_cost[k * nb + bi]
                if c == INF:
                    continue
                pi, pj = i - di, j - dj
                pk = pj - lo[pi]
                bwd[pi][pk] = _logaddexp_neg(bwd[pi][pk], c + v)
    total = fwd[n][m - lo[n]]
    steps: list[Step] = []
    touched = False
    i, j = n, m
    while i > 0 or j > 0:
        k = j - lo[i]
        bi = back[i][k]
        di, dj = beads[bi]
        pi, pj = i - di, j - dj
        c = costs[i][k * nb + bi]
        post = math.exp(min(0.0, total - (fwd[pi][pj - lo[pi]] + c + bwd[i][k])))
        steps.append(Step(pi, pj, di, dj, c, post))
        if (j <= lo[i] + 1 and lo[i] > 0) or (j >= hi[i] - 1 and hi[i] < m):
            touched = True
        i, j = pi, pj
    steps.reverse()
    return steps, touched

"""A bead's confidence: a logistic model over its posteriors, calibrated on the corpora's gold alignments.

The features are the log-odds of the bead's posterior within its paragraph group (how it fares against
the other ways of aligning the same sentences), the log-odds of the group's own posterior (paragraph
alignment), whether the bead is other than 1-1, and two absolute ones: how many numbers and dates one
side has that the other lacks, and how far the words the two sides share fall short of chance (a bead
can be the best of bad choices: a sentence with no counterpart paired with one that has none either). The coefficients
are fitted by ``bench/align_calibrate.py`` on the gold alignments of ``tests/data/align`` (each
document's beads scored by a model fitted without that document: held out) and written here.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

# Fitted by bench/align_calibrate.py (see docs/alignment.md for the calibration table).
# intercept, logit(posterior), logit(group posterior), not 1-1, unmatched numbers, evidence below chance
COEFFICIENTS = (0.3667, 1.2461, -0.0931, -3.1571, -2.248, 2.163)
_CLIP = 1e-6


def logit(p: float) -> float:
    p = min(1.0 - _CLIP, max(_CLIP, p))
    return math.log(p / (1.0 - p))


def feature_vector(
    posterior: float,
    group_posterior: float,
    src: Sequence[int],
    tgt: Sequence[int],
    evidence: float = 0.0,
    mismatch: int = 0,
) -> tuple[float, ...]:
    """The features of a bead: 1, logit(posterior), logit(group posterior), not 1-1, unmatched numbers
    and dates (at most 4), and the lexical evidence when it is below chance (in tens, at most -1): what
    two unrelated sentences share. Evidence above chance is left out: multi-sentence beads hold more
    of it and are wrong more often, so it would only learn to doubt them twice."""
    other = 0.0 if (len(src) == 1 and len(tgt) == 1) else 1.0
    below = max(-10.0, min(0.0, evidence)) / 10
    return (1.0, logit(posterior), logit(group_posterior), other, float(min(mismatch, 4)), below)


def confidence(x: Sequence[float], coefficients: Sequence[float] = COEFFICIENTS) -> float:
    """The probability that a bead with features ``x`` (:func:`feature_vector`) is right (0-1)."""
    z = sum(w * v for w, v in zip(coefficients, x, strict=True))
    return 1.0 / (1.0 + math.exp(-max(-40.0, min(40.0, z))))


def fit(rows: Sequence[tuple[tuple, int]], l2: float = 0.1, steps: int = 50) -> tuple[float, ...]:
    """Logistic regression by Newton's method: ``rows`` are (feature vector, 1 if right else 0)."""
    k = len(rows[0][0]) if rows else len(COEFFICIENTS)
    w = [0.0] * k
    for _ in range(steps):
        grad = [-l2 * x for x in w]
        hess = [[(l2 if a == b else 0.0) for b in range(k)] for a in range(k)]
        for x, y in rows:
            z = sum(wi * xi for wi, xi in zip(w, x, strict=True))
            p = 1.0 / (1.0 + math.exp(-max(-40.0, min(40.0, z))))
            for a in range(k):
                grad[a] += (y - p) * x[a]
                for b in range(k):
                    hess[a][b] += p * (1 - p) * x[a] * x[b]
        step = _solve(hess, grad)
        w = [wi + si for wi, si in zip(w, step, strict=True)]
        if max(abs(s) for s in step) < 1e-9:
            break
    return tuple(w)


def _solve(a: list[list[float]], b: list[float]) -> list[float]:
    """Gaussian elimination with partial pivoting (a handful of features: no need for numpy)."""
    n = len(b)
    m = [row[:] + [b[i]] for i, row in enumerate(a)]
    for col in range(n):
        pivot = max(range(col, n), key=lambda r: abs(m[r][col]))
        m[col], m[pivot] = m[pivot], m[col]
        if abs(m[col][col]) < 1e-12:
            continue
        for r in range(n):
            if r != col:
                f = m[r][col] / m[col][col]
                m[r] = [x - f * y for x, y in zip(m[r], m[col], strict=True)]
    return [m[i][n] / m[i][i] if abs(m[i][i]) > 1e-12 else 0.0 for i in range(n)]

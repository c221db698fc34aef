"""A bead's confidence: a logistic model over its posteriors, calibrated on the corpora's gold alignments.

The features are the log-odds of the bead's posterior within its paragraph group, the log-odds of the
group's own posterior (paragraph alignment), and whether the bead is other than 1-1. The coefficients
are fitted by ``bench/align_calibrate.py`` on the gold alignments of ``tests/data/align`` (each
document's beads scored by a model fitted without that document: held out) and written here.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

# Fitted by bench/align_calibrate.py (see docs/alignment.md for the calibration table).
COEFFICIENTS = (
    1.9848,
    0.6454,
    0.1532,
    -5.4269,
)  # intercept, logit(posterior), logit(group posterior), not 1-1
_CLIP = 1e-6


def logit(p: float) -> float:
    p = min(1.0 - _CLIP, max(_CLIP, p))
    return math.log(p / (1.0 - p))


def feature_vector(posterior: float, group_posterior: float, src: Sequence[int], tgt: Sequence[int]) -> tuple:
    other = 0.0 if (len(src) == 1 and len(tgt) == 1) else 1.0
    return (1.0, logit(posterior), logit(group_posterior), other)


def confidence(
    posterior: float,
    group_posterior: float,
    src: Sequence[int],
    tgt: Sequence[int],
    coefficients: Sequence[float] = COEFFICIENTS,
) -> float:
    """The probability that the bead is right (0-1)."""
    z = sum(
        w * x for w, x in zip(coefficients, feature_vector(posterior, group_posterior, src, tgt), strict=True)
    )
    return 1.0 / (1.0 + math.exp(-max(-40.0, min(40.0, z))))


def fit(rows: Sequence[tuple[tuple, int]], l2: float = 0.1, steps: int = 50) -> tuple[float, ...]:
    """Logistic regression by Newton's method: ``rows`` are (feature vector, 1 if right else 0)."""
    k = len(rows[0][0]) if rows else 4
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
    """Gaussian elimination with partial pivoting (k is 4: no need for numpy)."""
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

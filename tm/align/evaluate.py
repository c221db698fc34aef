"""Strict bead F1 against a gold alignment, per bead type and per confidence bin.

Only beads with both sides non-empty count (a 1-0 bead is no translation unit); a predicted bead is
right when a gold bead has exactly its sentences on both sides.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

BINS = (0.0, 0.5, 0.7, 0.8, 0.9, 0.95, 0.99, 1.0001)

BeadKey = tuple[tuple[int, ...], tuple[int, ...]]


def key(src: Iterable[int], tgt: Iterable[int]) -> BeadKey:
    return tuple(src), tuple(tgt)


def kind(b: BeadKey) -> str:
    return f"{len(b[0])}-{len(b[1])}"


@dataclass
class Score:
    """Counts for a strict F1: predicted and gold beads (both sides non-empty) and those that agree."""

    predicted: int = 0
    gold: int = 0
    correct: int = 0

    def add(self, other: Score) -> None:
        self.predicted += other.predicted
        self.gold += other.gold
        self.correct += other.correct

    @property
    def precision(self) -> float:
        return self.correct / self.predicted if self.predicted else 1.0

    @property
    def recall(self) -> float:
        return self.correct / self.gold if self.gold else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass
class Bin:
    low: float
    high: float
    beads: int = 0
    correct: int = 0
    confidence_sum: float = 0.0

    @property
    def accuracy(self) -> float:
        return self.correct / self.beads if self.beads else 0.0

    @property
    def mean_confidence(self) -> float:
        return self.confidence_sum / self.beads if self.beads else 0.0


@dataclass
class Report:
    """Strict F1 overall, per gold/predicted bead type, and the calibration of confidences."""

    total: Score = field(default_factory=Score)
    by_kind: dict[str, Score] = field(default_factory=dict)
    bins: list[Bin] = field(default_factory=lambda: [Bin(a, b) for a, b in zip(BINS, BINS[1:], strict=False)])

    def add(self, predicted: Sequence[tuple[BeadKey, float]], gold: Sequence[BeadKey]) -> Score:
        """Score one document pair: ``predicted`` as (bead, confidence), ``gold`` as beads."""
        gold_set = {g for g in gold if g[0] and g[1]}
        pred = [(b, c) for b, c in predicted if b[0] and b[1]]
        score = Score(len(pred), len(gold_set), sum(1 for b, _ in pred if b in gold_set))
        self.total.add(score)
        for b, conf in pred:
            right = b in gold_set
            self.by_kind.setdefault(kind(b), Score()).predicted += 1
            if right:
                self.by_kind[kind(b)].correct += 1
            for bin_ in self.bins:
                if bin_.low <= conf < bin_.high:
                    bin_.beads += 1
                    bin_.correct += int(right)
                    bin_.confidence_sum += conf
                    break
        for g in gold_set:
            self.by_kind.setdefault(kind(g), Score()).gold += 1
        return score

    def expected_calibration_error(self) -> float:
        n = sum(b.beads for b in self.bins)
        if not n:
            return 0.0
        return sum(b.beads * abs(b.accuracy - b.mean_confidence) for b in self.bins) / n

    def to_json(self) -> dict:
        return {
            "f1": round(self.total.f1, 4),
            "precision": round(self.total.precision, 4),
            "recall": round(self.total.recall, 4),
            "predicted": self.total.predicted,
            "gold": self.total.gold,
            "correct": self.total.correct,
            "by_kind": {
                k: {"f1": round(s.f1, 4), "predicted": s.predicted, "gold": s.gold, "correct": s.correct}
                for k, s in sorted(self.by_kind.items())
            },
            "bins": [
                {
                    "range": [b.low, min(1.0, b.high)],
                    "beads": b.beads,
                    "correct": b.correct,
                    "accuracy": round(b.accuracy, 4),
                    "mean_confidence": round(b.mean_confidence, 4),
                }
                for b in self.bins
            ],
            "ece": round(self.expected_calibration_error(), 4),
        }

"""The cost of a bead: its type's prior, the fit of its lengths, and the lexical evidence it holds.

``cost = prior(type) + length + lexical``, all in nats (negative log-probabilities), so that the
dynamic programme finds the most probable path and forward-backward sums give posteriors.

- **Length** (Gale & Church 1993): ``delta = (l2 - c*l1) / sqrt(s2 * (l1 + l2/c) / 2)`` with lengths in
  characters without spaces (Chinese counted by characters), ``c`` the target/source length ratio and
  ``s2`` its variance per character, per language pair: learned from the TM's aligned units when the TM
  has enough of them (:func:`length_model`), sensible defaults otherwise. The cost is
  ``-log P(|delta| or more)`` under a normal law.
- **Lexical**: the weighted count of target-side items that the source side explains: identical keys
  (numbers, dates, Latin names, transliterated names, quotation marks, brackets) and target tokens
  reached through the :class:`~tm.align.lexicon.Lexicon`. Each item weighs its inverse document frequency
  in the target document, times a factor per kind (a shared rare number says more than a shared word).
  Because every target item is in exactly one bead, the lexical term over a path is the evidence the
  path explains: a path that splits a translation from its source loses it.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from tm.align.evidence import text_length
from tm.lang import primary

SQRT2 = math.sqrt(2.0)

# Target/source ratio of lengths (characters without spaces) and its variance per source character, for
# the language pair in its canonical order (Chinese first). Set from published figures and the length
# statistics of parallel press text; the TM's own units refine them.
DEFAULT_LENGTH = {
    ("zh", "en"): (3.0, 12.0),
    ("zh", "ru"): (3.2, 14.0),
    ("en", "ru"): (1.08, 3.0),
    ("zh", "zh"): (1.0, 1.0),
}
GENERIC_LENGTH = (1.0, 6.8)  # Gale & Church's figures for European languages
SENTENCE_PRIORS = {(1, 1): 0.89, (1, 0): 0.005, (0, 1): 0.005, (2, 1): 0.045, (1, 2): 0.045, (2, 2): 0.002}
PARAGRAPH_PRIORS = {
    (1, 1): 0.93,
    (1, 0): 0.01,
    (0, 1): 0.01,
    (2, 1): 0.02,
    (1, 2): 0.02,
    (2, 2): 0.002,
    (3, 1): 0.005,
    (1, 3): 0.005,
}
KIND_WEIGHT = {"n": 2.0, "d": 2.5, "l": 1.5, "s": 1.2, "t": 2.0, "q": 0.6, "b": 0.6, "?": 0.6}
LEXICAL_WEIGHT = 0.6  # nats per unit of weighted evidence


@dataclass(frozen=True)
class LengthModel:
    ratio: float  # c: target length / source length
    variance: float  # s2: variance of (l2 - c*l1) per source character
    learned_from: int = 0  # TM units it was fitted on (0: defaults)

    def cost(self, l1: float, l2: float) -> float:
        """``-log P(|delta| >= observed)``: 0 for a perfect fit, growing with the square of the misfit."""
        if l1 == 0 and l2 == 0:
            return 0.0
        c = self.ratio
        delta = abs(l2 - c * l1) / math.sqrt(self.variance * (l1 + l2 / c) / 2.0)
        tail = math.erfc(delta / SQRT2)
        if tail > 1e-300:
            return -math.log(tail)
        return delta * delta / 2.0 + math.log(delta * math.sqrt(math.pi / 2.0))


def canonical(src: str, tgt: str) -> bool:
    """Whether ``src``-``tgt`` is in the order the models are kept in (Chinese first; else as given)."""
    s, t = primary(src), primary(tgt)
    return not (t == "zh" and s != "zh") and not (s == "ru" and t == "en")


def default_length(src: str, tgt: str) -> LengthModel:
    c, s2 = DEFAULT_LENGTH.get((primary(src), primary(tgt)), GENERIC_LENGTH)
    return LengthModel(c, s2)


def length_model(pairs: Iterable[tuple[str, str]], src: str, tgt: str, limit: int = 20000) -> LengthModel:
    """The length model of ``src``-``tgt`` fitted on aligned units (at most ``limit``), blended with the
    defaults by how many there are; outliers (the 5% worst fits) left out."""
    default = default_length(src, tgt)
    data = []
    for k, (s, t) in enumerate(pairs):
        if k >= limit:
            break
        l1, l2 = text_length(s, src), text_length(t, tgt)
        if l1 and l2:
            data.append((l1, l2))
    if len(data) < 20:
        return LengthModel(default.ratio, default.variance, len(data))
    c = sum(b for _, b in data) / sum(a for a, _ in data)
    residuals = sorted(((b - c * a) ** 2, a) for a, b in data)
    kept = residuals[: max(1, int(len(residuals) * 0.95))]
    s2 = sum(r for r, _ in kept) / sum(a for _, a in kept)
    trust = len(data) / (len(data) + 200.0)
    ratio = trust * c + (1 - trust) * default.ratio
    variance = max(0.5, trust * s2 + (1 - trust) * default.variance)
    return LengthModel(ratio, variance, len(data))


def prior_costs(priors: dict[tuple[int, int], float]) -> dict[tuple[int, int], float]:
    return {bead: -math.log(p) for bead, p in priors.items()}


@dataclass(frozen=True)
class Weights:
    """What a shared item is worth, and what sharing by chance is expected to be worth.

    ``weight[x]``: the item's inverse document frequency over the target sentences, times its kind's
    factor (numbers and names weigh more than words). ``chance[x]``: ``weight[x]`` times the share of
    target sentences holding ``x``: summed over a source side's items, what it would share with a
    target sentence of ``mean_length`` picked at random. A source side that explains many words (a long
    paragraph through a dictionary) is expected to share many by chance; only what it shares beyond that
    counts as evidence.
    """

    weight: dict[str, float]
    chance: dict[str, float]
    mean_length: float
    df: dict[str, int]


def idf_weights(target_sets: Sequence[frozenset[str]], lengths: Sequence[float]) -> Weights:
    """The :class:`Weights` of the target document's items (one set per target sentence)."""
    df: dict[str, int] = {}
    for items in target_sets:
        for x in items:
            df[x] = df.get(x, 0) + 1
    n = len(target_sets) + 1.0
    weight, chance = {}, {}
    for x, count in df.items():
        kind = x[0] if len(x) > 1 and x[1] == ":" else ""
        if x in ("q", "b", "?") or x.startswith(("q#", "b#", "?#")):
            kind = x[0]
        w = math.log(n / (count + 0.5)) * KIND_WEIGHT.get(kind, 1.0)
        weight[x] = w
        chance[x] = w * count / n
    mean = sum(lengths) / len(lengths) if lengths else 1.0
    return Weights(weight, chance, max(1.0, mean), df)

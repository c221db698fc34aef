"""What QA learns from the TM: the translations of 100% matches, and the usual length ratio of a pair."""

from __future__ import annotations

import math
import statistics
from collections.abc import Callable, Iterable

from tm.text.count import characters

MIN_CHARS = 10  # pairs with a shorter source say little about length
MIN_PAIRS = 20  # fewer pairs than this: no range is learned
SAMPLE = 50_000  # pairs read at most
Z = 3.5  # robust z-score beyond which a ratio is an outlier (Iglewicz and Hoaglin)


def learn_range(pairs: Iterable[tuple[str, str]]) -> tuple[float, float] | None:
    """The range of target/source character ratios that the pairs show: median ± 3.5 robust standard
    deviations (1.4826 x the median absolute deviation) of the log ratio; None with too few pairs."""
    logs = []
    for n, (source, target) in enumerate(pairs):
        if n >= SAMPLE:
            break
        s, t = characters(source), characters(target)
        if s >= MIN_CHARS and t > 0:
            logs.append(math.log(t / s))
    if len(logs) < MIN_PAIRS:
        return None
    median = statistics.median(logs)
    mad = statistics.median(abs(x - median) for x in logs)
    spread = max(Z * 1.4826 * mad, 0.15)
    return math.exp(median - spread), math.exp(median + spread)


def exact_targets(store, src: str, tgt: str) -> Callable[[str], list[str]]:
    """A function giving the targets of the TM's 100% (and context) matches of a source text."""
    from tm.match import Matcher  # lazy: rapidfuzz loads only when a TM is given

    matcher = Matcher(store, src, tgt, min_score=100, limit=5)
    cache: dict[str, list[str]] = {}

    def targets(text: str) -> list[str]:
        if text not in cache:
            cache[text] = [m.target for m in matcher.lookup(text) if m.score >= 100]
        return cache[text]

    return targets


def store_pairs(store, src: str, tgt: str) -> Iterable[tuple[str, str]]:
    """(source, target) text of every unit of the TM holding both languages."""
    for _, s, t in store.pairs(store.resolve(src), store.resolve(tgt)):
        yield s.text, t.text

"""What a lookup returns, and the ranking shared by the indexed matcher and the brute-force oracle."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from tm.match.score import Analysed, Scored, analyse, finish, not_carried_penalty
from tm.model import Variant
from tm.text.adapt import Change, adapt
from tm.text.normalize import normalize

CONTEXT_SCORE = 101.0


@dataclass(frozen=True)
class Match:
    """One TM unit that matched a query.

    ``score`` is 0-100 with one decimal (101 for a context match); ``penalties`` lists what lowered it
    below the token similarity (``("case", 1.0)``, ``("punctuation", 1.0)``, ``("codes", 1.0)``,
    ``("placeable", n)``). ``target`` is the TM target with the query's placeables put where the TM
    source's stood; ``source_coded``/``target_coded`` are the same with inline-code placeholders (None
    when the unit has no codes). ``changes`` lists those substitutions (positions in the TM target);
    ``not_carried`` says, per number, why none was made (see :func:`tm.text.adapt.adapt`): the target is
    then the TM's as it was, and each such number costs one more placeable point.
    """

    unit_id: int
    score: float
    penalties: tuple[tuple[str, float], ...]
    source: str
    target: str
    source_lang: str
    target_lang: str
    origin: str | None = None
    date: str | None = None
    context: bool = False
    source_coded: str | None = None
    target_coded: str | None = None
    changes: tuple[Change, ...] = ()
    not_carried: tuple[str, ...] = ()

    @property
    def percent(self) -> int:
        """The score as a whole percentage, rounded down (99.9 is not 100)."""
        return int(self.score)


def rank_key(m: Match) -> tuple[float, int]:
    """Best first: higher score, then the newer unit (higher id)."""
    return (-m.score, -m.unit_id)


def neighbours_match(contexts: Sequence[tuple[str | None, str | None]], prev, nxt) -> bool:
    """Whether one of the places a unit occurred had the query's neighbours (None: a file's edge)."""
    want = (_norm(prev), _norm(nxt))
    return any((_norm(p), _norm(n)) == want for p, n in contexts)


def _norm(text: str | None) -> str | None:
    return None if text is None else normalize(text)


def make_match(
    query: Analysed,
    unit_id: int,
    source: Variant,
    target: Variant,
    *,
    prev: str | None,
    nxt: str | None,
    contexts: Callable[[], Sequence[tuple[str | None, str | None]]],
    info: Callable[[], tuple[str | None, str | None]],
    scored: Scored | None = None,
) -> Match:
    """The match of one unit: score, penalties, context and the target with placeables substituted."""
    if scored is None:
        scored = finish(query, analyse(source.content))
    adapted = adapt(query.text, source.text, target.text, source.lang, target.lang, target_coded=target.coded)
    score, penalties = scored.score, scored.penalties
    if adapted.not_carried:
        score, penalties = not_carried_penalty(scored, len(adapted.not_carried))
    context = False
    if score == 100.0 and (prev is not None or nxt is not None) and neighbours_match(contexts(), prev, nxt):
        score, context = CONTEXT_SCORE, True
    date, origin = info()
    return Match(
        unit_id,
        score,
        penalties,
        source.text,
        adapted.text,
        source.lang,
        target.lang,
        origin,
        date,
        context,
        source.coded,
        adapted.coded,
        adapted.changes,
        adapted.not_carried,
    )


def top(matches: list[Match], limit: int) -> list[Match]:
    return sorted(matches, key=rank_key)[:limit]

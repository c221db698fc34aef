"""The fuzzy-match score: edit-distance similarity over tokens, minus small explicit penalties.

``base = 100 * (1 - d / max(len_a, len_b))`` where ``d`` is the Levenshtein distance between the two
sentences' *key* sequences: their word, Han/kana/hangul-character and placeable tokens (see
:mod:`tm.text.tokenize`), NFKC-normalised and case-folded, with each placeable standing as its kind.
Punctuation marks and inline codes are tokens too, but they are compared separately, so that a comma or a
tag does not weigh as much as a word. Then the penalties, each a fixed number of points:

- ``case``: a word matched to its counterpart differs in case (1);
- ``punctuation``: the sequences of punctuation marks differ (1);
- ``codes``: the number of inline codes differs (1);
- ``placeable``: per placeable whose value differs from its counterpart's (1 each), and per number that
  could not be carried into the match's target (1 more each; applied by :func:`with_penalties`
  when the match is made, see :mod:`tm.text.adapt`).

``score = round(max(0, base - penalties), 1)``. So "Save" vs "save." is 98, a sentence that differs only
in a number is 99 (its target gets the new number), and an exact match is 100 only when everything but
whitespace and the width of characters is the same. Penalties only lower the score: ``base`` bounds it
from above, which is what the index filters on.
"""

from __future__ import annotations

import functools
import unicodedata
from dataclasses import dataclass

from rapidfuzz.distance import Levenshtein

from tm.text import normalize as _normalize
from tm.text import tokenize as _tokenize
from tm.text.placeables import Placeable
from tm.text.tokenize import PLACEABLE_KINDS, Token, tokenize

PENALTIES = {"case": 1.0, "punctuation": 1.0, "codes": 1.0, "placeable": 1.0}
# tm-match.3: context (101) from the previous segment alone; unit penalties (status, origin, age) follow
# as "+unit:status=5,..." in a Matcher's signature (tm.match.penalties)
SIGNATURE = (
    f"tm-match.3+{_tokenize.SIGNATURE}+{_normalize.SIGNATURE}+lev-token"
    f"+pen:case=1,punct=1,codes=1,placeable=1+carry:numbers.1+ctx:prev"
)


@dataclass(frozen=True)
class Analysed:
    """A sentence as matching sees it."""

    text: str
    tokens: tuple[Token, ...]
    words: tuple[Token, ...]  # the key tokens, in order (words, characters, placeables)
    keys: tuple[str, ...]
    punctuation: tuple[str, ...]
    codes: int

    @property
    def placeables(self) -> tuple[Token, ...]:
        return tuple(t for t in self.words if t.kind in PLACEABLE_KINDS)


@functools.lru_cache(maxsize=65536)
def analyse(text: str) -> Analysed:
    """Tokenise ``text`` (plain, or coded with inline-code placeholders) for matching."""
    tokens = tokenize(text)
    words = tuple(t for t in tokens if t.kind not in ("punct", "code"))
    return Analysed(
        text,
        tokens,
        words,
        tuple(t.key for t in words),
        tuple(t.key for t in tokens if t.kind == "punct"),
        sum(1 for t in tokens if t.kind == "code"),
    )


def max_distance(longest: int, min_base: float) -> int:
    """The largest token edit distance that keeps ``base >= min_base`` when the longer of two key
    sequences has ``longest`` tokens: ``k(L) = floor(L * (100 - min_base) / 100)``."""
    return int(longest * (100.0 - min_base) / 100.0 + 1e-9)


def base_score(distance: int, n: int, m: int) -> float:
    longest = max(n, m)
    return 100.0 if longest == 0 else 100.0 * (1.0 - distance / longest)


@dataclass(frozen=True)
class Scored:
    score: float
    base: float
    penalties: tuple[tuple[str, float], ...]
    changes: tuple[tuple[Placeable, Placeable], ...]  # (TM source's placeable, query's) that differ


def _as_placeable(t: Token) -> Placeable:
    return Placeable(t.kind, t.text, t.start, t.end)


def finish(query: Analysed, unit: Analysed) -> Scored:
    """The full score of ``unit`` against ``query``, token lists compared directly (the reference)."""
    opcodes = Levenshtein.opcodes(query.keys, unit.keys)
    distance = sum(max(i2 - i1, j2 - j1) for tag, i1, i2, j1, j2 in opcodes if tag != "equal")
    base = base_score(distance, len(query.keys), len(unit.keys))
    case_differs = False
    changes = []
    for tag, i1, i2, j1, j2 in opcodes:
        if tag != "equal":
            continue
        for a, b in zip(query.words[i1:i2], unit.words[j1:j2], strict=True):
            if a.kind in PLACEABLE_KINDS:
                if _as_placeable(a).value != _as_placeable(b).value:
                    changes.append((_as_placeable(b), _as_placeable(a)))
            elif a.text != b.text and _normalize_word(a.text) != _normalize_word(b.text):
                case_differs = True
    penalties = []
    if case_differs:
        penalties.append(("case", PENALTIES["case"]))
    if query.punctuation != unit.punctuation:
        penalties.append(("punctuation", PENALTIES["punctuation"]))
    if query.codes != unit.codes:
        penalties.append(("codes", PENALTIES["codes"]))
    if changes:
        penalties.append(("placeable", PENALTIES["placeable"] * len(changes)))
    score = round(max(0.0, base - sum(p for _, p in penalties)), 1)
    return Scored(score, base, tuple(penalties), tuple(changes))


def with_penalties(
    scored: Scored, extra: list[tuple[str, float]]
) -> tuple[float, tuple[tuple[str, float], ...]]:
    """The score and penalties of ``scored`` with ``extra`` points off (a kind already listed adds up):
    one more ``placeable`` point per number that could not be carried into the target (see
    :mod:`tm.text.adapt`), and the unit's own penalties (:mod:`tm.match.penalties`)."""
    if not extra:
        return scored.score, scored.penalties
    found = dict(scored.penalties)
    for kind, points in extra:
        found[kind] = found.get(kind, 0.0) + points
    return round(max(0.0, scored.base - sum(found.values())), 1), tuple(found.items())


@functools.lru_cache(maxsize=65536)
def _normalize_word(text: str) -> str:
    return unicodedata.normalize("NFKC", text)


def score(query: str | Analysed, unit: str | Analysed) -> Scored:
    """The score of ``unit``'s text (plain or coded) against ``query``."""
    q = query if isinstance(query, Analysed) else analyse(query)
    u = unit if isinstance(unit, Analysed) else analyse(unit)
    return finish(q, u)

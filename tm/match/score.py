"""The fuzzy-match score: edit-distance similarity over tokens, minus small explicit penalties.

``base = 100 * (1 - d / max(len_a, len_b))`` where ``d`` is the Levenshtein distance between the two
sentences' *key* sequences: their word, Han/kana/hangul-character and placeable tokens (see
:mod:`tm.text.tokenize`), NFKC-normalised and case-folded, with each placeable standing as its kind.
Punctuation marks and inline codes are tokens too, but they are compared separately, so that a comma or a
tag does not weigh as much as a word. Then the penalties, each a fixed number of points:

- ``case``: a word matched to its counterpart differs in case (1);
- ``punctuation``: the sequences of punctuation marks differ (1);
- ``codes``: the number of inline codes differs (1);
- ``placeable``: per number, date, URL or address whose value differs from its counterpart's (1 each),
  and per number that could not be carried into the match's target (1 more each; applied by
  :func:`with_penalties` when the match is made, see :mod:`tm.text.adapt`). Numbers are what
  :mod:`tm.text.numbers` reads (``9万``, ``两千``, ``5月``, ``in May``, ``2.0.1``), paired as
  :func:`tm.text.adapt.differences` pairs them: the one reading the score and the carrying share.

``score = round(max(0, base - penalties), 1)``. So "Save" vs "save." is 98, a sentence that differs only
in a number is 99 (when its target gets the new number; 98, with the reason, when it cannot), and an
exact match is 100 only when everything but
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
from tm.text.adapt import differences
from tm.text.tokenize import PLACEABLE_KINDS, Token, tokenize

PENALTIES = {"case": 1.0, "punctuation": 1.0, "codes": 1.0, "placeable": 1.0}
# tm-match.3: context (101) from the previous segment alone; unit penalties (status, origin, age) follow
# as "+unit:status=5,..." in a Matcher's signature (tm.match.penalties). tm-match.4, numbers.2: numbers
# compared as tm.text.numbers reads them (Chinese numerals, months alone, 2.0.1, a minus sign), the
# reading that carries them; a change the score counts and the target lacks is always reported.
# numbers.3: a number whose qualifier differs (300多 / 21, 逾500 / 500; tm.text.numbers.approx) counts as
# a change, and is not carried. numbers.4: an inline code reads as a space where numbers are read (Q1<tab>2025
# against Q1<tab>2024 is a change, no longer an exact match). numbers.5: more qualifiers read (突破, 高达,
# 低于, "under", "as many as", "~", «от 300 рублей»), fewer misread ("about 2025 plans", "Channel 5+").
SIGNATURE = (
    f"tm-match.4+{_tokenize.SIGNATURE}+{_normalize.SIGNATURE}+lev-token"
    f"+pen:case=1,punct=1,codes=1,placeable=1+carry:numbers.5+ctx:prev"
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
    changes: tuple[tuple[str, str], ...]  # (TM source's, query's) numbers and addresses that differ


def finish(query: Analysed, unit: Analysed, lang: str | None = None, *, floor: float = 0.0) -> Scored:
    """The full score of ``unit`` against ``query``, token lists compared directly (the reference).

    The numbers are compared as :func:`tm.text.adapt.differences` reads them with ``lang``'s rules (the
    unit's source language; None: the script decides), the same reading that carries them into the
    target. Below ``floor`` they are not compared (they only lower a score): the score returned is then
    the score without them, still below ``floor``."""
    opcodes = Levenshtein.opcodes(query.keys, unit.keys)
    distance = sum(max(i2 - i1, j2 - j1) for tag, i1, i2, j1, j2 in opcodes if tag != "equal")
    base = base_score(distance, len(query.keys), len(unit.keys))
    case_differs = False
    for tag, i1, i2, j1, j2 in opcodes:
        if tag != "equal" or case_differs:
            continue
        for a, b in zip(query.words[i1:i2], unit.words[j1:j2], strict=True):
            if a.kind in PLACEABLE_KINDS:
                continue
            if a.text != b.text and _normalize_word(a.text) != _normalize_word(b.text):
                case_differs = True
                break
    penalties = []
    if case_differs:
        penalties.append(("case", PENALTIES["case"]))
    if query.punctuation != unit.punctuation:
        penalties.append(("punctuation", PENALTIES["punctuation"]))
    if query.codes != unit.codes:
        penalties.append(("codes", PENALTIES["codes"]))
    score = round(max(0.0, base - sum(p for _, p in penalties)), 1)
    if score < floor:
        return Scored(score, base, tuple(penalties), ())
    changes = differences(query.text, unit.text, lang).changes
    if changes:
        penalties.append(("placeable", PENALTIES["placeable"] * len(changes)))
        score = round(max(0.0, base - sum(p for _, p in penalties)), 1)
    return Scored(score, base, tuple(penalties), changes)


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


def score(query: str | Analysed, unit: str | Analysed, lang: str | None = None) -> Scored:
    """The score of ``unit``'s text (plain or coded) against ``query``; ``lang``: their language (the
    rules numbers are read with; None: the script decides)."""
    q = query if isinstance(query, Analysed) else analyse(query)
    u = unit if isinstance(unit, Analysed) else analyse(unit)
    return finish(q, u, lang)

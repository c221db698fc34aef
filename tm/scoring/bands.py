"""Match bands of pre-translated segments: the contract with ``tm pretranslate`` (docs/scoring.md).

A pre-translated segment says how it was filled: in PO a translator comment line
``tm: score=97 band=95-99 origin=tm``, in XLIFF attributes ``tm:score``, ``tm:band`` and ``tm:origin`` (in
the namespace ``urn:x-tm:pretranslate:1``) on the ``<trans-unit>`` (1.2) or ``<unit>``/``<segment>`` (2.x),
or, failing those, the standard XLIFF 1.2 ``<alt-trans match-quality="97">``. A score without a band is
put in its band by the table below.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# The bands translators bill by, best first (FIELD.md "Analysis"); "new" is no match.
BANDS: tuple[str, ...] = ("context", "repetition", "100", "95-99", "85-94", "75-84", "50-74", "new")
_ALIASES = {
    "101": "context",
    "context-match": "context",
    "in-context": "context",
    "repetitions": "repetition",
    "exact": "100",
    "no-match": "new",
    "nomatch": "new",
    "none": "new",
}
_COMMENT = re.compile(r"^\s*tm:\s*(.*)$", re.M)
_PAIR = re.compile(r"(\w+)=(\S+)")


@dataclass(frozen=True)
class Match:
    """How a segment was pre-translated: its match score (0-101), band and origin (tm, mt, ...)."""

    band: str
    score: float | None = None
    origin: str | None = None


def band_for(score: float) -> str:
    """The band of a match score: 101 context, 100, 95-99, 85-94, 75-84, 50-74, else new."""
    if score >= 101:
        return "context"
    if score >= 100:
        return "100"
    for low, name in ((95, "95-99"), (85, "85-94"), (75, "75-84"), (50, "50-74")):
        if score >= low:
            return name
    return "new"


def canonical(band: str) -> str:
    name = band.strip().lower().rstrip("%")
    return _ALIASES.get(name, name)


def band_order(band: str) -> tuple[int, str]:
    """Sort key: the known bands in billing order, others after them by name."""
    return (BANDS.index(band), "") if band in BANDS else (len(BANDS), band)


def _parse_score(value: str | None) -> float | None:
    if value is None:
        return None
    try:
        return float(value.strip().rstrip("%"))
    except ValueError:
        return None


def match_from_score(score: str, origin: str | None = None) -> Match | None:
    value = _parse_score(score)
    return Match(band_for(value), value, origin) if value is not None else None


def match_from_attributes(attrs: dict[str, str]) -> Match | None:
    """From ``tm:score`` / ``tm:band`` / ``tm:origin`` attribute values (namespace already removed)."""
    score = _parse_score(attrs.get("score"))
    band = attrs.get("band")
    if band:
        return Match(canonical(band), score, attrs.get("origin"))
    if score is not None:
        return Match(band_for(score), score, attrs.get("origin"))
    return None


def match_from_comment(comment: str) -> Match | None:
    """From a PO translator comment line ``tm: score=NN band=NAME origin=...``."""
    found = _COMMENT.search(comment)
    if not found:
        return None
    return match_from_attributes(dict(_PAIR.findall(found.group(1))))

"""The match bands ``tm pretranslate`` recorded on the segments of a file, read back for scoring
(docs/analysis.md, "Contract with tm score"; docs/scoring.md).

- XLIFF 1.2: ``tm:score="97" tm:band="95-99"`` on the ``<trans-unit>`` (namespace ``urn:tm:pretranslate``),
  or failing those the standard ``<alt-trans match-quality="97">``;
- XLIFF 2.x: ``tm:score`` / ``tm:band`` on the ``<unit>``, one value per filled segment, space-separated;
- PO: a translator comment line ``tm: score=97 band=95-99 origin=...`` (origin takes the rest of the line);
- TMX: ``<prop type="x-tm-score">`` and ``<prop type="x-tm-band">`` on the ``<tu>``.

The band names, the score table and the marks' names are :mod:`tm.bands`.
"""

from __future__ import annotations

from dataclasses import dataclass

from tm.bands import band_for
from tm.formats.documents.po import parse_tm_comment


@dataclass(frozen=True)
class RecordedMatch:
    """How a segment was pre-translated: its match score (0-101), band and origin (tm, mt, ...)."""

    band: str
    score: float | None = None
    origin: str | None = None


def _parse_score(value: str | None) -> float | None:
    if value is None:
        return None
    try:
        return float(value.strip().rstrip("%"))
    except ValueError:
        return None


def match_from_score(score: str, origin: str | None = None) -> RecordedMatch | None:
    value = _parse_score(score)
    return RecordedMatch(band_for(value), value, origin) if value is not None else None


def match_from_attributes(attrs: dict[str, str]) -> RecordedMatch | None:
    """From ``score`` / ``band`` / ``origin`` values (attribute names without their namespace)."""
    score = _parse_score(attrs.get("score"))
    band = (attrs.get("band") or "").strip()
    if band:
        return RecordedMatch(band, score, attrs.get("origin"))
    if score is not None:
        return RecordedMatch(band_for(score), score, attrs.get("origin"))
    return None


def match_from_comment(comment: str) -> RecordedMatch | None:
    """From a PO translator comment holding a line ``tm: score=NN band=NAME origin=...``."""
    return match_from_attributes(parse_tm_comment(comment))


def split_unit_values(attrs: dict[str, str], filled: list[int], total: int) -> dict[int, RecordedMatch]:
    """XLIFF 2 unit attributes (one value per filled segment) -> the match of each segment index.

    ``filled`` are the indexes of the segments that hold a draft target; when there are as many values
    as segments, they map one to one.
    """
    scores = (attrs.get("score") or "").split()
    bands = (attrs.get("band") or "").split()
    count = max(len(scores), len(bands))
    if count == 0:
        return {}
    targets = list(range(total)) if count == total else filled
    if count != len(targets):
        return {}
    out = {}
    for n, index in enumerate(targets):
        fields = {"origin": attrs.get("origin") or ""}
        if n < len(scores):
            fields["score"] = scores[n]
        if n < len(bands):
            fields["band"] = bands[n]
        match = match_from_attributes(fields)
        if match is not None:
            out[index] = RecordedMatch(match.band, match.score, match.origin or None)
    return out

"""Segments with text left in the source language: the ``⟦…⟧`` spans of a draft, taken out for the checks.

``tm pretranslate`` writes a document draft (txt, md, html, docx) with every sentence it could not fill
kept in the source language and marked ``⟦…⟧``; a paragraph can hold translated sentences and marked
ones. The ``untranslated`` check reports the marked spans; the other checks judge only what was
translated, so that a number, a comma or a length inside a marked span is not reported a second time
as a false error (``超过9万部`` read as English: "missing 9万; not in the source: 9"). :func:`unmarked`
cuts each marked span out of the target, and its text (the sentence it keeps) out of the source where
it stands there; :meth:`Unmarked.hit` puts the spans of a finding back on the texts as written.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from tm.qa.model import Hit, QaSegment, Spans

MARKED = re.compile("⟦[^⟧]*⟧")
_CUT = re.compile(r"\s*⟦([^⟧]*)⟧")  # a marked span with the space that joined it to the text before

Cuts = tuple[tuple[int, int], ...]  # (start in the text as written, length), in order


@dataclass(frozen=True)
class Unmarked:
    """A segment without its marked spans (``segment``), and where the cuts were."""

    segment: QaSegment
    source_cuts: Cuts
    target_cuts: Cuts

    def hit(self, hit: Hit) -> Hit:
        """``hit`` (found on :attr:`segment`) with its spans on the texts as written."""
        return replace(
            hit,
            source_spans=_restore(hit.source_spans, self.source_cuts),
            target_spans=_restore(hit.target_spans, self.target_cuts),
        )


def unmarked(seg: QaSegment) -> Unmarked | None:
    """``seg`` with its marked spans cut out (None when its target has none)."""
    if "⟦" not in seg.target:
        return None
    target_cuts: list[tuple[int, int]] = []
    source_cuts: list[tuple[int, int]] = []
    at = 0  # marked sentences stand in the source in the same order
    for m in _CUT.finditer(seg.target):
        target_cuts.append(_span(seg.target, m.start(), m.end(), target_cuts))
        kept = m.group(1).strip()
        found = seg.source.find(kept, at) if kept else -1
        if found < 0:
            continue
        start = found
        while start > at and seg.source[start - 1].isspace():
            start -= 1
        source_cuts.append(_span(seg.source, start, found + len(kept), source_cuts))
        at = found + len(kept)
    return Unmarked(
        replace(seg, source=_cut(seg.source, source_cuts), target=_cut(seg.target, target_cuts)),
        tuple(source_cuts),
        tuple(target_cuts),
    )


def _span(text: str, start: int, end: int, before: list[tuple[int, int]]) -> tuple[int, int]:
    """A cut from ``start`` to ``end`` (``before``: the cuts made so far). Where nothing is left before
    it, it takes the space after it too (elsewhere the space before it), so that the text left does not
    begin with a space."""
    cleared = 0  # the text up to here is all cut
    for a, length in before:
        cleared = a + length if a == cleared else -1
    if start == cleared:
        while end < len(text) and text[end].isspace():
            end += 1
    return start, end - start


def _cut(text: str, cuts: list[tuple[int, int]]) -> str:
    out, at = [], 0
    for start, length in cuts:
        out.append(text[at:start])
        at = start + length
    out.append(text[at:])
    return "".join(out)


def _position(pos: int, cuts: Cuts, *, end: bool) -> int:
    """Where position ``pos`` of the cut text stands in the text as written (an end stays before a cut
    that follows it, a start goes after it)."""
    shift = 0
    for start, length in cuts:
        if start < pos + shift or (not end and start == pos + shift):
            shift += length
        else:
            break
    return pos + shift


def _restore(spans: Spans, cuts: Cuts) -> Spans:
    if not cuts:
        return spans
    out = []
    for a, b in spans:
        start = _position(a, cuts, end=False)
        out.append((start, max(start, _position(b, cuts, end=True))))
    return tuple(out)

"""``length``: the target's length against the source's, outside the range the TM shows for the pair.

Lengths are characters without spaces (:func:`tm.text.count.characters`); the range is learned from the
TM's units of the language pair (:func:`tm.qa.tmref.learn_range`). Segments whose source has fewer than
:data:`MIN_CHARS` characters are not judged: headings and names vary too much.
"""

from __future__ import annotations

from collections.abc import Iterator

from tm.qa.context import Context
from tm.qa.model import Hit, QaSegment
from tm.text.count import characters

MIN_CHARS = 10


def check(seg: QaSegment, ctx: Context) -> Iterator[Hit]:
    if ctx.length_range is None or not seg.target.strip():
        return
    s, t = characters(seg.source), characters(seg.target)
    if s < MIN_CHARS:
        return
    ratio = t / s
    lo, hi = ctx.length_range
    if not lo <= ratio <= hi:
        side = "short" if ratio < lo else "long"
        yield Hit(
            "length",
            f"the target is {side}: {t} characters for {s} (ratio {ratio:.2f}; the TM's {ctx.s}->{ctx.t} "
            f"range is {lo:.2f}-{hi:.2f})",
            (),
            ((0, len(seg.target)),),
        )

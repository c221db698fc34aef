"""``numbers``: every number and date of the source is in the target, in an equivalent form; none added
(:mod:`tm.qa.numbers`)."""

from __future__ import annotations

from collections.abc import Iterator

from tm.qa.context import Context
from tm.qa.model import Hit, QaSegment
from tm.qa.numbers import compare, describe


def check(seg: QaSegment, ctx: Context) -> Iterator[Hit]:
    if not seg.target.strip():
        return
    missing, added = compare(seg.source, seg.target, ctx.src, ctx.tgt)
    if not missing and not added:
        return
    parts = []
    if missing:
        parts.append("missing in the target: " + ", ".join(dict.fromkeys(describe(n) for n in missing)))
    if added:
        parts.append("not in the source: " + ", ".join(dict.fromkeys(describe(n) for n in added)))
    yield Hit(
        "numbers",
        "; ".join(parts),
        tuple(sorted({(n.start, n.end) for n in missing})),
        tuple(sorted({(n.start, n.end) for n in added})),
    )

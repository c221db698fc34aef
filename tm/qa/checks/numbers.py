"""``numbers``: every number and date of the source is in the target, in an equivalent form; none added
(:mod:`tm.qa.numbers`). Digits inside a placeholder or a tag (``{0}``, ``%1$s``, ``<h2>``) are
codes, not numbers: the ``codes`` check reports them."""

from __future__ import annotations

from collections.abc import Iterator

from tm.qa.checks.codes import placeholders
from tm.qa.context import Context
from tm.qa.model import Hit, QaSegment
from tm.qa.numbers import compare, describe


def check(seg: QaSegment, ctx: Context) -> Iterator[Hit]:
    if not seg.target.strip():
        return
    # the digits of a placeholder ({0}, %1$s) or a tag are the codes check's: blanked, offsets kept
    missing, added = compare(_without_codes(seg.source), _without_codes(seg.target), ctx.src, ctx.tgt)
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


def _without_codes(text: str) -> str:
    for _, code, start, end in placeholders(text):
        text = text[:start] + " " * len(code) + text[end:]
    return text

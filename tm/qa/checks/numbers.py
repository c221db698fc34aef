"""``numbers``: every number and date of the source is in the target, in an equivalent form; none added
(:mod:`tm.qa.numbers`). ``number-qualifiers``: a number the source and the target share is approximate or
a bound on one side only (``300多`` / "300", "21" / ``21多``; :func:`tm.qa.numbers.qualifiers`). Digits
inside a placeholder or a tag (``{0}``, ``%1$s``, ``<h2>``) are codes, not numbers: the ``codes`` check
reports them."""

from __future__ import annotations

from collections.abc import Iterator

from tm.qa.checks.codes import placeholders
from tm.qa.context import Context
from tm.qa.model import Hit, QaSegment
from tm.qa.numbers import compare, describe, qualifiers, written


def check(seg: QaSegment, ctx: Context) -> Iterator[Hit]:
    if not seg.target.strip():
        return
    # the digits of a placeholder ({0}, %1$s) or a tag are the codes check's: blanked, offsets kept
    source, target = _without_codes(seg.source), _without_codes(seg.target)
    yield from _qualifiers(source, target, ctx)
    missing, added = compare(source, target, ctx.src, ctx.tgt)
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


def _qualifiers(source: str, target: str, ctx: Context) -> Iterator[Hit]:
    for a, qa, b, qb in qualifiers(source, target, ctx.src, ctx.tgt):
        src_text = source[slice(*written(source, a, qa))]
        tgt_text = target[slice(*written(target, b, qb))]
        if qa is not None:
            message = f"{src_text}: {qa.text!r} ({qa.meaning}) in the source, not in the target ({tgt_text})"
        else:
            message = f"{tgt_text}: {qb.text!r} ({qb.meaning}) in the target, not in the source ({src_text})"
        yield Hit("number-qualifiers", message, (written(source, a, qa),), (written(target, b, qb),))


def _without_codes(text: str) -> str:
    for _, code, start, end in placeholders(text):
        text = text[:start] + " " * len(code) + text[end:]
    return text

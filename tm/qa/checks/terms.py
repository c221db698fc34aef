"""``terminology``, ``term-forbidden`` and ``term-deprecated``: the termbase's renderings in the target.

A source term of the termbase found in the segment asks for one of its concept's allowed target terms
(preferred or admitted; Russian in any inflected form, by lemma); a forbidden or deprecated target term
anywhere in the target is flagged. Matching is done by :class:`tm.terms.match.TermChecker`.
"""

from __future__ import annotations

from collections.abc import Iterator

from tm.qa.context import Context
from tm.qa.model import Hit, QaSegment


def check(seg: QaSegment, ctx: Context) -> Iterator[Hit]:
    if ctx.terms is None or not seg.target.strip():
        return
    for kind, message, src_spans, tgt_spans in ctx.terms.problems(seg.source, seg.target):
        yield Hit(kind, message, src_spans, tgt_spans)

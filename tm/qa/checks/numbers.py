"""``numbers``: every number and date of the source is in the target, in an equivalent form; none added."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator

from tm.qa.context import Context
from tm.qa.model import Hit, QaSegment
from tm.qa.numbers import extract


def check(seg: QaSegment, ctx: Context) -> Iterator[Hit]:
    if not seg.target.strip():
        return
    src = extract(seg.source, ctx.s)
    tgt = extract(seg.target, ctx.t)
    have = Counter(n.value for n in tgt)
    want = Counter(n.value for n in src)
    missing = [n for n in src if _take(have, n.value)]
    extra = [n for n in tgt if _take(want, n.value)]
    if not missing and not extra:
        return
    parts = []
    if missing:
        parts.append("missing in the target: " + ", ".join(_show(n) for n in _unique(missing)))
    if extra:
        parts.append("not in the source: " + ", ".join(_show(n) for n in _unique(extra)))
    yield Hit(
        "numbers",
        "; ".join(parts),
        tuple(sorted({(n.start, n.end) for n in missing})),
        tuple(sorted({(n.start, n.end) for n in extra})),
    )


def _take(counter: Counter, value: str) -> bool:
    """True when ``value`` is not (any more) in ``counter``; else uses one occurrence of it."""
    if counter[value] > 0:
        counter[value] -= 1
        return False
    return True


def _unique(numbers):
    seen, out = set(), []
    for n in numbers:
        if (n.text, n.value) not in seen:
            seen.add((n.text, n.value))
            out.append(n)
    return out


def _show(n) -> str:
    plain = n.text.replace("\u00a0", " ").replace("\u202f", " ")
    return plain if plain.replace(",", "").replace(" ", "") == n.value else f"{plain} (= {n.value})"

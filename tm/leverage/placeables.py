"""Placeables: put the new sentence's numbers into a fuzzy match's target (Trados auto-localisation).

When the new source and the TM source hold the same count of numbers, each number that changed is
replaced in the target where the old number occurs there exactly once (others are left alone). Full-width digits equal ASCII
ones (``２０２５`` = ``2025``); the new number is written in ASCII digits where the target had them.
"""

from __future__ import annotations

import re

_NUMBER = re.compile(r"[0-9０-９]+(?:[.,，．][0-9０-９]+)*")
_FULL = str.maketrans("０１２３４５６７８９，．", "0123456789,.")


def numbers(text: str) -> list[str]:
    return _NUMBER.findall(text)


def _value(token: str) -> str:
    return token.translate(_FULL)


def substitute_numbers(new_source: str, tm_source: str, tm_target: str) -> str:
    """``tm_target`` with the numbers that differ between ``tm_source`` and ``new_source`` replaced."""
    new, old = numbers(new_source), numbers(tm_source)
    if len(new) != len(old) or not new:
        return tm_target
    changes = [(o, n) for o, n in zip(old, new, strict=True) if _value(o) != _value(n)]
    if not changes:
        return tm_target
    found = list(_NUMBER.finditer(tm_target))
    spans = [(m.start(), m.end(), _value(m.group())) for m in found]
    replace: dict[int, str] = {}
    for o, n in changes:
        places = [k for k, (_, _, v) in enumerate(spans) if v == _value(o)]
        if len(places) == 1 and places[0] not in replace:
            ascii_target = found[places[0]].group() == spans[places[0]][2]
            replace[places[0]] = (
                _value(n) if ascii_target else n
            )  # a number the target writes otherwise (or twice) is left alone
    out, pos = [], 0
    for k, (start, end, _) in enumerate(spans):
        if k in replace:
            out.append(tm_target[pos:start])
            out.append(replace[k])
            pos = end
    out.append(tm_target[pos:])
    return "".join(out)

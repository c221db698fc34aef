"""``untranslated``: an empty target, a target equal to a source that holds translatable words, or the
source's script left in the target (Han characters in English or Russian, Cyrillic in English or Chinese).

Translatable words: Han characters, and in Latin or Cyrillic text lowercase words or a title-case first
word; names (``SMG Pictures & WingsMedia``, ``WCM``), numbers, URLs and codes alone are kept as they are.
The ``⟦…⟧`` marks that ``tm pretranslate`` puts around a segment left in the source language count too.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from tm.qa.context import Context
from tm.qa.marked import MARKED
from tm.qa.model import Hit, QaSegment
from tm.qa.scripts import CYRILLIC_RUN, HAN_RE, HAN_RUN, spans, uses_cyrillic, uses_han
from tm.text.placeables import find

_WORD = re.compile(r"[^\W\d_]+(?:['’\-][^\W\d_]+)*")
_SPACES = re.compile(r"\s+")
_DOTTED = re.compile(r"[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)+")  # Wink.ru, file.txt: names, not words


def translatable(text: str) -> bool:
    """Whether ``text`` holds words that a translation changes (see the module's docstring)."""
    if HAN_RE.search(text):
        return True
    masked = _DOTTED.sub(lambda m: " " * len(m.group()), text)
    for p in find(text):
        masked = masked[: p.start] + " " * (p.end - p.start) + masked[p.end :]
    for n, m in enumerate(_WORD.finditer(masked)):
        word = m.group()
        if word.islower() and len(word) > 1:
            return True
        if n == 0 and word[:1].isupper() and word[1:].islower() and len(word) > 1:
            return True
    return False


def check(seg: QaSegment, ctx: Context) -> Iterator[Hit]:
    source, target = seg.source, seg.target
    if not target.strip():
        if source.strip():
            yield Hit("untranslated", "the target is empty", ((0, len(source)),))
        return
    marked = spans(MARKED, target)
    if marked:
        yield Hit("untranslated", "left in the source language (⟦…⟧)", (), marked)
        return
    if _SPACES.sub(" ", source).strip() == _SPACES.sub(" ", target).strip() and translatable(source):
        yield Hit("untranslated", "the target is the source, unchanged", (), ((0, len(target)),))
        return
    left = []
    if uses_han(ctx.s) and not uses_han(ctx.t):
        left += [("Han characters", s) for s in spans(HAN_RUN, target)]
    if uses_cyrillic(ctx.s) and not uses_cyrillic(ctx.t):
        left += [("Cyrillic", s) for s in spans(CYRILLIC_RUN, target)]
    if left:
        kinds = sorted({k for k, _ in left})
        shown = ", ".join(target[a:b] for _, (a, b) in left[:5])
        yield Hit(
            "untranslated",
            f"{' and '.join(kinds)} left in the {ctx.t} target: {shown}",
            (),
            tuple(s for _, s in left),
        )

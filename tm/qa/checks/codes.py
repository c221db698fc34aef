"""``codes`` and ``codes-order``: inline codes, printf and ``{name}`` placeholders, markup tags.

Inline codes of XLIFF and TMX are compared as the elements they are (an XLIFF ``<g id="1">`` in the source
must be in the target). In the text itself (PO, plain text) the placeholders are found by pattern:
printf (``%s``, ``%(name)s``, ``%1$d``), Python/ICU braces (``{name}``, ``{0}``), HTML/XML tags. A missing
or added one is an error; non-positional printf conversions in another order are an error too (the
arguments would swap); other codes in another order are a warning.
"""

from __future__ import annotations

import html
import re
from collections import Counter
from collections.abc import Iterator

from tm.qa.context import Context
from tm.qa.model import Hit, QaSegment

# printf: flags without the space flag, so that "50% of" is not "% o"
PRINTF = r"%(?:\((?P<name>[^)\s]+)\)|(?P<pos>\d+)\$)?[-+#0]*(?:\d+|\*)?(?:\.(?:\d+|\*))?(?:hh|h|ll|l|L|q|j|z|t)?[diouxXeEfFgGcrsab]"
BRACES = r"(?<!\{)\{(?:[A-Za-z_][\w.]*|\d+)?(?:![rsa])?(?::[^{}]*)?\}(?!\})"
TAG = r"</?[A-Za-z][\w:-]*(?:\s+[\w:-]+(?:\s*=\s*(?:\"[^\"]*\"|'[^']*'|[^\s>]+))?)*\s*/?>"
_PLACEHOLDER = re.compile(f"(?P<printf>{PRINTF})|(?P<brace>{BRACES})|(?P<tag>{TAG})")
_ESCAPE = re.compile(r"%%|\{\{|\}\}")


def placeholders(text: str) -> list[tuple[str, str, int, int]]:
    """``(kind, text, start, end)`` of every printf, brace or tag placeholder in ``text``."""
    masked = _ESCAPE.sub(lambda m: "\x00" * len(m.group()), text)
    return [(m.lastgroup or "", m.group(), m.start(), m.end()) for m in _PLACEHOLDER.finditer(masked)]


_INNER = re.compile(r"^<(bpt|ept|it|ph|ut|hi)\b[^>]*>(.*)</\1>$", re.S)


def code_label_xml(xml: str) -> str:
    """The native markup an inline code stands for: a TMX element's content (``<g id="1">``, ``%d``), or
    the code itself where it is native markup already (DOCX run properties)."""
    m = _INNER.match(xml)
    return html.unescape(m.group(2)) if m else xml


def _show(items) -> str:
    return ", ".join(dict.fromkeys(items))


def _named(text: str) -> bool:
    """``%(name)s``, ``%1$s``, ``{name}``, ``{0}``: placeholders that name their argument."""
    return text.startswith("%(") or "$" in text or (text.startswith("{") and len(text) > 2)


def check(seg: QaSegment, ctx: Context) -> Iterator[Hit]:
    if not seg.target.strip():
        return
    yield from _inline(seg)
    yield from _text(seg)


def _inline(seg: QaSegment) -> Iterator[Hit]:
    src, tgt = Counter(seg.source_codes), Counter(seg.target_codes)
    missing = list((src - tgt).elements())
    extra = list((tgt - src).elements())
    if missing or extra:
        parts = []
        if missing:
            parts.append("inline codes missing in the target: " + _show(code_label_xml(c) for c in missing))
        if extra:
            parts.append("inline codes not in the source: " + _show(code_label_xml(c) for c in extra))
        yield Hit("codes", "; ".join(parts))
    elif seg.source_codes != seg.target_codes:
        yield Hit("codes-order", "inline codes in another order than in the source")


def _text(seg: QaSegment) -> Iterator[Hit]:
    src = placeholders(seg.source)
    tgt = placeholders(seg.target)
    if not src and not tgt:
        return
    # a named placeholder may stand any number of times; the others are counted
    want, have = Counter(p[1] for p in src), Counter(p[1] for p in tgt)
    missing = Counter({k: v for k, v in (want - have).items() if not (_named(k) and have[k])})
    extra = Counter({k: v for k, v in (have - want).items() if not (_named(k) and want[k])})
    if missing or extra:
        parts = []
        if missing:
            parts.append("placeholders missing in the target: " + _show(missing.elements()))
        if extra:
            parts.append("placeholders not in the source: " + _show(extra.elements()))
        yield Hit(
            "codes",
            "; ".join(parts),
            tuple((p[2], p[3]) for p in src if p[1] in missing),
            tuple((p[2], p[3]) for p in tgt if p[1] in extra),
        )
        return
    plain_src = [p[1] for p in src if p[0] == "printf" and "(" not in p[1] and "$" not in p[1]]
    plain_tgt = [p[1] for p in tgt if p[0] == "printf" and "(" not in p[1] and "$" not in p[1]]
    if plain_src != plain_tgt:
        yield Hit(
            "codes",
            "printf placeholders in another order ("
            + " ".join(plain_tgt)
            + " for "
            + " ".join(plain_src)
            + "): the arguments would swap; use positional %1$s or named %(name)s",
            tuple((p[2], p[3]) for p in src if p[0] == "printf"),
            tuple((p[2], p[3]) for p in tgt if p[0] == "printf"),
        )
    elif [p[1] for p in src if p[0] == "tag"] != [p[1] for p in tgt if p[0] == "tag"]:
        yield Hit(  # named placeholders go where the language puts them; markup order can matter
            "codes-order",
            "markup tags in another order than in the source",
            (),
            tuple((p[2], p[3]) for p in tgt if p[0] == "tag"),
        )

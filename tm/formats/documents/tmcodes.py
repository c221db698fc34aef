"""A document's inline codes as the TM holds them: TMX ``<bpt>``/``<ept>``/``<ph>``/``<it>`` elements.

Each code of a segment is first described as a :class:`Mark`: its role (``begin``/``end`` of a pair,
``open``/``close`` when isolated, ``alone``), the native markup it stands for, what pairs it within the
segment and what matches it between source and target. :func:`tm_codes` turns source and target marks
into the TM's form (``Variant.coded`` with placeholders ``U+E000 + n`` and ``Variant.codes``):

- a begin whose end is in the same segment becomes ``<bpt i="N">``/``<ept i="N">``, a begin or end alone
  ``<it pos="begin|end">``, anything else ``<ph x="N">``; the element's text is the native markup;
- ``N`` numbers the source's codes in order (an ``<ept>`` takes its ``<bpt>``'s); a target code takes
  the number of the source code it matches, so that TMX pairs them across the two variants;
- when the target's codes are exactly the source's (in any order), its placeholder for a code is the
  source's, so that a pre-translation from this unit puts each code of a new segment where the
  translator put it.

Where marks come from: :func:`xliff_marks` for XLIFF 1.2 and 2.x inline elements (the original data of
XLIFF 2 ``<originalData>`` where it is given), :func:`document_marks` for the codes of any document
segment (HTML markup: an opening and its closing pair by nesting).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from lxml import etree

from tm.formats.documents.xmlinline import CLOSE, OPEN, Inline, local
from tm.model import Code, Variant, is_placeholder, placeholder, plain_text, strip_placeholders

_SPACES = re.compile(r"[ \t\r\n]+")  # XML white space: a no-break space is text
BEGIN, END, ALONE, ISOLATED_BEGIN, ISOLATED_END = "begin", "end", "alone", "open", "close"


@dataclass(frozen=True)
class Mark:
    """One inline code as the TM sees it."""

    role: str  # begin, end, alone, open (an isolated begin), close (an isolated end)
    native: str  # the markup the code stands for
    pair: object = None  # equal for a begin and its end within one segment
    key: object = None  # equal for a source code and the target code it corresponds to


def tm_codes(
    src_coded: str,
    src_marks: Sequence[Mark],
    tgt_coded: str | None = None,
    tgt_marks: Sequence[Mark] = (),
) -> tuple[tuple[str, tuple[Code, ...]], tuple[str, tuple[Code, ...]] | None]:
    """Source and target (None without ``tgt_coded``) as ``(coded, codes)`` in the TM's form.

    Placeholder ``n`` of ``src_coded`` stands for ``src_marks[n]``, of ``tgt_coded`` for ``tgt_marks[n]``
    (target placeholders may come in any order and need not all be present).
    """
    src_order = _occurrences(src_coded, src_marks)
    src_elements, numbers = _elements(src_order, {}, 0)
    # placeholders in text order from 0 (as they come from a reader; others are renumbered so)
    src_number = {n: k for k, (n, _) in enumerate(src_order)}
    source = (_renumber(src_coded, src_number), tuple(src_elements[n] for n, _ in src_order))
    if tgt_coded is None:
        return source, None
    by_key = {mark.key: n for n, mark in src_order if mark.key is not None}
    tgt_order = _occurrences(tgt_coded, tgt_marks)
    wanted: dict[int, int] = {}  # target placeholder -> the source's N it should take
    matched: dict[int, int] = {}  # target placeholder -> the source's (renumbered) placeholder
    for n, mark in tgt_order:
        s = by_key.pop(mark.key, None)  # each source code matches one target code at most
        if s is not None:
            matched[n] = src_number[s]
            wanted[n] = numbers[s]
    tgt_elements, _ = _elements(tgt_order, wanted, max(numbers.values(), default=0))
    if len(matched) == len(tgt_order) == len(src_order):  # the same codes: the source's placeholders
        tgt_number = matched
    else:  # otherwise the target's own, in its order
        tgt_number = {n: k for k, (n, _) in enumerate(tgt_order)}
    codes = sorted(((tgt_number[n], tgt_elements[n]) for n, _ in tgt_order), key=lambda item: item[0])
    return source, (_renumber(tgt_coded, tgt_number), tuple(code for _, code in codes))


def _renumber(coded: str, number: Mapping[int, int]) -> str:
    """``coded`` with placeholder ``n`` as ``number[n]``; those not in ``number``, and repeats, left out."""
    left = dict(number)
    parts = []
    for ch in coded:
        if not is_placeholder(ch):
            parts.append(ch)
        elif (k := left.pop(ord(ch) - 0xE000, None)) is not None:
            parts.append(placeholder(k))
    return "".join(parts)


def tm_variant(lang: str, coded: str, codes: tuple[Code, ...]) -> Variant:
    """A variant from coded text (runs of whitespace as one space); plain text alone without codes. Its
    plain text reads a code that shows as whitespace (a tab, a line break) as a space."""
    coded = _SPACES.sub(" ", coded).strip()
    if not codes:
        return Variant(lang, strip_placeholders(coded))
    return Variant(lang, _SPACES.sub(" ", plain_text(coded, codes)).strip(), coded, codes)


def _occurrences(coded: str, marks: Sequence[Mark]) -> list[tuple[int, Mark]]:
    """The placeholders of ``coded`` in text order (each once; unknown ones left out)."""
    seen: set[int] = set()
    out = []
    for ch in coded:
        if is_placeholder(ch):
            n = ord(ch) - 0xE000
            if n < len(marks) and n not in seen:
                seen.add(n)
                out.append((n, marks[n]))
    return out


def _elements(
    order: list[tuple[int, Mark]], wanted: Mapping[int, int], start: int
) -> tuple[dict[int, Code], dict[int, int]]:
    """TMX codes for the placeholders of one variant, and each one's N.

    ``wanted`` gives the N a placeholder takes (a target code matching a source one); the others are
    numbered on from ``start``; an end paired with its begin takes the begin's.
    """
    partner = partners(order)
    numbers: dict[int, int] = {}
    counter = start
    out: dict[int, Code] = {}
    for n, mark in order:
        paired = n in partner
        if mark.role == END and paired:
            number = numbers[partner[n]]
        elif n in wanted:
            number = wanted[n]
        else:
            counter += 1
            number = counter
        numbers[n] = number
        if mark.role == BEGIN and paired:
            out[n] = _code("bpt", mark.native, i=number, x=number)
        elif mark.role == END and paired:
            out[n] = _code("ept", mark.native, i=number)
        elif mark.role in (BEGIN, ISOLATED_BEGIN):
            out[n] = _code("it", mark.native, pos="begin", x=number)
        elif mark.role in (END, ISOLATED_END):
            out[n] = _code("it", mark.native, pos="end", x=number)
        else:
            out[n] = _code("ph", mark.native, x=number)
    return out, numbers


def partners(order: Sequence[tuple[int, Mark]]) -> dict[int, int]:
    """Begins and ends that pair up within a segment (``order``: its placeholders in text order), both
    ways: begin placeholder -> end placeholder and end -> begin. An end before its begin pairs with none."""
    partner: dict[int, int] = {}
    open_: dict[object, list[int]] = {}
    for n, mark in order:
        if mark.role == BEGIN:
            open_.setdefault(mark.pair, []).append(n)
        elif mark.role == END and open_.get(mark.pair):
            b = open_[mark.pair].pop()
            partner[b], partner[n] = n, b
    return partner


def _code(kind: str, native: str, **attrs: object) -> Code:
    el = etree.Element(kind)
    for name, value in attrs.items():
        el.set(name, str(value))
    el.text = native or None
    ref = el.get("i") or el.get("x")
    return Code(kind, etree.tostring(el, encoding="unicode"), ref)


def document_marks(codes: Sequence[Code]) -> list[Mark]:
    """Marks for a document segment's codes (``open``/``close``/``empty`` with their markup).

    An opening pairs with the closing that ends it (by nesting); a code's key is its placeholder, as a
    pre-translation target uses the segment's own placeholders.
    """
    marks: list[Mark] = []
    stack: list[int] = []
    for n, code in enumerate(codes):
        if code.kind == OPEN:
            stack.append(n)
            marks.append(Mark(BEGIN, code.xml, n, n))
        elif code.kind == CLOSE:
            marks.append(Mark(END, code.xml, stack.pop() if stack else ("lone", n), n))
        else:
            marks.append(Mark(ALONE, code.xml, None, n))
    return marks


def xliff_marks(inline: Inline, originals: Mapping[str, str] | None = None) -> list[Mark]:
    """Marks for the inline elements of an XLIFF 1.2 or 2.x source or target.

    XLIFF 1.2 ``<bpt>``/``<ept>``/``<ph>``/``<it>`` hold native code: it becomes the TMX element's text.
    Elements without native code (``<g>``, ``<x/>``, ``<bx/>``, ``<ex/>``, ``<mrk>``; XLIFF 2 ``<pc>``,
    ``<ph/>``, ``<sc/>``, ``<ec/>``, ``<sm/>``, ``<em/>``) keep their XLIFF markup as native code, unless
    the unit's ``<originalData>`` gives the original (``dataRef``, ``dataRefStart``, ``dataRefEnd``).
    """
    originals = originals or {}
    marks: list[Mark] = []
    seen: dict[object, int] = {}

    def key(*parts: object) -> object:
        if parts[-1] is None:  # no id: the n-th element of its kind
            count = seen.get(parts[:-1], 0)
            seen[parts[:-1]] = count + 1
            return (*parts[:-1], f"#{count}")
        return parts

    for code, el in zip(inline.codes, inline.elements, strict=True):
        if el is None or not isinstance(el.tag, str):  # a comment or processing instruction
            marks.append(Mark(ALONE, code.xml, None, key("#other", code.xml, None)))
            continue
        name = local(el.tag)
        ident = el.get("id")
        if code.kind == OPEN:
            native = originals.get(el.get("dataRefStart") or "") or _start_tag(el)
            marks.append(Mark(BEGIN, native, el, key(name, ident or el.get("mid"))))
        elif code.kind == CLOSE:
            native = originals.get(el.get("dataRefEnd") or "") or f"</{name}>"
            marks.append(Mark(END, native, el, key("/" + name, ident or el.get("mid"))))
        elif name in ("bpt", "bx", "sc", "sm") and el.get("isolated") != "yes":
            ref = el.get("rid") or ident
            marks.append(Mark(BEGIN, _native(el, originals), ("pair", ref), key(name, ident)))
        elif name in ("ept", "ex", "ec", "em") and el.get("isolated") != "yes":
            ref = el.get("rid") or el.get("startRef") or ident
            marks.append(Mark(END, _native(el, originals), ("pair", ref), key(name, ref)))
        elif name in ("sc", "ec"):  # isolated="yes"
            role = ISOLATED_BEGIN if name == "sc" else ISOLATED_END
            marks.append(Mark(role, _native(el, originals), None, key(name, ident)))
        elif name == "it":
            role = ISOLATED_BEGIN if el.get("pos") == "open" else ISOLATED_END
            marks.append(Mark(role, _native(el, originals), None, key(name, ident)))
        else:
            marks.append(Mark(ALONE, _native(el, originals), None, key(name, ident)))
    return marks


_NATIVE_12 = frozenset({"bpt", "ept", "ph", "it"})


def _native(el: etree._Element, originals: Mapping[str, str]) -> str:
    """The native code an XLIFF element stands for."""
    name = local(el.tag)
    ref = el.get("dataRef")
    if ref and ref in originals:
        return originals[ref]
    if name in _NATIVE_12 and etree.QName(el).namespace != _NS20:
        parts = [el.text or ""]
        for child in el:  # <sub> (translatable text inside native code) kept as its markup
            parts.append(etree.tostring(_plain_copy(child), encoding="unicode", with_tail=False))
            parts.append(child.tail or "")
        return "".join(parts)
    return etree.tostring(_plain_copy(el), encoding="unicode", with_tail=False)


def _start_tag(el: etree._Element) -> str:
    shell = _plain_copy(el, deep=False)
    shell.text = "\ue000"
    return etree.tostring(shell, encoding="unicode").partition("\ue000")[0]


def _plain_copy(el: etree._Element, deep: bool = True) -> etree._Element:
    """``el`` without namespaces (XLIFF markup as a translator reads it), namespaced attributes left out."""
    copy = etree.Element(local(el.tag) or "x")
    for name, value in el.attrib.items():
        if not name.startswith("{"):
            copy.set(name, value)
    if deep:
        copy.text = el.text
        for child in el:
            if isinstance(child.tag, str):
                sub = _plain_copy(child)
                sub.tail = child.tail
                copy.append(sub)
    return copy


_NS20 = "urn:oasis:names:tc:xliff:document:2.0"

__all__ = ["BEGIN", "END", "Mark", "document_marks", "partners", "tm_codes", "tm_variant", "xliff_marks"]

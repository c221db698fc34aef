"""Mixed content of an lxml element (text, inline elements, tails) <-> coded text, without loss.

A paired inline element (``<b>``, XLIFF ``<g>``, ``<pc>``) becomes two codes, its opening and closing,
with its content as text between them; any other element (``<br/>``, ``<x/>``, ``<ph>..</ph>``, a
comment) is one code and is copied whole; a private-use character of the text is a code of its own
(``LITERAL``: tm's placeholders are private-use characters too) that stands for itself. :func:`build`
makes elements again from coded text, so a target written in another order keeps every element of the
source.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from lxml import etree

from tm.formats.documents.base import LITERAL, PRIVATE
from tm.model import Code, is_placeholder, placeholder

OPEN, CLOSE, EMPTY = "open", "close", "empty"
_PRIVATE_RUNS = re.compile("([\ue000-\uf8ff]+)")


@dataclass(frozen=True)
class Inline:
    """Coded text with its codes and, for each code, the element it stands for (a closing: the element it
    closes; None where there is no element)."""

    coded: str
    codes: tuple[Code, ...]
    elements: tuple[etree._Element | None, ...]

    @property
    def openers(self) -> str:
        return "".join(placeholder(n) for n, c in enumerate(self.codes) if c.kind == OPEN)


def local(tag: object) -> str:
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def _tags(el: etree._Element, html: bool) -> tuple[str, str] | None:
    """The start and end tag of ``el`` as markup, for showing codes (XLIFF ``<ph>``, PO text); None for
    an element no API can make again (a name libxml2's HTML parser recovered), which is one code."""
    try:
        shell = el.makeelement(el.tag, dict(el.attrib))
    except ValueError:
        return None
    shell.text = "\ue000"
    start, _, end = etree.tostring(shell, encoding="unicode", method="html" if html else "xml").partition(
        "\ue000"
    )
    return start, end


def extract(
    text: str | None,
    children: Sequence[etree._Element],
    paired: Callable[[etree._Element], bool],
    html: bool = False,
) -> Inline:
    """Coded text of ``text`` followed by ``children`` (each with its tail)."""
    parts: list[str] = []
    codes: list[Code] = []
    elements: list[etree._Element | None] = []

    def add(code: Code, el: etree._Element | None) -> None:
        codes.append(code)
        elements.append(el)
        parts.append(placeholder(len(codes) - 1))

    def literal(piece: str) -> None:
        for part in _PRIVATE_RUNS.split(piece):
            if PRIVATE.match(part):  # the document's own private-use character: a literal code
                for ch in part:
                    add(Code(LITERAL, ch), None)
            elif part:
                parts.append(part)

    def walk(head: str | None, kids: Sequence[etree._Element]) -> None:
        if head:
            literal(head)
        for child in kids:
            tags = _tags(child, html) if isinstance(child.tag, str) and paired(child) else None
            if tags is not None:
                start, end = tags
                add(Code(OPEN, start, local(child.tag)), child)
                walk(child.text, list(child))
                add(Code(CLOSE, end, local(child.tag)), child)
            else:
                kind = EMPTY
                xml = (
                    etree.tostring(
                        child, encoding="unicode", with_tail=False, method="html" if html else "xml"
                    )
                    if isinstance(child.tag, str) or html
                    else etree.tostring(child, encoding="unicode", with_tail=False)
                )
                add(Code(kind, xml, local(child.tag) or None), child)
            if child.tail:
                literal(child.tail)

    walk(text, children)
    return Inline("".join(parts), tuple(codes), tuple(elements))


def join_inlines(parts: Sequence[Inline]) -> Inline:
    """One Inline of ``parts`` one after the other, their placeholders renumbered."""
    coded: list[str] = []
    codes: list[Code] = []
    elements: list[etree._Element | None] = []
    for part in parts:
        base = len(codes)
        coded.append(
            "".join(placeholder(base + ord(ch) - 0xE000) if is_placeholder(ch) else ch for ch in part.coded)
        )
        codes += part.codes
        elements += part.elements
    return Inline("".join(coded), tuple(codes), tuple(elements))


def build(coded: str, inline: Inline) -> tuple[str, list[etree._Element]]:
    """The leading text and the elements (with tails) for ``coded``, whose placeholders are ``inline``'s."""
    lead: list[str] = []
    top: list[etree._Element] = []
    stack: list[etree._Element] = []

    def add_text(text: str) -> None:
        if stack:
            parent = stack[-1]
            if len(parent):
                parent[-1].tail = (parent[-1].tail or "") + text
            else:
                parent.text = (parent.text or "") + text
        elif top:
            top[-1].tail = (top[-1].tail or "") + text
        else:
            lead.append(text)

    def add_element(el: etree._Element) -> None:
        if stack:
            stack[-1].append(el)
        else:
            top.append(el)

    run: list[str] = []
    for ch in coded:
        if not is_placeholder(ch):
            run.append(ch)
            continue
        if run:
            add_text("".join(run))
            run = []
        n = ord(ch) - 0xE000
        if n >= len(inline.codes):
            continue
        code, source = inline.codes[n], inline.elements[n]
        if code.kind == OPEN and source is not None:
            el = source.makeelement(source.tag, dict(source.attrib))
            add_element(el)
            stack.append(el)
        elif code.kind == CLOSE:
            if stack:
                stack.pop()
        elif code.kind == LITERAL:
            add_text(code.xml)
        elif source is not None:
            el = copy.deepcopy(source)
            el.tail = None
            add_element(el)
    if run:
        add_text("".join(run))
    return "".join(lead), top


def replace_content(parent: etree._Element, coded: str, inline: Inline) -> None:
    """Make ``coded`` the whole content of ``parent``."""
    text, elements = build(coded, inline)
    for child in list(parent):
        parent.remove(child)
    parent.text = text or None
    for el in elements:
        parent.append(el)

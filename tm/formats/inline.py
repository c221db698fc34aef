"""TMX ``<seg>`` content <-> coded text (placeholders for inline codes) and back, without loss."""

from __future__ import annotations

import re

from lxml import etree

from tm.formats.textsafe import shown
from tm.model import Code, Variant, is_placeholder, placeholder, plain_text

# Elements whose content is native code, not translatable text: one placeholder each.
CODE_TAGS = frozenset({"bpt", "ept", "ph", "it", "ut"})
_SAFE = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
_RECOVER = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, recover=True)


class PairingError(ValueError):
    """Inline codes whose pairing is broken (ept before bpt, duplicate i, a bpt never closed)."""


def local_name(tag: object) -> str:
    """An element's tag without its namespace; "" for comments and processing instructions."""
    if not isinstance(tag, str):
        return ""
    return tag.rsplit("}", 1)[-1]


MANY_ATTRIBUTES = 32
_PRIVATE_USE = re.compile("[\ue000-\uf8ff]")


def attr_items(el: etree._Element) -> list[tuple[str, str]]:
    """``el.items()`` in linear time: lxml's own costs time quadratic in the number of attributes (each
    value is looked up from the start of the list), minutes for a hostile ``<tu>`` with 200,000."""
    if len(el.attrib) <= MANY_ATTRIBUTES:
        return el.items()
    return list(zip(el.keys(), el.xpath("@*", smart_strings=False), strict=True))


def seg_content(seg: etree._Element) -> tuple[str, str | None, tuple[Code, ...]]:
    """The plain text, coded text (None without codes) and codes of a ``<seg>`` element."""
    if len(seg) == 0:
        return seg.text or "", None, ()
    parts: list[str] = []
    codes: list[Code] = []
    _walk(seg, parts, codes)
    coded = "".join(parts)
    if not codes:
        return coded, None, ()
    check_pairing(codes)
    return plain_text(coded, codes), coded, tuple(codes)


def _text(parts: list[str], text: str) -> None:
    """Add a piece of text; a private-use character in it would read as an inline code's placeholder."""
    found = _PRIVATE_USE.search(text)
    if found:
        raise PairingError(
            f"a private-use character U+{ord(found.group()):04X} beside inline codes "
            "(tm uses U+E000-U+F8FF for the codes)"
        )
    parts.append(text)


def _walk(el: etree._Element, parts: list[str], codes: list[Code]) -> None:
    if el.text:
        _text(parts, el.text)
    for child in el:
        tag = local_name(child.tag)
        if not tag:  # comment or processing instruction inside a segment: dropped
            pass
        elif tag in CODE_TAGS:
            xml = etree.tostring(child, encoding="unicode", with_tail=False)
            codes.append(Code(tag, xml, child.get("i") or child.get("x")))
            parts.append(placeholder(len(codes) - 1))
        else:  # hi, or an element of another vocabulary: its content is text, its tags are codes
            codes.append(Code(tag, _start_tag(child), child.get("x")))
            parts.append(placeholder(len(codes) - 1))
            _walk(child, parts, codes)
            codes.append(Code("/" + tag, ""))
            parts.append(placeholder(len(codes) - 1))
        if child.tail:
            _text(parts, child.tail)


def _start_tag(el: etree._Element) -> str:
    """The start tag of ``el`` as an empty element (``<hi type="b"/>``), in time linear in its size."""
    if len(el.attrib) <= MANY_ATTRIBUTES:
        try:
            shell = etree.Element(el.tag, attrib=dict(el.attrib), nsmap=el.nsmap)
            return etree.tostring(shell, encoding="unicode")
        except ValueError:  # a name libxml2 let pass under --recover (`l:lang`): no API makes it again
            pass
    head = etree.tostring(el, encoding="unicode", with_tail=False)
    head = head[: head.index(">")]  # '>' in attribute values is written &gt;
    return head + ("" if head.endswith("/") else "/") + ">"


def check_pairing(codes: tuple[Code, ...] | list[Code]) -> None:
    """Raise :class:`PairingError` where bpt/ept do not pair up by their ``i`` attribute."""
    seen: set[str | None] = set()
    open_: set[str | None] = set()
    for code in codes:
        if code.kind == "bpt":
            if code.ref in seen:
                raise PairingError(f'two <bpt> with i="{shown(code.ref)}"')
            seen.add(code.ref)
            open_.add(code.ref)
        elif code.kind == "ept":
            if code.ref not in open_:
                raise PairingError(f'<ept i="{shown(code.ref)}"> without a <bpt> before it')
            open_.discard(code.ref)
    if open_:
        raise PairingError(f'<bpt i="{shown(sorted(str(r) for r in open_)[0])}"> without its <ept>')


def _code_element(code: Code) -> etree._Element:
    """The element a code stands for. A code read under ``--recover`` may be markup libxml2 let pass
    (an attribute twice): it is written as libxml2 recovers it, or as a ``<ph>`` holding it as text."""
    try:
        return etree.fromstring(code.xml, _SAFE)
    except etree.XMLSyntaxError:
        pass
    try:
        el = etree.fromstring(code.xml, _RECOVER)
    except etree.XMLSyntaxError:
        el = None
    if el is None:
        el = etree.Element("ph")
        el.text = code.xml
        return el
    for node in el.iter(etree.Element):
        if ":" in node.tag.rpartition("}")[2]:  # a prefix never declared: no well-formed XML holds it
            el = etree.Element("ph")
            el.text = code.xml
            return el
        # an attribute twice (the last one stays, as a parser reads it), or one of an undeclared prefix
        items = {k: v for k, v in node.items() if ":" not in k.rpartition("}")[2]}
        if len(items) != len(node.attrib):
            node.attrib.clear()
            for key, value in items.items():
                node.set(key, value)
    return el


def build_seg(text: str, coded: str | None, codes: tuple[Code, ...]) -> etree._Element:
    """A ``<seg>`` element with the codes restored where their placeholders stand."""
    seg = etree.Element("seg")
    if coded is None:
        seg.text = text
        return seg
    stack = [seg]
    last: etree._Element | None = None  # the element whose tail the next text goes to
    buf: list[str] = []

    def flush() -> None:
        if not buf:
            return
        chunk = "".join(buf)
        buf.clear()
        if last is None:
            stack[-1].text = (stack[-1].text or "") + chunk
        else:
            last.tail = (last.tail or "") + chunk

    for ch in coded:
        if not is_placeholder(ch):
            buf.append(ch)
            continue
        flush()
        code = codes[ord(ch) - ord(placeholder(0))]
        if code.kind.startswith("/"):
            last = stack.pop()
            continue
        el = _code_element(code)
        stack[-1].append(el)
        if code.kind in CODE_TAGS:
            last = el
        else:
            stack.append(el)
            last = None
    flush()
    return seg


def native_text(variant: Variant) -> str:
    """The text of ``variant`` with each code's native content where it stands: ``Click <b>Save</b> to
    keep {0} files.`` for ``Click <bpt>&lt;b&gt;</bpt>Save<ept>&lt;/b&gt;</ept> to keep <ph>{0}</ph>
    files.`` (the text a format without inline codes, such as PO, holds). A TMX ``<hi>`` has no native
    content: its text stays, its tags go."""
    if variant.coded is None:
        return variant.text
    parts = []
    for ch in variant.coded:
        if not is_placeholder(ch):
            parts.append(ch)
            continue
        code = variant.codes[ord(ch) - ord(placeholder(0))]
        if code.kind in CODE_TAGS:
            parts.append(_code_element(code).xpath("string()"))
    return "".join(parts)

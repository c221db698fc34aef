"""HTML documents (lxml): the text of block elements, split into sentences; inline markup as codes.

A block is a run of text and inline elements inside an element, between block-level children (so
``<li>Item<ul>..</ul></li>`` gives the block ``Item``). Inline elements (``<b>``, ``<a href>``, ``<span>``)
become paired codes, void ones (``<br>``, ``<img>``) and untranslatable ones (``<code>``, ``<kbd>``,
comments) single codes. ``script``, ``style``, ``pre`` and the like are not translated, nor is an
element marked ``translate="no"`` (a block is left out; an inline one is a single code, copied whole).
Writing rebuilds each block from its target with lxml, so every tag and attribute of the input is kept.

Translatable attributes (:data:`TRANSLATABLE_ATTRIBUTES`: ``title``, ``alt``, ``placeholder``,
``aria-label``, ``<meta name="description" content>``, ``<input type="submit" value>``...) are segments
of their own, after the text of the block that holds them; their targets are written back into the
attribute (lxml escapes them), every other attribute stays as it was.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, replace
from pathlib import Path

from lxml import etree
from lxml import html as lhtml

from tm.errors import FormatError
from tm.formats.atomic import atomic_output
from tm.formats.documents.base import Document, Fill, expand_codes, literal_codes
from tm.formats.documents.blocks import Block, assemble, split_block
from tm.formats.documents.html_text import CONTENT_TYPE, html_text
from tm.formats.documents.xmlinline import Inline, extract, local, replace_content
from tm.formats.textsafe import ILLEGAL, clean_text
from tm.model import Code

BLOCK = frozenset(
    "html head body div p h1 h2 h3 h4 h5 h6 ul ol li dl dt dd table thead tbody tfoot tr td th caption "
    "colgroup col blockquote section article header footer nav aside main figure figcaption address form "
    "fieldset legend details summary hr title meta link base option optgroup select menu center".split()
)
SKIP = frozenset("script style pre noscript template svg math textarea object iframe canvas".split())
OPAQUE = frozenset("code kbd samp var tt".split())
VOID = frozenset("br img wbr input area embed source track param".split())


@dataclass(frozen=True)
class AttributeRule:
    """An attribute whose value is text to translate: on ``element`` (``*``: any), and, with ``when``,
    only where another attribute has one of the given values (compared without case)."""

    element: str
    attribute: str
    when: tuple[str, frozenset[str]] | None = None

    def applies(self, name: str, el: etree._Element) -> bool:
        if self.element not in ("*", name) or el.get(self.attribute) is None:
            return False
        if self.when is None:
            return True
        other, values = self.when
        return (el.get(other) or "").strip().lower() in values


TRANSLATABLE_ATTRIBUTES: tuple[AttributeRule, ...] = (
    AttributeRule("*", "title"),
    AttributeRule("*", "alt"),
    AttributeRule("*", "placeholder"),
    AttributeRule("*", "aria-label"),
    AttributeRule("*", "aria-description"),
    AttributeRule("*", "aria-placeholder"),
    AttributeRule("*", "aria-roledescription"),
    AttributeRule("meta", "content", ("name", frozenset({"description", "keywords"}))),
    AttributeRule("meta", "content", ("property", frozenset({"og:title", "og:description"}))),
    AttributeRule("input", "value", ("type", frozenset({"button", "submit", "reset"}))),
    AttributeRule("option", "label"),
    AttributeRule("optgroup", "label"),
    AttributeRule("track", "label"),
)


def translatable_attributes(el: etree._Element) -> list[str]:
    """The names of ``el``'s attributes that hold text to translate, in the element's order."""
    if not isinstance(el.tag, str):
        return []
    name = local(el.tag).lower()
    wanted = {rule.attribute for rule in TRANSLATABLE_ATTRIBUTES if rule.applies(name, el)}
    return [key for key in el.attrib if key in wanted]


def _kept(el: etree._Element) -> bool:
    """Whether ``el`` says its content is not to be translated (HTML ``translate="no"``)."""
    return (el.get("translate") or "").strip().lower() == "no"


def _paired(el: etree._Element) -> bool:
    name = local(el.tag).lower()
    return name not in VOID and name not in OPAQUE and name not in SKIP and not _kept(el)


def _is_block(el: etree._Element) -> bool:
    return isinstance(el.tag, str) and (local(el.tag).lower() in BLOCK or local(el.tag).lower() in SKIP)


class HtmlDocument(Document):
    format = "html"

    def __init__(self, path: str | Path, lang: str | None = None) -> None:
        super().__init__(path, lang)
        try:
            raw = self.path.read_bytes()
        except OSError as err:
            raise FormatError(f"cannot read: {err.strerror}", path) from None
        self._newline = raw.endswith(b"\n")
        text, self.encoding = html_text(raw, self.path, self.issues.append)
        try:
            parser = lhtml.HTMLParser(
                remove_comments=False, no_network=True, default_doctype=False, encoding="utf-8"
            )
            self._tree = etree.ElementTree(lhtml.document_fromstring(text.encode("utf-8"), parser=parser))
        except (etree.ParserError, ValueError) as err:
            raise FormatError(f"cannot read as HTML: {err}", path) from None
        _clean_tree(self._tree.getroot(), str(self.path), self.issues.append)
        self._docinfo = self._tree.docinfo
        # each run: (parent, index of its first child, number of children, Inline, Block)
        self._runs: list[tuple[etree._Element, int, int, Inline, Block]] = []
        self._attributes: list[tuple[etree._Element, str, Block]] = []  # (element, attribute, Block)
        self._collect(self._tree.getroot())

    def _collect(self, el: etree._Element) -> None:
        if not isinstance(el.tag, str) or _kept(el):
            return
        self._add_attributes(el)
        if local(el.tag).lower() in SKIP:
            return
        children = list(el)
        start = 0
        for i in range(len(children) + 1):
            if i == len(children) or _is_block(children[i]):
                self._add_run(el, start, i)
                for child in children[start:i]:
                    self._inline_attributes(child)
                if i < len(children):
                    self._collect(children[i])
                start = i + 1

    def _inline_attributes(self, el: etree._Element) -> None:
        """The translatable attributes of an inline element and of what it holds."""
        if not isinstance(el.tag, str) or _kept(el):
            return
        self._add_attributes(el)
        if local(el.tag).lower() not in SKIP:
            for child in el:
                self._inline_attributes(child)

    def _add_attributes(self, el: etree._Element) -> None:
        for name in translatable_attributes(el):
            codes: list[Code] = []
            coded = literal_codes(el.get(name) or "", codes)
            block, segs = split_block(coded, tuple(codes), self.source_lang or "en", len(self.segments))
            if segs:
                self._attributes.append((el, name, block))
                where = f"{local(el.tag).lower()}@{name}"
                self.segments.extend(replace(seg, context=where) for seg in segs)

    def _add_run(self, parent: etree._Element, start: int, end: int) -> None:
        children = list(parent)
        head = parent.text if start == 0 else children[start - 1].tail
        inline = extract(head, children[start:end], _paired, html=True)
        block, segs = split_block(
            inline.coded, inline.codes, self.source_lang or "en", len(self.segments), inline.openers
        )
        if segs:
            self._runs.append((parent, start, end - start, inline, block))
            self.segments.extend(segs)

    def write(
        self, out: str | Path, fills: Mapping[int, Fill], tgt: str, notes: Mapping[int, str] | None = None
    ) -> None:
        tree = self._tree
        # Attributes first: the runs rebuild inline elements from the originals, attributes included.
        for el, name, block in self._attributes:
            el.set(name, expand_codes(assemble(block, fills, self.source_lang, tgt), block.codes))
        # Later runs first, so that the child indices of earlier runs in the same parent stay valid.
        for parent, start, count, inline, block in reversed(self._runs):
            coded = assemble(block, fills, self.source_lang, tgt)
            holder = parent.makeelement("div", {})
            replace_content(holder, coded, inline)
            kids = list(parent)
            for child in kids[start : start + count]:
                parent.remove(child)
            if start == 0:
                parent.text = holder.text
            else:
                kids[start - 1].tail = holder.text
            for offset, child in enumerate(list(holder)):
                parent.insert(start + offset, child)
        root = tree.getroot()
        if root.get("lang") is not None:
            root.set("lang", tgt)
        doctype = self._docinfo.doctype or None
        _declare_utf8(root)
        text = lhtml.tostring(tree, encoding="unicode", doctype=doctype, method="html")
        text = text.replace(f'http-equiv="{CONTENT_TYPE}"', 'http-equiv="Content-Type"')
        data = text.encode("utf-8")
        if self._newline and not data.endswith(b"\n"):
            data += b"\n"
        with atomic_output(out) as handle:
            handle.write(data)


def _clean_tree(root: etree._Element, path: str, on_issue) -> None:
    """What libxml2 decoded from references the text scan did not see (inside markup it recovered
    from): characters XML cannot hold, removed with a warning, so that lxml can write every node again."""
    for el in root.iter():
        for where in ("text", "tail"):
            value = getattr(el, where)
            if value and ILLEGAL.search(value):
                setattr(el, where, clean_text(value, path, on_issue, el.sourceline or 1))
        if isinstance(el.tag, str):
            for key, value in el.items():
                if ILLEGAL.search(value):
                    el.set(key, clean_text(value, path, on_issue, el.sourceline or 1))


def _declare_utf8(root: etree._Element) -> None:
    """The document is written in UTF-8: its ``<meta>`` say so (the Content-Type one kept, which libxml2
    would leave out, under a name it does not know until written)."""
    for meta in root.iter("meta"):
        if meta.get("charset") is not None and not _utf8(meta.get("charset")):
            meta.set("charset", "UTF-8")
        if (meta.get("http-equiv") or "").strip().lower() == "content-type":
            meta.set("http-equiv", CONTENT_TYPE)
            content = meta.get("content") or ""
            label = re.search(r"charset\s*=\s*([^;\s]+)", content)
            if label and not _utf8(label.group(1)):
                meta.set("content", content[: label.start(1)] + "UTF-8" + content[label.end(1) :])


def _utf8(label: str) -> bool:
    return label.strip().lower().replace("_", "-") in ("utf-8", "utf8")

"""Word documents (DOCX): every paragraph's text split into sentences, run formatting as inline codes, and
the translation written into a copy of the original package.

Why lxml on the package XML rather than python-docx: python-docx models a paragraph as a list of runs
and does not see runs inside hyperlinks, fields, content controls or smart tags, nor text boxes,
footnotes and endnotes; a translation tool needs every ``w:t`` of a paragraph in order, with what lies
around it, and must write back everything it does not translate unchanged. lxml is already tm's XML
library and reads the parts directly through :mod:`zipfile` (:mod:`docx_package`, with size caps and
no DTDs); python-docx is only a test dependency, to check that what tm writes opens there.

What is translated: the paragraphs (``w:p``) of the main document (body, tables, content controls, text
boxes), of the headers and footers, of the footnotes and endnotes, and the document title
(``dc:title`` of ``docProps/core.xml``). A paragraph is one block (see docs/segmentation.md), split into
sentences by tm's rules; :mod:`docx_runs` says how runs, hyperlinks, fields, references, tabs and breaks
become codes. Codes at the edges of a paragraph (a footnote's number, a bookmark, a link around the
whole text) stay outside its sentences, so a paragraph that is one link or all bold is plain text to the
TM. A text box is written twice by Word, as DrawingML (``mc:Choice``) and as VML (``mc:Fallback``): the
fallback's paragraphs, where they hold the same text and codes as the choice's, are not segments of
their own but receive the same translation.

What is not translated: hidden text (``w:vanish``), field codes (``w:instrText``, ``w:fldSimple/@w:instr``),
comments (``word/comments.xml``: notes between reviewers, not part of the published text; their
anchors in the text are codes and the comments are kept as they are), charts, SmartArt, and the glossary
document.

Tracked changes (``w:ins``, ``w:del``, ``w:moveFrom``, ``w:moveTo``, inserted or deleted table cells) in a
translated part are refused with the place of the first one: which version to translate is the author's
decision, and translating the accepted text would silently drop deletions the author may still reject.
Formatting changes alone (``w:rPrChange``, ``w:pPrChange``) are kept as they are.

Writing: the paragraphs that hold segments are rebuilt (see :mod:`docx_write`); the parts that hold
them are serialised again with their own XML declaration; every other part of the package is copied
byte for byte, in its order, with its compression (:meth:`Package.write`). Text written from a
translation gets the target language and fonts of :mod:`docx_rpr`; a sentence without a fill keeps its
source text, marked ``⟦...⟧``, and its source language.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, replace
from pathlib import Path

from lxml import etree

from tm.errors import FormatError
from tm.formats.documents.base import Document, Fill, is_cjk
from tm.formats.documents.blocks import Block, assemble_parts, renumber, split_block
from tm.formats.documents.docx_package import Package, root_start
from tm.formats.documents.docx_rpr import MC, W, latin_default, target_rpr, w
from tm.formats.documents.docx_runs import Coded, read_paragraph
from tm.formats.documents.docx_write import write_paragraph
from tm.formats.documents.xmlinline import CLOSE, EMPTY, OPEN
from tm.model import Code, is_placeholder, placeholder, plain_text, strip_placeholders

DC = "http://purl.org/dc/elements/1.1/"
STRICT_W = "http://purl.oclc.org/ooxml/wordprocessingml/main"
TRACKED = tuple(w(n) for n in ("ins", "del", "moveFrom", "moveTo", "cellIns", "cellDel"))
# The parts read besides the main document, in the order their segments come, by relationship type.
BEFORE_BODY = ("header",)
AFTER_BODY = ("footnotes", "endnotes", "footer")
ROLES = {"header": "header", "footer": "footer", "footnotes": "footnote", "endnotes": "endnote"}
_SPACES = re.compile(r"\s+")
_BY_LANGUAGE = re.compile(r"<w:(?:rFonts|lang)\b[^>]*/>")  # run properties that follow the language


@dataclass
class _Para:
    """A paragraph with segments (or the fallback copy of one, ``twin``)."""

    part: str
    p: etree._Element
    coded: Coded
    start: int = 0  # the sentences lie in coded.text[start:end]; the rest is the paragraph's skeleton
    end: int = 0
    block: Block | None = None
    twin: _Para | None = None
    role: str = "body"


@dataclass(frozen=True)
class Paragraph:
    """A paragraph with text, as :func:`docx_paragraphs` gives it (to pair two DOCX by paragraph)."""

    part: str  # word/document.xml, word/footnotes.xml...
    role: str  # body, header, footer, footnote, endnote, title
    number: int  # 1-based, among the paragraphs with text of the whole document, in reading order
    coded: str  # the text with placeholders for its inline codes (edges left out)
    codes: tuple[Code, ...]

    @property
    def text(self) -> str:
        return _SPACES.sub(" ", plain_text(self.coded, self.codes)).strip()

    @property
    def written(self) -> str:
        """The text as it reads, for checking it against a translation: tabs and line breaks as the
        whitespace they show, every other code left out, spaces as they are."""
        return plain_text(self.coded, self.codes)

    @property
    def formatting(self) -> tuple[str, ...]:
        """The markup of its codes in text order, without what a translation changes by design (fonts and
        language, see :mod:`docx_rpr`; a run with nothing else is no formatting, and its pair goes): what a
        document and its translation should share."""
        out: list[str | None] = []
        opened: list[int] = []
        for ch in self.coded:
            n = ord(ch) - 0xE000
            if not is_placeholder(ch) or n >= len(self.codes):
                continue
            code = self.codes[n]
            markup = _BY_LANGUAGE.sub("", code.xml).replace("<w:rPr></w:rPr>", "")
            if code.kind == OPEN:
                opened.append(len(out))
                out.append(None if markup == "<w:r>" else markup)
            elif code.kind == CLOSE and opened:
                out.append(markup if out[opened.pop()] is not None else None)
            else:
                out.append(markup)
        return tuple(m for m in out if m is not None)


class DocxDocument(Document):
    format = "docx"

    def __init__(self, path: str | Path, lang: str | None = None) -> None:
        super().__init__(path, lang)
        self._package = Package(self.path)
        self._roots: dict[str, etree._Element] = {}
        self._paras: list[_Para] = []
        self._title: tuple[str, etree._Element, Block] | None = None
        main, before, after = self._text_parts()
        for name, role in [*before, (main, "body"), *after]:
            self._read_part(name, role)
        self._read_title()

    # -- reading ----------------------------------------------------------------------------------------
    def _text_parts(self) -> tuple[str, list[tuple[str, str]], list[tuple[str, str]]]:
        package = self._package
        rels = package.relationships("")
        main = next((r.target for r in rels if r.type == "officeDocument" and not r.external), None)
        if main is None or not package.has(main):
            main = "word/document.xml"
        if not package.has(main):
            raise FormatError(
                "not a Word document: the package has no word/document.xml",
                self.path,
                hint="tm translates .docx files saved by Word, LibreOffice or another OOXML editor",
            )
        main = package.name(main)
        root = package.xml(main)
        if root.tag != w("document"):
            strict = etree.QName(root).namespace == STRICT_W
            raise FormatError(
                f"not a Word document: its main part {main} is a <{etree.QName(root).localname}>"
                + (" of Strict Open XML" if strict else ""),
                self.path,
                hint="save it in Word as 'Word Document (*.docx)'" if strict else None,
            )
        self._roots[main] = root
        targets: dict[str, list[str]] = {}
        for rel in package.relationships(main):
            if not rel.external and package.has(rel.target):
                targets.setdefault(rel.type, []).append(package.name(rel.target))
        before = [(n, ROLES[t]) for t in BEFORE_BODY for n in _natural(targets.get(t, []))]
        after = [(n, ROLES[t]) for t in AFTER_BODY for n in _natural(targets.get(t, []))]
        return main, before, after

    def _read_part(self, name: str, role: str) -> None:
        root = self._roots.get(name)
        if root is None:
            root = self._roots[name] = self._package.xml(name)
        _refuse_tracked(root, name, self.path)
        twins = _fallback_twins(root)
        read: dict[etree._Element, _Para] = {}
        lang = self.source_lang or "en"
        for p in root.iter(w("p")):
            coded = read_paragraph(p)
            twin = read.get(twins.get(p))  # type: ignore[arg-type]
            if twin is not None and twin.coded.signature() == coded.signature():
                self._paras.append(_Para(name, p, coded, twin.start, twin.end, None, twin, role))
                continue
            start, end = edges(coded)
            block, segs = split_block(
                coded.text[start:end], tuple(coded.codes), lang, len(self.segments), coded.openers
            )
            if not segs:
                continue
            para = _Para(name, p, coded, start, end, block, None, role)
            read[p] = para
            self._paras.append(para)
            context = None if role == "body" else role
            self.segments.extend(replace(s, context=context) for s in segs)

    def _read_title(self) -> None:
        core = next(
            (
                r.target
                for r in self._package.relationships("")
                if r.type == "core-properties" and not r.external
            ),
            None,
        )
        if core is None or not self._package.has(core):
            return
        name = self._package.name(core)
        root = self._package.xml(name)
        title = root.find(f"{{{DC}}}title")
        if (
            title is None
            or not (title.text or "").strip()
            or any(is_placeholder(ch) for ch in title.text or "")
        ):
            return  # no title, or one holding private-use characters (tm's placeholders): left as it is
        block, segs = split_block(title.text or "", (), self.source_lang or "en", len(self.segments))
        if segs:
            self._roots[name] = root
            self._title = (name, title, block)
            self.segments.extend(replace(s, context="title") for s in segs)

    def paragraphs(self) -> Iterator[Paragraph]:
        """The paragraphs with text, in reading order (fallback copies of text boxes left out), then the
        title."""
        number = 0
        for para in self._paras:
            if para.twin is not None or para.block is None:
                continue
            number += 1
            coded, codes = renumber(para.block.coded, para.coded.codes)
            yield Paragraph(para.part, para.role, number, coded, codes)
        if self._title is not None:
            name, _, block = self._title
            yield Paragraph(name, "title", number + 1, block.coded, ())

    # -- writing ----------------------------------------------------------------------------------------
    def write(
        self, out: str | Path, fills: Mapping[int, Fill], tgt: str, notes: Mapping[int, str] | None = None
    ) -> None:
        latin = latin_default(self._styles()) if not is_cjk(tgt) else ("ascii", "")
        changed: set[str] = set()
        # Inner paragraphs (text boxes) first: an outer paragraph copies the drawing that holds them.
        for para in reversed(self._paras):
            owner = para.twin or para
            if owner.block is None:  # reading gives every paragraph it keeps a block or a twin with one
                raise ValueError(f"a paragraph of {para.part} has no block to write into")
            text = para.coded.text
            pieces = [
                (text[: owner.start], False),
                *_spaces_between(assemble_parts(owner.block, fills, self.source_lang, tgt)),
                (text[owner.end :], False),
            ]
            maker = para.p.makeelement
            write_paragraph(para.p, pieces, para.coded, lambda rpr, m=maker: target_rpr(rpr, tgt, latin, m))
            changed.add(para.part)
        if self._title is not None:
            name, title, block = self._title
            title.text = strip_placeholders(
                "".join(piece for piece, _ in assemble_parts(block, fills, self.source_lang, tgt))
            )
            language = title.getparent().find(f"{{{DC}}}language")
            if language is not None:
                language.text = tgt
            changed.add(name)
        replaced = {name: self._serialize(name) for name in changed}
        self._package.write(out, replaced)

    def _styles(self) -> etree._Element | None:
        name = "word/styles.xml"
        return self._package.xml(name) if self._package.has(name) else None

    def _serialize(self, name: str) -> bytes:
        """The part's XML after its original declaration (kept byte for byte where it says UTF-8)."""
        root = self._roots[name]
        original = self._package.read(name)
        prolog = original[: root_start(original) or 0]
        declared = re.search(rb"""encoding\s*=\s*["']([^"']+)""", prolog)
        if prolog.isascii() and (declared is None or declared.group(1).lower() in (b"utf-8", b"utf8")):
            return prolog + etree.tostring(root, encoding="UTF-8", xml_declaration=False)
        return etree.tostring(root.getroottree(), xml_declaration=True, encoding="UTF-8", standalone=True)


def docx_paragraphs(path: str | Path, lang: str | None = None) -> Iterator[Paragraph]:
    """The paragraphs with text of a DOCX file, in reading order: headers, body (tables and text boxes in
    place), footnotes, endnotes, footers, then the title. Two translations of one document give the
    same paragraphs in the same order, so ``tm score``, ``tm qa`` and ``tm align`` pair them by number."""
    yield from DocxDocument(path, lang).paragraphs()


def edges(coded: Coded) -> tuple[int, int]:
    """Where a paragraph's sentences start and end: single codes and whitespace at either edge, and a
    pair of codes around all the rest, are its skeleton."""
    text, codes = coded.text, coded.codes
    a, b = 0, len(text)

    def kind(ch: str) -> str | None:
        return codes[ord(ch) - 0xE000].kind if is_placeholder(ch) else None

    def partner(ch: str) -> int:
        n = coded.partner[ord(ch) - 0xE000]
        return -1 if n is None else n

    while True:
        while a < b and (text[a].isspace() or kind(text[a]) == EMPTY):
            a += 1
        while b > a and (text[b - 1].isspace() or kind(text[b - 1]) == EMPTY):
            b -= 1
        if b - a < 2:
            return a, b
        if (
            kind(text[a]) == OPEN
            and kind(text[b - 1]) == CLOSE
            and partner(text[a]) == ord(text[b - 1]) - 0xE000
        ):
            a, b = a + 1, b - 1
            continue
        # a pair around nothing but whitespace at either edge (the space after a footnote's number)
        if kind(text[a]) == OPEN:
            close = text.find(placeholder(partner(text[a])), a, b)
            if close > a and not text[a + 1 : close].strip():
                a = close + 1
                continue
        if kind(text[b - 1]) == CLOSE:
            opening = text.rfind(placeholder(partner(text[b - 1])), a, b)
            if opening >= a and not text[opening + 1 : b - 1].strip():
                b = opening
                continue
        return a, b


def _spaces_between(parts: list[tuple[str, bool]]) -> list[tuple[str, bool]]:
    """The space between two translated sentences is written as translated text (one run with them)."""
    out = list(parts)
    for k in range(1, len(out) - 1):
        piece = out[k][0]
        if piece and not piece.strip() and out[k - 1][1] and out[k + 1][1]:
            out[k] = (piece, True)
    return out


def _refuse_tracked(root: etree._Element, name: str, path: Path) -> None:
    for el in root.iter(*TRACKED):
        raise FormatError(
            f"{name} has tracked changes (<w:{etree.QName(el).localname}> at line {el.sourceline}): "
            "tm translates one version of the text, not a mix of both",
            path,
            hint="accept or reject all changes in Word (Review > Accept All Changes) and save it again",
        )


def _fallback_twins(root: etree._Element) -> dict[etree._Element, etree._Element]:
    """Each paragraph of an ``mc:Fallback`` mapped to the paragraph of the same place in its ``mc:Choice``."""
    twins: dict[etree._Element, etree._Element] = {}
    for ac in root.iter(f"{{{MC}}}AlternateContent"):
        choice = ac.find(f"{{{MC}}}Choice")
        fallback = ac.find(f"{{{MC}}}Fallback")
        if choice is None or fallback is None:
            continue
        chosen = list(choice.iter(w("p")))
        fell = list(fallback.iter(w("p")))
        if len(chosen) == len(fell):
            for a, b in zip(fell, chosen, strict=True):
                twins.setdefault(a, b)
    return twins


def _natural(names: list[str]) -> list[str]:
    """header1.xml, header2.xml, header10.xml: in their numbers' order."""

    def key(name: str) -> list:
        return [int(t) if t.isdigit() else t for t in re.split(r"(\d+)", name.lower())]

    return sorted(dict.fromkeys(names), key=key)


__all__ = ["W", "DocxDocument", "Paragraph", "docx_paragraphs", "edges"]

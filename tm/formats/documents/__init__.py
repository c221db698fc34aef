"""Documents to translate: read segments, write targets back without loss.

``open_document(path, lang)`` picks the reader by extension (and, for XML, by content): plain text,
Markdown, HTML, Word (DOCX), PO/POT, XLIFF 1.2 and 2.x. ``write_output`` writes a pre-translated
document: in its own format when that format holds targets (PO, XLIFF), otherwise as chosen by the
output's extension: XLIFF 1.2 (``.xlf``/``.xliff``), PO, TMX, or the target-language document itself
(same extension).
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from tm.errors import FormatError, UsageError
from tm.formats.documents.base import Candidate, Document, Fill, Segment, transfer_codes

__all__ = ["Candidate", "Document", "Fill", "Segment", "open_document", "transfer_codes", "write_output"]

_TEXT = {".txt", ".text"}
_MARKDOWN = {".md", ".markdown"}
_HTML = {".html", ".htm", ".xhtml"}
_DOCX = {".docx"}
_PO = {".po", ".pot"}
_XLIFF = {".xlf", ".xliff", ".xlf2", ".sdlxliff", ".mqxliff"}


def open_document(path: str | Path, lang: str | None = None) -> Document:
    """Open ``path`` for translation; ``lang`` is its source language (needed to split sentences)."""
    p = Path(path)
    if not p.is_file():
        raise FormatError("no such file", p)
    suffix = p.suffix.lower()
    if suffix in _TEXT:
        from tm.formats.documents.text import TextDocument

        return TextDocument(p, lang)
    if suffix in _MARKDOWN:
        from tm.formats.documents.text import MarkdownDocument

        return MarkdownDocument(p, lang)
    if suffix in _HTML:
        from tm.formats.documents.html import HtmlDocument

        return HtmlDocument(p, lang)
    if suffix in _DOCX:
        from tm.formats.documents.docx import DocxDocument

        return DocxDocument(p, lang)
    if suffix in _PO:
        from tm.formats.documents.po import PoDocument

        return PoDocument(p, lang)
    if suffix in _XLIFF or suffix == ".xml":
        from tm.formats.documents.xliff import open_xliff

        return open_xliff(p, lang)
    raise FormatError(
        f"cannot tell the document type from {suffix or 'no extension'!r}",
        p,
        hint="tm translates .txt, .md, .html, .docx, .po/.pot and .xlf/.xliff files",
    )


def output_kind(doc: Document, out: str | Path) -> str:
    """What :func:`write_output` writes for ``doc`` to ``out``: ``doc``, ``xliff``, ``po`` or ``tmx``."""
    suffix = Path(out).suffix.lower()
    if doc.holds_targets:
        family = _PO if doc.format == "po" else _XLIFF | {".xml"}
        if suffix not in family:
            raise UsageError(
                f"{out}: a {doc.format} document is written as {doc.format} (it holds the targets)",
                hint=f"name the output {doc.path.suffix}",
            )
        return "doc"
    if suffix in (".xlf", ".xliff"):
        return "xliff"
    if suffix in _PO:
        return "po"
    if suffix == ".tmx":
        return "tmx"
    for family in (_TEXT, _MARKDOWN, _HTML, _DOCX):
        if suffix in family and doc.path.suffix.lower() in family:
            return "doc"
    raise UsageError(
        f"{out}: cannot write a {doc.format} document as {suffix or 'no extension'!r}",
        hint=f"name the output .xlf, .po, .tmx or {doc.path.suffix}",
    )


def write_output(doc: Document, fills: Mapping[int, Fill], src: str, tgt: str, out: str | Path) -> str:
    """Write the pre-translated ``doc`` to ``out``; returns the kind written (see :func:`output_kind`)."""
    kind = output_kind(doc, out)
    if kind == "doc":
        doc.write(out, fills, tgt)
    elif kind == "xliff":
        from tm.formats.documents.bilingual import write_xliff12

        write_xliff12(doc, fills, src, tgt, out)
    elif kind == "po":
        from tm.formats.documents.bilingual import write_po_document

        write_po_document(doc, fills, src, tgt, out)
    else:
        from tm.formats.documents.bilingual import write_tmx_document

        write_tmx_document(doc, fills, src, tgt, out)
    return kind

"""Documents to translate: read segments, write targets back without loss.

``open_document(path, lang)`` picks the reader by extension (:func:`tm.formats.registry.document_format`;
``.xml`` is read as XLIFF, whose reader checks the root): plain text, Markdown, HTML, Word (DOCX), PO/POT,
XLIFF 1.2 and 2.x. ``write_output`` writes a pre-translated document: in its own format when that format
holds targets (PO, XLIFF), otherwise as chosen by the output's extension: XLIFF 1.2 (``.xlf``/``.xliff``),
PO, TMX, or the target-language document itself (same extension).
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from tm.errors import FormatError, UsageError
from tm.formats.documents.base import Candidate, Document, Fill, Segment
from tm.formats.documents.codefill import transfer_codes
from tm.formats.documents.text import MarkdownDocument, TextDocument
from tm.formats.registry import GENERIC_XML, document_format, extensions

__all__ = [
    "Candidate",
    "Document",
    "Fill",
    "Segment",
    "document_holds_targets",
    "draft_kind",
    "open_document",
    "output_kind",
    "transfer_codes",
    "write_output",
]


def open_document(path: str | Path, lang: str | None = None) -> Document:
    """Open ``path`` for translation; ``lang`` is its source language (needed to split sentences)."""
    p = Path(path)
    if not p.is_file():
        raise FormatError("no such file", p)
    fmt = document_format(p)
    if fmt == "text":
        return TextDocument(p, lang)
    if fmt == "markdown":
        return MarkdownDocument(p, lang)
    if fmt == "html":
        from tm.formats.documents.html import HtmlDocument  # lazy: lxml loads only for XML and HTML

        return HtmlDocument(p, lang)
    if fmt == "docx":
        from tm.formats.documents.docx import DocxDocument  # lazy: lxml and zipfile load only for Word

        return DocxDocument(p, lang)
    if fmt == "po":
        from tm.formats.documents.po import PoDocument  # lazy: polib loads only for PO

        return PoDocument(p, lang)
    if fmt == "xliff":
        from tm.formats.documents.xliff import open_xliff  # lazy: lxml loads only for XML and HTML

        return open_xliff(p, lang)
    suffix = p.suffix.lower()
    raise FormatError(
        f"cannot tell the document type from {suffix or 'no extension'!r}",
        p,
        hint="tm translates .txt, .md, .html, .docx, .po/.pot and .xlf/.xliff files",
    )


HOLDING_TARGETS = ("po", "xliff")  # document formats that hold their targets (written back as themselves)


def document_holds_targets(path: str | Path) -> bool:
    """Whether the document at ``path`` holds its targets (PO, XLIFF), told from its name as
    :func:`open_document` tells it."""
    return document_format(Path(path)) in HOLDING_TARGETS


def output_kind(doc: Document, out: str | Path) -> str:
    """What :func:`write_output` writes for ``doc`` to ``out``: ``doc``, ``xliff``, ``po`` or ``tmx``."""
    return draft_kind(doc.path, out, doc.format if doc.holds_targets else None)


def draft_kind(path: str | Path, out: str | Path, holding: str | None = None) -> str:
    """:func:`output_kind` for the document at ``path`` without opening it (``holding``: the format of a
    document that holds its targets; by default told from ``path``)."""
    path = Path(path)
    if holding is None and document_holds_targets(path):
        holding = document_format(path)
    suffix = Path(out).suffix.lower()
    if holding is not None:
        family = extensions("po") if holding == "po" else (*extensions("xliff"), GENERIC_XML)
        if suffix not in family:
            raise UsageError(
                f"{out}: a {holding} document is written as {holding} (it holds the targets)",
                hint=f"name the output {path.suffix}",
            )
        return "doc"
    if suffix in (".xlf", ".xliff"):
        return "xliff"
    if suffix in extensions("po"):
        return "po"
    if suffix in extensions("tmx"):
        return "tmx"
    for name in ("text", "markdown", "html", "docx"):
        if suffix in extensions(name) and path.suffix.lower() in extensions(name):
            return "doc"
    raise UsageError(
        f"{out}: cannot write a {path.suffix.lstrip('.').lower() or 'plain'} document as {suffix or 'no extension'!r}",
        hint=f"name the output .xlf, .po, .tmx or {path.suffix}",
    )


def write_output(
    doc: Document,
    fills: Mapping[int, Fill],
    src: str,
    tgt: str,
    out: str | Path,
    notes: Mapping[int, str] | None = None,
) -> str:
    """Write the pre-translated ``doc`` to ``out``; returns the kind written (see :func:`output_kind`).

    ``notes`` (by segment index: the term hits of a segment) go where the output has a place for them:
    a note in XLIFF (1.2 ``<note from="tm-terms">``, 2.x ``<note category="tm-terms">``), a translator
    comment in PO (``tm-terms: ...``), a prop in TMX (``x-tm-terms``; filled segments only, as TMX holds
    only those); a target document (txt, md, html, docx) has none. Given (even empty), they replace the
    notes an earlier pre-translation wrote into a PO or XLIFF document."""
    kind = output_kind(doc, out)
    if kind == "doc":
        doc.write(out, fills, tgt, notes)
    else:
        from tm.formats.documents import bilingual  # lazy: lxml and polib load only for these outputs

        write = {"xliff": bilingual.write_xliff12, "po": bilingual.write_po_document}
        write.get(kind, bilingual.write_tmx_document)(doc, fills, src, tgt, out, notes)
    return kind

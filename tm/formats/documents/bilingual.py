"""Bilingual files made from any document's segments and fills: XLIFF 1.2, PO and TMX.

Used when the document itself cannot hold targets (txt, md, html, docx) and ``-o`` asks for one of these.
Inline codes of the document become XLIFF ``<bpt>``/``<ept>``/``<it>``/``<ph>`` elements holding the
original markup, and in TMX the same TMX elements; in PO they are written as that markup. Notes (a
segment's term hits) become an XLIFF ``<note>``, a PO translator comment line, a TMX prop.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

import polib
from lxml import etree

from tm.bands import (
    TM_NS,
    TMX_BAND_PROP,
    TMX_NOT_CARRIED_PROP,
    TMX_ORIGIN_PROP,
    TMX_SCORE_PROP,
    TMX_TARGET_PROP,
    TMX_TERMS_PROP,
    TMX_UNIT_PROP,
)
from tm.formats.atomic import atomic_output, write_atomic
from tm.formats.documents.base import Document, Fill, Segment, expand_codes, provenance_notes
from tm.formats.documents.po import set_terms_comment, set_tm_comment
from tm.formats.documents.tmcodes import BEGIN, END, document_marks, partners, tm_codes, tm_variant
from tm.formats.documents.xliff12 import declare_tool, fill_trans_unit, set_note12
from tm.formats.documents.xliff_base import NS12, XML_LANG
from tm.formats.documents.xmlinline import EMPTY, Inline, replace_content
from tm.formats.po import po_metadata
from tm.formats.tmx_write import write_tmx
from tm.formats.xmlindent import indent_structure
from tm.model import Annotation, Code, Unit


def _xliff_inline(seg: Segment) -> Inline:
    """The codes of ``seg`` as XLIFF 1.2 elements holding the original markup: an opening and its
    closing as ``<bpt>``/``<ept>`` (same id), one without its partner in the sentence as ``<it>``,
    any other code as ``<ph>``."""
    marks = document_marks(seg.codes)
    partner = partners(list(enumerate(marks)))
    elements = []
    for n, mark in enumerate(marks):
        ident = str(min(n, partner.get(n, n)) + 1)
        if n in partner:
            el = etree.Element(f"{{{NS12}}}{'bpt' if mark.role == BEGIN else 'ept'}", id=ident)
        elif mark.role in (BEGIN, END):
            el = etree.Element(f"{{{NS12}}}it", id=ident, pos="open" if mark.role == BEGIN else "close")
        else:
            el = etree.Element(f"{{{NS12}}}ph", id=ident)
        el.text = mark.native
        elements.append(el)
    return Inline(seg.coded, tuple(Code(EMPTY, c.xml) for c in seg.codes), tuple(elements))


def write_xliff12(
    doc: Document,
    fills: Mapping[int, Fill],
    src: str,
    tgt: str,
    out: str | Path,
    notes: Mapping[int, str] | None = None,
) -> None:
    """The document's segments as an XLIFF 1.2 file, with targets, scores and candidates where filled,
    and ``notes`` (by segment index) as notes."""
    root = etree.Element(f"{{{NS12}}}xliff", nsmap={None: NS12, "tm": TM_NS}, version="1.2")
    file_el = etree.SubElement(
        root,
        f"{{{NS12}}}file",
        {
            "original": doc.path.name,
            "source-language": src,
            "target-language": tgt,
            "datatype": "html" if doc.format == "html" else "plaintext",
        },
    )
    declare_tool(file_el)
    body = etree.SubElement(file_el, f"{{{NS12}}}body")
    for seg in doc.segments:
        unit = etree.SubElement(body, f"{{{NS12}}}trans-unit", id=seg.id)
        if seg.context:  # what the segment is: an HTML attribute (img@alt), a PO msgctxt
            unit.set("resname", seg.context)
        source = etree.SubElement(unit, f"{{{NS12}}}source")
        source.set(XML_LANG, src)
        inline = _xliff_inline(seg)
        replace_content(source, seg.coded, inline)
        fill = fills.get(seg.index)
        if fill is not None:
            fill_trans_unit(unit, source, fill, tgt, inline)
        if notes and notes.get(seg.index):
            set_note12(unit, notes[seg.index])
    _indent(root)
    with atomic_output(out) as handle:
        etree.ElementTree(root).write(handle, xml_declaration=True, encoding="UTF-8")


_STRUCTURE = frozenset({"xliff", "file", "header", "body", "trans-unit", "alt-trans"})


def _indent(el: etree._Element) -> None:
    """Indent the structure of an XLIFF file without touching mixed content (source, target)."""
    indent_structure(el, _STRUCTURE)


def write_po_document(
    doc: Document,
    fills: Mapping[int, Fill],
    src: str,
    tgt: str,
    out: str | Path,
    notes: Mapping[int, str] | None = None,
) -> None:
    """The document's segments as PO entries in document order; a repeated source is one entry. ``notes``
    (by segment index) become ``tm-terms:`` translator comment lines."""
    po = polib.POFile(wrapwidth=0)
    po.metadata = po_metadata(doc.path.name, src, tgt)
    entries: dict[str, polib.POEntry] = {}
    for seg in doc.segments:
        msgid = expand_codes(seg.coded, seg.codes).strip()
        entry = entries.get(msgid)
        if entry is None:
            entry = polib.POEntry(msgid=msgid, msgstr="")
            entries[msgid] = entry
            po.append(entry)
            fill = fills.get(seg.index)
            if fill is not None:
                entry.msgstr = expand_codes(fill.target, seg.codes).strip()
                if fill.fuzzy:
                    entry.flags.append("fuzzy")
                set_tm_comment(entry, fill)
            if notes and notes.get(seg.index):
                set_terms_comment(entry, notes[seg.index])
        entry.occurrences.append((doc.path.name, seg.id))
    write_atomic(out, str(po).encode(po.encoding))


def write_tmx_document(
    doc: Document,
    fills: Mapping[int, Fill],
    src: str,
    tgt: str,
    out: str | Path,
    notes: Mapping[int, str] | None = None,
) -> int:
    """The filled segments as TMX units (score, band and the ``notes`` by segment index as props); returns
    how many were written."""
    units = []
    for seg in doc.segments:
        fill = fills.get(seg.index)
        if fill is None:
            continue
        marks = document_marks(seg.codes)
        source, target = tm_codes(seg.coded, marks, fill.target, marks)
        props = [(TMX_SCORE_PROP, str(fill.score)), (TMX_BAND_PROP, fill.band)]
        if fill.unit:
            props.append((TMX_UNIT_PROP, fill.unit))
        if fill.origin:
            props.append((TMX_ORIGIN_PROP, fill.origin))
        if fill.adapted and fill.tm_target is not None:
            props.append((TMX_TARGET_PROP, fill.tm_target))
        if fill.not_carried:
            props.append((TMX_NOT_CARRIED_PROP, fill.not_carried_text()))
        if notes and notes.get(seg.index):
            props.append((TMX_TERMS_PROP, notes[seg.index]))
        units.append(
            Unit(
                (tm_variant(src, *source), tm_variant(fill.lang or tgt, *target)),
                props=tuple(Annotation(value, (("type", kind),)) for kind, value in props),
                notes=tuple(Annotation(note) for note in provenance_notes(fill)),
                attrs=(("tuid", f"{doc.path.name}:{seg.id}"),),
                status="fuzzy" if fill.fuzzy else "confirmed",  # written as the x-tm-status prop
            )
        )
    return write_tmx(out, units, srclang=src)

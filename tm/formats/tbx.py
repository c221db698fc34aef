"""TBX termbases (lxml): TBX-Basic v2 (``<martif>``, ISO 30042:2008) and TBX v3 core (``<tbx>``,
ISO 30042:2019) in both styles, DCA (``<termNote type="partOfSpeech">``) and DCT
(``<min:partOfSpeech>``), read into :class:`tm.model.Concept`; written as TBX v3 TBX-Basic DCA (or
v2 with ``version="2"``).

Safe like the TMX reader: the bytes go through :class:`tm.formats.xmlsafe.CleanXmlStream` (encoding
sniffed, a DTD that declares entities refused before lxml sees it: no external entity, no expansion
bomb) and lxml never loads a DTD, resolves an entity or reaches the network.

Without loss: what tm uses is typed (terms, language, status, part of speech, notes, subject field);
every other data category (definitions, contexts, sources, transactions, cross-references) is kept as
its element, in the DCA style, at the level it stood (concept, language section, term) and written back
there. DCT elements become their DCA equivalent (``<basic:definition>`` -> ``<descrip
type="definition">``), and a TBX v2 ``<ntig>`` becomes one term section. The file's header and back
matter are kept on :class:`TbxDocument` (a termbase in the TM store keeps only the concepts).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from lxml import etree

from tm.errors import FormatError
from tm.formats.atomic import atomic_output
from tm.formats.xmlindent import indent_structure
from tm.formats.xmlsafe import parse_xml
from tm.model import ADMITTED, DEPRECATED, FORBIDDEN, PREFERRED, Concept, IssueSink, Term

# tm's term statuses and TBX's administrativeStatus values. TBX-Basic has no "forbidden": its "do not use"
# is deprecatedTerm; a superseded term is an old name a reviewer should still question (tm's deprecated).
# A term's status_raw keeps the value as the file wrote it, so that an export writes it back unchanged.
TBX_STATUS = {
    PREFERRED: "preferredTerm-admn-sts",
    ADMITTED: "admittedTerm-admn-sts",
    DEPRECATED: "supersededTerm-admn-sts",
    FORBIDDEN: "deprecatedTerm-admn-sts",
}


def read_status(raw: str | None) -> str | None:
    """tm's status for a TBX status value (administrativeStatus or normativeAuthorization: preferred,
    standardized, legal, regulated; admitted; superseded, obsolete; deprecated, forbidden,
    notRecommended); None when it says nothing tm uses."""
    if not raw:
        return None
    value = raw.strip().lower().replace("-admn-sts", "").replace("term", "")
    if value in ("preferred", "standardized", "legal", "regulated"):
        return PREFERRED
    if value == "admitted":
        return ADMITTED
    if value in ("superseded", "obsolete", "outdated"):
        return DEPRECATED
    if value in ("deprecated", "forbidden", "notrecommended", "not recommended", "rejected"):
        return FORBIDDEN
    return None


TBX3_NS = "urn:iso:std:iso:30042:ed-2"
TBX3_NAMESPACES = frozenset({TBX3_NS, "urn:iso:std:iso:30042:ed:3.0"})
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"

# DCT data categories -> the DCA element that carries them (TBX-Basic and TBX-Min modules)
_DCT_ELEMENT = {
    **dict.fromkeys(
        (
            "partOfSpeech",
            "administrativeStatus",
            "termType",
            "grammaticalGender",
            "grammaticalNumber",
            "geographicalUsage",
            "termLocation",
            "normativeAuthorization",
            "usageNote",
        ),
        "termNote",
    ),
    **dict.fromkeys(("source", "customerSubset", "projectSubset", "sourceIdentifier"), "admin"),
    "transactionType": "transac",
    "responsibility": "transacNote",
    **dict.fromkeys(("xGraphic", "externalCrossReference"), "xref"),
    "crossReference": "ref",
}


@dataclass(frozen=True)
class TbxDocument:
    """A TBX file read: its concepts, and its header and back matter as they came."""

    concepts: tuple[Concept, ...]
    header: str | None = None  # the <martifHeader>/<tbxHeader> element's children, serialised
    back: str | None = None  # the <back> element, serialised
    version: str = "3"
    lang: str | None = None  # the root's xml:lang


def _local(tag: object) -> str:
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def _ns(tag: object) -> str:
    return tag[1:].split("}", 1)[0] if isinstance(tag, str) and tag.startswith("{") else ""


def _parse(path: str | Path, on_issue: IssueSink | None = None) -> etree._Element:
    """The document through tm's one reading of XML (tm.formats.xmlsafe.parse_xml): characters XML
    cannot hold removed and HTML entities replaced, each reported to ``on_issue``; any other entity and
    any internal DTD subset refused."""
    return parse_xml(path, on_issue, remove_comments=True, remove_pis=True, huge_tree=False).getroot()


def _dca(el: etree._Element, tbx_ns: str) -> etree._Element:
    """``el`` as a namespace-free DCA element (DCT module elements turned into their DCA form)."""
    ns, name = _ns(el.tag), _local(el.tag)
    attrs = {k: v for k, v in el.attrib.items()}
    if ns and ns not in TBX3_NAMESPACES and ns != tbx_ns:  # a DCT module element: basic:definition
        attrs = {"type": name, **attrs}
        name = _DCT_ELEMENT.get(name, "descrip")
    out = etree.Element(name)
    for key, value in attrs.items():
        out.set(key, value)
    out.text = el.text
    for child in el:
        if isinstance(child.tag, str):
            new = _dca(child, tbx_ns)
            new.tail = child.tail
            out.append(new)
    return out


def _xml(el: etree._Element) -> str:
    copy = etree.fromstring(etree.tostring(el))  # detached, tail dropped
    copy.tail = None
    return etree.tostring(copy, encoding="unicode")


def _text(el: etree._Element) -> str:
    return "".join(el.itertext()).strip()


def read_tbx(path: str | Path, on_issue: IssueSink | None = None) -> TbxDocument:
    """Read a TBX file (v2 ``martif`` or v3 ``tbx``, DCA or DCT); refuses entity declarations. What
    reading removed or replaced (characters, HTML entities) goes to ``on_issue``."""
    root = _parse(path, on_issue)
    name = _local(root.tag)
    if name not in ("martif", "tbx"):
        raise FormatError(f"not a TBX file (its root is <{name}>)", path, root.sourceline)
    tbx_ns = _ns(root.tag)
    version = "2" if name == "martif" else "3"
    header = back = None
    concepts = []
    for part in root:
        local = _local(part.tag)
        if local in ("martifHeader", "tbxHeader"):
            header = "".join(_xml(_dca(c, tbx_ns)) for c in part if isinstance(c.tag, str))
        elif local == "text":
            for section in part:
                if _local(section.tag) == "body":
                    for entry in section:
                        if _local(entry.tag) in ("termEntry", "conceptEntry"):
                            concepts.append(_concept(_dca(entry, tbx_ns), path))
                elif _local(section.tag) == "back":
                    back = _xml(_dca(section, tbx_ns))
    return TbxDocument(tuple(concepts), header, back, version, root.get(XML_LANG))


def _concept(entry: etree._Element, path) -> Concept:
    terms: list[Term] = []
    notes: list[str] = []
    extra: list[str] = []
    lang_extra: list[tuple[str, str]] = []
    subject = None
    for child in entry:
        local = child.tag
        if local in ("langSet", "langSec"):
            lang = child.get(XML_LANG) or child.get("{http://www.w3.org/XML/1998/namespace}lang")
            if not lang:
                raise FormatError(f"<{local}> without xml:lang", path, child.sourceline)
            for part in child:
                if part.tag in ("tig", "ntig", "termSec"):
                    terms.append(_term(part, lang, path))
                else:
                    lang_extra.append((lang, _xml(part)))
        elif (
            local == "descrip" and child.get("type") == "subjectField" and subject is None and len(child) == 0
        ):
            subject = (child.text or "").strip()
        elif local == "note" and len(child) == 0:
            notes.append((child.text or "").strip())
        else:
            extra.append(_xml(child))
    return Concept(tuple(terms), entry.get("id"), subject, tuple(notes), tuple(extra), tuple(lang_extra))


def _term(el: etree._Element, lang: str, path) -> Term:
    parts = list(el)
    if el.tag == "ntig":  # <ntig><termGrp><term/><termNote/>...</termGrp> more...</ntig>
        flat = []
        for part in parts:
            flat += list(part) if part.tag == "termGrp" else [part]
        parts = flat
    text = None
    status_raw = pos = authorization = None
    notes: list[str] = []
    extra: list[str] = []
    for part in parts:
        kind = part.get("type")
        if part.tag == "term" and text is None:
            text = _text(part)
        elif (
            part.tag == "termNote"
            and kind == "administrativeStatus"
            and status_raw is None
            and len(part) == 0
        ):
            status_raw = (part.text or "").strip()
        elif part.tag == "termNote" and kind == "normativeAuthorization" and authorization is None:
            authorization = _text(part)  # kept as it is (below); gives the status when there is no other
            extra.append(_xml(part))
        elif part.tag == "termNote" and kind == "partOfSpeech" and pos is None and len(part) == 0:
            pos = (part.text or "").strip()
        elif part.tag == "note" and len(part) == 0:
            notes.append((part.text or "").strip())
        else:
            extra.append(_xml(part))
    if not text:
        raise FormatError(f"a term section of {lang} without a <term>", path, el.sourceline)
    status = read_status(status_raw) or read_status(authorization)
    return Term(text, lang, status, status_raw, pos, tuple(notes), tuple(extra))


# --- writing --------------------------------------------------------------------------------------------


def _sub(parent: etree._Element, tag: str, text: str | None = None, **attrs: str) -> etree._Element:
    el = etree.SubElement(
        parent, parent.tag.rsplit("}", 1)[0] + "}" + tag if parent.tag.startswith("{") else tag
    )
    for key, value in attrs.items():
        el.set(key, value)
    el.text = text
    return el


def _put(parent: etree._Element, xml: str) -> None:
    """Append a kept element (namespace-free DCA) under ``parent``, in ``parent``'s namespace."""
    el = etree.fromstring(xml)
    ns = _ns(parent.tag)
    if ns:
        for node in el.iter():
            if isinstance(node.tag, str) and not node.tag.startswith("{"):
                node.tag = f"{{{ns}}}{node.tag}"
    parent.append(el)


def tbx_tree(
    concepts: Iterable[Concept],
    *,
    version: str = "3",
    lang: str = "en",
    header: str | None = None,
    back: str | None = None,
) -> etree._ElementTree:
    """The TBX document of ``concepts``: v3 TBX-Basic DCA (default) or v2 ``martif``."""
    v3 = version != "2"
    if v3:
        root = etree.Element(f"{{{TBX3_NS}}}tbx", nsmap={None: TBX3_NS})
        root.set("type", "TBX-Basic")
        root.set("style", "dca")
    else:
        root = etree.Element("martif")
        root.set("type", "TBX-Basic")
    root.set(XML_LANG, lang)
    head = _sub(root, "tbxHeader" if v3 else "martifHeader")
    if header:
        for child in etree.fromstring(f"<h>{header}</h>"):
            _put(head, etree.tostring(child, encoding="unicode"))
    else:
        desc = _sub(_sub(head, "fileDesc"), "sourceDesc")
        _sub(desc, "p", "tm termbase")
    text = _sub(root, "text")
    body = _sub(text, "body")
    for n, concept in enumerate(concepts, start=1):
        ident = concept.id or f"c{concept.key if concept.key is not None else n}"
        entry = _sub(body, "conceptEntry" if v3 else "termEntry", id=ident)
        if concept.subject:
            _sub(entry, "descrip", concept.subject, type="subjectField")
        for note in concept.notes:
            _sub(entry, "note", note)
        for xml in concept.extra:
            _put(entry, xml)
        sections: list[tuple[str, list[Term]]] = []  # runs of terms of one language, in their order
        for term in concept.terms:
            if sections and sections[-1][0] == term.lang:
                sections[-1][1].append(term)
            else:
                sections.append((term.lang, [term]))
        have = {code for code, _ in sections}
        sections += [
            (code, []) for code in dict.fromkeys(c for c, _ in concept.lang_extra) if code not in have
        ]
        placed: set[str] = set()
        for lang_code, terms in sections:
            section = _sub(entry, "langSec" if v3 else "langSet")
            section.set(XML_LANG, lang_code)
            if lang_code not in placed:
                placed.add(lang_code)
                for code, xml in concept.lang_extra:
                    if code == lang_code:
                        _put(section, xml)
            for term in terms:
                _term_element(section, term, v3)
    if back:
        _put(text, back)
    indent_structure(root, _STRUCTURE)
    return etree.ElementTree(root)


_STRUCTURE = frozenset(
    {
        "tbx",
        "martif",
        "tbxHeader",
        "martifHeader",
        "text",
        "body",
        "conceptEntry",
        "termEntry",
        "langSec",
        "langSet",
        "termSec",
        "tig",
    }
)


def _term_element(section: etree._Element, term: Term, v3: bool) -> None:
    holder = _sub(section, "termSec" if v3 else "tig")
    _sub(holder, "term", term.text)
    if term.part_of_speech:
        _sub(holder, "termNote", term.part_of_speech, type="partOfSpeech")
    status = term.status_raw
    if status is None and term.status and not any('"normativeAuthorization"' in x for x in term.extra):
        status = TBX_STATUS.get(term.status)
    if status:
        _sub(holder, "termNote", status, type="administrativeStatus")
    for note in term.notes:
        _sub(holder, "note", note)
    for xml in term.extra:
        _put(holder, xml)


def write_tbx(path: str | Path, concepts: Iterable[Concept], **options) -> None:
    """Write ``concepts`` to ``path`` as TBX, whole or not at all (see :func:`tbx_tree` for options)."""
    tree = tbx_tree(concepts, **options)
    with atomic_output(path) as handle:
        tree.write(handle, xml_declaration=True, encoding="UTF-8", pretty_print=True)

"""XLIFF 1.2 and 2.x documents (lxml): source segments read, targets written back, confirmed ones kept.

XLIFF 1.2: each ``<trans-unit>`` (translate not "no") is a segment, or, where a ``<seg-source>`` holds
``<mrk mtype="seg">`` segments (Trados, Okapi), each of those, its target the same ``mrk`` of ``<target>``. A target whose ``state`` is absent
or one of translated, final, signed-off is confirmed and never overwritten. Pre-translation writes
``<target state=... state-qualifier=...>``, ``tm:score``/``tm:band`` on the trans-unit (namespace
``urn:tm:pretranslate``) and the candidates as ``<alt-trans match-quality=...>``.

XLIFF 2.x: each ``<segment>`` of a ``<unit>`` is a segment; ``state`` translated, reviewed or final is
confirmed. Pre-translation writes ``<target>`` and ``state`` (``translated`` at 100 and above, else
``initial``), and ``tm:score``/``tm:band`` on the unit: one value per segment, space-separated.

Inline codes: ``<g>``/``<mrk>`` (1.2) and ``<pc>``/``<mrk>`` (2.x) are paired codes; every other inline
element (x, bx, ex, ph, bpt, ept, it; ph, sc, ec, sm, em) is one code, copied whole.

Notes (the term hits of a segment): a ``<note from="tm-terms" annotates="source">`` in the 1.2
trans-unit, a ``<note category="tm-terms" appliesTo="source">`` in the 2.x unit's ``<notes>`` (the hits of
all its segments), replacing tm's earlier notes.
"""

from __future__ import annotations

import copy
from collections.abc import Mapping
from dataclasses import replace
from pathlib import Path

from lxml import etree

from tm.bands import TERMS_NOTE, TM_NS
from tm.errors import FormatError, LanguageError
from tm.formats import xmlsafe
from tm.formats.atomic import atomic_output
from tm.formats.documents.base import Document, Fill, Segment, provenance_notes
from tm.formats.documents.tmcodes import tm_codes, xliff_marks
from tm.formats.documents.xmlinline import Inline, extract, join_inlines, local, replace_content
from tm.lang import answered_by, normalize_code
from tm.model import Code, Issue, IssueSink
from tm.version import __version__

NS12 = "urn:oasis:names:tc:xliff:document:1.2"
NS20 = "urn:oasis:names:tc:xliff:document:2.0"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
UNIT_ATTR = f"{{{TM_NS}}}unit"
PROVENANCE_NOTE = "tm"  # the author (1.2 from) or category (2.x) of tm's notes about a fill

CONFIRMED_12 = frozenset({"translated", "final", "signed-off"})
CONFIRMED_20 = frozenset({"translated", "reviewed", "final"})


def parse_xml(path: str | Path, on_issue: IssueSink | None = None) -> etree._ElementTree:
    """The document, read by tm's rules for XML (entities, illegal characters, DTD: tm.formats.xmlsafe)."""
    return xmlsafe.parse_xml(path, on_issue)


def xliff_version(root: etree._Element) -> str:
    ns = etree.QName(root).namespace
    if local(root.tag) != "xliff":
        return ""
    if ns == NS20 or (root.get("version") or "").startswith("2"):
        return "2"
    return "1.2"


def _paired(names: frozenset[str]):
    return lambda el: local(el.tag) in names


_PAIRED_12 = _paired(frozenset({"g", "mrk"}))
_PAIRED_20 = _paired(frozenset({"pc", "mrk"}))


class _XliffDocument(Document):
    holds_targets = True

    def __init__(
        self, path: str | Path, lang: str | None = None, tree: etree._ElementTree | None = None
    ) -> None:
        super().__init__(path, lang)
        self._tree = tree if tree is not None else parse_xml(self.path, self.issues.append)
        self._places: list[tuple[etree._Element, etree._Element, Inline]] = []  # (holder, source, inline)
        self._targets: list[Inline | None] = []  # each segment's existing target
        self._files: dict[etree._Element, int] | None = None
        self.langs: list[tuple[str | None, str | None]] = []  # each segment's languages (its <file>'s)
        self.groups: dict[int, list[int]] = {}  # first segment -> the segments imported as one unit
        self._langs: tuple[str | None, str | None] = (None, None)

    def _add(
        self,
        holder: etree._Element,
        source: etree._Element,
        target: etree._Element | None,
        state: str | None,
        confirmed_states: frozenset[str],
        ident: str,
    ) -> None:
        paired = _PAIRED_12 if self.format == "xliff" else _PAIRED_20
        inline = extract(source.text, list(source), paired)
        done = extract(target.text, list(target), paired) if target is not None else None
        segment = Segment(len(self.segments), ident, inline.coded, inline.codes, done.coded if done else None)
        confirmed = bool(segment.target_text) and (state is None or state in confirmed_states)
        if confirmed:
            segment = replace(segment, confirmed=True)
        self.segments.append(segment)
        self._places.append((holder, source, inline))
        self._targets.append(done)
        self.langs.append(self._langs)

    def holder(self, index: int) -> etree._Element:
        """The element segment ``index`` is part of: its XLIFF 1.2 ``<trans-unit>``, 2.x ``<segment>``."""
        return self._places[index][0]

    def file_of(self, index: int) -> tuple[int, etree._Element]:
        """The ``<file>`` segment ``index`` is in, with its place among the document's files."""
        el = self.holder(index)
        while local(el.tag) != "file":
            el = el.getparent()
        if self._files is None:
            self._files = {f: n for n, f in enumerate(self.files)}
        return self._files[el], el

    @property
    def files(self) -> list[etree._Element]:
        """The document's ``<file>`` elements."""
        return [el for el in self._tree.getroot() if local(el.tag) == "file"]

    def _originals(self, holder: etree._Element) -> dict[str, str]:
        """The original data (XLIFF 2 ``<originalData>``) that inline codes of ``holder`` refer to."""
        return {}

    def filled_from(self, index: int) -> str | None:
        """The ``tm:unit`` a draft recorded for segment ``index`` (the unit its fill came from), or None."""
        holder, source, _ = self._places[index]
        if local(source.tag) == "mrk":  # a segmented 1.2 trans-unit: one per mrk of its seg-source
            owner, me = holder, source
            seg_source = holder.find(f"{{{NS12}}}seg-source")
            siblings = [m for m in seg_source.iter(source.tag) if m.get("mtype") == "seg"]
        elif local(holder.tag) == "segment":  # 2.x: one per segment of the unit
            owner, me = holder.getparent(), holder
            siblings = list(owner.iterfind(holder.tag))
        else:
            owner, me, siblings = holder, source, [source]
        refs = (owner.get(UNIT_ATTR) or "").split()
        return refs[siblings.index(me)] if len(refs) == len(siblings) else None

    def tm_variants(
        self, index: int
    ) -> tuple[tuple[str, tuple[Code, ...]], tuple[str, tuple[Code, ...]] | None]:
        """Source and target of segment ``index`` as the TM holds them: ``(coded, codes)`` with TMX codes."""
        holder, _, inline = self._places[index]
        done = self._targets[index]
        group = self.groups.get(index)
        if group is not None:  # segments imported as one unit: their sources and targets joined
            inline = join_inlines([self._places[k][2] for k in group])
            parts = [self._targets[k] for k in group]
            done = join_inlines([p for p in parts if p is not None]) if all(parts) else None
        originals = self._originals(holder)
        return tm_codes(
            inline.coded,
            xliff_marks(inline, originals),
            done.coded if done is not None else None,
            xliff_marks(done, originals) if done is not None else (),
        )

    def _save(self, out: str | Path) -> None:
        etree.cleanup_namespaces(self._tree, top_nsmap={"tm": TM_NS})
        with atomic_output(out) as handle:
            self._tree.write(handle, xml_declaration=True, encoding="UTF-8")


class Xliff12Document(_XliffDocument):
    format = "xliff"

    def __init__(
        self, path: str | Path, lang: str | None = None, tree: etree._ElementTree | None = None
    ) -> None:
        super().__init__(path, lang, tree)
        ns = {"x": NS12}
        root = self._tree.getroot()
        # XLIFF 1.0/1.1, or 1.x without a namespace: read as 1.2, written back in its own namespace
        self._namespace = etree.QName(root).namespace
        _rename(root, self._namespace, NS12)
        for file_el in root.iterfind("x:file", ns):
            self._langs = (_norm(file_el.get("source-language")), _norm(file_el.get("target-language")))
            self.source_lang = self.source_lang or self._langs[0]
            self.target_lang = self.target_lang or self._langs[1]
            for unit in file_el.iterfind(".//x:trans-unit", ns):
                source = unit.find("x:source", ns)
                if source is None or unit.get("translate") == "no":
                    continue
                target = unit.find("x:target", ns)
                state = target.get("state") if target is not None else None
                ident = unit.get("id") or str(len(self.segments) + 1)
                marks = unit.findall("x:seg-source//x:mrk[@mtype='seg']", ns)
                problem = _pairing_problem(marks, target) if marks else None
                if problem:
                    self.issues.append(
                        Issue(
                            str(self.path),
                            unit.sourceline,
                            f"trans-unit {ident!r}: {problem}; its source and target are taken whole, as one unit",
                        )
                    )
                    marks = []
                if not marks:
                    self._add(unit, source, target, state, CONFIRMED_12, ident)
                for mrk in marks:  # segmented (seg-source, as Trados and Okapi write it): one per mrk
                    mid = mrk.get("mid") or ""
                    done = _mark(target, mid)
                    self._add(unit, mrk, done, state, CONFIRMED_12, f"{ident}:{mid}")

    def write(
        self, out: str | Path, fills: Mapping[int, Fill], tgt: str, notes: Mapping[int, str] | None = None
    ) -> None:
        for file_el in self._tree.getroot().iterfind(f"{{{NS12}}}file"):
            # the TM's codes where the file's answer to them (zh -> zh-CN): see Document.write
            for name, code in (("source-language", self.source_lang), ("target-language", tgt)):
                if code and (not file_el.get(name) or answered_by(file_el.get(name), code)):
                    file_el.set(name, code)
            declare_tool(file_el)
        marked: dict[etree._Element, list[tuple[etree._Element, Fill, Inline]]] = {}
        for index, fill in sorted(fills.items()):
            if self.segments[index].confirmed:
                continue
            unit, source, inline = self._places[index]
            if local(source.tag) == "mrk":
                marked.setdefault(unit, []).append((source, fill, inline))
            else:
                fill_trans_unit(unit, source, fill, tgt, inline)
        for unit, parts in marked.items():
            _fill_marks(unit, parts, tgt)
        if notes is not None:
            for unit, text in _per_holder(self, notes, lambda holder: holder).items():
                set_note12(unit, text)
        root = self._tree.getroot()
        _rename(root, NS12, self._namespace)
        try:
            self._save(out)
        finally:
            _rename(root, self._namespace, NS12)


def _rename(root: etree._Element, old: str | None, new: str | None) -> None:
    """Move the elements of namespace ``old`` (None: no namespace) into ``new``."""
    if old == new:
        return
    for el in root.iter():
        if isinstance(el.tag, str) and etree.QName(el).namespace == old:
            el.tag = f"{{{new}}}{local(el.tag)}" if new else local(el.tag)


def _seg_marks(el: etree._Element) -> list[etree._Element]:
    return [m for m in el.iter(f"{{{NS12}}}mrk") if m.get("mtype") == "seg"]


def _pairing_problem(marks: list[etree._Element], target: etree._Element | None) -> str | None:
    """Why the ``mrk`` segments of a trans-unit cannot be paired by ``mid`` (None: they can).

    They pair when every mid of seg-source is present and unique and, where the target is segmented,
    its mids are unique and the same set; a target that is there but not segmented cannot be split.
    """
    mids = [m.get("mid") for m in marks]
    if not all(mids):
        return "a <mrk mtype='seg'> without mid"
    if len(set(mids)) != len(mids):
        return f"mid {next(m for m in mids if mids.count(m) > 1)!r} repeats in <seg-source>"
    if target is None:
        return None
    done = [m.get("mid") for m in _seg_marks(target)]
    if not done:
        text = "".join(target.itertext()).strip()
        return "its <target> is not segmented" if text else None
    if not all(done) or len(set(done)) != len(done):
        return "the mids of <target> are missing or repeat"
    if set(done) != set(mids):
        return "the mids of <target> are not those of <seg-source>"
    return None


def _mark(target: etree._Element | None, mid: str) -> etree._Element | None:
    if target is None:
        return None
    for mrk in target.iter(f"{{{NS12}}}mrk"):
        if mrk.get("mtype") == "seg" and mrk.get("mid") == mid:
            return mrk
    return None


def _fill_marks(unit: etree._Element, parts: list[tuple[etree._Element, Fill, Inline]], tgt: str) -> None:
    """Fill the ``<mrk mtype="seg">`` segments of a segmented trans-unit; its target mirrors seg-source."""
    target = unit.find(f"{{{NS12}}}target")
    if target is None:
        seg_source = unit.find(f"{{{NS12}}}seg-source")
        target = copy.deepcopy(seg_source)
        target.tag = f"{{{NS12}}}target"
        for mrk in target.iter(f"{{{NS12}}}mrk"):
            if mrk.get("mtype") == "seg":
                replace_content(mrk, "", Inline("", (), ()))
        unit.insert(list(unit).index(seg_source) + 1, target)
    target.set(XML_LANG, tgt)
    fuzzy = any(fill.fuzzy for _, fill, _ in parts)
    target.set("state", "needs-review-translation" if fuzzy else "translated")
    target.set("state-qualifier", "fuzzy-match" if fuzzy else "exact-match")
    for source_mrk, fill, inline in parts:
        mrk = _mark(target, source_mrk.get("mid") or "")
        if mrk is None:
            mrk = etree.SubElement(target, f"{{{NS12}}}mrk", mtype="seg", mid=source_mrk.get("mid") or "")
        replace_content(mrk, fill.target, inline)
    unit.set(f"{{{TM_NS}}}score", " ".join(str(fill.score) for _, fill, _ in parts))
    unit.set(f"{{{TM_NS}}}band", " ".join(fill.band for _, fill, _ in parts))
    seg_source = unit.find(f"{{{NS12}}}seg-source")
    by_mid = {source_mrk.get("mid") or "": fill for source_mrk, fill, _ in parts}
    mids = [m.get("mid") or "" for m in seg_source.iter(f"{{{NS12}}}mrk") if m.get("mtype") == "seg"]
    _set_units(unit, [by_mid.get(mid) for mid in mids])
    _replace_notes12(
        unit, PROVENANCE_NOTE, "target", [n for _, fill, _ in parts for n in provenance_notes(fill)]
    )


def _per_holder(doc: _XliffDocument, notes: Mapping[int, str], unit_of) -> dict[etree._Element, str | None]:
    """The notes of the segments of each unit (``unit_of`` a segment's holder), joined; None for units
    without one, so that an earlier note goes."""
    out: dict[etree._Element, list[str]] = {}
    for index in range(len(doc.segments)):
        texts = out.setdefault(unit_of(doc.holder(index)), [])
        if notes.get(index):
            texts.append(notes[index])
    return {unit: "; ".join(dict.fromkeys(texts)) or None for unit, texts in out.items()}


def _replace_notes12(unit: etree._Element, author: str, annotates: str, texts: list[str]) -> None:
    """Replace the notes ``author`` wrote in an XLIFF 1.2 trans-unit (``from``) with ``texts``, keeping the
    unit's indentation."""
    for old in unit.findall(f"{{{NS12}}}note[@from='{author}']"):
        previous = old.getprevious()
        if previous is not None:
            previous.tail = old.tail
        unit.remove(old)
    for text in texts:
        note = etree.SubElement(unit, f"{{{NS12}}}note", {"from": author, "annotates": annotates})
        note.text = text
        previous = note.getprevious()
        if previous is not None:  # keep the file's indentation
            note.tail, previous.tail = previous.tail, unit.text


def _replace_notes20(unit: etree._Element, category: str, applies: str, texts: list[str]) -> None:
    """Replace the notes of ``category`` in an XLIFF 2 unit's ``<notes>`` with ``texts``. ``<notes>`` stands
    after the unit's extension elements, before originalData and segments, and is removed when it would be
    empty."""
    notes = unit.find(f"{{{NS20}}}notes")
    if notes is not None:
        for old in notes.findall(f"{{{NS20}}}note[@category='{category}']"):
            notes.remove(old)
    if texts and notes is None:
        notes = unit.makeelement(f"{{{NS20}}}notes", {})
        after = next((c for c in unit if local(c.tag) in ("originalData", "segment", "ignorable")), None)
        unit.insert(list(unit).index(after) if after is not None else len(unit), notes)
        notes.tail = unit.text
    for text in texts:
        etree.SubElement(notes, f"{{{NS20}}}note", {"category": category, "appliesTo": applies}).text = text
    if notes is not None and len(notes) == 0:
        unit.remove(notes)


def set_note12(unit: etree._Element, text: str | None) -> None:
    """Put ``text`` (a segment's term hits) into an XLIFF 1.2 trans-unit as tm's note (replacing an earlier
    one; None: only remove it)."""
    _replace_notes12(unit, TERMS_NOTE, "source", [text] if text else [])


def set_note20(unit: etree._Element, text: str | None) -> None:
    """Put ``text`` (the term hits of a unit's segments) into an XLIFF 2 unit's ``<notes>`` as tm's note
    (replacing an earlier one; None: only remove it)."""
    _replace_notes20(unit, TERMS_NOTE, "source", [text] if text else [])


def declare_tool(file_el: etree._Element) -> None:
    """A ``<tool tool-id="tm">`` in the file's header, which ``alt-trans tool-id="tm"`` refers to."""
    header = file_el.find(f"{{{NS12}}}header")
    if header is None:
        header = file_el.makeelement(f"{{{NS12}}}header", {})
        file_el.insert(0, header)
        header.tail = file_el.text
    for tool in header.iterfind(f"{{{NS12}}}tool"):
        if tool.get("tool-id") == "tm":
            return
    etree.SubElement(
        header, f"{{{NS12}}}tool", {"tool-id": "tm", "tool-name": "tm", "tool-version": __version__}
    )


def fill_trans_unit(
    unit: etree._Element, source: etree._Element, fill: Fill, tgt: str, inline: Inline
) -> None:
    """Put ``fill`` into an XLIFF 1.2 trans-unit: target, tm:score/tm:band, alt-trans candidates."""
    old = unit.find(f"{{{NS12}}}target")
    if old is not None:
        unit.remove(old)
    for alt in unit.findall(f"{{{NS12}}}alt-trans"):
        if alt.get("tool-id") == "tm":
            unit.remove(alt)
    target = unit.makeelement(f"{{{NS12}}}target", {})
    target.set(XML_LANG, tgt)
    target.set("state", "needs-review-translation" if fill.fuzzy else "translated")
    target.set("state-qualifier", "fuzzy-match" if fill.fuzzy else "exact-match")
    replace_content(target, fill.target, inline)
    after = unit.find(f"{{{NS12}}}seg-source")
    position = list(unit).index(after if after is not None else source) + 1
    unit.insert(position, target)
    target.tail = source.tail
    unit.set(f"{{{TM_NS}}}score", str(fill.score))
    unit.set(f"{{{TM_NS}}}band", fill.band)
    _set_units(unit, [fill])
    _replace_notes12(unit, PROVENANCE_NOTE, "target", provenance_notes(fill))
    for cand in fill.alternatives:
        alt = etree.SubElement(
            unit, f"{{{NS12}}}alt-trans", {"match-quality": str(cand.score), "tool-id": "tm"}
        )
        if cand.origin:
            alt.set("origin", cand.origin)
        etree.SubElement(alt, f"{{{NS12}}}source").text = cand.source
        alt_target = etree.SubElement(alt, f"{{{NS12}}}target")
        alt_target.set(XML_LANG, tgt)
        alt_target.text = cand.target


def _set_units(holder: etree._Element, fills: list[Fill | None]) -> None:
    """``tm:unit``: the TM unit each segment's fill came from (``-`` for a segment without one), so that
    importing the reviewed file updates those units (tm.store.revision)."""
    refs = [fill.unit if fill is not None and fill.unit else "-" for fill in fills]
    if any(ref != "-" for ref in refs):
        holder.set(UNIT_ATTR, " ".join(refs))
    elif UNIT_ATTR in holder.attrib:
        del holder.attrib[UNIT_ATTR]


class Xliff2Document(_XliffDocument):
    format = "xliff2"

    def __init__(
        self, path: str | Path, lang: str | None = None, tree: etree._ElementTree | None = None
    ) -> None:
        super().__init__(path, lang, tree)
        root = self._tree.getroot()
        ns = {"x": NS20}
        self.source_lang = self.source_lang or _norm(root.get("srcLang"))
        self.target_lang = _norm(root.get("trgLang"))
        self._langs = (_norm(root.get("srcLang")), self.target_lang)
        for unit in root.iterfind(".//x:unit", ns):
            if unit.get("translate") == "no":
                continue
            segments = unit.findall("x:segment", ns)
            ids = [seg.get("id") for seg in segments if seg.get("id")]
            first = len(self.segments)
            for n, seg in enumerate(segments, start=1):
                source = seg.find("x:source", ns)
                if source is None:
                    continue
                target = seg.find("x:target", ns)
                ident = f"{unit.get('id')}:{seg.get('id') or n}"
                self._add(seg, source, target, seg.get("state"), CONFIRMED_20, ident)
            if len(set(ids)) != len(ids) and len(self.segments) > first:
                # segment ids repeat: the unit's segments cannot be told apart, so it is imported whole
                self.groups[first] = list(range(first, len(self.segments)))
                self.issues.append(
                    Issue(
                        str(self.path),
                        unit.sourceline,
                        f"unit {unit.get('id')!r}: segment ids repeat; its sources and targets are taken whole, "
                        "as one unit",
                    )
                )

    def _originals(self, holder: etree._Element) -> dict[str, str]:
        unit = holder.getparent()
        data = unit.find(f"{{{NS20}}}originalData") if unit is not None else None
        if data is None:
            return {}
        return {d.get("id") or "": d.text or "" for d in data.iterfind(f"{{{NS20}}}data")}

    def write(
        self, out: str | Path, fills: Mapping[int, Fill], tgt: str, notes: Mapping[int, str] | None = None
    ) -> None:
        root = self._tree.getroot()
        for name, code in (("srcLang", self.source_lang), ("trgLang", tgt)):
            if code and (not root.get(name) or answered_by(root.get(name), code)):
                root.set(name, code)
        per_unit: dict[etree._Element, list[Fill]] = {}
        by_segment: dict[etree._Element, Fill] = {}
        for index, fill in sorted(fills.items()):
            if self.segments[index].confirmed:
                continue
            seg, source, inline = self._places[index]
            old = seg.find(f"{{{NS20}}}target")
            if old is not None:
                seg.remove(old)
            target = seg.makeelement(f"{{{NS20}}}target", {})
            replace_content(target, fill.target, inline)
            seg.insert(list(seg).index(source) + 1, target)
            target.tail = source.tail
            seg.set("state", "initial" if fill.fuzzy else "translated")
            per_unit.setdefault(seg.getparent(), []).append(fill)
            by_segment[seg] = fill
        for unit, unit_fills in per_unit.items():
            unit.set(f"{{{TM_NS}}}score", " ".join(str(f.score) for f in unit_fills))
            unit.set(f"{{{TM_NS}}}band", " ".join(f.band for f in unit_fills))
            _set_units(unit, [by_segment.get(seg) for seg in unit.iterfind(f"{{{NS20}}}segment")])
            _replace_notes20(
                unit, PROVENANCE_NOTE, "target", [n for f in unit_fills for n in provenance_notes(f)]
            )
        if notes is not None:
            for unit, text in _per_holder(self, notes, lambda segment: segment.getparent()).items():
                set_note20(unit, text)
        self._save(out)


def _norm(code: str | None) -> str | None:
    if not code:
        return None
    try:
        return normalize_code(code)
    except LanguageError:
        return None


def open_xliff(path: str | Path, lang: str | None = None) -> _XliffDocument:
    issues: list[Issue] = []
    tree = parse_xml(path, issues.append)
    version = xliff_version(tree.getroot())
    doc: _XliffDocument | None = None
    if version == "2":
        doc = Xliff2Document(path, lang, tree)
    elif version == "1.2":
        doc = Xliff12Document(path, lang, tree)
    if doc is not None:
        doc.issues[:0] = issues
        return doc
    raise FormatError("not an XLIFF document (the root element is not <xliff>)", path)

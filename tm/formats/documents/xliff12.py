"""XLIFF 1.2 documents: each ``<trans-unit>`` (translate not "no", also where a ``<group>`` it is in says
so) is a segment, or, where a ``<seg-source>`` holds ``<mrk mtype="seg">`` segments (Trados, Okapi), each of
those, its target the same ``mrk`` of ``<target>``. A target whose ``state`` is absent or one of
translated, final, signed-off is confirmed and never overwritten; any other is a translator's draft, which
a fill replaces only when pre-translation is asked to, and then keeps as
``<alt-trans alttranstype="previous-version" origin="previous">``. Pre-translation writes
``<target state=... state-qualifier=...>``, ``tm:score``/``tm:band`` on the trans-unit (namespace
``urn:tm:pretranslate``) and the candidates as ``<alt-trans match-quality=...>``. XLIFF 1.0/1.1, or 1.x
without a namespace, is read as 1.2 and written back in its own namespace.
"""

from __future__ import annotations

import copy
from collections.abc import Mapping
from pathlib import Path

from lxml import etree

from tm.bands import TERMS_NOTE, TM_NS
from tm.formats.documents.base import Fill, provenance_notes
from tm.formats.documents.xliff_base import (
    NS12,
    PROVENANCE_NOTE,
    XML_LANG,
    XliffDocument,
    norm_lang,
    per_holder,
    set_units,
    translatable,
)
from tm.formats.documents.xmlinline import Inline, local, replace_content
from tm.lang import answered_by
from tm.model import Issue
from tm.version import __version__

CONFIRMED_12 = frozenset({"translated", "final", "signed-off"})
PREVIOUS_ORIGIN = "previous"  # the origin of the alt-trans keeping a draft target a fill replaced


class Xliff12Document(XliffDocument):
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
            self._langs = (
                norm_lang(file_el.get("source-language")),
                norm_lang(file_el.get("target-language")),
            )
            self.source_lang = self.source_lang or self._langs[0]
            self.target_lang = self.target_lang or self._langs[1]
            for unit in file_el.iterfind(".//x:trans-unit", ns):
                if not translatable(unit):
                    continue
                ident = unit.get("id") or str(len(self.segments) + 1)
                source = unit.find("x:source", ns)
                if source is None:
                    self._no_source(unit, f"trans-unit {ident!r}")
                    continue
                target = unit.find("x:target", ns)
                state = target.get("state") if target is not None else None
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
        drafts: set[etree._Element] = set()  # the seg-source mrks whose draft targets fills replace
        for index, fill in sorted(fills.items()):
            if self.segments[index].confirmed:
                continue
            unit, source, inline = self._places[index]
            if local(source.tag) == "mrk":
                marked.setdefault(unit, []).append((source, fill, inline))
                if self._draft(index):
                    drafts.add(source)
            else:
                fill_trans_unit(unit, source, fill, tgt, inline, keep_previous=self._draft(index))
        for unit, parts in marked.items():
            _fill_marks(unit, parts, tgt, drafts)
        if notes is not None:
            for unit, text in per_holder(self, notes, lambda holder: holder).items():
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


def _fill_marks(
    unit: etree._Element,
    parts: list[tuple[etree._Element, Fill, Inline]],
    tgt: str,
    drafts: set[etree._Element] | None = None,
) -> None:
    """Fill the ``<mrk mtype="seg">`` segments of a segmented trans-unit; its target mirrors seg-source.
    The old content of the segments in ``drafts`` (their seg-source mrks) is kept as a previous version."""
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
    previous = []
    for source_mrk, fill, inline in parts:
        mrk = _mark(target, source_mrk.get("mid") or "")
        if mrk is None:
            mrk = etree.SubElement(target, f"{{{NS12}}}mrk", mtype="seg", mid=source_mrk.get("mid") or "")
        elif drafts and source_mrk in drafts:
            old = target.makeelement(f"{{{NS12}}}target", {XML_LANG: target.get(XML_LANG) or tgt})
            old.text = mrk.text
            old.extend(copy.deepcopy(child) for child in mrk)
            previous.append((old, source_mrk.get("mid")))
        replace_content(mrk, fill.target, inline)
    unit.set(f"{{{TM_NS}}}score", " ".join(str(fill.score) for _, fill, _ in parts))
    unit.set(f"{{{TM_NS}}}band", " ".join(fill.band for _, fill, _ in parts))
    seg_source = unit.find(f"{{{NS12}}}seg-source")
    by_mid = {source_mrk.get("mid") or "": fill for source_mrk, fill, _ in parts}
    mids = [m.get("mid") or "" for m in seg_source.iter(f"{{{NS12}}}mrk") if m.get("mtype") == "seg"]
    set_units(unit, [by_mid.get(mid) for mid in mids])
    _replace_notes12(
        unit, PROVENANCE_NOTE, "target", [n for _, fill, _ in parts for n in provenance_notes(fill)]
    )
    for old, mid in previous:
        keep_previous12(unit, old, mid)


def keep_previous12(unit: etree._Element, old: etree._Element, mid: str | None = None) -> None:
    """Keep ``old``, a translator's unconfirmed ``<target>`` that a fill replaces, in the trans-unit as
    ``<alt-trans alttranstype="previous-version" origin="previous">`` (for the ``<mrk>`` segment ``mid``),
    after the unit's other alt-trans; an earlier one with the same text is not repeated."""
    text = "".join(old.itertext())
    for alt in unit.iterfind(f"{{{NS12}}}alt-trans[@alttranstype='previous-version']"):
        kept = alt.find(f"{{{NS12}}}target")
        if alt.get("mid") == mid and kept is not None and "".join(kept.itertext()) == text:
            return
    alt = etree.SubElement(
        unit, f"{{{NS12}}}alt-trans", {"origin": PREVIOUS_ORIGIN, "alttranstype": "previous-version"}
    )
    if mid is not None:
        alt.set("mid", mid)
    old.tail = None
    alt.append(old)


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


def set_note12(unit: etree._Element, text: str | None) -> None:
    """Put ``text`` (a segment's term hits) into an XLIFF 1.2 trans-unit as tm's note (replacing an earlier
    one; None: only remove it)."""
    _replace_notes12(unit, TERMS_NOTE, "source", [text] if text else [])


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
    unit: etree._Element,
    source: etree._Element,
    fill: Fill,
    tgt: str,
    inline: Inline,
    keep_previous: bool = False,
) -> None:
    """Put ``fill`` into an XLIFF 1.2 trans-unit: target, tm:score/tm:band, alt-trans candidates; with
    ``keep_previous``, the target it replaces (a translator's draft) stays as an alt-trans."""
    old = unit.find(f"{{{NS12}}}target")
    if old is not None:
        unit.remove(old)
    for alt in unit.findall(f"{{{NS12}}}alt-trans"):
        if alt.get("tool-id") == "tm":
            unit.remove(alt)
    target = unit.makeelement(f"{{{NS12}}}target", {})
    target.set(XML_LANG, fill.lang or tgt)  # the TM's code of the fill's target
    target.set("state", "needs-review-translation" if fill.fuzzy else "translated")
    target.set("state-qualifier", "fuzzy-match" if fill.fuzzy else "exact-match")
    replace_content(target, fill.target, inline)
    after = unit.find(f"{{{NS12}}}seg-source")
    position = list(unit).index(after if after is not None else source) + 1
    unit.insert(position, target)
    target.tail = source.tail
    unit.set(f"{{{TM_NS}}}score", str(fill.score))
    unit.set(f"{{{TM_NS}}}band", fill.band)
    set_units(unit, [fill])
    _replace_notes12(unit, PROVENANCE_NOTE, "target", provenance_notes(fill))
    for cand in fill.alternatives:
        alt = etree.SubElement(
            unit, f"{{{NS12}}}alt-trans", {"match-quality": str(cand.score), "tool-id": "tm"}
        )
        if cand.origin:
            alt.set("origin", cand.origin)
        etree.SubElement(alt, f"{{{NS12}}}source").text = cand.source
        alt_target = etree.SubElement(alt, f"{{{NS12}}}target")
        alt_target.set(XML_LANG, cand.lang or tgt)
        alt_target.text = cand.target
    if keep_previous and old is not None:
        keep_previous12(unit, old)

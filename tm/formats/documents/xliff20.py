"""XLIFF 2.x documents: each ``<segment>`` of a ``<unit>`` (translate not "no", also where the ``<file>`` or
a ``<group>`` it is in says so) is a segment; ``state`` translated, reviewed or final is confirmed, any
other target is a translator's draft, which a fill replaces only when pre-translation is asked to, and
then keeps in a ``<note category="tm-previous" appliesTo="target">`` of the unit. Pre-translation writes
``<target>`` and ``state`` (``translated`` at 100 and above, else ``initial``), and ``tm:score``/``tm:band``
on the unit: one value per segment, space-separated (the core schema allows foreign attributes on
``unit``, not on ``segment``).
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from lxml import etree

from tm.bands import PREVIOUS_NOTE, TERMS_NOTE, TM_NS
from tm.formats.documents.base import Fill, provenance_notes
from tm.formats.documents.xliff_base import (
    NS20,
    PROVENANCE_NOTE,
    XliffDocument,
    norm_lang,
    per_holder,
    set_units,
    translatable,
)
from tm.formats.documents.xmlinline import local, replace_content
from tm.lang import answered_by
from tm.model import Issue

CONFIRMED_20 = frozenset({"translated", "reviewed", "final"})


class Xliff2Document(XliffDocument):
    format = "xliff2"

    def __init__(
        self, path: str | Path, lang: str | None = None, tree: etree._ElementTree | None = None
    ) -> None:
        super().__init__(path, lang, tree)
        root = self._tree.getroot()
        ns = {"x": NS20}
        self.source_lang = self.source_lang or norm_lang(root.get("srcLang"))
        self.target_lang = norm_lang(root.get("trgLang"))
        self._langs = (norm_lang(root.get("srcLang")), self.target_lang)
        for unit in root.iterfind(".//x:unit", ns):
            if not translatable(unit):
                continue
            segments = unit.findall("x:segment", ns)
            ids = [seg.get("id") for seg in segments if seg.get("id")]
            first = len(self.segments)
            for n, seg in enumerate(segments, start=1):
                source = seg.find("x:source", ns)
                if source is None:
                    self._no_source(seg, f"unit {unit.get('id')!r} segment {seg.get('id') or str(n)!r}")
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
        previous: dict[etree._Element, list[str]] = {}  # unit -> the drafts its fills replace
        for index, fill in sorted(fills.items()):
            if self.segments[index].confirmed:
                continue
            seg, source, inline = self._places[index]
            old = seg.find(f"{{{NS20}}}target")
            if old is not None:
                seg.remove(old)
            if self._draft(index):
                ident = seg.get("id") or str(list(seg.getparent().iterfind(seg.tag)).index(seg) + 1)
                previous.setdefault(seg.getparent(), []).append(
                    f"{ident}: {self.segments[index].target_text}"
                )
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
            set_units(unit, [by_segment.get(seg) for seg in unit.iterfind(f"{{{NS20}}}segment")])
            _replace_notes20(
                unit, PROVENANCE_NOTE, "target", [n for f in unit_fills for n in provenance_notes(f)]
            )
        for unit, texts in previous.items():
            _add_notes20(unit, PREVIOUS_NOTE, "target", texts)
        if notes is not None:
            for unit, text in per_holder(self, notes, lambda segment: segment.getparent()).items():
                set_note20(unit, text)
        self._save(out)


def _replace_notes20(
    unit: etree._Element, category: str, applies: str, texts: list[str], replace: bool = True
) -> None:
    """Replace the notes of ``category`` in an XLIFF 2 unit's ``<notes>`` with ``texts`` (not ``replace``:
    add those not there yet). ``<notes>`` stands after the unit's extension elements, before originalData
    and segments, and is removed when it would be empty."""
    notes = unit.find(f"{{{NS20}}}notes")
    if notes is not None:
        for old in notes.findall(f"{{{NS20}}}note[@category='{category}']"):
            if replace:
                notes.remove(old)
            elif old.text in texts:
                texts = [t for t in texts if t != old.text]
    if texts and notes is None:
        notes = unit.makeelement(f"{{{NS20}}}notes", {})
        after = next((c for c in unit if local(c.tag) in ("originalData", "segment", "ignorable")), None)
        unit.insert(list(unit).index(after) if after is not None else len(unit), notes)
        notes.tail = unit.text
    for text in texts:
        etree.SubElement(notes, f"{{{NS20}}}note", {"category": category, "appliesTo": applies}).text = text
    if notes is not None and len(notes) == 0:
        unit.remove(notes)


def _add_notes20(unit: etree._Element, category: str, applies: str, texts: list[str]) -> None:
    _replace_notes20(unit, category, applies, texts, replace=False)


def set_note20(unit: etree._Element, text: str | None) -> None:
    """Put ``text`` (the term hits of a unit's segments) into an XLIFF 2 unit's ``<notes>`` as tm's note
    (replacing an earlier one; None: only remove it)."""
    _replace_notes20(unit, TERMS_NOTE, "source", [text] if text else [])

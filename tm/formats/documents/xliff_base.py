"""What XLIFF 1.2 and 2.x documents share (lxml): namespaces, the document base class (segments with
the element each is part of, their ``<file>``, the ``tm:unit`` a draft recorded, the TM's view of their
source and target), the inheritance of ``translate``, and tm's per-unit marks. The versions themselves:
:mod:`.xliff12`, :mod:`.xliff20`; which one a file is: :func:`tm.formats.documents.xliff.open_xliff`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from pathlib import Path

from lxml import etree

from tm.bands import TM_NS
from tm.errors import LanguageError
from tm.formats import xmlsafe
from tm.formats.atomic import atomic_output
from tm.formats.documents.base import Document, Fill, Segment
from tm.formats.documents.tmcodes import tm_codes, xliff_marks
from tm.formats.documents.xmlinline import Inline, extract, join_inlines, local
from tm.lang import normalize_code, primary
from tm.model import Code, Issue, IssueSink

NS12 = "urn:oasis:names:tc:xliff:document:1.2"
NS20 = "urn:oasis:names:tc:xliff:document:2.0"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
UNIT_ATTR = f"{{{TM_NS}}}unit"
PROVENANCE_NOTE = "tm"  # the author (1.2 from) or category (2.x) of tm's notes about a fill


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


def translatable(el: etree._Element) -> bool:
    """Whether ``el`` is to be translated: ``translate`` is inherited (1.2 ``<group>``; 2.x ``<file>``,
    ``<group>``), the nearest element that says yes or no decides, and the default is yes."""
    while el is not None:
        value = el.get("translate")
        if value in ("yes", "no"):
            return value == "yes"
        el = el.getparent()
    return True


def _paired(names: frozenset[str]):
    return lambda el: local(el.tag) in names


_PAIRED_12 = _paired(frozenset({"g", "mrk"}))
_PAIRED_20 = _paired(frozenset({"pc", "mrk"}))


class XliffDocument(Document):
    """An XLIFF document: subclasses read their version's units into segments in ``__init__``, each with
    the element it is part of (its holder), its source element and its existing target."""

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
        segment = Segment(
            len(self.segments),
            ident,
            inline.coded,
            inline.codes,
            done.coded if done else None,
            target_codes=done.codes if done else (),
        )
        confirmed = bool(segment.target_text) and (state is None or state in confirmed_states)
        if confirmed:
            segment = replace(segment, confirmed=True)
        self.segments.append(segment)
        self._places.append((holder, source, inline))
        self._targets.append(done)
        self.langs.append(_target_langs(self._langs, target))

    def _no_source(self, el: etree._Element, what: str) -> None:
        self.issues.append(
            Issue(
                str(self.path), el.sourceline, f"{what}: no <source>; skipped", "skipped", reason="no source"
            )
        )

    def _draft(self, index: int) -> bool:
        """Whether segment ``index`` holds a translator's unconfirmed target (kept when a fill replaces it)."""
        segment = self.segments[index]
        return bool(segment.target_text) and not segment.confirmed

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


def per_holder(doc: XliffDocument, notes: Mapping[int, str], unit_of) -> dict[etree._Element, str | None]:
    """The notes of the segments of each unit (``unit_of`` a segment's holder), joined; None for units
    without one, so that an earlier note goes."""
    out: dict[etree._Element, list[str]] = {}
    for index in range(len(doc.segments)):
        texts = out.setdefault(unit_of(doc.holder(index)), [])
        if notes.get(index):
            texts.append(notes[index])
    return {unit: "; ".join(dict.fromkeys(texts)) or None for unit, texts in out.items()}


def set_units(holder: etree._Element, fills: list[Fill | None]) -> None:
    """``tm:unit``: the TM unit each segment's fill came from (``-`` for a segment without one), so that
    importing the reviewed file updates those units (tm.store.revision)."""
    refs = [fill.unit if fill is not None and fill.unit else "-" for fill in fills]
    if any(ref != "-" for ref in refs):
        holder.set(UNIT_ATTR, " ".join(refs))
    elif UNIT_ATTR in holder.attrib:
        del holder.attrib[UNIT_ATTR]


def norm_lang(code: str | None) -> str | None:
    if not code:
        return None
    try:
        return normalize_code(code)
    except LanguageError:
        return None


def _target_langs(
    langs: tuple[str | None, str | None], target: etree._Element | None
) -> tuple[str | None, str | None]:
    """A segment's languages: its file's, with the ``xml:lang`` of its ``<target>`` where that names another
    code of the same language (a draft declares the TM code each fill came from: zh-Hans in a zh-CN file)."""
    own = norm_lang(target.get(XML_LANG)) if target is not None else None
    if own is None or langs[1] is None or own == langs[1] or primary(own) != primary(langs[1]):
        return langs
    return langs[0], own

"""Streaming TMX reader: TMX 1.1 to 1.4b, any encoding, constant memory.

Units are yielded as they are parsed and their elements cleared, so memory does not grow with the file.
Defects in single units (no language, broken inline pairing) are reported as :class:`Issue` with their
line and the unit skipped; a document that is not well-formed is refused with line and column unless
``recover`` is set.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

from lxml import etree

from tm.bands import TMX_STATUS_PROP, TMX_UNIT_PROP, parse_unit_ref, status_from_tmx
from tm.errors import FormatError
from tm.formats.inline import MANY_ATTRIBUTES, PairingError, attr_items, local_name, seg_content
from tm.formats.xmlsafe import CleanXmlStream, syntax_error
from tm.lang import normalize_code
from tm.model import Annotation, Header, Issue, IssueSink, Unit, Variant

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
_STATE_PROPS = frozenset({TMX_STATUS_PROP, TMX_UNIT_PROP})
_LANG_ATTRS = (XML_LANG, "lang")


def _attrs(el: etree._Element) -> tuple[tuple[str, str], ...]:
    return tuple(el.items() if len(el.attrib) <= MANY_ATTRIBUTES else attr_items(el))


def _annotations(el: etree._Element) -> tuple[tuple[Annotation, ...], tuple[Annotation, ...]]:
    props: list[Annotation] = []
    notes: list[Annotation] = []
    for child in el:
        tag = child.tag
        if tag == "prop":
            props.append(Annotation(child.text or "", _attrs(child)))
        elif tag == "note":
            notes.append(Annotation(child.text or "", _attrs(child)))
    return tuple(props), tuple(notes)


class TmxReader:
    """Iterate over the units of one TMX file. ``header`` is set once the header has been read."""

    format = "tmx"

    def __init__(self, path: str | Path, *, recover: bool = False, on_issue: IssueSink | None = None) -> None:
        self.path = str(path)
        self.recover = recover
        self.on_issue = on_issue or (lambda issue: None)
        self.header = Header()
        self.position = 0  # the place in the file of the unit last read (skipped ones count)
        self.bytes_read = 0
        self.size = Path(path).stat().st_size
        self._langs: dict[str, str] = {}  # language codes as written -> normalised

    def _issue(self, line: int | None, message: str) -> None:
        self.on_issue(Issue(self.path, line, message))

    def _skipped(self, line: int | None, message: str, reason: str) -> None:
        """A unit left out: ``message`` says why (``; unit skipped`` added), ``reason`` counts it."""
        self.on_issue(Issue(self.path, line, f"{message}; unit skipped", "skipped", reason=reason))

    def __iter__(self) -> Iterator[Unit]:
        with open(self.path, "rb") as raw:
            stream = CleanXmlStream(raw, self.path, recover=self.recover)
            parser = etree.XMLPullParser(
                events=("end",),
                tag=("header", "tu"),
                resolve_entities=False,
                no_network=True,
                load_dtd=False,
                recover=self.recover,
                remove_comments=True,
                remove_pis=True,
                encoding="utf-8",
            )
            root: etree._Element | None = None
            reported = [0, 0, 0]  # removals, notes and recovered errors reported so far
            try:
                for chunk in stream.chunks():
                    self.bytes_read = stream.bytes_read
                    parser.feed(chunk)
                    last = None
                    for _, el in parser.read_events():
                        if el.tag == "tu":
                            if root is None:
                                root = self._root(el)
                            self.position += 1
                            unit = self._unit(el)
                            if unit is not None and stream.replaced and _replaced(unit):
                                self._skipped(
                                    el.sourceline, "bytes that are not text in this unit", "not text"
                                )
                                unit = None
                            el.clear()
                            last = el
                            if unit is not None:
                                yield unit
                        else:  # the header
                            root = self._root(el)
                            props, notes = _annotations(el)
                            self.header = Header(_attrs(el), props, notes, self.header.version)
                            el.clear()
                    if last is not None:
                        # Units are cleared as they are read; drop their empty shells once per chunk,
                        # all but the last: the parser may still append to the last one's tail (text
                        # it coalesces by a length it keeps), and recovering from broken markup it
                        # did, writing into freed memory (a crash found by tests/fuzz_inputs.py).
                        parent = last.getparent()
                        if parent is not None:
                            del parent[: parent.index(last)]
                    self._flush(stream, parser, reported)
                closed = parser.close()
                if root is None and closed is not None:
                    root = self._root(closed)
            except etree.XMLSyntaxError as err:
                hint = "nothing was imported; use --recover to import what can be salvaged"
                raise syntax_error(err, self.path, hint) from None
            self._flush(stream, parser, reported)
            if root is None:
                raise FormatError("no XML element found (empty file?)", self.path, 1, 1)

    def _root(self, el: etree._Element) -> etree._Element:
        """The document element above ``el``, checked to be <tmx>; its version goes to the header."""
        root = el
        while (parent := root.getparent()) is not None:
            root = parent
        if root.tag != "tmx":
            raise FormatError(
                f"the root element is <{local_name(root.tag)}>, not <tmx>", self.path, root.sourceline
            )
        if self.header.version is None:
            self.header = replace(self.header, version=root.get("version"))
        return root

    def _flush(self, stream: CleanXmlStream, parser: etree.XMLPullParser, reported: list[int]) -> None:
        """Report what the stream removed or replaced and, with ``recover``, what lxml recovered from."""
        for line, what in stream.removed[reported[0] :]:
            self._issue(line, f"removed XML-illegal character {what}")
        for issue in stream.notes[reported[1] :]:
            self.on_issue(issue)
        reported[0], reported[1] = len(stream.removed), len(stream.notes)
        if self.recover:
            log = parser.feed_error_log
            for entry in list(log)[reported[2] :]:
                message = " ".join(entry.message.split())
                self._issue(
                    entry.line, f"recovered from line {entry.line}: {message}; what it held may be lost"
                )
            reported[2] = len(log)

    # _unit and _variant run once per unit and variant of files with millions of them: they take each
    # element's children and attributes as lists in one call (getchildren, items) rather than through
    # iteration and lookups, which costs a third of the time with lxml.

    def _unit(self, tu: etree._Element) -> Unit | None:
        variants: list[Variant] = []
        props: list[Annotation] = []
        notes: list[Annotation] = []
        for child in tu.getchildren():
            tag = child.tag
            if tag == "tuv":
                variant = self._variant(child)
                if variant is None:
                    return None
                if variant is not _EMPTY:
                    variants.append(variant)
            elif tag == "prop":
                props.append(Annotation(child.text or "", _attrs(child)))
            elif tag == "note":
                notes.append(Annotation(child.text or "", _attrs(child)))
        if not variants:
            self._skipped(tu.sourceline, "<tu> has no text in any language", "no text")
            return None
        status, filled_from = "confirmed", None
        if props and any(p.type in _STATE_PROPS for p in props):
            # tm's own marks: a unit's status (tm export, tm align) and, in a draft, the unit a fill came
            # from; they are the unit's status and its link, not props to keep
            for prop in props:
                if prop.type == TMX_STATUS_PROP:
                    status = status_from_tmx(prop.text)
                elif prop.type == TMX_UNIT_PROP:
                    filled_from = parse_unit_ref(prop.text)
            props = [p for p in props if p.type not in _STATE_PROPS]
        return Unit(
            tuple(variants),
            _attrs(tu),
            tuple(props),
            tuple(notes),
            status=status,
            line=tu.sourceline,
            filled_from=filled_from,
        )

    def _variant(self, tuv: etree._Element) -> Variant | None:
        """The variant of a ``<tuv>``; None (reported) when the unit must be skipped, _EMPTY without text."""
        items = tuv.items() if len(tuv.attrib) <= MANY_ATTRIBUTES else attr_items(tuv)
        raw_lang = None
        attrs: tuple[tuple[str, str], ...] = ()
        if len(items) == 1 and items[0][0] in _LANG_ATTRS:
            raw_lang = items[0][1]
        elif items:
            found = dict(items)
            raw_lang = found.get(XML_LANG) or found.get("lang")
            attrs = tuple(kv for kv in items if kv[0] not in _LANG_ATTRS)
        if not raw_lang:
            self._skipped(tuv.sourceline, "<tuv> has no language (xml:lang or lang)", "no language")
            return None
        children = tuv.getchildren()
        props: tuple[Annotation, ...] = ()
        notes: tuple[Annotation, ...] = ()
        seg = None
        if len(children) == 1:
            if children[0].tag == "seg":
                seg = children[0]
        else:
            props, notes = _annotations(tuv)
            for child in children:
                if child.tag == "seg":
                    seg = child
                    break
        if seg is None:
            self._skipped(tuv.sourceline, "<tuv> has no <seg>", "no seg")
            return None
        if len(seg):
            try:
                text, coded, codes = seg_content(seg)
            except PairingError as err:
                self._skipped(seg.sourceline, f"broken inline codes: {err}", "broken inline codes")
                return None
        else:
            text, coded, codes = seg.text or "", None, ()
        if coded is None and (not text or text.isspace()):
            return _EMPTY  # an empty variant carries no translation
        lang = self._langs.get(raw_lang)
        if lang is None:
            try:
                lang = self._langs[raw_lang] = normalize_code(raw_lang)
            except Exception:
                self._skipped(tuv.sourceline, f"bad language code {raw_lang!r}", "bad language code")
                return None
        return Variant(lang, text, coded, codes, attrs, props, notes)


_EMPTY = Variant("", "")


def _replaced(unit: Unit) -> bool:
    """Whether a unit holds U+FFFD (read under ``recover`` from a file with undecodable bytes)."""
    return any(
        "\ufffd" in v.text or "\ufffd" in "".join(a.text for a in v.props + v.notes) for v in unit.variants
    )

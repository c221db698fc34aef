"""Streaming TMX reader: TMX 1.1 to 1.4b, any encoding, constant memory.

Units are yielded as they are parsed and their elements cleared, so memory does not grow with the file.
Defects in single units (no language, broken inline pairing) are reported as :class:`Issue` with their
line and the unit skipped; a document that is not well-formed is refused with line and column unless
``recover`` is set.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from lxml import etree

from tm.errors import FormatError
from tm.formats.inline import PairingError, local_name, seg_content
from tm.formats.xmlsafe import CleanXmlStream
from tm.lang import normalize
from tm.model import Annotation, Header, Issue, IssueSink, Unit, Variant

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
_LANG_ATTRS = (XML_LANG, "lang")


def _attrs(el: etree._Element, skip: tuple[str, ...] = ()) -> tuple[tuple[str, str], ...]:
    if not skip:
        return tuple(el.attrib.items())
    return tuple((k, v) for k, v in el.attrib.items() if k not in skip)


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

    def _issue(self, line: int | None, message: str, severity: str = "warning") -> None:
        self.on_issue(Issue(self.path, line, message, severity))

    def __iter__(self) -> Iterator[Unit]:
        with open(self.path, "rb") as raw:
            stream = CleanXmlStream(raw, self.path)
            parser = etree.XMLPullParser(
                events=("start", "end"),
                tag=("tmx", "header", "tu"),
                resolve_entities=False,
                no_network=True,
                load_dtd=False,
                recover=self.recover,
                remove_comments=True,
                remove_pis=True,
                encoding="utf-8",
            )
            seen_root = False
            reported = 0
            try:
                for chunk in stream.chunks():
                    self.bytes_read = stream.bytes_read
                    parser.feed(chunk)
                    for event, el in parser.read_events():
                        tag = el.tag
                        if event == "start":
                            if tag == "tmx" and not seen_root:
                                seen_root = True
                                self.header = Header(version=el.get("version"))
                            continue
                        if tag == "tu":
                            self.position += 1
                            unit = self._unit(el)
                            el.clear()
                            parent = el.getparent()
                            if parent is not None:
                                while el.getprevious() is not None:
                                    del parent[0]
                            if unit is not None:
                                yield unit
                        elif tag == "header":
                            props, notes = _annotations(el)
                            self.header = Header(_attrs(el), props, notes, self.header.version)
                            el.clear()
                    reported = self._flush_removed(stream, reported)
                root = parser.close()
                if not seen_root and root is not None:
                    raise FormatError(
                        f"the root element is <{local_name(root.tag)}>, not <tmx>", self.path, root.sourceline
                    )
            except etree.XMLSyntaxError as err:
                line, column = err.position if err.position else (err.lineno, None)
                message = err.msg.split(", line ")[0] if err.msg else "not well-formed XML"
                raise FormatError(
                    f"not well-formed XML: {message}",
                    self.path,
                    line,
                    column,
                    hint="nothing was imported; use --recover to import what can be salvaged",
                ) from None
            self._flush_removed(stream, reported)
            if self.recover:
                for entry in parser.error_log:
                    self._issue(entry.line, f"recovered from: {entry.message}")
            if not seen_root:
                raise FormatError("no XML element found (empty file?)", self.path, 1, 1)

    def _flush_removed(self, stream: CleanXmlStream, reported: int) -> int:
        for line, what in stream.removed[reported:]:
            self._issue(line, f"removed XML-illegal character {what}")
        return len(stream.removed)

    def _unit(self, tu: etree._Element) -> Unit | None:
        line = tu.sourceline
        variants: list[Variant] = []
        for tuv in tu:
            if tuv.tag != "tuv":
                continue
            raw_lang = tuv.get(XML_LANG) or tuv.get("lang")
            if not raw_lang:
                self._issue(
                    tuv.sourceline, "<tuv> has no language (xml:lang or lang); unit skipped", "skipped"
                )
                return None
            seg = tuv[0] if len(tuv) == 1 else None
            if seg is None or seg.tag != "seg":
                seg = None
                for child in tuv:
                    if child.tag == "seg":
                        seg = child
                        break
            if seg is None:
                self._issue(tuv.sourceline, "<tuv> has no <seg>; unit skipped", "skipped")
                return None
            try:
                text, coded, codes = seg_content(seg)
            except PairingError as err:
                self._issue(seg.sourceline, f"broken inline codes: {err}; unit skipped", "skipped")
                return None
            if not text.strip() and coded is None:
                continue  # an empty variant carries no translation
            try:
                lang = normalize(raw_lang)
            except Exception:
                self._issue(tuv.sourceline, f"bad language code {raw_lang!r}; unit skipped", "skipped")
                return None
            props, notes = _annotations(tuv) if len(tuv) > 1 else ((), ())
            attrs = _attrs(tuv, _LANG_ATTRS) if len(tuv.attrib) > 1 else ()
            variants.append(Variant(lang, text, coded, codes, attrs, props, notes))
        if not variants:
            self._issue(line, "<tu> has no text in any language; unit skipped", "skipped")
            return None
        props, notes = _annotations(tu) if len(tu) > len(variants) else ((), ())
        return Unit(tuple(variants), _attrs(tu), props, notes, line=line)

"""A byte stream fit for lxml: encoding sniffed, XML-illegal characters removed, entities by one rule.

Real TMX files arrive in UTF-8 (with or without BOM), UTF-16 LE/BE and windows-1252, and often contain
control characters that XML forbids. :class:`CleanXmlStream` wraps the file and hands lxml UTF-8 bytes
in which, before lxml sees them:

- bytes that are not in the file's encoding refuse the file at their line (with ``recover``: replaced,
  and the units that hold them skipped by the reader);
- XML-illegal characters and character references to them are removed, each noted with its line;
- entity references follow the one rule of :func:`tm.formats.textsafe.entity_value` (the five of XML
  kept, HTML5 names replaced by character references with a warning, any other refuses the file at
  its line), outside comments, CDATA sections and processing instructions;
- the prolog is read by its grammar (:mod:`tm.formats.prolog`): an internal DTD subset is refused.

Line numbers are preserved: only characters other than newlines are ever removed or replaced.
:func:`parse_xml` parses a whole document (XLIFF, TBX) through the stream.
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

from lxml import etree

from tm.errors import FormatError
from tm.formats.prolog import root_offset
from tm.formats.textsafe import ILLEGAL, describe, entity_value, xml_char
from tm.model import Issue, IssueSink

__all__ = ["CleanXmlStream", "entity_value", "parse_xml", "sniff_encoding"]

CHUNK = 1 << 20

_ILLEGAL_BYTES = re.compile(rb"[\x00-\x08\x0b\x0c\x0e-\x1f]|\xef\xbf[\xbe\xbf]|\xed[\xa0-\xbf][\x80-\xbf]")
_ILLEGAL_BYTE_SET = bytes([*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20)])
_DECL_ENCODING = re.compile(rb"""^<\?xml[^>]*?encoding\s*=\s*["']([A-Za-z0-9._\-]+)["']""")
# '&' that does not start one of XML's five entities: character references and other names.
_SUSPECT = re.compile(rb"&(?!(?:amp|lt|gt|quot|apos);)")
_REFERENCE = re.compile(
    rb"&(?:#([0-9]{1,10})|#[xX]([0-9a-fA-F]{1,8})|([A-Za-z_:\x80-\xff][-.\w:\x80-\xff]{0,80}));"
)
_SPECIAL = re.compile(rb"<!--|<!\[CDATA\[|<\?")
_SPECIAL_END = {b"<!--": b"-->", b"<![CDATA[": b"]]>", b"<?": b"?>"}
_CARRY = 90  # an entity reference or a '<!' token split at the end of a chunk waits for the next


def sniff_encoding(head: bytes) -> tuple[str, int]:
    """The encoding of an XML document from its first bytes, and the length of its BOM."""
    if head.startswith(codecs.BOM_UTF8):
        return "utf-8", 3
    if head.startswith(codecs.BOM_UTF16_LE):
        return "utf-16-le", 2
    if head.startswith(codecs.BOM_UTF16_BE):
        return "utf-16-be", 2
    if head.startswith(b"<\x00?\x00") or head.startswith(b"<\x00"):
        return "utf-16-le", 0
    if head.startswith(b"\x00<\x00?") or head.startswith(b"\x00<"):
        return "utf-16-be", 0
    match = _DECL_ENCODING.match(head.lstrip())
    if match:
        name = match.group(1).decode("ascii").lower()
        if name in ("utf-16", "utf16"):  # declared UTF-16 without a BOM: little-endian is what tools write
            return "utf-16-le", 0
        return name, 0
    return "utf-8", 0


class CleanXmlStream:
    """The document as cleaned UTF-8 chunks (:meth:`chunks`), for lxml's feed parser.

    ``removed`` lists (line, character) of each removal; ``notes`` every other warning as an
    :class:`Issue` (entities replaced, bytes replaced under ``recover``); ``replaced`` the lines where
    undecodable bytes were replaced (only with ``recover``).
    """

    def __init__(self, raw: BinaryIO, path: str, *, recover: bool = False) -> None:
        self.raw = raw
        self.path = path
        self.recover = recover
        self.removed: list[tuple[int, str]] = []
        self.notes: list[Issue] = []
        self.replaced: list[int] = []
        self._line = 1  # the line at the start of the next output chunk
        self._carry = b""
        self._prolog: bytes | None = b""  # the prolog read so far; None once the root element started
        self._special: bytes | None = None  # the end token of the comment/CDATA/PI the text is in
        self._tail = b""  # the last bytes of a chunk that ended inside one
        head = raw.read(4096)
        self.bytes_read = len(head)
        encoding, bom = sniff_encoding(head)
        try:
            self.encoding = codecs.lookup(encoding).name
        except LookupError:
            raise FormatError(f"unknown encoding {encoding!r} in the XML declaration", path, 1, 1) from None
        # surrogatepass: a lone surrogate decodes, to be removed as an illegal character with its line
        self._decoder = codecs.getincrementaldecoder(self.encoding)("surrogatepass")
        self._first_text = self.encoding != "utf-8"
        self._first = head[bom:]
        self._eof = False

    # -- decoding -----------------------------------------------------------------------------------
    def _utf8(self, data: bytes, final: bool) -> bytes:
        """``data`` as UTF-8 bytes: checked (UTF-8 input) or decoded and encoded (any other)."""
        pending = len(self._decoder.getstate()[0])  # bytes of a character begun in the last chunk
        if self.encoding == "utf-8":
            # Without recover, lxml refuses bytes that are not UTF-8 at their line and column; with it,
            # it would store U+FFFD, so the stream finds them first (encoded surrogates, which lxml
            # refuses too, are removed as illegal characters in _clean).
            if not self.recover or (data.isascii() and not pending):
                return data
            try:
                self._decoder.decode(data, final)
                return data
            except UnicodeDecodeError as err:
                text = self._recover_bytes(data, err.start - pending, err.reason)
                self._decoder.reset()
                return text.encode("utf-8", "surrogatepass")
        try:
            text = self._decoder.decode(data, final)
        except UnicodeDecodeError as err:
            text = self._recover_bytes(data, err.start - pending, err.reason)
            self._decoder.reset()
        if self._first_text:
            self._first_text = False
            # lxml reads our UTF-8, so the declaration must say so (same length of line, same line count).
            text = re.sub(r"""^(\s*<\?xml[^>]*?encoding\s*=\s*)["'][^"']*["']""", r'\1"UTF-8"', text, count=1)
        if ILLEGAL.search(text):  # what the encoding decoded to (lone surrogates of UTF-16 among them)
            base = self._line + self._carry.count(b"\n")
            for m in ILLEGAL.finditer(text):
                self.removed.append((base + text.count("\n", 0, m.start()), describe(m.group())))
            text = ILLEGAL.sub("", text)
        return text.encode("utf-8")

    def _recover_bytes(self, data: bytes, start: int, reason: str) -> str:
        line = self._line + self._carry.count(b"\n") + data.count(b"\n", 0, max(start, 0))
        if not self.recover:
            raise FormatError(
                f"bytes that are not {self.encoding}: {reason}",
                self.path,
                line,
                hint="give the file's real encoding in its XML declaration, or use --recover",
            )
        text = data.decode(self.encoding, "replace")
        self.replaced.append(line)
        self.notes.append(Issue(self.path, line, f"bytes that are not {self.encoding} replaced by U+FFFD"))
        return text

    # -- cleaning -----------------------------------------------------------------------------------
    def _note(self, data: bytes, pos: int, what: str) -> None:
        self.removed.append((self._line + data.count(b"\n", 0, pos), what))

    def _clean(self, data: bytes, final: bool) -> bytes:
        if (
            len(data.translate(None, _ILLEGAL_BYTE_SET)) != len(data)
            or b"\xef\xbf" in data
            or b"\xed" in data
        ):
            parts, last = [], 0
            for m in _ILLEGAL_BYTES.finditer(data):
                self._note(data, m.start(), describe(m.group().decode("utf-8", "surrogatepass")))
                parts.append(data[last : m.start()])
                last = m.end()
            if parts:
                data = b"".join(parts) + data[last:]
        start = 0
        if self._prolog is not None:
            self._prolog += data
            text = self._prolog.decode("utf-8", "replace")
            offset = root_offset(text, self.path, final)
            if offset is None:
                return data
            # the root element starts in this chunk: what of it lies before goes out as it is
            start = len(data) - (len(self._prolog) - len(text[:offset].encode("utf-8", "replace")))
            start = max(start, 0)
            self._prolog = None
        if self._special is None and b"<!" not in data and b"<?" not in data:
            return data[:start] + self._references(data, start, len(data))
        out = [data[:start]]
        pos = start
        while pos < len(data):
            if self._special is None:
                m = _SPECIAL.search(data, pos)
                end = m.start() if m else len(data)
                out.append(self._references(data, pos, end))
                if m is None:
                    break
                self._special = _SPECIAL_END[m.group()]
                self._tail = b""
                out.append(m.group())
                pos = m.end()
            else:
                joined = self._tail + data[pos:]
                found = joined.find(self._special)
                if found < 0:
                    out.append(data[pos:])
                    self._tail = joined[-2:]
                    break
                end = pos + found + len(self._special) - len(self._tail)
                out.append(data[pos:end])
                self._special, self._tail = None, b""
                pos = end
        return b"".join(out)

    def _references(self, data: bytes, start: int, end: int) -> bytes:
        """``data[start:end]`` (outside comments, CDATA, PIs) with references by the one rule."""
        m = _SUSPECT.search(data, start, end)
        if m is None:
            return data[start:end]
        parts, last = [], start
        while m is not None:
            ref = _REFERENCE.match(data, m.start(), end)
            if ref is not None:
                replacement = self._reference(data, ref)
                if replacement is not None:
                    parts += [data[last : ref.start()], replacement]
                    last = ref.end()
            m = _SUSPECT.search(data, m.end(), end)
        parts.append(data[last:end])
        return b"".join(parts)

    def _reference(self, data: bytes, ref: re.Match) -> bytes | None:
        """What replaces one reference (None: it stays)."""
        decimal, hexadecimal, name = ref.groups()
        if name is None:
            code = int(decimal) if decimal is not None else int(hexadecimal, 16)
            if xml_char(code) or code > 0x10FFFF:
                return None  # a legal character, or one lxml refuses with its line
            self._note(data, ref.start(), ref.group().decode("ascii"))
            return b""
        line = self._line + data.count(b"\n", 0, ref.start())
        text = name.decode("utf-8", "replace")
        value = entity_value(text, self.path, line, self.notes.append, recover=self.recover)
        return "".join(f"&#x{ord(ch):X};" for ch in value).encode("ascii")

    # -- chunks -------------------------------------------------------------------------------------
    def _next_chunk(self) -> bytes:
        if self._first is not None:
            data, self._first = self._first, None
        else:
            data = self.raw.read(CHUNK)
            self.bytes_read += len(data)
        final = not data
        self._eof = final
        data = self._carry + self._utf8(data, final)
        self._carry = b""
        if not final:
            cut = max(data.rfind(b"&", max(0, len(data) - _CARRY)), data.rfind(b"<", max(0, len(data) - 12)))
            if cut >= 0 and b";" not in data[cut:] and b">" not in data[cut:]:
                data, self._carry = data[:cut], data[cut:]
        out = self._clean(data, final)
        self._line += data.count(b"\n")
        return out

    def chunks(self) -> Iterator[bytes]:
        """Yield the cleaned document as UTF-8 chunks of about a megabyte."""
        while not self._eof:
            chunk = self._next_chunk()
            if chunk:
                yield chunk


def syntax_error(err: etree.XMLSyntaxError, path: str | Path, hint: str | None = None) -> FormatError:
    """A one-line :class:`FormatError` at the error's own line and column."""
    line, column = err.position if err.position else (err.lineno, None)
    message = (err.msg or "not well-formed XML").split(", line ")[0]
    message = " ".join(message.split())
    return FormatError(f"not well-formed XML: {message}", path, line or None, column, hint=hint)


def parse_xml(
    path: str | Path, on_issue: IssueSink | None = None, *, recover: bool = False, **options: object
) -> etree._ElementTree:
    """The whole document at ``path``, read through :class:`CleanXmlStream` (entities, characters, DTD
    by tm's rules); warnings go to ``on_issue``. ``options`` are lxml parser options."""
    report = on_issue or (lambda issue: None)
    parser = etree.XMLParser(
        resolve_entities=False, no_network=True, load_dtd=False, recover=recover, encoding="utf-8", **options
    )
    try:
        with open(path, "rb") as raw:
            stream = CleanXmlStream(raw, str(path), recover=recover)
            for chunk in stream.chunks():
                parser.feed(chunk)
            root = parser.close()
    except OSError as err:
        raise FormatError(f"cannot read: {err.strerror or err}", path) from None
    except etree.XMLSyntaxError as err:
        raise syntax_error(err, path) from None
    for line, what in stream.removed:
        report(Issue(str(path), line, f"removed XML-illegal character {what}"))
    for issue in stream.notes:
        report(issue)
    if recover:
        for entry in parser.error_log:
            report(Issue(str(path), entry.line, f"recovered from line {entry.line}: {entry.message}"))
    if root is None:
        raise FormatError("no XML element found (empty file?)", path, 1, 1)
    return etree.ElementTree(root)

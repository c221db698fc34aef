"""The text of an HTML file before lxml parses it: its encoding, its characters and its entities.

Encoding: a byte order mark, else ``<meta charset>`` or the ``http-equiv`` Content-Type header in the
first 8 KB (comments skipped), else UTF-8; labels as browsers read them (``iso-8859-1`` and ``ascii``
mean windows-1252, ``gb2312`` GBK, ``utf-16`` without a BOM UTF-8). Bytes that are not in that encoding
refuse the file at their line: never mojibake.

Characters that XML cannot hold are removed with a warning at their line (tm.formats.textsafe).
Entities: HTML defines its named entities, so ``&nbsp;`` and ``&check;`` are their characters (passed
to lxml as character references, whatever libxml2's own list); a name HTML does not define (``&co;``)
refuses the file at its line. Script, style and comments are left as they are.
"""

from __future__ import annotations

import codecs
import re
from pathlib import Path

from tm.errors import FormatError
from tm.formats.textsafe import XML_ENTITIES, clean_text, html5_entity, xml_char
from tm.model import Issue, IssueSink

_PRESCAN = 8192
_COMMENT = re.compile(rb"<!--.*?-->", re.S)
_META = re.compile(rb"""<meta\s[^>]*?charset\s*=\s*["']?\s*([A-Za-z0-9_.:\-]+)""", re.I)
# what browsers read a label as (the WHATWG Encoding standard), where Python reads it otherwise
_BROWSER = {
    "iso8859-1": "cp1252",
    "ascii": "cp1252",
    "gb2312": "gbk",
    "utf-16-le": "utf-8",
    "utf-16-be": "utf-8",
    "utf-16": "utf-8",
}
_SKIP = re.compile(r"<!--.*?(?:-->|\Z)|<(script|style)\b.*?(?:</\1\s*>|\Z)", re.S | re.I)
_NAMED = re.compile(r"&(?:([A-Za-z][A-Za-z0-9]{0,40})|#([0-9]{1,10})|#[xX]([0-9A-Fa-f]{1,8}));")
CONTENT_TYPE = "x-tm-content-type"  # http-equiv while serialising: libxml2 leaves out a Content-Type meta


def html_encoding(raw: bytes, path: str | Path) -> tuple[str, int]:
    """The encoding of an HTML file and the length of its BOM."""
    for bom, name in (
        (codecs.BOM_UTF8, "utf-8"),
        (codecs.BOM_UTF16_LE, "utf-16-le"),
        (codecs.BOM_UTF16_BE, "utf-16-be"),
    ):
        if raw.startswith(bom):
            return name, len(bom)
    head = _COMMENT.sub(b"", raw[:_PRESCAN])
    match = _META.search(head)
    if match is None:
        return "utf-8", 0
    label = match.group(1).decode("ascii")
    try:
        name = codecs.lookup(label).name
    except LookupError:
        raise FormatError(
            f"unknown charset {label!r} in <meta>", path, raw.count(b"\n", 0, raw.find(match.group(1))) + 1
        ) from None
    return _BROWSER.get(name, name), 0


def html_text(raw: bytes, path: str | Path, on_issue: IssueSink | None) -> tuple[str, str]:
    """The text of an HTML file ready for lxml (as UTF-8), and the encoding it was read in."""
    encoding, bom = html_encoding(raw, path)
    try:
        text = raw[bom:].decode(encoding)
    except UnicodeDecodeError as err:
        line = raw.count(b"\n", 0, bom + err.start) + 1
        raise FormatError(
            f"bytes that are not {encoding}: {err.reason}",
            path,
            line,
            hint="declare the file's encoding with <meta charset=...>, or save it as UTF-8",
        ) from None
    text = clean_text(text, str(path), on_issue)
    return _entities(text, str(path), on_issue), encoding


def _entities(text: str, path: str, on_issue: IssueSink | None) -> str:
    if "&" not in text:
        return text
    out: list[str] = []
    last = 0
    skips = [(m.start(), m.end()) for m in _SKIP.finditer(text)]
    k = 0
    for m in _NAMED.finditer(text):
        while k < len(skips) and skips[k][1] <= m.start():
            k += 1
        if k < len(skips) and skips[k][0] <= m.start():
            continue  # in a comment, script or style
        name, decimal, hexadecimal = m.groups()
        if name is None:  # a character reference: one to a character XML cannot hold is removed
            code = int(decimal) if decimal is not None else int(hexadecimal, 16)
            if not xml_char(code):
                if on_issue is not None:
                    line = text.count("\n", 0, m.start()) + 1
                    on_issue(Issue(path, line, f"removed reference to an XML-illegal character {m.group()}"))
                out.append(text[last : m.start()])
                last = m.end()
            continue
        if name in XML_ENTITIES:
            continue
        chars = html5_entity(name)
        if chars is None:
            raise FormatError(
                f"undefined entity &{name}; (HTML does not define it)",
                path,
                text.count("\n", 0, m.start()) + 1,
                hint="write the character itself, a character reference such as &#xA9;, or &amp; for '&'",
            )
        out += [text[last : m.start()], "".join(f"&#x{ord(ch):X};" for ch in chars)]
        last = m.end()
    out.append(text[last:])
    return "".join(out)

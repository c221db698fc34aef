"""The text of a PO file as gettext reads it, ready for polib: charset, escapes, illegal characters.

polib reads a file in the charset of its header, falling back to UTF-8 without a word when it does not
know the name, and decodes only the escapes ``\\\\ \\" \\n \\t \\r \\v \\b \\f``, keeping ``\\x41`` or
``\\q`` as text. msgfmt decodes ``\\a`` too, octal (``\\101``) and hexadecimal (``\\x41``) escapes as
bytes in the file's charset, and rejects every other escape. :func:`po_text` does what msgfmt does, line
by line, before polib sees the file:

- the charset comes from the header's Content-Type (``CHARSET``, the template's placeholder, and no
  header at all mean UTF-8); a name Python does not know is an error, as are bytes that are not in it;
- every quoted string is decoded as gettext decodes it (an escape msgfmt rejects is an error at its
  line and column) and written again with the escapes polib understands;
- characters XML cannot hold (C0 controls but tab, newline and carriage return; U+FFFE, U+FFFF; lone
  surrogates), raw or escaped, are removed with a warning naming the line.
"""

from __future__ import annotations

import codecs
import re

from tm.errors import FormatError
from tm.formats.textsafe import clean_text
from tm.model import IssueSink

_CHARSET = re.compile(rb"charset=([A-Za-z0-9_.:\-]+)")
# keyword (or continuation) lines, also as obsolete (#~) and previous (#|) entries
_STRING_LINE = re.compile(
    r'^(\s*(?:#~\s*)?(?:#\|\s*)?(?:(?:msgctxt|msgid|msgid_plural|msgstr(?:\[\d+\])?)\s*)?)"'
)
_INNER = re.compile(r'(?:[^"\\]|\\.)*', re.S)
_SIMPLE = {"n": "\n", "t": "\t", "b": "\b", "r": "\r", "f": "\f", "v": "\v", "a": "\a", "\\": "\\", '"': '"'}
_POLIB = str.maketrans({"\\": "\\\\", '"': '\\"', "\n": "\\n", "\t": "\\t", "\r": "\\r"})


class Lines(str):
    """The file's text, which polib splits at newlines only (str.splitlines also splits at U+2028, \\x85...)."""

    def splitlines(self, keepends: bool = False) -> list[str]:  # type: ignore[override]
        return self.split("\n")


def charset(raw: bytes, path: str) -> str:
    """The codec of a PO file's bytes, from its BOM or its header's Content-Type."""
    if raw.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    match = _CHARSET.search(raw[: 1 << 16])
    name = match.group(1).decode("ascii", "replace") if match else "UTF-8"
    if name.upper() == "CHARSET":  # a template's placeholder
        return "utf-8"
    try:
        return codecs.lookup(name).name
    except LookupError:
        line = raw.count(b"\n", 0, match.start()) + 1 if match else None
        raise FormatError(
            f"unknown charset {name!r} in the Content-Type header",
            path,
            line,
            hint="write the charset msgfmt and Python know it by (UTF-8, GB18030, KOI8-R, ...)",
        ) from None


def po_text(raw: bytes, path: str, on_issue: IssueSink | None) -> tuple[Lines, str]:
    """The text for polib and the file's charset; warnings (removed characters) go to ``on_issue``."""
    encoding = charset(raw, path)
    try:
        text = raw.decode(encoding)
    except UnicodeDecodeError as err:
        raise FormatError(
            f"bytes that are not {encoding}: {err.reason}", path, raw.count(b"\n", 0, err.start) + 1
        ) from None
    text = clean_text(text, path, on_issue)
    lines = text.split("\n")
    for number, line in enumerate(lines, start=1):
        match = _STRING_LINE.match(line)
        if not match:
            continue
        head = match.group(1)
        body = line[match.end() :].rstrip()
        if body.endswith("\r"):
            body = body[:-1].rstrip()
        if not body.endswith('"') or not _INNER.fullmatch(body[:-1]):
            raise FormatError("unterminated or malformed string", path, number, match.end())
        value = decode_string(body[:-1], encoding, path, number, match.end() + 1)
        value = clean_text(value, path, on_issue, number)
        lines[number - 1] = f'{head}"{value.translate(_POLIB)}"'
    return Lines("\n".join(lines)), encoding


def decode_string(body: str, encoding: str, path: str, line: int, column: int) -> str:
    """The content of one quoted PO string (without its quotes), its escapes decoded as gettext does."""
    if "\\" not in body:
        return body
    out: list[str] = []
    pending = bytearray()  # bytes of octal and hex escapes, decoded together in the file's charset
    i = 0
    n = len(body)

    def flush() -> None:
        if pending:
            try:
                out.append(pending.decode(encoding))
            except UnicodeDecodeError:
                raise FormatError(
                    f"escaped bytes {bytes(pending)!r} are not {encoding}", path, line, column
                ) from None
            pending.clear()

    while i < n:
        ch = body[i]
        if ch != "\\":
            flush()
            out.append(ch)
            i += 1
            continue
        nxt = body[i + 1] if i + 1 < n else ""
        if nxt in _SIMPLE:
            flush()
            out.append(_SIMPLE[nxt])
            i += 2
        elif nxt and nxt in "01234567":
            digits = re.match(r"[0-7]{1,3}", body[i + 1 :]).group()
            pending.append(int(digits, 8) & 0xFF)
            i += 1 + len(digits)
        elif nxt == "x" and re.match(r"[0-9a-fA-F]", body[i + 2 : i + 3]):
            digits = re.match(r"[0-9a-fA-F]+", body[i + 2 :]).group()
            pending.append(int(digits, 16) & 0xFF)  # msgfmt takes every hex digit and keeps a byte
            i += 2 + len(digits)
        else:
            shown = ("\\" + nxt) if nxt.isprintable() and nxt else repr("\\" + nxt)
            raise FormatError(
                f'invalid escape {shown} (msgfmt knows \\n \\t \\r \\a \\b \\f \\v \\\\ \\" and octal and \\x escapes)',
                path,
                line,
                column + i,
            )
    flush()
    return "".join(out)

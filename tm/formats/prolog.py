"""The prolog of an XML document (what comes before the root element), read by its grammar.

tm's policy on DTDs: a ``<!DOCTYPE>`` may name an external DTD (``SYSTEM "tmx14.dtd"``), which is never
loaded, but an internal subset (``[ ... ]``) with anything in it is refused, whatever it declares:
entity declarations are a known attack (external entities, expansion bombs), and libxml2 expands
internal entities into attributes even when told not to resolve them. The check reads the prolog token
by token after the text has been cleaned (XML-illegal characters removed), so that neither
``<!EN\\x01TITY``, nor ``<x`` or ``<!--`` inside a quoted literal, can hide a subset from it.
"""

from __future__ import annotations

import re

from tm.errors import FormatError

_SPACE = re.compile(r"[ \t\r\n]*")
_NAME = re.compile(r"[^\s\[\]>\"'<]+")
_ROOT = re.compile(r"<[^\s!?/<>\"'=]")
LIMIT = 1 << 20  # a prolog longer than this is refused


class _More(Exception):
    """The prolog goes on in text not read yet."""


def root_offset(text: str, path: str, final: bool = False) -> int | None:
    """The offset in ``text`` where the root element starts; None when more text is needed.

    Raises :class:`FormatError` (at its line) for an internal DTD subset, or for anything that is not
    a comment, processing instruction, DOCTYPE or white space before the root element.
    """
    try:
        return _scan(text, path)
    except _More:
        if final or len(text) > LIMIT:
            line = text.count("\n") + 1
            what = "no root element in the first megabyte" if not final else "the document ends in its prolog"
            raise FormatError(what, path, line) from None
        return None


def _scan(text: str, path: str) -> int:
    pos = 0
    n = len(text)
    while True:
        pos = _SPACE.match(text, pos).end()
        if pos >= n:
            raise _More
        if text.startswith("<?", pos):
            pos = _past(text, "?>", pos + 2)
        elif text.startswith("<!--", pos):
            pos = _past(text, "-->", pos + 4)
        elif text.startswith("<!DOCTYPE", pos):
            pos = _doctype(text, pos, path)
        elif _ROOT.match(text, pos):
            return pos
        elif n - pos < 9 and "<!DOCTYPE".startswith(text[pos:]):
            raise _More
        else:
            raise FormatError(
                f"unexpected {text[pos : pos + 12]!r} before the root element",
                path,
                text.count("\n", 0, pos) + 1,
            )


def _past(text: str, end: str, pos: int) -> int:
    found = text.find(end, pos)
    if found < 0:
        raise _More
    return found + len(end)


def _doctype(text: str, start: int, path: str) -> int:
    pos = start + len("<!DOCTYPE")
    pos = _SPACE.match(text, pos).end()
    name = _NAME.match(text, pos)
    if name is None or name.end() >= len(text):
        raise _More if pos >= len(text) or name is not None else _bad(text, pos, path)
    pos = name.end()
    while True:
        pos = _SPACE.match(text, pos).end()
        if pos >= len(text):
            raise _More
        ch = text[pos]
        if ch == ">":
            return pos + 1
        if ch in "\"'":
            pos = _past(text, ch, pos + 1)
        elif ch == "[":
            close = text.find("]", pos + 1)
            body = text[pos + 1 : close] if close >= 0 else text[pos + 1 :]
            if body.strip():
                raise FormatError(
                    "the document declares XML entities or other declarations in an internal DTD subset "
                    "(<!DOCTYPE ... [...]>); tm refuses any",
                    path,
                    text.count("\n", 0, pos) + 1,
                    hint="DTD subsets declare entities, a known attack (external entities, expansion "
                    "bombs); export the file again without one",
                )
            if close < 0:
                raise _More
            pos = close + 1
        else:
            word = _NAME.match(text, pos)
            if word is None or word.group() not in ("SYSTEM", "PUBLIC"):
                if word is not None and word.end() >= len(text):
                    raise _More
                raise _bad(text, pos, path)
            pos = word.end()


def _bad(text: str, pos: int, path: str) -> FormatError:
    return FormatError(
        f"malformed <!DOCTYPE> near {text[pos : pos + 12]!r}", path, text.count("\n", 0, pos) + 1
    )

"""The one rule for characters and entities, shared by every reader (TMX, XLIFF, TBX, PO, HTML, text).

Characters: XML 1.0 cannot hold C0 controls other than tab, newline and carriage return, U+FFFE, U+FFFF
or lone surrogates. Every reader removes them, with a warning naming the file and line, before anything
is stored, so that an export can never fail on stored text.

Entities (:func:`entity_value`): the five of XML (``&amp;`` ``&lt;`` ``&gt;`` ``&quot;`` ``&apos;``)
are what XML says; an HTML5 named entity (``&nbsp;``, ``&copy;``) in an XML file becomes its characters,
with a warning naming file and line; any other name refuses the file at its own line (with ``recover``:
kept as text, with a warning). Entities declared in a DTD are never expanded (see
:mod:`tm.formats.prolog`).
"""

from __future__ import annotations

import re
import unicodedata
from html.entities import html5

from tm.errors import FormatError
from tm.model import Issue, IssueSink

ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
XML_ENTITIES = {"amp": "&", "lt": "<", "gt": ">", "quot": '"', "apos": "'"}


def xml_char(code: int) -> bool:
    """Whether code point ``code`` is a character XML 1.0 can hold (its ``Char`` production)."""
    return (
        code in (0x9, 0xA, 0xD)
        or 0x20 <= code <= 0xD7FF
        or 0xE000 <= code <= 0xFFFD
        or 0x10000 <= code <= 0x10FFFF
    )


def describe(ch: str) -> str:
    """``U+0001`` and, where Unicode has one, the character's name."""
    name = unicodedata.name(ch, "")
    return f"U+{ord(ch):04X}" + (f" ({name.lower()})" if name else "")


def clean_text(text: str, path: str, on_issue: IssueSink | None, first_line: int = 1) -> str:
    """``text`` without the characters XML cannot hold; each removal reported with its line."""
    if not ILLEGAL.search(text):
        return text
    if on_issue is not None:
        for m in ILLEGAL.finditer(text):
            line = first_line + text.count("\n", 0, m.start())
            on_issue(Issue(path, line, f"removed XML-illegal character {describe(m.group())}"))
    return ILLEGAL.sub("", text)


def shown(text: str | None) -> str:
    """``text`` as a message may quote it: one line, whatever it holds (``\\x85``, ``\\u2028`` escaped)."""
    text = "" if text is None else str(text)
    return text if text.isprintable() else text.encode("unicode_escape").decode("ascii")


def html5_entity(name: str) -> str | None:
    """The characters of HTML5 named entity ``name`` (without ``&`` and ``;``), or None."""
    return html5.get(name + ";")


def entity_value(
    name: str,
    path: str,
    line: int | None,
    on_issue: IssueSink | None,
    *,
    recover: bool = False,
    column: int | None = None,
) -> str:
    """The text that the reference ``&name;`` in an XML file stands for, by the one rule (see above).

    Returns the characters; raises :class:`FormatError` at ``line`` for a name neither XML nor HTML5
    defines (with ``recover``: returns ``&name;`` itself, as text, and warns).
    """
    if name in XML_ENTITIES:
        return XML_ENTITIES[name]
    quoted = shown(name)
    chars = html5_entity(name)
    if chars is not None:
        if on_issue is not None:
            value = " ".join(describe(ch) for ch in chars)
            on_issue(
                Issue(path, line, f"HTML entity &{name}; is not XML; replaced by {value}", column=column)
            )
        return chars
    if recover:
        if on_issue is not None:
            on_issue(Issue(path, line, f"undefined entity &{quoted}; kept as text", column=column))
        return f"&{name};"
    raise FormatError(
        f"undefined entity &{quoted}; (XML defines only &amp; &lt; &gt; &quot; &apos;, and it is not HTML5)",
        path,
        line,
        column,
        hint="write the character itself or a character reference such as &#xA0;",
    )

"""The formats tm reads and writes, in one table, and every question about a file's format answered from it.

- ``tm import`` reads TMX, PO and reviewed XLIFF, told from the content (:func:`detect`);
- ``tm export`` and ``--tm`` folders know a TM file by its extension (:func:`export_format`,
  :func:`tm_file_suffixes`);
- ``tm analyze`` / ``pretranslate`` open a document by its extension (:func:`document_format`);
- ``tm score`` reads a file by its extension, else by its content, else as plain text (:func:`scored_format`);
- ``tm terms import`` and ``--termbase`` read TBX or CSV/TSV, by extension, else by content
  (:func:`termbase_format`).

A new format is one :class:`Format` line here, and its reader or writer where the question is answered.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass
from pathlib import Path

from tm.errors import FormatError, UsageError

HEAD_BYTES = 8192  # how much of a file is read to tell its format


@dataclass(frozen=True)
class Format:
    """One format: its name, its extensions (lower case, with the dot), what its first characters hold
    (an XML root element, or PO entries), and which of tm's commands take it."""

    name: str
    extensions: tuple[str, ...]
    signature: re.Pattern[str] | None = None
    imports: bool = False  # tm import reads its units into the TM
    tm_file: bool = False  # a TM kept as a file: tm export writes it, --tm folders are searched for it
    document: bool = False  # tm analyze and tm pretranslate open it as a document to translate
    scored: bool = False  # tm score reads it
    xml: bool = False  # the signature is an XML root element
    termbase: bool = False  # tm terms import reads its concepts into the termbase


_PO_ENTRY = re.compile(r'^\s*msgid\s+"', re.M)
_PO_STRING = re.compile(r'^\s*msgstr(\[\d+\])?\s+"', re.M)

FORMATS: tuple[Format, ...] = (
    Format("tmx", (".tmx",), re.compile(r"<tmx[\s>]"), imports=True, tm_file=True, scored=True, xml=True),
    Format(
        "xliff",
        (".xlf", ".xliff", ".xlf2", ".sdlxliff", ".mqxliff"),
        re.compile(r"<xliff[\s>]"),
        imports=True,
        document=True,
        scored=True,
        xml=True,
    ),
    Format("po", (".po", ".pot"), _PO_ENTRY, imports=True, tm_file=True, document=True, scored=True),
    Format("text", (".txt", ".text"), document=True, scored=True),
    Format("markdown", (".md", ".markdown"), document=True),
    Format("html", (".html", ".htm", ".xhtml"), document=True),
    Format("docx", (".docx",), document=True, scored=True),
    Format("tbx", (".tbx",), re.compile(r"<(martif|tbx)[\s>]"), termbase=True, xml=True),
    Format("termcsv", (".csv", ".tsv"), termbase=True),
)
BY_NAME = {f.name: f for f in FORMATS}
COMPRESSED_TEXT = ".gz"  # tm score reads gzip-compressed plain text, as the sacrebleu command does
GENERIC_XML = ".xml"  # a document with this extension is opened as XLIFF (the reader checks the root)


def extensions(name: str) -> tuple[str, ...]:
    """The extensions of the format ``name``."""
    return BY_NAME[name].extensions


def tm_file_suffixes() -> tuple[str, ...]:
    """The extensions of the formats a TM is kept in as a file (TMX, PO)."""
    return tuple(ext for f in FORMATS if f.tm_file for ext in f.extensions)


def _by_extension(path: str | Path, wanted: str) -> str | None:
    suffix = Path(path).suffix.lower()
    for f in FORMATS:
        if getattr(f, wanted) and suffix in f.extensions:
            return f.name
    return None


def read_head(path: str | Path) -> str:
    """The first :data:`HEAD_BYTES` of a file as text: a byte-order mark, or UTF-16 without one, decoded
    as such; otherwise UTF-8, with what does not decode replaced."""
    try:
        with open(path, "rb") as handle:
            head = handle.read(HEAD_BYTES)
    except OSError as err:
        raise FormatError(f"cannot read: {err.strerror}", Path(path)) from None
    for bom, encoding in (
        (codecs.BOM_UTF8, "utf-8"),
        (codecs.BOM_UTF16_LE, "utf-16-le"),
        (codecs.BOM_UTF16_BE, "utf-16-be"),
    ):
        if head.startswith(bom):
            return head[len(bom) :].decode(encoding, "replace")
    if head.startswith(b"<\x00"):
        return head.decode("utf-16-le", "replace")
    if head.startswith(b"\x00<"):
        return head.decode("utf-16-be", "replace")
    return head.decode("utf-8", "replace")


def sniff(head: str) -> str | None:
    """The format a file's first characters show (a listed XML root, or PO entries), or None."""
    if head.lstrip("\ufeff \t\r\n").startswith("<"):
        return next((f.name for f in FORMATS if f.xml and f.signature and f.signature.search(head)), None)
    if _PO_ENTRY.search(head) and _PO_STRING.search(head):
        return "po"
    return None


def detect(path: str | Path) -> str:
    """What ``tm import`` reads ``path`` as (``tmx``, ``po``, ``xliff``), judged from its first bytes."""
    p = Path(path)
    head = read_head(p)
    if not head.strip():
        raise FormatError("the file is empty", p, 1, 1)
    found = sniff(head)
    if found is not None and BY_NAME[found].imports:
        return found
    if found is not None and BY_NAME[found].termbase:
        raise FormatError(
            "a termbase (TBX), not a TM file", p, 1, 1, hint=f"import it with: tm terms import {p}"
        )
    start = head.lstrip()
    if start.startswith("<"):
        raise FormatError(
            "an XML file that is neither TMX nor another format tm reads", p, 1, 1, hint=_IMPORTS
        )
    if start.startswith("PK\x03\x04"):  # a ZIP archive: DOCX, XLSX, ...
        kind = "a DOCX document" if p.suffix.lower() == ".docx" else "a ZIP archive"
        raise FormatError(f"{kind}, not a TMX, XLIFF or PO file", p, 1, 1, hint=_DOCUMENTS)
    if any(c == "\ufffd" or (ord(c) < 32 and c not in "\t\r\n") for c in start[:64]):
        raise FormatError("binary data, not a TMX, XLIFF or PO file", p, 1, 1, hint=_IMPORTS)
    raise FormatError(f"not a TMX, XLIFF or PO file (it starts with {start[:30]!r})", p, 1, 1, hint=_IMPORTS)


_IMPORTS = "tm import reads TMX, XLIFF and PO files"
_DOCUMENTS = (
    "tm import reads TMX, XLIFF and PO files; documents are read by tm pretranslate, tm analyze and tm align"
)


def document_format(path: str | Path) -> str | None:
    """The document format of ``path`` by its extension (``.xml``: XLIFF), or None."""
    if Path(path).suffix.lower() == GENERIC_XML:
        return "xliff"
    return _by_extension(path, "document")


def export_format(path: str | Path) -> str:
    """``"tmx"`` or ``"po"`` from the extension of an output file for the TM."""
    found = _by_extension(path, "tm_file")
    if found is None:
        suffix = Path(path).suffix.lower()
        raise UsageError(
            f"{path}: cannot tell the format from {suffix or 'no extension'!r}", hint="name it .tmx or .po"
        )
    return found


def scored_format(path: str | Path) -> str:
    """What ``tm score`` reads ``path`` as: ``text``, ``po``, ``xliff`` or ``tmx``, from the extension
    (``.gz``: compressed text), else from the first bytes; plain text when nothing else fits."""
    if Path(path).suffix.lower() == COMPRESSED_TEXT:
        return "text"
    return _by_extension(path, "scored") or sniff(read_head(path)) or "text"


def termbase_format(path: str | Path) -> str:
    """What ``tm terms import`` reads ``path`` as: ``tbx`` or ``termcsv`` (one column per language), from
    the extension, else from the first bytes (XML: TBX, whose reader refuses another root; text: CSV)."""
    found = _by_extension(path, "termbase")
    if found is not None:
        return found
    head = read_head(path)
    if not head.strip():
        raise FormatError("the file is empty", Path(path), 1)
    return "tbx" if head.lstrip("\ufeff \t\r\n").startswith("<") else "termcsv"

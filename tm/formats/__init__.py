"""The registry of TM file formats: detection from content (not only the extension), readers, writers."""

from __future__ import annotations

import codecs
import re
from collections.abc import Callable, Iterable
from pathlib import Path

from tm.errors import FormatError, UsageError
from tm.model import IssueSink, Unit

_PO_LINE = re.compile(r"^\s*(msgid|msgctxt|msgstr|#[,.:|~ ]?)", re.M)


def detect(path: str | Path) -> str:
    """``"tmx"``, ``"po"`` or another registered format, judged from the file's first bytes."""
    p = Path(path)
    try:
        with open(p, "rb") as handle:
            head = handle.read(8192)
    except OSError as err:
        raise FormatError(f"cannot read: {err.strerror}", p) from None
    if not head.strip():
        raise FormatError("the file is empty", p, 1, 1)
    text = _decode_head(head)
    start = text.lstrip()
    if start.startswith("<"):
        if re.search(r"<tmx[\s>]", text):
            return "tmx"
        for name, pattern in XML_FORMATS.items():
            if re.search(pattern, text):
                return name
        raise FormatError(
            "an XML file that is neither TMX nor another format tm reads",
            p,
            1,
            1,
            hint="tm imports TMX and PO files",
        )
    if _PO_LINE.search(text) and "msgid" in text:
        return "po"
    raise FormatError(
        f"not a TMX or PO file (it starts with {start[:30]!r})", p, 1, 1, hint="tm imports TMX and PO files"
    )


def _decode_head(head: bytes) -> str:
    for bom, enc in (
        (codecs.BOM_UTF8, "utf-8"),
        (codecs.BOM_UTF16_LE, "utf-16-le"),
        (codecs.BOM_UTF16_BE, "utf-16-be"),
    ):
        if head.startswith(bom):
            return head[len(bom) :].decode(enc, "replace")
    if head.startswith(b"<\x00"):
        return head.decode("utf-16-le", "replace")
    if head.startswith(b"\x00<"):
        return head.decode("utf-16-be", "replace")
    return head.decode("utf-8", "replace")


# Other XML formats that import units (name -> regex on the first 8 KB); readers register themselves.
XML_FORMATS: dict[str, str] = {}
# name -> factory(path, **options) returning an iterable of Units with .header, .size, .bytes_read
READERS: dict[str, Callable[..., Iterable[Unit]]] = {}


def register_reader(
    name: str, factory: Callable[..., Iterable[Unit]], xml_pattern: str | None = None
) -> None:
    READERS[name] = factory
    if xml_pattern:
        XML_FORMATS[name] = xml_pattern


def open_reader(
    path: str | Path,
    *,
    recover: bool = False,
    include_fuzzy: bool = False,
    src: str | None = None,
    tgt: str | None = None,
    on_issue: IssueSink | None = None,
):
    """A reader for ``path``, chosen by content."""
    fmt = detect(path)
    if fmt == "tmx":
        from tm.formats.tmx_read import TmxReader

        return TmxReader(path, recover=recover, on_issue=on_issue)
    if fmt == "po":
        from tm.formats.po import PoReader

        return PoReader(path, src=src, tgt=tgt, include_fuzzy=include_fuzzy, on_issue=on_issue)
    factory = READERS.get(fmt)
    if factory is None:
        raise FormatError(f"no reader for {fmt}", path)
    return factory(path, src=src, tgt=tgt, include_fuzzy=include_fuzzy, on_issue=on_issue)


def writer_for(path: str | Path) -> str:
    """``"tmx"`` or ``"po"`` from the extension of an output file."""
    suffix = Path(path).suffix.lower()
    if suffix == ".tmx":
        return "tmx"
    if suffix in (".po", ".pot"):
        return "po"
    raise UsageError(
        f"{path}: cannot tell the format from {suffix or 'no extension'!r}", hint="name it .tmx or .po"
    )


# XLIFF 1.2/2.x: the confirmed translations of a reviewed file (tm.formats.documents, loaded when used).
register_reader(
    "xliff",
    lambda path, **kw: __import__("tm.formats.documents.xliff_import", fromlist=["_"]).XliffReader(
        path, **kw
    ),
    r"<xliff[\s>]",
)

"""TM file formats: a reader for what ``tm import`` reads, chosen by content (the formats themselves, with
their extensions and signatures, are listed once in :mod:`tm.formats.registry`)."""

from __future__ import annotations

from pathlib import Path

from tm.formats.registry import detect, export_format
from tm.model import IssueSink

__all__ = ["detect", "export_format", "open_reader"]


def open_reader(
    path: str | Path,
    *,
    recover: bool = False,
    include_fuzzy: bool = False,
    src: str | None = None,
    tgt: str | None = None,
    on_issue: IssueSink | None = None,
):
    """A reader for ``path``, chosen by content: an iterable of Units with ``format``, ``header``,
    ``size`` and ``bytes_read``."""
    fmt = detect(path)
    if fmt == "tmx":
        from tm.formats.tmx_read import TmxReader  # lazy: lxml loads only when a TMX is read

        return TmxReader(path, recover=recover, on_issue=on_issue)
    if fmt == "po":
        from tm.formats.po import PoReader  # lazy: polib loads only when a PO file is read

        return PoReader(path, src=src, tgt=tgt, include_fuzzy=include_fuzzy, on_issue=on_issue)
    from tm.formats.documents.xliff_import import XliffReader  # lazy: lxml, and the documents package

    return XliffReader(path, src=src, tgt=tgt, include_fuzzy=include_fuzzy, on_issue=on_issue)

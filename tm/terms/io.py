"""Termbase files: TBX (:mod:`tm.formats.tbx`) or CSV/TSV (:mod:`tm.formats.termcsv`), told by name or
content."""

from __future__ import annotations

from pathlib import Path

from tm.errors import FormatError
from tm.terms.model import Concept

TBX_SUFFIXES = (".tbx", ".xml")
CSV_SUFFIXES = (".csv", ".tsv", ".txt")


def termbase_format(path: str | Path) -> str:
    """``tbx`` or ``csv``: by extension, else by the first bytes."""
    p = Path(path)
    suffix = p.suffix.lower()
    if suffix in TBX_SUFFIXES:
        return "tbx"
    if suffix in CSV_SUFFIXES:
        return "csv"
    try:
        with open(p, "rb") as handle:
            head = handle.read(2048)
    except OSError as err:
        raise FormatError(f"cannot read: {err.strerror}", p) from None
    text = head.decode("utf-8", "replace").lstrip("\ufeff \r\n\t")
    if text.startswith("<"):
        return "tbx"
    if text:
        return "csv"
    raise FormatError("the file is empty", p, 1)


def read_termbase_file(path: str | Path) -> list[Concept]:
    """The concepts of a TBX or CSV/TSV termbase file."""
    if termbase_format(path) == "tbx":
        from tm.formats.tbx import read_tbx

        return list(read_tbx(path).concepts)
    from tm.formats.termcsv import read_term_csv

    return read_term_csv(path)

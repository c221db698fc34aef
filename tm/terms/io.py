"""Termbase files: TBX (:mod:`tm.formats.tbx`) or CSV/TSV (:mod:`tm.formats.termcsv`), told by
:func:`tm.formats.registry.termbase_format`."""

from __future__ import annotations

from pathlib import Path

from tm.formats.registry import termbase_format
from tm.formats.termcsv import read_term_csv
from tm.model import Concept


def read_termbase_file(path: str | Path) -> list[Concept]:
    """The concepts of a TBX or CSV/TSV termbase file."""
    if termbase_format(path) == "tbx":
        from tm.formats.tbx import read_tbx  # lazy: lxml loads only for TBX

        return list(read_tbx(path).concepts)
    return read_term_csv(path)

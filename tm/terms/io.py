"""Termbase files: TBX (:mod:`tm.formats.tbx`) or CSV/TSV (:mod:`tm.formats.termcsv`), told by
:func:`tm.formats.registry.termbase_format`."""

from __future__ import annotations

from pathlib import Path

from tm.formats.registry import termbase_format
from tm.formats.termcsv import read_term_csv
from tm.model import Concept, IssueSink


def read_termbase_file(path: str | Path, on_issue: IssueSink | None = None) -> list[Concept]:
    """The concepts of a TBX or CSV/TSV termbase file; what a TBX reader repaired (an HTML entity, a
    character XML cannot hold) is told to ``on_issue``."""
    if termbase_format(path) == "tbx":
        from tm.formats.tbx import read_tbx  # lazy: lxml loads only for TBX

        return list(read_tbx(path, on_issue).concepts)
    return read_term_csv(path)

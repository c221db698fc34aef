"""The TM a command works on: ``--tm`` files and folders read into a temporary store, or a database."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from tm.errors import TmError
from tm.formats.registry import tm_file_suffixes
from tm.model import IssueSink
from tm.store import Store, open_store
from tm.tmfiles.importer import import_files


def tm_files(paths: Sequence[str | Path]) -> list[Path]:
    """The TMX/PO files named, and those found (recursively, sorted) in folders named."""
    suffixes = tm_file_suffixes()
    out: list[Path] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            out.extend(sorted(p for p in path.rglob("*") if p.suffix.lower() in suffixes and p.is_file()))
        elif path.exists():
            out.append(path)
        else:
            raise TmError(f"{path}: no such file or folder")
    return out


def open_tm(
    db: str | Path | None = None,
    tm_paths: Sequence[str | Path] = (),
    *,
    readonly: bool = False,
    on_issue: IssueSink | None = None,
) -> Store:
    """``tm_paths`` (``--tm FILE_OR_FOLDER``) read into a temporary in-memory store (what reading
    removed or skipped goes to ``on_issue``); without them, the database ``db`` (see
    :func:`tm.store.open_store`)."""
    if tm_paths:
        store = open_store(":memory:")
        import_files(store, tm_files(tm_paths), on_issue=on_issue)
        return store
    return open_store(db, readonly=readonly)

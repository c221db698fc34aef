"""Small pieces every module of the SQLite backend uses: parameter lists and the error a failure means."""

from __future__ import annotations

import contextlib
import os
import sqlite3
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import TypeVar

from tm.errors import StoreBusy, StoreError

IN_CHUNK = 500  # values per IN (...) list: well below SQLite's limit on bound parameters

T = TypeVar("T")


def chunks(items: Sequence[T], size: int = IN_CHUNK) -> Iterator[Sequence[T]]:
    for i in range(0, len(items), size):
        yield items[i : i + size]


def marks(count: int) -> str:
    """``?,?,?`` for ``count`` parameters."""
    return ",".join("?" * count)


def distinct(connection: sqlite3.Connection, table: str, column: str) -> list[str]:
    """The distinct values of an indexed text column, sorted: a skip-scan over its index, one probe per
    value, not a table scan."""
    found, last = [], ""
    while True:
        row = connection.execute(
            f"SELECT {column} FROM {table} WHERE {column} > ? ORDER BY {column} LIMIT 1", (last,)
        ).fetchone()
        if row is None:
            return found
        last = row[0]
        found.append(last)


def store_error(path: str, err: sqlite3.Error) -> StoreError:
    """What an SQLite failure means for the person using the TM: one line naming the file."""
    code = getattr(err, "sqlite_errorcode", None)
    primary = code & 0xFF if isinstance(code, int) else None
    text = str(err)
    if primary in (sqlite3.SQLITE_FULL, sqlite3.SQLITE_IOERR):
        if disk_full(path):
            return StoreError(f"{path}: the disk is full", hint="free some space and try again")
        if size_limited():
            return StoreError(
                f"{path}: the TM cannot grow past the file size limit of this process (ulimit -f)"
            )
    if primary == sqlite3.SQLITE_FULL:
        return StoreError(f"{path}: the disk is full", hint="free some space and try again")
    if primary in (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED) or "locked" in text:
        return StoreBusy(
            f"{path}: the TM is busy (another tm is writing to it)", hint="try again when it is done"
        )
    if primary in (sqlite3.SQLITE_READONLY, sqlite3.SQLITE_CANTOPEN, sqlite3.SQLITE_PERM):
        return StoreError(f"{path}: {unwritable(path, text)}")
    if primary == sqlite3.SQLITE_NOTADB:
        return StoreError(f"{path}: not a tm database (not an SQLite file)")
    if primary == sqlite3.SQLITE_CORRUPT:
        return StoreError(f"{path}: the TM file is damaged ({text})", hint="restore it from a backup")
    if primary == sqlite3.SQLITE_IOERR:
        return StoreError(f"{path}: the disk failed to read or write the TM ({text})")
    return StoreError(f"{path}: {text}")


def explain(err: BaseException, path: str) -> StoreError | None:
    """An SQLite failure that escaped a store method (a read that met a damaged or locked TM), as
    :func:`store_error` says it; None for any other exception."""
    return store_error(path, err) if isinstance(err, sqlite3.Error) else None


def disk_full(path: str) -> bool:
    """Whether the file system holding ``path`` has no space left (for errors SQLite reports as I/O)."""
    try:
        fs = os.statvfs(Path(path).resolve().parent)
    except (OSError, AttributeError):  # AttributeError: no statvfs (Windows)
        return False
    return fs.f_bavail == 0 or fs.f_favail == 0


def size_limited() -> bool:
    """Whether this process may not write files beyond a size (RLIMIT_FSIZE, ``ulimit -f``)."""
    try:
        import resource  # lazy: Unix only, and only an error needs it
    except ImportError:
        return False
    return resource.getrlimit(resource.RLIMIT_FSIZE)[0] != resource.RLIM_INFINITY


def unwritable(path: str, text: str) -> str:
    """Why the TM cannot be opened or written: the file, its folder, its -wal/-shm files, the medium."""
    file = Path(path)
    folder = file.resolve().parent
    if not folder.is_dir():
        return f"no such folder: {folder}"
    if file.is_dir():
        return "a folder, not a TM file"
    if file.exists() and not os.access(file, os.R_OK):
        return "permission denied (tm may not read the TM file)"
    with contextlib.suppress(OSError, AttributeError):  # AttributeError: no statvfs (Windows)
        if os.statvfs(folder).f_flag & os.ST_RDONLY:
            return "the TM is on a read-only file system"
    if file.exists() and not os.access(file, os.W_OK):
        return "the TM file is read-only"
    for extra in (Path(f"{file}-wal"), Path(f"{file}-shm")):
        if extra.exists() and not os.access(extra, os.R_OK | os.W_OK):
            return f"permission denied on {extra.name} (tm may not write it)"
    if not os.access(folder, os.W_OK | os.X_OK):
        return (
            f"the TM's folder is read-only (tm writes {file.name}-wal and {file.name}-shm beside the TM "
            f"in {folder})"
        )
    return f"cannot open or write the TM ({text})"

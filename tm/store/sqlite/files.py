"""The TM's file: tm's own database is recognised before anything is written to it, and a new TM that
nothing was committed to is removed again.

tm's databases carry ``PRAGMA application_id`` = :data:`APPLICATION_ID` (the header field SQLite keeps
for "which program's file is this"). A file is tm's when it carries it; when it is an empty database (a
new or zero-length file); or when it is a TM of a tm that did not stamp its files yet (``user_version`` of
1 or more and tm's tables), which is stamped on its first write. Any other SQLite file belongs to another
program: it is refused before a single byte of it changes (no table, no ``user_version``, no WAL switch).
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
from pathlib import Path

from tm.errors import StoreError

APPLICATION_ID = 0x746D4442  # "tmDB"
TM_TABLES = frozenset({"origins", "units", "variants", "occurrences"})  # migration 1's tables


def check_ours(connection: sqlite3.Connection, path: str) -> bool:
    """Refuse a database that is not tm's (StoreError); returns whether it still needs tm's stamp. Only
    reads."""
    app = connection.execute("PRAGMA application_id").fetchone()[0]
    if app == APPLICATION_ID:
        return False
    version = connection.execute("PRAGMA user_version").fetchone()[0]
    tables = {r[0] for r in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    objects = connection.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]
    if app == 0 and version == 0 and objects == 0:
        return True  # an empty database: a new TM
    if app == 0 and version >= 1 and TM_TABLES <= tables:
        return True  # a TM from before the stamp
    if app != 0:
        what = f"the database of another program (application_id {app:#010x})"
    else:
        shown = sorted(tables)
        listing = ", ".join(shown[:4]) + (f" and {len(shown) - 4} more" if len(shown) > 4 else "")
        what = f"an SQLite database of another program (tables: {listing or 'none'})"
    raise StoreError(
        f"{path}: not a tm database: {what}; left unchanged",
        hint="give tm a file of its own with --db (a new file becomes a TM)",
    )


def stamp(connection: sqlite3.Connection) -> None:
    """Mark the database as tm's (inside the caller's transaction)."""
    connection.execute(f"PRAGMA application_id = {APPLICATION_ID}")


def missing_folders(folder: Path) -> list[Path]:
    """The folders that creating ``folder`` would create, deepest first."""
    missing = []
    for candidate in (folder, *folder.parents):
        if candidate.exists():
            break
        missing.append(candidate)
    return missing


def discard_if_unused(connection: sqlite3.Connection, path: str) -> bool:
    """Remove the TM at ``path`` if it holds nothing: called for a TM this process created and committed
    nothing to (a failed first import). The check and the removal happen under SQLite's write lock, and a
    process that opened the file meanwhile finds it gone at its next write (see ``same_file``), so that no
    one's import lands in a removed file. Returns whether it was removed."""
    try:
        connection.execute("BEGIN IMMEDIATE")
    except sqlite3.Error:
        return False  # someone is writing to it: theirs now
    try:
        empty = (
            not connection.execute("SELECT 1 FROM units LIMIT 1").fetchone()
            and not connection.execute("SELECT 1 FROM origins LIMIT 1").fetchone()
        )
        if empty:
            os.unlink(path)
        return empty
    except (sqlite3.Error, OSError):
        return False
    finally:
        with contextlib.suppress(sqlite3.Error):
            connection.execute("ROLLBACK")


def remove_leftovers(path: str, folders: list[Path]) -> None:
    """After :func:`discard_if_unused` and closing: SQLite's side files if it left them, and the folders
    created for the TM if they are empty."""
    if not os.path.exists(path):
        for side in (f"{path}-wal", f"{path}-shm", f"{path}-journal"):
            with contextlib.suppress(OSError):
                os.unlink(side)
    for folder in folders:
        with contextlib.suppress(OSError):
            folder.rmdir()


def tidy_side_files(path: str) -> None:
    """After a read-only connection closed: SQLite's ``-wal`` and ``-shm`` files stay beside a TM that
    only such connections opened since its last writer; a writable connection closed at once removes them
    (SQLite checkpoints and deletes them when the last connection to the file closes, so this leaves them
    while another process has the TM open)."""
    if not os.path.exists(f"{path}-wal") and not os.path.exists(f"{path}-shm"):
        return
    with contextlib.suppress(sqlite3.Error, OSError):
        con = sqlite3.connect(path, isolation_level=None)
        try:
            con.execute("PRAGMA busy_timeout = 0")
            con.execute("SELECT count(*) FROM sqlite_master").fetchone()
        finally:
            con.close()


def file_id(path: str) -> tuple[int, int] | None:
    """(device, inode) of the file at ``path``, None if there is none."""
    try:
        info = os.stat(path)
    except OSError:
        return None
    return info.st_dev, info.st_ino


def same_file(path: str, opened: tuple[int, int] | None) -> None:
    """Refuse to write when the file at ``path`` is no longer the one opened (removed, replaced)."""
    if opened is not None and file_id(path) != opened:
        raise StoreError(
            f"{path}: the TM was removed or replaced while tm had it open", hint="run the command again"
        )

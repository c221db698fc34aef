"""Opening a TM that must not (or cannot) be written: ``mode=ro``, and ``immutable=1`` where the folder
cannot hold the files SQLite needs to read a WAL database.

A TM is in WAL mode. Reading a WAL database takes a ``-shm`` file (the WAL index, shared between the
processes reading it) and a ``-wal`` file beside it; with ``mode=ro`` SQLite creates them when they are
missing, which a read-only folder or medium does not allow ("attempt to write a readonly database", on
the first read). Where they cannot be created and no ``-wal`` file holds committed pages (tm's last
connection checkpoints and removes it), the database file alone holds the whole TM, and ``immutable=1``
reads it without any lock or side file: nothing can be written, by tm or by SQLite. A ``-wal`` file with
pages in a read-only folder (a copy taken while a writer was running) cannot be read in place: that is
an error that says so.
"""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

from tm.errors import StoreError


def writable(path: Path) -> bool:
    """Whether tm may write the TM at ``path`` (an existing file): the file can be written (root can
    write any file of a writable file system: its mode bits are checked as well), and so can its folder,
    where SQLite keeps the ``-wal`` and ``-shm`` files."""
    mode = path.stat().st_mode
    return os.access(path, os.W_OK) and bool(mode & 0o222) and _folder_writable(path)


def connect_readonly(path: str) -> sqlite3.Connection:
    """A connection that never writes: ``mode=ro``, or ``immutable=1`` in a folder that cannot hold the
    WAL side files (see the module docstring)."""
    uri = Path(path).resolve().as_uri()
    con = _connect(uri + "?mode=ro")
    try:
        con.execute("SELECT count(*) FROM sqlite_master").fetchone()  # opens the WAL index, if it can
        return con
    except sqlite3.OperationalError as err:
        con.close()
        if _folder_writable(Path(path)):
            raise
        wal = Path(path + "-wal")
        if wal.exists() and wal.stat().st_size > 0:
            raise StoreError(
                f"{path}: cannot be read in this read-only folder: {wal.name} holds changes not yet "
                f"written into the TM ({err})",
                hint="copy the TM with its -wal file to a writable folder, or open it once where it can be written",
            ) from None
    return _connect(uri + "?immutable=1")


def _connect(uri: str) -> sqlite3.Connection:
    return sqlite3.connect(uri, uri=True, isolation_level=None, check_same_thread=False)


def _folder_writable(path: Path) -> bool:
    return os.access(path.resolve().parent, os.W_OK | os.X_OK)

"""Output files are written whole or not at all: a temporary file beside the target, renamed at the end.

The temporary file is ``.NAME.tm-HOST-PID.RANDOM.part`` in the target's folder (the rename is atomic only
within one file system). The file keeps the permissions of the file it replaces; a new one gets what
creating it would (0o666 less the umask). Every way out that tm controls removes it: an error, Ctrl-C, SIGTERM and SIGHUP
(tm.signals turns them into exceptions). A process killed outright (SIGKILL, a power cut) leaves it behind;
the next write to the same target removes such leftovers when they are certainly stale: tm's own name
pattern, a regular file of this user, and the process named in it gone (on this host); files of tm
versions that did not name the process (``.NAME.XXXXXXXX.part``) once untouched for a day.
"""

from __future__ import annotations

import contextlib
import errno
import os
import re
import socket
import stat
import tempfile
import time
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

from tm import signals
from tm.errors import TmError

LEGACY_AGE = 24 * 3600  # seconds without a write after which an unnamed leftover is certainly stale

# errno -> what it means for an output file
_OUTPUT_ERRORS = {
    errno.ENOSPC: "the disk is full",
    errno.EDQUOT: "the disk quota is used up",
    errno.EFBIG: "the file is larger than this system allows",
    errno.EROFS: "the folder is on a read-only file system",
    errno.EACCES: "permission denied (tm may not write in this folder)",
    errno.EPERM: "permission denied (tm may not write in this folder)",
    errno.ENOENT: "no such folder",
    errno.ENOTDIR: "no such folder",
    errno.EIO: "the disk failed to write",
}


def output_error(target: Path, err: OSError) -> TmError:
    """One line naming the file that could not be written, and why."""
    why = _OUTPUT_ERRORS.get(err.errno or 0, f"cannot write it: {err.strerror or err}")
    hint = "free some space and try again" if err.errno in (errno.ENOSPC, errno.EDQUOT) else None
    return TmError(f"{target}: {why}", hint=hint)


def check_outputs(*paths: str | Path | None) -> None:
    """Before a command writes several files: each of ``paths`` (None ones skipped) can be written (its
    folder exists and tm may write there, it is not a folder) and no two name the same file; else the
    TmError that :func:`atomic_output` would raise for the first that cannot, so that nothing is written."""
    seen: dict[Path, Path] = {}
    for path in paths:
        if path is None:
            continue
        target = Path(path)
        directory = target.parent if str(target.parent) else Path(".")
        if target.is_dir():
            raise TmError(f"{target}: is a folder, not a file")
        if not directory.exists():
            raise output_error(target, OSError(errno.ENOENT, "no such folder"))
        if not directory.is_dir():
            raise output_error(target, OSError(errno.ENOTDIR, "no such folder"))
        if not os.access(directory, os.W_OK | os.X_OK):
            raise output_error(target, OSError(errno.EACCES, "permission denied"))
        key = directory.resolve() / target.name
        if key in seen:
            raise TmError(f"{target}: named for two outputs (also as {seen[key]})")
        seen[key] = target


def _host() -> str:
    return f"{zlib.crc32(socket.gethostname().encode()) & 0xFFFFFF:06x}"


def _prefix(target: Path) -> str:
    return f".{target.name}.tm-{_host()}-{os.getpid()}."


@contextlib.contextmanager
def atomic_output(path: str | Path) -> Iterator[BinaryIO]:
    """Open a temporary binary file next to ``path``; on success it replaces ``path``, on error it vanishes.

    The rename is a commit point (tm.signals): a signal during it waits, and "PATH was written" is recorded
    for the report of an interrupted command. An output error (full disk, read-only folder) is a TmError
    naming ``path``.
    """
    target = Path(path)
    directory = target.parent if str(target.parent) else Path(".")
    remove_stale(target)
    tmp = None
    try:
        with signals.deferred():  # the file and the duty to remove it come into being together
            try:
                fd, tmp = tempfile.mkstemp(prefix=_prefix(target), suffix=".part", dir=directory)
            except OSError as err:
                raise output_error(target, err) from None
        with os.fdopen(fd, "wb") as handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, _mode(target))
        with signals.commit_point(f"{target} was written"):
            os.replace(tmp, target)
            tmp = None
        _sync_folder(directory)
    except BaseException as err:
        if tmp is not None:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
        if isinstance(err, OSError) and err.errno in _OUTPUT_ERRORS and err.filename in (None, tmp):
            raise output_error(target, err) from None
        raise


def _mode(target: Path) -> int:
    """The permissions of the file written to ``target``: the replaced file's, else what creating it would
    give (0o666 less the umask), never the temporary file's private 0o600."""
    try:
        return stat.S_IMODE(os.stat(target).st_mode)
    except OSError:
        return 0o666 & ~_umask()


def _umask() -> int:
    """The process's umask: read from /proc where Linux shows it (setting it to read it back would change
    it for other threads meanwhile)."""
    with contextlib.suppress(OSError, ValueError):
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("Umask:"):
                    return int(line.split()[1], 8)
    mask = os.umask(0o077)
    os.umask(mask)
    return mask


def write_atomic(path: str | Path, data: bytes) -> None:
    """Write ``data`` to ``path`` whole or not at all (see :func:`atomic_output`)."""
    with atomic_output(path) as handle:
        handle.write(data)


def _sync_folder(directory: Path) -> None:
    """Make the rename itself durable (where a folder can be opened for that)."""
    with contextlib.suppress(OSError, AttributeError):
        fd = os.open(directory, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


_MIDDLE = re.compile(r"(?:tm-(?P<host>[0-9a-f]{6})-(?P<pid>\d+)\.)?[a-z0-9_]{8}")  # mkstemp: 8 of [a-z0-9_]


def remove_stale(target: Path) -> list[Path]:
    """Remove the temporary files that killed runs of tm left beside ``target``; returns those removed."""
    directory = target.parent if str(target.parent) else Path(".")
    head, tail = f".{target.name}.", ".part"
    removed = []
    try:
        entries = [e for e in os.scandir(directory) if e.name.startswith(head) and e.name.endswith(tail)]
    except OSError:
        return removed
    for entry in entries:
        match = _MIDDLE.fullmatch(entry.name[len(head) : -len(tail)])
        if match is None or not _stale(entry, match):
            continue
        with contextlib.suppress(OSError):
            os.unlink(entry.path)
            removed.append(Path(entry.path))
    return removed


def _stale(entry: os.DirEntry, match: re.Match) -> bool:
    try:
        info = entry.stat(follow_symlinks=False)
    except OSError:
        return False
    uid = os.geteuid() if hasattr(os, "geteuid") else info.st_uid  # Windows: no owners to compare
    if not stat.S_ISREG(info.st_mode) or info.st_uid != uid:
        return False  # only plain files of this user: never a link, never someone else's
    if match["pid"] is None:
        return time.time() - info.st_mtime > LEGACY_AGE
    if match["host"] != _host():
        return False  # another machine's process (a shared folder): its pid says nothing here
    return not _running(int(match["pid"]))


def _running(pid: int) -> bool:
    if pid == os.getpid() or os.name == "nt":  # on Windows, os.kill(pid, 0) would stop the process
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True  # EPERM: someone else's process, running
    return True

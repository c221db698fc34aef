"""Read and encode a file's units in a second process while this one writes them to the TM.

Parsing a TMX file and encoding its units into rows costs about as much as SQLite's inserts of those
rows, so a large import runs the first half in a child process and the second here, on two cores. The
child sends batches of encoded units (plain tuples: cheap to pickle) through a pipe, whose small buffer
keeps it at most a batch or two ahead: memory stays flat. Issues the reader reports travel with the
batch they were found in; an error in the child (a refused file) is raised here as it was raised there,
and the import's transaction is rolled back as usual. Ctrl-C is left to this process, which stops the
child.

The child never outlives this process, however it ends (even by SIGKILL, which runs no cleanup): it
closes its copy of the pipe's reading end, so that a send to a parent that is gone fails at once
instead of blocking for ever; on Linux it also asks the kernel for SIGKILL when its parent dies
(``prctl(PR_SET_PDEATHSIG)``), so it does not even finish the batch it is reading.
"""

from __future__ import annotations

import contextlib
import ctypes
import multiprocessing
import os
import signal
import sys
from collections.abc import Iterator
from multiprocessing.connection import Connection
from pathlib import Path

from tm import signals
from tm.errors import TmError
from tm.formats import open_reader
from tm.model import Header, IssueSink
from tm.store.codec import encode_unit

BATCH = 1000
MIN_BYTES = 8 << 20  # below this, starting a process costs more than it saves


def worth_it(path: str | Path) -> bool:
    """Whether a file is large enough for reading in a second process, on a machine with two cores."""
    try:
        size = Path(path).stat().st_size
    except OSError:
        return False
    return size >= MIN_BYTES and (multiprocessing.cpu_count() or 1) >= 2


class Readahead:
    """The units of ``path`` as ``(encoded unit, position)`` pairs, read in a child process.

    Quacks like a reader for the importer: ``format``, ``header``, ``position``, ``bytes_read``, ``size``
    and ``skipped`` are kept up to date as batches arrive.
    """

    def __init__(self, path: str | Path, *, on_issue: IssueSink | None = None, **options: object) -> None:
        self.path = str(path)
        self.options = options
        self.on_issue = on_issue or (lambda issue: None)
        self.format = "tmx"
        self.header = Header()
        self.position = 0
        self.bytes_read = 0
        self.size = Path(path).stat().st_size
        self.skipped: dict[str, int] = {}

    def __iter__(self) -> Iterator[tuple[tuple, int]]:
        context = multiprocessing.get_context(_start_method())
        receive, send = context.Pipe(duplex=False)
        child = context.Process(
            target=_read, args=(self.path, self.options, send, receive, os.getpid()), daemon=True
        )
        with signals.deferred():  # the child starts with signals held until it has set its own handling
            child.start()
        send.close()
        try:
            while True:
                try:
                    message = receive.recv()
                except EOFError:
                    raise TmError(f"{self.path}: the process reading the file stopped unexpectedly") from None
                kind = message[0]
                if kind == "units":
                    _, batch, issues, self.header, self.format, self.bytes_read = message
                    for issue in issues:
                        self.on_issue(issue)
                    for encoded, position in batch:
                        self.position = position
                        yield encoded, position
                elif kind == "done":
                    _, self.position, self.skipped = message
                    return
                else:
                    raise message[1]
        finally:
            if child.is_alive():
                child.terminate()
            child.join()
            receive.close()


def _start_method() -> str:
    # fork starts at once and needs nothing re-imported; the child never touches the parent's SQLite
    # connection (it only reads the file). Elsewhere, spawn.
    return "fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn"


def _read(path: str, options: dict, send: Connection, receive: Connection, parent: int) -> None:
    """The child: read, encode, send; an exception is sent too, to be raised in the parent. When the parent
    is gone, stop without a word (there is no one to tell)."""
    receive.close()  # only the parent reads: with no reader left, a send fails (EPIPE) instead of blocking
    _die_with(parent)
    signals.worker()  # Ctrl-C is the parent's to handle; SIGTERM (its terminate()) ends the child at once
    try:
        _produce(path, options, send)
    except (BrokenPipeError, ConnectionResetError):
        pass  # the parent has gone: nothing to report to
    except BaseException as err:  # noqa: BLE001 - every failure goes to the parent, which decides
        try:
            send.send(("error", err))
        except OSError:
            pass  # the parent has gone
        except Exception:  # an exception that cannot be pickled: its text still arrives
            with contextlib.suppress(OSError):
                send.send(("error", TmError(f"{path}: {type(err).__name__}: {err}")))
    finally:
        send.close()


def _produce(path: str, options: dict, send: Connection) -> None:
    issues: list = []
    reader = open_reader(path, on_issue=issues.append, **options)
    batch: list[tuple[tuple, int]] = []
    for unit in reader:
        batch.append((encode_unit(unit), reader.position))
        if len(batch) >= BATCH:
            send.send(("units", batch, issues, reader.header, reader.format, reader.bytes_read))
            batch = []
            issues.clear()  # the reader holds this list's append
    send.send(("units", batch, issues, reader.header, reader.format, reader.size))
    send.send(("done", reader.position, dict(getattr(reader, "skipped", {}))))


PR_SET_PDEATHSIG = 1  # linux/prctl.h


def _die_with(parent: int) -> None:
    """Have the kernel send SIGKILL to this process when its parent dies (Linux; elsewhere the closed pipe
    stops it at its next send), and stop now if the parent died before the request was made."""
    if sys.platform.startswith("linux"):
        with contextlib.suppress(OSError, AttributeError):
            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    if os.getppid() != parent:
        os._exit(0)

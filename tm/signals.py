"""Signals as tm meets them: SIGTERM and SIGHUP stop a command the way Ctrl-C does, and a commit point
cannot be split by any of the three.

Python turns Ctrl-C (SIGINT) into ``KeyboardInterrupt``, so every ``finally`` and ``except BaseException``
runs: a transaction rolls back, a temporary file is removed, the reading process is stopped. SIGTERM (what
``kill``, systemd and CI runners send) and SIGHUP (a closed terminal) would end the process on the spot
instead; :func:`install` makes them raise :class:`Terminated`, a ``KeyboardInterrupt``, so they clean up the
same way. The exit code is 128 + the signal's number, as a shell reports a process the signal ended
(130 for Ctrl-C, 143 for SIGTERM, 129 for SIGHUP).

A change becomes final at one statement (a COMMIT, a rename). A signal that arrives while it runs must not
be reported as "nothing was changed": :func:`commit_point` holds the three signals until the statement has
returned and what it made final is recorded (:func:`done`), so whoever reports the interruption says the
truth.
"""

from __future__ import annotations

import contextlib
import signal
import threading
from collections import deque
from collections.abc import Iterator

STOPPING = (signal.SIGINT, signal.SIGTERM, *((signal.SIGHUP,) if hasattr(signal, "SIGHUP") else ()))

_done: deque[str] = deque(maxlen=32)


class Terminated(KeyboardInterrupt):
    """SIGTERM or SIGHUP, raised where Ctrl-C would raise ``KeyboardInterrupt`` (so it cleans up the same)."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum


def _raise(signum: int, frame: object) -> None:
    raise Terminated(signum)


def install() -> None:
    """Make SIGTERM and SIGHUP raise :class:`Terminated` (the main thread only; elsewhere a no-op)."""
    if threading.current_thread() is not threading.main_thread():
        return
    for signum in STOPPING[1:]:
        if signal.getsignal(signum) is signal.SIG_IGN:
            continue  # started under nohup (SIGHUP ignored): keep it so
        signal.signal(signum, _raise)


def worker() -> None:
    """In a worker process started inside :func:`deferred` (so that no signal finds it half set up):
    Ctrl-C ignored (the parent handles it and stops the worker), SIGTERM and SIGHUP end it at once, and
    the signals held since its start released."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    for signum in STOPPING[1:]:
        signal.signal(signum, signal.SIG_DFL)
    if hasattr(signal, "pthread_sigmask"):
        signal.pthread_sigmask(signal.SIG_UNBLOCK, STOPPING)


def exit_code(interrupt: BaseException) -> int:
    """128 + the signal's number: 130 for Ctrl-C, 143 for SIGTERM, 129 for SIGHUP."""
    return 128 + getattr(interrupt, "signum", signal.SIGINT)


@contextlib.contextmanager
def deferred() -> Iterator[None]:
    """Hold SIGINT, SIGTERM and SIGHUP until the block ends; then the first one that came acts as usual.

    Two holds: the signals are blocked in this thread (so that no system call of the block is cut short),
    and Python's handlers are replaced by one that notes the signal (a signal that another thread
    received still reaches Python's handler here). Only the main thread has Python's signal handlers;
    elsewhere this is a no-op.
    """
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    caught: list[int] = []
    previous = {
        signum: signal.signal(signum, lambda signum, frame: caught.append(signum)) for signum in STOPPING
    }
    mask = signal.pthread_sigmask(signal.SIG_BLOCK, STOPPING) if hasattr(signal, "pthread_sigmask") else None
    try:
        yield
    finally:
        if mask is not None:
            signal.pthread_sigmask(signal.SIG_SETMASK, mask)  # a pending signal reaches the note-taker now
        for signum, handler in previous.items():
            signal.signal(signum, signal.SIG_DFL if handler is None else handler)
        if caught:
            signal.raise_signal(caught[0])  # as if it came now: KeyboardInterrupt, Terminated, or the default


@contextlib.contextmanager
def commit_point(what: str) -> Iterator[None]:
    """The block makes a change final (a COMMIT, a rename). Signals wait until it has ended; when it ends
    without an error, ``what`` (e.g. "t.db: the import was committed") is recorded for :func:`done`."""
    with deferred():
        yield
        _done.append(what)


def done() -> list[str]:
    """What commit points made final since :func:`forget` (oldest first)."""
    return list(_done)


def forget() -> None:
    """Start a new record (the CLI does at the start of each command)."""
    _done.clear()

"""A language's index built in a worker process while the import writes units (two cores, two languages),
on either backend.

The importing process stays the only writer of the TM: it sends each language's new variants to that
language's worker (a :class:`tm.store.build.LanguageBuild` in a child process), and writes the rows
the worker sends back (key sequences, postings, bitmaps, vocabulary) in the import's transaction. The
worker reads what the index held before the import through a connection of its own, which the backend
opens (its ``opener``: SQLite's read-only connection to the file, a PostgreSQL connection reading what is
committed); the import has not committed, so that is exactly what it sees. Which builds an import feeds,
and when a language gets a worker, is :mod:`tm.store.follow`'s. A thread of the importing process receives the workers' rows as they come, so that neither side ever waits on a full pipe
for the other; the rows are written by the importing process's own thread, between batches and at the
end.

A worker is a fresh interpreter (``python -c``, its standard input and output the two pipes): SQLite's
state must not be forked from a process holding a connection, and multiprocessing's ``spawn`` would run
the calling script's top level again. A worker ends when it is done, when its input closes or when it is
told to; it never outlives the importing process (:func:`tm.signals.die_with`: on Linux the kernel ends
it with its parent, elsewhere the closed pipe at its next read); an error in it is raised in the
importing process.
"""

from __future__ import annotations

import concurrent.futures
import multiprocessing
import os
import queue
import signal
import subprocess
import sys
import threading
from collections.abc import Callable, Iterable, Sequence
from multiprocessing.connection import Connection

from tm import signals
from tm.errors import TmError
from tm.store.build import LangState, LanguageBuild, Source

Opener = tuple[Callable[[str], Source], str]  # a module-level function (sent by name) and its argument

SEND_AHEAD = 64  # batches queued for a worker before the importing process waits for it to take them
MIN_ROWS = 10_000  # a language gets a worker once an import has this many of its variants (starting
# one, a fresh interpreter, costs a few tenths of a second; from about 10,000 variants the import is faster
# with it on two cores: docs/benchmarks.md, 2026-11-30)


def possible(path: str) -> bool:
    """Whether an import into ``path`` may use workers: a file (not ``:memory:``) and two cores."""
    return path != ":memory:" and (multiprocessing.cpu_count() or 1) >= 2


class Waiting:
    """A language's variants held until there are enough of them for a worker (or the import ends)."""

    def __init__(self, state: LangState) -> None:
        self.state, self.top = state, state.watermark
        self.batches: list[Sequence[tuple[int, int, str]]] = []  # as they came (a build learns per batch)
        self.count = 0

    def add(self, rows: Sequence[tuple[int, int, str]]) -> None:
        self.batches.append(rows)
        self.count += len(rows)
        if rows:
            self.top = rows[-1][0]

    def into(self, build) -> None:
        """Hand the variants held to ``build``, batch by batch."""
        for rows in self.batches:
            build.add(rows)


class WorkerBuild:
    """A :class:`LanguageBuild` of one language in a worker process: :meth:`add` and :meth:`finish` as
    the in-process build has them, its rows written through ``sink`` (the importing process's
    connection) by :meth:`drain`; ``opener`` opens the worker's view of the TM before the import."""

    def __init__(self, opener: Opener, state: LangState, sink) -> None:
        self.state, self.sink, self.top = state, sink, state.watermark
        self._asked = False
        self.process = _start([sys.executable, "-c", _BOOT])
        self._in = Connection(os.dup(self.process.stdin.fileno()), readable=False)
        self._out = Connection(os.dup(self.process.stdout.fileno()), writable=False)
        self.process.stdin.close()
        self.process.stdout.close()
        self._finished = False
        self._unsent: BaseException | None = None  # why a message could not be sent (the worker ended)
        self._outbox: queue.Queue = queue.Queue(maxsize=SEND_AHEAD)
        self._outbox.put(sys.path)  # first, so that the worker can import the opener's module
        self._outbox.put((opener, state, os.getpid()))
        self.sender = threading.Thread(target=self._send, daemon=True, name="tm-index-send")
        self.sender.start()
        self.messages: queue.Queue = queue.Queue()
        self.thread = threading.Thread(target=self._receive, daemon=True)
        self.thread.start()

    def _send(self) -> None:
        """Send the queued messages in order: the importing process never waits on the pipe while the
        worker takes the variants its language waited for (10,000 at once) or catches up at its own pace;
        it waits only when SEND_AHEAD batches are queued. After a failed send, the rest are dropped (the
        worker has ended: the receiving side reports it)."""
        while True:
            message = self._outbox.get()
            if message is None:
                return
            if self._unsent is None:
                try:
                    self._in.send(message)
                except BaseException as err:  # noqa: BLE001 - raised in the importing thread by add()
                    self._unsent = err

    def _receive(self) -> None:
        try:
            while True:
                message = self._out.recv()
                self.messages.put(message)
                if message[0] in ("finished", "error"):
                    return
        except (EOFError, OSError):
            self.messages.put(("error", TmError("the process indexing the TM stopped unexpectedly")))

    def add(self, rows: Sequence[tuple[int, int, str]]) -> None:
        if rows:
            self.top = rows[-1][0]
        if self._unsent is not None and not isinstance(self._unsent, OSError):
            raise self._unsent  # (a closed pipe is the worker's end, which drain() reports)
        # as columns: cheaper to pickle than a tuple per row
        self._outbox.put(("add", [r[0] for r in rows], [r[1] for r in rows], [r[2] for r in rows]))
        self.drain()

    def drain(self, until_done: bool = False) -> None:
        """Write the rows received so far (with ``until_done``: until the worker has finished)."""
        while True:
            try:
                message = self.messages.get(block=until_done)
            except queue.Empty:
                return
            kind = message[0]
            if kind == "finished":
                self._finished = True
                return
            if kind == "error":
                self.stop()
                raise message[1]
            getattr(self.sink, kind)(*message[1:])

    def ask_finish(self, top: int) -> None:
        """Tell the worker to finish (so that several finish at once); :meth:`finish` waits for it."""
        if not self._asked:
            self._outbox.put(("finish", top))
            self._asked = True

    def finish(self, top: int) -> None:
        self.ask_finish(top)
        self.drain(until_done=True)
        self.stop()

    def stop(self) -> None:
        """End the worker (done, or the import failed: then at once, whatever it was still given)."""
        if not self._finished:
            self.process.kill()  # (its pipe breaks: the sender drops what is queued)
        self._outbox.put(None)
        self.sender.join(timeout=10)
        try:
            self._in.close()
        except OSError:
            pass
        try:
            self.process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self.thread.join(timeout=5)
        self._out.close()


_STARTER: concurrent.futures.ThreadPoolExecutor | None = None


def _start(args: list[str]) -> subprocess.Popen:
    """Start a worker process, from a thread that lives as long as this process: Linux sends the parent-death
    signal (:func:`tm.signals.die_with`) when the *thread* that started the child ends, and a worker
    started by PostgreSQL's write-behind thread (one per batch) would die with that thread."""
    global _STARTER
    if threading.current_thread() is threading.main_thread():
        return subprocess.Popen(args, stdin=subprocess.PIPE, stdout=subprocess.PIPE, close_fds=True)
    if _STARTER is None:
        _STARTER = concurrent.futures.ThreadPoolExecutor(max_workers=1, thread_name_prefix="tm-worker-start")
    return _STARTER.submit(
        subprocess.Popen, args, stdin=subprocess.PIPE, stdout=subprocess.PIPE, close_fds=True
    ).result()


class _Sink:
    """The worker's side: each row batch sent to the importing process as it is made."""

    def __init__(self, out: Connection) -> None:
        self.out = out

    def write_seqs(self, lang_id: int, uids: list[int], ords: list[int], seqs: list[str]) -> None:
        self.out.send(("write_seqs", lang_id, uids, ords, seqs))

    def write_postings(self, rows: list[tuple]) -> None:
        self.out.send(("write_postings", rows))

    def write_bits(self, rows: list[tuple]) -> None:
        self.out.send(("write_bits", rows))

    def write_vocab(self, new: list[tuple], changed: list[tuple]) -> None:
        self.out.send(("write_vocab", new, changed))

    def done(self, lang_id: int, watermark: int, tokens: int) -> None:
        self.out.send(("done", lang_id, watermark, tokens))


# The worker's first lines: its pipes are its standard input and output (stray prints go to stderr); it
# imports tm from where the importing process does.
_BOOT = """
import os, sys
from multiprocessing.connection import Connection
rows_in, out = Connection(os.dup(0), writable=False), Connection(os.dup(1), readable=False)
os.dup2(2, 1)
path_list = rows_in.recv()
sys.path[:0] = [p for p in path_list if p not in sys.path]
from tm.store.workers import work
work(rows_in, out)
"""


def work(rows_in: Connection, out: Connection) -> None:
    """The worker: build from the rows received, until told to finish or the pipe closes."""
    try:
        (open_source, arg), state, parent = rows_in.recv()
    except BaseException as err:  # noqa: BLE001 - e.g. the opener's module failing to import
        out.send(("error", TmError(f"indexing: {type(err).__name__}: {err}")))
        out.close()
        return
    signals.die_with(parent)  # never outlives the importing process, however that ends
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the importing process's to handle
    try:
        build = LanguageBuild(state, open_source(arg), _Sink(out))
        while True:
            try:
                message = rows_in.recv()
            except EOFError:
                return  # the importing process is gone or gave up: nothing to finish
            if message[0] == "add":
                build.add_columns(*message[1:])
            else:
                build.finish(message[1])
                out.send(("finished",))
                return
    except BaseException as err:  # noqa: BLE001 - every failure goes to the importing process
        try:
            out.send(("error", err))
        except Exception:  # an exception that cannot be pickled, or the pipe is gone
            try:
                out.send(("error", TmError(f"indexing: {type(err).__name__}: {err}")))
            except Exception:
                pass
    finally:
        out.close()


def stop(builds: Iterable) -> None:
    """End the workers among ``builds`` (a failed or abandoned import)."""
    for build in builds:
        if isinstance(build, WorkerBuild):
            build.stop()

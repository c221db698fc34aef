"""tm killed or interrupted: no process left behind, the TM intact, and a report that says what was done.

Each test runs tm as a real process and signals it. Phases are found either from outside (the reading
process exists and has read a share of the file) or, for the commit, from the SQL tm runs: in the child,
a connection class that tm's sqlite3.connect returns sets off a real signal from another thread when a
given statement starts, so that it arrives while SQLite executes it, or at the latest just after (the
statement's caller waits for it: a loaded machine cannot make it arrive in a later phase).
"""

from __future__ import annotations

import signal
import subprocess
import sys
from pathlib import Path

import pytest
from faults import (
    ENV,
    ROOT,
    alive,
    children,
    kill_all,
    run_tm,
    survivors,
    tm_argv,
    tm_state,
    wait_until,
    write_tmx,
)

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc (Linux)")

SEED = ROOT / "corpora" / "wcm-2025" / "report.tmx"
NOTHING = "nothing was changed"
DONE = "Interrupted, but already done: the import into"


@pytest.fixture
def seeded(tmp_path) -> tuple[Path, tuple]:
    db = tmp_path / "t.db"
    assert run_tm(db, "import", str(SEED)).returncode == 0
    return db, tm_state(db)


def _read_share(pid: int, size: int) -> float:
    """How much of a file of ``size`` bytes process ``pid`` has read (its rchar, Linux /proc)."""
    try:
        for line in Path(f"/proc/{pid}/io").read_text().splitlines():
            if line.startswith("rchar:"):
                return int(line.split()[1]) / size
    except OSError:
        pass
    return 0.0


@pytest.mark.parametrize("share", [0.0, 0.25, 0.6], ids=["reading-starts", "quarter-read", "most-read"])
@pytest.mark.parametrize("sig", [signal.SIGKILL, signal.SIGTERM], ids=["SIGKILL", "SIGTERM"])
def test_a_killed_import_leaves_no_process_and_the_tm_intact(big_tmx, seeded, sig, share):
    db, before = seeded
    size = big_tmx.stat().st_size
    proc = subprocess.Popen(
        tm_argv(db, "import", str(big_tmx)),
        env=ENV,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    kids: list[int] = []

    def reached() -> bool:
        kids[:] = children(proc.pid) or kids
        return bool(kids) and _read_share(kids[0], size) >= share

    try:
        assert wait_until(reached, 60), "the import ended before the point to kill it at"
        proc.send_signal(sig)
        proc.wait(timeout=60)
        left = survivors(kids, timeout=10)
    finally:
        kill_all([p for p in kids if alive(p)])
        if proc.poll() is None:
            proc.kill()
    try:
        _, err = proc.communicate(timeout=30)  # returns once no process holds the pipes open
    except subprocess.TimeoutExpired:
        err = "(the pipes stayed open)"
    assert not left, f"the reading process {left} outlived tm (killed at {share:.0%} read)"
    assert tm_state(db) == before
    if sig == signal.SIGTERM:  # SIGTERM cleans up like Ctrl-C and says so
        assert proc.returncode == 128 + signal.SIGTERM, err
        assert NOTHING in err and "Traceback" not in err, err


# Statements of an import, as tm's SQL starts them, and whether the import is final once one has started.
PHASES = {
    "writing": ("INSERT OR IGNORE INTO units", False),
    "commit": ("COMMIT", True),
    "after-commit": ("SELECT count(*) FROM units", True),
}

HARNESS = r"""
import os, signal, sqlite3, sys, threading
statement, signum = sys.argv[1], int(sys.argv[2])
fire, sent = threading.Event(), threading.Event()


def sender():
    fire.wait()
    os.kill(os.getpid(), signum)  # a real signal, sent while the main thread runs the statement in SQLite
    sent.set()


threading.Thread(target=sender, daemon=True).start()


class Connection(sqlite3.Connection):
    def _run(self, run, sql, *args):
        hit = sql.startswith(statement) and not fire.is_set()
        if hit:
            fire.set()
        try:
            return run(sql, *args)
        finally:
            if hit:  # however slow the sender, its signal acts here at the latest: just after the statement
                sent.wait(30)

    def execute(self, sql, *args):
        return self._run(super().execute, sql, *args)

    def executemany(self, sql, *args):
        return self._run(super().executemany, sql, *args)


_connect = sqlite3.connect
sqlite3.connect = lambda *args, **kwargs: _connect(*args, factory=Connection, **kwargs)
sys.argv = ["tm", *sys.argv[3:]]
from tm.cli.main import main

main()
"""


@pytest.mark.parametrize("phase", list(PHASES))
@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM], ids=["SIGINT", "SIGTERM"])
def test_an_interrupted_import_says_whether_it_was_committed(tmp_path, seeded, sig, phase):
    db, before = seeded
    source = write_tmx(tmp_path / "new.tmx", 6000)
    statement, final = PHASES[phase]
    done = subprocess.run(
        [sys.executable, "-c", HARNESS, statement, str(int(sig)), "--db", str(db), "import", str(source)],
        env=ENV,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 128 + sig, done.stderr
    assert "Traceback" not in done.stderr and "internal error" not in done.stderr, done.stderr
    check, units, origins = tm_state(db)
    assert check == "ok"
    if final:
        assert DONE in done.stderr and NOTHING not in done.stderr, done.stderr
        assert (units, origins) == (before[1] + 6000, before[2] + 1)
    else:
        assert NOTHING in done.stderr and "already done" not in done.stderr, done.stderr
        assert (check, units, origins) == before

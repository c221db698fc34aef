"""On a terminal: a progress bar and colour; in a pipe: neither (see test_cli for the pipe side)."""

from __future__ import annotations

import os
import pty
import subprocess
import sys

from test_bad_input import _big_tmx


def _run_with_tty_stderr(args, env):
    master, slave = pty.openpty()
    proc = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=slave, env=env)
    os.close(slave)
    chunks = []
    while True:
        try:
            data = os.read(master, 65536)
        except OSError:
            break
        if not data:
            break
        chunks.append(data)
    proc.wait(timeout=120)
    os.close(master)
    return proc.returncode, b"".join(chunks).decode("utf-8", "replace")


def test_progress_bar_and_colour_on_a_terminal(tmp_path):
    big = tmp_path / "big.tmx"
    _big_tmx(big, 30_000)
    env = dict(os.environ, TM_DB=str(tmp_path / "t.tmdb"), COLUMNS="100")
    code, err = _run_with_tty_stderr([sys.executable, "-m", "tm.cli.main", "import", str(big)], env)
    assert code == 0, err
    assert "Importing" in err and "100%" in err
    code, err = _run_with_tty_stderr(
        [sys.executable, "-m", "tm.cli.main", "import", str(tmp_path / "nope.tmx")], env
    )
    assert code == 1 and "no such file" in err  # a missing file is a data error (README: exit 1)
    bad = tmp_path / "bad.tmx"
    bad.write_text("not a tm")
    code, err = _run_with_tty_stderr([sys.executable, "-m", "tm.cli.main", "import", str(bad)], env)
    assert code == 1 and "\x1b[31m" in err and "Error:" in err

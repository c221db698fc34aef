"""A reader that goes away (`tm lookup - | head -1`) ends tm quietly with exit 0, as for every command
(trial bug 10)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
WCM = ROOT / "corpora" / "wcm-2025"


@pytest.mark.parametrize("json", [False, True])
def test_lookup_from_stdin_into_a_closed_pipe_exits_0(tmp_path, json):
    db = tmp_path / "tm.db"
    tm = [sys.executable, "-m", "tm.cli.main", "--db", str(db)]
    subprocess.run([*tm, "import", str(WCM / "report.tmx")], check=True, capture_output=True)
    rows = (WCM / "segments.tsv").read_text(encoding="utf-8").splitlines()[1:]
    lines = [row.split("\t")[2] for row in rows]  # the TM's own sentences: every one a match, no "No match"
    queries = tmp_path / "queries.txt"
    queries.write_text("\n".join(lines * 100), encoding="utf-8")  # far more output than a pipe holds
    with queries.open("rb") as stdin:
        proc = subprocess.Popen(
            [*tm, "lookup", "-", "--src", "zh", "--tgt", "en", *(["--json"] if json else [])],
            stdin=stdin,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
    assert proc.stdout is not None and proc.stderr is not None
    assert proc.stdout.readline()  # the first line, then the reader goes away
    proc.stdout.close()
    assert proc.wait(timeout=120) == 0
    assert proc.stderr.read() == b""

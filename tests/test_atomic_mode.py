"""Output files keep the permissions of the file they replace, and a new one gets what the umask allows
(review: every output was 0644, whatever the umask or the old file's mode)."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest
from faults import ROOT, run_tm

from tm.formats.atomic import write_atomic


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture
def umask():
    """Set the process's umask for one test (restored after)."""
    saved = os.umask(0o022)
    os.umask(saved)
    yield os.umask
    os.umask(saved)


@pytest.mark.parametrize("mask, mode", [(0o077, 0o600), (0o022, 0o644), (0o002, 0o664), (0o027, 0o640)])
def test_a_new_file_gets_what_the_umask_allows(tmp_path: Path, umask, mask: int, mode: int) -> None:
    umask(mask)
    write_atomic(tmp_path / "out.tmx", b"x")
    assert _mode(tmp_path / "out.tmx") == mode


@pytest.mark.parametrize("old", [0o600, 0o640, 0o664, 0o444])
def test_a_replaced_file_keeps_its_mode(tmp_path: Path, umask, old: int) -> None:
    umask(0o022)
    out = tmp_path / "out.tmx"
    out.write_bytes(b"old")
    out.chmod(old)
    write_atomic(out, b"new")
    assert (out.read_bytes(), _mode(out)) == (b"new", old)


def test_tm_export_under_umask_077(tmp_path: Path) -> None:
    db = tmp_path / "tm.db"
    assert run_tm(db, "import", str(ROOT / "corpora" / "wcm-2025" / "report.tmx")).returncode == 0
    out = tmp_path / "private.tmx"
    done = run_tm(db, "export", str(out), preexec_fn=lambda: os.umask(0o077))
    assert done.returncode == 0, done.stderr
    assert _mode(out) == 0o600

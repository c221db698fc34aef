"""Temporary output files: beside the target, gone on every way out tm controls, and the leftovers of a
killed run removed by the next write to the same target, only when certainly stale."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from faults import ENV, run_tm, tm_argv, wait_until
from lxml import etree

from tm.formats import atomic

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="signals and pids as on Linux")


def _parts(folder: Path) -> list[Path]:
    return sorted(folder.glob(".*.part"))


def _export_until_part(db: Path, out: Path) -> subprocess.Popen:
    proc = subprocess.Popen(tm_argv(db, "export", str(out)), env=ENV, stderr=subprocess.PIPE, text=True)
    assert wait_until(lambda: bool(_parts(out.parent)) or proc.poll() is not None, 60)
    assert proc.poll() is None, "the export ended before it could be stopped"
    return proc


def test_an_export_stopped_by_sigterm_or_ctrl_c_leaves_no_temporary_file(big_tm, tmp_path):
    for sig in (signal.SIGTERM, signal.SIGINT):
        out = tmp_path / f"out-{sig.name}" / "all.tmx"
        out.parent.mkdir()
        proc = _export_until_part(big_tm, out)
        proc.send_signal(sig)
        _, err = proc.communicate(timeout=60)
        assert proc.returncode == 128 + sig, err
        assert "nothing was changed" in err
        assert list(out.parent.iterdir()) == [], "neither the output nor a temporary file may be left"


def test_a_killed_export_leaves_a_part_file_that_the_next_export_removes(big_tm, tmp_path):
    out = tmp_path / "all.tmx"
    proc = _export_until_part(big_tm, out)
    proc.kill()
    proc.wait(timeout=60)
    (left,) = _parts(tmp_path)
    assert left.name.startswith(f".all.tmx.tm-{atomic._host()}-{proc.pid}.")
    assert not out.exists()
    again = run_tm(big_tm, "export", str(out))
    assert again.returncode == 0, again.stderr
    assert _parts(tmp_path) == []
    assert sum(1 for _ in etree.iterparse(str(out), tag="tu")) == 40000


def _dead_pid() -> int:
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    return child.pid


def test_only_stale_leftovers_of_tm_for_this_target_are_removed(tmp_path):
    target = tmp_path / "x.tmx"
    host, dead, alive = atomic._host(), _dead_pid(), os.getppid()
    other_host = f"{(int(host, 16) + 1) % 0xFFFFFF:06x}"
    day_ago = time.time() - 2 * atomic.LEGACY_AGE
    names = {
        f".x.tmx.tm-{host}-{dead}.abcd1234.part": True,  # its process is gone: stale
        f".x.tmx.tm-{host}-{alive}.abcd1234.part": False,  # its process runs
        f".x.tmx.tm-{other_host}-{dead}.abcd1234.part": False,  # another machine's: cannot tell
        ".x.tmx.old_a1b2.part": True,  # an older tm's, untouched for two days
        ".x.tmx.new_a1b2.part": False,  # an older tm's, written just now
        f".y.tmx.tm-{host}-{dead}.abcd1234.part": False,  # another target's
        ".x.tmx.notours.part": False,  # not tm's pattern
        f"x.tmx.tm-{host}-{dead}.abcd1234.part": False,  # not hidden: not tm's
    }
    for name in names:
        (tmp_path / name).write_bytes(b"<tmx")
    os.utime(tmp_path / ".x.tmx.old_a1b2.part", (day_ago, day_ago))
    link = tmp_path / f".x.tmx.tm-{host}-{dead}.linklink.part"
    link.symlink_to(tmp_path / "elsewhere")
    folder = tmp_path / f".x.tmx.tm-{host}-{dead}.folder12.part"
    folder.mkdir()
    expected = {tmp_path / name for name, stale in names.items() if stale}
    if os.geteuid() == 0:  # someone else's leftover, even a stale one, is theirs to remove
        theirs = tmp_path / f".x.tmx.tm-{host}-{_dead_pid()}.theirs12.part"
        theirs.write_bytes(b"")
        os.chown(theirs, 65534, 65534)
    before = {p.name for p in tmp_path.iterdir()}
    assert set(atomic.remove_stale(target)) == expected
    assert {p.name for p in tmp_path.iterdir()} == before - {p.name for p in expected}
    assert link.is_symlink() and folder.is_dir()
    # and the writer does it itself, then writes its own file beside the target
    stale = tmp_path / f".x.tmx.tm-{host}-{_dead_pid()}.zzzz9999.part"
    stale.write_bytes(b"")
    with atomic.atomic_output(target) as handle:
        (mine,) = [p for p in tmp_path.glob(f".x.tmx.tm-{host}-{os.getpid()}.*.part")]
        handle.write(b"<tmx/>")
    assert not stale.exists() and not mine.exists() and target.read_bytes() == b"<tmx/>"

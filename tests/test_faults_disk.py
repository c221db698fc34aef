"""A full disk, read-only files, folders and media, permissions, a locked TM: each one line naming the
file, exit 1, never "internal error", and the TM left as it was.

A full disk is a real one: a small tmpfs in a private mount namespace (tests.faults.on_small_disk), and,
where no namespace can be made, a file-size limit (RLIMIT_FSIZE), which SQLite and Python meet as the same
short writes. Permissions are real too: as root, tm runs without the capabilities that override them.
"""

from __future__ import annotations

import os
import resource
import signal
import sqlite3
import subprocess
from pathlib import Path

import pytest
from faults import ROOT, on_small_disk, permissions_apply, run_tm, tm_argv, tm_state, write_tmx

SEED = ROOT / "corpora" / "wcm-2025" / "report.tmx"


def _one_error(stderr: str, *needles: str) -> str:
    """The error line of a failed command: the only one besides a hint, without 'internal error'."""
    lines = [line for line in stderr.splitlines() if line.strip()]
    errors = [line for line in lines if line.startswith("Error:")]
    assert len(errors) == 1 and all(ln.startswith(("Error:", "Hint:")) for ln in lines), stderr
    assert "internal error" not in stderr and "Traceback" not in stderr, stderr
    for needle in needles:
        assert needle in errors[0], stderr
    return errors[0]


@pytest.fixture(scope="module")
def mid(tmp_path_factory) -> Path:
    return write_tmx(tmp_path_factory.mktemp("mid") / "mid.tmx", 8000, seed=2)


def test_an_import_onto_a_full_disk_says_so_and_leaves_the_tm(tmp_path, mid):
    disk = tmp_path / "disk"
    db = str(disk / "t.db")
    results = on_small_disk(
        disk,
        "3m",
        [
            tm_argv(db, "import", str(SEED)),
            ("state", db),
            ("fill", 150_000),
            tm_argv(db, "import", str(mid)),
            ("state", db),
        ],
    )
    seeded, before, _, failed, after = results
    assert seeded[0] == 0, seeded
    assert failed[0] == 1
    _one_error(failed[2], f"{db}: the disk is full")
    assert after == before and before[0] == "ok"


def test_an_export_onto_a_full_disk_says_so_and_leaves_no_file(tmp_path, mid):
    disk = tmp_path / "disk"
    db = str(tmp_path / "t.db")
    assert run_tm(db, "import", str(mid)).returncode == 0
    out = str(disk / "all.tmx")
    results = on_small_disk(disk, "1m", [tm_argv(db, "export", out), ("ls",)])
    failed, listing = results
    assert failed[0] == 1
    _one_error(failed[2], f"{out}: the disk is full")
    assert listing == [], "no output and no temporary file may be left"


def _limited(size: int):
    def limit() -> None:  # in the child, before exec: writes beyond `size` bytes fail
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (size, size))

    return limit


def test_an_import_past_the_file_size_limit_is_a_full_disk(tmp_path, mid):
    """The same path without a mount namespace: SQLite meets RLIMIT_FSIZE as a failed write."""
    db = tmp_path / "t.db"
    assert run_tm(db, "import", str(SEED)).returncode == 0
    before = tm_state(db)
    failed = run_tm(db, "import", str(mid), preexec_fn=_limited(db.stat().st_size + 200_000))
    assert failed.returncode == 1
    _one_error(failed.stderr, f"{db}: the TM cannot grow past the file size limit")
    assert tm_state(db) == before


def test_a_read_only_tm_file_and_folder(tmp_path):
    db = tmp_path / "ro" / "t.db"
    db.parent.mkdir()
    assert run_tm(db, "import", str(SEED)).returncode == 0
    db.chmod(0o444)
    failed = run_tm(db, "import", str(SEED), **permissions_apply())
    assert failed.returncode == 1
    _one_error(failed.stderr, f"{db}: the TM file is read-only")
    db = tmp_path / "t.db"  # a TM that was never opened read-only (that leaves a read-only t.db-shm)
    assert run_tm(db, "import", str(SEED)).returncode == 0
    before = tm_state(db)
    folder = tmp_path
    folder.chmod(0o555)  # the file writable, but SQLite cannot create t.db-wal beside it
    try:
        failed = run_tm(db, "import", str(SEED), **permissions_apply())
    finally:
        folder.chmod(0o755)
    assert failed.returncode == 1
    _one_error(failed.stderr, f"{db}: the TM's folder is read-only")
    assert tm_state(db) == before


def test_a_tm_on_read_only_media(tmp_path):
    disk = tmp_path / "disk"
    db = str(disk / "t.db")
    results = on_small_disk(
        disk, "4m", [tm_argv(db, "import", str(SEED)), ("remount-ro",), tm_argv(db, "import", str(SEED))]
    )
    assert results[0][0] == 0
    assert results[2][0] == 1
    _one_error(results[2][2], f"{db}: the TM is on a read-only file system")


def test_permission_denied_on_the_tm_and_on_a_file_to_import(tmp_path):
    db = tmp_path / "t.db"
    assert run_tm(db, "import", str(SEED)).returncode == 0
    theirs = tmp_path / "theirs.db"
    theirs.write_bytes(db.read_bytes())
    theirs.chmod(0o600)
    os.chown(theirs, 65534, 65534) if os.geteuid() == 0 else theirs.chmod(0o000)
    for args in (("stats",), ("lookup", "城市", "--src", "zh", "--tgt", "en"), ("import", str(SEED))):
        failed = run_tm(theirs, *args, **permissions_apply())
        assert failed.returncode == 1, (args, failed.stderr)
        _one_error(failed.stderr, f"{theirs}: permission denied")
    unreadable = tmp_path / "x.tmx"
    unreadable.write_bytes(SEED.read_bytes())
    unreadable.chmod(0o000)
    failed = run_tm(db, "import", str(unreadable), **permissions_apply())
    assert failed.returncode == 1
    _one_error(failed.stderr, f"{unreadable}: permission denied")


def test_a_locked_tm_is_busy_not_broken(tmp_path):
    """Another program holds the write lock (BEGIN IMMEDIATE), or the whole file (locking_mode EXCLUSIVE):
    after the wait, one line saying the TM is busy, for a write and for a read."""
    db = tmp_path / "t.db"
    assert run_tm(db, "import", str(SEED)).returncode == 0
    before = tm_state(db)
    writer = sqlite3.connect(db, isolation_level=None)
    writer.execute("BEGIN IMMEDIATE")
    other = tmp_path / "other.db"
    other.write_bytes(db.read_bytes())
    holder = sqlite3.connect(other, isolation_level=None)
    holder.execute("PRAGMA journal_mode = DELETE")
    holder.execute("PRAGMA locking_mode = EXCLUSIVE")
    holder.execute("BEGIN EXCLUSIVE")
    holder.execute("COMMIT")  # the exclusive lock stays until the connection closes
    try:
        runs = [
            subprocess.Popen(
                tm_argv(path, *args),
                env=os.environ | {"PYTHONPATH": str(ROOT)},
                stderr=subprocess.PIPE,
                text=True,
            )
            for path, args in ((db, ("import", str(SEED))), (other, ("stats",)))
        ]
        results = [(p.wait(timeout=60), p.stderr.read()) for p in runs]
    finally:
        writer.execute("ROLLBACK")
        writer.close()
        holder.close()
    for (code, err), path in zip(results, (db, other), strict=True):
        assert code == 1, err
        _one_error(err, f"{path}: the TM is busy")
    assert tm_state(db) == before


def test_a_pretranslation_onto_a_full_disk_leaves_no_file(tmp_path):
    db = str(tmp_path / "t.db")
    assert run_tm(db, "import", str(SEED)).returncode == 0
    assert run_tm(db, "index").returncode == 0
    disk = tmp_path / "disk"
    out = str(disk / "draft.xlf")
    doc = ROOT / "corpora" / "press-releases" / "wcm-2026-pavilion.zh.txt"
    results = on_small_disk(
        disk,
        "1m",
        [
            ("fill", 4096),
            tm_argv(db, "pretranslate", str(doc), "--src", "zh", "--tgt", "en", "-o", out),
            ("ls",),
        ],
    )
    _, failed, listing = results
    assert failed[0] == 1
    _one_error(failed[2], f"{out}: the disk is full")
    assert listing == ["filler"]


def test_a_damaged_tm_is_one_line_naming_it(tmp_path):
    db = tmp_path / "t.db"
    assert run_tm(db, "import", str(SEED)).returncode == 0
    data = bytearray(db.read_bytes())
    data[4096:] = b"\xff" * (len(data) - 4096)  # every page after the first (the schema) overwritten
    db.write_bytes(bytes(data))
    for args in (("stats",), ("export", str(tmp_path / "out.tmx")), ("import", str(SEED))):
        failed = run_tm(db, *args)
        assert failed.returncode == 1, failed.stderr
        _one_error(failed.stderr, f"{db}: the TM file is damaged")

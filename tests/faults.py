"""Helpers for the fault tests: tm in a child process, the processes it leaves, a small disk, and a
process without root's power to ignore file permissions."""

from __future__ import annotations

import ctypes
import json
import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TM = [sys.executable, "-m", "tm.cli.main"]
ENV = {**os.environ, "PYTHONPATH": str(ROOT), "PYTHONIOENCODING": "utf-8"}

HAN = "中国电影节合作伙伴莫斯科北京展馆剧集观众发布新闻媒体城市报告平台频道互动电视在线影院优势"
WORDS = (
    "press release pavilion festival cooperation series audience partner Moscow Beijing city report".split()
)


def tm_argv(db: Path | str, *args: str) -> list[str]:
    return [*TM, "--db", str(db), *args]


def run_tm(db: Path | str, *args: str, **kwargs) -> subprocess.CompletedProcess:
    """``tm --db DB ARGS...`` in a child process (a real process: signals, exit codes, open files)."""
    kwargs.setdefault("capture_output", True)
    kwargs.setdefault("text", True)
    kwargs.setdefault("timeout", 120)
    return subprocess.run(tm_argv(db, *args), env=ENV, **kwargs)


def write_tmx(path: Path, units: int, seed: int = 1) -> Path:
    """A zh-CN/en TMX of ``units`` distinct units (about 340 bytes each)."""
    rng = random.Random(seed)
    with open(path, "w", encoding="utf-8") as out:
        out.write(
            '<?xml version="1.0" encoding="UTF-8"?>\n<tmx version="1.4"><header srclang="zh-CN" '
            'creationtool="faults" creationtoolversion="1" segtype="sentence" datatype="plaintext" '
            'adminlang="en" o-tmf="x"/><body>\n'
        )
        for i in range(units):
            zh = "".join(rng.choice(HAN) for _ in range(30)) + str(i)
            en = " ".join(rng.choice(WORDS) for _ in range(18)) + f" {i}"
            out.write(
                f'<tu tuid="{i}"><tuv xml:lang="zh-CN"><seg>{zh}</seg></tuv>'
                f'<tuv xml:lang="en"><seg>{en}</seg></tuv></tu>\n'
            )
        out.write("</body></tmx>\n")
    return path


def tm_state(db: Path) -> tuple[str, int, int]:
    """(integrity_check, units, origins) of a TM, read with plain sqlite3."""
    con = sqlite3.connect(db)
    try:
        check = con.execute("PRAGMA integrity_check").fetchone()[0]
        units = con.execute("SELECT count(*) FROM units").fetchone()[0]
        origins = con.execute("SELECT count(*) FROM origins").fetchone()[0]
    finally:
        con.close()
    return check, units, origins


# -- processes ------------------------------------------------------------------------------------------


def children(pid: int) -> list[int]:
    """The direct children of ``pid`` (Linux /proc)."""
    found: list[int] = []
    for task in Path(f"/proc/{pid}/task").glob("*/children"):
        try:
            found += [int(p) for p in task.read_text().split()]
        except OSError:
            continue
    return found


def alive(pid: int) -> bool:
    """Whether ``pid`` runs (a zombie has ended: it only waits to be reaped)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat.rsplit(")", 1)[1].split()[0] != "Z"


def wait_until(condition: Callable[[], bool], timeout: float, interval: float = 0.002) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(interval)
    return condition()


def survivors(pids: Sequence[int], timeout: float = 10.0) -> list[int]:
    """The ``pids`` still running after up to ``timeout`` seconds."""
    wait_until(lambda: not any(alive(p) for p in pids), timeout, 0.02)
    return [p for p in pids if alive(p)]


def kill_all(pids: Sequence[int]) -> None:
    for pid in pids:
        try:
            os.kill(pid, signal.SIGKILL)
        except ProcessLookupError:
            pass


# -- without root's power over permissions ---------------------------------------------------------------

PR_CAPBSET_DROP = 24
CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH = 1, 2


def _drop_dac() -> None:  # runs in the child between fork and exec
    libc = ctypes.CDLL(None, use_errno=True)
    for cap in (CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH):
        if libc.prctl(PR_CAPBSET_DROP, cap, 0, 0, 0) != 0:
            raise OSError(ctypes.get_errno(), "prctl(PR_CAPBSET_DROP)")


def permissions_apply() -> dict:
    """subprocess arguments under which file permissions apply to tm: as root, a child without the
    capabilities that override them (the files stay root's, so 0o444 means read-only to it)."""
    return {"preexec_fn": _drop_dac} if os.geteuid() == 0 else {}


# -- a small disk ---------------------------------------------------------------------------------------

_SMALL_DISK = r"""
import json, os, subprocess, sys
plan = json.loads(sys.stdin.read())
disk = plan["disk"]
subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={plan['size']}", "tmpfs", disk], check=True)
os.chdir(disk)
results = []
for step in plan["steps"]:
    if step[0] == "fill":  # leave about step[1] bytes free
        st = os.statvfs(disk)
        free = st.f_bavail * st.f_frsize - step[1]
        with open(os.path.join(disk, "filler"), "ab") as f:
            while free > 0:
                n = min(free, 1 << 16)
                try:
                    f.write(b"\0" * n)
                    f.flush()
                except OSError:
                    break
                free -= n
        results.append(None)
    elif step[0] == "remount-ro":
        subprocess.run(["mount", "-o", "remount,ro", disk], check=True)
        results.append(None)
    elif step[0] == "state":
        import sqlite3
        con = sqlite3.connect(f"file:{step[1]}?mode=ro", uri=True)
        results.append([con.execute("PRAGMA integrity_check").fetchone()[0],
                        con.execute("SELECT count(*) FROM units").fetchone()[0]])
        con.close()
    elif step[0] == "ls":
        results.append(sorted(os.listdir(disk)))
    else:
        r = subprocess.run(step, capture_output=True, text=True, env=plan["env"])
        results.append([r.returncode, r.stdout, r.stderr])
print(json.dumps(results))
"""


def unshare_prefix() -> list[str] | None:
    """``unshare`` arguments for a private mount namespace (as root, or as a user through a user
    namespace), or None when the machine allows neither."""
    if shutil.which("unshare") is None:
        return None
    for prefix in (["unshare", "-m"], ["unshare", "-r", "-m"]):
        probe = subprocess.run([*prefix, "mount", "-t", "tmpfs", "tmpfs", "/mnt"], capture_output=True)
        if probe.returncode == 0:
            return prefix
    return None


def on_small_disk(disk: Path, size: str, steps: list) -> list:
    """Run ``steps`` in a private mount namespace with a tmpfs of ``size`` mounted on ``disk`` (the
    working directory): tm commands (argv lists), ("fill", bytes left), ("remount-ro",), ("state", db)
    and ("ls",). Returns one result per step: [exit code, stdout, stderr], [integrity, units], names."""
    prefix = unshare_prefix()
    if prefix is None:
        import pytest

        pytest.skip("no mount namespace here (unshare -m / unshare -rm refused): cannot make a small disk")
    disk.mkdir(exist_ok=True)
    plan = {"disk": str(disk), "size": size, "steps": steps, "env": ENV}
    done = subprocess.run(
        [*prefix, sys.executable, "-c", _SMALL_DISK],
        input=json.dumps(plan),
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)

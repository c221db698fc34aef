"""Several processes at once (issue 11, item 7): lookups during an import neither wait for it nor index
anything (the import indexes its own units, which appear with them when it commits); lookups on a TM
whose index was left behind index its units once between them (the first to get the write lock, without
waiting), the others score those units one by one; every answer is the oracle's. Real processes, each its
own interpreter and SQLite connection.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
import time
from pathlib import Path

from tm.match import OracleMatcher
from tm.store.sqlite import SqliteStore
from tm.tmfiles import import_files

ROOT = Path(__file__).resolve().parent.parent
HAN = "城市报告中国代表团文化的了在是有人这上们来到时大地为子"


def zh(i: int) -> str:
    return "".join(HAN[(i * 7 + j * j) % len(HAN)] for j in range(4 + i % 20)) + f"第{i}号"


QUERY = zh(3005)  # in the second file; its first units with the same characters differ in the number

# A lookup process: waits for the file ``go``, then prepares a Matcher (the index is caught up here, if
# at all) and looks up; prints how many variants it indexed, how many units it scanned one by one, and
# what it found.
LOOKUP = textwrap.dedent(
    """
    import json, os, sys, time
    from tm.match import Matcher
    from tm.store.sqlite import SqliteStore
    db, go, query = sys.argv[1:4]
    while not os.path.exists(go):
        time.sleep(0.005)
    store = SqliteStore(db)
    indexed = []
    real = store.index.catch_up
    store.index.catch_up = lambda codes, progress=None, **kw: indexed.append(real(codes, progress, **kw)) or indexed[-1]
    start = time.perf_counter()
    matcher = Matcher(store, "zh", "en", min_score=50, limit=10)
    matcher.prepare()
    prepared = time.perf_counter() - start
    found = [[m.unit_id, m.score] for m in matcher.lookup(query)]
    print(json.dumps({"indexed": sum(indexed), "tail": len(matcher._tail), "found": found, "prepared": prepared}))
    """
)

# An import that stops after its first units are written, with its transaction open, until ``resume``
# exists (so that lookups run while it holds the TM).
IMPORT = textwrap.dedent(
    """
    import os, sys, time
    from tm.store.sqlite import SqliteStore
    from tm.tmfiles import import_files
    db, tmx, started, resume = sys.argv[1:5]
    def progress(n):
        if not os.path.exists(started):
            open(started, "w").close()
            while not os.path.exists(resume):
                time.sleep(0.005)
    with SqliteStore(db) as store:
        [summary] = import_files(store, [tmx], progress=progress, readahead=False)
    print(summary.added)
    """
)


def tmx(path: Path, first: int, count: int) -> Path:
    lines = ['<?xml version="1.0" encoding="UTF-8"?>\n<tmx version="1.4"><header srclang="zh-CN"/><body>']
    for i in range(first, first + count):
        lines.append(
            f'<tu><tuv xml:lang="zh-CN"><seg>{zh(i)}</seg></tuv><tuv xml:lang="en"><seg>Unit {i}.</seg></tuv></tu>'
        )
    lines.append("</body></tmx>")
    path.write_text("\n".join(lines), encoding="utf-8")
    return path


def start(code: str, *args: str) -> subprocess.Popen:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.Popen([sys.executable, "-c", code, *args], stdout=subprocess.PIPE, text=True, env=env)


def results(procs: list[subprocess.Popen]) -> list[dict]:
    out = []
    for proc in procs:
        stdout, _ = proc.communicate(timeout=300)
        assert proc.returncode == 0
        out.append(json.loads(stdout))
    return out


def oracle(db: Path) -> list[list]:
    with SqliteStore(db) as store:
        found = OracleMatcher.from_store(store, "zh", "en").lookup(QUERY, min_score=50, limit=10)
        return [[m.unit_id, m.score] for m in found]


def test_lookups_during_an_import_neither_wait_nor_index(tmp_path) -> None:
    db = tmp_path / "tm.db"
    with SqliteStore(db) as store:
        import_files(store, [tmx(tmp_path / "a.tmx", 0, 3000)])
    before = oracle(db)
    started, resume, go = tmp_path / "started", tmp_path / "resume", tmp_path / "go"
    importer = start(IMPORT, str(db), str(tmx(tmp_path / "b.tmx", 3000, 6000)), str(started), str(resume))
    try:
        while not started.exists():
            assert importer.poll() is None, "the import ended before it started writing"
            time.sleep(0.01)
        lookups = [start(LOOKUP, str(db), str(go), QUERY) for _ in range(4)]
        go.touch()
        during = results(lookups)
    finally:
        resume.touch()
    stdout, _ = importer.communicate(timeout=300)
    assert importer.returncode == 0 and int(stdout) == 6000
    # during the import: the TM as it was, fully indexed; nothing indexed, nothing scanned one by one
    assert [(r["indexed"], r["tail"], r["found"]) for r in during] == [(0, 0, before)] * 4
    # after it: its units came with their index
    [after] = results([start(LOOKUP, str(db), str(go), QUERY)])
    assert (after["indexed"], after["tail"], after["found"]) == (0, 0, oracle(db))
    assert before and after["found"] != before and after["found"][0][1] == 100.0


def test_lookups_on_an_index_left_behind_index_it_once(tmp_path) -> None:
    """While another process writes, lookups scan what the index lacks at once (they waited for the write
    lock before: 5 s each, then indexed it again one after the other); once it is free, one of them
    indexes it and the others scan it."""
    db = tmp_path / "tm.db"
    with SqliteStore(db) as store:
        import_files(store, [tmx(tmp_path / "a.tmx", 0, 2000)])
        import_files(store, [tmx(tmp_path / "b.tmx", 2000, 12000)], index=False)
        behind = store.index.pending(["zh-CN"])
    assert behind == 12000
    want = oracle(db)
    assert want
    other = SqliteStore(db)  # another process writing the TM: it holds the write lock
    try:
        with other.transaction():
            go = tmp_path / "go-1"
            procs = [start(LOOKUP, str(db), str(go), QUERY) for _ in range(4)]
            time.sleep(1.0)  # let every interpreter start and wait
            go.touch()
            busy = results(procs)
    finally:
        other.close()
    assert [(r["indexed"], r["tail"], r["found"]) for r in busy] == [(0, behind, want)] * 4
    assert max(r["prepared"] for r in busy) < 4.0  # no waiting for the lock (it was 5 s)
    go = tmp_path / "go-2"
    procs = [start(LOOKUP, str(db), str(go), QUERY) for _ in range(4)]
    time.sleep(1.0)
    go.touch()
    got = results(procs)
    assert all(r["found"] == want for r in got)
    # every unit was indexed once, by one process; the others scanned it, or found it indexed
    assert sum(r["indexed"] for r in got) == behind
    assert sorted(r["indexed"] > 0 for r in got) == [False, False, False, True]
    assert all(r["indexed"] > 0 or r["tail"] in (0, behind) for r in got)
    with SqliteStore(db) as store:
        assert store.index.pending(["zh-CN"]) == 0

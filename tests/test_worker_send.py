"""The importing process hands a language's variants to its worker without waiting on the pipe
(tm/store/workers.py, ``WorkerBuild._send``): a worker started with the variants its language
waited for takes them at its own pace while the import goes on. Before, the importing process blocked
on the full pipe until the worker had read them all (seconds at the start of every large import, with
one core idle). The worker's rows are still exactly what an in-process build makes."""

from __future__ import annotations

import threading
import time
from pathlib import Path

from tm.model import Header, Unit, Variant
from tm.store import workers
from tm.store.build import LangState, LanguageBuild
from tm.store.sqlite import SqliteStore
from tm.store.sqlite.rows import open_readonly


def gated(path: str):
    """A worker's source that opens only once the file ``<path>.go`` exists (sent to the worker by name)."""
    gate = Path(path + ".go")
    while not gate.exists():
        time.sleep(0.01)
    return open_readonly(path)


class _Rows:
    def __init__(self) -> None:
        self.rows: list[tuple] = []

    def __getattr__(self, name: str):
        if not name.startswith(("write_", "done")):
            raise AttributeError(name)
        return lambda *args: self.rows.append((name, args))


def _batches(count: int) -> list[list[tuple[int, int, str]]]:
    words = "the city report of a delegation film festival partner channel media".split()
    out, uid = [], 0
    for _ in range(count):
        batch = []
        for _ in range(2000):
            uid += 1
            batch.append((uid, 0, " ".join(words[(uid * k) % len(words)] for k in range(1, 12)) + f" {uid}"))
        out.append(batch)
    return out


def test_a_worker_that_has_not_read_yet_does_not_hold_the_import_up(tmp_path) -> None:
    db = tmp_path / "tm.db"
    with SqliteStore(db) as store, store.transaction():  # a TM for the worker to open
        writer = store.writer(store.add_origin("a.tmx", "tmx", Header()))
        writer.add(Unit((Variant("en", "A city"),)), 0)
        writer.flush()
    batches = _batches(20)  # ~1.8 MB of variants: far more than a pipe holds
    state = LangState(lang_id=1, watermark=0, tokens=0, levels=8)
    sink = _Rows()
    build = workers.WorkerBuild((gated, str(db)), state, sink)
    try:
        handed = threading.Thread(target=lambda: [build.add(batch) for batch in batches], daemon=True)
        handed.start()
        handed.join(timeout=20)
        assert not handed.is_alive(), "the import waited for a worker that had not read its variants"
    finally:
        Path(str(db) + ".go").touch()  # the worker may open its source and read now
    build.finish(batches[-1][-1][0])
    assert build.process.returncode == 0
    here = _Rows()
    in_process = LanguageBuild(state, open_readonly(str(db)), here)
    for batch in batches:
        in_process.add(batch)
    in_process.finish(batches[-1][-1][0])
    assert sink.rows == here.rows

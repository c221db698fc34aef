"""PostgreSQL writes an import's batches behind (tm/store/postgres/writer.py, ``_write_behind``): each
batch in a thread of its own while the import reads the next, so that the server's work overlaps the
import's (issue 12: importing into PostgreSQL as fast as into SQLite). What must hold whatever the
timing: nothing of the transaction runs after its ROLLBACK (Ctrl-C or an error while a batch is being
written leaves the TM as it was), an error in the batch is the import's own one-line error, and the
worker processes a batch thread starts outlive that thread."""

from __future__ import annotations

import subprocess
import sys
import threading
import time

import psycopg
import pytest

from tests.helpers import record_workers
from tm.errors import StoreError
from tm.model import Header, Unit, Variant
from tm.store import open_store, workers
from tm.store.postgres import writer as pg_writer

BATCH = 500


def _units(first: int, count: int) -> list[Unit]:
    return [
        Unit((Variant("zh-CN", f"城市报告第{i}号"), Variant("en-US", f"City report number {i}")))
        for i in range(first, first + count)
    ]


def _import(pg, units: list[Unit], name: str) -> None:
    """As ``tm import`` does: the units and their index in one transaction."""
    with pg.transaction():
        w = pg.writer(pg.add_origin(name, "tmx", Header()), index=True)
        for position, unit in enumerate(units):
            w.add(unit, position)
        w.flush()
        pg.index.catch_up(pg.languages())


def _behind_threads() -> list[threading.Thread]:
    return [t for t in threading.enumerate() if t.name == "tm-pg-write"]


@pytest.fixture
def tm_url(postgres, monkeypatch):
    monkeypatch.setattr(pg_writer, "BATCH", BATCH)
    name = postgres.new_database()
    try:
        with open_store(postgres.url(name)) as pg:  # a TM holding 100 units
            _import(pg, _units(0, 100), "old.tmx")
        yield postgres.url(name)
    finally:
        postgres.drop_database(name)


def _slow_second_batch(monkeypatch, fail: bool = False) -> threading.Event:
    """The second batch written behind waits until the test has interrupted the import (then writes, or
    fails); the event is set when it starts."""
    started, real, calls = threading.Event(), pg_writer.PgUnitWriter._write, []

    def write(self, rows) -> None:
        calls.append(len(rows))
        if len(calls) == 2:
            started.set()
            release.wait(timeout=10)
            if fail:
                raise psycopg.errors.DiskFull("could not extend file: No space left on device")
        real(self, rows)

    release = threading.Event()
    started.release = release  # type: ignore[attr-defined]
    monkeypatch.setattr(pg_writer.PgUnitWriter, "_write", write)
    return started


def test_ctrl_c_while_a_batch_is_written_behind_leaves_the_tm_as_it_was(tm_url, monkeypatch) -> None:
    """Before the transaction waited for the batch thread, its ROLLBACK ran first and the batch's COPYs
    after it, outside any transaction: committed, 500 units of an interrupted import in the TM."""
    started = _slow_second_batch(monkeypatch)
    with open_store(tm_url) as pg:
        with pytest.raises(KeyboardInterrupt):
            with pg.transaction():
                w = pg.writer(pg.add_origin("new.tmx", "tmx", Header()), index=True)
                for position, unit in enumerate(_units(1000, 5 * BATCH)):
                    w.add(unit, position)
                    if started.is_set():
                        threading.Timer(0.3, started.release.set).start()
                        raise KeyboardInterrupt  # Ctrl-C while the second batch is being written
        assert not _behind_threads()
        for thread in _behind_threads():  # (had it not waited: let it run what it would have run)
            thread.join(timeout=10)
        assert pg.count() == 100
        assert pg.connection.execute("SELECT count(*) FROM variants").fetchone()[0] == 200
        assert pg.connection.execute("SELECT count(*) FROM match_seqs").fetchone()[0] == 200
        assert pg.connection.execute("SELECT count(*) FROM occurrences").fetchone()[0] == 100


def test_an_error_in_a_batch_written_behind_is_the_imports_error(tm_url, monkeypatch) -> None:
    started = _slow_second_batch(monkeypatch, fail=True)
    started.release.set()
    with open_store(tm_url) as pg:
        with pytest.raises(StoreError) as raised:
            with pg.transaction():
                w = pg.writer(pg.add_origin("new.tmx", "tmx", Header()), index=True)
                for position, unit in enumerate(_units(1000, 5 * BATCH)):
                    w.add(unit, position)
                w.flush()
        message = str(raised.value)
        assert "No space left on device" in message and "\n" not in message
        assert not _behind_threads()
        assert pg.count() == 100
        assert pg.connection.execute("SELECT count(*) FROM occurrences").fetchone()[0] == 100


def test_workers_started_by_a_batch_thread_outlive_it(tm_url, monkeypatch) -> None:
    """A worker is started by the batch thread that brings its language MIN_ROWS variants; Linux's
    parent-death signal follows the thread that started a process, and the workers died with their batch
    thread (BrokenPipeError at the next batch) before they were started from a thread that lives on."""
    monkeypatch.setattr(workers, "MIN_ROWS", 600)
    monkeypatch.setattr(workers, "possible", lambda path: True)
    started = record_workers(monkeypatch)
    with open_store(tm_url) as pg:
        with pg.transaction():
            w = pg.writer(pg.add_origin("new.tmx", "tmx", Header()), index=True)
            for position, unit in enumerate(_units(1000, 6 * BATCH)):
                w.add(unit, position)
            w.flush()
            assert len(started) == 2
            assert all(worker.process.poll() is None for worker in started)  # alive after their threads
            pg.index.catch_up(pg.languages())
        assert pg.count() == 100 + 6 * BATCH
        seqs = pg.connection.execute("SELECT count(*) FROM match_seqs").fetchone()[0]
        assert seqs == 2 * (100 + 6 * BATCH)


def test_a_worker_started_from_a_thread_that_ends_lives_on() -> None:
    """The parent-death signal a worker asks for (tm.signals.die_with) follows the thread that started it:
    a process started from a thread that then ends must not be killed with it (workers._start)."""
    code = (
        "import os, sys; from tm import signals; signals.die_with(os.getppid()); "
        "print('ready', flush=True); sys.stdin.read()"
    )
    box: list[subprocess.Popen] = []

    def start() -> None:
        process = workers._start([sys.executable, "-c", code])
        assert process.stdout.readline() == b"ready\n"  # die_with has run
        box.append(process)

    thread = threading.Thread(target=start)
    thread.start()
    thread.join()
    process = box[0]
    try:
        time.sleep(0.3)
        assert process.poll() is None, (
            f"the worker died with the thread that started it ({process.returncode})"
        )
    finally:
        process.stdin.close()
        assert process.wait(timeout=10) == 0


def test_a_transaction_that_fills_the_tm_leaves_planner_statistics(tm_url, monkeypatch) -> None:
    """A TM just filled had no statistics until autovacuum came by, and PostgreSQL then read a lookup's
    ``unit_id = ANY(...)`` by scanning the whole table (lookups 3-10x slower than SQLite's at 100k units):
    a transaction that grows the TM by a tenth or more analyzes its tables as it commits."""
    from tm.store.postgres import store as pg_store

    monkeypatch.setattr(pg_store, "ANALYZE_FROM", 1000)
    with open_store(tm_url) as pg:
        con = pg.connection
        con.execute("SELECT 1")  # (the fixture's TM: 100 units, below the threshold: never analyzed)
        assert con.execute("SELECT reltuples FROM pg_class WHERE relname = 'match_seqs'").fetchone()[0] < 1
        _import(pg, _units(1000, 3000), "new.tmx")
        tuples = dict(
            con.execute(
                "SELECT relname, reltuples FROM pg_class WHERE relname IN ('units', 'variants', 'match_seqs')"
            ).fetchall()
        )
        assert tuples == {"units": 3100, "variants": 6200, "match_seqs": 6200}
        plan = "\n".join(
            row[0]
            for row in con.execute(
                "EXPLAIN SELECT unit_id, seq FROM match_seqs WHERE lang_id = 1 AND unit_id = ANY(%s)",
                (list(range(1000, 1050)),),
            )
        )
        assert "Seq Scan" not in plan, plan


def test_repeated_lookups_read_the_vocabulary_once_while_the_tm_holds(tm_url, monkeypatch) -> None:
    """What a lookup's snapshot read of the index (vocabulary, watermark, bigram sizes) is kept for the
    next ones while the TM's change counter holds. Since the matcher stopped asking for the index's
    status while the counter holds, every PostgreSQL lookup read them again (three round trips a lookup
    more than needed: 2.45x SQLite's p50 at 100k units). A commit still makes the next lookup read anew."""
    from tm.match import Matcher, plans

    monkeypatch.setattr(plans, "SCAN_BELOW", -1)  # the index's plans, not the small-language scan
    statements: list[str] = []
    real = psycopg.Cursor.execute

    def execute(self, query, params=None, **kw):
        statements.append(str(query))
        return real(self, query, params, **kw)

    monkeypatch.setattr(psycopg.Cursor, "execute", execute)
    with open_store(tm_url) as pg:
        matcher = Matcher(pg, "en", "zh", limit=5)
        query = "City report number 7"
        first = matcher.lookup(query, min_score=50)
        statements.clear()
        for _ in range(3):
            assert matcher.lookup(query, min_score=50) == first
        reads = [s for s in statements if "match_vocab" in s or "match_langs" in s]
        assert reads == [], reads
        _import(pg, _units(5000, 20), "more.tmx")  # a commit: the next lookup reads again
        statements.clear()
        again = matcher.lookup(query, min_score=50)
        assert [s for s in statements if "match_langs" in s]
        assert [m.unit_id for m in again][:1] == [m.unit_id for m in first][:1]

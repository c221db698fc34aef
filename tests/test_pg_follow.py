"""PostgreSQL builds the match index while an import writes its units, as SQLite does (issue 12: importing
1M units into PostgreSQL must be as fast as into SQLite, which it was not while the index was built after
the last unit): the writer feeds the index the variants it writes (tm/store/follow.py), a language gets a
worker process once it has MIN_ROWS of them (tm/store/workers.py), and its rows go into the TM in the
import's transaction. What is committed is what SQLite builds; what rolls back leaves nothing."""

from __future__ import annotations

import pg_server
import pytest

from tests.helpers import record_workers
from tests.test_index_build import _by_lang, _pg_tables, _tables, write
from tm.errors import TmError
from tm.model import Header, Unit, Variant
from tm.store import open_store, workers
from tm.store.postgres import writer as pg_writer
from tm.store.sqlite import SqliteStore
from tm.store.sqlite import writer as sqlite_writer

BATCH = 1000  # units a batch, on both backends (the same batches of variants: the same token ids)
HAN = "城市报告中国代表团文化的了在是有人这上们来到时大地为子"


def _units(first: int, count: int) -> list[Unit]:
    units = []
    for i in range(first, first + count):
        zh = "".join(HAN[(i * 7 + j * j) % len(HAN)] for j in range(3 + i % 30)) + str(i)
        en = " ".join(["the", "city", "report", "of", "a", f"w{i % 997}", f"x{i % 31}"][: 2 + i % 6])
        units.append(Unit((Variant("zh-CN", zh), Variant("en-US", en))))
    return units


@pytest.fixture
def batches(monkeypatch):
    monkeypatch.setattr(pg_writer, "BATCH", BATCH)
    monkeypatch.setattr(sqlite_writer, "BATCH", BATCH)
    return record_workers(monkeypatch)


def _import_watching(store, units: list[Unit], name: str, started: list, fail: bool = False) -> dict:
    """Import ``units`` as ``tm import`` does (a writer with the index, the catch-up at the end), noting
    after every batch written the workers started and the key sequences in the index's tables (inside the
    transaction); ``fail``: an error after the last batch, before the catch-up."""
    seen: dict = {"workers": [], "seqs": []}
    with store.transaction():
        w = store.writer(store.add_origin(name, "tmx", Header()), index=True)
        for position, unit in enumerate(units):
            w.add(unit, position)
            if (position + 1) % BATCH == 0:
                w.settle()  # the batch is written behind, while the next is read: wait for it
                seen["workers"].append(len(started))
                seen["seqs"].append(store.connection.execute("SELECT count(*) FROM match_seqs").fetchone()[0])
        w.flush()
        if fail:
            raise TmError("the import failed")
        store.index.catch_up(store.languages())
    return seen


def test_postgresql_indexes_while_the_import_writes(postgres, tmp_path, batches, monkeypatch) -> None:
    """In-process (few variants): the key sequences of the units written are in the index's tables, inside
    the import's transaction, batch after batch; with workers (many): a worker per language is running
    from the batch that brings MIN_ROWS variants, long before the last one. Either way the committed index
    is SQLite's, row for row (before, PostgreSQL started its builds after the last batch: no sequence and no
    worker until then)."""
    first, second = _units(0, 6000), _units(4000, 5000)  # the second: 2,000 again (merged), 3,000 new
    monkeypatch.setattr(workers, "MIN_ROWS", 2500)
    lite = tmp_path / "tm.db"
    with SqliteStore(lite) as store:
        write(store, first, "a.tmx", index=True)
        write(store, second, "b.tmx", index=True)
    assert len(batches) == 4
    batches.clear()
    name = postgres.new_database()
    try:
        with open_store(postgres.url(name)) as pg:
            seen = _import_watching(pg, first, "a.tmx", batches)
            assert seen["workers"] == [0, 0, 2, 2, 2, 2]  # 3,000 variants a language after the third batch
            seen = _import_watching(pg, second, "b.tmx", batches)
            assert seen["workers"] == [2, 2, 2, 2, 4]  # 1,000 new in the third, then 1,000 a batch
            assert _by_lang(_pg_tables(pg)) == _by_lang(_tables(lite))
    finally:
        postgres.drop_database(name)
    monkeypatch.setattr(workers, "possible", lambda path: False)  # every language built in-process
    batches.clear()
    name = postgres.new_database()
    try:
        with open_store(postgres.url(name)) as pg:
            seen = _import_watching(pg, first, "a.tmx", batches)
            # two languages, each unit's last variant held by its build until the next batch
            assert seen["seqs"] == [2 * (k * BATCH - 1) for k in range(1, 7)]
            _import_watching(pg, second, "b.tmx", batches)
            assert not batches
            assert _by_lang(_pg_tables(pg)) == _by_lang(_tables(lite))
    finally:
        postgres.drop_database(name)


def test_a_failed_import_leaves_no_index_rows(postgres, batches, monkeypatch) -> None:
    """An import whose workers have written rows into its transaction and that then fails leaves the index
    as it was (watermarks included), and its workers end."""
    monkeypatch.setattr(workers, "MIN_ROWS", 1500)
    name, clean = postgres.new_database(), postgres.new_database()
    try:
        with open_store(postgres.url(name)) as pg:
            _import_watching(pg, _units(0, 3000), "a.tmx", batches)
            before = _pg_tables(pg)
            batches.clear()
            with pytest.raises(TmError, match="the import failed"):
                _import_watching(pg, _units(2000, 4000), "b.tmx", batches, fail=True)
            assert len(batches) == 2  # the workers had started
            assert all(worker.process.poll() is not None for worker in batches)  # and are gone
            assert _pg_tables(pg) == before
            assert pg.count() == 3000
            # the next import indexes what it adds, from the state before the failed one
            _import_watching(pg, _units(2000, 4000), "b.tmx", batches)
            got = _by_lang(_pg_tables(pg))
        with open_store(postgres.url(clean)) as pg:  # the same imports, without the failed one
            for first, count, origin in ((0, 3000, "a.tmx"), (2000, 4000, "b.tmx")):
                _import_watching(pg, _units(first, count), origin, batches)
            assert got == _by_lang(_pg_tables(pg))
            top = pg.connection.execute("SELECT max(id) FROM units").fetchone()[0]
            assert {row[0]: row[2] for row in got["match_langs"]} == {"zh-CN": top, "en-US": top}
    finally:
        postgres.drop_database(name)
        postgres.drop_database(clean)


def test_an_import_that_waited_builds_on_what_the_other_committed(postgres, batches, monkeypatch) -> None:
    """An import that found the writer lock taken stages its batches; once the other import has committed
    (units and index), it merges them, writes the next batches itself and follows them, its workers
    reading the TM as the other left it: the index is a serial import's (the same document frequencies,
    every unit once), not one built on the state before the other import."""
    monkeypatch.setattr(workers, "MIN_ROWS", 1500)
    together, serial = postgres.new_database(), postgres.new_database()
    first, second = _units(0, 3000), _units(2000, 6000)  # the second: 1,000 of the first again
    try:
        with open_store(postgres.url(serial)) as pg:
            _import_watching(pg, first, "a.tmx", batches)
            _import_watching(pg, second, "b.tmx", batches)
        batches.clear()
        with open_store(postgres.url(together)) as a, open_store(postgres.url(together)) as b:
            with a.transaction():
                w = a.writer(a.add_origin("a.tmx", "tmx", Header()), index=True)
                for position, unit in enumerate(first):
                    w.add(unit, position)
                w.flush()
                a.index.catch_up(a.languages())
                waiting = b.transaction()
                waiting.__enter__()
                w = b.writer(b.add_origin("b.tmx", "tmx", Header()), index=True)
                for position, unit in enumerate(second[: 2 * BATCH]):
                    w.add(unit, position)  # the lock is a's: staged
                assert len(batches) == 2  # a's workers
            try:  # a has committed
                for position, unit in enumerate(second[2 * BATCH :], start=2 * BATCH):
                    w.add(unit, position)
                assert len(batches) == 4  # b follows, with workers of its own
                w.flush()
                b.index.catch_up(b.languages())
            except BaseException as err:
                waiting.__exit__(type(err), err, err.__traceback__)
                raise
            waiting.__exit__(None, None, None)
        assert pg_server.vocabulary(postgres.url(together)) == pg_server.vocabulary(postgres.url(serial))
        with open_store(postgres.url(together)) as pg:
            top = pg.connection.execute("SELECT max(id) FROM units").fetchone()[0]
            assert pg.count() == 8000
            seqs = pg.connection.execute(
                "SELECT count(*), count(DISTINCT (lang_id, unit_id)) FROM match_seqs"
            )
            assert seqs.fetchone() == (2 * pg.count(), 2 * pg.count())  # every unit once in each language
            langs = pg.connection.execute("SELECT lang, watermark FROM match_langs").fetchall()
            assert dict(langs) == {"zh-CN": top, "en-US": top}
    finally:
        postgres.drop_database(together)
        postgres.drop_database(serial)

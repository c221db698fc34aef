"""The store's answers to a wrong call and to a failing disk (review M6 and should-fix items): language
codes given as one string are refused, an index catch-up that fails for any reason but a busy TM is an
error naming the TM (only a busy TM is scanned instead), and --db naming a folder says so."""

from __future__ import annotations

import resource
import signal
import sqlite3
from pathlib import Path

import pytest
from faults import ROOT, run_tm

from tm.match import Matcher, OracleMatcher
from tm.model import Header, Unit, Variant
from tm.store import Store
from tm.store.sqlite import SqliteStore

SEED = ROOT / "corpora" / "wcm-2025" / "report.tmx"


def _store(store: Store) -> Store:
    with store.transaction():
        writer = store.writer(store.add_origin("a.tmx", "tmx", Header()))
        for position, (zh, en) in enumerate(
            [("城市报告。", "City report."), ("文化报告。", "Culture report.")], 1
        ):
            writer.add(Unit((Variant("zh-CN", zh), Variant("en", en))), position)
        writer.flush()
    return store


def test_language_codes_as_one_string_are_refused(new_store) -> None:
    store = _store(new_store())
    zh, en = store.resolve("zh"), store.resolve("en")
    assert len(list(store.pairs(zh, en))) == 2 and len(list(store.variant_texts(zh))) == 2
    assert store.contexts(1, zh) == [("\x00", "文化报告。")]
    for call in (
        lambda: list(store.pairs("zh-CN", en)),
        lambda: list(store.pairs(zh, "en")),
        lambda: list(store.pairs("zh", "en", [1])),
        lambda: list(store.variant_texts("zh-CN")),
        lambda: store.contexts(1, "zh-CN"),
    ):
        with pytest.raises(TypeError, match="store.resolve"):
            call()
    store.close()


def _limited(size: int):
    def limit() -> None:  # in the child, before exec: writes beyond `size` bytes fail
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (size, size))

    return limit


def test_an_index_catch_up_that_cannot_write_is_an_error_naming_the_tm(tmp_path: Path) -> None:
    """The first lookup indexes the import; when the TM cannot grow (here: the file size limit, which
    SQLite meets as a full disk would be met), the lookup fails with one line naming the TM instead of
    silently scanning every unit on every lookup."""
    db = tmp_path / "t.db"
    assert run_tm(db, "import", str(SEED)).returncode == 0
    failed = run_tm(db, "lookup", "城市", "--src", "zh", "--tgt", "en", preexec_fn=_limited(65_536))
    assert failed.returncode == 1, failed.stdout
    assert f"Error: {db}: the TM cannot grow past the file size limit" in failed.stderr, failed.stderr
    assert "Traceback" not in failed.stderr
    done = run_tm(db, "lookup", "城市", "--src", "zh", "--tgt", "en")
    assert done.returncode == 0 and "城市" in done.stdout + done.stderr  # No match: on stderr


def test_a_busy_tm_is_scanned(tmp_path: Path) -> None:
    """Another program holding the write lock: the lookup does not index, and scans what is not indexed."""
    path = tmp_path / "t.db"
    _store(SqliteStore(path)).close()
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    store = SqliteStore(path)
    store.connection.execute("PRAGMA busy_timeout = 50")  # not the 5 s a command waits
    try:
        matcher = Matcher(store, "zh", "en", min_score=50)
        got = matcher.lookup("城市报告。")
        assert matcher._tail and store.index.watermark("zh-CN") == 0  # scanned, not indexed
        want = OracleMatcher.from_store(store, "zh", "en").lookup("城市报告。", min_score=50)
        assert (
            [(m.unit_id, m.score) for m in got]
            == [(m.unit_id, m.score) for m in want]
            == [(1, 100.0), (2, 50.0)]
        )
    finally:
        holder.execute("ROLLBACK")
        holder.close()
        store.close()


def test_db_naming_a_folder_says_so(tmp_path: Path) -> None:
    for args in (("stats",), ("lookup", "城市", "--src", "zh", "--tgt", "en"), ("import", str(SEED))):
        failed = run_tm(tmp_path, *args)
        assert failed.returncode == 1
        assert f"Error: {tmp_path}: a folder, not a TM file" in failed.stderr, failed.stderr
        assert f"--db {tmp_path / 'tm.db'}" in failed.stderr

"""Shared fixtures. Tests that need ../shared/ skip with a reason when it is absent.

Backends: a test that takes ``store_url`` (a TM to pass to ``tm --db`` or ``open_store``) or
``new_store`` (a function opening a new, empty TM: for Hypothesis examples) runs once per backend,
``sqlite`` and ``postgresql``; ``backend`` names the one in use. New store, lookup, concordance and
leverage tests should take one of them, so that CI checks them on both. The PostgreSQL runs use the server
that ``TM_TEST_POSTGRES`` names (.ci/run starts one), else a cluster started for the session
(tests/pg_server.py); where none can start they skip, saying why. ``-m "not postgresql"`` leaves them out.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable, Iterator
from pathlib import Path

import pg_server
import pytest

from tm.store import Store, open_store

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
CORPORA = ROOT / "corpora"
BACKENDS = ("sqlite", "postgresql")


def pytest_configure(config) -> None:
    config.addinivalue_line("markers", "postgresql: runs on the PostgreSQL backend")


def pytest_collection_modifyitems(items) -> None:
    for item in items:
        if "[postgresql" in item.nodeid or "-postgresql" in item.nodeid or "postgres" in item.fixturenames:
            item.add_marker(pytest.mark.postgresql)


@pytest.fixture(scope="session")
def shared() -> Path:
    if not SHARED.is_dir():
        pytest.skip(f"../shared/ is absent (looked for {SHARED}); these tests run in CI beside it")
    return SHARED


@pytest.fixture(scope="session")
def corpora() -> Path:
    return CORPORA


@pytest.fixture(scope="session")
def postgres() -> Iterator[pg_server.Server]:
    """The PostgreSQL server of the session (started on first use, stopped at the end)."""
    try:
        import psycopg  # noqa: F401  # the backend's driver: without it there is nothing to test
    except ImportError:
        pytest.skip("psycopg is not installed (pip install '.[test]')")
    try:
        server = pg_server.start()
        server.prepare_template()
    except Exception as err:  # any reason the server cannot start is the skip's reason
        if os.environ.get("TM_TEST_POSTGRES"):  # CI started one: that it cannot be reached is a failure
            pytest.fail(f"the PostgreSQL server TM_TEST_POSTGRES names cannot be used: {err}")
        pytest.skip(f"PostgreSQL cannot be started here: {err}")
    yield server
    server.stop()


@pytest.fixture(params=BACKENDS)
def backend(request) -> str:
    return request.param


@contextlib.contextmanager
def database(backend: str, folder: Path, request) -> Iterator[str]:
    """A new, empty TM of ``backend`` for as long as the block runs (for fixtures of any scope)."""
    if backend == "sqlite":
        yield str(folder / "tm.db")
        return
    server = request.getfixturevalue("postgres")
    name = server.new_database()
    try:
        yield server.url(name)
    finally:
        server.drop_database(name)


@pytest.fixture
def store_url(backend: str, tmp_path: Path, request) -> Iterator[str]:
    """A new, empty TM of the backend under test: an SQLite file path or a PostgreSQL URL."""
    with database(backend, tmp_path, request) as url:
        yield url


@pytest.fixture
def fresh_db(backend: str, tmp_path: Path, request) -> Callable[[], str]:
    """A function giving a new, empty TM of the backend under test each call (SQLite: a new file;
    PostgreSQL: the test's database, emptied: close the stores of the previous one first)."""
    if backend == "sqlite":
        names = iter(range(1 << 30))
        return lambda: str(tmp_path / f"tm{next(names)}.db")
    url = request.getfixturevalue("store_url")

    def fresh() -> str:
        pg_server.empty(url)
        return url

    return fresh


@pytest.fixture
def new_store(backend: str, request) -> Callable[[], Store]:
    """A function opening a new, empty TM of the backend under test (SQLite: in memory; PostgreSQL: the
    test's database, emptied). Close each store before asking for the next."""
    if backend == "sqlite":
        return lambda: open_store(":memory:")
    fresh = request.getfixturevalue("fresh_db")
    return lambda: open_store(fresh())


@pytest.fixture(scope="session")
def big_tmx(tmp_path_factory) -> Path:
    """A zh-CN/en TMX of 40,000 units (13 MB: large enough to be read in a second process)."""
    from faults import write_tmx

    return write_tmx(tmp_path_factory.mktemp("big") / "big.tmx", 40000)


@pytest.fixture(scope="session")
def big_tm(tmp_path_factory, big_tmx) -> Path:
    """A TM holding :func:`big_tmx` (tests must not change it)."""
    from faults import run_tm

    db = tmp_path_factory.mktemp("big-tm") / "t.db"
    done = run_tm(db, "import", str(big_tmx))
    assert done.returncode == 0, done.stderr
    return db

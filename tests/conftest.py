"""Shared fixtures. Tests that need ../shared/ skip with a reason when it is absent."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
CORPORA = ROOT / "corpora"


@pytest.fixture(scope="session")
def shared() -> Path:
    if not SHARED.is_dir():
        pytest.skip(f"../shared/ is absent (looked for {SHARED}); these tests run in CI beside it")
    return SHARED


@pytest.fixture(scope="session")
def corpora() -> Path:
    return CORPORA


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

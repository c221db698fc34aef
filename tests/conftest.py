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

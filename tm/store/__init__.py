"""Where TMs live. ``SqliteStore`` is the default backend; the :class:`Store` protocol is what services use,
so that a shared PostgreSQL TM and the brute-force test oracle can stand in for it.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import AbstractContextManager
from pathlib import Path
from typing import Protocol, runtime_checkable

from tm.model import Unit, Variant


@runtime_checkable
class Store(Protocol):
    """What every TM backend offers."""

    path: str

    def transaction(self) -> AbstractContextManager[None]: ...
    def count(self) -> int: ...
    def languages(self) -> list[str]: ...
    def resolve(self, lang: str) -> list[str]: ...
    def unit(self, unit_id: int) -> Unit: ...
    def units(self, lang: str | None = None) -> Iterator[Unit]: ...
    def pairs(
        self, src: str, tgt: str, unit_ids: list[int] | None = None
    ) -> Iterator[tuple[int, Variant, Variant]]: ...
    def unit_info(self, unit_id: int) -> tuple[str | None, str | None]: ...
    def context(self, unit_id: int, src: str) -> list[tuple[str | None, str | None]]: ...
    def origins(self, unit_id: int) -> list[tuple[str, int]]: ...
    def close(self) -> None: ...


def default_db_path() -> Path:
    """``$TM_DB``, else ``tm/tm.db`` in the XDG data directory (``~/.local/share`` by default)."""
    env = os.environ.get("TM_DB")
    if env:
        return Path(env)
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "tm" / "tm.db"


def open_store(db: str | Path | None = None, *, readonly: bool = False) -> Store:
    """Open the TM database ``db`` (default :func:`default_db_path`; ``":memory:"`` for a temporary one)."""
    from tm.store.sqlite import (
        SqliteStore,  # sqlite3 is loaded when a TM is opened, not when this is imported
    )

    return SqliteStore(db if db is not None else default_db_path(), readonly=readonly)

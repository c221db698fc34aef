"""Where TMs live: the :class:`Store` protocol every service takes (:mod:`tm.store.protocol`), the
backends behind it (``tm/store/sqlite/``: one SQLite file; each backend owns its SQL, migrations, match
index and termbase tables), the row codec they share (:mod:`tm.store.codec`), and :func:`open_store`.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from tm.errors import TmError
from tm.store.protocol import IndexStatus, MatchIndex, Probe, Store, Termbase, TokenStats, UnitWriter

__all__ = [
    "IndexStatus",
    "MatchIndex",
    "Probe",
    "Store",
    "Termbase",
    "TokenStats",
    "UnitWriter",
    "default_db_path",
    "explain",
    "open_store",
]


def default_db_path() -> Path:
    """``$TM_DB``, else ``tm/tm.db`` in the XDG data directory (``~/.local/share`` by default)."""
    env = os.environ.get("TM_DB")
    if env:
        return Path(env)
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "tm" / "tm.db"


# The modules of the backends that can explain their own exceptions (only those loaded are asked).
_EXPLAINERS = ("tm.store.sqlite.sql",)


def explain(err: BaseException, db: str | Path | None = None) -> TmError | None:
    """A backend's own exception that escaped a command (a TM damaged or locked in the middle of a read),
    as the one-line error it means for the TM ``db``; None when no backend claims it."""
    for name in _EXPLAINERS:
        module = sys.modules.get(name)
        found = module.explain(err, str(db if db is not None else default_db_path())) if module else None
        if found is not None:
            return found
    return None


def open_store(db: str | Path | None = None, *, readonly: bool = False) -> Store:
    """Open the TM database ``db`` (default :func:`default_db_path`; ``":memory:"`` for a temporary one).
    A missing file is created unless ``readonly``."""
    from tm.store.sqlite import SqliteStore  # lazy: sqlite3 and the index load when a TM is opened

    return SqliteStore(db if db is not None else default_db_path(), readonly=readonly)

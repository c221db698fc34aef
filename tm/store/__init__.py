"""Where TMs live: the :class:`Store` protocol every service takes (:mod:`tm.store.protocol`), the
backends behind it (``tm/store/sqlite/``: one SQLite file; ``tm/store/postgres/``: a PostgreSQL database
that a team shares; each backend owns its SQL, migrations, match index and termbase tables), the row codec
they share (:mod:`tm.store.codec`), and :func:`open_store`.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from tm.errors import StoreError, TmError
from tm.store import location
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
    "exists",
    "explain",
    "open_store",
]


def default_db_path() -> str | Path:
    """``$TM_DB`` (a file path or a ``postgresql://`` URL), else ``tm/tm.db`` in the XDG data directory
    (``~/.local/share`` by default)."""
    env = os.environ.get("TM_DB")
    if env:
        return env if location.scheme(env) else Path(env)
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "tm" / "tm.db"


def exists(db: str | Path | None) -> bool:
    """Whether the TM ``db`` (default :func:`default_db_path`) is there to open: an SQLite file that exists,
    or any database URL (the server says whether it holds a TM)."""
    db = db if db is not None else default_db_path()
    if isinstance(db, str) and location.scheme(db):
        return True
    return Path(db).exists()


# The modules of the backends that can explain their own exceptions (only those loaded are asked).
_EXPLAINERS = ("tm.store.sqlite.sql", "tm.store.postgres.sql")


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
    """Open the TM database ``db`` (default :func:`default_db_path`; ``":memory:"`` for a temporary one):
    an SQLite file, or a PostgreSQL database given as ``postgresql://user@host/dbname`` (a URL of any
    other scheme is a UsageError). A missing file, or an empty database, is made a TM unless ``readonly``."""
    db = db if db is not None else default_db_path()
    if isinstance(db, str) and location.is_postgres(db):
        try:
            from tm.store.postgres import PgStore  # lazy: psycopg loads only for a PostgreSQL TM
        except ImportError as err:
            raise StoreError(
                f"{location.redact(db)}: a PostgreSQL TM needs psycopg ({err})",
                hint="pip install 'tm[postgres]'",
            ) from None
        return PgStore(db, readonly=readonly)
    from tm.store.sqlite import SqliteStore  # lazy: sqlite3 and the index load when a TM is opened

    return SqliteStore(db, readonly=readonly)

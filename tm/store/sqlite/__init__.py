"""The SQLite backend: one file per TM (WAL mode), its schema and migrations (:mod:`.schema`), units
written in batches (:mod:`.writer`), its match index and its termbase (:mod:`.terms`). The only place
sqlite3 is imported."""

from tm.store.sqlite.store import SqliteStore

__all__ = ["SqliteStore"]

"""Small pieces every module of the PostgreSQL backend uses: connecting, the writer lock's key, and what a
failure means for the person using the TM (never with the URL's password)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

import psycopg

from tm.errors import StoreBusy, StoreError
from tm.store import location

# pg_advisory_xact_lock key of the TM's writer lock (one TM per database): "tm" and a version
LOCK_KEY = 0x746D_0001


class Locking(Protocol):
    """What the writer and the index need of the store (tm.store.postgres.store.PgStore)."""

    path: str
    readonly: bool
    connection: Connection
    behind: list  # writers that may have a batch being written behind (PgUnitWriter.settle)
    grown: int  # rows the transaction added (units, variants indexed): PgStore.transaction's ANALYZE

    def lock(self, *, wait: bool) -> bool: ...
    def read_ahead(self, unit_ids: Sequence[int]) -> None: ...
    def origin_id(self, origin_id: int) -> int: ...


class Cursor(psycopg.Cursor):
    """A cursor that sends the statements a snapshot deferred (``Connection.deferred``: its BEGIN) in the
    same round trip as the snapshot's first statement, pipelined."""

    def execute(self, query, params=None, **kwargs):  # type: ignore[override]
        con = self.connection
        deferred = getattr(con, "deferred", ())
        if not deferred:
            return super().execute(query, params, **kwargs)
        con.deferred = ()
        with con.pipeline():
            for statement in deferred:
                con.execute(statement)
            return super().execute(query, params, **kwargs)


class Connection(psycopg.Connection):
    """psycopg's connection, with what a snapshot defers (see :class:`Cursor`)."""

    deferred: tuple[str, ...] = ()

    def flush_deferred(self) -> None:
        """Send what is deferred now (before a statement that does not go through :class:`Cursor`)."""
        deferred, self.deferred = self.deferred, ()
        for statement in deferred:
            self.execute(statement)


def connect(url: str, shown: str) -> Connection:
    """An autocommit connection (transactions are begun explicitly); StoreError naming ``shown``."""
    try:
        return Connection.connect(url, autocommit=True, application_name="tm", cursor_factory=Cursor)
    except psycopg.Error as err:
        raise StoreError(
            f"{shown}: cannot connect to the PostgreSQL server: {_first_line(err, url)}",
            hint="check that the server runs and the URL's user, host and database "
            "(a password goes in ~/.pgpass, not in TM_DB)",
        ) from None


def _first_line(err: Exception, url: str | None = None) -> str:
    """The first line of the server's or libpq's message, with the URL's secrets blanked out should it
    quote them."""
    text = str(err).strip().splitlines()[0] if str(err).strip() else type(err).__name__
    for secret in location.secrets(url or ""):
        text = text.replace(secret, "***")
    return text


def store_error(path: str, err: psycopg.Error) -> StoreError:
    """What a PostgreSQL failure means for the person using the TM."""
    if isinstance(err, (psycopg.errors.ReadOnlySqlTransaction, psycopg.errors.InsufficientPrivilege)):
        return StoreError(f"{path}: the TM is read-only for this user ({_first_line(err)})")
    if isinstance(err, psycopg.errors.LockNotAvailable):
        return StoreBusy(
            f"{path}: the TM is busy (another tm is writing to it)", hint="try again when it is done"
        )
    if isinstance(err, psycopg.OperationalError):
        return StoreError(f"{path}: the connection to the PostgreSQL server failed: {_first_line(err)}")
    return StoreError(f"{path}: {_first_line(err)}")


def explain(err: BaseException, db: str) -> StoreError | None:
    """A PostgreSQL failure that escaped a store method (a connection lost in the middle of a read), as
    :func:`store_error` says it for the TM ``db`` (shown without a password); None for any other
    exception."""
    return store_error(location.redact(db), err) if isinstance(err, psycopg.Error) else None

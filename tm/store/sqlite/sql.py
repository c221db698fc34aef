"""Small pieces every module of the SQLite backend uses: parameter lists and the error a failure means."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator, Sequence
from typing import TypeVar

from tm.errors import StoreError

IN_CHUNK = 500  # values per IN (...) list: well below SQLite's limit on bound parameters

T = TypeVar("T")


def chunks(items: Sequence[T], size: int = IN_CHUNK) -> Iterator[Sequence[T]]:
    for i in range(0, len(items), size):
        yield items[i : i + size]


def marks(count: int) -> str:
    """``?,?,?`` for ``count`` parameters."""
    return ",".join("?" * count)


def distinct(connection: sqlite3.Connection, table: str, column: str) -> list[str]:
    """The distinct values of an indexed text column, sorted: a skip-scan over its index, one probe per
    value, not a table scan."""
    found, last = [], ""
    while True:
        row = connection.execute(
            f"SELECT {column} FROM {table} WHERE {column} > ? ORDER BY {column} LIMIT 1", (last,)
        ).fetchone()
        if row is None:
            return found
        last = row[0]
        found.append(last)


def store_error(path: str, err: sqlite3.Error) -> StoreError:
    """What an SQLite failure means for the person using the TM."""
    text = str(err)
    if "readonly" in text or "read-only" in text:
        return StoreError(
            f"{path}: the TM is read-only", hint="check the file's and its folder's permissions"
        )
    if "locked" in text or "busy" in text:
        return StoreError(
            f"{path}: the TM is busy (another tm is writing to it)", hint="try again when it is done"
        )
    return StoreError(f"{path}: {text}")

"""The index's tables as a build reads and writes them (:class:`tm.store.build.Source` and
``Sink`` over one connection): the importing process's own, or a worker's read-only one for reading."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Sequence
from itertools import repeat

from tm.store.sqlite.connect import connect_readonly
from tm.store.sqlite.sql import chunks, marks


class Rows:
    """Reads of the index as it is, and writes of a build's rows, through ``con``."""

    def __init__(self, con: sqlite3.Connection) -> None:
        self.con = con

    # -- Source ------------------------------------------------------------------------------------------
    def vocab(self, lang_id: int, tokens: Sequence[str]) -> Iterable[tuple[str, int, int, int]]:
        for part in chunks(list(tokens)):
            yield from self.con.execute(
                f"SELECT token, id, df, dense FROM match_vocab WHERE lang_id = ? AND token IN ({marks(len(part))})",
                (lang_id, *part),
            )

    def dense_tokens(self, lang_id: int) -> Iterable[tuple[str, int, int]]:
        return self.con.execute(
            "SELECT token, id, df FROM match_vocab WHERE lang_id = ? AND dense = 1", (lang_id,)
        ).fetchall()

    def bits(self, lang_id: int, row: int, chunk: int) -> bytes | None:
        found = self.con.execute(
            "SELECT bits FROM match_bits WHERE lang_id = ? AND token_id = ? AND chunk = ?",
            (lang_id, row, chunk),
        ).fetchone()
        return found[0] if found else None

    def postings(self, lang_id: int, token_id: int) -> Iterable[bytes]:
        return [
            r[0]
            for r in self.con.execute(
                "SELECT units FROM match_postings WHERE lang_id = ? AND token_id = ? AND len >= 0",
                (lang_id, token_id),
            )
        ]

    def seqs(self, lang_id: int, unit_ids: Sequence[int]) -> Iterable[tuple[int, str]]:
        out: list[tuple[int, str]] = []
        for part in chunks(list(unit_ids)):
            out += self.con.execute(
                f"SELECT unit_id, seq FROM match_seqs WHERE lang_id = ? AND unit_id IN ({marks(len(part))})",
                (lang_id, *part),
            ).fetchall()
        return out

    # -- Sink --------------------------------------------------------------------------------------------
    def write_seqs(self, lang_id: int, uids: list[int], ords: list[int], seqs: list[str]) -> None:
        self.con.executemany(
            "INSERT OR REPLACE INTO match_seqs VALUES (?, ?, ?, ?)", zip(repeat(lang_id), uids, ords, seqs)
        )

    def write_postings(self, rows: list[tuple]) -> None:
        self.con.executemany("INSERT INTO match_postings VALUES (?, ?, ?, ?, ?)", rows)

    def write_bits(self, rows: list[tuple]) -> None:
        self.con.executemany("INSERT OR REPLACE INTO match_bits VALUES (?, ?, ?, ?)", rows)

    def write_vocab(self, new: list[tuple], changed: list[tuple]) -> None:
        self.con.executemany(
            "INSERT INTO match_vocab (lang_id, token, id, df, dense) VALUES (?, ?, ?, ?, ?)", new
        )
        self.con.executemany(
            "UPDATE match_vocab SET df = ?, dense = ? WHERE lang_id = ? AND token = ?", changed
        )

    def done(self, lang_id: int, watermark: int, tokens: int) -> None:
        self.con.execute(
            "UPDATE match_langs SET watermark = ?, tokens = ? WHERE id = ?", (watermark, tokens, lang_id)
        )


def open_readonly(path: str) -> Rows:
    """A worker's view of the TM (:mod:`tm.store.workers`): a read-only connection to the file, which sees
    what is committed: the TM as it was before the import that is writing."""
    return Rows(connect_readonly(path))

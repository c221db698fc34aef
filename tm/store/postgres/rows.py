"""The index's tables as a build reads and writes them (:class:`tm.store.build.Source` and ``Sink`` over the
store's connection, in the import's transaction): the PostgreSQL side of :mod:`tm.store.build`, as
:mod:`tm.store.sqlite.rows` is SQLite's. Rows go in by binary ``COPY`` (lists of ids and tokens as arrays:
one statement whatever their number)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from itertools import repeat

import psycopg

from tm.store.postgres.sql import connect

_BITS = (
    "INSERT INTO match_bits (lang_id, token_id, chunk, bits) "
    "SELECT * FROM unnest(%b::int[], %b::bigint[], %b::int[], %b::bytea[]) "
    "ON CONFLICT (lang_id, token_id, chunk) DO UPDATE SET bits = excluded.bits"
)


class PgRows:
    """Reads of the index as it is, and writes of a build's rows, through ``con``."""

    def __init__(self, con: psycopg.Connection) -> None:
        self.con = con

    def _copy(self, table: str, columns: str, types: list[str], rows: Iterable[tuple]) -> None:
        with self.con.cursor(binary=True).copy(
            f"COPY {table} ({columns}) FROM STDIN (FORMAT BINARY)"
        ) as copy:
            copy.set_types(types)
            for row in rows:
                copy.write_row(row)

    # -- Source ------------------------------------------------------------------------------------------
    def vocab(self, lang_id: int, tokens: Sequence[str]) -> Iterable[tuple[str, int, int, int]]:
        if not tokens:
            return []
        return self.con.execute(
            "SELECT token, id, df, dense FROM match_vocab WHERE lang_id = %s AND token = ANY(%s)",
            (lang_id, list(tokens)),
        ).fetchall()

    def dense_tokens(self, lang_id: int) -> Iterable[tuple[str, int, int]]:
        return self.con.execute(
            "SELECT token, id, df FROM match_vocab WHERE lang_id = %s AND dense = 1", (lang_id,)
        ).fetchall()

    def bits(self, lang_id: int, row: int, chunk: int) -> bytes | None:
        found = (
            self.con.cursor(binary=True)
            .execute(
                "SELECT bits FROM match_bits WHERE lang_id = %s AND token_id = %s AND chunk = %s",
                (lang_id, row, chunk),
            )
            .fetchone()
        )
        return found[0] if found else None

    def postings(self, lang_id: int, token_id: int) -> Iterable[bytes]:
        rows = self.con.cursor(binary=True).execute(
            "SELECT units FROM match_postings WHERE lang_id = %s AND token_id = %s AND len >= 0",
            (lang_id, token_id),
        )
        return [r[0] for r in rows]

    def seqs(self, lang_id: int, unit_ids: Sequence[int]) -> Iterable[tuple[int, str]]:
        return self.con.execute(
            "SELECT unit_id, seq FROM match_seqs WHERE lang_id = %s AND unit_id = ANY(%s)",
            (lang_id, list(unit_ids)),
        ).fetchall()

    # -- Sink --------------------------------------------------------------------------------------------
    def write_seqs(self, lang_id: int, uids: list[int], ords: list[int], seqs: list[str]) -> None:
        # units above the watermark have no sequence yet: a plain COPY (the watermark moves in the same
        # transaction, under the writer lock)
        rows = zip(repeat(lang_id), uids, ords, seqs)
        self._copy("match_seqs", "lang_id, unit_id, ord, seq", ["int4", "int8", "int4", "text"], rows)

    def write_postings(self, rows: list[tuple]) -> None:
        if rows:
            self._copy(
                "match_postings",
                "lang_id, token_id, len, first, units",
                ["int4", "int8", "int4", "int8", "bytea"],
                rows,
            )

    def write_bits(self, rows: list[tuple]) -> None:
        if rows:
            self.con.cursor(binary=True).execute(_BITS, [list(column) for column in zip(*rows, strict=True)])

    def write_vocab(self, new: list[tuple], changed: list[tuple]) -> None:
        if new:
            self._copy(
                "match_vocab", "lang_id, token, id, df, dense", ["int4", "text", "int4", "int4", "int4"], new
            )
        if changed:
            df, dense, lang_ids, tokens = (list(column) for column in zip(*changed, strict=True))
            self.con.execute(
                "UPDATE match_vocab v SET df = c.df, dense = c.dense FROM unnest(%b::int[], %b::int[], "
                "%b::int[], %b::text[]) AS c(df, dense, lang_id, token) "
                "WHERE v.lang_id = c.lang_id AND v.token = c.token",
                (df, dense, lang_ids, tokens),
            )

    def done(self, lang_id: int, watermark: int, tokens: int) -> None:
        self.con.execute(
            "UPDATE match_langs SET watermark = %s, tokens = %s WHERE id = %s", (watermark, tokens, lang_id)
        )


def open_committed(url: str) -> PgRows:
    """A worker's view of the TM (:mod:`tm.store.workers`): a connection of its own reading one committed
    state. The importing process holds the writer lock before it starts a worker, and no other process
    writes the index without it, so that state is the TM as the import will commit on top of it."""
    con = connect(url, "the TM")
    con.execute("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
    return PgRows(con)

"""The termbase of a SQLite TM: concepts and their terms in the ``term_*`` tables of the TM's own file
(migration 6 of :mod:`.schema`). Implements :class:`tm.store.protocol.Termbase`; writes happen inside the
store's transaction."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator, Sequence
from dataclasses import replace

from tm.model import Concept
from tm.store import codec
from tm.store.sqlite.sql import chunks, distinct, marks

_CONCEPT = "SELECT id, ext_id, subject, notes, extra, lang_extra FROM term_concepts"
_TERMS = "SELECT concept_id, ord, lang, text, key, status, status_raw, pos, notes, extra FROM term_terms"


class SqliteTermbase:
    """The termbase in a :class:`tm.store.sqlite.SqliteStore`'s database."""

    def __init__(self, connection: sqlite3.Connection) -> None:
        self.connection = connection

    # -- writing (inside the store's transaction) ---------------------------------------------------------
    def add(self, concept: Concept) -> Concept:
        con = self.connection
        row = codec.concept_row(concept)  # its ext_id: its id, or a digest of its content
        found = con.execute("SELECT id FROM term_concepts WHERE ext_id = ?", (row[0],)).fetchone()
        if found is None:
            key = con.execute(
                "INSERT INTO term_concepts (ext_id, subject, notes, extra, lang_extra) VALUES (?, ?, ?, ?, ?) "
                "RETURNING id",
                row,
            ).fetchone()[0]
        else:
            key = found[0]
            con.execute(
                "UPDATE term_concepts SET subject = ?, notes = ?, extra = ?, lang_extra = ? WHERE id = ?",
                (*row[1:], key),
            )
            con.execute("DELETE FROM term_terms WHERE concept_id = ?", (key,))
        con.executemany(
            "INSERT INTO term_terms (concept_id, ord, lang, text, key, status, status_raw, pos, notes, extra) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [(key, *t) for t in codec.term_rows(concept)],
        )
        return replace(concept, key=key)

    def clear(self) -> None:
        self.connection.execute("DELETE FROM term_terms")
        self.connection.execute("DELETE FROM term_concepts")

    # -- reading ------------------------------------------------------------------------------------------
    def count(self) -> int:
        return self.connection.execute("SELECT count(*) FROM term_concepts").fetchone()[0]

    def languages(self) -> list[str]:
        return distinct(self.connection, "term_terms", "lang")  # over the (lang, concept_id) index

    def concepts(self, codes: Sequence[str] | None = None) -> Iterator[Concept]:
        if codes is None:
            yield from self._whole(self.connection.execute(f"{_CONCEPT} ORDER BY id").fetchall())
            return
        if not codes:
            return
        ids = [
            r[0]
            for r in self.connection.execute(
                f"SELECT DISTINCT concept_id FROM term_terms WHERE lang IN ({marks(len(codes))}) "
                "ORDER BY concept_id",
                tuple(codes),
            )
        ]
        yield from self._by_ids(ids)

    def lookup(self, key: str, codes: Sequence[str] | None = None) -> list[Concept]:
        if codes is not None and not codes:
            return []
        pattern = "%" + key.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        sql = "SELECT DISTINCT concept_id FROM term_terms WHERE key LIKE ? ESCAPE '\\'"
        args: tuple = (pattern,)
        if codes is not None:
            sql += f" AND lang IN ({marks(len(codes))})"
            args += tuple(codes)
        ids = sorted(r[0] for r in self.connection.execute(sql, args))
        return list(self._by_ids(ids))

    def _by_ids(self, ids: list[int]) -> Iterator[Concept]:
        for part in chunks(ids):
            yield from self._whole(
                self.connection.execute(
                    f"{_CONCEPT} WHERE id IN ({marks(len(part))}) ORDER BY id", tuple(part)
                ).fetchall()
            )

    def _whole(self, rows: list[tuple]) -> Iterator[Concept]:
        """The concepts of ``rows`` (in their order) with their terms."""
        terms: dict[int, list[tuple]] = {r[0]: [] for r in rows}
        for part in chunks(list(terms)):
            for t in self.connection.execute(
                f"{_TERMS} WHERE concept_id IN ({marks(len(part))}) ORDER BY concept_id, ord", tuple(part)
            ):
                terms[t[0]].append(t[1:])
        for r in rows:
            yield codec.concept_from_rows(r[0], r[1:], terms[r[0]])

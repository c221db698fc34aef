"""The termbase of a PostgreSQL TM: concepts and their terms in the ``term_*`` tables of the TM's database
(migration 2 of :mod:`.schema`), the same tables and rows as SQLite's (tm/store/sqlite/terms.py).
Implements :class:`tm.store.protocol.Termbase`; writes happen inside the store's transaction, under its
writer lock."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import replace

from tm.model import Concept
from tm.store import codec
from tm.store.postgres.sql import Locking

_CONCEPT = "SELECT id, ext_id, subject, notes, extra, lang_extra FROM term_concepts"
_TERMS = "SELECT concept_id, ord, lang, text, key, status, status_raw, pos, notes, extra FROM term_terms"


class PgTermbase:
    """The termbase in a :class:`tm.store.postgres.PgStore`'s database."""

    def __init__(self, store: Locking) -> None:
        self.store = store
        self.connection = store.connection

    # -- writing (inside the store's transaction) ---------------------------------------------------------
    def add(self, concept: Concept) -> Concept:
        self.store.lock(wait=True)
        con = self.connection
        row = codec.concept_row(concept)  # its ext_id: its id, or a digest of its content
        found = con.execute("SELECT id FROM term_concepts WHERE ext_id = %s", (row[0],)).fetchone()
        if found is None:
            key = con.execute(
                "INSERT INTO term_concepts (id, ext_id, subject, notes, extra, lang_extra) "
                "SELECT coalesce(max(id), 0) + 1, %s, %s, %s, %s, %s FROM term_concepts RETURNING id",
                row,
            ).fetchone()[0]
        else:
            key = found[0]
            con.execute(
                "UPDATE term_concepts SET subject = %s, notes = %s, extra = %s, lang_extra = %s WHERE id = %s",
                (*row[1:], key),
            )
            con.execute("DELETE FROM term_terms WHERE concept_id = %s", (key,))
        terms = [(key, *t) for t in codec.term_rows(concept)]
        if terms:
            con.cursor().executemany(
                "INSERT INTO term_terms (concept_id, ord, lang, text, key, status, status_raw, pos, notes, extra) "
                "VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s)",
                terms,
            )
        return replace(concept, key=key)

    def clear(self) -> None:
        self.store.lock(wait=True)
        self.connection.execute("DELETE FROM term_terms")
        self.connection.execute("DELETE FROM term_concepts")

    # -- reading ------------------------------------------------------------------------------------------
    def count(self) -> int:
        return self.connection.execute("SELECT count(*) FROM term_concepts").fetchone()[0]

    def languages(self) -> list[str]:
        return [r[0] for r in self.connection.execute("SELECT DISTINCT lang FROM term_terms ORDER BY lang")]

    def concepts(self, codes: Sequence[str] | None = None) -> Iterator[Concept]:
        if codes is None:
            yield from self._whole(self.connection.execute(f"{_CONCEPT} ORDER BY id").fetchall())
            return
        if not codes:
            return
        ids = [
            r[0]
            for r in self.connection.execute(
                "SELECT DISTINCT concept_id FROM term_terms WHERE lang = ANY(%s) ORDER BY concept_id",
                (list(codes),),
            )
        ]
        yield from self._by_ids(ids)

    def lookup(self, key: str, codes: Sequence[str] | None = None) -> list[Concept]:
        if codes is not None and not codes:
            return []
        pattern = "%" + key.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        sql = "SELECT DISTINCT concept_id FROM term_terms WHERE key LIKE %s ESCAPE '\\'"
        args: tuple = (pattern,)
        if codes is not None:
            sql += " AND lang = ANY(%s)"
            args += (list(codes),)
        ids = sorted(r[0] for r in self.connection.execute(sql, args))
        return list(self._by_ids(ids))

    def _by_ids(self, ids: list[int]) -> Iterator[Concept]:
        if ids:
            yield from self._whole(
                self.connection.execute(f"{_CONCEPT} WHERE id = ANY(%s) ORDER BY id", (ids,)).fetchall()
            )

    def _whole(self, rows: list[tuple]) -> Iterator[Concept]:
        """The concepts of ``rows`` (in their order) with their terms."""
        terms: dict[int, list[tuple]] = {r[0]: [] for r in rows}
        if terms:
            for t in self.connection.execute(
                f"{_TERMS} WHERE concept_id = ANY(%s) ORDER BY concept_id, ord", (list(terms),)
            ):
                terms[t[0]].append(t[1:])
        for r in rows:
            yield codec.concept_from_rows(r[0], r[1:], terms[r[0]])

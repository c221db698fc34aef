"""The termbase of a SQLite TM: concepts and terms in ``term_*`` tables of the TM's own database file.

The tables are created on first use (``CREATE TABLE IF NOT EXISTS``) on the store's connection, inside
the store's transaction; they are to move under the store's numbered migrations (tm/store/schema.py)
once the store's restructuring has landed. A read-only TM without them has an empty termbase.

Terms are kept with their folded form (NFKC, case-folded) and language, indexed, so that ``tm terms
lookup`` finds a term without reading the whole termbase; matching in text reads the terms of a language
once (:meth:`SqliteTermbase.terms`).
"""

from __future__ import annotations

import json
import sqlite3
import unicodedata
from collections.abc import Iterator
from dataclasses import replace

from tm import lang as langs
from tm.errors import StoreError
from tm.terms.model import Concept, Term

SCHEMA = """
CREATE TABLE IF NOT EXISTS term_concepts (
    id INTEGER PRIMARY KEY,
    ext_id TEXT UNIQUE,
    subject TEXT,
    notes TEXT NOT NULL DEFAULT '[]',
    extra TEXT NOT NULL DEFAULT '[]',
    lang_extra TEXT NOT NULL DEFAULT '[]'
);
CREATE TABLE IF NOT EXISTS term_terms (
    concept_id INTEGER NOT NULL REFERENCES term_concepts (id) ON DELETE CASCADE,
    ord INTEGER NOT NULL,
    lang TEXT NOT NULL,
    text TEXT NOT NULL,
    folded TEXT NOT NULL,
    status TEXT,
    status_raw TEXT,
    pos TEXT,
    notes TEXT NOT NULL DEFAULT '[]',
    extra TEXT NOT NULL DEFAULT '[]',
    PRIMARY KEY (concept_id, ord)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS term_terms_folded ON term_terms (folded, lang);
CREATE INDEX IF NOT EXISTS term_terms_lang ON term_terms (lang, concept_id);
"""


def folded(text: str) -> str:
    return unicodedata.normalize("NFKC", text).casefold().strip()


class SqliteTermbase:
    """The termbase in a :class:`tm.store.sqlite.SqliteStore`'s database (see the module's docstring)."""

    def __init__(self, store) -> None:
        self.store = store
        self.con: sqlite3.Connection = store.connection
        self.version = 0
        self._ready = self._exists()

    def _exists(self) -> bool:
        row = self.con.execute(
            "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name IN ('term_concepts', 'term_terms')"
        ).fetchone()
        return row[0] == 2

    def _create(self) -> None:
        if self._ready:
            return
        if getattr(self.store, "readonly", False):
            raise StoreError(f"{self.store.path}: the TM is read-only and has no termbase yet")
        for statement in SCHEMA.split(";"):
            if statement.strip():
                self.con.execute(statement)
        self._ready = True

    # -- writing (inside the store's transaction) ---------------------------------------------------------
    def add(self, concept: Concept) -> Concept:
        """Add ``concept``; one with the same ``id`` as a stored concept replaces it. Returns it with its key."""
        self._create()
        key = None
        if concept.id is not None:
            row = self.con.execute("SELECT id FROM term_concepts WHERE ext_id = ?", (concept.id,)).fetchone()
            key = row[0] if row else None
        values = (
            concept.subject,
            json.dumps(list(concept.notes), ensure_ascii=False),
            json.dumps(list(concept.extra), ensure_ascii=False),
            json.dumps([list(x) for x in concept.lang_extra], ensure_ascii=False),
        )
        if key is None:
            key = self.con.execute(
                "INSERT INTO term_concepts (ext_id, subject, notes, extra, lang_extra) VALUES (?, ?, ?, ?, ?) "
                "RETURNING id",
                (concept.id, *values),
            ).fetchone()[0]
        else:
            self.con.execute(
                "UPDATE term_concepts SET subject = ?, notes = ?, extra = ?, lang_extra = ? WHERE id = ?",
                (*values, key),
            )
            self.con.execute("DELETE FROM term_terms WHERE concept_id = ?", (key,))
        self.con.executemany(
            "INSERT INTO term_terms (concept_id, ord, lang, text, folded, status, status_raw, pos, notes, extra) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                (
                    key,
                    n,
                    t.lang,
                    t.text,
                    folded(t.text),
                    t.status,
                    t.status_raw,
                    t.part_of_speech,
                    json.dumps(list(t.notes), ensure_ascii=False),
                    json.dumps(list(t.extra), ensure_ascii=False),
                )
                for n, t in enumerate(concept.terms)
            ],
        )
        self.version += 1
        return replace(concept, key=key)

    def clear(self) -> None:
        self._create()
        self.con.execute("DELETE FROM term_terms")
        self.con.execute("DELETE FROM term_concepts")
        self.version += 1

    # -- reading ------------------------------------------------------------------------------------------
    def count(self) -> int:
        if not self._ready:
            return 0
        return self.con.execute("SELECT count(*) FROM term_concepts").fetchone()[0]

    def languages(self) -> list[str]:
        if not self._ready:
            return []
        return [r[0] for r in self.con.execute("SELECT DISTINCT lang FROM term_terms ORDER BY lang")]

    def _concepts(self, where: str = "", args: tuple = ()) -> Iterator[Concept]:
        if not self._ready:
            return
        rows = self.con.execute(
            f"SELECT id, ext_id, subject, notes, extra, lang_extra FROM term_concepts {where} ORDER BY id",
            args,
        ).fetchall()
        ids = [r[0] for r in rows]
        terms: dict[int, list[Term]] = {i: [] for i in ids}
        for start in range(0, len(ids), 500):
            chunk = ids[start : start + 500]
            for cid, lang, text, status, raw, pos, notes, extra in self.con.execute(
                "SELECT concept_id, lang, text, status, status_raw, pos, notes, extra FROM term_terms "
                f"WHERE concept_id IN ({','.join('?' * len(chunk))}) ORDER BY concept_id, ord",
                chunk,
            ):
                terms[cid].append(
                    Term(text, lang, status, raw, pos, tuple(json.loads(notes)), tuple(json.loads(extra)))
                )
        for cid, ext, subject, notes, extra, lang_extra in rows:
            yield Concept(
                tuple(terms[cid]),
                ext,
                subject,
                tuple(json.loads(notes)),
                tuple(json.loads(extra)),
                tuple((a, b) for a, b in json.loads(lang_extra)),
                cid,
            )

    def concepts(self) -> Iterator[Concept]:
        yield from self._concepts()

    def terms(self, lang: str) -> Iterator[tuple[Concept, Term]]:
        codes = langs.matching(lang, self.languages())
        if not codes:
            return
        marks = ",".join("?" * len(codes))
        where = f"WHERE id IN (SELECT concept_id FROM term_terms WHERE lang IN ({marks}))"
        for concept in self._concepts(where, tuple(codes)):
            for term in concept.terms:
                if term.lang in codes:
                    yield concept, term

    def lookup(self, text: str, lang: str | None = None) -> list[Concept]:
        """The concepts with a term equal to ``text`` (case and width aside), or containing it."""
        if not self._ready:
            return []
        key = folded(text)
        pattern = "%" + key.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        codes = langs.matching(lang, self.languages()) if lang else None
        sql = "SELECT DISTINCT concept_id FROM term_terms WHERE folded LIKE ? ESCAPE '\\'"
        args: list = [pattern]
        if codes is not None:
            if not codes:
                return []
            sql += f" AND lang IN ({','.join('?' * len(codes))})"
            args += codes
        ids = [r[0] for r in self.con.execute(sql, args)]
        if not ids:
            return []
        found = list(self._concepts(f"WHERE id IN ({','.join('?' * len(ids))})", tuple(ids)))
        return sorted(found, key=lambda c: (not any(folded(t.text) == key for t in c.terms), c.key))

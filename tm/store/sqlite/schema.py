"""The SQLite schema as a list of migrations: migration n brings ``PRAGMA user_version`` to n + 1.

Append new migrations; never edit one that has shipped. A migration is SQL, or a function of the
connection where it needs Python (migration 7 computes names, digests and keys).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable

from tm.model import Unit
from tm.store import codec
from tm.store.base import EMPTY_STALE_INDEX, refold_terms
from tm.store.plaintext import reread_plain_texts

# A migration is an SQL script, or a function that runs it on the connection (where it needs Python).
MIGRATIONS: list[str | Callable[[sqlite3.Connection], None]] = [
    # 1: units with N language variants, where they came from, and their order in each origin.
    """
    CREATE TABLE origins (
        id INTEGER PRIMARY KEY,
        path TEXT NOT NULL UNIQUE,
        format TEXT NOT NULL,
        header TEXT,
        imported TEXT NOT NULL
    );
    CREATE TABLE units (
        id INTEGER PRIMARY KEY,
        key BLOB NOT NULL UNIQUE,
        status TEXT NOT NULL DEFAULT 'confirmed',
        context TEXT,
        created TEXT,
        changed TEXT,
        merges INTEGER NOT NULL DEFAULT 0,
        meta TEXT
    );
    CREATE TABLE variants (
        unit_id INTEGER NOT NULL,
        ord INTEGER NOT NULL,
        lang TEXT NOT NULL,
        text TEXT NOT NULL,
        coded TEXT,
        meta TEXT,
        PRIMARY KEY (unit_id, ord)
    ) WITHOUT ROWID;
    CREATE INDEX variants_lang ON variants (lang, unit_id);
    CREATE TABLE occurrences (
        origin_id INTEGER NOT NULL,
        position INTEGER NOT NULL,
        unit_id INTEGER NOT NULL,
        PRIMARY KEY (origin_id, position, unit_id)
    ) WITHOUT ROWID;
    CREATE INDEX occurrences_unit ON occurrences (unit_id);
    """,
]
MIGRATIONS.append(
    # 2: the fuzzy-match index (tm.store.sqlite.index). Per language: a vocabulary with document
    # frequencies, each variant's key-token sequence (one code point per token), and postings per (token,
    # length) in chunks of unit ids. Caught up lazily from a watermark (units are only ever added).
    """
    CREATE TABLE match_langs (
        id INTEGER PRIMARY KEY,
        lang TEXT NOT NULL UNIQUE,
        watermark INTEGER NOT NULL DEFAULT 0,
        tokens INTEGER NOT NULL DEFAULT 0
    );
    CREATE TABLE match_vocab (
        lang_id INTEGER NOT NULL,
        token TEXT NOT NULL,
        id INTEGER NOT NULL,
        df INTEGER NOT NULL,
        PRIMARY KEY (lang_id, token)
    ) WITHOUT ROWID;
    CREATE TABLE match_seqs (
        lang_id INTEGER NOT NULL,
        unit_id INTEGER NOT NULL,
        ord INTEGER NOT NULL,
        seq TEXT NOT NULL,
        PRIMARY KEY (lang_id, unit_id, ord)
    ) WITHOUT ROWID;
    CREATE TABLE match_postings (
        lang_id INTEGER NOT NULL,
        token_id INTEGER NOT NULL,
        len INTEGER NOT NULL,
        first INTEGER NOT NULL,
        units BLOB NOT NULL,
        PRIMARY KEY (lang_id, token_id, len, first)
    ) WITHOUT ROWID;
    """
)
MIGRATIONS.append(
    # 3: the fuzzy-match index, emptied so that the next lookup rebuilds it: the vocabulary marks the
    # tokens that also have bitmaps (dense), and match_bits holds those bitmaps over unit ids plus each
    # language's bit-sliced key-sequence lengths, in chunks of 65,536 ids (tm.store.dense).
    """
    DELETE FROM match_postings;
    DELETE FROM match_seqs;
    DELETE FROM match_vocab;
    DELETE FROM match_langs;
    ALTER TABLE match_vocab ADD COLUMN dense INTEGER NOT NULL DEFAULT 0;
    CREATE TABLE match_bits (
        lang_id INTEGER NOT NULL,
        token_id INTEGER NOT NULL,
        chunk INTEGER NOT NULL,
        bits BLOB NOT NULL,
        PRIMARY KEY (lang_id, token_id, chunk)
    ) WITHOUT ROWID;
    """
)
# Empties the fuzzy-match index (derived data): the next lookup rebuilds it in the current layout.
_EMPTY_MATCH_INDEX = """
    DELETE FROM match_bits;
    DELETE FROM match_postings;
    DELETE FROM match_seqs;
    DELETE FROM match_vocab;
    DELETE FROM match_langs;
"""
MIGRATIONS.append(
    # 4: the fuzzy-match index emptied again (rebuilt on the next lookup): dense tokens now also have
    # bitmaps of the units holding them 2, 3, 4+ times (match_bits rows token + (level - 1) * 2^32),
    # which an index built under migration 3 lacks.
    _EMPTY_MATCH_INDEX
)
MIGRATIONS.append(
    # 5: the fuzzy-match index emptied again (rebuilt on the next lookup), with the number of occurrence
    # levels each language's dense-token bitmaps are built with (tm.store.dense.MAX_LEVEL at its
    # first build), so that a later change of that constant cannot make a lookup read levels never built.
    _EMPTY_MATCH_INDEX
    + """
    ALTER TABLE match_langs ADD COLUMN levels INTEGER NOT NULL DEFAULT 0;
    """
)
MIGRATIONS.append(
    # 6: the termbase beside the TM (tm.store.sqlite.terms): concepts, and their terms in order with each
    # term's folded text (tm.store.codec.term_key) for lookups. Notes and the TBX data categories tm keeps
    # for export are JSON arrays.
    """
    CREATE TABLE term_concepts (
        id INTEGER PRIMARY KEY,
        ext_id TEXT UNIQUE,
        subject TEXT,
        notes TEXT NOT NULL,
        extra TEXT NOT NULL,
        lang_extra TEXT NOT NULL
    );
    CREATE TABLE term_terms (
        concept_id INTEGER NOT NULL,
        ord INTEGER NOT NULL,
        lang TEXT NOT NULL,
        text TEXT NOT NULL,
        key TEXT NOT NULL,
        status TEXT,
        status_raw TEXT,
        pos TEXT,
        notes TEXT NOT NULL,
        extra TEXT NOT NULL,
        PRIMARY KEY (concept_id, ord)
    ) WITHOUT ROWID;
    CREATE INDEX term_terms_lang ON term_terms (lang, concept_id);
    """
)


def _origins_by_name(con: sqlite3.Connection) -> None:
    """Origins keep the file's base name and a digest of its path, never the path itself (a table that
    already has them is left as it is)."""
    if "path" not in [row[1] for row in con.execute("PRAGMA table_info(origins)")]:
        return
    con.execute(
        """
        CREATE TABLE origins_new (
            id INTEGER PRIMARY KEY,
            name TEXT NOT NULL,
            key TEXT NOT NULL UNIQUE,
            format TEXT NOT NULL,
            header TEXT,
            imported TEXT NOT NULL
        )
        """
    )
    rows = con.execute("SELECT id, path, format, header, imported FROM origins ORDER BY id").fetchall()
    con.executemany(
        "INSERT INTO origins_new VALUES (?, ?, ?, ?, ?, ?)",
        [(i, codec.origin_name(p), codec.origin_key(p), f, h, t) for i, p, f, h, t in rows],
    )
    con.execute("DROP TABLE origins")
    con.execute("ALTER TABLE origins_new RENAME TO origins")


def _rekey_coded_units(con: sqlite3.Connection) -> None:
    """Units with inline codes get the key that includes the codes' content (tm.store.codec.unit_key);
    units without codes keep theirs, which is the same."""
    ids = [r[0] for r in con.execute("SELECT DISTINCT unit_id FROM variants WHERE coded IS NOT NULL")]
    for start in range(0, len(ids), 500):
        part = ids[start : start + 500]
        marks = ",".join("?" * len(part))
        contexts = dict(con.execute(f"SELECT id, context FROM units WHERE id IN ({marks})", part))
        variants: dict[int, list] = {}
        for unit_id, lang, text, coded, meta in con.execute(
            f"SELECT unit_id, lang, text, coded, meta FROM variants WHERE unit_id IN ({marks}) "
            "ORDER BY unit_id, ord",
            part,
        ):
            variants.setdefault(unit_id, []).append(codec.variant_from_row(lang, text, coded, meta))
        con.executemany(
            "UPDATE units SET key = ? WHERE id = ?",
            [
                (codec.unit_key(Unit(tuple(vs), context=contexts.get(unit_id))), unit_id)
                for unit_id, vs in variants.items()
            ],
        )


def _migration_7(con: sqlite3.Connection) -> None:
    """Runs again without harm (a TM set back to an earlier version by hand keeps what it has)."""
    _origins_by_name(con)
    _rekey_coded_units(con)
    con.execute(
        """
        CREATE TABLE IF NOT EXISTS unit_history (
            id INTEGER PRIMARY KEY,
            unit_id INTEGER NOT NULL,
            former_id INTEGER NOT NULL,
            lang TEXT NOT NULL,
            text TEXT NOT NULL,
            coded TEXT,
            meta TEXT,
            status TEXT NOT NULL,
            changed TEXT,
            revised TEXT NOT NULL,
            origin_id INTEGER
        )
        """
    )
    con.execute("CREATE INDEX IF NOT EXISTS unit_history_unit ON unit_history (unit_id)")


MIGRATIONS.append(
    # 7 (issue 10): origins keep the file's base name (``name``) and a digest of its path (``key``, what
    # tells origins apart) instead of the absolute path; units with inline codes re-keyed so that the key
    # includes each code's content (two units differing only in a <ph>'s link are two units; units merged
    # before under the coarser key stay merged, nothing else changes); ``unit_history`` keeps each target
    # a reviewed draft replaced (tm.store.revision).
    _migration_7
)


MIGRATIONS.append(
    # 8 (review M1): ``id_marks`` row ``units``: the highest unit id the TM removed (a review that merges a
    # unit into another removes its id); writers give ids above it and above every id held, so that no id
    # is given twice (an id at or below an index watermark given to a new unit is never indexed). A TM
    # that never removed one has no row (``tm copy`` carries it). The index of the languages where an
    # earlier tm gave an id twice is emptied, to be rebuilt by the next lookup or ``tm index``. Runs again
    # without harm.
    f"""
    CREATE TABLE IF NOT EXISTS id_marks (name TEXT PRIMARY KEY, top INTEGER NOT NULL) WITHOUT ROWID;
    INSERT INTO id_marks (name, top)
        SELECT 'units', (SELECT max(former_id) FROM unit_history) WHERE EXISTS (SELECT 1 FROM unit_history)
        ON CONFLICT (name) DO UPDATE SET top = max(top, excluded.top);
    {EMPTY_STALE_INDEX};
    """
)


def _migration_9(con: sqlite3.Connection) -> None:
    """Places keyed by origin and generation (a table that already has generations is left as it is)."""
    if "generation" in [row[1] for row in con.execute("PRAGMA table_info(occurrences)")]:
        return
    for statement in _GENERATIONS.split(";"):
        if statement.strip():
            con.execute(statement)


_GENERATIONS = """
    CREATE TABLE occurrences_new (
        origin_id INTEGER NOT NULL,
        generation INTEGER NOT NULL,
        position INTEGER NOT NULL,
        unit_id INTEGER NOT NULL,
        PRIMARY KEY (origin_id, generation, position, unit_id)
    ) WITHOUT ROWID;
    INSERT INTO occurrences_new SELECT origin_id, 1, position, unit_id FROM occurrences;
    DROP TABLE occurrences;
    ALTER TABLE occurrences_new RENAME TO occurrences;
    CREATE INDEX occurrences_unit ON occurrences (unit_id);
"""
MIGRATIONS.append(
    # 9 (review M2): each import of a file has places of its own. ``occurrences.generation`` numbers the
    # imports of an origin (1, 2, ...); a unit's neighbours are those of the same origin and generation,
    # so that a file imported again from the same path after it changed never makes neighbours of its old
    # and new segments. The places held so far are the first generation of their origin.
    _migration_9
)


def _refold_terms(con: sqlite3.Connection) -> None:
    refold_terms(con, "?")


MIGRATIONS.append(
    # 10 (review: one fold for terms), as PostgreSQL's 5: term keys folded as term hits fold them
    # (``tm terms lookup елка`` finds ``Ёлка``); concepts without an id kept under a digest of their content,
    # a concept stored twice (the same CSV imported twice) once (tm.store.base.refold_terms).
    _refold_terms
)


def _unit_pairs(con: sqlite3.Connection) -> None:
    """The pairs table, filled for the units held (runs again without harm)."""
    con.execute("CREATE TABLE IF NOT EXISTS unit_pairs (key BLOB PRIMARY KEY, unit_id INTEGER NOT NULL)")
    con.execute("CREATE INDEX IF NOT EXISTS unit_pairs_unit ON unit_pairs (unit_id)")
    rows = con.execute(
        "SELECT v.unit_id, u.context, v.lang, v.text, v.coded, v.meta FROM variants v "
        "JOIN units u ON u.id = v.unit_id WHERE v.unit_id IN (SELECT unit_id FROM variants GROUP BY unit_id "
        f"HAVING count(*) BETWEEN 3 AND {codec.MAX_PAIRED}) ORDER BY v.unit_id, v.ord"
    )
    units: dict[int, tuple[str | None, list]] = {}
    for unit_id, context, lang, text, coded, meta in rows:
        units.setdefault(unit_id, (context, []))[1].append(codec.variant_from_row(lang, text, coded, meta))
    con.executemany(
        "INSERT OR IGNORE INTO unit_pairs VALUES (?, ?)",
        [
            (key, unit_id)
            for unit_id, (context, variants) in units.items()
            for key in codec.pair_keys(Unit(tuple(variants), context=context))
        ],
    )


MIGRATIONS.append(
    # 11 (trial bug 7, as PostgreSQL's 6): ``unit_pairs``: the key of each two-language unit a unit of 3 to 6 languages holds
    # (tm.store.codec.pair_keys), so that the same texts imported from a bilingual file (PO, reviewed
    # XLIFF) merge into that unit instead of becoming units of their own.
    _unit_pairs
)


def _reread_plain_texts(con: sqlite3.Connection) -> None:
    reread_plain_texts(con, "?")


MIGRATIONS.append(
    # 12 (as PostgreSQL's 8): the plain text of each variant and kept target with inline codes reread from
    # its coded text, a code that shows as whitespace (a tab, a line break) as that whitespace, as readers
    # give it since doctab (tm.model.plain_text): an earlier tm stored ``Line oneline two``, which
    # concordance and context matches compared (tm.store.plaintext). Keys and the match index are computed
    # from the coded text and stay.
    _reread_plain_texts
)

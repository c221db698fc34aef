"""The PostgreSQL schema as a list of migrations: migration n brings ``tm_schema.version`` to n + 1.

The tables and columns are the SQLite store's (tm/store/sqlite/schema.py), so that a TM moves between the
two without loss (``tm copy``): dates stay ISO text, metadata JSON text, keys 16-byte hashes. Text that is
compared or ordered is ``COLLATE "C"`` (code-point order, as in SQLite), whatever the database's locale.
Blobs of postings and bitmaps are stored uncompressed (``STORAGE EXTERNAL``): read whole on every lookup,
they would otherwise be decompressed each time. Append new migrations; never edit one that has shipped.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from tm.store.base import EMPTY_STALE_INDEX, refold_terms
from tm.store.plaintext import reread_plain_texts

# A migration is an SQL script, or a function that runs it on the connection (where it needs Python).
MIGRATIONS: list[str | Callable[[Any], None]] = [
    # 1: units, variants, origins (by name and path digest) and occurrences, the units' history; the
    # fuzzy-match index (as SQLite's migrations 1-5 and 7).
    """
    CREATE TABLE origins (
        id bigint PRIMARY KEY,
        name text COLLATE "C" NOT NULL,
        key text COLLATE "C" NOT NULL UNIQUE,
        format text NOT NULL,
        header text,
        imported text COLLATE "C" NOT NULL
    );
    CREATE TABLE units (
        id bigint PRIMARY KEY,
        key bytea NOT NULL UNIQUE,
        status text COLLATE "C" NOT NULL DEFAULT 'confirmed',
        context text,
        created text COLLATE "C",
        changed text COLLATE "C",
        merges integer NOT NULL DEFAULT 0,
        meta text
    );
    CREATE TABLE variants (
        unit_id bigint NOT NULL,
        ord integer NOT NULL,
        lang text COLLATE "C" NOT NULL,
        text text NOT NULL,
        coded text,
        meta text,
        PRIMARY KEY (unit_id, ord)
    );
    CREATE INDEX variants_lang ON variants (lang, unit_id);
    CREATE TABLE occurrences (
        origin_id bigint NOT NULL,
        position bigint NOT NULL,
        unit_id bigint NOT NULL,
        PRIMARY KEY (origin_id, position, unit_id)
    );
    CREATE INDEX occurrences_unit ON occurrences (unit_id);
    CREATE TABLE unit_history (
        id bigint PRIMARY KEY,
        unit_id bigint NOT NULL,
        former_id bigint NOT NULL,
        lang text COLLATE "C" NOT NULL,
        text text NOT NULL,
        coded text,
        meta text,
        status text COLLATE "C" NOT NULL,
        changed text COLLATE "C",
        revised text COLLATE "C" NOT NULL,
        origin_id bigint
    );
    CREATE INDEX unit_history_unit ON unit_history (unit_id);
    CREATE INDEX unit_history_former ON unit_history (former_id);
    CREATE TABLE match_langs (
        id integer PRIMARY KEY,
        lang text COLLATE "C" NOT NULL UNIQUE,
        watermark bigint NOT NULL DEFAULT 0,
        tokens integer NOT NULL DEFAULT 0,
        levels integer NOT NULL DEFAULT 0
    );
    CREATE TABLE match_vocab (
        lang_id integer NOT NULL,
        token text COLLATE "C" NOT NULL,
        id integer NOT NULL,
        df integer NOT NULL,
        dense integer NOT NULL DEFAULT 0,
        PRIMARY KEY (lang_id, token)
    );
    CREATE TABLE match_seqs (
        lang_id integer NOT NULL,
        unit_id bigint NOT NULL,
        ord integer NOT NULL,
        seq text COLLATE "C" NOT NULL,
        PRIMARY KEY (lang_id, unit_id, ord)
    );
    CREATE TABLE match_postings (
        lang_id integer NOT NULL,
        token_id bigint NOT NULL,
        len integer NOT NULL,
        first bigint NOT NULL,
        units bytea NOT NULL,
        PRIMARY KEY (lang_id, token_id, len, first)
    );
    ALTER TABLE match_postings ALTER COLUMN units SET STORAGE EXTERNAL;
    CREATE TABLE match_bits (
        lang_id integer NOT NULL,
        token_id bigint NOT NULL,
        chunk integer NOT NULL,
        bits bytea NOT NULL,
        PRIMARY KEY (lang_id, token_id, chunk)
    );
    ALTER TABLE match_bits ALTER COLUMN bits SET STORAGE EXTERNAL;
    """,
]
MIGRATIONS.append(
    # 2: the termbase beside the TM (tm.store.postgres.terms), as SQLite's migration 6: concepts, and their
    # terms in order with each term's folded text (tm.store.codec.term_key) for lookups.
    """
    CREATE TABLE term_concepts (
        id bigint PRIMARY KEY,
        ext_id text COLLATE "C" UNIQUE,
        subject text,
        notes text NOT NULL,
        extra text NOT NULL,
        lang_extra text NOT NULL
    );
    CREATE TABLE term_terms (
        concept_id bigint NOT NULL,
        ord integer NOT NULL,
        lang text COLLATE "C" NOT NULL,
        text text NOT NULL,
        key text COLLATE "C" NOT NULL,
        status text,
        status_raw text,
        pos text,
        notes text NOT NULL,
        extra text NOT NULL,
        PRIMARY KEY (concept_id, ord)
    );
    CREATE INDEX term_terms_lang ON term_terms (lang, concept_id)
    """
)
MIGRATIONS.append(
    # 3 (review M1), as SQLite's migration 8: ``id_marks`` row ``units``, the highest unit id the TM
    # removed (writers give ids above it and above every id held: no id is given twice); the index of the
    # languages where an earlier tm gave a removed id to a new unit at or below the watermark is emptied,
    # to be rebuilt.
    f"""
    CREATE TABLE id_marks (name text COLLATE "C" PRIMARY KEY, top bigint NOT NULL);
    INSERT INTO id_marks (name, top) SELECT 'units', max(former_id) FROM unit_history HAVING count(*) > 0;
    {EMPTY_STALE_INDEX}
    """
)
MIGRATIONS.append(
    # 4 (review M2), as SQLite's migration 9: each import of a file has places of its own
    # (``occurrences.generation``: 1, 2, ... per origin; neighbours are those of the same generation). The
    # places held so far are their origin's first generation.
    """
    ALTER TABLE occurrences ADD COLUMN generation bigint NOT NULL DEFAULT 1;
    ALTER TABLE occurrences ALTER COLUMN generation DROP DEFAULT;
    ALTER TABLE occurrences DROP CONSTRAINT occurrences_pkey;
    ALTER TABLE occurrences ADD PRIMARY KEY (origin_id, generation, position, unit_id)
    """
)


def _refold_terms(con: Any) -> None:
    refold_terms(con, "%s")


MIGRATIONS.append(
    # 5 (review: one fold for terms), as SQLite's 10: term keys refolded, concepts without an id kept under a
    # digest of their content, one stored twice once (tm.store.base.refold_terms).
    _refold_terms
)


MIGRATIONS.append(
    # 6 (trial bug 7, as SQLite's migration 11): ``unit_pairs``: the key of each two-language unit a unit of
    # 3 to 6 languages holds (tm.store.codec.pair_keys), so that the same texts imported from a bilingual
    # file (PO, reviewed XLIFF) merge into that unit. Units held before are not paired (a key is a hash
    # computed in Python): tm copy from a TM that SQLite migrated carries the pairs over. Runs again
    # without harm.
    """
    CREATE TABLE IF NOT EXISTS unit_pairs (
        key bytea PRIMARY KEY,
        unit_id bigint NOT NULL
    );
    CREATE INDEX IF NOT EXISTS unit_pairs_unit ON unit_pairs (unit_id)
    """
)


MIGRATIONS.append(
    # 7: the TM's change counter, raised by every write transaction as it commits (PgStore.data_version: a
    # long-lived reader, such as a tm serve thread, reopens its view when it moves). In tm_schema, the one
    # row every TM has, which tm copy does not copy (IF NOT EXISTS: a test may mark a TM as of an earlier
    # version without taking the column away).
    "ALTER TABLE tm_schema ADD COLUMN IF NOT EXISTS changes bigint NOT NULL DEFAULT 0"
)


def _reread_plain_texts(con: Any) -> None:
    reread_plain_texts(con, "%s")


MIGRATIONS.append(
    # 8 (as SQLite's 12): the plain text of each variant and kept target with inline codes reread from its
    # coded text, a code that shows as whitespace as that whitespace (tm.store.plaintext). Keys and the
    # match index are computed from the coded text and stay.
    _reread_plain_texts
)

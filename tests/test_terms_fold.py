"""One fold for terms (review): what ``tm terms lookup`` compares, the keys a termbase stores and the text
term hits are found in are folded by one function, tm.text.normalize.fold_term. Why: lookup folded NFKC
and case only, term hits also ``ё`` = ``е``, dashes, quotes and spaces, so ``tm terms lookup елка`` found
nothing where a segment's hits found ``Ёлка``. And a CSV termbase imported twice doubled every concept
without an id (now kept under a digest of its content), though the help says importing again updates."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pg_server
import pytest
import test_terms
from helpers import run
from hypothesis import given, settings
from hypothesis import strategies as st

from tm.model import Concept, Term
from tm.store import open_store
from tm.store.codec import term_key
from tm.store.postgres import schema as pg_schema
from tm.store.sqlite import schema as sqlite_schema
from tm.terms import MemoryTermbase, lookup_terms, term_hits
from tm.text.normalize import fold_term

termbase = test_terms.termbase  # the fixture: a memory, SQLite and PostgreSQL termbase

TSV = "en\tru\nChristmas tree\tЁлка\nWorld Content Market – Moscow\t«Мир контента» — Москва\nLi Yang\tЛи Ян\n"


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("елка", "Christmas tree"),
        ("ЁЛКА", "Christmas tree"),
        ("World Content Market - Moscow", "World Content Market – Moscow"),
        ('"мир контента" - москва', "World Content Market – Moscow"),
        ("Li\u00a0Yang", "Li Yang"),
        ("Ｌｉ Ｙａｎｇ", "Li Yang"),
    ],
)
def test_lookup_folds_as_term_hits_do(termbase, query: str, expected: str) -> None:
    for concept in (
        Concept((Term("Christmas tree", "en"), Term("Ёлка", "ru"))),
        Concept((Term("World Content Market – Moscow", "en"), Term("«Мир контента» — Москва", "ru")), "wcm"),
        Concept((Term("Li Yang", "en"), Term("Ли Ян", "ru"))),
    ):
        termbase.add(concept)
    found = lookup_terms(termbase, query)
    assert [c.terms[0].text for c in found] == [expected]


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet="ёЁеЕ -–—'’\"«»\u00a0\u3000aAzZ", min_size=1, max_size=12))
def test_one_fold_for_keys_lookups_and_hits(text: str) -> None:
    """Whatever the text: the stored key is the lookup's fold, and a term that hits find in a text is
    found by looking up that text's fold."""
    assert term_key(text) == fold_term(text)
    if not fold_term(text) or not any(c.isalpha() for c in text):
        return
    base = MemoryTermbase([Concept((Term(text, "en"), Term("x", "ru")))])
    hits = term_hits(f"Say {text} now.", "en", "ru", termbase=base)
    if hits:
        assert lookup_terms(base, text) and lookup_terms(base, fold_term(text).upper())


def test_cli_lookup_and_reimport(tmp_path: Path, store_url: str) -> None:
    tsv = tmp_path / "t.tsv"
    tsv.write_text(TSV, encoding="utf-8")
    db = store_url
    assert run(db, "terms", "import", str(tsv)).exit_code == 0
    found = json.loads(run(db, "terms", "lookup", "елка", "--json").stdout)
    assert [t["text"] for t in found[0]["terms"]] == ["Christmas tree", "Ёлка"]
    again = run(db, "terms", "import", str(tsv))
    assert again.exit_code == 0 and "The termbase holds 3 concepts." in again.stderr
    exported = tmp_path / "out.tsv"
    assert run(db, "terms", "export", str(exported)).exit_code == 0
    assert "tm-digest" not in exported.read_text(encoding="utf-8")  # a concept without an id has none


def test_migration_refolds_keys_and_merges_doubled_concepts(store_url: str, backend: str) -> None:
    """A TM from before: keys folded the old way (NFKC and case only), a CSV imported twice (two id-less
    concepts alike) beside a concept with an id."""
    with open_store(store_url) as store, store.transaction():
        store.terms.add(Concept((Term("x", "en"),), "x"))
    old = ["DELETE FROM term_terms", "DELETE FROM term_concepts"]
    for n in (1, 2, 3):
        ext_id = "'tree'" if n == 3 else "NULL"
        old.append(
            "INSERT INTO term_concepts (id, ext_id, subject, notes, extra, lang_extra) "
            f"VALUES ({n}, {ext_id}, NULL, '[]', '[]', '[]')"
        )
        for o, (lang, text) in enumerate((("en", "Christmas tree"), ("ru", "Ёлка"))):
            old.append(
                "INSERT INTO term_terms (concept_id, ord, lang, text, key, notes, extra) "
                f"VALUES ({n}, {o}, '{lang}', '{text}', '{text.casefold()}', '[]', '[]')"
            )
    if backend == "sqlite":
        old.append(f"PRAGMA user_version = {sqlite_schema.MIGRATIONS.index(sqlite_schema._refold_terms)}")
        con = sqlite3.connect(store_url)
        con.executescript(";".join(old))
        con.close()
    else:
        old.append(f"UPDATE tm_schema SET version = {pg_schema.MIGRATIONS.index(pg_schema._refold_terms)}")
        pg_server.run_sql(store_url, ";".join(old))
    with open_store(store_url) as store:
        assert store.terms.count() == 2  # the doubled concept once; the one with an id kept apart
        assert [c.id for c in lookup_terms(store.terms, "елка")] == [None, "tree"]
        with store.transaction():  # the same id-less concept again: it is the one stored
            store.terms.add(Concept((Term("Christmas tree", "en"), Term("Ёлка", "ru"))))
        assert store.terms.count() == 2

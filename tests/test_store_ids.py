"""Unit ids are never given twice (review M1): a review that merges a unit into the one already holding the
reviewed pair removes its id, and the next import must not get that id back, or the new unit sits at or
below the index's watermark with the removed unit's index entries and is never found. The migration
(SQLite 8, PostgreSQL 3) repairs TMs that an earlier tm left in that state. Every test runs on both
backends.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from tm.match import Matcher, OracleMatcher
from tm.match.concordance import concordance
from tm.model import Header, Unit, Variant
from tm.store import Store, codec, open_store
from tm.store.copy import TABLES, copy_tm
from tm.text.normalize import fold

OPENS = "The festival opens today."
PANDAS = "A completely new sentence about pandas."


def _add(store: Store, name: str, units: list[Unit]) -> None:
    with store.transaction():
        writer = store.writer(store.add_origin(name, "tmx", Header()))
        for position, unit in enumerate(units, start=1):
            writer.add(unit, position)
        writer.flush()


def _pair(en: str, ru: str, filled_from: tuple[int, str] | None = None) -> Unit:
    return Unit((Variant("en", en), Variant("ru", ru)), filled_from=filled_from)


def _revise_into_existing(store: Store) -> int:
    """Two translations of one sentence, the index built, then a reviewed draft whose fill came from the
    newer unit and whose target is the older unit's: the two become the older one. Returns the removed id."""
    _add(
        store,
        "a.tmx",
        [_pair(OPENS, "Фестиваль открывается сегодня."), _pair(OPENS, "Фестиваль открывается сегодня!")],
    )
    Matcher(store, "en", "ru").prepare()  # the index covers both units
    newer = max(u.id for u in store.units())
    version = codec.pair_version(*store.unit(newer).variants)
    _add(store, "draft.xlf", [_pair(OPENS, "Фестиваль открывается сегодня.", (newer, version))])
    assert store.count() == 1 and newer not in [u.id for u in store.units()]
    return newer


def _concordance_reference(store: Store, term: str, lang: str) -> list[int]:
    """Every unit whose text in ``lang`` contains ``term``, newest first, by reading every variant."""
    wanted = fold(term)
    return sorted(
        {uid for uid, text in store.variant_texts(store.resolve(lang)) if wanted in fold(text)}, reverse=True
    )


def _same(a, b) -> bool:
    return [(m.unit_id, m.score, m.penalties, m.target, m.context) for m in a] == [
        (m.unit_id, m.score, m.penalties, m.target, m.context) for m in b
    ]


def _assert_found(store: Store, pandas: int = 1) -> None:
    """Lookups equal the oracle's, the new unit is a 100% match, and concordance finds the ``pandas``
    units holding the word, as reading every variant does."""
    for query in (PANDAS, OPENS, "A new sentence about pandas."):
        want = OracleMatcher.from_store(store, "en", "ru").lookup(query, min_score=50, limit=5)
        got = Matcher(store, "en", "ru", min_score=50, limit=5).lookup(query)
        assert _same(got, want), (query, got, want)
    (best,) = Matcher(store, "en", "ru", min_score=100, limit=1).lookup(PANDAS)
    assert (best.score, best.target) == (100.0, "Совершенно новое предложение о пандах.")
    hits = [h.unit_id for h in concordance(store, "pandas", "en", "ru")]
    assert hits == _concordance_reference(store, "pandas", "en") and len(hits) == pandas


def test_an_id_removed_by_a_review_is_never_given_again(store_url: str) -> None:
    store = open_store(store_url)
    removed = _revise_into_existing(store)
    _add(store, "b.tmx", [_pair(PANDAS, "Совершенно новое предложение о пандах.")])
    _assert_found(store)
    assert max(u.id for u in store.units()) > removed
    store.close()
    # the mark is kept in the TM: a later process does not give the id either
    store = open_store(store_url)
    twin = _revise_top_away(store, max(u.id for u in store.units()))
    _add(store, "c.tmx", [_pair("Pandas eat bamboo.", "Панды едят бамбук.")])
    assert [u.id for u in store.units() if u.variants[0].text == "Pandas eat bamboo."] == [twin + 1]
    store.close()


def test_a_copy_keeps_the_removed_id_and_each_imports_places(tmp_path: Path, store_url: str) -> None:
    """``tm copy`` (here from SQLite into the backend under test) carries ``id_marks`` and the places'
    generations: the copy does not give the removed id either."""
    src = open_store(str(tmp_path / "src.db"))
    removed = _revise_into_existing(src)
    _add(src, "a.tmx", [_pair("Changed file.", "Изменённый файл.")])  # a.tmx's second generation
    dst = open_store(store_url)
    copy_tm(src, dst)
    for table in ("id_marks", "occurrences"):
        columns = TABLES[table][0]
        assert list(dst.table_rows(table, columns)) == list(src.table_rows(table, columns))
    assert {row[1] for row in dst.table_rows("occurrences", TABLES["occurrences"][0])} == {1, 2}
    src.close()
    _add(dst, "b.tmx", [_pair(PANDAS, "Совершенно новое предложение о пандах.")])
    _assert_found(dst)
    assert max(u.id for u in dst.units()) > removed
    dst.close()


def _revise_top_away(store: Store, top: int) -> int:
    """Give the newest unit a twin, index, and merge the twin into it by a review: the twin's id, the
    highest the TM held, is removed."""
    unit = store.unit(top)
    en, ru = unit.variants[0].text, unit.variants[1].text
    _add(store, "twin.tmx", [_pair(en, ru + "!")])
    Matcher(store, "en", "ru").prepare()
    twin = max(u.id for u in store.units())
    version = codec.pair_version(*store.unit(twin).variants)
    _add(store, "draft2.xlf", [_pair(en, ru, (twin, version))])
    assert twin not in [u.id for u in store.units()]
    return twin


def test_migration_repairs_a_tm_whose_id_was_given_twice(store_url: str, backend: str) -> None:
    """A TM as tm left it before the migration (SQLite 8, PostgreSQL 3): the removed id given to the next
    import's unit, at the index's watermark, with the removed unit's index entries. Opening it re-indexes
    that language."""
    store = open_store(store_url)
    removed = _revise_into_existing(store)
    _add(store, "b.tmx", [_pair(PANDAS, "Совершенно новое предложение о пандах.")])
    _add(store, "c.tmx", [_pair("Pandas eat bamboo.", "Панды едят бамбук.")])
    store.close()
    _as_before(store_url, backend, removed)
    store = open_store(store_url)
    try:
        _assert_found(store, pandas=2)
    finally:
        store.close()


def test_migration_keeps_the_index_of_a_tm_without_an_id_given_twice(store_url: str, backend: str) -> None:
    store = open_store(store_url)
    _revise_into_existing(store)
    _add(store, "b.tmx", [_pair(PANDAS, "Совершенно новое предложение о пандах.")])
    Matcher(store, "en", "ru").prepare()
    store.close()
    _as_before(store_url, backend, None)
    before = _index_rows(store_url, backend)
    open_store(store_url).close()
    assert _index_rows(store_url, backend) == before and before["match_langs"] > 0


INDEX_TABLES = ("match_langs", "match_vocab", "match_seqs", "match_postings", "match_bits")


def _index_rows(url: str, backend: str) -> dict[str, int]:
    if backend == "postgresql":
        import psycopg  # the tests' own connection, to count what the migration left

        with psycopg.connect(url, autocommit=True) as con:
            return {t: con.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in INDEX_TABLES}
    con = sqlite3.connect(url)
    counts = {t: con.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in INDEX_TABLES}
    con.close()
    return counts


def _as_before(url: str, backend: str, removed: int | None) -> None:
    if backend == "postgresql":
        _as_before_pg_migration_3(url, removed)
    else:
        _as_before_migration_8(Path(url), removed)


def _as_before_pg_migration_3(url: str, removed: int | None) -> None:
    """:func:`_as_before_migration_8` for a PostgreSQL TM: schema version 2, as main's first PostgreSQL
    backend left it (every file here was imported once: one generation of places)."""
    import psycopg  # the tests' own connection, to make the TM an earlier tm would have made

    with psycopg.connect(url, autocommit=True) as con, con.transaction():
        if removed is not None:
            _give_twice(con, removed, "%s")
        con.execute("DROP TABLE id_marks")
        con.execute("ALTER TABLE occurrences DROP COLUMN generation")
        con.execute("ALTER TABLE occurrences ADD PRIMARY KEY (origin_id, position, unit_id)")
        con.execute("UPDATE tm_schema SET version = 2")


def _as_before_migration_8(path: Path, removed: int | None) -> None:
    """What an earlier tm made of the same steps: the first new unit got the ``removed`` id back (the
    index still holding the removed unit's entries under it; None: no id was given twice), and the schema
    is version 7."""
    con = sqlite3.connect(path)
    with con:
        if removed is not None:
            _give_twice(con, removed)
        con.executescript(
            """
            DROP TABLE id_marks;
            CREATE TABLE occurrences_old (
                origin_id INTEGER NOT NULL,
                position INTEGER NOT NULL,
                unit_id INTEGER NOT NULL,
                PRIMARY KEY (origin_id, position, unit_id)
            ) WITHOUT ROWID;
            INSERT OR IGNORE INTO occurrences_old SELECT origin_id, position, unit_id FROM occurrences;
            DROP TABLE occurrences;
            ALTER TABLE occurrences_old RENAME TO occurrences;
            CREATE INDEX occurrences_unit ON occurrences (unit_id);
            PRAGMA user_version = 7;
            """
        )
    con.close()


def _give_twice(con, removed: int, mark: str = "?") -> None:  # noqa: ANN001  # sqlite3 or psycopg
    """Renumber the units after ``removed`` one down, as an earlier tm numbered them (``mark``: the
    driver's parameter mark)."""
    tables = (("units", "id"), ("variants", "unit_id"), ("occurrences", "unit_id"))
    rows = con.execute(f"SELECT id FROM units WHERE id > {mark} ORDER BY id", (removed,)).fetchall()
    for (uid,) in rows:
        for table, column in tables:
            con.execute(f"UPDATE {table} SET {column} = {mark} WHERE {column} = {mark}", (uid - 1, uid))

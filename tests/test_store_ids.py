"""Unit ids are never given twice (review M1): a review that merges a unit into the one already holding the
reviewed pair removes its id, and the next import must not get that id back, or the new unit sits at or
below the index's watermark with the removed unit's index entries and is never found. Migration 8 repairs
TMs that an earlier tm left in that state.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from tm.match import Matcher, OracleMatcher
from tm.match.concordance import concordance
from tm.model import Header, Unit, Variant
from tm.store import codec
from tm.store.sqlite import SqliteStore
from tm.text.normalize import fold

OPENS = "The festival opens today."
PANDAS = "A completely new sentence about pandas."


def _add(store: SqliteStore, name: str, units: list[Unit]) -> None:
    with store.transaction():
        writer = store.writer(store.add_origin(name, "tmx", Header()))
        for position, unit in enumerate(units, start=1):
            writer.add(unit, position)
        writer.flush()


def _pair(en: str, ru: str, filled_from: tuple[int, str] | None = None) -> Unit:
    return Unit((Variant("en", en), Variant("ru", ru)), filled_from=filled_from)


def _revise_into_existing(store: SqliteStore) -> int:
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


def _concordance_reference(store: SqliteStore, term: str, lang: str) -> list[int]:
    """Every unit whose text in ``lang`` contains ``term``, newest first, by reading every variant."""
    wanted = fold(term)
    return sorted(
        {uid for uid, text in store.variant_texts(store.resolve(lang)) if wanted in fold(text)}, reverse=True
    )


def _same(a, b) -> bool:
    return [(m.unit_id, m.score, m.penalties, m.target, m.context) for m in a] == [
        (m.unit_id, m.score, m.penalties, m.target, m.context) for m in b
    ]


def _assert_found(store: SqliteStore, pandas: int = 1) -> None:
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


def test_an_id_removed_by_a_review_is_never_given_again(tmp_path: Path) -> None:
    store = SqliteStore(tmp_path / "tm.db")
    removed = _revise_into_existing(store)
    _add(store, "b.tmx", [_pair(PANDAS, "Совершенно новое предложение о пандах.")])
    _assert_found(store)
    assert max(u.id for u in store.units()) > removed
    store.close()
    # the mark is kept in the file: a later process does not give the id either
    store = SqliteStore(tmp_path / "tm.db")
    twin = _revise_top_away(store, max(u.id for u in store.units()))
    _add(store, "c.tmx", [_pair("Pandas eat bamboo.", "Панды едят бамбук.")])
    assert [u.id for u in store.units() if u.variants[0].text == "Pandas eat bamboo."] == [twin + 1]
    store.close()


def _revise_top_away(store: SqliteStore, top: int) -> int:
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


def test_migration_repairs_a_tm_whose_id_was_given_twice(tmp_path: Path) -> None:
    """A TM as tm left it before migration 8: the removed id given to the next import's unit, at the
    index's watermark, with the removed unit's index entries. Opening it re-indexes that language."""
    path = tmp_path / "tm.db"
    store = SqliteStore(path)
    removed = _revise_into_existing(store)
    _add(store, "b.tmx", [_pair(PANDAS, "Совершенно новое предложение о пандах.")])
    _add(store, "c.tmx", [_pair("Pandas eat bamboo.", "Панды едят бамбук.")])
    store.close()
    _as_before_migration_8(path, removed)
    store = SqliteStore(path)
    try:
        _assert_found(store, pandas=2)
    finally:
        store.close()


def test_migration_keeps_the_index_of_a_tm_without_an_id_given_twice(tmp_path: Path) -> None:
    path = tmp_path / "tm.db"
    store = SqliteStore(path)
    _revise_into_existing(store)
    _add(store, "b.tmx", [_pair(PANDAS, "Совершенно новое предложение о пандах.")])
    Matcher(store, "en", "ru").prepare()
    store.close()
    _as_before_migration_8(path, None)
    before = _index_rows(path)
    store = SqliteStore(path)
    store.close()
    assert _index_rows(path) == before and before["match_langs"] > 0


def _index_rows(path: Path) -> dict[str, int]:
    con = sqlite3.connect(path)
    tables = ("match_langs", "match_vocab", "match_seqs", "match_postings", "match_bits")
    counts = {t: con.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in tables}
    con.close()
    return counts


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


def _give_twice(con: sqlite3.Connection, removed: int) -> None:
    """Renumber the units after ``removed`` one down, as an earlier tm numbered them."""
    tables = (("units", "id"), ("variants", "unit_id"), ("occurrences", "unit_id"))
    for (uid,) in con.execute("SELECT id FROM units WHERE id > ? ORDER BY id", (removed,)).fetchall():
        for table, column in tables:
            con.execute(f"UPDATE {table} SET {column} = ? WHERE {column} = ?", (uid - 1, uid))

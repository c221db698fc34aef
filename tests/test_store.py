"""The store, on each backend: duplicates merge keeping every origin and the newest date, order is recorded, migrations."""

from __future__ import annotations

import hashlib
import json
import sqlite3

import pytest
from helpers import run, run_json
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from tm.errors import LanguageError, StoreError
from tm.model import Header, Unit, Variant
from tm.store import codec, open_store
from tm.store.protocol import EDGE
from tm.store.sqlite import SqliteStore
from tm.store.sqlite.schema import MIGRATIONS

TMX = """<?xml version="1.0" encoding="UTF-8"?>
<tmx version="1.4"><header srclang="zh-CN"/><body>
{tus}
</body></tmx>
"""


def _tu(zh, en, date=None):
    attr = f' changedate="{date}"' if date else ""
    return (
        f'<tu{attr}><tuv xml:lang="zh-CN"><seg>{zh}</seg></tuv><tuv xml:lang="en"><seg>{en}</seg></tuv></tu>'
    )


def test_duplicates_merge_keeping_origins_and_newest_date(tmp_path, store_url):
    a = tmp_path / "a.tmx"
    b = tmp_path / "b.tmx"
    a.write_text(
        TMX.format(tus=_tu("你好。", "Hello.", "20240101T000000Z") + _tu("再见。", "Bye.")), encoding="utf-8"
    )
    b.write_text(
        TMX.format(tus=_tu("你好。", "Hello.", "20250410T093000Z") + _tu("你好。", "Hi.")), encoding="utf-8"
    )
    db = store_url
    first = run_json(db, "import", str(a))["files"][0]
    second = run_json(db, "import", str(b))["files"][0]
    assert (first["added"], first["merged"]) == (2, 0)
    assert (second["added"], second["merged"]) == (1, 1)  # same texts merge; a different translation does not
    with open_store(db) as store:
        (hello,) = [u for u in store.units() if u.variant("en").text == "Hello."]
        assert [name for name, _ in store.origins(hello.id)] == ["a.tmx", "b.tmx"]  # base names only
        assert hello.attr("changedate") == "20250410T093000Z"
    # importing the same file again changes nothing but the merge counts
    again = run_json(db, "import", str(b))["files"][0]
    assert again["added"] == 0 and run_json(db, "stats")["units"] == 3


def test_positions_give_each_unit_its_neighbours(tmp_path, store_url):
    doc = tmp_path / "doc.tmx"
    doc.write_text(
        TMX.format(tus="".join(_tu(f"第{i}句。", f"Sentence {i}.") for i in range(1, 4))), encoding="utf-8"
    )
    db = store_url
    run(db, "import", str(doc))
    with open_store(db) as store:
        ids = {u.variant("en").text: u.id for u in store.units()}
        assert store.contexts(ids["Sentence 2."], store.resolve("zh")) == [("第1句。", "第3句。")]
        # EDGE at a file's edge
        assert store.contexts(ids["Sentence 1."], store.resolve("zh-Hans")) == [(EDGE, "第2句。")]
        assert store.contexts(ids["Sentence 3."], store.resolve("zh")) == [("第2句。", EDGE)]


def test_pairs_pick_the_best_variant_per_language(tmp_path, store_url):
    doc = tmp_path / "doc.tmx"
    doc.write_text(
        TMX.format(
            tus='<tu><tuv xml:lang="en-GB"><seg>colour</seg></tuv><tuv xml:lang="en-US">'
            '<seg>color</seg></tuv><tuv xml:lang="zh-CN"><seg>颜色</seg></tuv></tu>'
        ),
        encoding="utf-8",
    )
    db = store_url
    run(db, "import", str(doc))
    with open_store(db) as store:
        assert [(s.text, t.text) for _, s, t in store.pairs(store.resolve("en-US"), store.resolve("zh"))] == [
            ("color", "颜色")
        ]
        assert [(s.text, t.text) for _, s, t in store.pairs(store.resolve("en-GB"), store.resolve("zh"))] == [
            ("colour", "颜色")
        ]
        with pytest.raises(Exception, match="has no de"):
            store.resolve("de")


def test_schema_version_and_wal(tmp_path):
    db = tmp_path / "t.tmdb"
    with SqliteStore(db) as store:
        assert store.connection.execute("PRAGMA user_version").fetchone()[0] == len(MIGRATIONS)
        assert store.connection.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        with store.transaction():
            store.add_origin("x.tmx", "tmx", Header())  # a TM that holds something is kept
    con = sqlite3.connect(db)
    con.execute(f"PRAGMA user_version = {len(MIGRATIONS) + 1}")
    con.close()
    with pytest.raises(StoreError, match="newer tm"):
        SqliteStore(db)


def test_not_a_database(tmp_path):
    db = tmp_path / "t.tmdb"
    db.write_bytes(b"this is not sqlite" * 100)
    result = run(db, "stats")
    assert result.exit_code == 1 and "not a tm database" in result.stderr


def test_skipped_entries_leave_gaps_so_neighbours_stay_true(tmp_path, store_url):
    po = tmp_path / "doc.po"
    po.write_text(
        'msgid ""\nmsgstr ""\n"Language: en\\n"\n"X-Source-Language: zh\\n"\n\n'
        'msgid "第一句。"\nmsgstr "First."\n\nmsgid "第二句。"\nmsgstr ""\n\n'
        'msgid "第三句。"\nmsgstr "Third."\n\nmsgid "第四句。"\nmsgstr "Fourth."\n',
        encoding="utf-8",
    )
    db = store_url
    run(db, "import", str(po))
    with open_store(db) as store:
        ids = {u.variant("en").text: u.id for u in store.units()}
        # the file's edge is EDGE; a neighbour that was not imported is None, which matches nothing
        assert store.contexts(ids["First."], store.resolve("zh")) == [(EDGE, None)]
        assert store.contexts(ids["Third."], store.resolve("zh")) == [(None, "第四句。")]
        assert store.contexts(ids["Fourth."], store.resolve("zh")) == [("第三句。", EDGE)]


# -- the row codec's fast paths against plain references ------------------------------------------------

_json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(),
    lambda inner: (
        st.lists(inner, max_size=4).map(tuple)
        | st.lists(inner, max_size=4)
        | st.dictionaries(st.text(max_size=5), inner, max_size=4)
    ),
    max_leaves=12,
)


@given(_json_values)
def test_metadata_json_is_what_json_dumps_writes(value) -> None:
    assert codec._encode(value) == json.dumps(value, ensure_ascii=False, separators=(",", ":"))


@given(
    st.lists(
        st.tuples(
            st.sampled_from(["en", "zh-CN", "ru", "de"]), st.text(min_size=1), st.lists(st.text(), max_size=2)
        ),
        min_size=1,
        max_size=4,
    ),
    st.none() | st.text(max_size=5),
)
def test_unit_key_is_the_documented_hash(variants, context) -> None:
    unit = Unit(tuple(Variant(lang, text, plurals=tuple(pl)) for lang, text, pl in variants), context=context)
    parts = [context or ""]
    for lang, text, plurals in sorted((lang, text, tuple(pl)) for lang, text, pl in variants):
        parts.extend((lang, text, "\x04".join(plurals)))
    expected = hashlib.blake2b("\x00".join(parts).encode("utf-8"), digest_size=16).digest()
    assert codec.unit_key(unit) == expected
    # variants in another order are the same unit
    assert codec.unit_key(Unit(tuple(reversed(unit.variants)), context=context)) == expected


# -- the variants a lookup pairs, against a plain reference ----------------------------------------------

CODES = ["zh-CN", "zh-TW", "zh", "en", "en-US", "ru"]


def _reference_pairs(units: list[Unit], src_codes: list[str], tgt_codes: list[str]):
    """Per unit in id order: the best-ranked source variant (first among equals), and the best-ranked
    target among the variants whose code is not a source code."""
    for unit in units:
        sources = [v for v in unit.variants if v.lang in src_codes]
        targets = [v for v in unit.variants if v.lang in tgt_codes and v.lang not in src_codes]
        if sources and targets:
            best_s = min(sources, key=lambda v: src_codes.index(v.lang))
            best_t = min(targets, key=lambda v: tgt_codes.index(v.lang))
            yield unit.id, best_s, best_t


@settings(deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    st.lists(
        st.lists(st.tuples(st.sampled_from(CODES), st.sampled_from("abc")), min_size=1, max_size=4),
        min_size=1,
        max_size=12,
    ),
    st.sampled_from(["zh", "zh-TW", "en", "en-US"]),
    st.sampled_from(["zh-TW", "zh-CN", "zh", "en", "ru"]),
    st.sets(st.integers(1, 12)),
)
def test_pairs_choose_the_variants_the_reference_chooses(new_store, units, src, tgt, subset) -> None:
    """Whole TM and chosen units alike (the matcher reads the latter); where the source and target
    requests share codes (``zh`` and ``zh-CN``), a shared code is a source, never a target."""
    store = new_store()
    try:
        with store.transaction():
            writer = store.writer(store.add_origin("a.tmx", "tmx", Header()))
            for n, variants in enumerate(units):
                texts = tuple(Variant(lang, f"{text}{n}.{k}") for k, (lang, text) in enumerate(variants))
                writer.add(Unit(texts), n)
            writer.flush()
        try:
            src_codes, tgt_codes = store.resolve(src), store.resolve(tgt)
        except LanguageError:
            assume(False)  # the TM lacks one of the languages: nothing to pair
        held = list(store.units())
        want = [(uid, s, t) for uid, s, t in _reference_pairs(held, src_codes, tgt_codes)]
        assert list(store.pairs(src_codes, tgt_codes)) == want
        chosen = sorted(subset)
        assert list(store.pairs(src_codes, tgt_codes, chosen)) == [p for p in want if p[0] in subset]
    finally:
        store.close()

"""The termbase: one contract for the in-memory, SQLite and PostgreSQL backends, CSV/TSV import, term matching in
Chinese, English and Russian text, ``tm terms`` through click, and term candidates from the TM."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from conftest import database
from helpers import run
from hypothesis import given, settings
from hypothesis import strategies as st

from tm.errors import FormatError, StoreError
from tm.formats.tbx import read_tbx
from tm.formats.termcsv import read_term_csv
from tm.model import Concept, Term
from tm.store import open_store
from tm.store.sqlite.schema import MIGRATIONS
from tm.terms import MemoryTermbase, lookup_terms, term_hits
from tm.terms.match import _CharIndex
from tm.text.normalize import fold_term, fold_term_map

CONCEPTS = [
    Concept(
        (Term("中国馆", "zh-CN"), Term("China Pavilion", "en"), Term("Китайский павильон", "ru")),
        "pavilion",
        "place",
        ("a note",),
    ),
    Concept(
        (
            Term("李扬", "zh-CN"),
            Term("李杨", "zh-CN", "forbidden", None, None, ("wrong",)),
            Term("Li Yang", "en"),
        )
    ),
    Concept((Term("Wink", "zh-CN"), Term("Wink", "en"), Term("Wink", "ru")), "wink"),
]


@pytest.fixture(params=["memory", "sqlite", "postgresql"])
def termbase(request, tmp_path):
    if request.param == "memory":
        yield MemoryTermbase()
        return
    with database(request.param, tmp_path, request) as url:
        store = open_store(url)
        with store.transaction():
            yield store.terms
        store.close()


def test_backends_keep_concepts_whole(termbase):
    stored = [termbase.add(c) for c in CONCEPTS]
    got = list(termbase.concepts())
    assert got == stored and [c.key for c in got] == sorted({c.key for c in got})
    assert [c.terms for c in got] == [c.terms for c in CONCEPTS]
    assert [(c.id, c.subject, c.notes) for c in got] == [(c.id, c.subject, c.notes) for c in CONCEPTS]
    assert termbase.count() == 3 and termbase.languages() == ["en", "ru", "zh-CN"]
    assert [c.id for c in termbase.concepts(["ru"])] == ["pavilion", "wink"]
    assert list(termbase.concepts([])) == []
    assert [c.id for c in termbase.lookup("pavilion")] == ["pavilion"]
    assert [c.id for c in termbase.lookup("wink", ["en"])] == ["wink"]
    assert termbase.lookup("wink", ["de"]) == [] and termbase.lookup("100%_") == []


def test_lookup_resolves_languages_and_puts_equal_terms_first(termbase):
    for c in CONCEPTS:
        termbase.add(c)
    termbase.add(Concept((Term("Wink集团", "zh-CN"), Term("Wink Group", "en")), "group"))
    assert [c.id for c in lookup_terms(termbase, "china pavilion")] == ["pavilion"]
    assert [c.id for c in lookup_terms(termbase, "WINK", "en")] == ["wink", "group"]
    assert [c.id for c in lookup_terms(termbase, "Wink集团", "zh")] == ["group"]  # zh finds zh-CN
    assert lookup_terms(termbase, "Wink", "de") == []


def test_same_id_replaces(termbase):
    termbase.add(CONCEPTS[0])
    termbase.add(Concept((Term("中国馆", "zh-CN"), Term("China Pavilion", "en")), "pavilion"))
    assert termbase.count() == 1 and len(next(iter(termbase.concepts())).terms) == 2
    termbase.clear()
    assert termbase.count() == 0


def test_sqlite_termbase_lives_in_the_tm_file(tmp_path):
    db = tmp_path / "t.tmdb"
    with open_store(db) as store, store.transaction():
        store.terms.add(CONCEPTS[0])
    with open_store(db, readonly=True) as store:
        assert [c.id for c in store.terms.concepts()] == ["pavilion"]
    with pytest.raises(RuntimeError), open_store(db) as store, store.transaction():
        store.terms.add(CONCEPTS[1])
        raise RuntimeError  # rolled back with the store's transaction
    with open_store(db, readonly=True) as store:
        assert store.terms.count() == 1


def test_a_tm_from_before_the_termbase_gets_it_when_opened(tmp_path, corpora):
    """The termbase is a numbered migration: a TM written before it keeps its units and gets empty term
    tables on its first writable opening; read-only, it says it needs the upgrade."""
    db = tmp_path / "old.tmdb"
    assert run(db, "import", str(corpora / "wcm-2025" / "report.tmx")).exit_code == 0
    before = next(n for n, script in enumerate(MIGRATIONS) if "term_concepts" in script)
    con = sqlite3.connect(db)
    con.executescript(f"DROP TABLE term_terms; DROP TABLE term_concepts; PRAGMA user_version = {before};")
    con.close()
    with pytest.raises(StoreError, match="needs a schema upgrade"):
        open_store(db, readonly=True)
    with open_store(db) as store:
        assert store.count() == 34 and store.terms.count() == 0
        with store.transaction():
            store.terms.add(CONCEPTS[0])
    with open_store(db, readonly=True) as store:
        assert [c.id for c in store.terms.concepts()] == ["pavilion"]


def test_csv_with_status_columns_synonyms_and_notes(tmp_path):
    path = tmp_path / "terms.csv"
    path.write_text(
        "id,zh-CN,en,en:forbidden,ru,ru:note,note,subject\n"
        "kosarim,亚历山大·科萨里姆|科萨里姆,Alexander Kosarim|Kosarim,Kossarim,Александр Косарим,склоняется,Wink,person\n"
        "\n"
        ",李扬,Li Yang,,Ли Ян,,,\n",
        encoding="utf-8",
    )
    first, second = read_term_csv(path)
    assert first.id == "kosarim" and first.subject == "person" and first.notes == ("Wink",)
    assert [(t.lang, t.text, t.status) for t in first.terms] == [
        ("zh-CN", "亚历山大·科萨里姆", "preferred"),
        ("zh-CN", "科萨里姆", "preferred"),
        ("en", "Alexander Kosarim", "preferred"),
        ("en", "Kosarim", "preferred"),
        ("en", "Kossarim", "forbidden"),
        ("ru", "Александр Косарим", "preferred"),
    ]
    assert first.terms[-1].notes == ("склоняется",) and second.id is None
    tsv = tmp_path / "terms.tsv"
    tsv.write_text("zh\ten:admitted\n中国\tChinese\n", encoding="utf-8")
    assert read_term_csv(tsv)[0].terms[1].status == "admitted"
    bad = tmp_path / "bad.csv"
    bad.write_text("zh,colour\n中国,red\n", encoding="utf-8")
    with pytest.raises(FormatError, match="column 2"):
        read_term_csv(bad)


# --- matching --------------------------------------------------------------------------------------------


def test_term_hits_find_short_chinese_terms_and_give_targets(corpora):
    tb = MemoryTermbase(read_tbx(corpora / "terms" / "wcm.tbx").concepts)
    text = "尚世影业、五岸传播副总经理李扬代表中国联合展台表示：“感谢Wink。”"
    hits = term_hits(text, "zh", "en", termbase=tb)
    got = [(h.source, h.targets[0]) for h in hits]
    assert (
        ("李扬", "Li Yang") in got and ("中国联合展台", "China Pavilion") in got and ("Wink", "Wink") in got
    )
    assert ("尚世影业、五岸传播", "SMG Pictures & WingsMedia") in got
    for start, end, source, _ in hits:
        assert text[start:end] == source
    assert "李杨" not in [t for h in hits for t in h.targets]  # a forbidden term is never proposed
    ru = term_hits("Wink集团内容总监亚历山大·科萨里姆", "zh", "ru", termbase=tb)
    assert [(h.source, h.targets) for h in ru] == [
        ("Wink集团", ("группа Wink",)),
        ("内容总监", ("директор по контенту",)),
        ("亚历山大·科萨里姆", ("Александр Косарим", "Косарим")),
    ]


def test_russian_inflected_forms_and_english_plurals(corpora):
    tb = MemoryTermbase(read_tbx(corpora / "terms" / "wcm.tbx").concepts)
    from tm.terms.match import checker_for

    ru = checker_for(tb, "ru", "en")
    found = [h.source for h in ru.hits("делегации Китайского павильона и «Ростелекома», OTT-платформ России")]
    assert found == ["Китайского павильона", "Ростелекома", "OTT-платформ", "России"]
    en = checker_for(tb, "en", "zh")
    assert [h.source for h in en.hits("two OTT platforms in Russia’s market")] == ["OTT platforms", "Russia"]
    assert en.hits("Winkle and Moscowian") == []  # whole words only


# --- CLI -------------------------------------------------------------------------------------------------


def test_cli_import_lookup_export(tmp_path, corpora, store_url):
    db = store_url
    result = run(db, "terms", "import", str(corpora / "terms" / "wcm.tbx"), "--json")
    assert result.exit_code == 0, result.stderr
    imported = json.loads(result.stdout)
    assert imported["concepts"] == len(read_tbx(corpora / "terms" / "wcm.tbx").concepts)
    again = json.loads(run(db, "terms", "import", str(corpora / "terms" / "wcm.tbx"), "--json").stdout)
    assert again["concepts"] == imported["concepts"]  # the same ids: replaced, not doubled
    found = json.loads(run(db, "terms", "lookup", "科萨里姆", "--json").stdout)
    assert found[0]["id"] == "kosarim"
    assert {"text": "Kossarim", "status": "forbidden"}.items() <= next(
        t for t in found[0]["terms"] if t["text"] == "Kossarim"
    ).items()
    text = run(db, "terms", "lookup", "Kosarim")
    assert "Alexander Kosarim" in text.stdout and "Косарим" in text.stdout
    out = tmp_path / "out.tbx"
    assert run(db, "terms", "export", str(out)).exit_code == 0

    def shape(concepts):
        return [(c.id, c.subject, c.notes, c.terms, c.extra, c.lang_extra) for c in concepts]

    assert shape(read_tbx(out).concepts) == shape(read_tbx(corpora / "terms" / "wcm.tbx").concepts)


def test_cli_import_refuses_bad_files_and_changes_nothing(tmp_path, corpora, store_url):
    """Every file is read before any is stored: one bad file leaves the termbase as it was."""
    db = store_url
    evil = tmp_path / "evil.tbx"
    evil.write_text('<!DOCTYPE m [<!ENTITY x SYSTEM "file:///etc/passwd">]><martif/>', encoding="utf-8")
    result = run(db, "terms", "import", str(corpora / "terms" / "wcm.tbx"), str(evil))
    assert result.exit_code == 1 and "entities" in result.stderr
    with open_store(db) as store:
        assert store.terms.count() == 0


# --- extraction ------------------------------------------------------------------------------------------


def _extract(tmp_path, corpora, tgt, *more):
    report = str(corpora / "wcm-2025" / "report.tmx")
    return run(tmp_path / "t.tmdb", "terms", "extract", "--src", "zh", "--tgt", tgt, "--tm", report, *more)


def test_extract_proposes_the_names_of_the_report(tmp_path, corpora):
    result = _extract(tmp_path, corpora, "en", "--json")
    assert result.exit_code == 0, result.stderr
    pairs = [(c["source"], c["target"]) for c in json.loads(result.stdout)]
    for want in [
        ("Wink", "Wink"),
        ("中国联合展台", "China Pavilion"),
        ("弗拉基米罗夫", "Vladimirov"),
        ("科萨里姆", "Kosarim"),
        ("莫斯科", "Moscow"),
        ("尚世影业、五岸传播", "SMG Pictures & WingsMedia"),
    ]:
        assert want in pairs
    assert pairs[0] == ("Wink", "Wink")
    out = tmp_path / "cand.tbx"
    _extract(tmp_path, corpora, "ru", "-o", str(out))
    concepts = read_tbx(out).concepts
    assert "Медиа Телеком" in {t.text for c in concepts for t in c.terms}
    assert all("units hold both" in c.notes[0] for c in concepts)
    csv_out = tmp_path / "cand.csv"
    _extract(tmp_path, corpora, "ru", "-o", str(csv_out))
    assert Path(csv_out).read_text(encoding="utf-8").startswith("zh,ru,units,")


# --- the indexed matcher against a plain scan -------------------------------------------------------------

ALPHABET = "中国馆李扬杨俄 ab-W."


def _plain(terms: list[str], text: str) -> set[tuple[int, int, str]]:
    """Every occurrence of every term, by trying each term at each place of the folded text."""
    folded, where = fold_term_map(text)
    out = set()

    def word(ch: str) -> bool:
        return ch.isalnum() and not ("\u4e00" <= ch <= "\u9fff")

    for term in terms:
        key = fold_term(term)
        if not key:
            continue
        for i in range(len(folded) - len(key) + 1):
            j = i + len(key)
            if folded[i:j] != key:
                continue
            if word(key[0]) and i > 0 and word(folded[i - 1]):
                continue
            if word(key[-1]) and j < len(folded) and word(folded[j]):
                continue
            out.add((where[i], where[j - 1] + 1, term))
    return out


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.text(ALPHABET, min_size=1, max_size=4), min_size=1, max_size=6, unique=True),
    st.text(ALPHABET, max_size=30),
)
def test_char_index_finds_what_a_plain_scan_finds(terms, text):
    concept = Concept(tuple(Term(t, "zh") for t in terms))
    index = _CharIndex([(t, concept) for t in concept.terms], plural=False)
    found = {(f.start, f.end, f.term.text) for f in index.find(text, overlapping=True)}
    assert found == _plain(terms, text)
    chosen = index.find(text)  # leftmost longest, never overlapping
    assert all(a.end <= b.start for a, b in zip(chosen, chosen[1:], strict=False))
    assert {(f.start, f.end, f.term.text) for f in chosen} <= found

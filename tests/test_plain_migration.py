"""The migration that rereads plain texts from their coded form (SQLite 12, PostgreSQL 8;
tm.store.plaintext): a TM an earlier tm imported, whose texts glue the words either side of a code that
shows as whitespace, reads after it as the same files imported now."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from helpers import run, run_json

from tm.match import Matcher, OracleMatcher
from tm.model import Code
from tm.store import open_store
from tm.store.plaintext import current_text
from tm.store.postgres import schema as pg_schema
from tm.store.sqlite import schema as sqlite_schema

TMX = """<?xml version="1.0" encoding="UTF-8"?>
<tmx version="1.4"><header creationtool="t" creationtoolversion="1" segtype="sentence" o-tmf="t"
 adminlang="en" srclang="en" datatype="plaintext"/><body>
<tu><tuv xml:lang="en"><seg>The report opens here.</seg></tuv><tuv xml:lang="zh-CN"><seg>报告从这里开始。</seg></tuv></tu>
<tu><tuv xml:lang="en"><seg>Line one<ph type="lb"/>line two</seg></tuv><tuv xml:lang="zh-CN"><seg>第一行<ph>&lt;br/&gt;</ph>第二行</seg></tuv></tu>
<tu><tuv xml:lang="en"><seg>The next sentence follows.</seg></tuv><tuv xml:lang="zh-CN"><seg>下一句紧随其后。</seg></tuv></tu>
<tu><tuv xml:lang="en"><seg>Total: <ph>&lt;w:tab/&gt;</ph> 12 rows</seg></tuv><tuv xml:lang="zh-CN"><seg>合计：<ph>&lt;w:tab/&gt;</ph>12行</seg></tuv></tu>
<tu><tuv xml:lang="en"><seg>Bold <bpt i="1">&lt;b&gt;</bpt>words<ept i="1">&lt;/b&gt;</ept> stay.</seg></tuv><tuv xml:lang="zh-CN"><seg><bpt i="1">&lt;b&gt;</bpt>粗体<ept i="1">&lt;/b&gt;</ept>不变。</seg></tuv></tu>
</body></tmx>
"""

XLIFF = """<?xml version="1.0" encoding="UTF-8"?>
<xliff xmlns="urn:oasis:names:tc:xliff:document:1.2" version="1.2">
<file original="a.docx" source-language="en" target-language="zh-CN" datatype="plaintext"><body>
<trans-unit id="1"><source>Alpha<x id="1" ctype="lb"/>beta gamma.</source>
<target state="translated">甲<x id="1" ctype="lb"/>乙丙。</target></trans-unit>
</body></file></xliff>
"""

# each current plain text -> the one an earlier tm stored (TMX: the codes left out; XLIFF: left out, then
# whitespace folded); the bold unit's codes show nothing and its text is the same in both
OLD = {
    "Line one\nline two": "Line oneline two",
    "第一行\n第二行": "第一行第二行",
    "Total: \t 12 rows": "Total:  12 rows",
    "合计：\t12行": "合计：12行",
    "Alpha beta gamma.": "Alphabeta gamma.",
    "甲 乙丙。": "甲乙丙。",
}
HISTORY = ("Line one\ue000line two", "Line oneline two", '{"c":[["ph","<ph type=\\"lb\\"/>",null]]}')
LOOKUPS = [
    ("Line one line two",),
    ("The next sentence follows.", "--prev", "Line one line two"),
    ("Alpha beta gamma.",),
    ("Total: 12 rows",),
]
# the same three segments in a document: the second with a line break the TM holds as a code
HTML = "<html><body><p>The report opens here.</p><p>Line one<br>line two</p><p>The next sentence follows.</p></body></html>"
INDEX_TABLES = ("match_langs", "match_vocab", "match_seqs", "match_postings", "match_bits")


def _sql(url: str, backend: str, statements: list[tuple[str, tuple]]) -> list[int]:
    """Run statements with the tests' own connection (as an earlier tm wrote); the rows each changed."""
    counts = []
    if backend == "postgresql":
        import psycopg  # the tests' own connection, to make the TM an earlier tm made

        with psycopg.connect(url) as con, con.transaction():
            for sql, args in statements:
                counts.append(con.execute(sql.replace("?", "%s"), args).rowcount)
        return counts
    con = sqlite3.connect(url)
    with con:
        counts = [con.execute(sql, args).rowcount for sql, args in statements]
    con.close()
    return counts


def _index(url: str, backend: str) -> dict[str, list]:
    if backend == "postgresql":
        import psycopg  # the tests' own connection, to read the index the migration left

        with psycopg.connect(url) as con:
            return {t: sorted(con.execute(f"SELECT * FROM {t}").fetchall()) for t in INDEX_TABLES}
    con = sqlite3.connect(url)
    found = {t: sorted(con.execute(f"SELECT * FROM {t}").fetchall()) for t in INDEX_TABLES}
    con.close()
    return found


def _texts(url: str) -> list[tuple[int, str, str]]:
    with open_store(url) as store:
        return [(u.id, v.lang, v.text) for u in store.units() for v in u.variants]


def _answers(url: str, doc: Path) -> dict:
    found = {"analysis": run_json(url, "analyze", str(doc), "--src", "en", "--tgt", "zh")["total"]}
    found |= {q: run_json(url, "lookup", *q, "--src", "en", "--tgt", "zh") for q in LOOKUPS}
    for term in ("one line", "line two", "beta gamma", "第一行 第二行"):
        found[term] = run_json(url, "concordance", term)
    return found


def test_a_tm_imported_before_whitespace_codes_reads_as_one_imported_now(
    tmp_path: Path, store_url: str, backend: str
) -> None:
    """The files imported now give the answers; the same TM with the texts an earlier tm stored, opened,
    gives the same ones. Before the migration: ``tm lookup --prev "Line one line two"`` of the next
    sentence was 100, not 101 (the neighbour's text glued), the analysis of the document 2 context matches
    of 3, ``tm concordance "one line"`` found nothing, and lookups showed ``Line oneline two``. A plain
    query of that unit scores 99 either way (the unit has a code, the query none: the codes penalty); the
    document's segment with its ``<br>`` is the exact match, a context one."""
    tmx, xlf = tmp_path / "memory.tmx", tmp_path / "draft.xlf"
    tmx.write_text(TMX, encoding="utf-8")
    xlf.write_text(XLIFF, encoding="utf-8")
    doc = tmp_path / "release.html"
    doc.write_text(HTML, encoding="utf-8")
    db = store_url
    assert run(db, "import", str(tmx), str(xlf)).exit_code == 0
    fresh, answers = _texts(db), _answers(db, doc)  # the files imported now (the index built too)
    assert answers[LOOKUPS[1]]["matches"][0]["score"] == 101  # after "Line one line two": a context match
    assert answers["analysis"]["bands"]["context"]["segments"] == 3  # each exact, after the same neighbour
    assert [h["source"] for h in answers["one line"]["hits"]] == ["Line one\nline two"]
    index = _index(db, backend)

    # the same TM as an earlier tm left it: the glued texts, a kept target among them, the schema before
    if backend == "postgresql":
        version = (
            "UPDATE tm_schema SET version = ?",
            (pg_schema.MIGRATIONS.index(pg_schema._reread_plain_texts),),
        )
    else:
        version = (
            f"PRAGMA user_version = {sqlite_schema.MIGRATIONS.index(sqlite_schema._reread_plain_texts)}",
            (),
        )
    changed = _sql(
        db,
        backend,
        [
            *(("UPDATE variants SET text = ? WHERE text = ?", (old, new)) for new, old in OLD.items()),
            (
                "INSERT INTO unit_history (id, unit_id, former_id, lang, text, coded, meta, status, revised) "
                "VALUES (1, 2, 2, 'en', ?, ?, ?, 'confirmed', '2026-01-01T00:00:00Z')",
                (HISTORY[1], HISTORY[0], HISTORY[2]),
            ),
            version,
        ],
    )
    assert changed[: len(OLD) + 1] == [1] * (len(OLD) + 1)

    assert _texts(db) == fresh  # opened: migrated
    assert _answers(db, doc) == answers
    assert _index(db, backend) == index  # built from the coded texts: nothing to re-index
    history = _sql(
        db, backend, [("UPDATE unit_history SET status = status WHERE text = ?", ("Line one\nline two",))]
    )
    assert history == [1]
    with open_store(db) as store:
        for src, tgt, glued in (("en", "zh", "Line oneline two"), ("zh", "en", "第一行第二行")):
            indexed, oracle = (
                Matcher(store, src, tgt, min_score=40),
                OracleMatcher.from_store(store, src, tgt),
            )
            queries = [t for _, lang, t in fresh if lang.startswith(src)] + [glued]
            for query in queries:
                got = [(m.unit_id, m.score, m.source, m.target) for m in indexed.lookup(query)]
                want = [(m.unit_id, m.score, m.source, m.target) for m in oracle.lookup(query, min_score=40)]
                assert got == want and got, query


BR = (Code("ph", '<ph type="lb"/>'),)
BOLD = (Code("bpt", "<bpt>&lt;b&gt;</bpt>"),)


@pytest.mark.parametrize(
    ("text", "coded", "codes", "first_from_tmx", "expected", "asks"),
    [
        ("a  b", "a \ue000 b", BR, None, "a \n b", False),  # TMX: only it kept two spaces
        ("a b", "a \ue000 b", BR, None, None, False),  # a document's, folded: stays as it reads
        ("ab", "a\ue000b", BR, True, "a\nb", True),  # either reader's: the first origin decides
        ("ab", "a\ue000b", BR, False, "a b", True),
        ("a b", "a \ue000b", BR, True, "a \nb", True),
        ("a b", "a \ue000b", BR, False, None, True),
        ("a\nb", "a\ue000b", BR, None, None, False),  # current (TMX)
        ("a b", "a\ue000b", BR, None, None, False),  # current (a document's)
        ("ab", "a\ue000b", BOLD, None, None, False),  # no code shows whitespace
        ("edited", "a\ue000b", BR, None, None, False),  # written some other way: left
    ],
)
def test_current_text(text, coded, codes, first_from_tmx, expected, asks) -> None:
    asked = []

    def from_tmx() -> bool:
        asked.append(1)
        return first_from_tmx

    assert current_text(text, coded, codes, from_tmx) == expected
    assert asked == ([1] if asks else [])

"""Reading in a second process (tm.tmfiles.readahead) stores exactly what reading in this process stores."""

from __future__ import annotations

import random
import sqlite3

import pytest

from tm.errors import FormatError
from tm.store.sqlite import SqliteStore
from tm.tmfiles import import_files

TABLES = ("origins", "units", "variants", "occurrences")


def _tmx(path, units: int, seed: int = 3, truncate: bool = False) -> None:
    rng = random.Random(seed)
    words = "press release pavilion festival cooperation series audience partner Moscow Beijing".split()
    han = "中国电影节合作伙伴莫斯科北京展馆剧集观众发布"
    lines = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<tmx version="1.4"><header srclang="en" creationtool="t" segtype="sentence">'
        '<prop type="x-h">header prop</prop></header><body>',
    ]
    for i in range(units):
        n = rng.randint(0, 40)  # some units repeat earlier ones: merged
        texts = random.Random(n)  # the same n, the same texts
        en = " ".join(texts.choice(words) for _ in range(3 + n % 7))
        zh = "".join(texts.choice(han) for _ in range(4 + n % 9))
        if i % 11 == 0:
            en, zh = f'<bpt i="1">&lt;b&gt;</bpt>{en}<ept i="1">&lt;/b&gt;</ept>', f"{zh}<ph>&lt;br/&gt;</ph>"
        if i % 17 == 0:
            zh += "\x07"  # an XML-illegal character: removed with a warning naming the line
        lang = ' xml:lang="ru"' if i % 29 else ""  # every 29th unit has a variant without a language
        lines.append(
            f'<tu tuid="{i}" changedate="2025{1 + i % 12:02d}01T000000Z"><prop type="x-n">{i}</prop>'
            f'<tuv xml:lang="en"><seg>{en}</seg></tuv><tuv xml:lang="zh-CN"><seg>{zh}</seg></tuv>'
            f"<tuv{lang}><seg>ru {n}</seg><note>n{i}</note></tuv></tu>"
        )
    lines.append("</body></tmx>")
    text = "\n".join(lines) + "\n"
    if truncate:
        text = text[: len(text) * 2 // 3]
    path.write_text(text, encoding="utf-8")


def _import(tmp_path, name: str, source, readahead: bool):
    db = tmp_path / f"{name}.tmdb"
    with SqliteStore(db) as store:
        summaries = import_files(store, [source], readahead=readahead)
    con = sqlite3.connect(db)
    tables = {t: con.execute(f"SELECT * FROM {t} ORDER BY 1, 2").fetchall() for t in TABLES if t != "origins"}
    tables["origins"] = con.execute("SELECT name, key, format, header FROM origins").fetchall()
    con.close()
    return summaries, tables


def test_readahead_stores_what_the_plain_import_stores(tmp_path):
    source = tmp_path / "mixed.tmx"
    _tmx(source, 3000)
    plain, plain_tables = _import(tmp_path, "plain", source, readahead=False)
    ahead, ahead_tables = _import(tmp_path, "ahead", source, readahead=True)
    assert ahead_tables == plain_tables
    (p,), (a,) = plain, ahead
    assert (a.read, a.added, a.merged, a.skipped, a.reasons) == (
        p.read,
        p.added,
        p.merged,
        p.skipped,
        p.reasons,
    )
    assert [str(i) for i in a.issues] == [str(i) for i in p.issues]
    # the file really exercises merging, skipping and cleaning
    assert p.merged > 100 and p.skipped > 50 and any("U+0007" in str(i) for i in p.issues)
    assert len(plain_tables["units"]) == p.added


def test_readahead_refuses_a_broken_file_like_the_plain_import(tmp_path):
    source = tmp_path / "truncated.tmx"
    _tmx(source, 3000, truncate=True)
    db = tmp_path / "t.tmdb"
    messages = []
    for readahead in (False, True):
        with SqliteStore(db) as store:
            with pytest.raises(FormatError) as err:
                import_files(store, [source], readahead=readahead)
            assert store.count() == 0
        messages.append((str(err.value), err.value.line, err.value.hint))
    assert messages[0] == messages[1]
    assert "not well-formed" in messages[0][0] and messages[0][1] is not None

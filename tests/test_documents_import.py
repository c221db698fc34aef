"""XLIFF as a TM source: only confirmed translations become units; importing twice changes nothing."""

from __future__ import annotations

from pathlib import Path

import pytest

from tm.errors import LanguageError
from tm.formats import detect, open_reader
from tm.formats.documents.xliff_import import XliffReader
from tm.store.sqlite import SqliteStore
from tm.tmfiles import import_files

XLIFF = """<?xml version="1.0" encoding="UTF-8"?>
<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2">
  <file original="a.txt" source-language="zh-CN" target-language="en" datatype="plaintext">
    <body>
      <trans-unit id="1"><source>你好<x id="1"/>世界。</source><target state="translated">Hello world.</target></trans-unit>
      <trans-unit id="2"><source>再见。</source><target state="needs-review-translation">Bye.</target></trans-unit>
      <trans-unit id="3"><source>新句子。</source></trans-unit>
      <trans-unit id="4"><source>ABC。</source><target state="final">ABC。</target></trans-unit>
      <trans-unit id="5"><source>最终。</source><target>Final.</target></trans-unit>
      <trans-unit id="6"><source>空的。</source><target state="translated"> </target></trans-unit>
    </body>
  </file>
</xliff>
"""

XLIFF2 = """<?xml version="1.0" encoding="UTF-8"?>
<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" version="2.0" srcLang="zh-CN" trgLang="en">
  <file id="f"><unit id="u">
    <segment state="reviewed"><source>你好。</source><target>Hello.</target></segment>
    <segment state="initial"><source>草稿。</source><target>Draft.</target></segment>
  </unit></file>
</xliff>
"""


def _write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_reader_yields_confirmed_translations(tmp_path: Path) -> None:
    path = _write(tmp_path, "a.xlf", XLIFF)
    assert detect(path) == "xliff"
    reader = open_reader(path)
    units = list(reader)
    assert [
        (u.variants[0].lang, u.variants[0].text, u.variants[1].lang, u.variants[1].text) for u in units
    ] == [
        ("zh-CN", "你好世界。", "en", "Hello world."),
        ("zh-CN", "ABC。", "en", "ABC。"),  # identical to its source: a confirmed "keep as is" (issue 10)
        ("zh-CN", "最终。", "en", "Final."),
    ]
    assert reader.skipped == {"fuzzy": 1, "untranslated": 2}
    fuzzy = list(XliffReader(path, include_fuzzy=True))
    assert [(u.variants[1].text, u.status) for u in fuzzy] == [
        ("Hello world.", "confirmed"),
        ("Bye.", "fuzzy"),
        ("ABC。", "confirmed"),
        ("Final.", "confirmed"),
    ]


def test_xliff2_and_languages(tmp_path: Path) -> None:
    units = list(open_reader(_write(tmp_path, "b.xliff", XLIFF2)))
    assert [(u.variants[0].text, u.variants[1].text) for u in units] == [("你好。", "Hello.")]
    bare = XLIFF.replace(' target-language="en"', "")
    with pytest.raises(LanguageError, match="target"):
        XliffReader(_write(tmp_path, "c.xlf", bare))
    assert [u.variants[1].lang for u in XliffReader(tmp_path / "c.xlf", tgt="en-GB")][0] == "en-GB"


def test_import_twice_changes_nothing(tmp_path: Path) -> None:
    path = _write(tmp_path, "a.xlf", XLIFF)
    store = SqliteStore(tmp_path / "tm.db")
    first = import_files(store, [path])
    assert (first[0].added, first[0].skipped) == (3, 3)
    codes = store.resolve("zh"), store.resolve("en")
    pairs = sorted((s.text, t.text) for _, s, t in store.pairs(*codes))
    assert pairs == sorted([("你好世界。", "Hello world."), ("ABC。", "ABC。"), ("最终。", "Final.")])
    again = import_files(store, [path])
    assert (again[0].added, again[0].merged) == (0, 3)
    assert store.count() == 3
    assert sorted((s.text, t.text) for _, s, t in store.pairs(*codes)) == pairs
    store.close()

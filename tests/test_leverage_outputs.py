"""Pre-translation outputs with the real matcher: target documents keep every tag, XLIFF validates, PO
passes msgfmt, confirmed translations stay, and the score/band contract is written."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import polib
import pytest
from lxml import etree
from lxml import html as lhtml
from xliff_schemas import schema, valid

from tm.bands import TM_NS
from tm.formats.documents.po import parse_tm_comment
from tm.formats.documents.xliff import NS12
from tm.leverage import pretranslate
from tm.store import open_store
from tm.tmfiles import import_files

TMX = """<?xml version="1.0" encoding="UTF-8"?>
<tmx version="1.4"><header srclang="en" datatype="plaintext" segtype="sentence" adminlang="en" o-tmf="t"
 creationtool="t" creationtoolversion="1"/><body>
<tu><tuv xml:lang="en"><seg>The weather is very clear today.</seg></tuv><tuv xml:lang="zh-CN"><seg>今天天气非常晴朗。</seg></tuv></tu>
<tu><tuv xml:lang="en"><seg>The meeting will be held tomorrow on the third floor.</seg></tuv><tuv xml:lang="zh-CN"><seg>会议将于明天在三楼举行。</seg></tuv></tu>
<tu><tuv xml:lang="en"><seg>The platform now hosts over 500 Chinese titles.</seg></tuv><tuv xml:lang="zh-CN"><seg>该平台目前上线了500余部中国作品。</seg></tuv></tu>
</body></tmx>
"""

HTML = """<!DOCTYPE html>
<html lang="en"><head><title>The weather is very clear today.</title></head>
<body><h1>The meeting will be held <b>tomorrow</b> on the third floor.</h1>
<p class="x">The platform now hosts over 600 Chinese titles. <a href="https://example.org">Nothing</a> else matches here.</p>
<ul><li>The weather is very clear today.</li></ul>
</body></html>
"""


@pytest.fixture()
def store(tmp_path: Path, store_url: str):
    tmx = tmp_path / "memory.tmx"
    tmx.write_text(TMX, encoding="utf-8")
    st = open_store(store_url)
    import_files(st, [tmx])
    yield st
    st.close()


def _tags(path: Path) -> list[tuple[str, dict[str, str]]]:
    return [(str(el.tag), dict(el.attrib)) for el in lhtml.parse(str(path)).iter()]


def test_html_to_html_keeps_every_tag(tmp_path: Path, store) -> None:
    src = tmp_path / "page.html"
    src.write_text(HTML, encoding="utf-8")
    out = tmp_path / "page.zh.html"
    # by default a document written as itself gets exact matches only: nothing in it can mark a fuzzy fill
    exact = pretranslate(store, src, "en", "zh-CN", out)
    assert (exact.kind, exact.fill, exact.filled, exact.fuzzy_fills) == ("doc", "exact", 2, ())
    assert "<h1>⟦The meeting will be held <b>tomorrow</b>" in out.read_text(encoding="utf-8")
    result = pretranslate(store, src, "en", "zh-CN", out, fill="fuzzy")
    # the heading's fuzzy match has no place for <b>tomorrow</b>: not filled (never emptied)
    assert result.kind == "doc" and result.filled == 3 and result.unplaced == 1
    # the fuzzy fills are listed for review, since the page cannot mark them
    assert [(f.score, f.origin, f.adapted) for f in result.fuzzy_fills] == [(99, "memory.tmx", True)]
    tags = _tags(out)
    assert [t for t, _ in tags] == [t for t, _ in _tags(src)]
    assert [a for t, a in tags if t != "html"] == [a for t, a in _tags(src) if t != "html"]
    written = out.read_text(encoding="utf-8")
    assert "<title>今天天气非常晴朗。</title>" in written
    # the heading's TM match has no codes and no place for <b>tomorrow</b>: not filled, never emptied
    # (Why, issue 10: the filled target was `…三楼举行。<b></b>`)
    assert "<h1>⟦The meeting will be held <b>tomorrow</b> on the third floor.⟧</h1>" in written
    assert "600余部" in written  # the new number put into the fuzzy match
    assert '⟦<a href="https://example.org">Nothing</a> else matches here.⟧' in written


def test_xliff_and_po_contract(tmp_path: Path, store, shared: Path) -> None:
    src = tmp_path / "page.html"
    src.write_text(HTML, encoding="utf-8")
    xlf = tmp_path / "page.xlf"
    result = pretranslate(store, src, "en", "zh-CN", xlf)
    assert result.kind == "xliff"
    root = etree.parse(str(xlf)).getroot()
    units = root.findall(f".//{{{NS12}}}trans-unit")
    scored = [(u.get(f"{{{TM_NS}}}score"), u.get(f"{{{TM_NS}}}band")) for u in units]
    # the title comes first and the heading after it, as in the TM: a context match; the list item is exact
    assert scored[0] == ("101", "context") and scored[-1] == ("100", "100")
    fuzzy = [u for u in units if u.get(f"{{{TM_NS}}}band") not in (None, "100", "context")]
    assert fuzzy and all(
        u.find(f"{{{NS12}}}target").get("state") == "needs-review-translation" for u in fuzzy
    )
    assert all(
        u.find(f"{{{NS12}}}alt-trans").get("match-quality") == u.get(f"{{{TM_NS}}}score") for u in fuzzy
    )
    valid(schema(shared, "xliff-core-1.2-strict.xsd"), xlf)
    po = tmp_path / "page.po"
    pretranslate(store, src, "en", "zh-CN", po)
    if shutil.which("msgfmt"):
        subprocess.run(["msgfmt", "--check", "-o", "/dev/null", str(po)], check=True)
    entries = polib.pofile(str(po))
    by_id = {e.msgid: e for e in entries}
    weather = by_id["The weather is very clear today."]
    assert weather.msgstr == "今天天气非常晴朗。" and not weather.fuzzy
    assert parse_tm_comment(weather.tcomment)["band"] in ("100", "context")
    assert len(weather.occurrences) == 2  # title and list item: one entry


def test_confirmed_translations_are_kept(tmp_path: Path, store) -> None:
    po = tmp_path / "a.po"
    po.write_text(
        'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n"Language: zh_CN\\n"\n\n'
        'msgid "The weather is very clear today."\nmsgstr "我自己的译文。"\n\n'
        'msgid "The meeting will be held tomorrow on the third floor."\nmsgstr ""\n',
        encoding="utf-8",
    )
    out = tmp_path / "out.po"
    result = pretranslate(store, po, "en", "zh-CN", out)
    assert (result.kept, result.filled) == (1, 1)
    by_id = {e.msgid: e.msgstr for e in polib.pofile(str(out))}
    assert by_id == {
        "The weather is very clear today.": "我自己的译文。",
        "The meeting will be held tomorrow on the third floor.": "会议将于明天在三楼举行。",
    }


def test_markdown_to_markdown(tmp_path: Path, store) -> None:
    src = tmp_path / "notes.md"
    src.write_text(
        "# The weather is very clear today.\n\n- Run `tm analyze` first. The weather is very clear today.\n\n"
        "```\nThe weather is very clear today.\n```\n",
        encoding="utf-8",
    )
    out = tmp_path / "notes.zh.md"
    result = pretranslate(store, src, "en", "zh-CN", out)
    assert result.filled == 2
    assert out.read_text(encoding="utf-8") == (
        "# 今天天气非常晴朗。\n\n- ⟦Run `tm analyze` first.⟧今天天气非常晴朗。\n\n"
        "```\nThe weather is very clear today.\n```\n"
    )

"""Documents in and out without damage: HTML encoding, entities, inline elements in fills, -o, terminal output."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.helpers import run, run_json

TMX = """<?xml version="1.0" encoding="UTF-8"?>
<tmx version="1.4"><header srclang="en" datatype="plaintext" segtype="sentence" adminlang="en" o-tmf="t"
 creationtool="t" creationtoolversion="1"/><body>
<tu><tuv xml:lang="zh-CN"><seg>该平台目前上线了500余部中国作品。</seg></tuv><tuv xml:lang="en"><seg>The platform now hosts over 500 Chinese titles.</seg></tuv></tu>
<tu><tuv xml:lang="zh-CN"><seg>Wink是俄罗斯领先的在线影院。</seg></tuv><tuv xml:lang="en"><seg>Wink is a leading Russian online cinema.</seg></tuv></tu>
<tu><tuv xml:lang="zh-CN"><seg>会议将于明天在三楼举行。</seg></tuv><tuv xml:lang="en"><seg>The meeting will be held tomorrow on the third floor.</seg></tuv></tu>
<tu><tuv xml:lang="zh-CN"><seg>欢迎<bpt i="1">&lt;b&gt;</bpt>所有人<ept i="1">&lt;/b&gt;</ept>参加。</seg></tuv><tuv xml:lang="en"><seg>Welcome, <bpt i="1">&lt;b&gt;</bpt>everyone<ept i="1">&lt;/b&gt;</ept>.</seg></tuv></tu>
</body></tmx>
"""


@pytest.fixture()
def db(tmp_path: Path) -> Path:
    tmx = tmp_path / "memory.tmx"
    tmx.write_text(TMX, encoding="utf-8")
    path = tmp_path / "tm.db"
    assert run(path, "import", str(tmx)).exit_code == 0
    return path


def pretranslate(db: Path, doc: Path, out: Path, *args: str):
    return run(db, "pretranslate", str(doc), "--src", "zh", "--tgt", "en", "-o", str(out), *args)


def test_html_without_a_charset_is_utf8_not_latin1(tmp_path, db):
    # Why (issue 10): HTML without a declared charset was read as Latin-1 and written back as mojibake.
    doc = tmp_path / "page.html"
    doc.write_bytes("<html><body><p>会议将于明天在三楼举行。</p><p>未知的句子。</p></body></html>\n".encode())
    out = tmp_path / "page.en.html"
    result = pretranslate(db, doc, out)
    assert result.exit_code == 0, result.stderr
    written = out.read_text(encoding="utf-8")
    assert "The meeting will be held tomorrow on the third floor." in written and "⟦未知的句子。⟧" in written


def test_html_in_a_declared_charset_is_written_as_utf8_and_says_so(tmp_path, db):
    head = '<meta http-equiv="Content-Type" content="text/html; charset=gb2312"><meta charset="GB2312">'
    doc = tmp_path / "page.html"
    doc.write_bytes(
        f"<html><head>{head}</head><body><p>会议将于明天在三楼举行。</p></body></html>".encode("gbk")
    )
    out = tmp_path / "page.en.html"
    result = pretranslate(db, doc, out)
    assert result.exit_code == 0, result.stderr
    written = out.read_bytes().decode("utf-8")
    assert "The meeting will be held tomorrow" in written
    assert 'http-equiv="Content-Type" content="text/html; charset=UTF-8"' in written  # kept, and true
    assert '<meta charset="UTF-8">' in written


def test_undecodable_html_is_an_error_at_its_line_never_mojibake(tmp_path, db):
    doc = tmp_path / "page.html"
    doc.write_bytes(b'<html><head><meta charset="utf-8"></head>\n<body>\n<p>Caf\xe9</p></body></html>')
    out = tmp_path / "out.html"
    result = pretranslate(db, doc, out)
    assert result.exit_code == 1 and f"{doc}:3:" in result.stderr and "not utf-8" in result.stderr
    assert not out.exists()


def test_html_entities_are_characters_and_an_undefined_one_refuses_the_file(tmp_path, db):
    doc = tmp_path / "page.html"
    doc.write_text(
        "<html><body>\n<p>未知&nbsp;的&check;句子&copy;。</p><script>a&&b;x&co;</script></body></html>"
    )
    out = tmp_path / "out.html"
    result = pretranslate(db, doc, out)
    assert result.exit_code == 0, result.stderr
    assert "⟦未知\u00a0的✓句子©。⟧" in out.read_text(encoding="utf-8")
    doc.write_text("<html><body>\n<p>Apple &co; Inc.</p></body></html>")
    result = pretranslate(db, doc, out)
    assert result.exit_code == 1 and f"{doc}:2:" in result.stderr and "&co;" in result.stderr


def test_inline_elements_stay_in_place_in_fills_and_are_never_emptied(tmp_path, db):
    # Why (issue 10): `<b>` inside a sentence was lost in the filled target (`…online cinema.<b></b>`).
    doc = tmp_path / "page.html"
    doc.write_text(
        '<html><head><meta charset="utf-8"></head><body>'
        "<p><b>Wink</b>是俄罗斯领先的在线影院。</p>"  # fuzzy: the TM has no codes; "Wink" is in its target
        "<p><i>会议将于明天在三楼举行。</i></p>"  # the element holds the whole sentence
        "<p>会议将于明天在三<b>楼</b>举行。</p>"  # no certain place for one character in the English
        "<p>欢迎<b>所有人</b>参加。</p>"  # exact: the TM has the same codes
        "</body></html>",
        encoding="utf-8",
    )
    out = tmp_path / "out.html"
    result = pretranslate(db, doc, out, "--fill", "fuzzy", "--min-score", "50")
    assert result.exit_code == 0, result.stderr
    written = out.read_text(encoding="utf-8")
    assert "<p><b>Wink</b> is a leading Russian online cinema.</p>" in written
    assert "<p><i>The meeting will be held tomorrow on the third floor.</i></p>" in written
    assert "<p>⟦会议将于明天在三<b>楼</b>举行。⟧</p>" in written
    assert "<p>Welcome, <b>everyone</b>.</p>" in written
    assert "<b></b>" not in written and "<i></i>" not in written
    assert "1 not filled" in result.stderr


@pytest.mark.parametrize("how", ["same", "dot", "symlink", "hardlink"])
def test_output_that_is_the_input_document_is_refused(tmp_path, db, how):
    # Why (issue 10): `-o` equal to the input silently overwrote the source document.
    doc = tmp_path / "page.html"
    original = "<html><body><p>会议将于明天在三楼举行。</p></body></html>"
    doc.write_text(original, encoding="utf-8")
    out = {"same": doc, "dot": tmp_path / "." / "page.html"}.get(how, tmp_path / "link.html")
    if how == "symlink":
        out.symlink_to(doc)
    elif how == "hardlink":
        os.link(doc, out)
    result = pretranslate(db, doc, out)
    assert result.exit_code == 2 and "overwrite" in result.stderr
    assert doc.read_text(encoding="utf-8") == original


def test_text_documents_lose_illegal_characters_with_a_warning(tmp_path, db):
    doc = tmp_path / "a.txt"
    doc.write_text("第一行。\n会议将于明天\x07在三楼举行。\n", encoding="utf-8")
    result = pretranslate(db, doc, tmp_path / "out.xlf")
    assert result.exit_code == 0, result.stderr
    assert f"{doc}:2: removed XML-illegal character U+0007" in result.stderr
    assert "\x07" not in (tmp_path / "out.xlf").read_text(encoding="utf-8")


def test_terminal_control_sequences_never_reach_lookup_output(tmp_path):
    # Why (issue 10/11 scope): C1 controls are legal XML, so a TM can hold them; printing them must not
    # drive the terminal (CSI U+009B, ESC typed into the query).
    tmx = tmp_path / "evil.tmx"
    tmx.write_text(TMX.replace("Wink is a leading", "Wink\u009b2J is a leading"), encoding="utf-8")
    db = tmp_path / "evil.db"
    assert run(db, "import", str(tmx)).exit_code == 0
    result = run(db, "lookup", "Wink是俄罗斯领先的在线影院。\x1b[2J", "--src", "zh", "--tgt", "en")
    assert result.exit_code == 0
    assert "\x1b" not in result.stdout and "\x9b" not in result.stdout and "\\x9b2J" in result.stdout
    data = run_json(db, "lookup", "Wink是俄罗斯领先的在线影院。", "--src", "zh", "--tgt", "en")
    assert data["matches"][0]["target"].startswith("Wink\u009b2J")
    raw = run(db, "lookup", "Wink是俄罗斯领先的在线影院。", "--src", "zh", "--tgt", "en", "--json").stdout
    assert "\x9b" not in raw and "\\u009b" in raw
    result = run(db, "concordance", "Wink", "--lang", "en")
    assert "\x9b" not in result.stdout

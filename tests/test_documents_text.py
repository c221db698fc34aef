"""Plain text, Markdown and HTML documents: segments read, targets written back without loss."""

from __future__ import annotations

from pathlib import Path

import pytest
from lxml import etree
from lxml import html as lhtml

from tm.errors import FormatError, UsageError
from tm.formats.documents import Fill, Segment, open_document, output_kind, transfer_codes, write_output
from tm.model import Code


def _same(doc) -> dict[int, Fill]:
    """Each segment 'translated' as itself: writing must give the input back."""
    return {s.index: Fill(s.coded, 100, "100") for s in doc.segments}


def _upper(doc) -> dict[int, Fill]:
    return {s.index: Fill(s.coded.upper(), 100, "100") for s in doc.segments}


def test_text_segments_and_identity(tmp_path: Path) -> None:
    raw = "\ufeff标题\r\n\r\n今天天气很好。我们去公园吧！\r\n  缩进的段落。“引号。”  \r\n---\r\n"
    src = tmp_path / "a.txt"
    src.write_bytes(raw.encode("utf-8"))
    doc = open_document(src, "zh")
    assert [s.coded for s in doc.segments] == [
        "标题",
        "今天天气很好。",
        "我们去公园吧！",
        "缩进的段落。",
        "“引号。”",
    ]
    assert [s.id for s in doc.segments] == ["1", "2", "3", "4", "5"]
    out = tmp_path / "out.txt"
    doc.write(out, _same(doc), "zh")
    assert out.read_bytes() == raw.encode("utf-8")  # BOM, CRLF, indentation, the rule line


def test_text_target_document_marks_the_untranslated(tmp_path: Path) -> None:
    src = tmp_path / "a.txt"
    src.write_text("今天天气很好。我们去公园吧！\n", encoding="utf-8")
    doc = open_document(src, "zh")
    out = tmp_path / "out.txt"
    doc.write(out, {0: Fill("The weather is fine.", 100, "100")}, "en")
    # English sentences get a space between them; the unmatched one stays Chinese, marked
    assert out.read_text(encoding="utf-8") == "The weather is fine. ⟦我们去公园吧！⟧\n"
    # two sentences left in Chinese keep the Chinese gap (none), not an English space
    doc = open_document(_write(tmp_path / "c.txt", "今天天气很好。我们去公园吧！明天见。\n"), "zh")
    doc.write(out, {2: Fill("See you tomorrow.", 100, "100")}, "en")
    assert out.read_text(encoding="utf-8") == "⟦今天天气很好。⟧⟦我们去公园吧！⟧ See you tomorrow.\n"
    doc = open_document(_write(tmp_path / "b.txt", "One. Two.\n"), "en")
    doc.write(out, {0: Fill("一。", 100, "100"), 1: Fill("二。", 90, "85-94")}, "zh-CN")
    assert out.read_text(encoding="utf-8") == "一。二。\n"


def _write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


MARKDOWN = """---
title: Report. Draft.
---
# Heading one #

Use `tm analyze`. It **counts** words. See [the docs](http://x.org/a.b "T").

- Item one. Item two!
- [ ] Task item
1. Numbered item
> Quoted text here.

| Col A | Col B |
|---|:---:|
| a b | c |

```python
code = "Not. Text."
```

    indented code. Not text.

[ref]: http://example.org/x
"""


def test_markdown_structure_kept(tmp_path: Path) -> None:
    doc = open_document(_write(tmp_path / "a.md", MARKDOWN), "en")
    sources = [s.source for s in doc.segments]
    assert sources == [
        "Heading one",
        "Use .",
        "It counts words.",
        "See the docs.",
        "Item one.",
        "Item two!",
        "Task item",
        "Numbered item",
        "Quoted text here.",
        "Col A",
        "Col B",
        "a b",
        "c",
    ]
    assert [c.xml for c in doc.segments[1].codes] == ["`tm analyze`"]
    assert [c.xml for c in doc.segments[3].codes] == ["[", '](http://x.org/a.b "T")']
    out = tmp_path / "out.md"
    doc.write(out, _same(doc), "en")
    assert out.read_text(encoding="utf-8") == MARKDOWN
    doc.write(out, _upper(doc), "en")
    written = out.read_text(encoding="utf-8")
    assert "# HEADING ONE #" in written
    assert 'USE `tm analyze`. IT **COUNTS** WORDS. SEE [THE DOCS](http://x.org/a.b "T").' in written
    assert '```python\ncode = "Not. Text."\n```' in written  # fenced code untouched
    assert "    indented code. Not text." in written
    assert "title: Report. Draft." in written  # front matter untouched
    assert "| COL A | COL B |\n|---|:---:|" in written
    assert "- [ ] TASK ITEM" in written and "> QUOTED TEXT HERE." in written


HTML = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><meta name="description" content="About cats. Read it &amp; smile.">
<meta name="author" content="Ann Lee"><title>The title. Second.</title>
<script>var a = "x. Y";</script><style>p { color: red }</style></head>
<body>
<h1 class="top">Hello <b>world</b>.</h1>
<p>First sentence has <a href="x.html" title='Say "hi" &amp; go'>a link. And</a> more. Second <br>one<img src="a.png" alt="A cat"> here. <code>x.y()</code> is code.</p>
<ul><li>Item <i>one</i><ul><li>Nested.</li></ul></li></ul>
<!-- a comment. Kept. -->
<pre title="Sample output">not. Translated.</pre>
<table><tr><td>Cell one.</td><td><span lang="zh">中文。</span></td></tr></table>
<p translate="no" title="Kept title">Brand Name. Kept.</p><p>Made by <span translate="no" title="Kept">ACME Inc. Ltd.</span> today.</p>
<form><input type="submit" value="Send it"><input type="text" name="q" value="keep me" placeholder="Search here"></form>
</body></html>
"""

# the attributes tm translates in HTML above, as (element, attribute)
TRANSLATED = {("a", "title"), ("img", "alt"), ("pre", "title"), ("input", "placeholder")}


def _tags(path: Path) -> list[tuple[str, dict[str, str]]]:
    tree = lhtml.parse(str(path))
    return [(str(el.tag), dict(el.attrib)) for el in tree.iter() if not isinstance(el, etree._Comment)]


def test_html_segments_and_codes(tmp_path: Path) -> None:
    doc = open_document(_write(tmp_path / "a.html", HTML), "en")
    assert [(s.source, s.context) for s in doc.segments] == [
        ("About cats.", "meta@content"),
        ("Read it & smile.", "meta@content"),
        ("The title.", None),
        ("Second.", None),
        ("Hello world.", None),
        ("First sentence has a link.", None),
        ("And more.", None),
        ("Second one here. is code.", None),
        ('Say "hi" & go', "a@title"),
        ("A cat", "img@alt"),
        ("Item one", None),
        ("Nested.", None),
        ("Sample output", "pre@title"),
        ("Cell one.", None),
        ("中文。", None),
        ("Made by today.", None),
        ("Send it", "input@value"),
        ("Search here", "input@placeholder"),
    ]
    hello = doc.segments[4]
    assert hello.coded == "Hello \ue000world\ue001." and [c.xml for c in hello.codes] == ["<b>", "</b>"]
    assert doc.segments[7].codes[2].xml == "<code>x.y()</code>"


def _translated(el, name: str) -> bool:
    tag = str(el.tag)
    if (tag, name) == ("meta", "content"):
        return el.get("name") == "description"
    if (tag, name) == ("input", "value"):
        return el.get("type") == "submit"
    return (tag, name) in TRANSLATED


def test_html_keeps_every_tag(tmp_path: Path) -> None:
    src = _write(tmp_path / "a.html", HTML)
    doc = open_document(src, "en")
    out = tmp_path / "out.html"
    doc.write(out, _upper(doc), "en")
    before = [el for el in lhtml.parse(str(src)).iter() if not isinstance(el, etree._Comment)]
    after = [el for el in lhtml.parse(str(out)).iter() if not isinstance(el, etree._Comment)]
    assert [el.tag for el in after] == [el.tag for el in before]
    for old, new in zip(before, after, strict=True):
        assert list(new.attrib) == list(old.attrib)  # no attribute added, dropped or moved
        for name, value in old.attrib.items():
            # translatable attributes carry the target (read back exactly: escaped as they must be),
            # all others stay as they were
            assert new.get(name) == (value.upper() if _translated(old, name) else value), (old.tag, name)
    assert sum(_translated(el, name) for el in before for name in el.attrib) == 6
    written = out.read_text(encoding="utf-8")
    assert "HELLO <b>WORLD</b>." in written
    assert """<a href="x.html" title='SAY "HI" &amp; GO'>A LINK. AND</a> MORE.""" in written
    assert 'content="ABOUT CATS. READ IT &amp; SMILE."' in written and 'content="Ann Lee"' in written
    assert 'var a = "x. Y";' in written and '<pre title="SAMPLE OUTPUT">not. Translated.</pre>' in written
    assert "<!-- a comment. Kept. -->" in written
    assert '<p translate="no" title="Kept title">Brand Name. Kept.</p>' in written
    assert 'MADE BY <span translate="no" title="Kept">ACME Inc. Ltd.</span> TODAY.' in written
    # a target that drops or reorders codes still keeps every tag
    targets = {s.index: transfer_codes("X", None, s, strict=True) for s in doc.segments}
    fills = {k: Fill(t, 80, "75-84") for k, t in targets.items() if t is not None}
    assert len(fills) < len(doc.segments)  # an element inside a sentence has no place in "X": not filled
    doc.write(out, fills, "en")
    assert [t for t, _ in _tags(out)] == [t for t, _ in _tags(src)]
    # an attribute without a fill keeps its source, marked like untranslated text
    doc.write(out, {}, "en")
    assert lhtml.parse(str(out)).find(".//img").get("alt") == "⟦A cat⟧"


def test_html_identity(tmp_path: Path) -> None:
    src = _write(tmp_path / "a.html", HTML)
    doc = open_document(src, "en")
    out = tmp_path / "out.html"
    doc.write(out, _same(doc), "en")
    assert out.read_text(encoding="utf-8") == HTML


def test_transfer_codes() -> None:
    seg = Segment(
        0,
        "1",
        "\ue000Hello\ue001 world\ue002",
        (Code("open", "<b>"), Code("close", "</b>"), Code("empty", "<br>")),
    )
    # the TM's own codes map by position when the TM source has as many
    assert (
        transfer_codes("\ue000你好\ue001世界\ue002", "\ue000Hello\ue001 world\ue002", seg)
        == "\ue000你好\ue001世界\ue002"
    )
    # a plain TM target: an element around a piece of text found in it encloses that piece there
    assert transfer_codes("Hello 世界", "Hello world", seg) == "\ue000Hello\ue001 世界\ue002"
    # ...and one whose content cannot be found has no certain place: no fill (never `<b></b>` at the end)
    assert transfer_codes("你好世界", "Hello world", seg, strict=True) is None
    # ...except in a bilingual draft, where the reviewer sees it as tags: at the end, to be moved
    assert transfer_codes("你好世界", "Hello world", seg) == "你好世界\ue000\ue001\ue002"
    wrapped = Segment(
        0, "1", "\ue000\ue001Hi\ue002", (Code("open", "<a>"), Code("open", "<b>"), Code("close", "</b>"))
    )
    assert transfer_codes("你好", None, wrapped) == "\ue000\ue001你好\ue002"
    plain = Segment(0, "1", "Hello", ())
    assert transfer_codes("\ue000你好", "\ue000Hello", plain) == "你好"


def test_output_kind(tmp_path: Path) -> None:
    doc = open_document(_write(tmp_path / "a.txt", "One.\n"), "en")
    assert output_kind(doc, "x.xlf") == "xliff" and output_kind(doc, "x.po") == "po"
    assert output_kind(doc, "x.tmx") == "tmx" and output_kind(doc, "x.txt") == "doc"
    with pytest.raises(UsageError):
        output_kind(doc, "x.html")
    po = open_document(_write(tmp_path / "a.po", 'msgid "One"\nmsgstr ""\n'), "en")
    assert output_kind(po, "y.po") == "doc"
    with pytest.raises(UsageError):
        write_output(po, {}, "en", "zh", tmp_path / "y.xlf")


def test_unknown_and_broken_documents(tmp_path: Path) -> None:
    with pytest.raises(FormatError, match="document type"):
        open_document(_write(tmp_path / "a.odt", "x"), "en")
    bad = tmp_path / "b.txt"
    bad.write_bytes(b"\xff\xfe\x00bad")
    with pytest.raises(FormatError, match="UTF-8"):
        open_document(bad, "en")
    with pytest.raises(FormatError, match="no such file"):
        open_document(tmp_path / "missing.txt", "en")


# -- private-use characters: the document's own, never taken for tm's placeholders -----------------------
# (U+E000-U+F8FF: a symbol font's glyph, an in-house character; tm's placeholders are private use too)
PRIVATE_DOCUMENTS = {
    "txt": "A \ue000 b and \uf0b7 c.\n",
    "md": "# Title \ue005\n\nA \ue000 b and `code` \ue001 c.\n",
    "html": '<html><head><meta charset="utf-8"></head><body><p>A \ue000 <b>bold \ue003</b> c.</p>'
    '<img alt="Pic \ue001 x"></body></html>\n',
    "xlf": '<?xml version="1.0" encoding="UTF-8"?>\n<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2">'
    '<file original="x" source-language="en" target-language="zh" datatype="plaintext"><body>'
    '<trans-unit id="1"><source>A \ue000 <g id="1">b \ue002</g> c.</source></trans-unit></body></file></xliff>\n',
    "po": 'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\nmsgid "A \ue000 b and \uf0b7 c."\nmsgstr ""\n',
}


@pytest.mark.parametrize("ext", sorted(PRIVATE_DOCUMENTS))
def test_private_use_characters_are_literal_codes(tmp_path: Path, ext: str) -> None:
    from tm.formats.documents.base import LITERAL, PRIVATE

    raw = PRIVATE_DOCUMENTS[ext]
    doc = open_document(_write(tmp_path / f"a.{ext}", raw), "en")
    chars = PRIVATE.findall(raw)
    literal = [c.xml for s in doc.segments for c in s.codes if c.kind == LITERAL]
    assert sorted(literal) == sorted(chars)  # each one a code standing for itself, none lost or doubled
    for seg in doc.segments:
        # every placeholder of a segment has its code (the crash was a placeholder without one)
        assert all(ord(ch) - 0xE000 < len(seg.codes) for ch in seg.coded if PRIVATE.match(ch))
        assert not PRIVATE.search(seg.source)  # the plain text that lookups see leaves codes out
    out = tmp_path / f"out.{ext}"
    doc.write(out, {s.index: Fill(s.coded.upper(), 100, "100") for s in doc.segments}, "zh")
    written = out.read_text(encoding="utf-8")
    # each in its place, in the translated text too (PO and XLIFF hold the source and the target)
    assert PRIVATE.findall(written) == chars * (2 if doc.holds_targets else 1)
    assert "B" in written or "BOLD" in written


def test_analyze_and_align_read_a_document_with_private_use_characters(tmp_path: Path) -> None:
    """The reported crash: ``tm analyze x.txt`` of a line holding U+E000 (IndexError in the renumbering)."""
    from click.testing import CliRunner

    from tm.cli.main import cli

    doc = _write(tmp_path / "x.txt", "A \ue000 b.\n")
    db = tmp_path / "tm.db"
    tmx = Path(__file__).resolve().parent.parent / "corpora" / "wcm-2025" / "report.tmx"
    runner = CliRunner()
    assert runner.invoke(cli, ["--db", str(db), "import", str(tmx)]).exit_code == 0
    analyzed = runner.invoke(
        cli, ["--db", str(db), "analyze", str(doc), "--src", "en", "--tgt", "zh", "--json"]
    )
    assert analyzed.exit_code == 0, analyzed.output
    zh = _write(tmp_path / "x.zh.txt", "甲 \ue000 乙。\n")
    aligned = runner.invoke(
        cli, ["--db", str(db), "align", str(zh), str(doc), "--src", "zh", "--tgt", "en", "--json"]
    )
    assert aligned.exit_code == 0, aligned.output

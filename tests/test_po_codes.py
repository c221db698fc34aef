"""PO export keeps what a TMX unit's inline codes hold (trial bug 3): the native content of each code
stands in the msgid and msgstr where the code stood, so `{0}` and `<b>` are not lost."""

from __future__ import annotations

import polib
from helpers import run

from tm.formats.inline import native_text, seg_content
from tm.model import Variant

TMX = """<?xml version="1.0" encoding="UTF-8"?>
<tmx version="1.4"><header srclang="en"/><body>
<tu><tuv xml:lang="en"><seg>Click <bpt i="1">&lt;b&gt;</bpt>Save<ept i="1">&lt;/b&gt;</ept> to keep <ph>{0}</ph> files.</seg></tuv>
<tuv xml:lang="zh-CN"><seg>单击<bpt i="1">&lt;b&gt;</bpt>保存<ept i="1">&lt;/b&gt;</ept>以保留 <ph>{0}</ph> 个文件。</seg></tuv></tu>
<tu><tuv xml:lang="en"><seg>A <hi type="b">bold</hi> word.</seg></tuv><tuv xml:lang="zh-CN"><seg>一个<hi type="b">粗体</hi>词。</seg></tuv></tu>
</body></tmx>
"""


def _tm(tmp_path):
    tmx = tmp_path / "codes.tmx"
    tmx.write_text(TMX, encoding="utf-8")
    db = tmp_path / "tm.db"
    assert run(db, "import", str(tmx)).exit_code == 0
    return db


def test_po_export_keeps_code_content(tmp_path):
    db = _tm(tmp_path)
    out = tmp_path / "codes.po"
    assert run(db, "export", str(out), "--src", "en", "--tgt", "zh").exit_code == 0
    entries = {e.msgid: e.msgstr for e in polib.pofile(str(out))}
    assert entries == {
        "Click <b>Save</b> to keep {0} files.": "单击<b>保存</b>以保留 {0} 个文件。",
        "A bold word.": "一个粗体词。",
    }


def test_native_text_against_the_seg():
    """Reference: the native text is the seg's text content with each code element's text in place."""
    from lxml import etree

    for seg_xml in (
        '<seg>Click <bpt i="1">&lt;b&gt;</bpt>Save<ept i="1">&lt;/b&gt;</ept> <ph>{0}</ph>.</seg>',
        '<seg><it pos="begin">&lt;i&gt;</it>x<ut>&amp;nbsp;</ut> <ph x="2"><sub>y</sub>{1}</ph></seg>',
        "<seg>no codes</seg>",
    ):
        seg = etree.fromstring(seg_xml)
        text, coded, codes = seg_content(seg)
        assert native_text(Variant("en", text, coded, codes)) == seg.xpath("string()")


def test_lookup_shows_the_codes_content(tmp_path):
    """Lookup text and JSON show the TM source and the suggestion with their codes' content in place."""
    import json

    db = _tm(tmp_path)
    query = ["lookup", "Click Save to keep 3 files.", "--src", "en", "--tgt", "zh"]
    text = run(db, *query).stdout
    assert "Click <b>Save</b> to keep {0} files." in text and "单击<b>保存</b>以保留 {0} 个文件。" in text
    (match,) = json.loads(run(db, *query, "--json").stdout)["matches"]
    assert match["source_with_codes"] == "Click <b>Save</b> to keep {0} files."
    assert match["target_with_codes"] == "单击<b>保存</b>以保留 {0} 个文件。"
    plain = json.loads(run(db, "lookup", "A bold word.", "--src", "en", "--tgt", "zh", "--json").stdout)
    assert plain["matches"][0]["source_with_codes"] == "A bold word."


def test_alt_trans_keeps_the_codes_content(tmp_path):
    """A draft's alt-trans candidate carries the TM's texts with their codes' content, not without it."""
    from lxml import etree

    db = _tm(tmp_path)
    doc = tmp_path / "s.en.html"
    doc.write_text("<html><body><p>Click <b>Save</b> to keep {0} files.</p></body></html>", encoding="utf-8")
    out = tmp_path / "s.zh.xlf"
    assert run(db, "pretranslate", str(doc), "--src", "en", "--tgt", "zh", "-o", str(out)).exit_code == 0
    ns = {"x": "urn:oasis:names:tc:xliff:document:1.2"}
    (alt,) = etree.parse(str(out)).getroot().findall(".//x:alt-trans", ns)
    assert alt.find("x:source", ns).text == "Click <b>Save</b> to keep {0} files."
    assert alt.find("x:target", ns).text == "单击<b>保存</b>以保留 {0} 个文件。"


def test_concordance_shows_the_codes_content(tmp_path):
    import json

    db = _tm(tmp_path)
    (hit,) = json.loads(run(db, "concordance", "Save", "--lang", "en", "--tgt", "zh", "--json").stdout)[
        "hits"
    ]
    assert hit["source"] == "Click Save to keep  files."  # what the term was found in (spans index it)
    assert hit["source_with_codes"] == "Click <b>Save</b> to keep {0} files."
    assert hit["target_with_codes"] == "单击<b>保存</b>以保留 {0} 个文件。"
    text = run(db, "concordance", "Save", "--lang", "en", "--tgt", "zh").stdout
    assert "单击<b>保存</b>以保留 {0} 个文件。" in text

"""TMX -> TM -> TMX and PO -> TM -> PO keep what translators put in them."""

from __future__ import annotations

import shutil
import subprocess

import polib
import pytest
from helpers import XML_LANG, run, run_json, tmx_variants
from lxml import etree

RICH_TMX = """<?xml version="1.0" encoding="UTF-8"?>
<tmx version="1.4">
<header creationtool="Test" creationtoolversion="1" segtype="sentence" o-tmf="x" adminlang="en"
        srclang="en-US" datatype="html"/>
<body>
<tu tuid="t1" creationdate="20250410T093000Z" creationid="anna" changeid="boris">
  <prop type="x-client">SMG</prop>
  <note>checked by the press office</note>
  <tuv xml:lang="en-US">
    <prop type="x-origin">report</prop>
    <seg>Click <bpt i="1" x="1">&lt;b&gt;</bpt>Save<ept i="1">&lt;/b&gt;</ept> and <ph x="2">&lt;br/&gt;</ph>
<hi type="em">see <it pos="begin" x="3">&lt;i&gt;</it>this</hi> <ut>{\\b}</ut>now.</seg>
  </tuv>
  <tuv xml:lang="zh-CN">
    <note>译者注</note>
    <seg>点击<bpt i="1" x="1">&lt;b&gt;</bpt>保存<ept i="1">&lt;/b&gt;</ept>，<ph x="2">&lt;br/&gt;</ph><hi type="em">查看<it pos="begin" x="3">&lt;i&gt;</it>这个</hi><ut>{\\b}</ut>。</seg>
  </tuv>
  <tuv xml:lang="ru-RU"><seg>Нажмите <ph x="1" type="img">&lt;img alt="<sub>Начать</sub>"/&gt;</ph>.</seg></tuv>
</tu>
<tu tuid="t2">
  <tuv lang="EN-US"><seg>Plain text, 2025.</seg></tuv>
  <tuv lang="zh-cn"><seg>纯文本，2025年。</seg></tuv>
</tu>
</body>
</tmx>
"""


def _structure(path):
    """Per tu: languages, seg XML as written (inline codes in place), props and notes."""
    tree = etree.parse(str(path), etree.XMLParser(resolve_entities=False, no_network=True))
    out = []
    for tu in tree.iter("tu"):
        tuvs = []
        for tuv in tu.findall("tuv"):
            seg = tuv.find("seg")
            inner = (seg.text or "") + "".join(etree.tostring(c, encoding="unicode") for c in seg)
            lang = (tuv.get(XML_LANG) or tuv.get("lang")).lower()
            tuvs.append(
                (
                    lang,
                    inner,
                    [(p.get("type"), p.text) for p in tuv.findall("prop")],
                    [n.text for n in tuv.findall("note")],
                )
            )
        out.append(
            (
                tu.get("tuid"),
                sorted(tuvs),
                [(p.get("type"), p.text) for p in tu.findall("prop")],
                [n.text for n in tu.findall("note")],
            )
        )
    return out


def test_tmx_round_trip_keeps_codes_props_notes(tmp_path, store_url):
    src = tmp_path / "rich.tmx"
    src.write_text(RICH_TMX, encoding="utf-8")
    db = store_url
    assert run(db, "import", str(src)).exit_code == 0
    out1, out2 = tmp_path / "out1.tmx", tmp_path / "out2.tmx"
    assert run(db, "export", str(out1)).exit_code == 0
    assert run(db, "export", str(out2)).exit_code == 0
    assert out1.read_bytes() == out2.read_bytes()
    assert _structure(out1) == _structure(src)
    # the exported file reads back to the same TM
    db2 = tmp_path / "t2.tmdb"
    assert run(db2, "import", str(out1)).exit_code == 0
    out3 = tmp_path / "out3.tmx"
    run(db2, "export", str(out3))
    assert out3.read_bytes() == out1.read_bytes()
    header = etree.parse(str(out1)).find("header")
    for attr in (
        "srclang",
        "creationtool",
        "creationtoolversion",
        "segtype",
        "o-tmf",
        "adminlang",
        "datatype",
    ):
        assert header.get(attr), attr


def test_matching_text_excludes_inline_codes(tmp_path):
    from tm.formats.tmx_read import TmxReader

    src = tmp_path / "rich.tmx"
    src.write_text(RICH_TMX, encoding="utf-8")
    unit = next(iter(TmxReader(src)))
    en = unit.variant("en-US")
    assert en.text == "Click Save and \n\nsee this now."  # the <br/> code shows as a line break
    assert [c.kind for c in en.codes] == ["bpt", "ept", "ph", "hi", "it", "/hi", "ut"]
    assert unit.variant("ru-RU").text == "Нажмите ."


def test_export_language_pair_and_srclang(tmp_path, store_url):
    src = tmp_path / "rich.tmx"
    src.write_text(RICH_TMX, encoding="utf-8")
    db = store_url
    run(db, "import", str(src))
    out = tmp_path / "pair.tmx"
    assert run(db, "export", str(out), "--src", "zh", "--tgt", "en").exit_code == 0
    langs = {lang for lang, _ in tmx_variants(out)}
    assert langs == {"zh-cn", "en-us"}
    assert etree.parse(str(out)).find("header").get("srclang") == "zh-CN"


def _po(tmp_path):
    path = tmp_path / "in.po"
    path.write_text(
        """msgid ""
msgstr ""
"Language: ru\\n"
"X-Source-Language: zh\\n"
"Content-Type: text/plain; charset=UTF-8\\n"
"Plural-Forms: nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n%10>=2 && n%10<=4 && (n%100<10 || n%100>=20) ? 1 : 2);\\n"

# 译者：检查过
#. from the press release
#: release.txt:3
msgctxt "headline"
msgid "中国联合展台"
msgstr "Китайский павильон"

msgctxt "caption"
msgid "中国联合展台"
msgstr "Павильон Китая"

msgid "%d部中国影片"
msgid_plural "%d部中国影片"
msgstr[0] "%d китайский фильм"
msgstr[1] "%d китайских фильма"
msgstr[2] "%d китайских фильмов"

#, fuzzy
msgid "莫斯科"
msgstr "Москва?"

msgid "未翻译"
msgstr ""

#~ msgid "旧条目"
#~ msgstr "Старая запись"
""",
        encoding="utf-8",
    )
    return path


def test_po_round_trip(tmp_path, store_url):
    db = store_url
    summary = run_json(db, "import", str(_po(tmp_path)), "--include-fuzzy")["files"][0]
    assert (summary["added"], summary["skipped"]) == (4, 1)
    assert summary["reasons"] == {"untranslated": 1}
    out = tmp_path / "out.po"
    assert run(db, "export", str(out), "--src", "zh", "--tgt", "ru").exit_code == 0
    po = polib.pofile(str(out))
    by_key = {(e.msgctxt, e.msgid): e for e in po}
    assert by_key[("headline", "中国联合展台")].msgstr == "Китайский павильон"
    assert by_key[("caption", "中国联合展台")].msgstr == "Павильон Китая"
    assert by_key[("headline", "中国联合展台")].occurrences == [("release.txt", "3")]
    assert "译者：检查过" in by_key[("headline", "中国联合展台")].tcomment
    plural = by_key[(None, "%d部中国影片")]
    assert plural.msgid_plural == "%d部中国影片" and len(plural.msgstr_plural) == 3
    assert plural.msgstr_plural[2] == "%d китайских фильмов"
    assert by_key[(None, "莫斯科")].fuzzy
    assert "旧条目" not in out.read_text(encoding="utf-8")
    if shutil.which("msgfmt") is None:
        pytest.skip("msgfmt (gettext) is not installed; .ci/run installs it")
    check = subprocess.run(["msgfmt", "--check", "-o", "/dev/null", str(out)], capture_output=True, text=True)
    assert check.returncode == 0, check.stderr


def test_po_fuzzy_skipped_by_default(tmp_path):
    summary = run_json(tmp_path / "t.tmdb", "import", str(_po(tmp_path)))["files"][0]
    assert summary["added"] == 3
    assert summary["reasons"] == {"fuzzy": 1, "untranslated": 1}

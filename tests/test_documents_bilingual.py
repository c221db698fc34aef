"""PO and XLIFF documents (targets respected), and XLIFF/PO/TMX made from any document.

XLIFF output is validated against the OASIS schemas in ../shared/schemas (skipped where absent); PO
output must pass ``msgfmt --check`` (skipped where gettext is not installed).
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import polib
import pytest
from lxml import etree
from xliff_schemas import schema as _schema
from xliff_schemas import valid as _valid

from tm.bands import TM_NS
from tm.formats.documents import Candidate, Fill, open_document, write_output
from tm.formats.documents.po import parse_tm_comment
from tm.formats.documents.xliff import NS12, NS20

PO = """msgid ""
msgstr ""
"Project-Id-Version: t\\n"
"Content-Type: text/plain; charset=UTF-8\\n"
"Language: zh_CN\\n"
"X-Source-Language: en\\n"
"Plural-Forms: nplurals=1; plural=0;\\n"

#: a.c:1
msgid "Open file"
msgstr ""

msgid "Save file"
msgstr "保存文件"

#, fuzzy
msgid "Close file"
msgstr "关闭"

msgctxt "menu"
msgid "One file"
msgid_plural "%d files"
msgstr[0] ""

#~ msgid "Old"
#~ msgstr "旧"
"""

XLIFF12 = """<?xml version="1.0" encoding="UTF-8"?>
<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2">
  <file original="a.txt" source-language="en" target-language="zh-CN" datatype="plaintext">
    <body>
      <group id="g1">
        <trans-unit id="1">
          <source>Open <g id="1">the</g> file<x id="2"/>.</source>
        </trans-unit>
      </group>
      <trans-unit id="2">
        <source>Save file</source>
        <target state="translated">保存文件</target>
      </trans-unit>
      <trans-unit id="3" translate="no"><source>Skip</source></trans-unit>
      <trans-unit id="4">
        <source>Close file</source>
        <target state="needs-review-translation">关闭</target>
        <note>A note.</note>
      </trans-unit>
    </body>
  </file>
</xliff>
"""

XLIFF20 = """<?xml version="1.0" encoding="UTF-8"?>
<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" version="2.0" srcLang="en">
  <file id="f1">
    <unit id="u1">
      <segment id="s1"><source>Open <pc id="1">the</pc> file<ph id="2"/>.</source></segment>
      <ignorable><source> </source></ignorable>
      <segment id="s2" state="final"><source>Save file</source><target>保存文件</target></segment>
    </unit>
    <unit id="u2"><segment><source>Close file</source></segment></unit>
  </file>
</xliff>
"""


def _fills(doc, translate: dict[str, str], score: int = 100, band: str = "100") -> dict[int, Fill]:
    out = {}
    for s in doc.segments:
        target = s.coded
        for a, b in translate.items():
            target = target.replace(a, b)
        out[s.index] = Fill(
            target, score, band, "memory.tmx", (Candidate(s.source, target, score, "memory.tmx"),)
        )
    return out


def _msgfmt(path: Path) -> None:
    if shutil.which("msgfmt") is None:
        pytest.skip("msgfmt (gettext) is not installed")
    result = subprocess.run(
        ["msgfmt", "--check", "-o", "/dev/null", str(path)], capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr


def test_po_document(tmp_path: Path) -> None:
    src = tmp_path / "a.po"
    src.write_text(PO, encoding="utf-8")
    doc = open_document(src)
    assert (doc.source_lang, doc.target_lang) == ("en", "zh-CN")
    assert [(s.source, s.confirmed, s.context) for s in doc.segments] == [
        ("Open file", False, None),
        ("Save file", True, None),
        ("Close file", False, None),
        ("One file", False, "menu"),
        ("%d files", False, "menu"),
    ]
    fills = _fills(
        doc,
        {
            "Open file": "打开文件",
            "Save file": "存",
            "Close file": "关闭文件",
            "One file": "一个文件",
            "%d files": "%d 个文件",
        },
    )
    fills[0] = Fill("打开文件", 97, "95-99", "memory.tmx")
    out = tmp_path / "out.po"
    write_output(doc, fills, "en", "zh-CN", out)
    _msgfmt(out)
    po = polib.pofile(str(out))
    by_id = {e.msgid: e for e in po}
    assert by_id["Open file"].msgstr == "打开文件" and by_id["Open file"].fuzzy  # below 100: fuzzy
    assert parse_tm_comment(by_id["Open file"].tcomment) == {
        "score": "97",
        "band": "95-99",
        "origin": "memory.tmx",
    }
    assert by_id["Open file"].occurrences == [("a.c", "1")]
    assert by_id["Save file"].msgstr == "保存文件" and by_id["Save file"].tcomment == ""  # confirmed: kept
    assert by_id["Close file"].msgstr == "关闭文件" and not by_id["Close file"].fuzzy  # a 100 fill confirms
    assert by_id["One file"].msgstr_plural == {0: "一个文件"}  # nplurals=1: one form
    assert by_id["One file"].msgctxt == "menu"
    assert [e.msgid for e in po.obsolete_entries()] == ["Old"]


def test_po_identity_without_fills(tmp_path: Path) -> None:
    src = tmp_path / "a.po"
    src.write_text(PO, encoding="utf-8")
    out = tmp_path / "out.po"
    open_document(src).write(out, {}, "zh-CN")
    assert [(e.msgid, e.msgstr, e.flags, e.msgstr_plural) for e in polib.pofile(str(out))] == [
        (e.msgid, e.msgstr, e.flags, e.msgstr_plural) for e in polib.pofile(str(src))
    ]


def test_xliff12_document(tmp_path: Path, shared: Path) -> None:
    src = tmp_path / "a.xlf"
    src.write_text(XLIFF12, encoding="utf-8")
    _valid(_schema(shared, "xliff-core-1.2-strict.xsd"), src)
    doc = open_document(src)
    assert doc.format == "xliff" and (doc.source_lang, doc.target_lang) == ("en", "zh-CN")
    assert [(s.id, s.coded, s.confirmed) for s in doc.segments] == [
        ("1", "Open \ue000the\ue001 file\ue002.", False),
        ("2", "Save file", True),
        ("4", "Close file", False),
    ]
    fills = _fills(doc, {"Open": "打开", "file": "文件", "Save": "保存", "Close": "关闭"})
    fills[2] = Fill(
        "关闭文件", 88, "85-94", "memory.tmx", (Candidate("Close files", "关闭文件", 88, "memory.tmx"),)
    )
    out = tmp_path / "out.xlf"
    write_output(doc, fills, "en", "zh-CN", out)
    _valid(_schema(shared, "xliff-core-1.2-strict.xsd"), out)
    _valid(_schema(shared, "xliff-core-1.2-transitional.xsd"), out)
    root = etree.parse(str(out)).getroot()
    units = {u.get("id"): u for u in root.iter(f"{{{NS12}}}trans-unit")}
    first = units["1"]
    target = first.find(f"{{{NS12}}}target")
    assert etree.tostring(target, encoding="unicode", with_tail=False).endswith(
        '>打开 <g id="1">the</g> 文件<x id="2"/>.</target>'
    )
    assert target.get("state") == "translated" and first.get(f"{{{TM_NS}}}score") == "100"
    assert units["2"].find(f"{{{NS12}}}target").get("state") == "translated"  # confirmed: untouched
    assert units["2"].get(f"{{{TM_NS}}}score") is None
    close = units["4"]
    assert close.find(f"{{{NS12}}}target").get("state") == "needs-review-translation"
    assert (close.get(f"{{{TM_NS}}}score"), close.get(f"{{{TM_NS}}}band")) == ("88", "85-94")
    alt = close.find(f"{{{NS12}}}alt-trans")
    assert alt.get("match-quality") == "88" and alt.get("origin") == "memory.tmx"
    assert close.find(f"{{{NS12}}}note").text == "A note."
    assert units["3"].find(f"{{{NS12}}}target") is None  # translate="no"


def test_xliff20_document(tmp_path: Path, shared: Path) -> None:
    src = tmp_path / "a.xliff"
    src.write_text(XLIFF20, encoding="utf-8")
    doc = open_document(src)
    assert doc.format == "xliff2" and doc.source_lang == "en"
    assert [(s.id, s.coded, s.confirmed) for s in doc.segments] == [
        ("u1:s1", "Open \ue000the\ue001 file\ue002.", False),
        ("u1:s2", "Save file", True),
        ("u2:1", "Close file", False),
    ]
    fills = _fills(doc, {"Open": "打开", "file": "文件", "Save": "存", "Close": "关闭"})
    fills[2] = Fill("关闭文件", 90, "85-94")
    out = tmp_path / "out.xliff"
    write_output(doc, fills, "en", "zh-CN", out)
    _valid(_schema(shared, "xliff-core-2.0.xsd"), out)
    root = etree.parse(str(out)).getroot()
    assert root.get("trgLang") == "zh-CN"
    segs = list(root.iter(f"{{{NS20}}}segment"))
    assert [s.get("state") for s in segs] == ["translated", "final", "initial"]
    assert etree.tostring(segs[0].find(f"{{{NS20}}}target"), encoding="unicode", with_tail=False).endswith(
        '>打开 <pc id="1">the</pc> 文件<ph id="2"/>.</target>'
    )
    assert segs[1].find(f"{{{NS20}}}target").text == "保存文件"
    units = list(root.iter(f"{{{NS20}}}unit"))
    assert units[1].get(f"{{{TM_NS}}}score") == "90" and units[1].get(f"{{{TM_NS}}}band") == "85-94"


HTML = "<html><body><p>Hello <b>world</b>. Bye &amp; go.</p><p>Again.</p></body></html>\n"


def test_bilingual_from_html(tmp_path: Path, shared: Path) -> None:
    src = tmp_path / "a.html"
    src.write_text(HTML, encoding="utf-8")
    doc = open_document(src, "en")
    fills = {
        0: Fill(
            "你好\ue000世界\ue001。",
            97,
            "95-99",
            "memory.tmx",
            (Candidate("Hello world.", "你好世界。", 97),),
        )
    }
    xlf = tmp_path / "out.xlf"
    assert write_output(doc, fills, "en", "zh-CN", xlf) == "xliff"
    _valid(_schema(shared, "xliff-core-1.2-strict.xsd"), xlf)
    units = etree.parse(str(xlf)).getroot().findall(f".//{{{NS12}}}trans-unit")
    assert len(units) == 3 and units[0].get(f"{{{TM_NS}}}band") == "95-99"
    assert [ph.text for ph in units[0].find(f"{{{NS12}}}source")] == ["<b>", "</b>"]
    assert units[1].find(f"{{{NS12}}}target") is None
    # the XLIFF we write reads back as a document with the same sources
    again = open_document(xlf)
    assert (
        [s.source for s in again.segments]
        == [s.source for s in doc.segments]
        == ["Hello world.", "Bye & go.", "Again."]
    )
    po = tmp_path / "out.po"
    assert write_output(doc, fills, "en", "zh-CN", po) == "po"
    _msgfmt(po)
    entries = polib.pofile(str(po))
    assert [(e.msgid, e.msgstr, e.fuzzy) for e in entries] == [
        ("Hello <b>world</b>.", "你好<b>世界</b>。", True),
        ("Bye & go.", "", False),
        ("Again.", "", False),
    ]
    # TMX: the markup as TMX inline elements holding it, paired in both variants
    tmx = tmp_path / "out.tmx"
    assert write_output(doc, fills, "en", "zh-CN", tmx) == "tmx"
    (tu,) = etree.parse(str(tmx)).getroot().iter("tu")
    segs = [tuv.find("seg") for tuv in tu.iter("tuv")]
    for seg, text in zip(segs, ("Hello world.", "你好世界。"), strict=True):
        assert [(c.tag, c.get("i"), c.text) for c in seg] == [("bpt", "1", "<b>"), ("ept", "1", "</b>")]
        assert "".join(seg.itertext()).replace("<b>", "").replace("</b>", "") == text


def test_po_from_text_merges_repetitions(tmp_path: Path) -> None:
    src = tmp_path / "a.txt"
    src.write_text("Yes. No.\nYes.\n", encoding="utf-8")
    doc = open_document(src, "en")
    po = tmp_path / "out.po"
    write_output(doc, {0: Fill("是。", 100, "100"), 2: Fill("是。", 100, "repetition")}, "en", "zh-CN", po)
    _msgfmt(po)
    entries = polib.pofile(str(po))
    assert [(e.msgid, e.msgstr, e.occurrences) for e in entries] == [
        ("Yes.", "是。", [("a.txt", "1"), ("a.txt", "3")]),
        ("No.", "", [("a.txt", "2")]),
    ]
    tmx = tmp_path / "out.tmx"
    assert write_output(doc, {0: Fill("是。", 100, "100")}, "en", "zh-CN", tmx) == "tmx"
    from tm.formats.tmx_read import TmxReader

    units = list(TmxReader(tmx))
    assert [(u.variants[0].text, u.variants[1].text) for u in units] == [("Yes.", "是。")]
    assert {p.type: p.text for p in units[0].props} == {"x-tm-score": "100", "x-tm-band": "100"}


SEGMENTED = """<?xml version="1.0" encoding="UTF-8"?>
<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2">
  <file original="a.txt" source-language="en" target-language="zh-CN" datatype="plaintext">
    <body>
      <trans-unit id="1">
        <source>One <g id="1">two</g>. Three.</source>
        <seg-source><mrk mtype="seg" mid="1">One <g id="1">two</g>.</mrk> <mrk mtype="seg" mid="2">Three.</mrk></seg-source>
      </trans-unit>
      <trans-unit id="2">
        <source>Done. Kept.</source>
        <seg-source><mrk mtype="seg" mid="1">Done.</mrk> <mrk mtype="seg" mid="2">Kept.</mrk></seg-source>
        <target state="final"><mrk mtype="seg" mid="1">完成。</mrk> <mrk mtype="seg" mid="2">保留。</mrk></target>
      </trans-unit>
    </body>
  </file>
</xliff>
"""


def test_xliff12_segmented_by_seg_source(tmp_path: Path, shared: Path) -> None:
    src = tmp_path / "seg.xlf"
    src.write_text(SEGMENTED, encoding="utf-8")
    doc = open_document(src)
    assert [(s.id, s.coded, s.target, s.confirmed) for s in doc.segments] == [
        ("1:1", "One \ue000two\ue001.", None, False),
        ("1:2", "Three.", None, False),
        ("2:1", "Done.", "完成。", True),
        ("2:2", "Kept.", "保留。", True),
    ]
    fills = {
        0: Fill("一\ue000二\ue001。", 100, "100"),
        1: Fill("三。", 90, "85-94"),
        2: Fill("X", 100, "100"),
    }
    out = tmp_path / "out.xlf"
    write_output(doc, fills, "en", "zh-CN", out)
    _valid(_schema(shared, "xliff-core-1.2-strict.xsd"), out)
    units = etree.parse(str(out)).getroot().findall(f".//{{{NS12}}}trans-unit")
    target = units[0].find(f"{{{NS12}}}target")
    assert target.get("state") == "needs-review-translation"
    assert etree.tostring(target, encoding="unicode", with_tail=False).endswith(
        '><mrk mtype="seg" mid="1">一<g id="1">二</g>。</mrk> <mrk mtype="seg" mid="2">三。</mrk></target>'
    )
    assert (units[0].get(f"{{{TM_NS}}}score"), units[0].get(f"{{{TM_NS}}}band")) == ("100 90", "100 85-94")
    assert "".join(units[1].find(f"{{{NS12}}}target").itertext()) == "完成。 保留。"  # confirmed: kept
    assert [s.source for s in open_document(out).segments] == ["One two.", "Three.", "Done.", "Kept."]


XLIFF11 = """<?xml version='1.0' encoding='UTF-8'?>
<xliff version="1.1"{ns}>
  <file original="a.txt" source-language="en" target-language="de" datatype="plaintext">
    <body>
      <trans-unit id="1"><source>Open <g id="1">the</g> file.</source></trans-unit>
      <trans-unit id="2"><source>Done.</source><target state="translated">Fertig.</target></trans-unit>
    </body>
  </file>
</xliff>"""


@pytest.mark.parametrize("ns", ["", ' xmlns="urn:oasis:names:tc:xliff:document:1.1"'], ids=["none", "1.1"])
def test_xliff1x_in_its_own_namespace(tmp_path: Path, ns: str) -> None:
    """XLIFF 1.0/1.1 files, and 1.x without a namespace, are read as 1.2 and written in their own."""
    from tm.formats.documents.xliff_import import XliffReader
    from tm.scoring.inputs import read_document

    src = tmp_path / "a.xlf"
    src.write_text(XLIFF11.format(ns=ns), encoding="utf-8")
    doc = open_document(src, "en")
    assert [(s.coded, s.target_text, s.confirmed) for s in doc.segments] == [
        ("Open \ue000the\ue001 file.", None, False),
        ("Done.", "Fertig.", True),
    ]
    out = tmp_path / "out.xlf"
    doc.write(out, {0: Fill("Öffne \ue000die\ue001 Datei.", 90, "85-94")}, "de")
    root = etree.parse(str(out)).getroot()
    namespace = etree.QName(root).namespace
    assert namespace == (ns.split('"')[1] if ns else None)
    assert all(etree.QName(el).namespace == namespace for el in root.iter() if el.tag != etree.Comment)
    target = root.find(f".//{{{namespace}}}target" if namespace else ".//target")
    assert [etree.QName(c).localname for c in target] == ["g"] and "".join(
        target.itertext()
    ) == "Öffne die Datei."
    assert [u.variants[1].text for u in XliffReader(out, include_fuzzy=True)] == [
        "Öffne die Datei.",
        "Fertig.",
    ]
    # tm score reads it with the same reader
    scored = read_document(out, "xliff", "de")
    assert [(s.key, s.target, s.source) for s in scored.segments] == [
        (("xliff", "1"), "Öffne die Datei.", "Open the file."),
        (("xliff", "2"), "Fertig.", "Done."),
    ]
    assert scored.segments[0].match.band == "85-94"


def test_xliff_from_html_codes_and_attributes(tmp_path: Path, shared: Path) -> None:
    """Markup across two sentences is <it> in each; an attribute is a trans-unit named by resname."""
    src = tmp_path / "a.html"
    src.write_text('<p>Start <b>one. Two</b> end. <img src="x.png" alt="A dog"></p>\n', encoding="utf-8")
    doc = open_document(src, "en")
    xlf = tmp_path / "out.xlf"
    write_output(doc, {2: Fill("Ein Hund", 100, "100")}, "en", "de", xlf)
    _valid(_schema(shared, "xliff-core-1.2-strict.xsd"), xlf)
    units = etree.parse(str(xlf)).getroot().findall(f".//{{{NS12}}}trans-unit")
    inline = [
        [(etree.QName(c).localname, c.get("id"), c.get("pos"), c.text) for c in u.find(f"{{{NS12}}}source")]
        for u in units
    ]
    assert inline == [
        [("it", "1", "open", "<b>")],
        [("it", "1", "close", "</b>"), ("ph", "2", None, '<img src="x.png" alt="A dog">')],
        [],
    ]
    assert [u.get("resname") for u in units] == [None, None, "img@alt"]
    assert "".join(units[2].find(f"{{{NS12}}}target").itertext()) == "Ein Hund"


# translate="no" is inherited (review): a 1.2 <group>, a 2.0 <file> or <group> marks everything in it, and
# the nearest element that says it decides. Why: only the unit's own attribute was read, so do-not-translate
# text in a group or file was filled.
TRANSLATE_NO_12 = """<?xml version="1.0" encoding="UTF-8"?>
<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2">
  <file original="a" source-language="en" target-language="ru" datatype="plaintext"><body>
    <group id="g" translate="no">
      <trans-unit id="1"><source>Do not translate.</source></trans-unit>
      <group id="g2"><trans-unit id="2"><source>Nor this.</source></trans-unit></group>
      <group id="g3" translate="yes"><trans-unit id="3"><source>But this.</source></trans-unit></group>
    </group>
    <trans-unit id="4"><source>And this.</source></trans-unit>
  </body></file>
</xliff>
"""

TRANSLATE_NO_20 = """<?xml version="1.0" encoding="UTF-8"?>
<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" version="2.0" srcLang="en" trgLang="ru">
  <file id="f1" translate="no">
    <unit id="u1"><segment><source>Do not translate.</source></segment></unit>
    <unit id="u2" translate="yes"><segment><source>But this.</source></segment></unit>
  </file>
  <file id="f2">
    <group id="g" translate="no"><unit id="u3"><segment><source>Nor this.</source></segment></unit></group>
    <unit id="u4"><segment><source>And this.</source></segment></unit>
  </file>
</xliff>
"""


@pytest.mark.parametrize(
    ("text", "name", "expected"),
    [(TRANSLATE_NO_12, "a.xlf", ["3", "4"]), (TRANSLATE_NO_20, "a.xliff", ["u2:1", "u4:1"])],
)
def test_translate_no_is_inherited(tmp_path: Path, text: str, name: str, expected: list[str]) -> None:
    src = tmp_path / name
    src.write_text(text, encoding="utf-8")
    doc = open_document(src)
    assert [s.id for s in doc.segments] == expected
    out = tmp_path / f"out-{name}"
    write_output(doc, _fills(doc, {"this": "это"}), "en", "ru", out)
    written = out.read_text(encoding="utf-8")
    assert "Do not translate." in written and "это" in written
    targets = [
        t
        for t in etree.parse(str(out)).iter("{*}target")
        if etree.QName(t.getparent()).localname != "alt-trans"
    ]
    assert len(targets) == 2


NO_SOURCE_12 = """<?xml version="1.0" encoding="UTF-8"?>
<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2">
  <file original="a" source-language="en" target-language="ru" datatype="plaintext"><body>
    <trans-unit id="1"><target>Только перевод.</target></trans-unit>
    <trans-unit id="2"><source>A source.</source></trans-unit>
  </body></file>
</xliff>
"""

NO_SOURCE_20 = """<?xml version="1.0" encoding="UTF-8"?>
<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" version="2.0" srcLang="en" trgLang="ru">
  <file id="f1">
    <unit id="u1"><segment id="s1"><target>Только перевод.</target></segment></unit>
    <unit id="u2"><segment><source>A source.</source></segment></unit>
  </file>
</xliff>
"""


@pytest.mark.parametrize(
    ("text", "name", "where"),
    [(NO_SOURCE_12, "a.xlf", "trans-unit '1'"), (NO_SOURCE_20, "a.xliff", "unit 'u1' segment 's1'")],
)
def test_unit_without_source_is_reported(tmp_path: Path, text: str, name: str, where: str) -> None:
    """A unit with no <source> is reported (line, skipped), not dropped in silence."""
    src = tmp_path / name
    src.write_text(text, encoding="utf-8")
    doc = open_document(src)
    assert len(doc.segments) == 1
    [issue] = doc.issues
    assert issue.line == 4 and issue.severity == "skipped"
    assert issue.message.startswith(f"{where}: ") and "no <source>" in issue.message

"""A bare ``zh`` is Simplified Chinese: it never takes a Traditional sentence (trial bug 1).

On main before this change, ``--tgt zh`` found ``zh-TW`` as readily as ``zh-CN``: a lookup offered
``儲存檔案`` at 100% for a Simplified request, and the draft labelled it ``zh-CN``; a TM holding only
Traditional Chinese answered ``zh`` without a word. Now ``zh`` finds ``zh``, ``zh-CN``, ``zh-Hans``,
``zh-SG``; Traditional is used only when asked for (``zh-TW``, ``zh-Hant``), and a request only
Traditional could answer is an error that says so and names the TM. Drafts declare the TM code each
fill came from, so that a reviewed fill updates its unit whichever Simplified code holds it.
"""

from __future__ import annotations

from pathlib import Path

import polib
import pytest
from helpers import XML_LANG, run, run_json
from lxml import etree

from tm.errors import LanguageError
from tm.formats.documents.xliff import NS12
from tm.lang import distinct_pair, matching, rank, resolve

TMX = """<?xml version="1.0" encoding="UTF-8"?>
<tmx version="1.4"><header srclang="en" datatype="plaintext" segtype="sentence" adminlang="en"
 o-tmf="x" creationtool="x" creationtoolversion="1"/>
<body>
<tu><tuv xml:lang="en"><seg>Save the file</seg></tuv><tuv xml:lang="zh-TW"><seg>儲存檔案</seg></tuv></tu>
<tu><tuv xml:lang="en"><seg>Open the file</seg></tuv><tuv xml:lang="zh-CN"><seg>打开文件</seg></tuv></tu>
<tu><tuv xml:lang="en"><seg>Close the file</seg></tuv><tuv xml:lang="zh-Hans"><seg>关闭文件</seg></tuv></tu>
<tu><tuv xml:lang="en"><seg>Print the file</seg></tuv><tuv xml:lang="zh-CN"><seg>打印文件</seg></tuv></tu>
</body></tmx>
"""


def _tm(tmp_path: Path, body: str = TMX) -> Path:
    tmx = tmp_path / "mixed.tmx"
    tmx.write_text(body, encoding="utf-8")
    db = tmp_path / "tm.db"
    assert run(db, "import", str(tmx)).exit_code == 0
    return db


def _revised_in_place(db: Path, draft: Path) -> None:
    """Importing the reviewed ``draft`` revised the zh-Hans unit of "Close the file" and added none."""
    imported = run_json(db, "import", str(draft))
    assert imported["units"] == 4 and imported["files"][0]["revised"] == 1
    found = run_json(db, "lookup", "Close the file", "--src", "en", "--tgt", "zh")["matches"]
    assert [(m["target"], m["target_lang"]) for m in found] == [("关上文件", "zh-Hans")]


def test_bare_zh_is_simplified_only():
    have = ["zh", "zh-CN", "zh-Hans", "zh-SG", "zh-TW", "zh-HK", "zh-Hant", "en-US", "ja"]
    assert matching("zh", have) == ["zh", "zh-CN", "zh-Hans", "zh-SG"]
    assert matching("ZH-CN", have) == ["zh-CN", "zh-Hans", "zh-SG", "zh"]
    assert matching("zh-Hant", have) == ["zh-Hant", "zh-HK", "zh-TW"]
    assert matching("zh_tw", have) == ["zh-TW", "zh-HK", "zh-Hant"]  # never plain zh: it is Simplified
    for traditional in ("zh-TW", "zh-HK", "zh-MO", "zh-Hant", "zh-Hant-TW"):
        assert rank("zh", traditional) is None and rank(traditional, "zh") is None
    assert rank("zh", "zh-Latn") is None  # a script tm does not know is not Simplified either


def test_simplified_to_traditional_is_a_language_pair():
    distinct_pair("zh", "zh-TW")  # conversion between the scripts is a job of its own
    with pytest.raises(Exception, match="same language"):
        distinct_pair("zh", "zh-CN")


def test_a_request_only_traditional_could_answer_says_so():
    with pytest.raises(LanguageError) as err:
        resolve("zh", ["en", "zh-TW"], "the TM team.db")
    message = err.value.message
    assert "the TM team.db has no Simplified Chinese for zh" in message
    assert "zh-TW is Traditional Chinese" in message
    assert "zh-TW" in err.value.hint
    with pytest.raises(LanguageError, match="no Traditional Chinese for zh-Hant"):
        resolve("zh-Hant", ["zh-CN"])


def test_a_regional_request_answered_by_the_plain_code_is_noticed():
    from tm.lang import fallback  # new with this change: imported here so that the other tests run without it

    assert fallback("en-GB", ["en"]) == "the TM has no en-GB; using en"
    assert fallback("en", ["en-GB"]) is None
    assert fallback("zh", ["zh-CN"]) is None


def test_lookup_never_offers_traditional_for_zh(tmp_path: Path):
    db = _tm(tmp_path)
    simplified = run_json(db, "lookup", "Save the file", "--src", "en", "--tgt", "zh")
    assert simplified["matches"] == []
    traditional = run_json(db, "lookup", "Save the file", "--src", "en", "--tgt", "zh-TW")
    assert [(m["target"], m["target_lang"]) for m in traditional["matches"]] == [("儲存檔案", "zh-TW")]
    hant = run_json(db, "lookup", "Save the file", "--src", "en", "--tgt", "zh-Hant")
    assert [m["target"] for m in hant["matches"]] == ["儲存檔案"]


def test_a_tm_with_only_traditional_refuses_zh_naming_itself(tmp_path: Path):
    db = _tm(tmp_path, TMX.replace('"zh-CN"', '"zh-TW"').replace('"zh-Hans"', '"zh-TW"'))
    result = run(db, "lookup", "Save the file", "--src", "en", "--tgt", "zh")
    assert result.exit_code == 1
    assert f"the TM {db} has no Simplified Chinese for zh" in result.stderr
    assert "zh-TW is Traditional Chinese" in result.stderr


def test_pretranslate_and_export_keep_to_simplified(tmp_path: Path):
    db = _tm(tmp_path)
    doc = tmp_path / "s.en.txt"
    doc.write_text("Save the file\n\nOpen the file\n", encoding="utf-8")
    xlf = tmp_path / "s.zh.xlf"
    assert run(db, "pretranslate", str(doc), "--src", "en", "--tgt", "zh", "-o", str(xlf)).exit_code == 0
    targets = {
        u.findtext(f"{{{NS12}}}source"): u.find(f"{{{NS12}}}target")
        for u in etree.parse(str(xlf)).iter(f"{{{NS12}}}trans-unit")
    }
    assert targets["Save the file"] is None  # no Traditional sentence labelled Simplified
    assert targets["Open the file"].text == "打开文件"
    po = tmp_path / "x.po"
    assert run(db, "export", str(po), "--src", "en", "--tgt", "zh").exit_code == 0
    assert sorted(e.msgstr for e in polib.pofile(str(po))) == ["关闭文件", "打印文件", "打开文件"]
    hant = tmp_path / "hant.po"
    assert run(db, "export", str(hant), "--src", "en", "--tgt", "zh-Hant").exit_code == 0
    exported = polib.pofile(str(hant))
    assert [e.msgstr for e in exported] == ["儲存檔案"] and exported.metadata["Language"] == "zh-TW"


def test_drafts_declare_the_code_each_fill_came_from(tmp_path: Path):
    db = _tm(tmp_path)
    doc = tmp_path / "s.en.txt"
    doc.write_text("Open the file\n\nClose the file\n\nPrint the file\n", encoding="utf-8")
    xlf = tmp_path / "s.zh.xlf"
    result = run(db, "pretranslate", str(doc), "--src", "en", "--tgt", "zh", "-o", str(xlf), "--json")
    assert result.exit_code == 0
    tree = etree.parse(str(xlf))
    assert tree.find(f".//{{{NS12}}}file").get("target-language") == "zh-CN"  # two of the three fills
    langs = {
        u.findtext(f"{{{NS12}}}source"): u.find(f"{{{NS12}}}target").get(XML_LANG)
        for u in tree.iter(f"{{{NS12}}}trans-unit")
    }
    assert langs == {"Open the file": "zh-CN", "Close the file": "zh-Hans", "Print the file": "zh-CN"}
    alt = next(
        u for u in tree.iter(f"{{{NS12}}}trans-unit") if u.findtext(f"{{{NS12}}}source") == "Close the file"
    )
    assert alt.find(f"{{{NS12}}}alt-trans/{{{NS12}}}target").get(XML_LANG) == "zh-Hans"
    # the reviewer corrects the zh-Hans fill: importing the draft revises that unit, adds none
    for unit in tree.iter(f"{{{NS12}}}trans-unit"):
        if unit.findtext(f"{{{NS12}}}source") == "Close the file":
            unit.find(f"{{{NS12}}}target").text = "关上文件"
    tree.write(str(xlf), xml_declaration=True, encoding="UTF-8")
    _revised_in_place(db, xlf)


def test_a_po_draft_under_another_simplified_code_still_revises(tmp_path: Path):
    """A PO draft has one Language: a fill from a zh-Hans unit comes back as zh-CN and still revises it."""
    db = _tm(tmp_path)
    doc = tmp_path / "s.en.txt"
    doc.write_text("Open the file\n\nClose the file\n\nPrint the file\n", encoding="utf-8")
    po_path = tmp_path / "s.zh.po"
    assert run(db, "pretranslate", str(doc), "--src", "en", "--tgt", "zh", "-o", str(po_path)).exit_code == 0
    po = polib.pofile(str(po_path))
    assert po.metadata["Language"] == "zh-CN"
    po.find("Close the file").msgstr = "关上文件"
    po.save()
    _revised_in_place(db, po_path)


def test_a_regional_fallback_is_noticed_on_stderr(tmp_path: Path):
    db = _tm(tmp_path)
    result = run(db, "lookup", "Open the file", "--src", "en-GB", "--tgt", "zh-CN")
    assert result.exit_code == 0
    assert result.stderr.splitlines() == ["Note: the TM has no en-GB; using en"]
    assert "打开文件" in result.stdout

"""The generated files of corpora/wcm-2025 are up to date, and they say who wrote each language and when.

The English is the World Content Market's publication; the Chinese and Russian were written for tm, so
their variants carry their own creation date and creator, never the English report's. Each PO entry
refers to its unit (the TMX tuid) in its ``#:`` line.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import polib
from lxml import etree

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


def test_generated_files_are_up_to_date(corpora: Path) -> None:
    done = subprocess.run(
        [sys.executable, str(corpora / "build.py"), "--check"], capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stderr


def _units(corpora: Path) -> list[etree._Element]:
    return etree.parse(str(corpora / "wcm-2025" / "report.tmx")).getroot().findall("body/tu")


def test_each_variant_carries_its_own_creation_date_and_creator(corpora: Path) -> None:
    units = _units(corpora)
    assert len(units) == 34
    for tu in units:
        assert tu.get("creationdate") is None and tu.get("creationid") is None, tu.get("tuid")
        tuvs = {tuv.get(XML_LANG): tuv for tuv in tu.iter("tuv")}
        assert set(tuvs) == {"zh-CN", "en", "ru"}
        en = tuvs["en"]
        assert (en.get("creationdate"), en.get("creationid")) == ("20250502T000000Z", "World Content Market")
        assert en.get("changedate") is None  # the English is the seed text, never edited
        for lang in ("zh-CN", "ru"):
            tuv = tuvs[lang]
            assert tuv.get("creationid") == "tm-corpora", (tu.get("tuid"), lang)
            assert tuv.get("creationdate") > en.get("creationdate")
            if tuv.get("changedate") is not None:  # revised after review
                assert tuv.get("changedate") > tuv.get("creationdate") and tuv.get("changeid")


def test_po_entries_refer_to_their_unit(corpora: Path) -> None:
    tuid = {
        "".join(tu.find("tuv/seg").itertext()): tu.get("tuid")
        for tu in _units(corpora)
        if tu.find("tuv").get(XML_LANG) == "zh-CN"
    }
    assert len(tuid) == 34
    for name in ("report.zh-en.po", "report.zh-ru.po"):
        entries = [e for e in polib.pofile(str(corpora / "wcm-2025" / name)) if e.msgid]
        assert len(entries) == 34
        for entry in entries:
            assert entry.occurrences == [(tuid[entry.msgid], "")], (name, entry.msgid)

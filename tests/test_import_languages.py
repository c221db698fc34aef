"""The languages of PO and XLIFF files on import (review D5): one rule for both readers. A file's own
declaration wins; ``--src``/``--tgt`` stand in where it declares none (what their help says). Why: the PO
reader let ``--tgt`` override the file's Language header, so ``tm import a.po b.po --tgt en`` stored a
Russian file's targets as English; the XLIFF reader took the file's. The XLIFF reader also took any
keyword argument (``**_``) and ignored it."""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers import run, run_json

from tm.errors import LanguageError
from tm.formats.documents.xliff_import import XliffReader
from tm.formats.po import PoReader

RU = """msgid ""
msgstr ""
"Language: ru\\n"
"X-Source-Language: zh-CN\\n"
"Content-Type: text/plain; charset=UTF-8\\n"

msgid "莫斯科"
msgstr "Москва"
"""

BARE = """msgid ""
msgstr ""
"Content-Type: text/plain; charset=UTF-8\\n"

msgid "Hello"
msgstr "Привет"
"""

XLIFF = """<?xml version="1.0" encoding="UTF-8"?>
<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2">
  <file original="a" source-language="zh-CN" datatype="plaintext"><body>
    <trans-unit id="1"><source>莫斯科</source><target>Москва</target></trans-unit>
  </body></file>
</xliff>
"""


def test_the_file_declaration_wins(tmp_path: Path) -> None:
    ru, bare = tmp_path / "ru.po", tmp_path / "bare.po"
    ru.write_text(RU, encoding="utf-8")
    bare.write_text(BARE, encoding="utf-8")
    db = tmp_path / "t.db"
    done = run(db, "import", str(ru), str(bare), "--src", "en", "--tgt", "ru-RU")
    assert done.exit_code == 0, done.output
    stats = run_json(db, "stats")
    assert stats["variants"] == {"zh-CN": 1, "ru": 1, "en": 1, "ru-RU": 1}
    assert PoReader(ru, src="en", tgt="en").tgt == "ru"
    assert (PoReader(bare, src="en", tgt="ru").src, PoReader(bare, src="en", tgt="ru").tgt) == ("en", "ru")


@pytest.mark.parametrize(
    ("reader", "name", "text"), [(PoReader, "a.po", BARE), (XliffReader, "a.xlf", XLIFF)]
)
def test_a_missing_language_names_the_file(tmp_path: Path, reader, name: str, text: str) -> None:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    with pytest.raises(LanguageError) as err:
        reader(path)
    which = "target" if reader is XliffReader else "source"
    assert err.value.message == f"{path}: the {reader.what} file does not say its {which} language"
    assert reader(path, src="zh-CN", tgt="ru").tgt == "ru"


def test_unknown_options_are_refused(tmp_path: Path) -> None:
    path = tmp_path / "a.xlf"
    path.write_text(XLIFF, encoding="utf-8")
    with pytest.raises(TypeError):
        XliffReader(path, tgt="ru", recover=True)

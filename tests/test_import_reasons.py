"""An import summary counts each skipped unit under the reason its reader gave (``Issue.reason``), not under
words cut out of the message (review: importer.py derived the reason from message text, so a TMX
``<tuv>`` without a language counted as ``<tuv> has no language (xml`` and each bad code as a reason of
its own), and an XLIFF trans-unit without ``<source>`` is counted, not dropped in silence."""

from __future__ import annotations

from pathlib import Path

from helpers import run_json

TMX = """<?xml version="1.0" encoding="UTF-8"?>
<tmx version="1.4"><header srclang="en" datatype="plaintext" segtype="sentence" adminlang="en" o-tmf="t"
 creationtool="t" creationtoolversion="1"/><body>
<tu><tuv xml:lang="en"><seg>Good.</seg></tuv><tuv xml:lang="ru"><seg>Хорошо.</seg></tuv></tu>
<tu><tuv><seg>No language.</seg></tuv><tuv xml:lang="ru"><seg>Без языка.</seg></tuv></tu>
<tu><tuv xml:lang="en"><seg>Bad code.</seg></tuv><tuv xml:lang="!!"><seg>Плохой код.</seg></tuv></tu>
<tu><tuv xml:lang="en"><seg>Bad code too.</seg></tuv><tuv xml:lang="en US"><seg>Тоже.</seg></tuv></tu>
<tu><tuv xml:lang="en"><seg>Broken <bpt i="1">&lt;b&gt;</bpt>pair.</seg></tuv><tuv xml:lang="ru"><seg>Пара.</seg></tuv></tu>
</body></tmx>
"""

XLIFF = """<?xml version="1.0" encoding="UTF-8"?>
<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2">
  <file original="a" source-language="en" target-language="ru" datatype="plaintext"><body>
    <trans-unit id="1"><target>Только перевод.</target></trans-unit>
    <trans-unit id="2"><source>A source.</source><target state="translated">Источник.</target></trans-unit>
  </body></file>
</xliff>
"""


def test_tmx_reasons(tmp_path: Path) -> None:
    tmx = tmp_path / "a.tmx"
    tmx.write_text(TMX, encoding="utf-8")
    summary = run_json(tmp_path / "t.db", "import", str(tmx))["files"][0]
    assert (summary["added"], summary["skipped"]) == (1, 4)
    assert summary["reasons"] == {"no language": 1, "bad language code": 2, "broken inline codes": 1}


def test_xliff_without_source(tmp_path: Path) -> None:
    xlf = tmp_path / "a.xlf"
    xlf.write_text(XLIFF, encoding="utf-8")
    summary = run_json(tmp_path / "t.db", "import", str(xlf))["files"][0]
    assert (summary["added"], summary["skipped"], summary["reasons"]) == (1, 1, {"no source": 1})

"""The translator's loop end to end: pretranslate, edit two targets, import, pretranslate again.

The TM is the 2025 report (corpora/wcm-2025/report.tmx); the new document is the 2026 press release.
After review, the two edited segments come back as 100% or context matches; importing the reviewed file
twice changes nothing.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import polib
import pytest
from click.testing import CliRunner
from lxml import etree

from tm.cli.main import cli
from tm.formats.documents.xliff import NS12

RELEASE = "press-releases/wcm-2026-pavilion.zh.txt"


def _tm(runner: CliRunner, db: Path, *args: str) -> str:
    result = runner.invoke(cli, ["--db", str(db), *args], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result.output


def _scores(runner: CliRunner, db: Path, doc: Path, out: Path) -> dict[str, tuple[str, int | None]]:
    """Pretranslate ``doc`` to ``out`` (PO) and return {source: (band, score)} from the PO's tm: lines."""
    from tm.formats.documents.po import parse_tm_comment

    _tm(runner, db, "pretranslate", str(doc), "--src", "zh", "--tgt", "en", "-o", str(out))
    found = {}
    for entry in polib.pofile(str(out)):
        fields = parse_tm_comment(entry.tcomment)
        found[entry.msgid] = (
            fields.get("band", "no-match"),
            int(fields["score"]) if "score" in fields else None,
        )
    return found


@pytest.fixture()
def db(tmp_path: Path, corpora: Path) -> Path:
    path = tmp_path / "tm.db"
    _tm(CliRunner(), path, "import", str(corpora / "wcm-2025" / "report.tmx"))
    return path


def test_loop_with_po(tmp_path: Path, corpora: Path, db: Path) -> None:
    runner = CliRunner()
    doc = tmp_path / "release.zh.txt"
    shutil.copy(corpora / RELEASE, doc)
    draft = tmp_path / "draft.po"
    before = _scores(runner, db, doc, draft)
    if shutil.which("msgfmt"):
        subprocess.run(["msgfmt", "--check", "-o", "/dev/null", str(draft)], check=True)
    # the reviewer edits two segments that were not 100%: one fuzzy, one without a match
    po = polib.pofile(str(draft))
    fuzzy = next(e for e in po if e.fuzzy)
    new = next(e for e in po if not e.msgstr)
    assert before[fuzzy.msgid][1] < 100
    assert before[new.msgid][1] is None or before[new.msgid][1] < 75
    fuzzy.msgstr = "Reviewed: " + fuzzy.msgstr
    fuzzy.flags.remove("fuzzy")
    new.msgstr = "A sentence translated by the reviewer."
    po.save(str(draft))
    count = _tm(runner, db, "stats", "--json")
    _tm(runner, db, "import", str(draft))
    after = _scores(runner, db, doc, tmp_path / "draft2.po")
    for entry in (fuzzy, new):
        band, score = after[entry.msgid]
        assert score is not None and score >= 100 and band in ("100", "context"), (entry.msgid, band, score)
    # no other segment got worse (some may now be context matches: the reviewed file gave them neighbours)
    for source, (_, score) in before.items():
        assert (after[source][1] or 0) >= (score or 0), source
    redrafted = {e.msgid: e.msgstr for e in polib.pofile(str(tmp_path / "draft2.po"))}
    assert redrafted[fuzzy.msgid] == fuzzy.msgstr and redrafted[new.msgid] == new.msgstr
    # importing the same reviewed file again changes nothing
    units = _tm(runner, db, "stats", "--json")
    _tm(runner, db, "import", str(draft))
    assert _tm(runner, db, "stats", "--json") == units != count


def test_loop_with_xliff(tmp_path: Path, corpora: Path, db: Path) -> None:
    runner = CliRunner()
    doc = tmp_path / "release.zh.txt"
    shutil.copy(corpora / RELEASE, doc)
    draft = tmp_path / "draft.xlf"
    _tm(runner, db, "pretranslate", str(doc), "--src", "zh", "--tgt", "en", "-o", str(draft))
    tree = etree.parse(str(draft))
    ns = {"x": NS12}
    units = tree.getroot().findall(".//x:trans-unit", ns)
    fuzzy = [
        u
        for u in units
        if u.find("x:target", ns) is not None and u.find("x:target", ns).get("state") != "translated"
    ]
    empty = [u for u in units if u.find("x:target", ns) is None]
    edited = {}
    for unit, text in ((fuzzy[0], "Reviewed fuzzy sentence."), (empty[0], "Reviewed new sentence.")):
        target = unit.find("x:target", ns)
        if target is None:
            target = etree.SubElement(unit, f"{{{NS12}}}target")
            unit.insert(1, target)
        target.text = text
        target.set("state", "translated")
        edited["".join(unit.find("x:source", ns).itertext())] = text
    tree.write(str(draft), xml_declaration=True, encoding="UTF-8")
    _tm(runner, db, "import", str(draft))
    after = _scores(runner, db, doc, tmp_path / "again.po")
    for source in edited:
        band, score = after[source]
        assert score is not None and score >= 100, (source, band, score)
    redrafted = {e.msgid: e.msgstr for e in polib.pofile(str(tmp_path / "again.po"))}
    assert {s: redrafted[s] for s in edited} == edited

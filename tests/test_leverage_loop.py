"""The translator's loop end to end: pretranslate, edit two targets, import, pretranslate again.

The TM is the 2025 report (corpora/wcm-2025/report.tmx); the new document is the 2026 press release.
After review, the two edited segments come back as 100% or context matches; importing the reviewed file
twice changes nothing.
"""

from __future__ import annotations

import copy
import shutil
import subprocess
from pathlib import Path

import polib
import pytest
from click.testing import CliRunner
from lxml import etree

from tm.bands import TM_NS
from tm.cli.main import cli
from tm.formats.documents.xliff import NS12, NS20
from tm.formats.inline import local_name

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
def db(tmp_path: Path, corpora: Path, store_url: str) -> str:
    path = store_url
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


# The loop with inline codes: a TM unit with <b> codes, a page with markup inside its sentences.
CODED_TMX = """<?xml version="1.0" encoding="UTF-8"?>
<tmx version="1.4"><header srclang="en" datatype="html" segtype="sentence" adminlang="en" o-tmf="t"
 creationtool="t" creationtoolversion="1"/><body>
<tu><tuv xml:lang="en"><seg>Click <bpt i="1">&lt;b&gt;</bpt>here<ept i="1">&lt;/b&gt;</ept> to open the new file today.</seg></tuv>
<tuv xml:lang="de"><seg>Klicken Sie <bpt i="1">&lt;b&gt;</bpt>hier<ept i="1">&lt;/b&gt;</ept>, um die Datei heute zu öffnen.</seg></tuv></tu>
</body></tmx>
"""

PAGE = """<html><body>
<p>Click <b>here</b> to open the new file now. Read <a href="docs.html" title="More info">the docs</a>.</p>
</body></html>
"""

LINK = '<a href="docs.html" title="More info">'


def _xliff_units(path: Path) -> list:
    return etree.parse(str(path)).getroot().findall(f".//{{{NS12}}}trans-unit")


def _source_text(unit) -> str:
    source = unit.find(f"{{{NS12}}}source")
    return source.text + "".join((child.tail or "") for child in source)


def _retarget(unit, text: str, *, codes: list[tuple[int, str]] = ()) -> None:
    """Give ``unit`` the confirmed target ``text``, with copies of its source's inline elements put
    where ``codes`` says: (source child index, text after it), in the target's order."""
    source = unit.find(f"{{{NS12}}}source")
    target = unit.find(f"{{{NS12}}}target")
    if target is None:
        target = etree.Element(f"{{{NS12}}}target")
        unit.insert(list(unit).index(source) + 1, target)
    for child in list(target):
        target.remove(child)
    target.text = text
    for index, tail in codes:
        child = copy.deepcopy(source[index])
        child.tail = tail
        target.append(child)
    target.set("state", "translated")


def _segs(tmx: Path, needle: str) -> tuple[etree._Element, etree._Element]:
    """The source and target <seg> of the exported unit whose target holds ``needle``."""
    for tu in etree.parse(str(tmx)).getroot().iter("tu"):
        segs = [tuv.find("seg") for tuv in tu.iter("tuv")]
        if needle in "".join(segs[1].itertext()):
            return segs[0], segs[1]
    raise AssertionError(f"no unit with {needle!r}")


def _inline(seg: etree._Element) -> list[tuple[str, str | None, str | None]]:
    return [(child.tag, child.get("i") or child.get("x"), child.text) for child in seg]


def _draft(runner: CliRunner, tmp_path: Path, name: str, text: str, db: str) -> tuple[str, Path, Path]:
    """A TM holding CODED_TMX in ``db``, the document ``name`` holding ``text``, and its draft (XLIFF)."""
    (tmp_path / "memory.tmx").write_text(CODED_TMX, encoding="utf-8")
    _tm(runner, db, "import", str(tmp_path / "memory.tmx"))
    doc = tmp_path / name
    doc.write_text(text, encoding="utf-8")
    draft = tmp_path / "draft.xlf"
    _tm(runner, db, "pretranslate", str(doc), "--src", "en", "--tgt", "de", "-o", str(draft))
    return db, doc, draft


def test_loop_keeps_inline_codes_from_html(store_url: str, tmp_path: Path) -> None:
    runner = CliRunner()
    db, page, draft = _draft(runner, tmp_path, "page.html", PAGE, store_url)
    click, read, title = _xliff_units(draft)
    # the page's markup is in the draft as paired codes holding the HTML; one word of 8 differs: 87
    assert [(local_name(c.tag), c.get("id"), c.text) for c in click.find(f"{{{NS12}}}source")] == [
        ("bpt", "1", "<b>"),
        ("ept", "1", "</b>"),
    ]
    assert [c.text for c in read.find(f"{{{NS12}}}source")] == [LINK, "</a>"]
    assert click.get(f"{{{TM_NS}}}score") == "87" and read.find(f"{{{NS12}}}target") is None
    assert (title.get("resname"), _source_text(title)) == ("a@title", "More info")
    # the translator moves the bold to the front, translates the link sentence and the link's title
    _retarget(click, "", codes=[(0, "Hier"), (1, " klicken, um die neue Datei jetzt zu öffnen.")])
    _retarget(read, "Lesen Sie ", codes=[(0, "die Doku"), (1, ".")])
    _retarget(title, "Mehr dazu")
    etree.ElementTree(click.getroottree().getroot()).write(str(draft), xml_declaration=True, encoding="UTF-8")
    _tm(runner, db, "import", str(draft))
    # tm export writes the codes as TMX inline elements, the same in source and target
    tmx = tmp_path / "all.tmx"
    _tm(runner, db, "export", str(tmx))
    source, target = _segs(tmx, "Lesen Sie")
    assert _inline(source) == _inline(target) == [("bpt", "1", LINK), ("ept", "1", "</a>")]
    assert "".join(target.itertext()) == f"Lesen Sie {LINK}die Doku</a>."
    source, target = _segs(tmx, "Hier")
    assert _inline(target) == [("bpt", "1", "<b>"), ("ept", "1", "</b>")] == _inline(source)
    assert target.text is None and [c.tail for c in target][0] == "Hier"
    # pre-translating the page again: the reviewed sentences at 100 or 101, their codes where the
    # translator put them, and the title in its attribute
    again = tmp_path / "again.xlf"
    _tm(runner, db, "pretranslate", str(page), "--src", "en", "--tgt", "de", "-o", str(again))
    assert [int(u.get(f"{{{TM_NS}}}score")) >= 100 for u in _xliff_units(again)] == [True, True, True]
    out = tmp_path / "page.de.html"
    _tm(runner, db, "pretranslate", str(page), "--src", "en", "--tgt", "de", "-o", str(out))
    written = out.read_text(encoding="utf-8")
    assert (
        '<p><b>Hier</b> klicken, um die neue Datei jetzt zu öffnen. Lesen Sie <a href="docs.html" title="Mehr dazu">die Doku</a>.</p>'
        in (written)
    )


DOC12 = """<?xml version="1.0" encoding="UTF-8"?>
<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2">
  <file original="ui.txt" source-language="en" target-language="de" datatype="plaintext"><body>
    <trans-unit id="1"><source>Open <g id="1" ctype="bold">the</g> file<x id="2"/>.</source></trans-unit>
    <trans-unit id="2"><source>Nothing to see.</source></trans-unit>
  </body></file>
</xliff>
"""

DOC20 = """<?xml version="1.0" encoding="UTF-8"?>
<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" version="2.0" srcLang="en" trgLang="de">
  <file id="f"><unit id="u1">
    <originalData><data id="d1">&lt;b&gt;</data><data id="d2">&lt;/b&gt;</data><data id="d3">&lt;br/&gt;</data></originalData>
    <segment><source>Open <pc id="1" dataRefStart="d1" dataRefEnd="d2">the</pc> file<ph id="2" dataRef="d3"/>.</source></segment>
  </unit>
  <unit id="u2"><segment><source>Nothing to see.</source></segment></unit></file>
</xliff>
"""


@pytest.mark.parametrize(
    ("doc", "ns", "natives"),
    [
        (DOC12, NS12, ['<g id="1" ctype="bold">', "</g>", '<x id="2"/>']),
        (DOC20, NS20, ["<b>", "</b>", "<br/>"]),
    ],
    ids=["xliff-1.2", "xliff-2.0"],
)
def test_loop_keeps_inline_codes_from_xliff(
    store_url: str, tmp_path: Path, doc: str, ns: str, natives: list[str]
) -> None:
    runner = CliRunner()
    db, original, draft = _draft(runner, tmp_path, "ui.xlf", doc, store_url)
    # the translator's tool: a target with the source's codes, the standalone one moved to the front
    tree = etree.parse(str(draft))
    first = tree.getroot().find(f".//{{{ns}}}source")
    holder = first.getparent()
    target = etree.Element(f"{{{ns}}}target")
    holder.insert(list(holder).index(first) + 1, target)
    code, pair = copy.deepcopy(first[1]), copy.deepcopy(first[0])
    target.append(code)
    code.tail = "Öffne "
    target.append(pair)
    pair.text, pair.tail = "die", " Datei."
    (target if ns == NS12 else holder).set("state", "translated")  # 2.x: the segment's state
    tree.write(str(draft), xml_declaration=True, encoding="UTF-8")
    _tm(runner, db, "import", str(draft))
    tmx = tmp_path / "all.tmx"
    _tm(runner, db, "export", str(tmx))
    source, exported = _segs(tmx, "Öffne")
    assert _inline(source) == [("bpt", "1", natives[0]), ("ept", "1", natives[1]), ("ph", "2", natives[2])]
    assert _inline(exported) == [("ph", "2", natives[2]), ("bpt", "1", natives[0]), ("ept", "1", natives[1])]
    # the untranslated original again: the reviewed target at 100 (or 101), with the file's own codes
    again = tmp_path / "again.xlf"
    _tm(runner, db, "pretranslate", str(original), "--src", "en", "--tgt", "de", "-o", str(again))
    root = etree.parse(str(again)).getroot()
    filled = root.find(f".//{{{ns}}}target")
    assert [local_name(c.tag) for c in filled] == [local_name(first[1].tag), local_name(first[0].tag)]
    assert "".join(filled.itertext()) == "Öffne die Datei."
    score = root.find(f".//{{{ns}}}{'trans-unit' if ns == NS12 else 'unit'}").get(f"{{{TM_NS}}}score")
    assert int(score) >= 100

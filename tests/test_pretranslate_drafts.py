"""A translator's unconfirmed targets (review M3): pre-translation fills only empty targets unless told to
overwrite drafts, and then keeps the old text in the draft (XLIFF 1.2 alt-trans, XLIFF 2 note, PO comment).

Why: a PO ``#, fuzzy`` msgstr or an XLIFF ``needs-review-translation`` target is the translator's work in
progress; it was replaced by the TM's match with nothing left of it.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import polib
import pytest
from helpers import run
from lxml import etree
from xliff_schemas import schema, valid

from tm.bands import TM_NS
from tm.formats.documents.xliff import NS12, NS20
from tm.leverage import pretranslate
from tm.store.sqlite import SqliteStore
from tm.tmfiles import import_files

TMX = """<?xml version="1.0" encoding="UTF-8"?>
<tmx version="1.4"><header srclang="en" datatype="plaintext" segtype="sentence" adminlang="en" o-tmf="t"
 creationtool="t" creationtoolversion="1"/><body>
<tu><tuv xml:lang="en"><seg>The festival opens today.</seg></tuv><tuv xml:lang="ru"><seg>Фестиваль открывается сегодня.</seg></tuv></tu>
<tu><tuv xml:lang="en"><seg>The jury met on Monday.</seg></tuv><tuv xml:lang="ru"><seg>Жюри собралось в понедельник.</seg></tuv></tu>
<tu><tuv xml:lang="en"><seg>Tickets are sold online.</seg></tuv><tuv xml:lang="ru"><seg>Билеты продаются онлайн.</seg></tuv></tu>
</body></tmx>
"""

PO = """msgid ""
msgstr ""
"Language: ru\\n"
"X-Source-Language: en\\n"
"Content-Type: text/plain; charset=UTF-8\\n"

#, fuzzy
msgid "The festival opens today."
msgstr "Мой черновой перевод."

msgid "The jury met on Monday."
msgstr ""

msgid "Tickets are sold online."
msgstr "Билеты продаются через интернет."
"""

XLIFF12 = """<?xml version="1.0" encoding="UTF-8"?>
<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2">
  <file original="a.txt" source-language="en" target-language="ru" datatype="plaintext">
    <body>
      <trans-unit id="1">
        <source>The festival opens today.</source>
        <target state="needs-review-translation">Фестиваль <g id="1">стартует</g> сегодня.</target>
      </trans-unit>
      <trans-unit id="2">
        <source>The jury met on Monday.</source>
        <target state="new"></target>
      </trans-unit>
      <trans-unit id="3">
        <source>Tickets are sold online.</source>
        <target state="new">Билеты в сети.</target>
      </trans-unit>
    </body>
  </file>
</xliff>
"""

XLIFF20 = """<?xml version="1.0" encoding="UTF-8"?>
<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" version="2.0" srcLang="en" trgLang="ru">
  <file id="f1">
    <unit id="u1">
      <segment id="s1" state="initial"><source>The festival opens today.</source><target>Черновик.</target></segment>
    </unit>
    <unit id="u2"><segment id="s1"><source>The jury met on Monday.</source></segment></unit>
  </file>
</xliff>
"""


@pytest.fixture()
def db(tmp_path: Path) -> Path:
    tmx = tmp_path / "memory.tmx"
    tmx.write_text(TMX, encoding="utf-8")
    path = tmp_path / "tm.db"
    store = SqliteStore(path)
    import_files(store, [tmx])
    store.close()
    return path


def _pretranslate(db: Path, doc: Path, out: Path, **options):
    store = SqliteStore(db)
    try:
        return pretranslate(store, doc, "en", "ru", out, **options)
    finally:
        store.close()


def _msgfmt(path: Path) -> None:
    if shutil.which("msgfmt") is None:
        pytest.skip("msgfmt (gettext) is not installed")
    done = subprocess.run(["msgfmt", "--check", "-o", "/dev/null", str(path)], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr


def test_po_fuzzy_draft_kept_by_default(tmp_path: Path, db: Path) -> None:
    doc = tmp_path / "d.po"
    doc.write_text(PO, encoding="utf-8")
    out = tmp_path / "out.po"
    result = _pretranslate(db, doc, out)
    by_id = {e.msgid: e for e in polib.pofile(str(out))}
    draft = by_id["The festival opens today."]
    assert (draft.msgstr, draft.fuzzy) == ("Мой черновой перевод.", True)
    assert by_id["The jury met on Monday."].msgstr == "Жюри собралось в понедельник."
    assert by_id["Tickets are sold online."].msgstr == "Билеты продаются через интернет."  # confirmed
    assert (result.filled, result.kept, result.drafts_kept, result.overwritten) == (1, 1, 1, 0)
    _msgfmt(out)


def test_po_overwrite_keeps_the_previous_text(tmp_path: Path, db: Path) -> None:
    doc = tmp_path / "d.po"
    doc.write_text(PO, encoding="utf-8")
    out = tmp_path / "out.po"
    result = _pretranslate(db, doc, out, overwrite_unconfirmed=True)
    assert (result.filled, result.kept, result.drafts_kept, result.overwritten) == (2, 1, 0, 1)
    _msgfmt(out)
    draft = {e.msgid: e for e in polib.pofile(str(out))}["The festival opens today."]
    assert draft.msgstr == "Фестиваль открывается сегодня."
    assert "tm-previous: Мой черновой перевод." in draft.tcomment.splitlines()
    # a second run keeps both earlier texts: nothing the translator wrote is lost
    again = tmp_path / "again.po"
    _pretranslate(db, out, again, overwrite_unconfirmed=True)
    _msgfmt(again)
    lines = {e.msgid: e for e in polib.pofile(str(again))}["The festival opens today."].tcomment.splitlines()
    assert "tm-previous: Мой черновой перевод." in lines
    # tm's own fill was confirmed at 100: it is no draft, so the second run keeps it
    assert [ln for ln in lines if ln.startswith("tm-previous")] == ["tm-previous: Мой черновой перевод."]


def test_po_previous_lines_are_not_imported(tmp_path: Path, db: Path) -> None:
    doc = tmp_path / "d.po"
    doc.write_text(PO, encoding="utf-8")
    out = tmp_path / "out.po"
    _pretranslate(db, doc, out, overwrite_unconfirmed=True)
    from tm.formats.po import PoReader

    notes = [n.text for u in PoReader(out) for v in u.variants for n in v.notes]
    assert not any("tm-previous" in n for n in notes)


def _units12(path: Path) -> dict[str, etree._Element]:
    return {u.get("id"): u for u in etree.parse(str(path)).getroot().iter(f"{{{NS12}}}trans-unit")}


def test_xliff12_drafts(tmp_path: Path, db: Path, shared: Path) -> None:
    doc = tmp_path / "d.xlf"
    doc.write_text(XLIFF12, encoding="utf-8")
    out = tmp_path / "out.xlf"
    result = _pretranslate(db, doc, out)
    assert (result.filled, result.drafts_kept, result.overwritten) == (1, 2, 0)
    units = _units12(out)
    assert units["1"].find(f"{{{NS12}}}target").get("state") == "needs-review-translation"
    assert "".join(units["1"].find(f"{{{NS12}}}target").itertext()) == "Фестиваль стартует сегодня."
    assert units["2"].find(f"{{{NS12}}}target").text == "Жюри собралось в понедельник."  # empty: filled
    assert units["3"].find(f"{{{NS12}}}target").text == "Билеты в сети."

    result = _pretranslate(db, doc, out, overwrite_unconfirmed=True)
    assert (result.filled, result.drafts_kept, result.overwritten) == (3, 0, 2)
    valid(schema(shared, "xliff-core-1.2-strict.xsd"), out)
    units = _units12(out)
    first = units["1"]
    assert first.find(f"{{{NS12}}}target").text == "Фестиваль открывается сегодня."
    previous = [
        a for a in first.iterfind(f"{{{NS12}}}alt-trans") if a.get("alttranstype") == "previous-version"
    ]
    assert len(previous) == 1 and previous[0].get("origin") == "previous"
    old = previous[0].find(f"{{{NS12}}}target")
    assert etree.tostring(old, encoding="unicode", with_tail=False).endswith(
        '>Фестиваль <g id="1">стартует</g> сегодня.</target>'
    )  # the old target whole, its inline codes too
    # the TM's candidate stays the first alt-trans with a match quality (what tm score reads)
    assert first.find(f"{{{NS12}}}alt-trans").get("match-quality") == first.get(f"{{{TM_NS}}}score")
    # an empty target has no previous text
    assert units["2"].find(f"{{{NS12}}}alt-trans[@alttranstype='previous-version']") is None


def test_xliff20_drafts(tmp_path: Path, db: Path, shared: Path) -> None:
    doc = tmp_path / "d.xliff"
    doc.write_text(XLIFF20, encoding="utf-8")
    out = tmp_path / "out.xliff"
    result = _pretranslate(db, doc, out)
    assert (result.filled, result.drafts_kept) == (1, 1)
    segs = list(etree.parse(str(out)).getroot().iter(f"{{{NS20}}}segment"))
    assert segs[0].find(f"{{{NS20}}}target").text == "Черновик."
    result = _pretranslate(db, doc, out, overwrite_unconfirmed=True)
    assert (result.filled, result.drafts_kept, result.overwritten) == (2, 0, 1)
    valid(schema(shared, "xliff-core-2.0.xsd"), out)
    root = etree.parse(str(out)).getroot()
    unit = root.find(f".//{{{NS20}}}unit")
    assert unit.find(f"{{{NS20}}}segment/{{{NS20}}}target").text == "Фестиваль открывается сегодня."
    notes = [
        n for n in unit.iterfind(f"{{{NS20}}}notes/{{{NS20}}}note") if n.get("category") == "tm-previous"
    ]
    assert [(n.text, n.get("appliesTo")) for n in notes] == [("s1: Черновик.", "target")]


def test_cli_reports_kept_and_overwritten(tmp_path: Path, db: Path) -> None:
    doc = tmp_path / "d.po"
    doc.write_text(PO, encoding="utf-8")
    out = tmp_path / "out.po"
    done = run(db, "pretranslate", str(doc), "--src", "en", "--tgt", "ru", "-o", str(out), "--json")
    assert done.exit_code == 0, done.output
    written = json.loads(done.stdout)["output"]
    assert (written["drafts_kept"], written["overwritten"]) == (1, 0)
    done = run(db, "pretranslate", str(doc), "--src", "en", "--tgt", "ru", "-o", str(out))
    assert "1 unconfirmed translation kept (--overwrite-unconfirmed replaces it)" in done.stderr
    done = run(
        db, "pretranslate", str(doc), "--src", "en", "--tgt", "ru", "-o", str(out), "--overwrite-unconfirmed"
    )
    assert done.exit_code == 0, done.output
    assert "1 unconfirmed translation replaced (the old text kept in the draft)" in done.stderr


SEGMENTED = """<?xml version="1.0" encoding="UTF-8"?>
<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2">
  <file original="a.txt" source-language="en" target-language="ru" datatype="plaintext">
    <body>
      <trans-unit id="1">
        <source>The festival opens today. The jury met on Monday.</source>
        <seg-source><mrk mtype="seg" mid="a">The festival opens today.</mrk> <mrk mtype="seg" mid="b">The jury met on Monday.</mrk></seg-source>
        <target state="needs-review-translation"><mrk mtype="seg" mid="a">Открытие сегодня.</mrk> <mrk mtype="seg" mid="b"></mrk></target>
      </trans-unit>
    </body>
  </file>
</xliff>
"""


def test_xliff12_segmented_draft(tmp_path: Path, db: Path, shared: Path) -> None:
    doc = tmp_path / "d.xlf"
    doc.write_text(SEGMENTED, encoding="utf-8")
    out = tmp_path / "out.xlf"
    result = _pretranslate(db, doc, out)
    assert (result.filled, result.drafts_kept) == (1, 1)
    mrks = {m.get("mid"): m.text for m in _units12(out)["1"].find(f"{{{NS12}}}target")}
    assert mrks == {"a": "Открытие сегодня.", "b": "Жюри собралось в понедельник."}
    result = _pretranslate(db, doc, out, overwrite_unconfirmed=True)
    assert (result.filled, result.overwritten) == (2, 1)
    valid(schema(shared, "xliff-core-1.2-strict.xsd"), out)
    unit = _units12(out)["1"]
    mrks = {m.get("mid"): m.text for m in unit.find(f"{{{NS12}}}target")}
    assert mrks == {"a": "Фестиваль открывается сегодня.", "b": "Жюри собралось в понедельник."}
    alts = unit.findall(f"{{{NS12}}}alt-trans")
    assert [(a.get("mid"), a.get("alttranstype"), "".join(a.itertext())) for a in alts] == [
        ("a", "previous-version", "Открытие сегодня.")
    ]

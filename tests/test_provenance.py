"""Provenance on every suggestion (issue 10, item 2): the TM's source and target as stored beside the
adapted target and what was changed, in --json, XLIFF, PO and TMX drafts; --fill exact|fuzzy; origins
are file names, never the importing machine's paths.

On main before this change: XLIFF alt-trans showed the suggestion after substitution (the TM's real
target appeared nowhere); a PO or TMX draft did not say what was changed; fuzzy fills went into txt, md
and html drafts unmarked; `origin` was the absolute path of the imported file.
"""

from __future__ import annotations

import shutil
import sqlite3
import subprocess
from pathlib import Path

import polib
import pytest
from conftest import BACKENDS, database
from helpers import run, run_json
from lxml import etree
from xliff_schemas import schema, valid

from tm.bands import TM_NS
from tm.formats.documents.po import parse_tm_comment
from tm.formats.documents.xliff import NS12
from tm.store import codec, open_store
from tm.store.copy import TABLES
from tm.store.sqlite import SqliteStore
from tm.store.sqlite.schema import MIGRATIONS

QUERY = "平台提供350多个电视频道，融合了互动电视与在线影院的双重优势。"
CARRIED = "4月11日，莫斯科世界内容市场进入第三天"


@pytest.fixture(scope="module", params=BACKENDS)
def db(tmp_path_factory: pytest.TempPathFactory, corpora: Path, request):
    with database(request.param, tmp_path_factory.mktemp("provenance"), request) as path:
        assert run(path, "import", str((corpora / "wcm-2025" / "report.tmx").resolve())).exit_code == 0
        yield path


def test_lookup_json_carries_the_tm_texts_and_the_changes(db: Path) -> None:
    (m,) = run_json(db, "lookup", QUERY, "--src", "zh", "--tgt", "en", "--limit", "1")["matches"]
    assert "300" in m["tm_source"] and m["tm_source"] == m["source"]
    assert "over 300 TV channels" in m["tm_target"] and "over 350 TV channels" in m["target"]
    assert m["adapted"] and [(c["old"], c["new"]) for c in m["changes"]] == [("300", "350")]
    assert m["tm_target"][m["changes"][0]["start"] : m["changes"][0]["end"]] == "300"
    assert (m["origin"], m["status"]) == ("report.tmx", "confirmed")
    text = run(db, "lookup", QUERY, "--src", "zh", "--tgt", "en", "--limit", "1").stdout
    assert "TM target:" in text and "(changed: 300 -> 350)" in text


def test_origin_is_the_file_name(db: Path) -> None:
    stats = run_json(db, "stats")
    assert [o[0] for o in stats["origins"]] == ["report.tmx"]
    with open_store(db, readonly=True) as store:
        stored = [
            value
            for row in store.table_rows("origins", TABLES["origins"][0])
            for value in row
            if isinstance(value, str)
        ]
    assert not any("/" in value and "corpora" in value for value in stored)  # no path of this machine


def _pretranslate(db: Path, doc: Path, out: Path, *args: str) -> dict:
    return run_json(db, "pretranslate", str(doc), "--src", "zh", "--tgt", "en", "-o", str(out), *args)


def test_xliff_draft_holds_the_tm_target_and_marks_the_change(
    tmp_path: Path, db: Path, corpora: Path, shared
) -> None:
    xlf = tmp_path / "draft.xlf"
    _pretranslate(db, corpora / "press-releases" / "wcm-2026-pavilion.zh.txt", xlf)
    valid(schema(shared, "xliff-core-1.2-strict.xsd"), xlf)
    units = etree.parse(str(xlf)).getroot().findall(f".//{{{NS12}}}trans-unit")
    (unit,) = [u for u in units if "".join(u.find(f"{{{NS12}}}source").itertext()).startswith(CARRIED)]
    target = unit.find(f"{{{NS12}}}target")
    alt = unit.find(f"{{{NS12}}}alt-trans")
    assert target.text.startswith("On 11th April") and target.get("state") == "needs-review-translation"
    # the TM's real source and target, as stored
    assert alt.findtext(f"{{{NS12}}}source").startswith("4月10日") and alt.findtext(
        f"{{{NS12}}}target"
    ).startswith("On 10th April")
    note = unit.find(f"{{{NS12}}}note")
    assert note.get("from") == "tm" and "10th April -> 11th April" in note.text
    unit_id, _, version = unit.get(f"{{{TM_NS}}}unit").partition("@")
    with open_store(db) as store:
        held = store.unit(int(unit_id))
    assert codec.pair_version(held.variant("zh-CN"), held.variant("en")) == version
    # a fill that changed nothing has no note, and its alt-trans is its target
    exact = next(u for u in units if u.get(f"{{{TM_NS}}}band") == "100")
    assert exact.find(f"{{{NS12}}}note") is None
    assert exact.findtext(f"{{{NS12}}}alt-trans/{{{NS12}}}target") == exact.findtext(f"{{{NS12}}}target")


def test_po_and_tmx_drafts_say_what_was_changed(tmp_path: Path, db: Path, corpora: Path) -> None:
    doc = corpora / "press-releases" / "wcm-2026-pavilion.zh.txt"
    po = tmp_path / "draft.po"
    _pretranslate(db, doc, po)
    if shutil.which("msgfmt"):
        subprocess.run(["msgfmt", "--check", "-o", "/dev/null", str(po)], check=True)
    (entry,) = [e for e in polib.pofile(str(po)) if e.msgid.startswith(CARRIED)]
    fields = parse_tm_comment(entry.tcomment)
    assert (fields["origin"], fields["band"]) == ("report.tmx", "95-99") and "@" in fields["unit"]
    lines = entry.tcomment.splitlines()
    assert any(line.startswith("tm-target: On 10th April") for line in lines)
    assert "tm-changed: 10th April -> 11th April" in lines
    assert entry.fuzzy and entry.previous_msgid.startswith(
        "4月10日"
    )  # the TM's source, as PO editors show it
    tmx = tmp_path / "draft.tmx"
    _pretranslate(db, doc, tmx)
    for tu in etree.parse(str(tmx)).getroot().iter("tu"):
        if "".join(tu.find("tuv/seg").itertext()).startswith(CARRIED):
            props = {p.get("type"): p.text for p in tu.findall("prop")}
            break
    assert props["x-tm-origin"] == "report.tmx" and props["x-tm-target"].startswith("On 10th April")
    assert props["x-tm-status"] == "unconfirmed" and props["x-tm-score"] == "99" and "@" in props["x-tm-unit"]


def test_fill_modes(tmp_path: Path, db: Path, corpora: Path) -> None:
    doc = corpora / "press-releases" / "wcm-2026-pavilion.zh.txt"
    txt = tmp_path / "release.en.txt"
    exact = _pretranslate(db, doc, txt)
    assert (exact["output"]["fill"], exact["fuzzy_fills"]) == ("exact", [])
    written = txt.read_text(encoding="utf-8")
    assert f"⟦{CARRIED}" in written and "On 11th April" not in written  # no unmarked fuzzy fill
    fuzzy = _pretranslate(db, doc, txt, "--fill", "fuzzy")
    assert "On 11th April" in txt.read_text(encoding="utf-8")
    assert fuzzy["output"]["filled"] > exact["output"]["filled"]
    listed = {(f["segment"], f["score"], f["origin"]) for f in fuzzy["fuzzy_fills"]}
    assert ("3", 99, "report.tmx") in listed and all(score < 100 for _, score, _ in listed)
    for args in (("--fill", "exact", "--min-score", "80"), ("--min-score", "80")):
        refused = run(db, "pretranslate", str(doc), "--src", "zh", "--tgt", "en", "-o", str(txt), *args)
        assert refused.exit_code == 2 and "--min-score" in refused.stderr + refused.stdout
    xlf = _pretranslate(db, doc, tmp_path / "d.xlf", "--fill", "exact")
    assert xlf["output"]["filled"] == exact["output"]["filled"] and xlf["fuzzy_fills"] == []
    text = run(db, "pretranslate", str(doc), "--src", "zh", "--tgt", "en", "-o", str(tmp_path / "d2.xlf"))
    assert "Fuzzy fills to review" in text.stdout and "numbers changed" in text.stdout


def _old_schema_db(path: Path, origin_path: str, units: list[tuple[bytes, list[tuple]]]) -> None:
    """A TM as tm wrote it before migration 7: absolute origin paths, keys without the codes' content."""
    con = sqlite3.connect(path)
    before = next(n for n, m in enumerate(MIGRATIONS) if callable(m))  # the migration of issue 10
    for number, script in enumerate(MIGRATIONS[:before]):
        con.executescript(script)
        con.execute(f"PRAGMA user_version = {number + 1}")
    con.execute(
        "INSERT INTO origins (id, path, format, header, imported) VALUES (1, ?, 'tmx', NULL, '2025-01-01T00:00:00Z')",
        (origin_path,),
    )
    for unit_id, (key, variants) in enumerate(units, 1):
        con.execute("INSERT INTO units (id, key) VALUES (?, ?)", (unit_id, key))
        con.executemany(
            "INSERT INTO variants VALUES (?, ?, ?, ?, ?, ?)",
            [(unit_id, n, *v) for n, v in enumerate(variants)],
        )
        con.execute("INSERT INTO occurrences VALUES (1, ?, ?)", (unit_id, unit_id))
    con.commit()
    con.close()


TWO_LINKS = """<?xml version="1.0" encoding="UTF-8"?>
<tmx version="1.4"><header srclang="en" datatype="html" segtype="sentence" adminlang="en" o-tmf="t" creationtool="t" creationtoolversion="1"/><body>
<tu><tuv xml:lang="en"><seg>Read <ph x="1">&lt;a href="https://a.example"&gt;</ph>the guide<ph x="2">&lt;/a&gt;</ph>.</seg></tuv><tuv xml:lang="de"><seg>Lies <ph x="1">&lt;a href="https://a.example"&gt;</ph>die Anleitung<ph x="2">&lt;/a&gt;</ph>.</seg></tuv></tu>
<tu><tuv xml:lang="en"><seg>Read <ph x="1">&lt;a href="https://b.example"&gt;</ph>the guide<ph x="2">&lt;/a&gt;</ph>.</seg></tuv><tuv xml:lang="de"><seg>Lies <ph x="1">&lt;a href="https://b.example"&gt;</ph>die Anleitung<ph x="2">&lt;/a&gt;</ph>.</seg></tuv></tu>
<tu><tuv xml:lang="en"><seg>Read <ph x="1">&lt;a href="https://a.example"&gt;</ph>the guide<ph x="2">&lt;/a&gt;</ph>.</seg></tuv><tuv xml:lang="de"><seg>Lies <ph x="1">&lt;a href="https://a.example"&gt;</ph>die Anleitung<ph x="2">&lt;/a&gt;</ph>.</seg></tuv></tu>
</body></tmx>
"""


def test_units_differing_only_in_a_code_stay_two(tmp_path: Path, store_url: str) -> None:
    """Issue 10, item 4: the unit key includes the inline codes' content. On main before, the two links
    were one unit (the second link lost)."""
    tmx = tmp_path / "links.tmx"
    tmx.write_text(TWO_LINKS, encoding="utf-8")
    db = store_url
    summary = run_json(db, "import", str(tmx))["files"][0]
    assert (summary["added"], summary["merged"]) == (2, 1)  # the third is the first again
    out = tmp_path / "out.tmx"
    run(db, "export", str(out))
    links = sorted(ph.text for ph in etree.parse(str(out)).getroot().iter("ph") if "href" in ph.text)
    assert links == ['<a href="https://a.example">'] * 2 + ['<a href="https://b.example">'] * 2


def test_migration_renames_origins_and_rekeys_coded_units(tmp_path: Path) -> None:
    """A TM from before migration 7: its origin becomes the file's name, its coded unit gets the key that
    includes the codes' content (so re-importing the same file merges instead of adding it again), and the
    link its coarser key had swallowed comes back as a unit of its own."""
    tmx = tmp_path / "links.tmx"
    tmx.write_text(TWO_LINKS, encoding="utf-8")
    db = tmp_path / "old.db"
    fresh = tmp_path / "fresh.db"
    run(fresh, "import", str(tmx))
    with SqliteStore(fresh) as store:
        first = next(iter(store.units()))
    old_key = _old_key(first)
    rows = [(v.lang, v.text, v.coded, codec.variant_meta(v)) for v in first.variants]
    _old_schema_db(db, str(tmx.resolve()), [(old_key, rows)])
    with SqliteStore(db) as store:  # migrates
        assert store.stats().origins == [("links.tmx", "tmx", 1)]
        assert store.unit_info(1).origin == "links.tmx"
    summary = run_json(db, "import", str(tmx))["files"][0]
    assert (summary["added"], summary["merged"]) == (1, 2)  # the b.example link; the a.example unit merges
    assert run_json(db, "stats")["origins"] == [["links.tmx", "tmx", 2]]


def _old_key(unit) -> bytes:
    """The unit key as tm computed it before issue 10 (texts with placeholders, no code content)."""
    from hashlib import blake2b

    items = sorted((v.lang, v.content, v.plurals) for v in unit.variants)
    parts = [unit.context or ""]
    for lang, content, plurals in items:
        parts += (lang, content, "\x04".join(plurals) if plurals else "")
    return blake2b("\x00".join(parts).encode("utf-8"), digest_size=16).digest()


XLIFF2 = """<?xml version="1.0" encoding="UTF-8"?>
<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" version="2.0" srcLang="zh" trgLang="en">
  <file id="f">
    <unit id="u1"><segment><source>4月11日，莫斯科世界内容市场进入第三天，中国联合展台代表团走出展厅，开启了一场里程碑式的文化交流。</source></segment></unit>
    <unit id="u2"><notes><note category="editor">Keep the date.</note></notes><segment><source>图片：尚世影业、五岸传播</source></segment></unit>
  </file>
</xliff>
"""


def test_xliff2_draft_notes_the_change_and_names_the_unit(tmp_path: Path, db: Path, shared) -> None:
    doc = tmp_path / "release.xlf"
    doc.write_text(XLIFF2, encoding="utf-8")
    out = tmp_path / "draft.xlf"
    _pretranslate(db, doc, out)
    valid(schema(shared, "xliff-core-2.0.xsd"), out)
    root = etree.parse(str(out)).getroot()
    assert (root.get("srcLang"), root.get("trgLang")) == ("zh-CN", "en")  # the TM's codes
    ns = "urn:oasis:names:tc:xliff:document:2.0"
    first, second = root.iter(f"{{{ns}}}unit")
    (note,) = first.iterfind(f"{{{ns}}}notes/{{{ns}}}note")
    assert note.get("category") == "tm" and "10th April -> 11th April" in note.text
    assert "@" in first.get(f"{{{TM_NS}}}unit")
    assert [n.get("category") for n in second.iterfind(f"{{{ns}}}notes/{{{ns}}}note")] == ["editor"]


def test_a_tmx_draft_imported_as_it_is(tmp_path: Path, corpora: Path, store_url: str) -> None:
    """A TMX draft goes back into the TM without review: its exact fills merge into the units they came
    from (x-tm-unit), its fuzzy fills come in unconfirmed (x-tm-status), so they cost the status penalty."""
    db = store_url
    run(db, "import", str(corpora / "wcm-2025" / "report.tmx"))
    units = run_json(db, "stats")["units"]
    tmx = tmp_path / "draft.tmx"
    data = _pretranslate(db, corpora / "press-releases" / "wcm-2026-pavilion.zh.txt", tmx)
    fuzzy = len(data["fuzzy_fills"])
    summary = run_json(db, "import", str(tmx))["files"][0]
    assert (summary["added"], summary["revised"]) == (fuzzy, 0)
    assert summary["merged"] == data["output"]["filled"] - fuzzy
    stats = run_json(db, "stats")
    assert (stats["units"], stats["statuses"].get("fuzzy")) == (units + fuzzy, fuzzy)
    sentence = CARRIED + "，中国联合展台代表团走出展厅，开启了一场里程碑式的文化交流。"
    found = run_json(db, "lookup", sentence, "--src", "zh", "--tgt", "en", "--min-score", "95")["matches"]
    # the TM's own 4月10日 unit (99, the date carried) ranks above the unconfirmed 4月11日 fill (100 - 5)
    assert [(m["score"], m["status"], m["penalties"]) for m in found] == [
        (99.0, "confirmed", {"placeable": 1.0}),
        (95.0, "fuzzy", {"status": 5.0}),
    ]

"""Status is kept and respected; penalties by status, origin and age; filters (issue 10, item 3).

On main before this change: a PO entry imported with --include-fuzzy came back from a lookup at 100
with no penalty and a later pre-translation wrote it as translated; TMX export did not say a unit was
unconfirmed, so the status was lost on the way back; there were no origin or age penalties and no
filters.
"""

from __future__ import annotations

import json
from pathlib import Path

import polib
import pytest
from helpers import run, run_json
from lxml import etree

from tm.bands import TM_NS
from tm.formats.documents.xliff import NS12
from tm.match import Matcher, OracleMatcher
from tm.store import open_store

PO = """msgid ""
msgstr ""
"Content-Type: text/plain; charset=UTF-8\\n"
"Language: en\\n"
"X-Source-Language: zh-CN\\n"

#, fuzzy
msgid "平台提供三百多个电视频道。"
msgstr "The platform offers over 300 TV channels."

msgid "我们希望让更多观众看到它们。"
msgstr "We hope to bring them to more viewers."
"""

UNCONFIRMED = "平台提供三百多个电视频道。"
CONFIRMED = "我们希望让更多观众看到它们。"


def _tmx(units: list[tuple[str, str, str | None]]) -> str:
    body = "".join(
        f'<tu{f" changedate={chr(34)}{date}{chr(34)}" if date else ""}><tuv xml:lang="zh-CN"><seg>{zh}</seg></tuv>'
        f'<tuv xml:lang="en"><seg>{en}</seg></tuv></tu>\n'
        for zh, en, date in units
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n<tmx version="1.4"><header srclang="zh-CN" datatype="plaintext" '
        'segtype="sentence" adminlang="en" o-tmf="t" creationtool="t" creationtoolversion="1"/>'
        f"<body>\n{body}</body></tmx>\n"
    )


@pytest.fixture()
def fuzzy_db(tmp_path: Path, store_url: str) -> Path:
    po = tmp_path / "vendor.po"
    po.write_text(PO, encoding="utf-8")
    db = store_url
    assert run(db, "import", str(po), "--include-fuzzy").exit_code == 0
    return db


def _lookup(db: Path, text: str, *args: str) -> list[dict]:
    return run_json(db, "lookup", text, "--src", "zh", "--tgt", "en", "--min-score", "90", *args)["matches"]


def test_unconfirmed_unit_is_penalised_and_says_so(fuzzy_db: Path) -> None:
    (m,) = _lookup(fuzzy_db, UNCONFIRMED)
    assert (m["score"], m["penalties"], m["status"]) == (95.0, {"status": 5.0}, "fuzzy")
    (c,) = _lookup(fuzzy_db, CONFIRMED)
    assert (c["score"], c["penalties"], c["status"]) == (100.0, {}, "confirmed")
    shown = run(fuzzy_db, "lookup", UNCONFIRMED, "--src", "zh", "--tgt", "en").stdout
    assert "95%" in shown and "status -5" in shown and "unconfirmed" in shown
    (free,) = _lookup(fuzzy_db, UNCONFIRMED, "--penalty", "status=0")
    assert free["score"] == 100.0
    # an unconfirmed unit never gives a context match
    assert _lookup(fuzzy_db, UNCONFIRMED, "--penalty", "status=0", "--next", CONFIRMED)[0]["context"] is None


@pytest.mark.parametrize("penalty", [(), ("--penalty", "status=0")], ids=["default", "no-penalty"])
def test_pretranslation_never_writes_an_unconfirmed_match_as_translated(
    tmp_path: Path, fuzzy_db: Path, penalty: tuple[str, ...]
) -> None:
    doc = tmp_path / "release.zh.txt"
    doc.write_text(f"{UNCONFIRMED}{CONFIRMED}\n", encoding="utf-8")
    xlf = tmp_path / "draft.xlf"
    data = run_json(
        fuzzy_db, "pretranslate", str(doc), "--src", "zh", "--tgt", "en", "-o", str(xlf), *penalty
    )
    bands = {b: v["segments"] for b, v in data["total"]["bands"].items() if v["segments"]}
    # counted as fuzzy even at 100 (status=0); the confirmed sentence after it is a context match
    assert bands == {"95-99": 1, "context": 1}
    units = etree.parse(str(xlf)).getroot().findall(f".//{{{NS12}}}trans-unit")
    target = units[0].find(f"{{{NS12}}}target")
    assert target.get("state") == "needs-review-translation" and units[0].get(f"{{{TM_NS}}}band") == "95-99"
    note = units[0].find(f"{{{NS12}}}note")
    assert note is not None and "unconfirmed" in note.text
    assert units[1].find(f"{{{NS12}}}target").get("state") == "translated"
    [fill] = data["fuzzy_fills"]
    assert (fill["status"], fill["origin"]) == ("fuzzy", "vendor.po")
    po = tmp_path / "draft.po"
    run_json(fuzzy_db, "pretranslate", str(doc), "--src", "zh", "--tgt", "en", "-o", str(po), *penalty)
    entries = {e.msgid: e for e in polib.pofile(str(po))}
    assert entries[UNCONFIRMED].fuzzy and "status=unconfirmed" in entries[UNCONFIRMED].tcomment
    assert not entries[CONFIRMED].fuzzy
    # a document written as itself takes exact matches of confirmed units only
    txt = tmp_path / "release.en.txt"
    run_json(fuzzy_db, "pretranslate", str(doc), "--src", "zh", "--tgt", "en", "-o", str(txt), *penalty)
    assert txt.read_text(encoding="utf-8").startswith(f"⟦{UNCONFIRMED}⟧")


def test_status_round_trips_through_tmx_and_po(tmp_path: Path, fuzzy_db: Path) -> None:
    tmx = tmp_path / "all.tmx"
    assert run(fuzzy_db, "export", str(tmx)).exit_code == 0
    props = [
        (tu.findtext("tuv/seg"), [p.text for p in tu.findall("prop") if p.get("type") == "x-tm-status"])
        for tu in etree.parse(str(tmx)).getroot().iter("tu")
    ]
    assert sorted(props) == sorted([(UNCONFIRMED, ["unconfirmed"]), (CONFIRMED, [])])
    again = tmp_path / "again.db"
    assert run(again, "import", str(tmx)).exit_code == 0  # no --include-fuzzy needed: it is TM content
    assert run_json(again, "stats")["statuses"] == {"confirmed": 1, "fuzzy": 1}
    assert _lookup(again, UNCONFIRMED)[0]["score"] == 95.0
    tmx2 = tmp_path / "again.tmx"
    run(again, "export", str(tmx2))
    assert (
        tmx2.read_text(encoding="utf-8").count("x-tm-status") == 1
    )  # the prop is the status, not kept twice
    po = tmp_path / "again.po"
    assert run(again, "export", str(po), "--src", "zh", "--tgt", "en").exit_code == 0
    assert {e.msgid: e.fuzzy for e in polib.pofile(str(po))} == {UNCONFIRMED: True, CONFIRMED: False}


def test_xliff_needs_review_and_new_are_kept_as_unconfirmed(tmp_path: Path, store_url: str) -> None:
    xlf = tmp_path / "reviewed.xlf"
    xlf.write_text(
        '<?xml version="1.0" encoding="UTF-8"?><xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2">'
        '<file original="a" source-language="zh-CN" target-language="en" datatype="plaintext"><body>'
        '<trans-unit id="1"><source>第一句。</source><target state="needs-review-translation">First.</target></trans-unit>'
        '<trans-unit id="2"><source>第二句。</source><target state="new">Second.</target></trans-unit>'
        '<trans-unit id="3"><source>第三句。</source><target state="final">Third.</target></trans-unit>'
        "</body></file></xliff>",
        encoding="utf-8",
    )
    db = store_url
    assert run(db, "import", str(xlf), "--include-fuzzy").exit_code == 0
    assert run_json(db, "stats")["statuses"] == {"confirmed": 1, "fuzzy": 2}
    assert [_lookup(db, s)[0]["score"] for s in ("第一句。", "第二句。", "第三句。")] == [95.0, 95.0, 100.0]


def test_align_status_prop_is_read(tmp_path: Path, store_url: str) -> None:
    """tm align writes x-tm-status (unconfirmed / confirmed): it is the unit's status on import."""
    tmx = tmp_path / "aligned.tmx"
    tmx.write_text(
        _tmx([("对齐的句子。", "An aligned sentence.", None)]).replace(
            "<tu>", '<tu><prop type="x-tm-status">unconfirmed</prop><prop type="x-tm-bead">1-1</prop>'
        ),
        encoding="utf-8",
    )
    db = store_url
    run(db, "import", str(tmx))
    with open_store(db) as store:
        (unit,) = store.units()
    assert unit.status == "fuzzy" and [p.type for p in unit.props] == ["x-tm-bead"]


@pytest.fixture()
def two_vendors(tmp_path: Path, store_url: str) -> Path:
    shared = ("共有的句子。", "A shared sentence.", None)
    files = {
        "old-vendor-2019.tmx": [("旧的句子。", "An old sentence.", "20150101T000000Z"), shared],
        "reviewed.tmx": [("新的句子。", "A new sentence.", "20250601T000000Z"), shared],
    }
    for name, units in files.items():
        (tmp_path / name).write_text(_tmx(units), encoding="utf-8")
    db = store_url
    assert run(db, "import", *(str(tmp_path / name) for name in files)).exit_code == 0
    return db


def test_origin_and_age_penalties(two_vendors: Path) -> None:
    rule = ("--penalty", "origin:old-vendor*.tmx=10")
    (old,) = _lookup(two_vendors, "旧的句子。", *rule)
    assert (old["score"], old["penalties"], old["origin"]) == (90.0, {"origin": 10.0}, "old-vendor-2019.tmx")
    # a unit that a file without a penalty also holds is not penalised
    (shared,) = _lookup(two_vendors, "共有的句子。", *rule)
    assert shared["score"] == 100.0
    (aged,) = _lookup(two_vendors, "旧的句子。", "--penalty", "age:2y=3", *rule, "--min-score", "80")
    assert (aged["score"], aged["penalties"]) == (87.0, {"origin": 10.0, "age": 3.0})
    assert _lookup(two_vendors, "新的句子。", "--penalty", "age:100y=3")[0]["score"] == 100.0
    bad = run(two_vendors, "lookup", "x", "--src", "zh", "--tgt", "en", "--penalty", "colour=3")
    assert bad.exit_code == 2 and "no such penalty" in bad.stderr


def test_filters_on_lookup_pretranslate_and_export(tmp_path: Path, two_vendors: Path) -> None:
    assert _lookup(two_vendors, "旧的句子。", "--origin", "reviewed*") == []
    assert _lookup(two_vendors, "共有的句子。", "--origin", "reviewed*")[0]["score"] == 100.0
    assert _lookup(two_vendors, "旧的句子。", "--since", "2020-01-01") == []
    # a unit without a date of its own is dated by its import (today)
    assert _lookup(two_vendors, "共有的句子。", "--since", "2020-01-01")[0]["score"] == 100.0
    doc = tmp_path / "doc.zh.txt"
    doc.write_text("旧的句子。新的句子。\n", encoding="utf-8")
    data = run_json(
        two_vendors,
        "pretranslate",
        str(doc),
        "--src",
        "zh",
        "--tgt",
        "en",
        "-o",
        str(tmp_path / "d.po"),
        "--origin",
        "reviewed.tmx",
        "--min-score",
        "90",
    )
    assert data["output"]["filled"] == 1
    out = tmp_path / "recent.tmx"
    assert run(two_vendors, "export", str(out), "--since", "2020-01-01", "--json").exit_code == 0
    texts = [seg.text for seg in etree.parse(str(out)).getroot().iter("seg")]
    assert "An old sentence." not in texts and "A new sentence." in texts
    out_po = tmp_path / "confirmed.po"
    result = run(
        two_vendors, "export", str(out_po), "--src", "zh", "--tgt", "en", "--status", "fuzzy", "--json"
    )
    assert json.loads(result.stdout)["units"] == 0
    bad = run(two_vendors, "export", str(out), "--since", "yesterday")
    assert bad.exit_code == 2 and "not a date" in bad.stderr


def test_penalties_and_filters_on_the_oracle() -> None:
    """The same rules in the library, on the brute-force matcher: the smallest origin penalty of a unit's
    files, the largest age rule that applies, a filter that drops units."""
    from tm.match.penalties import Penalties, Policy, parse_penalties  # here: the other tests run on any tm
    from tm.store.filters import UnitFilter, UnitInfo, make_filter

    penalties = parse_penalties(["status=4", "origin:old*=10", "origin:older*=20", "age:1y=2", "age:10y=5"])
    assert penalties == Penalties(
        4.0, (("old*", 10.0), ("older*", 20.0)), ((365, 2.0, "1y"), (3650, 5.0, "10y"))
    )
    info = UnitInfo("2010-01-01T00:00:00Z", "older.tmx", ("older.tmx", "old.tmx"), "fuzzy")
    entries = [
        (1, "同一句。", "Same.", (), info),
        (2, "同一句。", "Also.", (), UnitInfo(origin="new.tmx", origins=("new.tmx",))),
    ]
    oracle = OracleMatcher(entries, policy=Policy(penalties))
    best, other = oracle.lookup("同一句。")
    assert (best.unit_id, best.score) == (2, 100.0)
    # older.tmx would cost 20 (its largest rule), old.tmx 10: the unit costs the smaller
    assert (other.score, dict(other.penalties)) == (
        100 - 4 - 10 - 5,
        {"status": 4.0, "origin": 10.0, "age": 5.0},
    )
    only_new = OracleMatcher(entries, policy=Policy(penalties, UnitFilter(origins=("new*",))))
    assert [m.unit_id for m in only_new.lookup("同一句。")] == [2]
    assert make_filter(statuses=["unconfirmed"]).statuses == ("fuzzy",)


def test_indexed_lookup_applies_the_same_policy(two_vendors: Path) -> None:
    from tm.match.penalties import Policy, parse_penalties
    from tm.store.filters import make_filter

    policy = Policy(parse_penalties(["origin:old*=10"]), make_filter(since="2010-01-01"))
    with open_store(two_vendors) as store:
        indexed = Matcher(store, "zh", "en", min_score=50, policy=policy)
        oracle = OracleMatcher.from_store(store, "zh", "en", policy=policy)
        for text in ("旧的句子。", "共有的句子。", "新的句子。"):
            got = [(m.unit_id, m.score, m.penalties) for m in indexed.lookup(text)]
            assert got == [(m.unit_id, m.score, m.penalties) for m in oracle.lookup(text, min_score=50)]

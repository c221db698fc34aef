"""A suggestion never keeps the TM's old number unflagged (review M4).

Before: the score read numbers with tm/text/placeables.py (``2.0.1`` and English ``2,5`` were numbers
there), carrying read them with tm/text/numbers.py (neither was), so ``Install version 2.0.2`` got the
TM's ``2.0.1`` at 99 with ``not_carried=[]``; and a reason that adapt did give was dropped on the way to a
draft (no Check entry, no XLIFF note, no PO comment, no TMX prop, nothing in --json). Now the score's
changes are the ones :func:`tm.text.adapt.differences` reads, every change the score counts is carried or
named in ``not_carried`` (:func:`tm.match.results.reported`), and each draft says what was not carried.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import polib
import pytest
from helpers import pairs_tmx, run, run_json
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree
from xliff_schemas import schema, valid

from tm.formats.documents.xliff import NS12, NS20
from tm.match import OracleMatcher
from tm.match.results import make_match, reported
from tm.match.score import Scored, analyse, finish, score
from tm.model import Variant
from tm.text.adapt import Adapted


def test_a_version_number_is_carried(tmp_path: Path) -> None:
    """The review's reproduction: 99 with the TM's 2.0.1 and not_carried=[] before."""
    db = tmp_path / "tm.db"
    run(
        db,
        "import",
        str(
            pairs_tmx(
                tmp_path / "v.tmx",
                "en",
                "ru",
                [
                    ("Install version 2.0.1 of the app.", "Установите версию 2.0.1 приложения."),
                ],
            )
        ),
    )
    (m,) = run_json(db, "lookup", "Install version 2.0.2 of the app.", "--src", "en", "--tgt", "ru")[
        "matches"
    ]
    assert (m["score"], m["target"], m["not_carried"]) == (99.0, "Установите версию 2.0.2 приложения.", [])


def test_a_version_that_cannot_be_carried_is_flagged() -> None:
    oracle = OracleMatcher(
        [
            (
                1,
                Variant("en", "Install version 2.0.1 of the app."),
                Variant("ru", "Установите новую версию приложения."),
            )
        ]
    )
    (m,) = oracle.lookup("Install version 2.0.2 of the app.", min_score=50)
    assert m.target == m.tm_target and m.score == 98.0
    assert m.not_carried[0].startswith("2.0.1 -> 2.0.2")


def test_a_month_carried_or_flagged() -> None:
    """展会于6月举行。 was filled as "The fair is held in May." at 98 with no flag before."""
    oracle = OracleMatcher(
        [
            (1, Variant("zh-CN", "展会于5月举行。"), Variant("en", "The fair is held in May.")),
            (2, Variant("zh-CN", "论坛于5月举行。"), Variant("en", "The forum is held in late spring.")),
        ]
    )
    carried, flagged = oracle.lookup("展会于6月举行。", min_score=50)
    assert (carried.unit_id, carried.score, carried.target) == (1, 99.0, "The fair is held in June.")
    assert flagged.unit_id == 2 and flagged.target == "The forum is held in late spring."
    assert flagged.not_carried and flagged.not_carried[0].startswith("5月 -> 6月")


def test_chinese_numerals_count_as_a_changed_number() -> None:
    """Before: 两千 against 三千 cost one character but no placeable point, and 9万 against 90,000 (the
    same number) cost one."""
    assert dict(score("两千名观众到场", "三千名观众到场", "zh").penalties) == {"placeable": 1.0}
    assert "placeable" not in dict(score("超过9万部", "超过90,000部", "zh").penalties)


def test_a_change_the_target_lacks_is_reported() -> None:
    """The safety net of make_match: a change the score counted that adapt neither made nor named (as
    when two readings disagree) becomes a reason, and then nothing is carried."""
    target = Variant("en", "It holds 80,000 titles.")
    scored = Scored(98.0, 100.0, (("placeable", 2.0),), (("8万", "9万"), ("X1", "X2")))
    made = Adapted("It holds 90,000 titles.", None, (), (), (("8万", "9万"),))
    out = reported(scored, made, target)
    assert out.text == target.text and out.changes == ()
    assert out.not_carried == (
        "X1 -> X2: not carried into the target",
        "8万 -> 9万: not carried, since another number could not be",
    )
    assert reported(scored, Adapted("t", None, (), ("X1 -> X2: why",), (("8万", "9万"),)), target).not_carried
    whole = Adapted("It holds 90,000 titles.", None, (), (), (("8万", "9万"), ("X1", "X2")))
    assert reported(scored, whole, target) is whole


NUMBERS = {
    "zh": [
        "5月",
        "6月",
        "两千",
        "三千",
        "9万",
        "8万",
        "2.0.1",
        "2.0.2",
        "5%",
        "-5%",
        "2025年",
        "第3",
        "一成",
    ],
    "en": ["May", "in June", "2.0.1", "2,5", "2,6", "5%", "-5%", "90,000", "12 thousand", "11th", "2025"],
}
WORDS = {"zh": list("展会举行城市报告"), "en": ["the", "fair", "is", "held", "in", "report", "city"]}


@st.composite
def cases(draw):
    lang = draw(st.sampled_from(["zh", "en"]))
    token = st.one_of(st.sampled_from(WORDS[lang]), st.sampled_from(NUMBERS[lang]))
    source = draw(st.lists(token, min_size=1, max_size=8))
    query = [
        draw(st.sampled_from(NUMBERS[lang])) if t in NUMBERS[lang] and draw(st.booleans()) else t
        for t in source
    ]
    target = draw(
        st.lists(st.one_of(st.sampled_from(WORDS["en"]), st.sampled_from(NUMBERS["en"])), max_size=8)
    )
    join = "" if lang == "zh" else " "
    return lang, join.join(query), join.join(source), " ".join(target)


@settings(max_examples=300, deadline=None)
@given(cases())
def test_every_change_the_score_counts_is_carried_or_named(case) -> None:
    lang, query, source, target = case
    q = analyse(query)
    scored = finish(q, analyse(source), lang)
    m = make_match(
        q,
        1,
        Variant(lang, source),
        Variant("en", target),
        prev=None,
        nxt=None,
        contexts=lambda: (),
        info=lambda: (None, None),
        scored=scored,
    )
    named = {reason.partition(": ")[0] for reason in m.not_carried}
    if m.not_carried:
        assert m.target == target and m.changes == ()
        assert all(f"{old} -> {new}" in named for old, new in scored.changes), (scored.changes, m.not_carried)
    else:
        assert len(m.changes) >= len(scored.changes)
    assert m.score <= scored.score


# --- the drafts ------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def db(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("not-carried")
    path = folder / "tm.db"
    pairs = [
        ("展会于5月举行。", "The fair is held in late spring."),
        ("门票已售罄。", "Tickets are sold out."),
    ]
    assert run(path, "import", str(pairs_tmx(folder / "m.tmx", "zh-CN", "en", pairs))).exit_code == 0
    return path


@pytest.fixture()
def doc(tmp_path: Path) -> Path:
    path = tmp_path / "d.zh.txt"
    path.write_text("展会于6月举行。\n\n门票已售罄。\n", encoding="utf-8")
    return path


def pretranslate(db: Path, doc: Path, out: Path, *more: str):
    return run(db, "pretranslate", str(doc), "--src", "zh", "--tgt", "en", "-o", str(out), *more)


def test_the_check_column_and_json_say_what_was_not_carried(tmp_path: Path, db: Path, doc: Path) -> None:
    table = pretranslate(db, doc, tmp_path / "d.xlf").stdout
    (row,) = [line for line in table.splitlines() if line.startswith("1 ")]
    assert "98" in row and "numbers NOT carried: 5月 -> 6月" in row
    data = run_json(
        db, "pretranslate", str(doc), "--src", "zh", "--tgt", "en", "-o", str(tmp_path / "d2.xlf")
    )
    (fill,) = [f for f in data["fills"] if f["segment"] == "1"]
    assert fill["not_carried"] and fill["not_carried"][0].startswith("5月 -> 6月")
    assert [f["not_carried"] for f in data["fills"] if f["segment"] == "2"] == [[]]


def test_xliff_12_note(tmp_path: Path, db: Path, doc: Path, shared: Path) -> None:
    out = tmp_path / "d.xlf"
    pretranslate(db, doc, out)
    valid(schema(shared, "xliff-core-1.2-strict.xsd"), out)
    first, second = etree.parse(str(out)).getroot().iter(f"{{{NS12}}}trans-unit")
    (note,) = first.findall(f"{{{NS12}}}note")
    assert note.get("from") == "tm" and "NOT carried" in note.text and "5月 -> 6月" in note.text
    assert first.findtext(f"{{{NS12}}}target") == "The fair is held in late spring."
    assert second.findall(f"{{{NS12}}}note") == []


XLIFF2 = """<?xml version="1.0" encoding="UTF-8"?>
<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" version="2.0" srcLang="zh" trgLang="en">
  <file id="f"><unit id="u1"><segment><source>展会于6月举行。</source></segment></unit></file>
</xliff>
"""


def test_xliff_20_note(tmp_path: Path, db: Path, shared: Path) -> None:
    doc = tmp_path / "d.xlf"
    doc.write_text(XLIFF2, encoding="utf-8")
    out = tmp_path / "out.xlf"
    assert pretranslate(db, doc, out).exit_code == 0
    valid(schema(shared, "xliff-core-2.0.xsd"), out)
    (note,) = etree.parse(str(out)).getroot().iter(f"{{{NS20}}}note")
    assert note.get("category") == "tm" and "5月 -> 6月" in note.text


def test_po_comment(tmp_path: Path, db: Path, doc: Path) -> None:
    out = tmp_path / "d.po"
    pretranslate(db, doc, out)
    if shutil.which("msgfmt"):
        subprocess.run(["msgfmt", "--check", "-o", "/dev/null", str(out)], check=True)
    entry = next(e for e in polib.pofile(str(out)) if e.msgid == "展会于6月举行。")
    (line,) = [x for x in entry.tcomment.splitlines() if x.startswith("tm-not-carried:")]
    assert "5月 -> 6月" in line and entry.fuzzy
    # a second pre-translation of the draft replaces tm's lines, never doubles them
    again = tmp_path / "again.po"
    run(db, "pretranslate", str(out), "--src", "zh", "--tgt", "en", "-o", str(again))
    entry = next(e for e in polib.pofile(str(again)) if e.msgid == "展会于6月举行。")
    assert sum(x.startswith("tm-not-carried:") for x in entry.tcomment.splitlines()) == 1


def test_tmx_prop(tmp_path: Path, db: Path, doc: Path) -> None:
    out = tmp_path / "d.tmx"
    pretranslate(db, doc, out)
    tu = next(tu for tu in etree.parse(str(out)).getroot().iter("tu") if "6月" in "".join(tu.itertext()))
    props = {p.get("type"): p.text for p in tu.findall("prop")}
    assert props["x-tm-not-carried"].startswith("5月 -> 6月")

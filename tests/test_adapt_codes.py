"""An inline code reads as a separator where numbers are compared: ``Q1<tab>2025`` holds the year 2025
(not the word ``Q12025``), ``2024<ph/>2025`` two numbers. A number right after a code is compared with
the TM's, lowers the score when it differs, and is carried into the target (plain and coded) at its own
characters, or named in ``not_carried``; never filled as an exact match with the TM's old number."""

from __future__ import annotations

from pathlib import Path

from helpers import pairs_tmx, run, run_json
from lxml import etree

from tm.match.results import adapted_target
from tm.match.score import score
from tm.model import Variant
from tm.text.adapt import adapt, differences

XLF = "{urn:oasis:names:tc:xliff:document:1.2}"
TAB = "&lt;w:tab/&gt;"


def _xliff(path: Path, sources: list[str]) -> Path:
    units = "".join(
        f'<trans-unit id="{k}"><source>{s}</source></trans-unit>' for k, s in enumerate(sources, 1)
    )
    path.write_text(
        '<?xml version="1.0" encoding="UTF-8"?><xliff version="1.2" '
        'xmlns="urn:oasis:names:tc:xliff:document:1.2"><file original="a.txt" source-language="en" '
        f'target-language="de" datatype="plaintext"><body>{units}</body></file></xliff>',
        encoding="utf-8",
    )
    return path


def _tm(tmp_path: Path, pairs: list[tuple[str, str]]) -> Path:
    db = tmp_path / "tm.db"
    result = run(db, "import", str(pairs_tmx(tmp_path / "tm.tmx", "en", "de", pairs)))
    assert result.exit_code == 0, result.stderr
    return db


def _target_text(target: etree._Element) -> str:
    """The target as text, each inline code as ``<ph/>``."""
    out = [target.text or ""]
    for child in target:
        out += ["<ph/>", child.tail or ""]
    return "".join(out)


def test_pretranslate_carries_a_number_right_after_a_code(tmp_path):
    """The reviewer's case: ``Q1<tab>2025`` against the TM's ``Q1<tab>2024`` was filled as an exact match
    with 2024. Now the score is below 100 and 2025 is carried, after the code."""
    db = _tm(
        tmp_path,
        [
            (f'Q1<ph x="1">{TAB}</ph>2024 results', f'Q1<ph x="1">{TAB}</ph>2024 Ergebnisse'),
            (
                f'Revenue<ph x="1">{TAB}</ph>2024: 300 million',
                f'Umsatz<ph x="1">{TAB}</ph>2024: 300 Millionen',
            ),
        ],
    )
    xlf = _xliff(
        tmp_path / "q1.xlf",
        [f'Q1<ph id="1">{TAB}</ph>2025 results', f'Revenue<ph id="1">{TAB}</ph>2025: 300 million'],
    )
    out = tmp_path / "out.xlf"
    result = run(db, "pretranslate", str(xlf), "--src", "en", "--tgt", "de", "-o", str(out))
    assert result.exit_code == 0, result.stderr
    units = etree.parse(str(out)).getroot().iter(f"{XLF}trans-unit")
    got = []
    for unit in units:
        target = unit.find(f"{XLF}target")
        assert target.get("state-qualifier") != "exact-match"
        (alt,) = unit.findall(f"{XLF}alt-trans")
        assert float(alt.get("match-quality")) < 100
        got.append(_target_text(target))
    assert got == ["Q1<ph/>2025 Ergebnisse", "Umsatz<ph/>2025: 300 Millionen"]


def test_lookup_compares_a_number_between_a_code_and_letters(tmp_path):
    """A TMX ``<ph>`` between letters and digits (a code that shows nothing: ``Q1<span/>2024``); the
    query's ``Q1 2025`` is compared number for number, and the year carried into the target."""
    db = _tm(
        tmp_path,
        [('Q1<ph x="1">&lt;span/&gt;</ph>2024 results', 'Q1<ph x="1">&lt;span/&gt;</ph>2024 Ergebnisse')],
    )
    (match,) = run_json(db, "lookup", "Q1 2025 results", "--src", "en", "--tgt", "de")["matches"]
    assert match["score"] < 100
    assert "placeable" in match["penalties"]
    assert match["adapted"] is True and match["not_carried"] == []
    assert [(c["old"], c["new"]) for c in match["changes"]] == [("2024", "2025")]
    assert match["target"] == "Q12025 Ergebnisse"  # the code shows nothing in the plain text
    assert match["target_with_codes"] == "Q1<span/>2025 Ergebnisse"


def _variant(lang: str, coded: str, text: str) -> Variant:
    return Variant(lang, text, coded)


def test_a_code_between_two_numbers_separates_them():
    """``2024<ph/>2025`` is two numbers, not ``20242025``: the second changes, the first stays, and the
    code stays between them in the coded target."""
    found = differences("Years 2024\ue0002026 compared", "Years 2024\ue0002025 compared", "en")
    assert found.changes == (("2025", "2026"),) and found.problems == ()
    source = _variant("en", "Years 2024\ue0002025 compared", "Years 20242025 compared")
    target = _variant("de", "Jahre 2024\ue0002025 im Vergleich", "Jahre 20242025 im Vergleich")
    adapted = adapted_target("Years 2024\ue0002026 compared", source, target)
    assert adapted.not_carried == ()
    assert adapted.coded == "Jahre 2024\ue0002026 im Vergleich"
    assert adapted.text == "Jahre 20242026 im Vergleich"
    (change,) = adapted.changes
    assert (change.old, change.new) == ("2025", "2026")
    assert target.text[change.start : change.end] == "2025"


def test_a_code_between_two_numbers_when_the_target_splits_them_otherwise():
    """The target's code stands elsewhere (a space between the years, the code before them): the
    numbers are still compared one by one, and carried into the coded target at their own place."""
    adapted = adapt(
        "Years 2024\ue0002026 compared",
        "Years 2024\ue0002025 compared",
        "Jahre 2024 2025 im Vergleich",
        "en",
        "de",
        target_coded="Jahre\ue000 2024 2025 im Vergleich",
    )
    assert adapted.not_carried == ()
    assert adapted.text == "Jahre 2024 2026 im Vergleich"
    assert adapted.coded == "Jahre\ue000 2024 2026 im Vergleich"


def test_the_score_sees_a_number_after_a_code():
    found = differences("Q1\ue0002025 results", "Q1\ue0002024 results", "en")
    assert found.changes == (("2024", "2025"),)


def test_a_number_after_a_code_that_cannot_be_carried_is_reported():
    """Where the target's counterpart is not certain, the old number stays and the reason says so; the
    score counts the number that changed and the one not carried."""
    source = _variant("en", "Q1\ue0002024 results", "Q12024 results")
    target = _variant("de", "Ergebnisse Q1\ue0002024, Stand 2024", "Ergebnisse Q12024, Stand 2024")
    adapted = adapted_target("Q1\ue0002025 results", source, target)
    assert adapted.changes == ()
    assert adapted.text == target.text and adapted.coded == target.coded
    (reason,) = adapted.not_carried
    assert reason.startswith("2024 -> 2025: ")
    scored = score("Q1\ue0002025 results", "Q1\ue0002024 results", "en")
    assert scored.score < 100 and scored.changes == (("2024", "2025"),)

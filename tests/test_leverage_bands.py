"""Bands, Trados repetitions, word counts and weights, on scores given directly."""

from __future__ import annotations

import pytest

from tm.bands import BANDS, DEFAULT_WEIGHTS, band_for, parse_weights
from tm.errors import UsageError
from tm.leverage.analysis import classify, signature, tally


@pytest.mark.parametrize(
    ("score", "band"),
    [
        (101, "context"),
        (100, "100"),
        (99, "95-99"),
        (95, "95-99"),
        (94, "85-94"),
        (85, "85-94"),
        (84, "75-84"),
        (75, "75-84"),
        (74, "50-74"),
        (50, "50-74"),
        (49, "no-match"),
        (None, "no-match"),
    ],
)
def test_band_edges(score, band) -> None:
    assert band_for(score) == band


def test_trados_repetitions_across_files() -> None:
    items = [
        (0, 0, "New sentence.", None),  # first: no match
        (0, 1, "Fuzzy one.", 90),  # first: 85-94
        (0, 2, "Exact one.", 100),
        (0, 3, "New  sentence.", None),  # again (whitespace differs): repetition
        (0, 4, "Exact one.", 100),  # exact matches never become repetitions
        (1, 0, "Fuzzy one.", 90),  # repetition across files
        (1, 1, "Exact one.", 101),  # context
        (1, 2, "Other.", 60),
    ]
    got = classify(items)
    assert [c.band for c in got] == [
        "no-match",
        "85-94",
        "100",
        "repetition",
        "100",
        "repetition",
        "context",
        "50-74",
    ]
    assert got[3].first == (0, 0) and got[5].first == (0, 1)


def test_tally_words_characters_weights() -> None:
    items = [
        (0, 0, "城市人口增长了3.5%。", None),
        (0, 1, "城市人口增长了3.5%。", None),
        (1, 0, "The city grew.", 100),
    ]
    files = tally(classify(items), ["a.txt", "b.txt"], DEFAULT_WEIGHTS)
    a, b, total = files
    assert (a.bands["no-match"].segments, a.bands["no-match"].words, a.bands["no-match"].characters) == (
        1,
        8,
        12,
    )
    assert (a.bands["repetition"].words, a.bands["repetition"].weighted) == (8, 8 * 20 / 100)
    assert b.bands["100"].words == 3 and b.bands["100"].weighted == pytest.approx(0.9)
    assert total.path == "total" and list(total.bands) == list(BANDS)
    assert total.total.segments == 3 and total.total.words == 19
    assert total.total.weighted == pytest.approx(8 + 1.6 + 0.9)


def test_weights() -> None:
    w = parse_weights("no-match=90, repetition=0")
    assert w["no-match"] == 90 and w["repetition"] == 0 and w["100"] == DEFAULT_WEIGHTS["100"]
    assert parse_weights({"context": 5})["context"] == 5
    for bad in ("nomatch=1", "no-match", "no-match=x", "no-match=-1"):
        with pytest.raises(UsageError):
            parse_weights(bad)


def test_signature_changes_with_every_setting() -> None:
    base = signature(DEFAULT_WEIGHTS, "s1", "seg1")
    assert base.startswith("tm-analysis.1+") and "rep:trados" in base and "weights:context=10" in base
    assert signature(parse_weights("no-match=90"), "s1", "seg1") != base
    assert signature(DEFAULT_WEIGHTS, "s2", "seg1") != base
    assert signature(DEFAULT_WEIGHTS, "s1", "seg2") != base

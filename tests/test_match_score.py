"""The score, tokens, normalisation and placeables, on examples worked out by hand."""

from __future__ import annotations

import pytest

from tm.match import OracleMatcher, score
from tm.match.diff import differences
from tm.store.protocol import EDGE
from tm.text.adapt import adapt
from tm.text.normalize import fold, normalize
from tm.text.placeables import find
from tm.text.tokenize import keys, tokenize


def kinds(text: str) -> list[tuple[str, str]]:
    return [(t.kind, t.text) for t in tokenize(text)]


def test_tokens_per_script() -> None:
    assert kinds("用Python 3编程。") == [
        ("cjk", "用"),
        ("word", "Python"),
        ("num", "3"),
        ("cjk", "编"),
        ("cjk", "程"),
        ("punct", "。"),
    ]
    assert [t.text for t in tokenize("Don't panic, Москва!")] == ["Don't", "panic", ",", "Москва", "!"]
    assert [t.kind for t in tokenize("한국 カナ")] == ["cjk"] * 4
    assert kinds("A4 x86 42K") == [("word", "A4"), ("word", "x86"), ("word", "42K")]


def test_keys_are_nfkc_and_case_folded() -> None:
    assert keys("ＡＢＣ Straße") == keys("abc STRASSE") == ("abc", "strasse")
    assert keys("２０２５年") == ("\x01num", "年")
    # the fast key path agrees with the tokens' own keys
    for text in ("Ｈｅｌｌｏ, Wörld!", "ﬁne ①丽", "mail a@b.org at www.x.org/y on 2025-04-10"):
        assert keys(text) == tuple(t.key for t in tokenize(text) if t.kind not in ("punct", "code"))


def test_normalize() -> None:
    assert normalize(" ２０２５年\u3000Ｑ１\n results ") == "2025年 Q1 results"
    assert fold("МОСКВА Straße") == "москва strasse"


def test_placeables_found() -> None:
    found = [
        (p.kind, p.text)
        for p in find("On 2025-04-10, 3.5% of https://example.org/a and a.b@x.org; 1,000 ２０２４年")
    ]
    assert found == [
        ("date", "2025-04-10"),
        ("num", "3.5%"),
        ("url", "https://example.org/a"),
        ("email", "a.b@x.org"),
        ("num", "1,000"),
        ("num", "２０２４"),
    ]
    assert [p.kind for p in find("2025年4月10日 10 апреля 2025 April 10, 2025")] == ["date"] * 3


@pytest.mark.parametrize(
    ("a", "b", "expected", "penalties"),
    [
        ("Save", "Save", 100.0, ()),
        # case and punctuation only: 100 - 1 - 1
        ("Save", "save.", 98.0, (("case", 1.0), ("punctuation", 1.0))),
        # one word of six substituted: 100 * (1 - 1/6)
        ("The cat sat on the mat.", "The dog sat on the mat.", 83.3, ()),
        # one Han character of 19 changed (punctuation is not counted): 100 * (1 - 1/19)
        (
            "今天北京的天气非常晴朗，我们去公园散步吧。",
            "今天北京的天气非常晴朗，我们去公园跑步吧。",
            94.7,
            (),
        ),
        # a number differs: the same sentence with one placeable penalty
        ("2024年全球城市报告", "2025年全球城市报告", 99.0, (("placeable", 1.0),)),
        # full-width digits equal ASCII ones, whitespace is folded
        ("２０２５年 报告", "2025年报告", 100.0, ()),
        # an inline code more or less
        ("Click \ue000here", "Click here", 99.0, (("codes", 1.0),)),
        # nothing in common
        ("a b c", "x y", 0.0, ()),
    ],
)
def test_score_examples(a: str, b: str, expected: float, penalties: tuple) -> None:
    s = score(a, b)
    assert s.score == expected
    assert s.penalties == penalties
    assert score(b, a).score == expected  # symmetric


def test_mixed_script_edit_counts_one_token() -> None:
    # 7 tokens: 使 用 Python 3 编 程 序 -> "Java" replaces "Python": 1 - 1/7
    assert score("使用Python 3编程序", "使用Java 3编程序").score == round(100 * (1 - 1 / 7), 1)


def test_changed_number_goes_into_the_target() -> None:
    oracle = OracleMatcher([(1, "2024年全球城市报告发布", "The 2024 Global Cities Report is out")])
    [m] = oracle.lookup("２０２５年全球城市报告发布", min_score=90)
    assert m.score == 99.0 and m.target == "The 2025 Global Cities Report is out"


def test_substitute_leaves_ambiguous_values() -> None:
    assert adapt("In 2025", "In 2024", "In 2024 and 2024", "en", "en").text == "In 2024 and 2024"
    assert adapt("In 2025", "In 2024", "В 2024 году", "en", "ru").text == "В 2025 году"
    # a Russian target keeps its own separator (this test once expected "2,500 рублей")
    assert (
        adapt("2,500 roubles", "1,000 roubles", "1\u00a0000 рублей", "en", "ru").text == "2\u00a0500 рублей"
    )


def test_context_match_from_the_previous_segment() -> None:
    """Trados' rule (issue 10): the previous segment decides a 101; the match says which neighbours
    matched. On main before, one neighbour never gave 101."""
    entries = [(1, "Middle.", "M", [("Before.", "After.")]), (2, "Start.", "S", [(EDGE, "Middle.")])]
    oracle = OracleMatcher(entries)
    both = oracle.lookup("Middle.", prev="Before.", next="After.")[0]
    assert (both.score, both.context) == (101.0, "prev+next")
    prev = oracle.lookup("Middle.", prev="Before.", next="Other.")[0]
    assert (prev.score, prev.context) == (101.0, "prev")
    # the next segment alone is not a context match, nor is no neighbour at all
    assert (oracle.lookup("Middle.", prev="Other.", next="After.")[0].score) == 100.0
    assert oracle.lookup("Middle.")[0].context is None
    # the start of the document matches the start of a file (EDGE)
    start = oracle.lookup("Start.", prev=None, next="Something else.")[0]
    assert (start.score, start.context) == (101.0, "prev")


def test_context_neighbours_compare_as_plain_text() -> None:
    """A neighbour passed with inline-code placeholders matches the same text stored without them (the
    TM keeps neighbours as plain text)."""
    oracle = OracleMatcher([(1, "Middle.", "M", [("Click here first.", "After.")])])
    coded = "Click \ue000here\ue001 first."
    found = oracle.lookup("Middle.", prev=coded, next="After.\ue002")[0]
    assert (found.score, found.context) == (101.0, "prev+next")


def test_a_neighbour_that_was_not_imported_matches_nothing() -> None:
    """None stands for a neighbour the TM did not import (an untranslated entry): never a document's
    edge, so a first segment is not a context match against it; nor is a neighbour without text (a
    segment of inline codes alone) a file's edge."""
    oracle = OracleMatcher([(1, "Middle.", "M", [(None, "After.")]), (2, "Other.", "O", [(EDGE, "After.")])])
    assert oracle.lookup("Middle.", prev=None, next="After.")[0].score == 100.0
    assert oracle.lookup("Other.", prev="\ue000", next="After.")[0].score == 100.0
    assert oracle.lookup("Other.", prev=None, next="After.")[0].score == 101.0


def test_ties_newest_first_and_limit() -> None:
    oracle = OracleMatcher([(1, "a b", "x"), (2, "a b", "y"), (3, "a c", "z")])
    assert [m.unit_id for m in oracle.lookup("a b", min_score=50, limit=2)] == [2, 1]


def test_differences_mark_what_the_query_lacks() -> None:
    assert differences("The cat sat.", "The dog sat!") == [
        ("The ", False),
        ("dog", True),
        (" sat", False),
        ("!", True),
    ]
    assert "".join(t for t, _ in differences("2025年报告", "2024年的报告")) == "2024年的报告"

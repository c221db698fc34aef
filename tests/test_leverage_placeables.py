"""Numbers of the new sentence put into a fuzzy match's target."""

from __future__ import annotations

import pytest

from tm.leverage.placeables import numbers, substitute_numbers


@pytest.mark.parametrize(
    ("new", "tm_source", "tm_target", "expected"),
    [
        ("超过600部作品", "超过500部作品", "over 500 titles", "over 600 titles"),
        ("增长3.5%", "增长2.5%", "grew 2.5%", "grew 3.5%"),
        ("２０２６年", "2025年", "in 2025", "in 2026"),  # full-width equals ASCII; the target keeps ASCII
        ("4月11日，第4天", "4月10日，第3天", "On 10th April, the third day", "On 11th April, the third day"),
        ("第1和第2", "第1和第3", "1 and 3", "1 and 2"),
        ("a 1 2", "a 1", "x 1", "x 1"),  # a different count of numbers: nothing replaced
        ("a 7", "a 5", "5 and 5", "5 and 5"),  # the old number twice in the target: ambiguous, left
        ("same 5", "same 5", "gleich 5", "gleich 5"),
        ("无数字", "无数字", "no numbers", "no numbers"),
    ],
)
def test_substitute_numbers(new: str, tm_source: str, tm_target: str, expected: str) -> None:
    assert substitute_numbers(new, tm_source, tm_target) == expected


def test_numbers() -> None:
    assert numbers("1,234.5 and ３．５ and 2025年") == ["1,234.5", "３．５", "2025"]

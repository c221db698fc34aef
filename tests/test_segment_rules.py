"""Sentence segmentation in Chinese, English and Russian: quotes, decimals, abbreviations, headlines."""

from __future__ import annotations

import json

import pytest

from tm.errors import FormatError
from tm.text import segment
from tm.text.count import characters, words
from tm.text.segment import Segmenter, load_rules, split

ZH = [
    ("今天天气很好。我们去公园吧！你去吗？", ["今天天气很好。", "我们去公园吧！", "你去吗？"]),
    # closing quotes and brackets stay with their sentence
    ("他说：“我们完成了任务。”随后离开。", ["他说：“我们完成了任务。”", "随后离开。"]),
    ("（以上数据为初步统计。）全年增长2.5%。", ["（以上数据为初步统计。）", "全年增长2.5%。"]),
    ("「好！」『是？』完", ["「好！」", "『是？』", "完"]),
    # a comma is not a sentence end; decimals do not split
    ("增长了3.5%，达到1.2万亿元。", ["增长了3.5%，达到1.2万亿元。"]),
    # semicolon ends a sentence only in an enumerated list
    ("一是加强合作；二是扩大开放；三是深化改革。", ["一是加强合作；二是扩大开放；三是深化改革。"]),
    ("主要措施：（1）加强合作；（2）扩大开放。", ["主要措施：（1）加强合作；", "（2）扩大开放。"]),
    ("目标如下：1. 增长；2. 开放。", ["目标如下：1. 增长；", "2. 开放。"]),
    # an ellipsis ends a sentence when a closing quote follows it, not in the middle of one
    ("他说“等等……”我们走了。", ["他说“等等……”", "我们走了。"]),
    ("城市、乡村……都在变化。", ["城市、乡村……都在变化。"]),
    # repeated end marks stay together; a headline without one is one segment
    ("真的吗？！是的。", ["真的吗？！", "是的。"]),
    ("2025年世界城市报告", ["2025年世界城市报告"]),
    # Latin abbreviations inside Chinese text
    (
        "美国（U.S. Census）数据显示增长。Mr. Smith表示同意。",
        ["美国（U.S. Census）数据显示增长。", "Mr. Smith表示同意。"],
    ),
]

EN = [
    (
        "The report was published. It covers 120 cities.",
        ["The report was published.", "It covers 120 cities."],
    ),
    ("Growth was 3.5 percent. Prices rose 0.2%.", ["Growth was 3.5 percent.", "Prices rose 0.2%."]),
    (
        "Mr. Smith met Dr. Jones and Mrs. Lee. They agreed.",
        ["Mr. Smith met Dr. Jones and Mrs. Lee.", "They agreed."],
    ),
    ("See No. 5 for details. It is short.", ["See No. 5 for details.", "It is short."]),
    (
        "The U.S. Census Bureau agreed. So did the U.K. government.",
        ["The U.S. Census Bureau agreed.", "So did the U.K. government."],
    ),
    (
        "Large cities, e.g. Shanghai, grew. Small ones, i.e. towns, did not.",
        ["Large cities, e.g. Shanghai, grew.", "Small ones, i.e. towns, did not."],
    ),
    (
        "J. K. Rowling wrote it. George W. Bush read it.",
        ["J. K. Rowling wrote it.", "George W. Bush read it."],
    ),
    ('"We are ready." The minister smiled.', ['"We are ready."', "The minister smiled."]),
    ("“Are we ready?” he asked. “Yes!” She left.", ["“Are we ready?” he asked.", "“Yes!”", "She left."]),
    ("It ended (finally.) Next came 2026.", ["It ended (finally.)", "Next came 2026."]),
    ("Wait... what? Yes.", ["Wait... what?", "Yes."]),
    ("Visit www.example.com today. Thanks.", ["Visit www.example.com today.", "Thanks."]),
    ("World Cities Report 2025: Key Findings", ["World Cities Report 2025: Key Findings"]),
    ("  Leading and trailing space.  ", ["Leading and trailing space."]),
]

RU = [
    ("Доклад опубликован. Он охватывает 120 городов.", ["Доклад опубликован.", "Он охватывает 120 городов."]),
    ("Рост составил 3,5%. Цены выросли на 0.2%.", ["Рост составил 3,5%.", "Цены выросли на 0.2%."]),
    ("В 2024 г. Москва выросла. В 2025 г. тоже.", ["В 2024 г. Москва выросла.", "В 2025 г. тоже."]),
    (
        "Крупные города, т.е. мегаполисы, растут. Малые нет.",
        ["Крупные города, т.е. мегаполисы, растут.", "Малые нет."],
    ),
    ("Музей им. Пушкина открыт. Вход свободный.", ["Музей им. Пушкина открыт.", "Вход свободный."]),
    ("А. С. Пушкин родился в Москве. Это известно.", ["А. С. Пушкин родился в Москве.", "Это известно."]),
    (
        "«Мы готовы!» — сказал министр. Все согласились.",
        ["«Мы готовы!» — сказал министр.", "Все согласились."],
    ),
    ("Он спросил: «Когда?» Ответа не было.", ["Он спросил: «Когда?»", "Ответа не было."]),
    ("Бюджет — 5 млн. руб. и т.д. Итог ясен.", ["Бюджет — 5 млн. руб. и т.д. Итог ясен."]),
    ("Доклад о городах мира 2025", ["Доклад о городах мира 2025"]),
]


@pytest.mark.parametrize(("text", "expected"), ZH)
def test_chinese(text: str, expected: list[str]) -> None:
    assert split(text, "zh-CN") == expected


@pytest.mark.parametrize(("text", "expected"), EN)
def test_english(text: str, expected: list[str]) -> None:
    assert split(text, "en-US") == expected


@pytest.mark.parametrize(("text", "expected"), RU)
def test_russian(text: str, expected: list[str]) -> None:
    assert split(text, "ru") == expected


def test_spans_cover_the_text_without_loss() -> None:
    text = " One. Two!  “Three?” Four "
    spans = Segmenter("en").spans(text)
    assert [text[a:b] for a, b in spans] == ["One.", "Two!", "“Three?”", "Four"]
    # between the spans there is only whitespace
    gaps = [text[b:a] for (_, b), (a, _) in zip(spans, spans[1:], strict=False)]
    assert all(not g.strip() for g in gaps)


def test_inline_code_placeholders_stay_with_their_sentence() -> None:
    # "<b>Done.</b> Next." with codes as placeholders: the closing code ends the first sentence
    coded = "\ue000Done.\ue001 \ue002Next\ue003 is here."
    assert split(coded, "en") == ["\ue000Done.\ue001", "\ue002Next\ue003 is here."]
    # an opening code (given as such) goes with the sentence after the break; a lone closing one before it
    assert Segmenter("zh").split("完成。\ue000下一步。\ue001", openers="\ue000") == [
        "完成。",
        "\ue000下一步。\ue001",
    ]
    assert split("完成。”", "zh") == ["完成。”"]


def test_languages_fall_back_to_their_rules() -> None:
    assert Segmenter("zh-Hant-TW").key == "zh"
    assert Segmenter("ja").key == "zh"
    assert Segmenter("uk").key == "ru"
    assert Segmenter("de").key == "default"
    assert split("Das ist gut. Wir gehen.", "de") == ["Das ist gut.", "Wir gehen."]


def test_signature_names_the_rules() -> None:
    sig = segment.signature()
    assert sig.startswith("tm-segment.1+") and len(sig.split("+")[1]) == 8


def test_custom_rules_file(tmp_path) -> None:
    rules = {
        "name": "mine",
        "version": "2",
        "languages": {"default": {"rules": [{"break": True, "before": ";", "after": " "}]}},
    }
    path = tmp_path / "rules.json"
    path.write_text(json.dumps(rules), encoding="utf-8")
    loaded = load_rules(path)
    assert loaded.signature.startswith("mine.2+")
    assert Segmenter("en", loaded).split("a; b. C") == ["a;", "b. C"]
    assert loaded.signature != segment.signature()


def test_bad_rules_file(tmp_path) -> None:
    path = tmp_path / "rules.json"
    path.write_text('{"languages": {"en": {"rules": []}}}', encoding="utf-8")
    with pytest.raises(FormatError, match="default"):
        load_rules(path)
    path.write_text('{"languages": {"default": {"rules": [{"break": true, "before": "(", "after": ""}]}}}')
    with pytest.raises(FormatError, match="not a valid pattern"):
        Segmenter("en", load_rules(path))


@pytest.mark.parametrize(
    ("text", "n_words", "n_chars"),
    [
        ("2025年世界城市报告", 8, 11),
        ("城市人口增长了3.5%。", 8, 12),
        ("The U.S. economy grew 3.5% — fast.", 6, 28),
        ("Рост — 3,5%.", 2, 10),
        ("\ue000Bold\ue001 text", 2, 8),
        ("", 0, 0),
        ("。 ！", 0, 2),
        ("ひらがなとカタカナ", 9, 9),
    ],
)
def test_counts(text: str, n_words: int, n_chars: int) -> None:
    assert words(text) == n_words
    assert characters(text) == n_chars

"""Each QA check: what it finds and what it must leave alone (docs/qa.md lists them)."""

from __future__ import annotations

import pytest

from tm.model import Concept, Term
from tm.qa import QaSegment, QaSettings, run_segments
from tm.qa.checks import CHECKS
from tm.qa.numbers import compare
from tm.terms.repo import MemoryTermbase


def findings(source, target, src="zh", tgt="en", codes=((), ()), **settings):
    seg = QaSegment("f.txt", "1", "k", source, target, 1, codes[0], codes[1])
    return run_segments([seg], QaSettings(src, tgt, **settings)).findings


def ids(source, target, src="zh", tgt="en", **settings) -> set[str]:
    return {f.check for f in findings(source, target, src, tgt, **settings)}


def test_every_check_has_an_id_a_severity_and_a_summary():
    assert len({c.id for c in CHECKS}) == len(CHECKS)
    for check in CHECKS:
        assert check.severity in ("error", "warning", "info") and check.summary
    errors = {c.id for c in CHECKS if c.severity == "error"}
    assert {"numbers", "codes", "untranslated", "term-forbidden"} <= errors


# --- numbers ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("source", "target", "tgt"),
    [
        ("超过9万部作品", "more than 90,000 titles", "en"),
        ("超过9万部作品", "более 90\u00a0000 единиц", "ru"),
        ("超过9万部作品", "более 90 000 единиц", "ru"),  # a plain space: one number all the same
        ("1.5亿观众", "150 million viewers", "en"),
        ("1.5亿观众", "150 млн зрителей", "ru"),
        ("4月11日", "On 11th April", "en"),
        ("4月11日", "11 апреля", "ru"),
        ("2025年4月11日", "on 11.04.2025", "ru"),
        ("增长3.5%", "рост на ３,５%", "ru"),
        ("两千部", "2,000 titles", "en"),  # Chinese numerals that are numbers
        ("第11届", "the 11th edition", "en"),
        ("第3季", "Season 3", "en"),
        ("中俄两国", "both countries", "en"),  # Han numerals that are words
        ("第三天", "the third day", "en"),  # an ordinal in Chinese numerals, in words in English
        ("连续第二年", "второй год подряд", "ru"),
        ("9月15日至21日", "From 15th to 21st September", "en"),  # one range written two ways
        ("we may see it", "也许会看到", "zh"),  # "may" is a month only capitalised, next to a day
        ("November", "十一月", "zh"),  # a month in Chinese numerals is a word, as "November" is
        ("hijacked by third parties", "被第三方劫持", "zh"),  # an ordinal in words, the other way
    ],
)
def test_the_same_numbers_across_scripts(source, target, tgt):
    src = "en" if tgt == "zh" else "zh"
    assert compare(source, target, src, tgt) == ([], [])


@pytest.mark.parametrize(
    ("source", "target", "missing", "added"),
    [
        ("两千部", "200 titles", ["两千"], ["200"]),
        ("9月15日至21日", "From 15th to 22nd September", ["9月15日", "21"], ["15th", "22nd September"]),
        ("第三天", "Day 4", [], ["4"]),  # the ordinal in words is not asked for, a different one is seen
        ("4月11日", "12 апреля", ["4月11日"], ["12 апреля"]),
    ],
)
def test_numbers_that_differ(source, target, missing, added):
    got = compare(source, target, "zh", "ru" if "апреля" in target else "en")
    assert ([n.text for n in got[0]], [n.text for n in got[1]]) == (missing, added)


def test_numbers_missing_changed_and_added():
    assert ids("超过9万部作品", "more than 90,000 titles") == set()
    found = findings("超过9万部作品", "more than 80,000 titles")
    assert [f.check for f in found] == ["numbers"] and found[0].severity == "error"
    assert "9万" in found[0].message and "80,000" in found[0].message
    assert found[0].source_spans == ((2, 4),) and found[0].target_spans == ((10, 16),)
    assert "numbers" in ids("4月11日开幕。", "It opens on 12 April.")
    assert "numbers" in ids("开幕。", "It opens on 12 April.")  # added
    assert "numbers" not in ids("中俄两国高度互补。", "Both countries are highly complementary.")
    assert "numbers" not in ids("4月10日，", "10 апреля,", tgt="ru")


# --- codes -----------------------------------------------------------------------------------------------


def test_placeholders_missing_extra_and_swapped():
    assert ids("已删除 %(count)d 个文件", "Deleted %(count)d files", src="zh") == set()
    assert "codes" in ids("Deleted %(count)d files", "已删除文件", src="en", tgt="zh")
    assert "codes" in ids("Hello {name}", "你好 {user}", src="en", tgt="zh")
    assert "codes" in ids("Click <b>here</b>", "点击<b>这里", src="en", tgt="zh")
    assert "codes" in ids("%s of %d", "%d 的 %s", src="en", tgt="zh")  # arguments would swap
    assert "codes" not in ids("%1$s of %2$d", "%2$d 的 %1$s", src="en", tgt="zh")  # positional: fine
    assert ids("{a} and {b}", "{b} 和 {a}", src="en", tgt="zh") == set()  # named: any order
    assert "codes-order" in ids("<b>a</b> and <i>b</i>", "<i>b</i> 和 <b>a</b>", src="en", tgt="zh")
    assert "codes" not in ids("%(a)s or %(a)s", "%(a)s", src="en", tgt="zh")  # a name used once is enough
    assert "codes" in ids("%s or %s", "%s", src="en", tgt="zh")
    assert "codes" not in ids("50% of users", "50% 的用户", src="en", tgt="zh")  # not a printf


def test_inline_codes_of_xliff_and_tmx():
    g, x = '<bpt i="1" x="1">&lt;g id="1"&gt;</bpt>', '<ph x="2">&lt;x id="2"/&gt;</ph>'
    assert "codes" not in ids("点击这里", "Click here", codes=((g, x), (g, x)))
    found = findings("点击这里", "Click here", codes=((g, x), (g,)))
    assert [f.check for f in found if f.check.startswith("codes")] == ["codes"]
    assert '<x id="2"/>' in found[0].message
    assert "codes-order" in ids("点击这里", "Click here", codes=((g, x), (x, g)))


# --- untranslated ----------------------------------------------------------------------------------------


def test_untranslated():
    assert [f.message for f in findings("你好。", "")] == ["the target is empty"]
    assert "untranslated" in ids("你好。", "你好。")
    assert "untranslated" in ids("Open the file", "Open the file", src="en", tgt="ru")
    assert "untranslated" not in ids(
        "SMG Pictures & WingsMedia", "SMG Pictures & WingsMedia", src="en", tgt="ru"
    )
    assert "untranslated" not in ids("Wink.ru", "Wink.ru")
    found = findings("李扬表示。", "李扬 said so.")
    assert found[0].check == "untranslated" and found[0].target_spans == ((0, 2),)
    assert "untranslated" in ids("Привет", "Privet Привет", src="ru", tgt="en")
    assert "untranslated" in ids("你好。", "⟦你好。⟧")


def test_a_span_kept_in_the_source_language_is_reported_once_as_untranslated():
    """Trial bug 13: ``⟦…超过9万部…⟧`` in an English draft gave "missing 9万; not in the source: 9", and
    its Chinese commas and full stop punctuation warnings; the translated rest is still checked."""
    kept = "平台片库拥有超过9万部作品，涵盖电影、剧集。"
    source = "Wink.ru是俄罗斯规模最大的OTT平台之一。" + kept
    target = f"Wink.ru is one of Russia’s largest OTT platforms. ⟦{kept}⟧"
    found = findings(source, target)
    assert [f.check for f in found] == ["untranslated"]
    # a number changed in the translated part is found, its spans on the texts as written
    wrong = findings(source.replace("之一", "之一，有3家"), target.replace("one of", "one of 4"))
    numbers = [f for f in wrong if f.check == "numbers"]
    assert len(numbers) == 1 and "3" in numbers[0].message and "4" in numbers[0].message
    (a, b), (c, d) = numbers[0].source_spans[0], numbers[0].target_spans[0]
    assert numbers[0].source[a:b] == "3" and numbers[0].target[c:d] == "4"
    # a marked span before the translated text: the spans after the cut land on the texts as written
    before = findings(kept + "有3家。", f"⟦{kept}⟧ There are 4.")
    spans = [f for f in before if f.check == "numbers"][0].target_spans
    assert [f"⟦{kept}⟧ There are 4."[a:b] for a, b in spans] == ["4"]
    assert {f.check for f in before} == {"untranslated", "numbers"}  # no "leading whitespace" left by a cut
    two = findings(kept + "你好。" + "有3家。", f"⟦{kept}⟧⟦你好。⟧ There are 3.")
    assert {f.check for f in two} == {"untranslated"}
    assert {f.check for f in findings("你好。", "⟦你好。⟧")} == {"untranslated"}


def test_a_placeholder_is_a_code_not_a_number():
    """Trial bug 13: ``{0}`` left out gave a codes error and a separate "numbers: missing 0"."""
    found = findings("Click Save to keep {0} files.", "单击保存以保留个文件。", src="en", tgt="zh")
    assert [f.check for f in found] == ["codes"]
    assert ids("Step %1$s of 3", "第%1$s步，共3步", src="en", tgt="zh") == set()
    assert "numbers" in ids("Step %1$s of 3", "第%1$s步，共4步", src="en", tgt="zh")


# --- urls and names --------------------------------------------------------------------------------------


def test_urls_emails_hashtags_and_names():
    assert ids("详见 https://wink.ru/drama", "See https://wink.ru/drama") == set()
    assert "urls" in ids("详见 https://wink.ru/drama", "See https://wink.ru.")
    assert "urls" in ids("联系 press@wink.ru", "Write to us.")
    assert "urls" in ids("话题 #中国电视剧周", "Topic #ChineseDramaWeek")
    assert "names" in ids("Wink推出新剧。", "The platform launches a new series.")
    assert "names" not in ids("Wink推出新剧。", "Wink launches a new series.")
    assert "names" in ids("The WCM opens.", "Открывается рынок.", src="en", tgt="ru")
    assert "names" not in ids("The market opens.", "Открывается рынок.", src="en", tgt="ru")


# --- punctuation, quotes, spacing -----------------------------------------------------------------------


def test_punctuation_by_target_language():
    assert "punctuation" in ids("It opens, now.", "现在,开幕。", src="en", tgt="zh")
    assert "punctuation" in ids("开幕。", "It opens。")
    assert "punctuation" in ids("开幕，现在。", "Открывается，сейчас.", tgt="ru")
    assert "punctuation" not in ids("It opens, now.", "现在，开幕。", src="en", tgt="zh")
    assert "punctuation" not in ids("访问Wink.ru。", "访问Wink.ru。", src="en", tgt="zh") - {"untranslated"}


def test_quotes():
    assert "quotes" in ids("他说：“好。”", 'Он сказал: "хорошо".', tgt="ru")
    assert "quotes" in ids("他说：“好。”", "Он сказал: “хорошо”.", tgt="ru")
    assert "quotes" in ids("他说：“《好》”", "Он сказал: «это «Панда»».", tgt="ru")
    assert "quotes" not in ids("他说：“《好》”", "Он сказал: «это „Панда“».", tgt="ru")
    assert "quotes" in ids("他说：“好。”", 'He said: “fine".')
    assert "quotes" not in ids("他说：“好。”", "He said: “fine.”")


def test_spacing():
    assert "spacing" in ids("开幕。", "It  opens.")
    assert "spacing" in ids("开幕。", "It opens .")
    assert "spacing" in ids("开幕。", " It opens.")
    assert "spacing" not in ids(" 开幕。", " It opens.")
    assert "spacing" in ids("It opens.", "开 幕。", src="en", tgt="zh")
    assert "spacing" not in ids("It opens 2025.", "2025 年开幕。", src="en", tgt="zh")
    assert "spacing" in ids("It failed. Retry.", "失败。 重试。", src="en", tgt="zh")  # after 。
    assert "spacing" not in ids(", ", "，", src="en", tgt="zh")  # a full-width comma holds its space
    assert "spacing" in ids(
        "It worked! Well done!", "成功！\n祝贺！", src="en", tgt="zh"
    )  # a line break added
    assert "punctuation" in ids("Send the “Referer” header", "发送 'Referer' 头", src="en", tgt="zh")
    assert "punctuation" not in ids("It's Wink's", "这是Wink's", src="en", tgt="zh")
    assert "spacing" in ids("Disable “Referer” headers", "禁用“ Referer”头", src="en", tgt="zh")
    assert "spacing" in ids("Boolean (True or False)", "布尔值（ True或False ）", src="en", tgt="zh")


def test_markup_and_syntax_are_not_typography():
    link = 'See <a href="https://example.org/" target="_blank">the notes</a>.'
    assert (
        ids(link, '查看<a href="https://example.org/" target="_blank">说明</a>。', src="en", tgt="zh")
        == set()
    )
    assert ids("yes,no,maybe", "是,否,也许", src="en", tgt="zh") == set()  # a list the code splits on ","
    assert "punctuation" in ids("yes, no, maybe", "是,否,也许", src="en", tgt="zh")


def test_dash_space_in_russian():
    assert "dash-space" in ids("熊猫——国宝。", "Панда — национальное достояние.", tgt="ru")
    assert "dash-space" not in ids("熊猫——国宝。", "Панда\u00a0— национальное достояние.", tgt="ru")
    assert "dash-space" not in ids("熊猫——国宝。", "The panda — a treasure.")


def test_end_punctuation():
    assert ids("开幕了。", "It opens.") == set()
    assert "end-punctuation" in ids("开幕了。", "It opens")
    assert "end-punctuation" in ids("开幕了吗？", "It opens.")
    assert "end-punctuation" not in ids("“熊猫是我的最爱。”", "“The panda is my favourite.”")
    assert "end-punctuation" not in ids("“可能。”", "“possibilities”.")  # the stop outside the quote
    assert "end-punctuation" not in ids("Aug.", "八月", src="en", tgt="zh")  # an abbreviation's dot
    assert "end-punctuation" in ids("It failed.", "失败", src="en", tgt="zh")


def test_repeated_word():
    assert "repeated-word" in ids("开幕。", "It opens the the doors.")
    assert "repeated-word" not in ids("开幕。", "It opens the doors.")
    assert "repeated-word" not in ids("常常。", "常常。", src="en", tgt="zh")


# --- terminology ------------------------------------------------------------------------------------------

TERMS = MemoryTermbase(
    [
        Concept(
            (
                Term("中国馆", "zh-CN"),
                Term("China Pavilion", "en"),
                Term("Chinese Pavilion", "en", "forbidden"),
                Term("Китайский павильон", "ru"),
            ),
            "pavilion",
        ),
        Concept(
            (
                Term("李扬", "zh-CN"),
                Term("李杨", "zh-CN", "forbidden"),
                Term("Li Yang", "en"),
                Term("Ли Ян", "ru"),
            )
        ),
        Concept((Term("中俄", "zh-CN"), Term("China-Russia", "en"), Term("российско-китайский", "ru"))),
        Concept(
            (Term("Wink集团", "zh-CN"), Term("Wink Group", "en"), Term("Wink Holding", "en", "deprecated"))
        ),
    ]
)


def test_terminology_with_russian_inflection_and_short_chinese_terms():
    assert ids("中国馆代表团", "the China Pavilion delegation", termbase=TERMS) == set()
    assert ids("中国馆代表团", "делегация Китайского павильона", tgt="ru", termbase=TERMS) == set()
    assert ids("中国馆代表团", "делегации Китайского павильона", tgt="ru", termbase=TERMS) == set()
    found = findings("中国馆代表团", "делегация китайского стенда", tgt="ru", termbase=TERMS)
    assert [f.check for f in found] == ["terminology"] and found[0].source_spans == ((0, 3),)
    assert "terminology" in ids("李扬说。", "Li Yan said.", termbase=TERMS)  # a 2-character term
    assert "terminology" not in ids("李扬说。", "Li Yang said.", termbase=TERMS)
    assert "terminology" not in ids(
        "中俄合作", "российско-китайского сотрудничества", tgt="ru", termbase=TERMS
    )


def test_forbidden_and_deprecated_terms():
    found = findings("中国馆", "the Chinese Pavilion", termbase=TERMS)
    kinds = {f.check: f for f in found}
    assert kinds["term-forbidden"].severity == "error" and "China Pavilion" in kinds["term-forbidden"].message
    assert "term-deprecated" in ids("Wink集团", "Wink Holding", termbase=TERMS)
    assert "term-forbidden" in ids("Li Yang said.", "李杨说。", src="en", tgt="zh", termbase=TERMS)


def test_counts_english_drops_are_not_number_errors():
    assert ids("中俄两国高度互补。", "Both countries are highly complementary.") == set()
    assert ids("三部电影", "three films") == set()


# --- consistency and length ------------------------------------------------------------------------------


def _segs(rows, tgt_file="f.txt"):
    return [QaSegment(tgt_file, str(n), f"k{n}", s, t, n) for n, (s, t) in enumerate(rows, start=1)]


def test_consistency_in_the_file():
    rows = [("你好。", "Hello."), ("你好。", "Hello."), ("你好。", "Hi."), ("再见。", "Bye.")]
    report = run_segments(_segs(rows), QaSettings("zh", "en"))
    assert [(f.segment, f.check) for f in report.findings] == [("3", "consistency")]
    rows = [("你好。", "Hello there."), ("您好。", "Hello there."), ("再见。", "Bye.")]
    report = run_segments(_segs(rows), QaSettings("zh", "en"))
    assert {(f.segment, f.check) for f in report.findings} == {
        ("1", "consistency-target"),
        ("2", "consistency-target"),
    }


def test_consistency_with_the_tm_and_length(corpora):
    from tm.tmfiles import open_tm

    with open_tm(None, [corpora / "wcm-2025" / "report.tmx"]) as store:
        rows = [
            ("关于Wink.ru", "About Wink.ru"),
            ("关于Wink.ru", "On Wink.ru"),
            ("平台提供300多个电视频道，融合了互动电视与在线影院的双重优势。", "It offers TV."),
        ]
        report = run_segments(_segs(rows), QaSettings("zh", "en", store=store))
    got = {(f.segment, f.check) for f in report.findings}
    assert ("2", "consistency-tm") in got and ("1", "consistency-tm") not in got
    assert ("3", "length") in got and ("1", "length") not in got


def test_severities_from_config_and_chosen_checks():
    from tm.qa.config import QaConfig

    config = QaConfig({"numbers": "warning", "end-punctuation": "off"})
    found = findings("9万。", "80,000", config=config)
    assert [(f.check, f.severity) for f in found] == [("numbers", "warning")]
    assert ids("9万。", "80,000", checks=["end-punctuation"]) == {"end-punctuation"}

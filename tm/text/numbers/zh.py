"""Chinese numbers, in simplified and traditional characters: digits with scale characters (``9万``,
``1.2亿``, ``9萬``), Chinese numerals (``两千``, ``三千萬``), percentages (``5%``, ``百分之五``, ``六成``),
ordinals (``第11``), dates (``2025年4月11日``, ``十月一日``, ``5月``), years (``2025年``, ``二〇一一年``).
See :mod:`tm.text.numbers` for the whole list."""

from __future__ import annotations

import re
from dataclasses import replace
from decimal import Decimal

from tm.text import hanzi
from tm.text.numbers.model import SCALES, Form, Number
from tm.text.numbers.reading import (
    AFTER,
    BEFORE,
    CORE,
    D12,
    Y4,
    D,
    Spec,
    common,
    date,
    last,
    ordinal,
    parse_core,
    percent,
    scaled,
    script,
    year,
)

ANY = rf"{D}|[十百千万亿萬億第年月日成]"  # what a text must hold to hold a number at all

_HZ = f"[{hanzi.CHARS}]+(?:[{hanzi.POINT}][零〇一二三四五六七八九]+)?"
# dates in Chinese numerals: the year digit by digit (二〇一一), the month and day as numbers (十月二十一日)
_HZ_NOT_BEFORE = f"(?<![{hanzi.CHARS}])"
_HZ_YEAR = f"[{hanzi.DIGIT_CHARS}]{{4}}"
_YEAR_TO = "[／/至\\-–—]"  # a fiscal year: 二零一六／一七年度, 二○一○至一一年度 (2016/17, 2010-11)
_FISCAL = r"(?=\s*(?:财政|財政)?年)"
_DAY_TO = "[至到\\-–—~～]"  # a range of days: 5月14至16日, 十二月一日至四日
_DAY = "[日号號]"
# a share in tenths: 六成 (60%), 四成七 (47%), 两成 (20%); not 一成不变, 统一成, 八成是 ("most likely")
_CHENG = (
    f"(?<![{hanzi.CHARS}统統合分变變])(?P<h>[一二两兩三四五六七八九十])成"
    f"(?P<h2>[一二三四五六七八九](?![{hanzi.CHARS}]))?"
    "(?![不是为為了功立本员員人果就绩績长長熟交品型语語都])"  # 成人 (adults), 成为, 成功, 成本, 成果, ...
)
_HZ_MONTH = "十[一二]?|[一二三四五六七八九]"
_HZ_DAY = "三十一?|二十[一二三四五六七八九]?|十[一二三四五六七八九]?|[一二三四五六七八九]"
_NOT_AFTER_NUMERAL = "(?<![数數几幾第十百千万亿萬億零〇一二两兩三四五六七八九])"
_SCALE = "万亿|萬億|千万|千萬|百万|百萬|亿|億|万|萬"
_MORE = "[多余餘]"  # "more than": 200多万, 10余万


def specs() -> list[Spec]:
    """The zh patterns in priority order (a longer match wins; at equal length, the first)."""
    n = rf"(?P<n>{CORE['zh']})"
    day = rf"(?P<m>{D12})\s*月\s*(?P<d>{D12})\s*{_DAY}"
    return [
        *common("zh"),
        ("月", rf"{BEFORE}(?:{Y4}\s*年\s*)?{day}", date),
        ("月", rf"{BEFORE}{Y4}\s*年\s*(?P<m>{D12})\s*月(?!\s*{D})", date),
        # a month alone (5月, 12月份; not 5个月, five months)
        ("月", rf"{BEFORE}(?P<m>{D12})\s*月(?!\s*{D})", date),
        # ...and the first month of a range (5至6月, 5-6月)
        ("月", rf"{BEFORE}(?P<m>{D12})(?=\s*{_DAY_TO}\s*{D12}\s*月(?!\s*{D}))", date),
        ("年", rf"{BEFORE}(?P<n>{D}{{4}})(?=\s*年)", year),
        (
            "月",
            rf"{_HZ_NOT_BEFORE}(?:(?P<y>{_HZ_YEAR})\s*年\s*)?(?P<m>{_HZ_MONTH})\s*月\s*(?P<d>{_HZ_DAY})\s*{_DAY}",
            date,
        ),
        ("月", rf"{_HZ_NOT_BEFORE}(?P<y>{_HZ_YEAR})\s*年\s*(?P<m>{_HZ_MONTH})\s*月", date),
        ("年", rf"{_HZ_NOT_BEFORE}(?P<h>{_HZ_YEAR})\s*年", hanzi_year),
        (
            "年",
            rf"{_HZ_NOT_BEFORE}(?P<h>{_HZ_YEAR})(?={_YEAR_TO}[{hanzi.DIGIT_CHARS}]{{2}}{_FISCAL})",
            hanzi_year,
        ),
        (
            "年",
            rf"(?<=[{hanzi.DIGIT_CHARS}]{{4}}{_YEAR_TO})(?P<h>[{hanzi.DIGIT_CHARS}]{{2}}){_FISCAL}",
            lambda m, f: hanzi_year(m, f, "cardinal"),
        ),
        # the first day of a range written with the month, the last with 日 (5月14至16日)
        (
            "月",
            rf"{BEFORE}(?:{Y4}\s*年\s*)?(?P<m>{D12})\s*月\s*(?P<d>{D12})(?=\s*{_DAY_TO}\s*{D}{{1,2}}\s*{_DAY})",
            date,
        ),
        (
            "月",
            rf"{_HZ_NOT_BEFORE}(?:(?P<y>{_HZ_YEAR})\s*年\s*)?(?P<m>{_HZ_MONTH})\s*月\s*(?P<d>{_HZ_DAY})"
            rf"(?=\s*{_DAY_TO}\s*(?:{_HZ_DAY})\s*{_DAY})",
            date,
        ),
        # ...and the last day in Chinese numerals (至四日: 4 on its own, as 4 in "December 1 to 4")
        (
            "[日号號]",
            rf"(?<={_DAY_TO})(?P<h>{_HZ_DAY})(?=\s*{_DAY})",
            lambda m, f: numeral(m, f, "cardinal", short=True),
        ),
        ("[%％]", rf"{BEFORE}{n}{AFTER}\s?[%％]", percent),
        ("百分之", rf"百分之(?P<h>{_HZ})", lambda m, f: numeral(m, f, "percent")),
        ("百分之", rf"百分之{n}{AFTER}", percent),
        ("第", rf"第{n}{AFTER}", ordinal),
        ("第", rf"第(?P<h>{_HZ})", lambda m, f: numeral(m, f, "ordinal")),
        ("成", _CHENG, cheng),
        # 2亿5,000万 (250 million)
        (
            "[亿億]",
            rf"{BEFORE}{n}{AFTER}[ \u00a0]?[亿億][ \u00a0]?(?P<n2>{CORE['zh']}){AFTER}[ \u00a0]?[万萬]",
            yi_wan,
        ),
        # 9万, 130 万 (a space typed between), 200多万 (more than two million)
        (
            rf"{D}[ \u00a0]?{_MORE}?[万亿萬億千百]",
            rf"{BEFORE}{n}{AFTER}[ \u00a0]?(?:(?P<w>{_SCALE}|千(?![米克瓦卡焦帕赫兆]))"
            rf"|{_MORE}(?P<w2>万亿|萬億|亿|億|万|萬))",
            scaled,
        ),
        (
            f"{_MORE}[万亿萬億]",
            rf"{_NOT_AFTER_NUMERAL}(?P<h>[{hanzi.CHARS}]+){_MORE}(?P<w>万亿|萬億|亿|億|万|萬)",
            numeral_scaled,
        ),
        # not a month (十一月 is November, 十一个月 eleven months)
        ("[十百千万亿萬億]", rf"{_NOT_AFTER_NUMERAL}(?P<h>{_HZ})(?!月)", numeral),
        *last("zh"),
    ]


def _traditional(text: str) -> bool:
    return any(ch in hanzi.TRADITIONAL for ch in text)


_SIMPLIFIED = "万亿两点"  # what tells a numeral written in simplified characters


def in_traditional(number: Number) -> Number:
    """``number`` of a text in traditional characters (its language tag says so): written back with 萬,
    億, 兩 and 點 unless its own text shows the simplified ones (三成 -> 兩成 in a zh-TW target)."""
    if number.form.traditional or any(ch in _SIMPLIFIED for ch in number.text):
        return number
    return replace(number, form=replace(number.form, traditional=True))


def numeral(m: re.Match, family: str, kind: str = "cardinal", short: bool = False) -> Number | None:
    """A Chinese numeral (``两千``, ``三十``); ``short``: a single character will do (a day)."""
    text = m.group("h")
    value = hanzi.parse(text)
    if value is None:
        return None
    if kind == "cardinal" and not short and (len(text) < 2 or not any(ch in "十百千万亿萬億" for ch in text)):
        return None
    start = m.start()
    span = (m.start("h") - start, m.end("h") - start)
    point = "点" if any(ch in hanzi.POINT for ch in text) else None
    shape = Form(
        "hanzi",
        None,
        point,
        0,
        span,
        liang=any(ch in hanzi.LIANG for ch in text),
        traditional=_traditional(text),
    )
    return Number(kind, value, m.group(), start, m.end(), family, shape)


def hanzi_year(m: re.Match, family: str, kind: str = "year") -> Number | None:
    """A year written digit by digit in Chinese numerals (``二〇二五年``; the second year of a fiscal year
    ``一七`` in ``二零一六／一七年度`` is a cardinal, as ``17`` in ``2016/17``)."""
    value = hanzi.parse_digits(m.group("h"))
    if value is None:
        return None
    shape = Form("hanzi-digits", core=(0, len(m.group("h"))))  # the text holds 年, so that it reads back
    return Number(kind, Decimal(value), m.group(), m.start(), m.end(), family, shape)


def cheng(m: re.Match, family: str) -> Number | None:
    """A share in tenths (``六成`` is 60%, ``四成七`` 47%, ``两成`` 20%): a percentage."""
    tens = hanzi.parse(m.group("h"))
    ones = hanzi.parse(m.group("h2")) if m.group("h2") else Decimal(0)
    if tens is None or ones is None:
        return None
    shape = Form("hanzi-cheng", core=(0, len(m.group())), traditional=_traditional(m.group()))
    return Number("percent", tens * 10 + ones, m.group(), m.start(), m.end(), family, shape)


def yi_wan(m: re.Match, family: str) -> Number | None:
    """``2亿5,000万``: hundreds of millions and tens of thousands, one number."""
    high, low = parse_core(m.group("n"), family), parse_core(m.group("n2"), family)
    if high is None or low is None or low[0] >= 10**4:
        return None
    value = high[0].scaleb(8) + low[0].scaleb(4)
    shape = Form(
        script(m.group("n")), high[1], high[2], 8, (m.start("n") - m.start(), m.end("n") - m.start())
    )
    return Number("cardinal", value, m.group(), m.start(), m.end(), family, shape)


def numeral_scaled(m: re.Match, family: str) -> Number | None:
    """A Chinese numeral, 多 or 余 ("more than"), and a scale: ``二百多万`` is more than 2,000,000."""
    value = hanzi.parse(m.group("h"))
    if value is None:
        return None
    power = SCALES["zh"][m.group("w")]
    span = (m.start("h") - m.start(), m.end("h") - m.start())
    point = "点" if any(ch in hanzi.POINT for ch in m.group("h")) else None
    shape = Form(
        "hanzi",
        None,
        point,
        power,
        span,
        liang=any(ch in hanzi.LIANG for ch in m.group("h")),
        traditional=_traditional(m.group()),
    )
    return Number("cardinal", value.scaleb(power), m.group(), m.start(), m.end(), family, shape)

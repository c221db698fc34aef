"""Numbers as zh, en and ru write them: their value, their kind and their written form.

:func:`extract` finds every number in a sentence; :func:`same_value` says whether two numbers (in the same
or different languages) are the same number; :func:`match_numbers` pairs the numbers of a text with those
of its translation and gives what is left over on each side. QA (a number missing or changed in a
translation) and the aligner (numbers as anchors) use these; :mod:`tm.text.adapt` uses them to carry a
changed number into a TM target, and :mod:`tm.text.numwrite` writes a value back in a number's own form.

>>> [(n.text, n.kind, n.value) for n in extract("超过9万部作品，增长5%", "zh")]
[('9万', 'cardinal', Decimal('9E+4')), ('5%', 'percent', Decimal('5'))]
>>> same_value(extract("9万", "zh")[0], extract("90 000", "ru")[0])
True

What is read (digits ASCII or full-width everywhere):

- **zh**: ``90,000``, ``1.5``; multipliers ``9万``, ``1.2亿``, ``3000万``, ``1.2万亿``, ``3千`` (not ``千米``);
  Chinese numerals that are numbers (``两千``, ``三十``, ``十二``: a run with a unit character, see
  :mod:`tm.text.hanzi`; never ``千万``, ``十分``, ``一五一十``); "more than" before a scale (``200多万``,
  ``二百多万``, ``10余万``: the number itself); a space typed before the scale (``130 万``); percentages
  ``5%``, ``百分之五``; ordinals
  ``第11``, ``第十一``; dates ``4月11日``, ``2025年4月11日``, ``2025年4月``; years ``2025年``; dates and
  years in Chinese numerals, the year digit by digit (``十月一日``, ``二〇一一年十月一日``, ``二零一一年``,
  ``二○一一年``), fiscal years (``二零一六／一七年度`` as ``2016/17``: a year and 17).
- **en**: ``90,000``, ``1.5``, ``90 thousand``, ``1.5 million``, ``2.3 billion``, ``$1.5bn``; ``5%``,
  ``5 percent``; ordinals ``11th``; dates ``11 April``, ``April 11``, ``11th April``, ``April 11, 2025``,
  ``April 2025``.
- **ru**: ``90 000`` (no-break, thin or plain space), decimal comma ``1,5``; ``90 тыс.``, ``150 млн``,
  ``2,3 млрд``, ``1,5 миллиона``; ``5 %``, ``5 процентов``; ordinals ``11-й``; dates ``11 апреля``,
  ``11 апреля 2025`` (года), ``в апреле 2025``; years ``2025 году``, ``2025-м году``.
- numeric dates in any language: ``2025-04-11``, ``2025/4/11``, ``11.04.2025``; ``4/11/2025`` (which
  order?) is kept as an opaque date compared by its text.

A bare four-digit number from 1800 to 2199 is a ``year`` (``in 2025``); years and cardinals compare
equal to each other (``2025年`` = ``2025``). Digits glued to a Latin or Cyrillic letter (``A4``, ``4K``)
and digits inside a URL or an e-mail address are not numbers.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from tm.text import hanzi
from tm.text.placeables import EMAIL, LETTER, URL

KINDS = ("cardinal", "percent", "ordinal", "year", "date")
_COMPATIBLE = {"cardinal": "n", "year": "n", "percent": "%", "ordinal": "o", "date": "d"}

MONTHS_EN = ("January February March April May June July August September October November December").split()
MONTHS_EN_ABBR = "Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec".split()
MONTHS_RU = {
    "gen": "января февраля марта апреля мая июня июля августа сентября октября ноября декабря".split(),
    "nom": "январь февраль март апрель май июнь июль август сентябрь октябрь ноябрь декабрь".split(),
    "prep": "январе феврале марте апреле мае июне июле августе сентябре октябре ноябре декабре".split(),
}
SCALES = {
    "zh": {"万亿": 12, "千万": 7, "百万": 6, "亿": 8, "万": 4, "千": 3},
    "en": {"thousand": 3, "million": 6, "billion": 9, "trillion": 12, "bn": 9, "mn": 6},
    "ru": {
        "тыс": 3,
        "млн": 6,
        "млрд": 9,
        "трлн": 12,
        "тысяч": 3,
        "миллион": 6,
        "миллиард": 9,
        "триллион": 12,
    },
}


@dataclass(frozen=True)
class Form:
    """How a number is written, so that another value can be written the same way.

    Spans are offsets into :attr:`Number.text`. ``digits``: ``ascii``, ``fullwidth``, ``hanzi`` (Chinese
    numerals) or ``hanzi-digits`` (a year written digit by digit, ``二〇二五``);
    ``group``: the thousands separator seen (None: the number was too short to show one; "" when a long
    number had none); ``decimal``: the decimal mark seen (None: none); ``scale``: the power of ten of a
    scale word or character (``万`` 4, ``million`` 6); ``core``: the digits (the mantissa before a scale);
    ``suffix``: an English ordinal ending (``th``); ``word``: a Russian word that agrees with the number
    (``тысячи``, ``процентов``); ``fields``: a date's parts, (``y``/``m``/``d``, start, end, style) where
    style is ``num`` (digits), ``hanzi`` (a Chinese numeral), ``hanzi-digits`` (a year digit by digit),
    ``en``/``en-abbr`` (month names) or ``ru-gen``/``ru-nom``/``ru-prep``.
    """

    digits: str = "ascii"
    group: str | None = None
    decimal: str | None = None
    scale: int = 0
    core: tuple[int, int] = (0, 0)
    suffix: tuple[int, int] | None = None
    word: tuple[int, int] | None = None
    fields: tuple[tuple[str, int, int, str], ...] = ()
    liang: bool = False  # a Chinese numeral written with 两


@dataclass(frozen=True)
class Number:
    """One number in a text. ``value`` is the number itself (``9万`` is 90000, ``5%`` is 5); for a date
    it is ``year*10000 + month*100 + day`` with a missing part as 0, and ``date`` holds the parts
    (year, month, day), None where not written. ``lang`` is the rule set it was read with (zh, en, ru)."""

    kind: str
    value: Decimal
    text: str
    start: int
    end: int
    lang: str
    form: Form
    date: tuple[int | None, int | None, int | None] | None = None

    @property
    def mantissa(self) -> Decimal:
        """The number before its scale word (``1.5`` in ``1.5 million``)."""
        return self.value.scaleb(-self.form.scale)


def same_value(a: Number, b: Number, *, partial: bool = False) -> bool:
    """Whether ``a`` and ``b`` are the same number, whatever script or form (``9万`` = ``90,000`` =
    ``90 000`` = ``90 thousand`` = ``90 тыс.``; ``4月11日`` = ``11 April`` = ``11 апреля``).

    Cardinals and years compare with each other; percentages, ordinals and dates only with their own
    kind. Dates compare part by part. With ``partial`` (what finds a number's counterpart in a
    translation), ``b`` may leave out parts of a date that ``a`` writes (``2025年4月11日`` and ``11
    April``), provided it keeps the month and one other part, and an ordinal may stand for a cardinal
    (``第3季`` is "Season 3").
    """
    ka, kb = _COMPATIBLE[a.kind], _COMPATIBLE[b.kind]
    if partial and {ka, kb} == {"n", "o"}:
        ka = kb  # 第3季 is "Season 3"
    if ka != kb:
        return False
    if ka != "d":
        return a.value == b.value
    if a.date is None or b.date is None:  # opaque dates: by their text
        return a.date is None and b.date is None and _nfkc(a.text) == _nfkc(b.text)
    if a.date == b.date:
        return True
    if not partial or b.date[1] is None:
        return False
    shown = [(x, y) for x, y in zip(a.date, b.date, strict=True) if y is not None]
    return len(shown) >= 2 and all(x == y for x, y in shown)


def match_numbers(
    a: Sequence[Number], b: Sequence[Number]
) -> tuple[list[tuple[Number, Number]], list[Number], list[Number]]:
    """The numbers of a text (``a``) and of its translation (``b``) paired by value, each used once, and
    those left over on each side: what QA reports as a number missing from or added to a translation,
    what an aligner counts as shared anchors. A date in ``b`` may leave out the year (see
    :func:`same_value` with ``partial``)."""
    left = list(b)
    pairs, missing = [], []
    for x in a:
        k = next((i for i, y in enumerate(left) if same_value(x, y, partial=True)), None)
        if k is None:
            missing.append(x)
        else:
            pairs.append((x, left.pop(k)))
    return pairs, missing, left


def rules(lang: str | None, text: str = "") -> str:
    """The rule set for a language code (``zh-CN`` -> zh; ``ru-RU``, ``uk`` -> ru; other codes -> en);
    for a code that names no language (``src``), the script of ``text`` decides."""
    primary = (lang or "").lower().replace("_", "-").split("-")[0]
    if primary in ("zh", "ja", "yue", "cmn", "wuu"):
        return "zh"
    if primary in ("ru", "uk", "be", "bg", "kk"):
        return "ru"
    if len(primary) in (2, 3) and primary.isalpha() and primary not in ("src", "tgt"):
        return "en"
    if re.search(r"[\u3400-\u9fff]", text):
        return "zh"
    return "ru" if re.search(r"[\u0400-\u04ff]", text) else "en"


def extract(text: str, lang: str | None) -> list[Number]:
    """The numbers of ``text`` left to right, read with ``lang``'s rules (see :func:`rules`)."""
    return list(_extract(text, rules(lang, text)))


@functools.lru_cache(maxsize=8192)
def _extract(text: str, family: str) -> tuple[Number, ...]:
    if not _ANY.search(text):
        return ()
    blocked = (
        [(m.start(), m.end()) for m in _BLOCK.finditer(text)]
        if ("@" in text or "/" in text or "www" in text)
        else []
    )
    found = []
    for priority, (trigger, pattern, handler) in enumerate(_PATTERNS[family]):
        if trigger is not None and not trigger.search(text):
            continue
        for m in pattern.finditer(text):
            if any(s < m.end() and m.start() < e for s, e in blocked):
                continue
            number = handler(m, family)
            if number is not None:
                found.append((m.start(), -m.end(), priority, number))
    out: list[Number] = []
    for start, _, _, number in sorted(found, key=lambda f: f[:3]):
        if not out or start >= out[-1].end:
            out.append(number)
    return tuple(out)


# --- patterns -------------------------------------------------------------------------------------------

D = "[0-9０-９]"
_ANY = re.compile(rf"{D}|[十百千万亿第年月日成]")
_BLOCK = re.compile(f"{URL}|{EMAIL}")
_BEFORE = rf"(?=[0-9０-９])(?<![0-9０-９])(?<!{LETTER})(?<![0-9０-９][.,．，])"
_AFTER = rf"(?![0-9０-９])(?![.,．，]{D})"
_END = rf"{_AFTER}(?!{LETTER})"
_SP = "[ \u00a0\u202f\u2009]"
# the digits of a number: en and zh group with commas (or no-break/thin spaces) and mark decimals with a
# point; ru groups with spaces and marks decimals with a comma (or a point)
_CORE = {
    "en": rf"{D}{{1,3}}(?:,{D}{{3}})+(?:\.{D}+)?|{D}{{1,3}}(?:，{D}{{3}})+(?:．{D}+)?"
    rf"|{D}{{1,3}}(?:[\u00a0\u202f\u2009]{D}{{3}})+(?:[.．]{D}+)?|{D}+(?:[.．]{D}+)?",
    "ru": rf"{D}{{1,3}}(?:{_SP}{D}{{3}})+(?:[,.]{D}+)?{_AFTER}|{D}+(?:[,.]{D}+)?",
}
_CORE["zh"] = _CORE["en"]
_HZ = f"[{hanzi.CHARS}]+(?:点[零〇一二三四五六七八九]+)?"
# dates in Chinese numerals: the year digit by digit (二〇一一), the month and day as numbers (十月二十一日)
_HZ_NOT_BEFORE = f"(?<![{hanzi.CHARS}])"
_HZ_YEAR = f"[{hanzi.DIGIT_CHARS}]{{4}}"
_YEAR_TO = "[／/至\\-–—]"  # a fiscal year: 二零一六／一七年度, 二○一○至一一年度 (2016/17, 2010-11)
_FISCAL = r"(?=\s*(?:财政)?年)"
_DAY_TO = "[至到\\-–—~～]"  # a range of days: 5月14至16日, 十二月一日至四日
# a share in tenths: 六成 (60%), 四成七 (47%); not 一成不变, 统一成, 八成是 ("most likely")
_CHENG = (
    f"(?<![{hanzi.CHARS}统合分变])(?P<h>[一二三四五六七八九十])成(?P<h2>[一二三四五六七八九](?![{hanzi.CHARS}]))?"
    "(?![不是为了功立本员人果就绩长熟交品型语都])"  # 成人 (adults), 成为, 成功, 成本, 成果, ...
)
_HZ_MONTH = "十[一二]?|[一二三四五六七八九]"
_HZ_DAY = "三十一?|二十[一二三四五六七八九]?|十[一二三四五六七八九]?|[一二三四五六七八九]"
_ORD_EN = "(?:st|nd|rd|th)"
_MON_EN = "|".join(MONTHS_EN + ["Sept"] + MONTHS_EN_ABBR)
_MON_RU = "|".join(MONTHS_RU["gen"] + MONTHS_RU["nom"] + MONTHS_RU["prep"])
_RU_END = "(?![а-яёА-ЯЁ])"
_RU_SCALE = (
    r"тыс\.|млн\.?|млрд\.?|трлн\.?|тысяч(?:а|и|у|е|ей|ам|ами|ах)?"
    r"|(?:миллион|миллиард|триллион)(?:а|ов|у|ом|е|ам|ами|ах)?"
)
_RU_PERCENT = "процент(?:а|ов|у|ом|е|ам|ами|ах)?"
_RU_YEAR = r"(?:год|года|году|годом|годах|гг?\.)"


def _parse_core(text: str, family: str) -> tuple[Decimal, str | None, str | None] | None:
    """(value, group separator, decimal mark) of a run of digits as ``family`` writes them; the marks as
    written (a no-break space stays one, a full-width comma too)."""
    digits: list[str] = []
    seps: list[tuple[int, str]] = []
    for ch in text:
        if ch.isdigit():
            digits.append(str(unicodedata.digit(ch)))
        else:
            seps.append((len(digits), ch))
    decimal = group = None
    point = len(digits)
    if seps:
        last = {"，": ",", "．": "."}.get(seps[-1][1], seps[-1][1])
        if last == "." or (family == "ru" and last == ","):
            point, decimal = seps.pop()
    if seps:
        group = seps[0][1]
        if any(ch != group for _, ch in seps):
            return None
    whole = "".join(digits[:point])
    value = Decimal(whole + "." + "".join(digits[point:]) if decimal else whole)
    if group is None and len(whole) >= 5:
        group = ""
    return value, group, decimal


def _script(text: str) -> str:
    return "fullwidth" if re.search("[０-９]", text) else "ascii"


def _number(m: re.Match, family: str, kind: str, core: str, *, scale: int = 0, **form) -> Number | None:
    """A Number from match ``m`` whose group ``core`` holds the digits."""
    parsed = _parse_core(m.group(core), family)
    if parsed is None:
        return None
    value, group, decimal = parsed
    start = m.start()
    span = (m.start(core) - start, m.end(core) - start)
    value = value.scaleb(scale)
    if kind == "cardinal" and scale == 0 and decimal is None and group is None and 1800 <= value <= 2199:
        if len(m.group(core)) == 4:
            kind = "year"
    shape = Form(_script(m.group(core)), group, decimal, scale, span, **form)
    return Number(kind, value, m.group(), start, m.end(), family, shape)


def _rel(m: re.Match, name: str) -> tuple[int, int] | None:
    return None if m.start(name) < 0 else (m.start(name) - m.start(), m.end(name) - m.start())


def _cardinal(m: re.Match, family: str) -> Number | None:
    return _number(m, family, "cardinal", "n")


def _year(m: re.Match, family: str) -> Number | None:
    n = _number(m, family, "year", "n")
    return n if n is not None and n.form.group is None and n.form.decimal is None else None


def _scaled(m: re.Match, family: str) -> Number | None:
    word = m.group("w") or m.groupdict().get("w2")
    table = SCALES[family]
    key = next((k for k in sorted(table, key=len, reverse=True) if word.lower().startswith(k)), None)
    if key is None:
        return None
    agrees = family == "ru" and word.rstrip(".") not in ("тыс", "млн", "млрд", "трлн")
    return _number(m, family, "cardinal", "n", scale=table[key], word=_rel(m, "w") if agrees else None)


def _percent(m: re.Match, family: str) -> Number | None:
    word = _rel(m, "w") if "w" in m.groupdict() and m.group("w") and family == "ru" else None
    return _number(m, family, "percent", "n", word=word)


def _ordinal(m: re.Match, family: str) -> Number | None:
    kind = "year" if m.groupdict().get("yr") else "ordinal"
    suffix = _rel(m, "o") if family == "en" else None
    return _number(m, family, kind, "n", suffix=suffix)


def _hanzi(m: re.Match, family: str, kind: str = "cardinal", short: bool = False) -> Number | None:
    text = m.group("h")
    value = hanzi.parse(text)
    if value is None:
        return None
    if kind == "cardinal" and not short and (len(text) < 2 or not any(ch in "十百千万亿" for ch in text)):
        return None
    start = m.start()
    span = (m.start("h") - start, m.end("h") - start)
    shape = Form("hanzi", None, "点" if "点" in text else None, 0, span, liang="两" in text)
    return Number(kind, value, m.group(), start, m.end(), family, shape)


def _hanzi_year(m: re.Match, family: str, kind: str = "year") -> Number | None:
    """A year written digit by digit in Chinese numerals (``二〇二五年``; the second year of a fiscal year
    ``一七`` in ``二零一六／一七年度`` is a cardinal, as ``17`` in ``2016/17``)."""
    value = hanzi.parse_digits(m.group("h"))
    if value is None:
        return None
    shape = Form("hanzi-digits", core=(0, len(m.group("h"))))  # the text holds 年, so that it reads back
    return Number(kind, Decimal(value), m.group(), m.start(), m.end(), family, shape)


def _cheng(m: re.Match, family: str) -> Number | None:
    """A share in tenths (``六成`` is 60%, ``四成七`` 47%): a percentage."""
    tens = hanzi.parse(m.group("h"))
    ones = hanzi.parse(m.group("h2")) if m.group("h2") else Decimal(0)
    if tens is None or ones is None:
        return None
    shape = Form("hanzi-cheng", core=(0, len(m.group())))
    return Number("percent", tens * 10 + ones, m.group(), m.start(), m.end(), family, shape)


def _yi_wan(m: re.Match, family: str) -> Number | None:
    """``2亿5,000万``: hundreds of millions and tens of thousands, one number."""
    high, low = _parse_core(m.group("n"), family), _parse_core(m.group("n2"), family)
    if high is None or low is None or low[0] >= 10**4:
        return None
    value = high[0].scaleb(8) + low[0].scaleb(4)
    shape = Form(
        _script(m.group("n")), high[1], high[2], 8, (m.start("n") - m.start(), m.end("n") - m.start())
    )
    return Number("cardinal", value, m.group(), m.start(), m.end(), family, shape)


def _hanzi_scaled(m: re.Match, family: str) -> Number | None:
    """A Chinese numeral, 多 or 余 ("more than"), and a scale: ``二百多万`` is more than 2,000,000."""
    value = hanzi.parse(m.group("h"))
    if value is None:
        return None
    scale = SCALES["zh"][m.group("w")]
    span = (m.start("h") - m.start(), m.end("h") - m.start())
    shape = Form(
        "hanzi", None, "点" if "点" in m.group("h") else None, scale, span, liang="两" in m.group("h")
    )
    return Number("cardinal", value.scaleb(scale), m.group(), m.start(), m.end(), family, shape)


def _date(m: re.Match, family: str) -> Number | None:
    parts: dict[str, int] = {}
    fields = []
    for name in ("y", "m", "d"):
        if m.groupdict().get(name) is None:
            continue
        raw = m.group(name)
        style = "num"
        if raw[0] in hanzi.CHARS:  # Chinese numerals: a year digit by digit, a month or day as a number
            style = "hanzi-digits" if name == "y" else "hanzi"
            value = hanzi.parse_digits(raw) if name == "y" else hanzi.parse(raw)
            if value is None:
                return None
            parts[name] = int(value)
        elif name == "m" and not _nfkc(raw).isdigit():
            month, style = _month(raw)
            parts["m"] = month
        else:
            parts[name] = int(_nfkc(raw))
        fields.append((name, m.start(name) - m.start(), m.end(name) - m.start(), style))
    if not 1 <= parts.get("m", 1) <= 12 or not 1 <= parts.get("d", 1) <= 31:
        return None
    date = (parts.get("y"), parts.get("m"), parts.get("d"))
    value = Decimal((date[0] or 0) * 10000 + (date[1] or 0) * 100 + (date[2] or 0))
    digits = "hanzi" if any(style.startswith("hanzi") for *_, style in fields) else _script(m.group())
    shape = Form(digits, suffix=_rel(m, "o") if "o" in m.groupdict() else None, fields=tuple(fields))
    return Number("date", value, m.group(), m.start(), m.end(), family, shape, date)


def _opaque_date(m: re.Match, family: str) -> Number:
    return Number("date", Decimal(0), m.group(), m.start(), m.end(), family, Form(_script(m.group())))


def _month(word: str) -> tuple[int, str]:
    for n, name in enumerate(MONTHS_EN):
        if word == name:
            return n + 1, "en"
    if word == "Sept":
        return 9, "en-abbr"
    for n, name in enumerate(MONTHS_EN_ABBR):
        if word == name:
            return n + 1, "en-abbr"
    low = word.lower()
    for style, names in MONTHS_RU.items():
        if low in names:
            return names.index(low) + 1, f"ru-{style}"
    raise ValueError(word)


def _nfkc(text: str) -> str:
    return unicodedata.normalize("NFKC", text)


Pattern = tuple[re.Pattern | None, re.Pattern, object]  # (what the text must hold first, pattern, handler)


def _build() -> dict[str, list[Pattern]]:
    """Per rule set, the patterns in priority order (a longer match wins; at equal length, the first)."""

    def p(trigger: str | None, pattern: str, handler) -> Pattern:
        return (re.compile(trigger) if trigger else None, re.compile(pattern), handler)

    y4, d12 = rf"(?P<y>{D}{{4}})", rf"{D}{{1,2}}"
    common = [
        p(rf"{D}[-/.．]{D}", rf"{_BEFORE}{y4}(?P<s>[-/.．])(?P<m>{d12})(?P=s)(?P<d>{d12}){_END}", _date),
        p(rf"{D}\.{D}", rf"{_BEFORE}(?P<d>{d12})\.(?P<m>{d12})\.{y4}{_END}", _date),
        p(rf"{D}/{D}", rf"{_BEFORE}{d12}/{d12}/{D}{{4}}{_END}", _opaque_date),
    ]
    out = {}
    for family in ("zh", "en", "ru"):
        n = rf"(?P<n>{_CORE[family]})"
        pats = list(common)
        if family == "zh":
            day = rf"(?P<m>{d12})\s*月\s*(?P<d>{d12})\s*[日号]"
            pats += [
                p("月", rf"{_BEFORE}(?:{y4}\s*年\s*)?{day}", _date),
                p("月", rf"{_BEFORE}{y4}\s*年\s*(?P<m>{d12})\s*月(?!\s*{D})", _date),
                p("年", rf"{_BEFORE}(?P<n>{D}{{4}})(?=\s*年)", _year),
                p(
                    "月",
                    rf"{_HZ_NOT_BEFORE}(?:(?P<y>{_HZ_YEAR})\s*年\s*)?(?P<m>{_HZ_MONTH})\s*月\s*(?P<d>{_HZ_DAY})\s*[日号]",
                    _date,
                ),
                p("月", rf"{_HZ_NOT_BEFORE}(?P<y>{_HZ_YEAR})\s*年\s*(?P<m>{_HZ_MONTH})\s*月", _date),
                p("年", rf"{_HZ_NOT_BEFORE}(?P<h>{_HZ_YEAR})\s*年", _hanzi_year),
                p(
                    "年",
                    rf"{_HZ_NOT_BEFORE}(?P<h>{_HZ_YEAR})(?={_YEAR_TO}[{hanzi.DIGIT_CHARS}]{{2}}{_FISCAL})",
                    _hanzi_year,
                ),
                p(
                    "年",
                    rf"(?<=[{hanzi.DIGIT_CHARS}]{{4}}{_YEAR_TO})(?P<h>[{hanzi.DIGIT_CHARS}]{{2}}){_FISCAL}",
                    lambda m, f: _hanzi_year(m, f, "cardinal"),
                ),
                # the first day of a range written with the month, the last with 日 (5月14至16日)
                p(
                    "月",
                    rf"{_BEFORE}(?:{y4}\s*年\s*)?(?P<m>{d12})\s*月\s*(?P<d>{d12})(?=\s*{_DAY_TO}\s*{D}{{1,2}}\s*[日号])",
                    _date,
                ),
                p(
                    "月",
                    rf"{_HZ_NOT_BEFORE}(?:(?P<y>{_HZ_YEAR})\s*年\s*)?(?P<m>{_HZ_MONTH})\s*月\s*(?P<d>{_HZ_DAY})"
                    rf"(?=\s*{_DAY_TO}\s*(?:{_HZ_DAY})\s*[日号])",
                    _date,
                ),
                # ...and the last day in Chinese numerals (至四日: 4 on its own, as 4 in "December 1 to 4")
                p(
                    "日",
                    rf"(?<={_DAY_TO})(?P<h>{_HZ_DAY})(?=\s*[日号])",
                    lambda m, f: _hanzi(m, f, "cardinal", short=True),
                ),
                p("[%％]", rf"{_BEFORE}{n}{_AFTER}\s?[%％]", _percent),
                p("百分之", rf"百分之(?P<h>{_HZ})", lambda m, f: _hanzi(m, f, "percent")),
                p("百分之", rf"百分之{n}{_AFTER}", _percent),
                p("第", rf"第{n}{_AFTER}", _ordinal),
                p("第", rf"第(?P<h>{_HZ})", lambda m, f: _hanzi(m, f, "ordinal")),
                p("成", _CHENG, _cheng),
                # 2亿5,000万 (250 million)
                p(
                    "亿",
                    rf"{_BEFORE}{n}{_AFTER}[ \u00a0]?亿[ \u00a0]?(?P<n2>{_CORE['zh']}){_AFTER}[ \u00a0]?万",
                    _yi_wan,
                ),
                # 9万, 130 万 (a space typed between), 200多万 (more than two million)
                p(
                    rf"{D}[ \u00a0]?[多余]?[万亿千百]",
                    rf"{_BEFORE}{n}{_AFTER}[ \u00a0]?(?:(?P<w>万亿|千万|百万|亿|万|千(?![米克瓦卡焦帕赫兆]))"
                    rf"|[多余](?P<w2>万亿|亿|万))",
                    _scaled,
                ),
                p(
                    "[多余][万亿]",
                    rf"(?<![数几第十百千万亿零〇一二两三四五六七八九])(?P<h>[{hanzi.CHARS}]+)[多余](?P<w>万亿|亿|万)",
                    _hanzi_scaled,
                ),
                # not a month (十一月 is November, 十一个月 eleven months)
                p(
                    "[十百千万亿]",
                    rf"(?<![数几第十百千万亿零〇一二两三四五六七八九])(?P<h>{_HZ})(?!月)",
                    _hanzi,
                ),
            ]
        elif family == "en":
            day = rf"(?P<d>{d12})(?P<o>{_ORD_EN})?"
            month = rf"(?P<m>{_MON_EN})"
            pats += [
                p(_MON_EN, rf"{_BEFORE}{day}(?: of)? {month}\b(?:,? {y4}{_END})?", _date),
                p(_MON_EN, rf"\b{month}\.? {day}{_END}(?:,? {y4}{_END})?", _date),
                p(_MON_EN, rf"\b{month},? {y4}{_END}", _date),
                p("[%％]", rf"{_BEFORE}{n}{_AFTER}\s?[%％]", _percent),
                p("per ?cent", rf"{_BEFORE}{n}{_AFTER}{_SP}(?:percent|per cent)\b", _percent),
                p(rf"{D}{_ORD_EN}", rf"{_BEFORE}{n}(?P<o>{_ORD_EN})\b", _ordinal),
                p(
                    "(?i:thousand|illion|bn|mn)",
                    rf"{_BEFORE}{n}{_AFTER}(?:{_SP}(?P<w>(?i:thousand|million|billion|trillion))|{_SP}?(?P<w2>bn|mn))\b",
                    _en_scaled,
                ),
            ]
        else:
            genitive = "|".join(MONTHS_RU["gen"])
            pats += [
                p(
                    "(?i:янв|фев|мар|апр|ма[йяе]|июн|июл|авг|сен|окт|ноя|дек)",
                    rf"{_BEFORE}(?P<d>{d12}){_SP}(?P<m>(?i:{genitive})){_RU_END}(?:{_SP}{y4}{_END})?",
                    _date,
                ),
                p(
                    "(?i:янв|фев|мар|апр|ма[йяе]|июн|июл|авг|сен|окт|ноя|дек)",
                    rf"(?<![а-яёА-ЯЁ])(?P<m>(?i:{_MON_RU})){_SP}{y4}{_END}",
                    _date,
                ),
                p("г", rf"{_BEFORE}(?P<n>{D}{{4}})(?:-(?:м|й|го|е))?(?={_SP}{_RU_YEAR})", _year),
                p("%", rf"{_BEFORE}{n}{_SP}?%", _percent),
                p("процент", rf"{_BEFORE}{n}{_SP}(?P<w>{_RU_PERCENT}){_RU_END}", _percent),
                p(
                    rf"{D}-",
                    rf"{_BEFORE}(?P<n>{D}+)-(?:й|я|е|го|му|м|х|ми|ю|ый|ой|ая|ое|ого|ому|ом|ых){_RU_END}",
                    _ordinal,
                ),
                p(
                    "(?:тыс|млн|млрд|трлн|миллион|миллиард|триллион)",
                    rf"{_BEFORE}{n}{_SP}(?P<w>{_RU_SCALE})(?:(?<=\.)|{_RU_END})",
                    _scaled,
                ),
            ]
        pats.append(p(None, rf"{_BEFORE}{n}{_END}", _cardinal))
        out[family] = pats
    return out


def _en_scaled(m: re.Match, family: str) -> Number | None:
    word = (m.group("w") or m.group("w2")).lower()
    return _number(m, family, "cardinal", "n", scale=SCALES["en"][word])


_PATTERNS = _build()

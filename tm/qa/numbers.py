"""The numbers and dates of a segment as values, so that ``9万``, ``90,000`` and ``90 000`` are one number.

This module is the ONE place where the QA checks recognise numbers: :func:`extract`. It starts from tm's
placeables (:func:`tm.text.placeables.find`: digits, full-width digits, thousands separators, decimals,
dates) and adds what a reviewer of zh/en/ru press releases needs at least:

- Chinese myriads: ``9万`` = 90,000, ``1.5亿`` = 150,000,000 (a digit run followed by 万/亿/千);
- English and Russian scale words: ``1.5 million``, ``90 thousand``, ``1,5 млн``, ``90 тыс.``;
- month names next to a day: ``11th April``, ``April 11``, ``11 апреля`` give the month's number, so that
  they equal ``4月11日``;
- a date placeable (``2025-04-11``, ``11.04.2025``, ``2025年4月11日``) is its parts (year, month, day);
- Russian thousands written with a plain space (``80 000``): one number (the punctuation check asks for
  the no-break space);
- a decimal comma in Russian (``3,5``), thousands commas in English and Chinese (``1,250``).

Han numerals on their own (``两国``, ``三部``, ``第三天``) are words, not numbers: English says "both
countries", "three series", "the third day", and a number check must not ask for a digit there.

REPLACE: when ``tm.text.numbers.extract(text, lang)`` (cross-script number recognition, being built on
another branch) is merged, :func:`extract` becomes a thin adapter over it; the checks only use
:class:`Number` ``.value``, ``.start``, ``.end``, ``.text``.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from tm.lang import primary
from tm.text.placeables import find

MONTHS = {
    **{
        name: n
        for n, names in enumerate(
            (
                ("january", "jan"),
                ("february", "feb"),
                ("march", "mar"),
                ("april", "apr"),
                ("may",),
                ("june", "jun"),
                ("july", "jul"),
                ("august", "aug"),
                ("september", "sep", "sept"),
                ("october", "oct"),
                ("november", "nov"),
                ("december", "dec"),
            ),
            start=1,
        )
        for name in names
    },
    **{
        name: n
        for n, name in enumerate(
            "января февраля марта апреля мая июня июля августа сентября октября ноября декабря".split(), 1
        )
    },
    **{
        name: n
        for n, name in enumerate(
            "январь февраль март апрель май июнь июль август сентябрь октябрь ноябрь декабрь".split(), 1
        )
    },
}
_MONTH_WORD = re.compile(r"[^\W\d_]+\.?", re.U)
_HAN_SCALE = {"万": Decimal(10_000), "亿": Decimal(100_000_000), "千": Decimal(1000)}
_SCALES = {
    "thousand": Decimal(1000),
    "million": Decimal(10**6),
    "billion": Decimal(10**9),
    "тыс": Decimal(1000),
    "тысяч": Decimal(1000),
    "тысячи": Decimal(1000),
    "тысяча": Decimal(1000),
    "млн": Decimal(10**6),
    "миллион": Decimal(10**6),
    "миллиона": Decimal(10**6),
    "миллионов": Decimal(10**6),
    "млрд": Decimal(10**9),
    "миллиард": Decimal(10**9),
    "миллиарда": Decimal(10**9),
    "миллиардов": Decimal(10**9),
}
_SCALE_AFTER = re.compile(r"[ \u00a0]?([^\W\d_]+)\.?", re.U)
_PLAIN_SPACE_THOUSANDS = re.compile(r"(?<![\d.,])\d{1,3}(?: \d{3})+(?![\d]|[.,]\d)")
_DIGITS = re.compile(r"\d+")


@dataclass(frozen=True)
class Number:
    """One number of a segment: its value (a canonical decimal string) and where it is written."""

    value: str
    start: int
    end: int
    text: str
    kind: str = "num"  # num, date (a part of a date), month (a month name next to a day)


def _canonical(value: Decimal) -> str:
    text = format(value.normalize(), "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


def _parse(text: str, lang: str) -> Decimal | None:
    """The value of a number placeable as written (``1,250.5``, ``1 250,5``, ``３．５``, ``42%``, ``10th``)."""
    s = unicodedata.normalize("NFKC", text)
    s = re.sub(r"[%]|(?i:st|nd|rd|th)$", "", s)
    s = s.replace("\u00a0", "").replace("\u202f", "").replace("\u2009", "").replace(" ", "")
    s = s.replace("，", ",").replace("．", ".")
    if "," in s and "." in s:
        # the last separator is the decimal one
        if s.rfind(",") > s.rfind("."):
            s = s.replace(".", "").replace(",", ".")
        else:
            s = s.replace(",", "")
    elif "," in s:
        groups = s.split(",")
        thousands = all(len(g) == 3 for g in groups[1:]) and 1 <= len(groups[0]) <= 3
        if lang == "ru" and not (thousands and len(groups) > 2):
            s = s.replace(",", ".") if len(groups) == 2 else s.replace(",", "")
        else:
            s = s.replace(",", "") if thousands else s.replace(",", ".", 1).replace(",", "")
    elif s.count(".") > 1:
        groups = s.split(".")
        if not all(len(g) == 3 for g in groups[1:]):
            return None  # a version or an outline number (2.0.1): compared as written
        s = s.replace(".", "")  # 1.250.000 (thousands dots)
    try:
        return Decimal(s)
    except InvalidOperation:
        return None


def extract(text: str, lang: str) -> list[Number]:
    """The numbers of ``text`` (written in ``lang``), left to right, with comparable values."""
    lang = primary(lang)
    out: list[Number] = []
    taken: list[tuple[int, int]] = []
    if lang == "ru":
        for m in _PLAIN_SPACE_THOUSANDS.finditer(text):
            value = Decimal(m.group().replace(" ", ""))
            value, end = _scaled(text, m.end(), value, lang)
            out.append(Number(_canonical(value), m.start(), end, text[m.start() : end]))
            taken.append((m.start(), m.end()))
    for p in find(text):
        if any(a <= p.start < b for a, b in taken):
            continue
        if p.kind in ("url", "email"):
            continue
        if p.kind == "date":
            for d in _DIGITS.finditer(unicodedata.normalize("NFKC", p.text)):
                out.append(Number(_canonical(Decimal(d.group())), p.start, p.end, p.text, "date"))
            month = _month_in(p.text)
            if month is not None:
                out.append(Number(str(month), p.start, p.end, p.text, "date"))
            continue
        value = _parse(p.text, lang)
        if value is None:
            written = unicodedata.normalize("NFKC", p.text)
            out.append(Number(written, p.start, p.end, p.text))
            continue
        value, end = _scaled(text, p.end, value, lang)
        out.append(Number(_canonical(value), p.start, end, text[p.start : end]))
    out += _months(text, out)
    out.sort(key=lambda n: (n.start, n.kind))
    return out


def _scaled(text: str, end: int, value: Decimal, lang: str) -> tuple[Decimal, int]:
    """``value`` times a scale written right after it (万, 亿, million, млн), and where the number ends."""
    if end < len(text) and text[end] in _HAN_SCALE:
        # 千 only after a digit run that is not a year or a plain count: 5千 = 5,000
        return value * _HAN_SCALE[text[end]], end + 1
    if lang in ("en", "ru"):
        m = _SCALE_AFTER.match(text, end)
        if m and m.group(1).lower() in _SCALES:
            return value * _SCALES[m.group(1).lower()], m.end()
    return value, end


def _month_in(text: str) -> int | None:
    for word in _MONTH_WORD.findall(text):
        n = MONTHS.get(word.lower().rstrip("."))
        if n is not None:
            return n
    return None


def _months(text: str, numbers: list[Number]) -> list[Number]:
    """Month names next to a day number (``11th April``, ``April 11``, ``11 апреля``) as the month's number."""
    out = []
    for m in _MONTH_WORD.finditer(text):
        word = m.group().rstrip(".")
        n = MONTHS.get(word.lower())
        if n is None or (word.isascii() and not word[0].isupper()):  # English months are capitalised
            continue
        near_day = any(
            num.kind == "num"
            and (
                (0 < m.start() - num.end <= 2 and not text[num.end : m.start()].strip())
                or (0 < num.start - m.end() <= 2 and not text[m.end() : num.start].strip())
            )
            for num in numbers
        )
        if near_day:
            out.append(Number(str(n), m.start(), m.start() + len(word), word, "month"))
    return out


def values(text: str, lang: str) -> list[str]:
    """The values of :func:`extract`, sorted: what two segments are compared by."""
    return sorted(n.value for n in extract(text, lang))

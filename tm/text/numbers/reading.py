"""The pieces every language's number patterns share: digits and their separators, the boundaries of a
number, and the handlers that turn a regular-expression match into a :class:`Number`.

A pattern is a triple (what the text must hold before the pattern is tried, the pattern, its handler);
:func:`compile_patterns` makes a family's list when :func:`tm.text.numbers.extract` first needs it, and
each pattern is compiled when a text first holds its trigger.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Callable
from dataclasses import replace
from decimal import Decimal

from tm.text import hanzi
from tm.text.numbers.model import MONTHS_EN, MONTHS_EN_ABBR, MONTHS_RU, SCALES, Form, Number
from tm.text.placeables import LETTER

D = "[0-9０-９]"
BEFORE = rf"(?=[0-9０-９])(?<![0-9０-９])(?<!{LETTER})(?<![0-9０-９][.,．，])"
AFTER = rf"(?![0-9０-９])(?![.,．，]{D})"
END = rf"{AFTER}(?!{LETTER})"
SP = "[ \u00a0\u202f\u2009]"
Y4, D12 = rf"(?P<y>{D}{{4}})", rf"{D}{{1,2}}"
# the digits of a number: en and zh group with commas (or no-break/thin spaces) and mark decimals with a
# point; ru groups with spaces and marks decimals with a comma (or a point)
CORE = {
    "en": rf"{D}{{1,3}}(?:,{D}{{3}})+(?:\.{D}+)?|{D}{{1,3}}(?:，{D}{{3}})+(?:．{D}+)?"
    rf"|{D}{{1,3}}(?:[\u00a0\u202f\u2009]{D}{{3}})+(?:[.．]{D}+)?|{D}+(?:[.．]{D}+)?",
    "ru": rf"{D}{{1,3}}(?:{SP}{D}{{3}})+(?:[,.]{D}+)?{AFTER}|{D}+(?:[,.]{D}+)?",
}
CORE["zh"] = CORE["en"]

Handler = Callable[[re.Match, str], "Number | None"]
Spec = tuple[str | None, str, Handler]  # (what the text must hold first, pattern, handler), not compiled


class Pattern:
    """A pattern of a family, compiled the first time a text holds its trigger (most texts hold the
    triggers of a few patterns only: a lookup compiles what its sentences need)."""

    def __init__(self, trigger: str | None, pattern: str, handler: Handler) -> None:
        self.trigger = re.compile(trigger) if trigger else None
        self.source = pattern
        self.handler = handler

    @functools.cached_property
    def pattern(self) -> re.Pattern:
        return re.compile(self.source)


def compile_patterns(specs: list[Spec]) -> list[Pattern]:
    return [Pattern(*spec) for spec in specs]


def common(family: str) -> list[Spec]:
    """Numeric dates every language writes (first: at equal length they win), as :func:`last` ends."""
    return [
        (rf"{D}[-/.．]{D}", rf"{BEFORE}{Y4}(?P<s>[-/.．])(?P<m>{D12})(?P=s)(?P<d>{D12}){END}", date),
        (rf"{D}\.{D}", rf"{BEFORE}(?P<d>{D12})\.(?P<m>{D12})\.{Y4}{END}", date),
        (rf"{D}/{D}", rf"{BEFORE}{D12}/{D12}/{D}{{4}}{END}", opaque_date),
    ]


def last(family: str) -> list[Spec]:
    """A plain number, then a run of digits joined by points or commas that is no number of the language
    (``2.0.1``, English ``2,5``): the patterns tried last."""
    return [
        (None, rf"{BEFORE}(?P<n>{CORE[family]}){END}", cardinal),
        (rf"{D}[.,，．]{D}", rf"{BEFORE}{D}+(?:[.,，．]{D}+)+{END}", digits),
    ]


def parse_core(text: str, family: str) -> tuple[Decimal, str | None, str | None] | None:
    """(value, group separator, decimal mark) of a run of digits as ``family`` writes them; the marks as
    written (a no-break space stays one, a full-width comma too)."""
    found: list[str] = []
    seps: list[tuple[int, str]] = []
    for ch in text:
        if ch.isdigit():
            found.append(str(unicodedata.digit(ch)))
        else:
            seps.append((len(found), ch))
    decimal = group = None
    point = len(found)
    if seps:
        mark = {"，": ",", "．": "."}.get(seps[-1][1], seps[-1][1])
        if mark == "." or (family == "ru" and mark == ","):
            point, decimal = seps.pop()
    if seps:
        group = seps[0][1]
        if any(ch != group for _, ch in seps):
            return None
    whole = "".join(found[:point])
    value = Decimal(whole + "." + "".join(found[point:]) if decimal else whole)
    if group is None and len(whole) >= 5:
        group = ""
    return value, group, decimal


def script(text: str) -> str:
    return "fullwidth" if re.search("[０-９]", text) else "ascii"


def number(m: re.Match, family: str, kind: str, core: str, *, scale: int = 0, **form) -> Number | None:
    """A Number from match ``m`` whose group ``core`` holds the digits."""
    parsed = parse_core(m.group(core), family)
    if parsed is None:
        return None
    value, group, decimal = parsed
    start = m.start()
    span = (m.start(core) - start, m.end(core) - start)
    value = value.scaleb(scale)
    if kind == "cardinal" and scale == 0 and decimal is None and group is None and 1800 <= value <= 2199:
        if len(m.group(core)) == 4:
            kind = "year"
    shape = Form(script(m.group(core)), group, decimal, scale, span, **form)
    return Number(kind, value, m.group(), start, m.end(), family, shape)


def rel(m: re.Match, name: str) -> tuple[int, int] | None:
    return None if m.start(name) < 0 else (m.start(name) - m.start(), m.end(name) - m.start())


def cardinal(m: re.Match, family: str) -> Number | None:
    return number(m, family, "cardinal", "n")


def year(m: re.Match, family: str) -> Number | None:
    n = number(m, family, "year", "n")
    return n if n is not None and n.form.group is None and n.form.decimal is None else None


def scaled(m: re.Match, family: str) -> Number | None:
    word = m.group("w") or m.groupdict().get("w2")
    table = SCALES[family]
    key = next((k for k in sorted(table, key=len, reverse=True) if word.lower().startswith(k)), None)
    if key is None:
        return None
    agrees = family == "ru" and word.rstrip(".") not in ("тыс", "млн", "млрд", "трлн")
    return number(m, family, "cardinal", "n", scale=table[key], word=rel(m, "w") if agrees else None)


def percent(m: re.Match, family: str) -> Number | None:
    word = rel(m, "w") if "w" in m.groupdict() and m.group("w") and family == "ru" else None
    return number(m, family, "percent", "n", word=word)


def ordinal(m: re.Match, family: str) -> Number | None:
    kind = "year" if m.groupdict().get("yr") else "ordinal"
    suffix = rel(m, "o") if family == "en" else None
    return number(m, family, kind, "n", suffix=suffix)


def digits(m: re.Match, family: str) -> Number:
    """A run of digits joined by points or commas that the language does not read as one number."""
    shape = Form(script(m.group()), core=(0, len(m.group())))
    return Number("digits", Decimal(0), m.group(), m.start(), m.end(), family, shape)


def date(m: re.Match, family: str, group: str | int = 0) -> Number | None:
    """A date from the parts ``y``, ``m``, ``d`` of ``m`` (each may be missing); the date is what group
    ``group`` spans (a month-only pattern may match a word before it, such as "in May")."""
    start = m.start(group)
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
            month, style = month_name(raw)
            parts["m"] = month
        else:
            parts[name] = int(_nfkc(raw))
        fields.append((name, m.start(name) - start, m.end(name) - start, style))
    if not 1 <= parts.get("m", 1) <= 12 or not 1 <= parts.get("d", 1) <= 31:
        return None
    when = (parts.get("y"), parts.get("m"), parts.get("d"))
    value = Decimal((when[0] or 0) * 10000 + (when[1] or 0) * 100 + (when[2] or 0))
    text = m.group(group)
    kind = "hanzi" if any(style.startswith("hanzi") for *_, style in fields) else script(text)
    suffix = None
    if "o" in m.groupdict() and m.start("o") >= 0:
        suffix = (m.start("o") - start, m.end("o") - start)
    shape = Form(kind, suffix=suffix, fields=tuple(fields))
    return Number("date", value, text, start, m.end(group), family, shape, when)


def opaque_date(m: re.Match, family: str) -> Number:
    return Number("date", Decimal(0), m.group(), m.start(), m.end(), family, Form(script(m.group())))


def month_name(word: str) -> tuple[int, str]:
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


MINUS = "-\u2212\uff0d"  # hyphen-minus, minus sign, full-width hyphen-minus


@functools.cache
def _before_minus() -> re.Pattern:
    """What may stand before a minus sign: a space, an opening bracket, a colon, comma, semicolon or an
    equals sign, a Han character. (A letter, a digit, a percent sign or a dash before a hyphen make it
    a hyphen: ``COVID-19``, ``2020-21``, ``30%-40%``.)"""
    return re.compile(r"[\s(\[{（［【《<\"“'‘:：,，;；=≈~～\u3400-\u9fff]")


def signed(text: str, n: Number) -> Number:
    """``n`` with the minus sign written right before it (``-5%``, ``−3.2``, ``增长-5%``), as a negative
    number, when a space, a bracket, a colon or a Han character stands before the sign; else it is a hyphen
    (``COVID-19``, ``2020-21``, ``30%-40%``). Cardinals and percentages written in digits only."""
    if n.kind not in ("cardinal", "percent") or n.form.digits not in ("ascii", "fullwidth") or n.value <= 0:
        return n
    if n.start == 0 or text[n.start - 1] not in MINUS:
        return n
    if n.start >= 2 and not _before_minus().match(text, n.start - 2):
        return n
    form = n.form
    shift = {
        k: (getattr(form, k)[0] + 1, getattr(form, k)[1] + 1)
        for k in ("core", "suffix", "word")
        if getattr(form, k) is not None
    }
    return replace(
        n, value=-n.value, text=text[n.start - 1] + n.text, start=n.start - 1, form=replace(form, **shift)
    )


def _nfkc(text: str) -> str:
    return unicodedata.normalize("NFKC", text)

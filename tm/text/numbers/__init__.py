"""Numbers as zh, en and ru write them: their value, their kind and their written form.

:func:`extract` finds every number in a sentence; :func:`same_value` says whether two numbers (in the same
or different languages) are the same number; :func:`match_numbers` pairs the numbers of a text with those
of its translation and gives what is left over on each side; :func:`pair_numbers` pairs a query's numbers
with a TM source's. QA (a number missing or changed in a translation), the aligner (numbers as anchors)
and the match score (a number that differs) use these; :mod:`tm.text.adapt` uses them to carry a changed
number into a TM target, and :mod:`tm.text.numwrite` writes a value back in a number's own form.
:mod:`tm.text.numbers.approx` reads the word that makes a number approximate or a bound (``300多``, "over
300", «около 300»), which carrying and QA compare.

>>> [(n.text, n.kind, n.value) for n in extract("超过9万部作品，增长5%", "zh")]
[('9万', 'cardinal', Decimal('9E+4')), ('5%', 'percent', Decimal('5'))]
>>> same_value(extract("9万", "zh")[0], extract("90 000", "ru")[0])
True

What is read (digits ASCII or full-width everywhere):

- **zh** (simplified and traditional characters): ``90,000``, ``1.5``; multipliers ``9万``, ``1.2亿``,
  ``3000万``, ``1.2万亿``, ``3千`` (not ``千米``), ``9萬``, ``1.2億``; Chinese numerals that are numbers
  (``两千``, ``三十``, ``十二``, ``三千萬``, ``兩億``: a run with a unit character, see
  :mod:`tm.text.hanzi`; never ``千万``, ``十分``, ``一五一十``); "more than" before a scale (``200多万``,
  ``二百多万``, ``10余万``, ``10餘萬``: the number itself); a space typed before the scale (``130 万``);
  percentages ``5%``, ``百分之五``, tenths ``六成``, ``四成七``, ``两成``; ordinals ``第11``, ``第十一``;
  dates ``4月11日``, ``2025年4月11日``, ``2025年4月``, a month alone in digits ``5月``, ``12月份`` (not
  ``5个月``, five months; ``十一月`` and ``十月革命`` are words, as QA treats them), the first month of a
  range (``5至6月``); years ``2025年``; dates and years in
  Chinese numerals, the year digit by digit (``十月一日``, ``二〇一一年十月一日``, ``二零一一年``,
  ``二○一一年``), fiscal years (``二零一六／一七年度`` as ``2016/17``: a year and 17).
- **en**: ``90,000``, ``1.5``, ``90 thousand``, ``1.5 million``, ``2.3 billion``, ``$1.5bn``; ``5%``,
  ``5 percent``; ordinals ``11th``; dates ``11 April``, ``April 11``, ``11th April``, ``April 11, 2025``,
  ``April 2025``; a month alone, capitalised and not followed by a name (``in June``; ``May`` and
  ``March`` only after a word such as "in", "since", "mid-", or alone in the text).
- **ru**: ``90 000`` (no-break, thin or plain space), decimal comma ``1,5``; ``90 тыс.``, ``150 млн``,
  ``2,3 млрд``, ``1,5 миллиона``; ``5 %``, ``5 процентов``; ordinals ``11-й``; dates ``11 апреля``,
  ``11 апреля 2025`` (года), ``в апреле 2025``, a month alone in lower case (``в мае``, ``с мая``);
  years ``2025 году``, ``2025-м году``.
- numeric dates in any language: ``2025-04-11``, ``2025/4/11``, ``11.04.2025``; ``4/11/2025`` (which
  order?) is kept as an opaque date compared by its text.
- a run of digits joined by points or commas that is no number of the language (a version ``2.0.1``, an
  English ``2,5``): kind ``digits``, compared and carried by its text.

A minus sign written right before a number in digits makes it negative (``-5%``, ``−3.2``; not the hyphen
of ``COVID-19`` or ``2020-21``). A bare four-digit number from 1800 to 2199 is a ``year`` (``in 2025``);
years and cardinals compare equal to each other (``2025年`` = ``2025``). Digits glued to a Latin or
Cyrillic letter (``A4``, ``4K``) and digits inside a URL or an e-mail address are not numbers.

Each language's patterns are made the first time a text of that language is read, and each pattern is
compiled the first time a text holds what it needs (importing this package compiles nothing: ``tm
lookup`` starts without paying for them, and a lookup pays for the patterns its sentences need).
"""

from __future__ import annotations

import functools
import re

from tm.text.numbers import en_ru, zh
from tm.text.numbers.model import (
    KINDS,
    MONTHS_EN,
    MONTHS_EN_ABBR,
    MONTHS_RU,
    SCALES,
    Form,
    Number,
    match_numbers,
    pair_numbers,
    rules,
    same_value,
)
from tm.text.numbers.reading import Pattern, compile_patterns, signed
from tm.text.placeables import EMAIL, URL

__all__ = [
    "KINDS",
    "MONTHS_EN",
    "MONTHS_EN_ABBR",
    "MONTHS_RU",
    "SCALES",
    "Form",
    "Number",
    "extract",
    "match_numbers",
    "pair_numbers",
    "rules",
    "same_value",
]


def extract(text: str, lang: str | None) -> list[Number]:
    """The numbers of ``text`` left to right, read with ``lang``'s rules (see :func:`rules`)."""
    return list(_extract(text, rules(lang, text)))


@functools.cache
def _family(family: str) -> tuple[re.Pattern, list[Pattern]]:
    """What a text must hold to hold a number, and the patterns in priority order, compiled on first use."""
    if family == "zh":
        return re.compile(zh.ANY), compile_patterns(zh.specs())
    return re.compile(en_ru.ANY[family]), compile_patterns(en_ru.specs(family))


@functools.cache
def _links() -> re.Pattern:
    return re.compile(f"{URL}|{EMAIL}")


@functools.lru_cache(maxsize=8192)
def _extract(text: str, family: str) -> tuple[Number, ...]:
    any_number, patterns = _family(family)
    if not any_number.search(text):
        return ()
    blocked = (
        [(m.start(), m.end()) for m in _links().finditer(text)]
        if ("@" in text or "/" in text or "www" in text)
        else []
    )
    found = []
    for priority, p in enumerate(patterns):
        if p.trigger is not None and not p.trigger.search(text):
            continue
        for m in p.pattern.finditer(text):
            if any(s < m.end() and m.start() < e for s, e in blocked):
                continue
            number = p.handler(m, family)
            if number is not None:
                found.append((number.start, -number.end, priority, number))
    out: list[Number] = []
    for start, _, _, number in sorted(found, key=lambda f: f[:3]):
        if not out or start >= out[-1].end:
            out.append(number)
    return tuple(signed(text, n) for n in out)

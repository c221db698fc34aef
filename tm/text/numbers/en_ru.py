"""English and Russian numbers: digits with their separators and decimal marks (``90,000``, ``90 000``,
``1,5``), scale words (``1.5 million``, ``150 млн``), percentages, ordinals (``11th``, ``11-й``), dates
with month names (``11 April``, ``April 2025``, ``11 апреля``) and a month alone (``in May``, ``в мае``),
years (``в 2025 году``). See :mod:`tm.text.numbers` for the whole list."""

from __future__ import annotations

import re

from tm.text.numbers.model import MONTHS_EN, MONTHS_EN_ABBR, MONTHS_RU, SCALES, Number
from tm.text.numbers.reading import (
    AFTER,
    BEFORE,
    CORE,
    D12,
    END,
    SP,
    Y4,
    D,
    Spec,
    common,
    date,
    last,
    number,
    ordinal,
    percent,
    scaled,
    year,
)

_TRIGGER_EN = "Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec"
_TRIGGER_RU = "(?i:янв|фев|мар|апр|ма[йяе]|июн|июл|авг|сен|окт|ноя|дек)"
ANY = {"en": rf"{D}|{_TRIGGER_EN}", "ru": rf"{D}|{_TRIGGER_RU}"}  # what a text must hold to hold a number

_ORD_EN = "(?:st|nd|rd|th)"
_MON_EN = "|".join(MONTHS_EN + ["Sept"] + MONTHS_EN_ABBR)
# a month alone: its name, capitalised, not followed by a name ("June Carter"); "May" and "March" (a
# verb too) only after a word that introduces a time ("in May", "since March", "mid-May") or alone
_MON_ALONE = "|".join(m for m in MONTHS_EN if m not in ("May", "March"))
_NOT_A_NAME = r"\b(?!\s+[A-Z][a-z])"
_LEAD = (
    r"(?:\b(?i:in|since|until|till|by|from|during|of|last|next|this|early|late|through|throughout|before"
    r"|after|between|to|and|or|each|every)\s+|\b(?i:mid)-)"
)
_MON_RU = "|".join(MONTHS_RU["gen"] + MONTHS_RU["nom"] + MONTHS_RU["prep"])
_RU_END = "(?![а-яёА-ЯЁ])"
_RU_SCALE = (
    r"тыс\.|млн\.?|млрд\.?|трлн\.?|тысяч(?:а|и|у|е|ей|ам|ами|ах)?"
    r"|(?:миллион|миллиард|триллион)(?:а|ов|у|ом|е|ам|ами|ах)?"
)
_RU_PERCENT = "процент(?:а|ов|у|ом|е|ам|ами|ах)?"
_RU_YEAR = r"(?:год|года|году|годом|годах|гг?\.)"


def _month_in(m: re.Match, family: str) -> Number | None:
    return date(m, family, "x")


def specs(family: str) -> list[Spec]:
    """The patterns of ``family`` (en or ru) in priority order (a longer match wins; at equal length, the
    first)."""
    n = rf"(?P<n>{CORE[family]})"
    return [*common(family), *(_english(n) if family == "en" else _russian(n)), *last(family)]


def _english(n: str) -> list[Spec]:
    day = rf"(?P<d>{D12})(?P<o>{_ORD_EN})?"
    month = rf"(?P<m>{_MON_EN})"
    return [
        (_MON_EN, rf"{BEFORE}{day}(?: of)? {month}\b(?:,? {Y4}{END})?", date),
        (_MON_EN, rf"\b{month}\.? {day}{END}(?:,? {Y4}{END})?", date),
        (_MON_EN, rf"\b{month},? {Y4}{END}", date),
        (_MON_ALONE, rf"\b(?P<m>{_MON_ALONE}){_NOT_A_NAME}", date),
        ("May|March", rf"{_LEAD}(?P<x>(?P<m>May|March)){_NOT_A_NAME}", _month_in),
        ("May|March", r"\A\s*(?P<x>(?P<m>May|March))\.?\s*\Z", _month_in),
        ("[%％]", rf"{BEFORE}{n}{AFTER}\s?[%％]", percent),
        ("per ?cent", rf"{BEFORE}{n}{AFTER}{SP}(?:percent|per cent)\b", percent),
        (rf"{D}{_ORD_EN}", rf"{BEFORE}{n}(?P<o>{_ORD_EN})\b", ordinal),
        (
            "(?i:thousand|illion|bn|mn)",
            rf"{BEFORE}{n}{AFTER}(?:{SP}(?P<w>(?i:thousand|million|billion|trillion))|{SP}?(?P<w2>bn|mn))\b",
            _en_scaled,
        ),
    ]


def _russian(n: str) -> list[Spec]:
    genitive = "|".join(MONTHS_RU["gen"])
    return [
        (_TRIGGER_RU, rf"{BEFORE}(?P<d>{D12}){SP}(?P<m>(?i:{genitive})){_RU_END}(?:{SP}{Y4}{END})?", date),
        (_TRIGGER_RU, rf"(?<![а-яёА-ЯЁ])(?P<m>(?i:{_MON_RU})){SP}{Y4}{END}", date),
        # a month alone, as Russian writes it: in lower case (в мае, с мая, май)
        (_TRIGGER_RU, rf"(?<![а-яёА-ЯЁ])(?P<m>{_MON_RU}){_RU_END}", date),
        ("г", rf"{BEFORE}(?P<n>{D}{{4}})(?:-(?:м|й|го|е))?(?={SP}{_RU_YEAR})", year),
        ("%", rf"{BEFORE}{n}{SP}?%", percent),
        ("процент", rf"{BEFORE}{n}{SP}(?P<w>{_RU_PERCENT}){_RU_END}", percent),
        (
            rf"{D}-",
            rf"{BEFORE}(?P<n>{D}+)-(?:й|я|е|го|му|м|х|ми|ю|ый|ой|ая|ое|ого|ому|ом|ых){_RU_END}",
            ordinal,
        ),
        (
            "(?:тыс|млн|млрд|трлн|миллион|миллиард|триллион)",
            rf"{BEFORE}{n}{SP}(?P<w>{_RU_SCALE})(?:(?<=\.)|{_RU_END})",
            scaled,
        ),
    ]


def _en_scaled(m: re.Match, family: str) -> Number | None:
    word = (m.group("w") or m.group("w2")).lower()
    return number(m, family, "cardinal", "n", scale=SCALES["en"][word])

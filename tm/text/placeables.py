"""Placeables: numbers, dates, URLs and e-mail addresses, which a translation carries over rather than
translates.

Matching sees a placeable as its kind (``num``, ``date``, ``url``, ``email``), so that two sentences that
differ only in a number are the same sentence with a small penalty. These patterns only cut tokens and find
URLs and addresses: which numbers differ (the penalty) and how the new sentence's values go into the old
translation are read by :mod:`tm.text.numbers`, with their scale words (``9万``, ``1.5 million``,
``4月11日``), in :func:`tm.text.adapt.differences` and :func:`tm.text.adapt.adapt`.

Numbers: ASCII and full-width digits, with thousands separators (also no-break and thin spaces, as Russian
writes them), decimals and a percent sign (``1,250.5``, ``1\u00a0250,5``, ``３．５``, ``42%``). Dates: ``2025-04-10``, ``2025/4/10``, ``10.04.2025``, ``2025年4月10日``,
``10 April 2025``, ``April 10, 2025``, ``10 апреля 2025``. A run of digits glued to a Latin or Cyrillic
letter (``A4``, ``4K``) is a word, not a number; one glued to a Han character (``2025年``) is a number.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

_MONTHS_EN = (
    "January|February|March|April|May|June|July|August|September|October|November|December|"
    "Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec"
)
_MONTHS_RU = "января|февраля|марта|апреля|мая|июня|июля|августа|сентября|октября|ноября|декабря"
_D = r"[0-9０-９]"
# letters of scripts that separate words with spaces: digits glued to one of these make a word
LETTER = r"[^\W\d_\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uac00-\ud7af\u1100-\u11ff\u3130-\u318f\U00020000-\U0003134f]"

URL = (
    r"(?i:https?://|www\.)[^\s<>\"\u3000-\u303f\uff00-\uffef]*[^\s<>\"'.,;:!?)\]}\u3000-\u303f\uff00-\uffef]"
)
EMAIL = r"[A-Za-z0-9._%+\-]+@[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)+"
DATE = (
    rf"(?:{_D}{{4}}[-/．.]{_D}{{1,2}}[-/．.]{_D}{{1,2}}"
    rf"|{_D}{{1,2}}[./]{_D}{{1,2}}[./]{_D}{{4}}"
    rf"|{_D}{{4}}年{_D}{{1,2}}月{_D}{{1,2}}[日号]"
    rf"|{_D}{{1,2}} (?i:{_MONTHS_EN}|{_MONTHS_RU}) {_D}{{4}}"
    rf"|(?i:{_MONTHS_EN}) {_D}{{1,2}}, {_D}{{4}})(?!{_D})"
)
_CORE = rf"{_D}+(?:[\u00a0\u202f\u2009]{_D}{{3}}(?!{_D}))*(?:[.,，．]{_D}+)*"
NUMBER = rf"{_CORE}(?:[%％]|(?i:st|nd|rd|th)(?!{LETTER}))?(?!{_D}|{LETTER})"

KINDS = ("url", "email", "date", "num")
_PATTERN = re.compile(f"(?P<url>{URL})|(?P<email>{EMAIL})|(?P<date>{DATE})|(?P<num>{NUMBER})")


@dataclass(frozen=True)
class Placeable:
    kind: str  # url, email, date, num
    text: str  # as written
    start: int
    end: int

    @property
    def value(self) -> str:
        """What two placeables are compared by: NFKC (``２０２５`` = ``2025``), case-folded for URLs."""
        value = unicodedata.normalize("NFKC", self.text)
        return value.casefold() if self.kind in ("url", "email") else value


def find(text: str) -> list[Placeable]:
    """The placeables of ``text``, left to right."""
    out = []
    for m in _PATTERN.finditer(text):
        # a number inside a word (``A4``, ``x86``) is part of that word
        if m.lastgroup == "num" and m.start() > 0 and re.match(LETTER, text[m.start() - 1]):
            continue
        out.append(Placeable(m.lastgroup, m.group(), m.start(), m.end()))
    return out

"""Scripts and characters the checks reason about: Han, Cyrillic, Latin, full-width punctuation."""

from __future__ import annotations

import re

HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f"
HAN_RE = re.compile(f"[{HAN}]")
HAN_RUN = re.compile(f"[{HAN}]+")
CYRILLIC_RUN = re.compile(r"[\u0400-\u04ff]+")
# full-width and CJK punctuation that has no place in English or Russian text
FULLWIDTH_PUNCT = re.compile(
    "[\u3000-\u3003\u3008-\u3011\u3014-\u301f\uff01-\uff0f\uff1a-\uff20\uff3b-\uff40\uff5b-\uff65]"
)
CJK_LANGS = frozenset({"zh", "ja", "ko"})
CYRILLIC_LANGS = frozenset({"ru", "uk", "be", "bg", "sr", "mk", "kk", "ky", "mn", "tg"})


def uses_han(lang: str) -> bool:
    return lang in ("zh", "ja")


def uses_cyrillic(lang: str) -> bool:
    return lang in CYRILLIC_LANGS


def spans(pattern: re.Pattern, text: str) -> tuple[tuple[int, int], ...]:
    return tuple((m.start(), m.end()) for m in pattern.finditer(text))

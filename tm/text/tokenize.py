"""Tokens for matching: words and punctuation marks in space-delimited scripts, one token per character for
Han, kana and hangul, placeables (numbers, dates, URLs, e-mail addresses) as single tokens, and inline-code
placeholders. Mixed text is tokenised per script: ``用Python 3编程`` is ``用 | Python | 3 | 编 | 程``.

Tokens keep their offsets in the original text (for highlighting); their ``key`` is what matching compares:
NFKC and case-folded for words, the kind for placeables (their value is compared separately).

>>> [t.text for t in tokenize("2025年《报告》: Don't panic!")]
['2025', '年', '《', '报', '告', '》', ':', "Don't", 'panic', '!']
"""

from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass

from tm.text.placeables import _MONTHS_EN, DATE, EMAIL, LETTER, NUMBER, URL

CJK = (
    "\u1100-\u11ff\u3040-\u30ff\u3130-\u318f\u3400-\u4dbf\u4e00-\u9fff\ua960-\ua97f\uac00-\ud7af"
    "\uf900-\ufaff\uff66-\uff9f\U00020000-\U0003134f"
)
_WORD = rf"{LETTER}[^\W_{CJK}]*(?:['’]{LETTER}+)*|[^\W{CJK}]+"
_PLACEABLE_PATTERNS = (("url", URL), ("email", EMAIL), ("date", DATE), ("num", NUMBER))
# What each placeable's pattern must start with, checked first: a lookahead that every match of the
# pattern passes anyway (URLs start with http or www, numbers with a digit, dates with a digit or an
# English month name), so the token pattern matches exactly the same, only without entering the long
# alternatives at every word (40% of tokenising an English sentence with a number in it).
_STARTS = {
    "url": "(?=(?i:[hw]))",
    "email": "",
    "date": "(?=[0-9０-９]|(?i:[jfmasond]))",
    "num": "(?=[0-9０-９])",
}
# The keys of a text without placeables (CJK characters and words; codes and punctuation only separate
# them): what :func:`keys` finds with one ``findall`` where no placeable can occur.
_PLAIN = re.compile(f"[{CJK}]|{_WORD}")


@functools.lru_cache(maxsize=16)
def _compile(kinds: tuple[str, ...]) -> re.Pattern:
    """The token pattern with only the placeable kinds that the text can hold (each costs time per word)."""
    parts = [r"(?P<code>[\ue000-\uf8ff])", f"(?P<cjk>[{CJK}])"]
    for kind, pattern in _PLACEABLE_PATTERNS:
        if kind in kinds:
            guard = f"{_STARTS[kind]}(?<!{LETTER})" if kind == "num" else _STARTS[kind]
            parts.append(f"{guard}(?P<{kind}>{pattern})")
    parts += [f"(?P<word>{_WORD})", r"(?P<punct>\S)"]
    return re.compile("|".join(parts))


def _pattern(text: str) -> re.Pattern:
    kinds = []
    if "://" in text or "www." in text.lower():
        kinds.append("url")
    if "@" in text:
        kinds.append("email")
    if _DIGIT.search(text):
        kinds += ["date", "num"]
    return _compile(tuple(kinds))


_DIGIT = re.compile("[0-9０-９]")
_NO_PLACEABLES = _compile(())
_NUMBERS = _compile(("date", "num"))
_CJK_CHAR = re.compile(f"[{CJK}]")
_MONTH_END = re.compile(rf"(?i:{_MONTHS_EN})$")  # "April 10, 2025" is a date from the month on
PLACEABLE_KINDS = frozenset(("url", "email", "date", "num"))
SIGNATURE = "tok:word+punct|cjk-char|placeables.1"


@dataclass(frozen=True)
class Token:
    kind: str  # word, cjk, num, date, url, email, punct, code
    text: str  # as written
    start: int
    end: int

    @property
    def key(self) -> str:
        """What the edit distance compares."""
        if self.kind in PLACEABLE_KINDS:
            return "\x01" + self.kind
        return unicodedata.normalize("NFKC", self.text).casefold()


@functools.lru_cache(maxsize=4096)
def tokenize(text: str) -> tuple[Token, ...]:
    """The tokens of ``text``, left to right (whitespace separates tokens and is not one)."""
    return tuple(Token(m.lastgroup, m.group(), m.start(), m.end()) for m in _pattern(text).finditer(text))


def keys(text: str) -> tuple[str, ...]:
    """The keys of ``text``'s word, character and placeable tokens (not punctuation or codes): the same as
    ``[t.key for t in tokenize(text) if t.kind not in ("punct", "code")]``, without building tokens."""
    pattern = _pattern(text)
    ascii_only = text.isascii()
    normalized = ascii_only or unicodedata.is_normalized("NFKC", text)
    if normalized:
        if pattern is _NO_PLACEABLES:
            return _plain_keys(text, ascii_only)
        if pattern is _NUMBERS:
            # numbers (and dates) only: the text before the first digit has none, and where a CJK
            # character or a space not following a month name stands before that digit, no token
            # crosses from one side to the other (a number's look-behind sees no letter there either)
            cut = _DIGIT.search(text).start()
            before = text[cut - 1] if cut else ""
            if _CJK_CHAR.match(before) or (
                before.isspace() and not _MONTH_END.search(text[:cut].rstrip()[-9:])
            ):
                return _plain_keys(text[:cut], ascii_only) + _keys(
                    text[cut:], pattern, ascii_only, normalized
                )
    return _keys(text, pattern, ascii_only, normalized)


def _plain_keys(text: str, ascii_only: bool) -> tuple[str, ...]:
    """The keys of a normalised text without placeables: its CJK characters and words, in order, with one
    findall (a CJK character has no case: casefold leaves it as it is; lower() is casefold in ASCII)."""
    if ascii_only:
        return tuple(_PLAIN.findall(text.lower()))
    found = _PLAIN.findall(text)
    # casefold maps each character on its own: a text it leaves as it is has tokens it leaves as they are
    # (most Chinese text: one pass over the text instead of a call per character)
    return tuple(found) if text.casefold() == text else tuple(map(str.casefold, found))


def _keys(text: str, pattern: re.Pattern, ascii_only: bool, normalized: bool) -> tuple[str, ...]:
    out = []
    for m in pattern.finditer(text):
        kind = m.lastgroup
        if kind == "cjk":
            out.append(m.group() if normalized else unicodedata.normalize("NFKC", m.group()).casefold())
        elif kind == "word":
            word = m.group()
            out.append(
                word.lower()
                if ascii_only
                else (word if normalized else unicodedata.normalize("NFKC", word)).casefold()
            )
        elif kind in PLACEABLE_KINDS:
            out.append("\x01" + kind)
    return tuple(out)

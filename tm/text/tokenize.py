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

from tm.text.placeables import DATE, EMAIL, LETTER, NUMBER, URL

CJK = (
    "\u1100-\u11ff\u3040-\u30ff\u3130-\u318f\u3400-\u4dbf\u4e00-\u9fff\ua960-\ua97f\uac00-\ud7af"
    "\uf900-\ufaff\uff66-\uff9f\U00020000-\U0003134f"
)
_WORD = rf"{LETTER}[^\W_{CJK}]*(?:['’]{LETTER}+)*|[^\W{CJK}]+"
_TOKEN = re.compile(
    rf"(?P<code>[\ue000-\uf8ff])|(?P<url>{URL})|(?P<email>{EMAIL})|(?P<date>{DATE})"
    rf"|(?<!{LETTER})(?P<num>{NUMBER})|(?P<cjk>[{CJK}])|(?P<word>{_WORD})|(?P<punct>\S)",
    re.IGNORECASE,
)
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
    return tuple(Token(m.lastgroup, m.group(), m.start(), m.end()) for m in _TOKEN.finditer(text))

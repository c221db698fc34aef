"""Word and character counts as translators bill them.

Words: each Han character (and each Japanese kana) is one word, as Trados Studio and translate-toolkit
count; elsewhere a word is a whitespace-separated token holding at least one letter or digit (punctuation
alone is not a word). Inline-code placeholders are neither words nor characters. Characters: every
character except whitespace and placeholders (what "characters without spaces" means in word processors).

>>> words("2025年世界城市报告")
8
>>> words("The U.S. economy grew 3.5% — fast.")
6
>>> characters("A b。")
3
"""

from __future__ import annotations

import re

# CJK ideographs (with extensions and compatibility forms) and Japanese kana: one word per character.
_CJK = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f"
_CJK_CHAR = re.compile(f"[{_CJK}]")
_SPLIT = re.compile(f"[\\s{_CJK}\ue000-\uf8ff]+")
_WORDLIKE = re.compile(r"[^\W_]")  # a letter or digit in any script
_NOT_COUNTED = re.compile(r"[\s\ue000-\uf8ff]")

SIGNATURE = "words:cjk-char+ws-alnum|chars:no-space"


def words(text: str) -> int:
    """Words in ``text``: one per Han or kana character plus the whitespace words of the rest."""
    cjk = len(_CJK_CHAR.findall(text))
    others = sum(1 for token in _SPLIT.split(text) if token and _WORDLIKE.search(token))
    return cjk + others


def characters(text: str) -> int:
    """Characters in ``text`` without whitespace and inline-code placeholders."""
    return len(_NOT_COUNTED.sub("", text))

"""Normalisation before matching: Unicode NFKC (full-width digits and letters equal half-width ones) and
whitespace folded (any run of spaces, tabs, newlines, ideographic or no-break spaces is one space).

>>> normalize("２０２５年\u3000Ｑ１  results\\n")
'2025年 Q1 results'
"""

from __future__ import annotations

import re
import unicodedata

_SPACES = re.compile(r"\s+")

SIGNATURE = "nfkc+ws"


def normalize(text: str) -> str:
    """``text`` in NFKC with whitespace runs folded to one space and the ends stripped."""
    return _SPACES.sub(" ", unicodedata.normalize("NFKC", text)).strip()


def fold(text: str) -> str:
    """:func:`normalize`, then case-folded: what concordance and context comparisons see."""
    return normalize(text).casefold()

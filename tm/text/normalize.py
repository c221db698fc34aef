"""Normalisation before matching: Unicode NFKC (full-width digits and letters equal half-width ones) and
whitespace folded (any run of spaces, tabs, newlines, ideographic or no-break spaces is one space).

>>> normalize("２０２５年\u3000Ｑ１  results\\n")
'2025年 Q1 results'
"""

from __future__ import annotations

import re
import unicodedata

_SPACES = re.compile(r"\s+")
_DASHES = dict.fromkeys(map(ord, "\u2010\u2011\u2012\u2013\u2014\u2015\u2212"), "-")
_QUOTES = dict.fromkeys(map(ord, "\u2018\u2019\u201a\u201b`\u00b4"), "'")
_QUOTES.update(dict.fromkeys(map(ord, "\u201c\u201d\u201e\u201f\u00ab\u00bb"), '"'))
_SPACE = {ord(c): " " for c in "\u00a0\u202f\u2009\u3000\t\n\r"}
_TERM_FOLD = {**_DASHES, **_QUOTES, **_SPACE, ord("ё"): "е", ord("Ё"): "е"}

SIGNATURE = "nfkc+ws"


def normalize(text: str) -> str:
    """``text`` in NFKC with whitespace runs folded to one space and the ends stripped."""
    return _SPACES.sub(" ", unicodedata.normalize("NFKC", text)).strip()


def fold(text: str) -> str:
    """:func:`normalize`, then case-folded: what concordance and context comparisons see."""
    return normalize(text).casefold()


def fold_term_map(text: str) -> tuple[str, list[int]]:
    """``text`` folded as terms are compared (see the module's docstring; runs of spaces as one), with the
    index in ``text`` of each character of the result. A character and the combining marks after it are
    folded together (a decomposed ``é`` is the composed one)."""
    out: list[str] = []
    where: list[int] = []
    i, n = 0, len(text)
    while i < n:
        j = i + 1
        while j < n and unicodedata.combining(text[j]):
            j += 1
        for c in unicodedata.normalize("NFKC", text[i:j]).casefold().translate(_TERM_FOLD):
            if c == " " and out and out[-1] == " ":
                continue
            out.append(c)
            where.append(i)
        i = j
    return "".join(out), where


def fold_term(text: str) -> str:
    """A term or a text as the termbase compares them: :func:`fold_term_map`'s text, ends stripped."""
    return fold_term_map(text)[0].strip()

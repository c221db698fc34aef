"""Russian morphology through pymorphy3 (OpenCorpora dictionaries): the lemmas a word form may have, so
that ``делегации Китайского павильона`` matches the term ``Китайский павильон``.

The analyser loads its dictionary once (about 15 MB, 0.1 s); words are looked up through a cache.
"""

from __future__ import annotations

import functools


@functools.lru_cache(maxsize=1)
def analyzer():
    """pymorphy3's Russian analyser, loaded on first use."""
    import pymorphy3  # lazy: its dictionary loads only when Russian text is matched

    return pymorphy3.MorphAnalyzer(lang="ru")


@functools.lru_cache(maxsize=65536)
def lemmas(word: str) -> frozenset[str]:
    """Every normal form pymorphy3 gives for ``word`` (lower-cased), and the word itself lower-cased."""
    low = word.lower().replace("ё", "е")
    if not any("\u0400" <= ch <= "\u04ff" for ch in low):
        return frozenset({low})
    forms = {p.normal_form.replace("ё", "е") for p in analyzer().parse(low)}
    return frozenset(forms | {low})


SIGNATURE = "pymorphy3+opencorpora-ru"

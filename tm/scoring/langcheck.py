"""Does ``--lang`` fit the text scored? A warning when the references are plainly in another script.

``--lang`` picks the BLEU tokenizer and the TER options: Chinese scored as ``en-GB`` is split on spaces
(a whole sentence is one word), so two identical files score BLEU 0.0. The script most letters of the
references are written in (a sample of them) is compared with the scripts ``--lang`` is written in, for
the languages whose script is certain; a mismatch is a note, not an error (a transliterated corpus, a
list of Latin names).
"""

from __future__ import annotations

import unicodedata
from collections import Counter
from collections.abc import Iterable

from tm.lang import primary

SAMPLE = 500  # reference segments looked at
_CJK = {"zh": {"CJK"}, "ja": {"CJK", "HIRAGANA", "KATAKANA"}, "ko": {"HANGUL", "CJK"}}
_CYRILLIC = dict.fromkeys(("ru", "uk", "be", "bg", "mk", "sr", "kk", "ky", "mn", "tg"), {"CYRILLIC"})
_LATIN = dict.fromkeys(
    ("en", "de", "fr", "es", "it", "pt", "nl", "pl", "cs", "sv", "da", "no", "fi", "tr", "vi", "id"),
    {"LATIN"},
)
SCRIPTS: dict[str, set[str]] = {**_CJK, **_CYRILLIC, **_LATIN, "el": {"GREEK"}, "ar": {"ARABIC"}}
_NAMES = {"CJK": "Han characters", "HANGUL": "Hangul", "HIRAGANA": "kana", "KATAKANA": "kana"}


def _script(ch: str) -> str | None:
    name = unicodedata.name(ch, "")
    return name.split(" ", 1)[0] if name else None


def dominant_script(texts: Iterable[str]) -> str | None:
    """The script at least half of the letters are written in (None: no such script, or no letters)."""
    counts: Counter[str] = Counter()
    for text in texts:
        counts.update(s for s in map(_script, filter(str.isalpha, text)) if s)
    if not counts:
        return None
    script, n = counts.most_common(1)[0]
    return script if n * 2 >= sum(counts.values()) else None


def script_notes(lang: str, texts: Iterable[str]) -> tuple[str, ...]:
    """A warning when the references are written in a script ``lang`` is not written in."""
    expected = SCRIPTS.get(primary(lang))
    found = dominant_script(texts)
    if expected is None or found is None or found in expected:
        return ()
    written = _NAMES.get(found, f"{found.title()} script")
    return (
        f"the references are mostly {written}, which --lang {lang} is not written in: the scores use "
        f"{lang}'s tokenizer and options, and mean little if --lang is wrong",
    )

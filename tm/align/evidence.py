"""What a sentence offers as evidence that another sentence translates it, in any script.

Each sentence becomes a :class:`Features`: its length (characters without spaces; Chinese is counted by
characters), its *keys* (things written the same way in every language once normalised: numbers and
dates, Latin-script names and acronyms, quotation marks and brackets, Cyrillic names transliterated) and
its *words* (what a dictionary, the TM's learned word pairs or a termbase translate).

Numbers are read by :mod:`tm.text.numbers` (zh, en and ru forms, Chinese numerals, dates);
:func:`number_keys` only turns them into keys.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from tm.lang import primary
from tm.text.numbers import Number, extract

# -- numbers ---------------------------------------------------------------------------------------------
# a day range: the first or last day written without its month (9月15日至21日, from 15th to 21st September)
_RANGE = re.compile(
    r"\s*(?:-|–|—|~|～|至|到|和|及|to|until|till|through|and|по|до|и)\s*", re.IGNORECASE
)  # "and": between May 14 and 16, on May 14 and 16 (both in May)


def number_keys(text: str, lang: str) -> list[str]:
    """The numbers and dates of ``text`` as keys (see :func:`number_items`)."""
    return [key for key, _ in number_items(text, lang)]


def number_items(text: str, lang: str) -> list[tuple[str, bool]]:
    """The numbers and dates of ``text`` (read by :func:`tm.text.numbers.extract`, the one reader of
    numbers in tm) as language-independent keys, left to right.

    ``8万``, ``80,000`` and ``80 000`` are all ``n:80000``; ``2025年``, ``二〇二五年`` and ``2025`` are
    ``n:2025``; a percentage keeps its sign (``n:3.2%`` for ``百分之三点二``); ``4月10日``, ``十月一日``,
    ``10th April`` and ``10 апреля`` are ``d:4-10`` (a date's year is its own ``n:`` key, so that a
    translation that leaves it out still shares the day); a day written bare in a range takes the
    month of the date beside it. Each key comes with whether a translation must carry it: an ordinal
    (``第158条`` is "Article 158", ``第三天`` "the third day") is evidence where both sides write it,
    and no mismatch where one side writes it in words.
    """
    numbers = extract(text, lang)
    items: list[tuple[str, bool]] = []
    for k, n in enumerate(numbers):
        if n.kind == "date":
            if n.date is None:  # 4/11/2025: which part is the month is not known
                items.append(("d:" + unicodedata.normalize("NFKC", n.text), True))
                continue
            year, month, day = n.date
            if year is not None:
                items.append((f"n:{year}", True))
            if month is not None:
                items.append((f"d:{month}-{day}" if day is not None else f"d:{month}", True))
            continue
        month = _range_month(text, numbers, k)
        if month is not None:
            items.append((f"d:{month}-{int(n.value)}", True))
        else:
            sign = "%" if n.kind == "percent" else ""
            items.append((f"n:{_plain(n.value)}{sign}", n.kind != "ordinal"))
    return items


def _plain(value: Decimal) -> str:
    """``9E+4`` -> ``90000``, ``3.20`` -> ``3.2``."""
    text = format(value.normalize(), "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


def _range_month(text: str, numbers: Sequence[Number], k: int) -> int | None:
    """The month of a day written bare in a range, from the date on its other side; else None."""
    n = numbers[k]
    if n.kind not in ("cardinal", "ordinal") or not (1 <= n.value <= 31) or n.value != int(n.value):
        return None
    for other, gap in ((k + 1, (n.end, None)), (k - 1, (None, n.start))):
        if not 0 <= other < len(numbers):
            continue
        date = numbers[other]
        if date.kind != "date" or date.date is None or date.date[1] is None or date.date[2] is None:
            continue
        start, end = (gap[0], date.start) if other > k else (date.end, gap[1])
        if _RANGE.fullmatch(text, start, end):
            return date.date[1]
    return None


# -- names, quotes, brackets ------------------------------------------------------------------------------
_LATIN = re.compile(r"[A-Za-z][A-Za-z0-9]*(?:[.&'’\-][A-Za-z0-9]+)*")
_CYRILLIC_NAME = re.compile(r"\b[А-ЯЁ][а-яё]+(?:-[А-ЯЁ]?[а-яё]+)?")
_QUOTES = re.compile(r"[“”«»「」『』„\"]")
_BRACKETS = re.compile(r"[（(【\[]")
_TRANSLIT = str.maketrans(
    {
        "а": "a",
        "б": "b",
        "в": "v",
        "г": "g",
        "д": "d",
        "е": "e",
        "ё": "e",
        "ж": "zh",
        "з": "z",
        "и": "i",
        "й": "i",
        "к": "k",
        "л": "l",
        "м": "m",
        "н": "n",
        "о": "o",
        "п": "p",
        "р": "r",
        "с": "s",
        "т": "t",
        "у": "u",
        "ф": "f",
        "х": "h",
        "ц": "ts",
        "ч": "ch",
        "ш": "sh",
        "щ": "shch",
        "ъ": "",
        "ы": "y",
        "ь": "",
        "э": "e",
        "ю": "yu",
        "я": "ya",
    }
)


def _sound(latin: str) -> str:
    """A rough phonetic key shared by a Latin name and its Russian transliteration (Kosarim ~ Косарим)."""
    s = latin.lower()
    for a, b in (("kh", "h"), ("ph", "f"), ("ck", "k"), ("w", "v"), ("x", "ks"), ("c", "k"), ("q", "k")):
        s = s.replace(a, b)
    s = re.sub(r"[yj]", "i", s)
    s = re.sub(r"[^a-z]", "", s)
    return s[:5]


def name_keys(text: str, lang: str) -> list[str]:
    """Latin-script names and acronyms (``Wink``, ``OTT``, ``SMG``), in any language's text, and in Russian
    the sound of capitalised Cyrillic words (``Косарим`` ~ ``Kosarim``); in English capitalised words give
    both kinds of key."""
    key = primary(lang) if lang else ""
    out: list[str] = []
    for m in _LATIN.finditer(text):
        word = m.group()
        if key == "en" and not (word[0].isupper() or any(ch.isdigit() for ch in word)):
            continue
        word = re.sub(r"['’]s$", "", word)
        out.append("l:" + word.lower())
        if key == "en" and len(word) > 3 and not word.isupper():
            out.append("s:" + _sound(word))
    if key in ("ru", "uk", "be"):
        for m in _CYRILLIC_NAME.finditer(text):
            if m.start() == 0:
                continue  # the first word of a sentence is capitalised anyway
            out.append("s:" + _sound(m.group().lower().translate(_TRANSLIT)))
    return out


def mark_keys(text: str) -> list[str]:
    """Quotation marks and brackets, counted: ``q`` per quotation, ``b`` per bracket."""
    quotes = len(_QUOTES.findall(text)) // 2
    return (
        ["q"] * quotes + ["b"] * len(_BRACKETS.findall(text)) + (["?"] if re.search(r"[?？]", text) else [])
    )


# -- words for dictionaries and learned pairs ---------------------------------------------------------------
_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")
_WORD = re.compile(r"(?<![0-9０-９])[^\W\d_]+(?:['’][^\W\d_]+)?")
EN_STOP = frozenset(
    "a an the of to in on at by for from with and or but as is are was were be been being it its this that "
    "these those he she they we you i his her their our your my me him them us not no do does did has have "
    "had will would can could shall should may might must also which who whom whose what when where why how "
    "than then there here into over under about after before between during such very more most other some "
    "any all each both one s 's".split()
)
RU_STOP = frozenset(
    "и в во не на с со к ко по за из от до о об обо у а но же ли бы что как это этот эта эти тот та те "
    "так для при или то был была было были быть он она оно они мы вы я его ее её их нам вам им ним ней "
    "также уже ещё еще только который которая которое которые".split()
)


def stem(word: str) -> str:
    """A crude stem: lower case; English suffixes stripped, then the first 6 letters (Russian: 5)."""
    w = word.lower().replace("ё", "е").replace("’", "'")
    if w.endswith("'s"):
        w = w[:-2]
    if "а" <= w[:1] <= "я":
        return w[:5]
    for suffix, repl in (("ies", "y"), ("ing", ""), ("ed", ""), ("es", ""), ("s", ""), ("ly", "")):
        if w.endswith(suffix) and len(w) - len(suffix) >= 4:
            w = w[: len(w) - len(suffix)] + repl
            break
    return w[:6]


def words(text: str, lang: str) -> list[str]:
    """Content words of a space-delimited language, stemmed (stop words left out)."""
    stop = RU_STOP if primary(lang) in ("ru", "uk", "be") else EN_STOP
    return [stem(w) for w in _WORD.findall(text) if w.lower() not in stop and not _HAN.match(w)]


def han_bigrams(text: str) -> list[str]:
    """Overlapping pairs of Han characters (what the TM's word pairs are learned on for Chinese)."""
    out = []
    for run in _HAN.findall(text):
        out.extend(run[k : k + 2] for k in range(max(1, len(run) - 1)))
    return out


_SPACE = re.compile(r"\s+")


_NOT_HAN = re.compile(r"[^\s\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
LATIN_IN_HAN = 1 / 3  # a Latin letter or digit in Chinese text counts as a third of a Han character


def text_length(text: str, lang: str) -> float:
    """Characters without spaces; in Chinese, Latin letters and digits count a third (``Wink.ru`` is about
    as long in every language, unlike the Han characters around it)."""
    if primary(lang) in ("zh", "ja", "yue"):
        other = len(_NOT_HAN.findall(text))
        han = len(_SPACE.sub("", text)) - other
        return han + other * LATIN_IN_HAN
    return float(len(_SPACE.sub("", text)))


@dataclass(frozen=True)
class Features:
    """One sentence's evidence: ``length`` in characters (no spaces), ``keys`` (each occurrence once:
    ``n:2025``, ``n:2025#2``), ``tokens`` (words or Han bigrams, for learned pairs and dictionaries)."""

    length: float
    keys: frozenset[str]
    tokens: tuple[str, ...]
    numbers: frozenset[str] = frozenset()  # the keys of numbers and dates a translation must carry


def counted(keys: list[str]) -> list[str]:
    """A multiset as distinct items: the second ``n:5`` is ``n:5#2``."""
    seen: Counter[str] = Counter()
    out = []
    for k in keys:
        seen[k] += 1
        out.append(k if seen[k] == 1 else f"{k}#{seen[k]}")
    return out


def features(text: str, lang: str) -> Features:
    """The evidence of one sentence of language ``lang``."""
    key = primary(lang)
    length = text_length(text, key)
    items = number_items(text, key)
    keys = counted([k for k, _ in items] + name_keys(text, key) + mark_keys(text))
    numbers = frozenset(k for k, (_, strict) in zip(keys, items, strict=False) if strict)
    tokens = tuple(han_bigrams(text)) if key in ("zh", "ja", "yue") else tuple(words(text, key))
    return Features(length, frozenset(keys), tokens, numbers)

"""What a sentence offers as evidence that another sentence translates it, in any script.

Each sentence becomes a :class:`Features`: its length (characters without spaces; Chinese is counted by
characters), its *keys* (things written the same way in every language once normalised: numbers and
dates, Latin-script names and acronyms, quotation marks and brackets, Cyrillic names transliterated) and
its *words* (what a dictionary, the TM's learned word pairs or a termbase translate).

Every use of numbers goes through :func:`number_keys`, one small function: it stands in for
``tm.text.numbers`` (cross-script number recognition, being built on another branch) and is to be
replaced by it once merged (look for ``NUMBERS:`` below).
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass

from tm.lang import primary
from tm.text import placeables

# -- numbers ---------------------------------------------------------------------------------------------
# NUMBERS: replace this block by tm.text.numbers (9万 = 90,000 = 90 000; 4月11日 = 11 April = 11 апреля)
# once that branch is merged; nothing else in tm/align reads numbers.
_MONTHS_EN = {
    m: n
    for n, names in enumerate(
        (
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ),
        start=1,
    )
    for m in names
}
_MONTHS_RU = {
    m: n
    for n, m in enumerate(
        (
            "января",
            "февраля",
            "марта",
            "апреля",
            "мая",
            "июня",
            "июля",
            "августа",
            "сентября",
            "октября",
            "ноября",
            "декабря",
        ),
        start=1,
    )
}
_D = r"[0-9０-９]"
_ORD = r"(?:st|nd|rd|th)?"
_EN_MONTH = "|".join(sorted(_MONTHS_EN, key=len, reverse=True))
_RU_MONTH = "|".join(_MONTHS_RU)
_TO = r"\s*(?:-|–|—|~|至|到|to|until|till|по|до)\s*"  # a range of days: 15-21, 15至21日, 15th to 21st
_DAY_MONTH = re.compile(
    rf"(?P<zm>{_D}{{1,2}})\s*月\s*(?P<zd>{_D}{{1,2}})\s*[日号](?:{_TO}(?P<zd2>{_D}{{1,2}})\s*[日号])?"
    rf"|(?:(?P<ed0>{_D}{{1,2}}){_ORD}{_TO})?(?P<ed>{_D}{{1,2}}){_ORD}\s+(?:of\s+)?(?P<em>(?i:{_EN_MONTH}))\b\.?"
    rf"|(?P<em2>(?i:{_EN_MONTH}))\.?\s+(?P<ed2>{_D}{{1,2}}){_ORD}(?:{_TO}(?P<ed3>{_D}{{1,2}}){_ORD})?(?!{_D})"
    rf"|(?:(?P<rd0>{_D}{{1,2}}){_TO})?(?P<rd>{_D}{{1,2}})\s+(?P<rm>(?i:{_RU_MONTH}))"
)
_SCALE = re.compile(
    r"\s*(?P<s>万|亿|千|百万|(?i:thousand|million|billion|тыс\.?|тысяч[аи]?|млн\.?|миллион(?:а|ов)?|млрд\.?|миллиард(?:а|ов)?))"
)
_SCALES = {"万": 1e4, "亿": 1e8, "千": 1e3, "百万": 1e6, "thousand": 1e3, "million": 1e6, "billion": 1e9}
_SCALES_RU = (("тыс", 1e3), ("тысяч", 1e3), ("млн", 1e6), ("миллион", 1e6), ("млрд", 1e9), ("миллиард", 1e9))


_GROUPS = re.compile(r"(?<=\d) (?=\d{3}(?!\d))")


def _scale(word: str) -> float:
    word = word.lower().rstrip(".")
    if word in _SCALES:
        return _SCALES[word]
    return next((v for prefix, v in _SCALES_RU if word.startswith(prefix)), 1.0)


def _value(text: str, lang: str) -> float | None:
    """A number as written (``1,250.5``, ``80 000``, ``1,5`` in Russian, ``３．５``) as a float."""
    s = unicodedata.normalize("NFKC", text).rstrip("%").lower()
    s = re.sub(r"(?:st|nd|rd|th)$", "", s)
    s = re.sub(r"[\s\u00a0\u202f\u2009]", "", s)
    if lang == "ru" and re.fullmatch(r"\d+,\d{1,2}", s):
        s = s.replace(",", ".")
    elif re.fullmatch(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?", s):
        s = s.replace(",", "")
    elif re.fullmatch(r"\d{1,3}(?:\.\d{3})+", s) and lang == "ru":
        s = s.replace(".", "")
    s = s.replace("，", ",").replace(",", ".")
    try:
        return float(s)
    except ValueError:
        return None


def number_keys(text: str, lang: str) -> list[str]:
    """The numbers and dates of ``text`` as language-independent keys, left to right.

    ``4月10日``, ``10th April``, ``April 10`` and ``10 апреля`` are all ``d:4-10``; ``8万``, ``80,000`` and
    ``80 000`` are all ``n:80000``; ``2025年`` is ``n:2025``; a percentage keeps its sign (``n:3.5%``).
    """
    lang = primary(lang) if lang else ""
    if lang in ("ru", "uk", "be", "fr"):  # 80 000 with a plain space between groups of three
        text = _GROUPS.sub("\u00a0", text)
    keys: list[str] = []
    taken: list[tuple[int, int]] = []
    for m in _DAY_MONTH.finditer(text):
        g = {k: (unicodedata.normalize("NFKC", v) if v else v) for k, v in m.groupdict().items()}
        if g["zm"]:
            month, days = int(g["zm"]), (g["zd"], g["zd2"])
        elif g["em"]:
            month, days = _MONTHS_EN[g["em"].lower()], (g["ed0"], g["ed"])
        elif g["em2"]:
            month, days = _MONTHS_EN[g["em2"].lower()], (g["ed2"], g["ed3"])
        else:
            month, days = _MONTHS_RU[g["rm"].lower()], (g["rd0"], g["rd"])
        keys.extend(f"d:{month}-{int(d)}" for d in days if d)
        taken.append(m.span())
    for p in placeables.find(text):
        if any(a <= p.start < b for a, b in taken):
            continue
        if p.kind == "date":
            digits = [int(x) for x in re.findall(r"\d+", unicodedata.normalize("NFKC", p.text))]
            year = next((d for d in digits if d > 31), None)
            rest = [d for d in digits if d != year]
            if year is not None:
                keys.append(f"n:{year}")
            if len(rest) == 2:
                month, day = (rest[0], rest[1]) if re.search(r"年|^\d{4}", p.text) else (rest[1], rest[0])
                if re.search(r"[A-Za-zА-я]", p.text):  # 10 April 2025 / April 10, 2025
                    continue
                keys.append(f"d:{month}-{day}")
            continue
        if p.kind != "num":
            continue
        value = _value(p.text, lang)
        if value is None:
            continue
        scale = _SCALE.match(text, p.end)
        if scale:
            value *= _scale(scale.group("s"))
        percent = "%" if p.text.endswith(("%", "％")) or text[p.end : p.end + 1] in ("%", "％") else ""
        keys.append(f"n:{value:g}{percent}" if value < 1e15 else f"n:{value:.6e}")
    return keys


# NUMBERS: end of the block to replace.

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


def han_runs(text: str) -> list[str]:
    return _HAN.findall(text)


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


def counted(keys: list[str]) -> frozenset[str]:
    """A multiset as a set: the second ``n:5`` is ``n:5#2``."""
    seen: Counter[str] = Counter()
    out = []
    for k in keys:
        seen[k] += 1
        out.append(k if seen[k] == 1 else f"{k}#{seen[k]}")
    return frozenset(out)


def features(text: str, lang: str) -> Features:
    """The evidence of one sentence of language ``lang``."""
    key = primary(lang)
    length = text_length(text, key)
    keys = counted(number_keys(text, key) + name_keys(text, key) + mark_keys(text))
    tokens = tuple(han_bigrams(text)) if key in ("zh", "ja", "yue") else tuple(words(text, key))
    return Features(length, keys, tokens)

"""What a number is once read (:class:`Number`, its written :class:`Form`), and how two numbers compare:
:func:`same_value` (the same number whatever the script), :func:`match_numbers` (a text's numbers against
its translation's), :func:`pair_numbers` (a query's numbers against a TM source's, in order).

The readers that make Numbers are :mod:`tm.text.numbers.zh` and :mod:`tm.text.numbers.en_ru`, on the
shared pieces of :mod:`tm.text.numbers.reading`; :func:`tm.text.numbers.extract` runs them.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

# ``digits``: a run of digits joined by points or commas that the language does not read as one number
# (a version ``2.0.1``, an English ``2,5``): compared and carried by its text
KINDS = ("cardinal", "percent", "ordinal", "year", "date", "digits")
_COMPATIBLE = {"cardinal": "n", "year": "n", "percent": "%", "ordinal": "o", "date": "d", "digits": "t"}

MONTHS_EN = ("January February March April May June July August September October November December").split()
MONTHS_EN_ABBR = "Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec".split()
MONTHS_RU = {
    "gen": "января февраля марта апреля мая июня июля августа сентября октября ноября декабря".split(),
    "nom": "январь февраль март апрель май июнь июль август сентябрь октябрь ноябрь декабрь".split(),
    "prep": "январе феврале марте апреле мае июне июле августе сентябре октябре ноябре декабре".split(),
}
SCALES = {
    # simplified and traditional characters (萬, 億)
    "zh": {
        "万亿": 12,
        "萬億": 12,
        "千万": 7,
        "千萬": 7,
        "百万": 6,
        "百萬": 6,
        "亿": 8,
        "億": 8,
        "万": 4,
        "萬": 4,
        "千": 3,
    },
    "en": {"thousand": 3, "million": 6, "billion": 9, "trillion": 12, "bn": 9, "mn": 6},
    "ru": {
        "тыс": 3,
        "млн": 6,
        "млрд": 9,
        "трлн": 12,
        "тысяч": 3,
        "миллион": 6,
        "миллиард": 9,
        "триллион": 12,
    },
}


@dataclass(frozen=True)
class Form:
    """How a number is written, so that another value can be written the same way.

    Spans are offsets into :attr:`Number.text`. ``digits``: ``ascii``, ``fullwidth``, ``hanzi`` (Chinese
    numerals) or ``hanzi-digits`` (a year written digit by digit, ``二〇二五``);
    ``group``: the thousands separator seen (None: the number was too short to show one; "" when a long
    number had none); ``decimal``: the decimal mark seen (None: none); ``scale``: the power of ten of a
    scale word or character (``万`` 4, ``million`` 6); ``core``: the digits (the mantissa before a scale;
    a minus sign stands before it); ``suffix``: an English ordinal ending (``th``); ``word``: a Russian
    word that agrees with the number (``тысячи``, ``процентов``); ``fields``: a date's parts, (``y``/
    ``m``/``d``, start, end, style) where style is ``num`` (digits), ``hanzi`` (a Chinese numeral),
    ``hanzi-digits`` (a year digit by digit), ``en``/``en-abbr`` (month names) or ``ru-gen``/``ru-nom``/
    ``ru-prep``. ``liang``: a Chinese numeral written with 两 (兩); ``traditional``: with the traditional
    characters (萬, 億, 兩, 點).
    """

    digits: str = "ascii"
    group: str | None = None
    decimal: str | None = None
    scale: int = 0
    core: tuple[int, int] = (0, 0)
    suffix: tuple[int, int] | None = None
    word: tuple[int, int] | None = None
    fields: tuple[tuple[str, int, int, str], ...] = ()
    liang: bool = False
    traditional: bool = False


@dataclass(frozen=True)
class Number:
    """One number in a text. ``value`` is the number itself (``9万`` is 90000, ``5%`` is 5, ``-5%`` is
    -5); for a date it is ``year*10000 + month*100 + day`` with a missing part as 0, and ``date`` holds the
    parts (year, month, day), None where not written (``5月`` alone is (None, 5, None)). ``lang`` is the
    rule set it was read with (zh, en, ru)."""

    kind: str
    value: Decimal
    text: str
    start: int
    end: int
    lang: str
    form: Form
    date: tuple[int | None, int | None, int | None] | None = None

    @property
    def mantissa(self) -> Decimal:
        """The number before its scale word (``1.5`` in ``1.5 million``)."""
        return self.value.scaleb(-self.form.scale)


def same_value(a: Number, b: Number, *, partial: bool = False) -> bool:
    """Whether ``a`` and ``b`` are the same number, whatever script or form (``9万`` = ``90,000`` =
    ``90 000`` = ``90 thousand`` = ``90 тыс.``; ``4月11日`` = ``11 April`` = ``11 апреля``).

    Cardinals and years compare with each other; percentages, ordinals and dates only with their own
    kind; a run of ``digits`` (``2.0.1``) with any number written with the same text. Dates compare part
    by part. With ``partial`` (what finds a number's counterpart in a translation), ``b`` may leave out
    parts of a date that ``a`` writes (``2025年4月11日`` and ``11 April``), provided it keeps the month
    and one other part, and an ordinal may stand for a cardinal (``第3季`` is "Season 3").
    """
    ka, kb = _COMPATIBLE[a.kind], _COMPATIBLE[b.kind]
    if "t" in (ka, kb):
        return _nfkc(a.text) == _nfkc(b.text)
    if partial and {ka, kb} == {"n", "o"}:
        ka = kb  # 第3季 is "Season 3"
    if ka != kb:
        return False
    if ka != "d":
        return a.value == b.value
    if a.date is None or b.date is None:  # opaque dates: by their text
        return a.date is None and b.date is None and _nfkc(a.text) == _nfkc(b.text)
    if a.date == b.date:
        return True
    if not partial or b.date[1] is None:
        return False
    shown = [(x, y) for x, y in zip(a.date, b.date, strict=True) if y is not None]
    return len(shown) >= 2 and all(x == y for x, y in shown)


def match_numbers(
    a: Sequence[Number], b: Sequence[Number]
) -> tuple[list[tuple[Number, Number]], list[Number], list[Number]]:
    """The numbers of a text (``a``) and of its translation (``b``) paired by value, each used once, and
    those left over on each side: what QA reports as a number missing from or added to a translation,
    what an aligner counts as shared anchors. A date in ``b`` may leave out the year (see
    :func:`same_value` with ``partial``)."""
    left = list(b)
    pairs, missing = [], []
    for x in a:
        k = next((i for i, y in enumerate(left) if same_value(x, y, partial=True)), None)
        if k is None:
            missing.append(x)
        else:
            pairs.append((x, left.pop(k)))
    return pairs, missing, left


def pair_numbers(q: Sequence[Number], s: Sequence[Number]) -> tuple[list[tuple[Number, Number]], list[str]]:
    """A query's numbers (``q``) against a TM source's (``s``, the same language): pairs (source number,
    query number) and the reasons for numbers left unpaired.

    Numbers of equal value pair first, in order (a longest common subsequence); between two such anchors,
    the remaining numbers pair in order when both sides hold as many, and are unpaired otherwise. What the
    score counts as a changed number and what :func:`tm.text.adapt.adapt` carries are these pairs."""
    anchors = _lcs(q, s)
    pairs: list[tuple[Number, Number]] = []
    problems: list[str] = []
    qi = si = 0
    for qa, sa in [*anchors, (len(q), len(s))]:
        gap_q, gap_s = q[qi:qa], s[si:sa]
        if len(gap_q) == len(gap_s):
            pairs += list(zip(gap_s, gap_q, strict=True))
        elif len(q) == len(s):
            problems += [f"{n.text}: which number of the TM source it replaces is not certain" for n in gap_q]
        else:
            problems += [f"{n.text}: the TM source has no number for it" for n in gap_q]
            problems += [f"{n.text}: in the TM source, not in the query" for n in gap_s]
        if qa < len(q):
            pairs.append((s[sa], q[qa]))
        qi, si = qa + 1, sa + 1
    return pairs, problems


def _lcs(q: Sequence[Number], s: Sequence[Number]) -> list[tuple[int, int]]:
    """Index pairs of a longest common subsequence of equal values, in order."""
    n, m = len(q), len(s)
    table = [[0] * (m + 1) for _ in range(n + 1)]
    for i in range(n - 1, -1, -1):
        for j in range(m - 1, -1, -1):
            if same_value(q[i], s[j]):
                table[i][j] = table[i + 1][j + 1] + 1
            else:
                table[i][j] = max(table[i + 1][j], table[i][j + 1])
    out, i, j = [], 0, 0
    while i < n and j < m:
        if same_value(q[i], s[j]) and table[i][j] == table[i + 1][j + 1] + 1:
            out.append((i, j))
            i, j = i + 1, j + 1
        elif table[i + 1][j] >= table[i][j + 1]:
            i += 1
        else:
            j += 1
    return out


_HAN = re.compile(r"[\u3400-\u9fff]")
_CYRILLIC = re.compile(r"[\u0400-\u04ff]")


def rules(lang: str | None, text: str = "") -> str:
    """The rule set for a language code (``zh-CN``, ``zh-Hant`` -> zh; ``ru-RU``, ``uk`` -> ru; other
    codes -> en); for a code that names no language (``src``), the script of ``text`` decides."""
    primary = (lang or "").lower().replace("_", "-").split("-")[0]
    if primary in ("zh", "ja", "yue", "cmn", "wuu"):
        return "zh"
    if primary in ("ru", "uk", "be", "bg", "kk"):
        return "ru"
    if len(primary) in (2, 3) and primary.isalpha() and primary not in ("src", "tgt"):
        return "en"
    if _HAN.search(text):
        return "zh"
    return "ru" if _CYRILLIC.search(text) else "en"


def _nfkc(text: str) -> str:
    return unicodedata.normalize("NFKC", text)

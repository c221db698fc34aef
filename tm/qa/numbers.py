"""The numbers of a segment and of its translation, compared: what the ``numbers`` check reports.

Recognition and comparison are :mod:`tm.text.numbers`' (the same as carrying numbers into TM matches):
:func:`~tm.text.numbers.extract` reads ``9万``, ``90,000``, ``90 000``, ``90 thousand``, ``90 тыс.``,
``4月11日``, ``11 April``, ``11 апреля``, ``第3``, ``5%``, ``两千`` as values; :func:`~tm.text.numbers.match_numbers`
pairs a text's numbers with its translation's (:func:`~tm.text.numbers.same_value`, a date in the
translation may leave out the year) and gives what is left over on each side. Han numerals that are words
(``两国``, ``三部``) are not numbers there.

QA adds two readings of what is left over, both seen in professional translations of the corpora:

- an ordinal or a month written in Chinese numerals (``第二年``, ``第三方``, ``十一月``) is a word in English
  and Russian ("the second year", "third parties", "November", «третий день»), which are not numbers: it is
  reported neither missing nor added; so is a month alone written as a word ("in November", «в ноябре»),
  which Chinese writes in numerals or leaves to the context. A month alone written in digits (``5月``)
  pairs with "May" and «мае» and is reported when the translation lacks it;
- a negative number may be written with a word ("-5%" as "fell by 5%", «снизилась на 5 %»): a number
  left over on one side with the sign, on the other without, is not reported;
- a range written in two ways (``9月15日至21日`` / "From 15th to 21st September": a date and a day on one
  side, an ordinal and a date on the other) holds the same numbers: when the day, month and year numbers
  left over on each side are the same, nothing is reported.
"""

from __future__ import annotations

import unicodedata
from collections import Counter
from decimal import Decimal

from tm.text.numbers import Number, extract, match_numbers, same_value
from tm.text.numbers.approx import Qualifier, qualifier

__all__ = ["Number", "compare", "describe", "extract", "qualifiers", "same_value"]


def compare(source: str, target: str, src: str, tgt: str) -> tuple[list[Number], list[Number]]:
    """The numbers of ``source`` missing from ``target``, and those ``target`` adds, left to right."""
    _, missing, added = match_numbers(extract(source, src), extract(target, tgt))
    missing = [n for n in missing if not _in_words(n, source)]
    added = [n for n in added if not _in_words(n, target)]
    if missing and added and Counter(_parts(missing)) == Counter(_parts(added)):
        return [], []
    return _sign_in_words(missing, added)


Qualified = tuple[Number, "Qualifier | None", Number, "Qualifier | None"]


def qualifiers(source: str, target: str, src: str, tgt: str) -> list[Qualified]:
    """The numbers of ``source`` and their counterparts in ``target`` of which one is approximate or a
    bound and the other is not (``300多`` / "300", ``21`` / "over 21"; :mod:`tm.text.numbers.approx`):
    (source number, its qualifier, target number, its qualifier). Only presence is compared: a translator
    may write ``余`` as "some" or "more than", ``近`` as "nearly" or "almost". A year-shaped number read
    with a qualifier on one side only is read as a count on both (``不到1850人`` / "under 1850 people":
    "under" before a year that is not round is no qualifier alone, "under 2025 rules")."""
    pairs, _, _ = match_numbers(extract(source, src), extract(target, tgt))
    out = []
    for a, b in pairs:
        qa, qb = qualifier(source, a), qualifier(target, b)
        if (qa is None) != (qb is None) and "year" in (a.kind, b.kind):
            qa, qb = qualifier(source, a, as_count=True), qualifier(target, b, as_count=True)
        if (qa is None) != (qb is None):
            out.append((a, qa, b, qb))
    return out


def written(text: str, n: Number, q: Qualifier | None) -> tuple[int, int]:
    """The span of ``n`` with its qualifier in ``text``."""
    return (n.start, n.end) if q is None else (min(n.start, q.start), max(n.end, q.end))


def _in_words(n: Number, text: str) -> bool:
    """A Chinese-numeral ordinal (``第二``) or month (``十一月``), a month alone written as a word
    (``November``, ``в мае``): a translation writes it as a word, or not at all."""
    if n.kind == "date" and n.date is not None and n.date[0] is None and n.date[2] is None:
        return all(style != "num" for *_, style in n.form.fields)
    return n.form.digits == "hanzi" and (n.kind == "ordinal" or text[n.end : n.end + 1] == "月")


def _sign_in_words(missing: list[Number], added: list[Number]) -> tuple[list[Number], list[Number]]:
    """``missing`` and ``added`` without the pairs that differ only in a sign written on one side."""
    left = list(added)
    kept = []
    for n in missing:
        k = next((i for i, m in enumerate(left) if m.kind == n.kind and m.value == -n.value != 0), None)
        if k is None:
            kept.append(n)
        else:
            left.pop(k)
    return kept, left


def _parts(numbers: list[Number]) -> list[Decimal | str]:
    """Each number's value, a date's parts one by one (year, month, day as written); what is compared by
    its text (``2.0.1``, an opaque date), its text."""
    out: list[Decimal | str] = []
    for n in numbers:
        if n.kind == "date" and n.date is not None:
            out += [Decimal(p) for p in n.date if p is not None]
        elif n.kind == "digits" or n.kind == "date":
            out.append(unicodedata.normalize("NFKC", n.text))
        else:
            out.append(n.value)
    return out


def describe(n: Number) -> str:
    """How a finding names a number: as written, with its value when that reads otherwise
    (``9万 (= 90000)``; ``80,000`` and ``90 000`` alone)."""
    written = n.text.replace("\u00a0", " ").replace("\u202f", " ").replace("\u2009", " ")
    if n.kind in ("date", "digits") or n.date is not None:
        return written
    value = format(n.value.normalize(), "f")
    digits = "".join(ch for ch in written if ch.isdigit() or ch == ".")
    return written if digits == value else f"{written} (= {value})"

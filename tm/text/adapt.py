"""Carrying a new sentence's numbers into an old translation: right, or not at all.

A fuzzy match differs from the query in a number (``超过9万部`` against the TM's ``超过8万部``); its target
(``more than 80,000 titles``) must get the new number in its own form (``more than 90,000 titles``).
:func:`adapt` does it in four steps:

1. The query's numbers are paired with the TM source's (same language): numbers of equal value pair
   first, in order (a longest common subsequence); between two such anchors, the remaining numbers pair
   in order when both sides hold as many, and are *unpaired* otherwise.
2. A pair whose values differ is a change. Its counterpart in the target is the one target number with the
   TM source number's value (:func:`tm.text.numbers.same_value`; a target date may leave out the year),
   and that source number must be the only one in the source with this value, so that the counterpart
   is certain. (A value written several times is carried only when every one of them changes to the
   same new value and the target writes it as often.)
3. The counterpart is rewritten with the new value in the target's own form (:mod:`tm.text.numwrite`):
   its separators, decimal mark, scale word, digits, month names; the word after a number must not
   need another form (Russian ``21 фильм`` / ``25 фильмов``, English ``1 title`` / ``2 titles``).
4. URLs and e-mail addresses that differ are carried the same way (the old one written exactly once in
   the target).

A number whose qualifier differs (:mod:`tm.text.numbers.approx`: ``300多`` "over 300" in the TM source,
a bare ``21`` in the query; ``近`` against ``多``) is not carried: the target's words for the TM source's
qualifier ("over") would stay with the new number, or the query's would be missing, and rewriting the
target's wording is guesswork. Such a pair is reported even when the values are the same (``逾500`` and
``500``: nothing to carry, but the target says "more than 500").

If any step fails for any number, *nothing* is substituted: the target comes back as it was, and
:attr:`Adapted.not_carried` says, number by number, what could not be carried and why. Unpaired numbers
(one side holds a number the other lacks) are reported too, since the suggestion then lacks or keeps a
number the query does not have.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence
from dataclasses import dataclass

from tm.lang import traditional_script
from tm.model import PLACEHOLDER_BASE, PLACEHOLDER_MAX, is_placeholder
from tm.text.numbers import Number, extract, pair_numbers, rules, same_value, zh
from tm.text.numbers.approx import Qualifier, qualifier
from tm.text.numwrite import CannotWrite, category, rewrite
from tm.text.placeables import Placeable, find

_PLACEHOLDERS = re.compile(f"[{chr(PLACEHOLDER_BASE)}-{chr(PLACEHOLDER_MAX)}]")


@dataclass(frozen=True)
class Change:
    """One substitution: ``old`` (at ``start:end`` of the TM target) became ``new``."""

    old: str
    new: str
    start: int
    end: int


@dataclass(frozen=True)
class Adapted:
    """The TM target with the query's numbers carried in. ``coded``: the same for the target's coded
    text (None when it has none). ``not_carried``: one reason per number (or URL) that is not right in
    the suggestion; when it is not empty, ``text`` is the TM target unchanged and ``changes`` is empty.
    ``carried``: the (TM source's, query's) texts of the numbers and addresses carried, as
    :attr:`Differences.changes` names them."""

    text: str
    coded: str | None
    changes: tuple[Change, ...] = ()
    not_carried: tuple[str, ...] = ()
    carried: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class Differences:
    """What differs between a query and a TM source in numbers, dates, URLs and e-mail addresses: what
    the score takes a ``placeable`` point off for, and what :func:`adapt` carries into the target.

    ``numbers``: (TM source's number, query's) pairs whose values differ (:func:`pair_numbers`);
    ``links``: (TM source's address, query's) that differ, paired in order; ``problems``: the numbers and
    addresses that have no counterpart on the other side; ``in_source``: every number of the source;
    ``qualified``: the pairs (of any values) whose qualifiers differ (``300多`` and ``21``), each with the
    texts that name it (the number with its qualifier) and the reason."""

    numbers: tuple[tuple[Number, Number], ...] = ()
    links: tuple[tuple[Placeable, Placeable], ...] = ()
    problems: tuple[str, ...] = ()
    in_source: tuple[Number, ...] = ()
    qualified: tuple[QualifierDiffers, ...] = ()

    @property
    def changes(self) -> tuple[tuple[str, str], ...]:
        """(TM source's text, query's text) of each number and address that differs, in that order: a
        number whose qualifier differs is named with it (``300多``), and counts even at the same value."""
        numbers = [(s.text, q.text) for s, q in self.numbers]
        for d in self.qualified:
            k = next((k for k, (s, q) in enumerate(self.numbers) if s is d.old and q is d.new), None)
            if k is None:
                numbers.append(d.names)
            else:
                numbers[k] = d.names
        return tuple(numbers) + tuple((o.text, n.text) for o, n in self.links)

    def qualifier_differs(self, old: Number, new: Number) -> bool:
        return any(d.old is old and d.new is new for d in self.qualified)


@dataclass(frozen=True)
class QualifierDiffers:
    """A pair of numbers (TM source's ``old``, query's ``new``) whose qualifiers differ; ``names``: their
    texts with the qualifier (``300多``, ``21``), ``why``: the reason nothing is carried."""

    old: Number
    new: Number
    names: tuple[str, str]
    why: str

    @property
    def reason(self) -> str:
        return f"{self.names[0]} -> {self.names[1]}: {self.why}"


_NONE = Differences()


def codes_as_spaces(text: str) -> str:
    """``text`` with each inline-code placeholder read as a space, the way numbers are read: a code
    separates what stands on its two sides, and the offsets stay those of ``text``."""
    return _PLACEHOLDERS.sub(" ", text)


@functools.lru_cache(maxsize=4096)
def differences(query: str, source: str, src_lang: str | None) -> Differences:
    """The numbers (as :func:`tm.text.numbers.extract` reads them, with ``src_lang``'s rules) and the
    URLs and e-mail addresses of ``query`` that differ from those of ``source``, the TM's source text.
    An inline-code placeholder in either reads as a space (:func:`codes_as_spaces`): it separates what
    stands on its two sides (``Q1<tab>2025`` holds the year 2025, ``2024<ph/>2025`` two numbers)."""
    query, source = codes_as_spaces(query), codes_as_spaces(source)
    family = rules(src_lang, source + query)
    q, s = extract(query, family), extract(source, family)
    q_links, s_links = _links(query), _links(source)
    if not q and not s and not q_links and not s_links:
        return _NONE
    pairs, problems = pair_numbers(q, s)
    wanted = tuple((sn, qn) for sn, qn in pairs if not same_value(sn, qn))
    link_changes = tuple(_pair_links(q_links, s_links, problems))
    qualified = tuple(d for sn, qn in pairs if (d := _qualifiers(sn, qn, source, query)) is not None)
    return Differences(wanted, link_changes, tuple(problems), tuple(s), qualified)


def _qualifiers(sn: Number, qn: Number, source: str, query: str) -> QualifierDiffers | None:
    """How ``sn`` (of the TM source) and ``qn`` (of the query) differ in their qualifiers, if they do."""
    counts = {sn.kind, qn.kind} == {"cardinal", "year"}  # over 1500 -> over 2000: both counts, not a time
    old, new = qualifier(source, sn, as_count=counts), qualifier(query, qn, as_count=counts)
    if (old and old.kind) == (new and new.kind):
        return None
    if new is None:
        why = (
            f"the TM source has {_says(old)} with it, the query has not: the target's words for it would stay"
        )
    elif old is None:
        why = f"the query has {_says(new)} with it, the TM source has not: the target has no words for it"
    else:
        why = f"the TM source has {_says(old)} with it, the query {_says(new)}: the target's words would not fit"
    return QualifierDiffers(sn, qn, (_written(source, sn, old), _written(query, qn, new)), why)


def _says(q: Qualifier | None) -> str:
    return "no qualifier" if q is None else f"{q.text!r} ({q.meaning})"


def _written(text: str, n: Number, q: Qualifier | None) -> str:
    """The number with its qualifier as the text writes them (``300多``, ``逾500``, ``more than 500``)."""
    if q is None:
        return n.text
    return text[min(q.start, n.start) : max(q.end, n.end)]


def adapt(
    query: str,
    source: str,
    target: str,
    src_lang: str | None,
    tgt_lang: str | None,
    *,
    target_coded: str | None = None,
) -> Adapted:
    """``target`` (the TM's translation of ``source``) with ``query``'s numbers, dates, URLs and e-mail
    addresses put where ``source``'s stood, or unchanged with the reasons in ``not_carried``.

    ``query`` may hold inline-code placeholders (each reads as a space, :func:`differences`);
    ``target_coded`` is the target with its placeholders, adapted alongside (a number split by an inline
    code is not carried). ``target`` is the target's plain text: its codes left out, or each read as a
    space (:func:`codes_as_spaces`).
    """
    unchanged = Adapted(target, target_coded)
    found = differences(query, source, src_lang)
    wanted, link_changes, problems = list(found.numbers), list(found.links), list(found.problems)
    qualified = [d.reason for d in found.qualified]
    if not wanted and not link_changes and not problems and not qualified:
        return unchanged
    wanted = [(sn, qn) for sn, qn in wanted if not found.qualifier_differs(sn, qn)]  # named in qualified
    if problems:  # the numbers do not pair: nothing can be carried, whatever the target holds
        blocked = [f"{sn.text} -> {qn.text}: not carried, since the numbers do not pair" for sn, qn in wanted]
        blocked += [
            f"{o.text} -> {n.text}: not carried, since the numbers do not pair" for o, n in link_changes
        ]
        return Adapted(target, target_coded, (), tuple(problems + qualified + blocked))
    problems += qualified
    s = found.in_source
    t = extract(target, rules(tgt_lang, target))
    if traditional_script(tgt_lang):
        t = [zh.in_traditional(n) for n in t]
    planned: dict[int, tuple[Number, str]] = {}
    edits: list[tuple[int, int, str, str]] = []
    blocked: list[str] = []  # what could have been carried, had everything been
    for sn, qn in wanted:
        reason = _plan(sn, qn, s, t, target, list(found.numbers), planned)
        if reason:
            problems.append(f"{sn.text} -> {qn.text}: {reason}")
        else:
            blocked.append(f"{sn.text} -> {qn.text}: not carried, since another number could not be")
    edits += [(t[k].start, t[k].end, t[k].text, new) for k, (_, new) in planned.items()]
    for old, new in link_changes:
        places = [m.start() for m in re.finditer(re.escape(old.text), target)]
        if len(places) == 1:
            edits.append((places[0], places[0] + len(old.text), old.text, new.text))
            blocked.append(f"{old.text} -> {new.text}: not carried, since a number could not be")
        else:
            problems.append(f"{old.text} -> {new.text}: the target does not hold it exactly once")
    edits.sort()
    if not problems and any(edits[k][0] < edits[k - 1][1] for k in range(1, len(edits))):
        problems.append("two substitutions would overlap in the target")
    coded = None
    if not problems and target_coded is not None:
        coded = _apply_coded(target_coded, target, edits)
        if coded is None:
            problems = [
                f"{old} -> {new}: an inline code stands inside the target's text" for _, _, old, new in edits
            ]
            blocked = []
    if problems:
        return Adapted(target, target_coded, (), tuple(problems + blocked))  # all or nothing
    text = _apply(target, [(a, b, new) for a, b, _, new in edits])
    changes = tuple(Change(old, new, a, b) for a, b, old, new in edits)
    return Adapted(text, coded, changes, (), found.changes)


def _plan(
    sn: Number,
    qn: Number,
    s: Sequence[Number],
    t: Sequence[Number],
    target: str,
    wanted: list[tuple[Number, Number]],
    planned: dict[int, tuple[Number, str]],
) -> str | None:
    """Plan the rewriting of ``sn``'s counterpart in the target with ``qn``'s value; the reason if not."""
    if not same_kind(sn, qn):
        return f"a {qn.kind} in the query where the TM source has a {sn.kind}"
    if sn.kind == "date" and _parts(sn) != _parts(qn):
        return "the two dates are not written with the same parts"
    places = [k for k, tn in enumerate(t) if same_value(sn, tn, partial=True)]
    if not places:
        return f"the target has no {sn.kind} equal to {sn.text}"
    twins = [x for x in s if any(same_value(x, t[k], partial=True) for k in places)]
    if len(places) != len(twins):
        return f"{len(twins)} in the TM source and {len(places)} in the target have the value of {sn.text}"
    if len(twins) > 1:
        news = [qn2 for sn2, qn2 in wanted if any(sn2 is x for x in twins)]
        if len(news) != len(twins) or not all(same_value(qn, x) for x in news):
            return f"{sn.text} is written {len(twins)} times and not every one changes to {qn.text}"
    for k in places:
        if k in planned:
            if same_value(planned[k][0], qn):
                continue
            return f"{t[k].text} in the target would change twice"
        try:
            new = rewrite(t[k], qn, sn)
        except CannotWrite as exc:
            return str(exc)
        reason = _agreement(t[k], qn, target)
        if reason:
            return reason
        planned[k] = (qn, new)
    return None


def _parts(n: Number) -> tuple[bool, ...] | None:
    return None if n.date is None else tuple(x is None for x in n.date)


def same_kind(a: Number, b: Number) -> bool:
    """Whether ``b`` can stand where ``a`` stood (cardinals and years are one kind here)."""
    return a.kind == b.kind or {a.kind, b.kind} <= {"cardinal", "year"}


_AFTER_WORD = re.compile(r"[ \u00a0\u202f]+([^\W\d_]+)")
# words after a number that do not agree with it ("from 1 to 5", "с 1 по 5")
_FREE = frozenset(
    "to and or in on at of for from by with per than the a an as up down more less over under between "
    "и или до по на в во из с со к от за а но при около".split()
)


def _agreement(old: Number, new: Number, target: str) -> str | None:
    """A reason when the word right after ``old`` agrees with it and would need another form."""
    if old.kind not in ("cardinal", "year") or old.form.scale or old.lang == "zh":
        return None
    m = _AFTER_WORD.match(target, old.end)
    if m is None:
        return None
    word = m.group(1).lower()
    if word in _FREE or (old.lang == "ru" and (not re.fullmatch(r"[а-яё]+", word) or word.startswith("год"))):
        return None  # "в 2025 году" is "в 2026 году"; a year is an ordinal in Russian
    if category(old.value, old.lang) != category(new.value, old.lang):
        return f"{m.group(1)!r} after {old.text!r} would need another form"
    return None


def _links(text: str) -> list[Placeable]:
    if "@" not in text and "/" not in text and "www" not in text:
        return []
    return [p for p in find(text) if p.kind in ("url", "email")]


def _pair_links(
    q: list[Placeable], s: list[Placeable], problems: list[str]
) -> list[tuple[Placeable, Placeable]]:
    """(old, new) for each URL or address that differs, paired in order; when the counts differ, the
    reasons go to ``problems``."""
    if len(q) == len(s):
        return [(b, a) for a, b in zip(q, s, strict=True) if a.value != b.value]
    problems += [
        f"{p.text}: the TM source has no address for it" for p in q if p.value not in {x.value for x in s}
    ]
    problems += [
        f"{p.text}: in the TM source, not in the query" for p in s if p.value not in {x.value for x in q}
    ]
    return []


def _apply(text: str, edits: list[tuple[int, int, str]]) -> str:
    out, pos = [], 0
    for start, end, new in edits:
        out += [text[pos:start], new]
        pos = end
    out.append(text[pos:])
    return "".join(out)


def _apply_coded(coded: str, plain: str, edits: list[tuple[int, int, str, str]]) -> str | None:
    """The same edits on the coded text (positions mapped past the placeholders, or onto them when the
    plain text reads each as a space); None when a placeholder stands inside an edited span or the coded
    text is not the plain text with codes."""
    if codes_as_spaces(coded) == plain:
        where = list(range(len(coded)))
    else:
        where = [k for k, ch in enumerate(coded) if not is_placeholder(ch)]
        if "".join(coded[k] for k in where) != plain:
            return None
    mapped = []
    for start, end, _, new in edits:
        a, b = where[start], where[end - 1] + 1
        if any(is_placeholder(ch) for ch in coded[a:b]):
            return None
        mapped.append((a, b, new))
    return _apply(coded, mapped)

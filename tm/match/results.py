"""What a lookup returns, and the ranking shared by the indexed matcher and the brute-force oracle."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from tm.match.penalties import DEFAULT_POLICY, Policy
from tm.match.score import PENALTIES, Analysed, Scored, analyse, finish, with_penalties
from tm.model import Code, Variant, strip_placeholders
from tm.store.codec import pair_version
from tm.store.filters import UnitInfo
from tm.store.protocol import EDGE
from tm.text.adapt import Adapted, Change, adapt, codes_as_spaces
from tm.text.normalize import normalize

CONTEXT_SCORE = 101.0


@dataclass(frozen=True)
class Match:
    """One TM unit that matched a query.

    ``score`` is 0-100 with one decimal (101 for a context match); ``penalties`` lists what lowered it
    below the token similarity (``("case", 1.0)``, ``("punctuation", 1.0)``, ``("codes", 1.0)``,
    ``("placeable", n)``, and for the unit itself ``("status", 5.0)``, ``("origin", n)``, ``("age", n)``:
    see :mod:`tm.match.penalties`).

    Provenance: ``source`` is the TM's source as stored, ``tm_target`` the TM's target as stored, and
    ``target`` the suggestion: the TM's target with the query's placeables put where the TM source's stood
    (``changes`` lists those substitutions, positions in the TM target; ``not_carried`` says, per number,
    why none was made: the target is then the TM's as it was, and each such number costs one more
    placeable point). ``*_coded`` are the same with inline-code placeholders (None without codes).
    ``context`` says which neighbours matched for a 101 (``"prev"`` or ``"prev+next"``; None otherwise).
    ``status`` is the unit's (confirmed or fuzzy); ``version`` identifies the source and target it holds
    (:func:`tm.store.codec.pair_version`), which drafts record beside ``unit_id``.
    """

    unit_id: int
    score: float
    penalties: tuple[tuple[str, float], ...]
    source: str
    target: str
    source_lang: str
    target_lang: str
    origin: str | None = None
    date: str | None = None
    context: str | None = None
    source_coded: str | None = None
    target_coded: str | None = None
    changes: tuple[Change, ...] = ()
    not_carried: tuple[str, ...] = ()
    tm_target: str = ""
    tm_target_coded: str | None = None
    status: str = "confirmed"
    version: str = ""
    source_codes: tuple[Code, ...] = ()
    target_codes: tuple[Code, ...] = ()

    @property
    def source_with_codes(self) -> str | None:
        """The TM source with each inline code's native content where it stands (``Click <b>Save</b>``;
        None without codes)."""
        return _with_codes(self.source_lang, self.source, self.source_coded, self.source_codes)

    @property
    def tm_target_with_codes(self) -> str | None:
        """The TM's target as stored with each inline code's native content (None without codes)."""
        return _with_codes(self.target_lang, self.tm_target, self.tm_target_coded, self.target_codes)

    @property
    def target_with_codes(self) -> str | None:
        """The suggestion with each inline code's native content where it stands (None without codes)."""
        return _with_codes(self.target_lang, self.target, self.target_coded, self.target_codes)

    @property
    def percent(self) -> int:
        """The score as a whole percentage, rounded down (99.9 is not 100)."""
        return int(self.score)

    @property
    def adapted(self) -> bool:
        """The suggestion is not the TM's target as stored (numbers or addresses were carried into it)."""
        return bool(self.changes)

    @property
    def confirmed(self) -> bool:
        return self.status == "confirmed"


def rank_key(m: Match) -> tuple[float, int]:
    """Best first: higher score, then the newer unit (higher id)."""
    return (-m.score, -m.unit_id)


def context_of(contexts: Sequence[tuple[str | None, str | None]], prev, nxt) -> str | None:
    """Which of the query's neighbours matched in one of the places the unit occurred: ``"prev+next"``,
    ``"prev"`` (Trados' rule: the previous segment decides a context match), or None. A query neighbour
    of None is a document's edge, which matches a file's edge (:data:`EDGE`); a neighbour the TM did not
    import (None there) matches nothing. Neighbours are compared as plain text, whatever inline codes
    either side carries."""
    want_prev, want_next = _norm(prev), _norm(nxt)
    found = None
    for p, n in contexts:
        if p is None or _norm(p) != want_prev:
            continue
        if n is not None and _norm(n) == want_next:
            return "prev+next"
        found = "prev"
    return found


def _norm(text: str | None) -> str:
    return EDGE if text is None else normalize(strip_placeholders(text))


def as_info(info: UnitInfo | tuple) -> UnitInfo:
    """A :class:`UnitInfo` from a store, or from ``(date, origin)`` as the oracle's entries may give it."""
    if isinstance(info, UnitInfo):
        return info
    date, origin = info
    return UnitInfo(date, origin, (origin,) if origin else ())


def _with_codes(lang: str, text: str, coded: str | None, codes: tuple[Code, ...]) -> str | None:
    if coded is None or not codes:
        return None
    from tm.formats.inline import native_text  # lazy: lxml only where a match has codes

    return native_text(Variant(lang, text, coded, codes))


def make_match(
    query: Analysed,
    unit_id: int,
    source: Variant,
    target: Variant,
    *,
    prev: str | None,
    nxt: str | None,
    contexts: Callable[[], Sequence[tuple[str | None, str | None]]],
    info: Callable[[], UnitInfo | tuple],
    scored: Scored | None = None,
    policy: Policy = DEFAULT_POLICY,
) -> Match | None:
    """The match of one unit: score, penalties, context and the target with placeables substituted; None
    when ``policy``'s filter refuses the unit."""
    if scored is None:
        scored = finish(query, analyse(source.content), source.lang)
    meta = as_info(info())
    if policy.where and not policy.where.accepts(meta):
        return None
    adapted = reported(scored, adapted_target(query.text, source, target), target)
    extra = [("placeable", PENALTIES["placeable"] * len(adapted.not_carried))] if adapted.not_carried else []
    score, penalties = with_penalties(scored, extra + policy.unit_penalties(meta))
    context = None
    if score == 100.0 and meta.status == "confirmed" and (prev is not None or nxt is not None):
        context = context_of(contexts(), prev, nxt)
        if context is not None:
            score = CONTEXT_SCORE
    return Match(
        unit_id,
        score,
        penalties,
        source.text,
        adapted.text,
        source.lang,
        target.lang,
        meta.origin,
        meta.date,
        context,
        source.coded,
        adapted.coded,
        adapted.changes,
        adapted.not_carried,
        target.text,
        target.coded,
        meta.status,
        pair_version(source, target),
        source.codes,
        target.codes,
    )


def adapted_target(query: str, source: Variant, target: Variant) -> Adapted:
    """The target with the query's numbers carried in (:func:`tm.text.adapt.adapt`), read as the query is.

    The query comes coded, its codes unknown here, and adapt reads each of its placeholders as a space
    (``Q1<tab>2024`` as ``Q1 2024``: :func:`tm.text.adapt.codes_as_spaces`); the TM's plain text reads a
    code that shows as whitespace as that whitespace and leaves any other out (:func:`tm.model.plain_text`).
    So the source and target go in with their codes read as spaces too, as the coded target is mapped
    (one character for one), and the result comes back in the target's plain text: changes spliced in at
    the same characters (whitespace aside), positions those of ``target.text``."""
    src, tgt = codes_as_spaces(source.content), codes_as_spaces(target.content)
    adapted = adapt(query, src, tgt, source.lang, target.lang, target_coded=target.coded)
    if tgt == target.text:
        return adapted
    if not adapted.changes:  # nothing carried: the TM's target as stored
        return Adapted(target.text, adapted.coded, (), adapted.not_carried, adapted.carried)
    at = _same_characters(tgt, target.text)
    edits = []
    for c in adapted.changes:
        if at is None or c.start not in at or c.end - 1 not in at:
            reasons = tuple(
                f"{x.old} -> {x.new}: an inline code stands inside the target's text" for x in adapted.changes
            )
            return Adapted(target.text, target.coded, (), reasons)
        edits.append(Change(c.old, c.new, at[c.start], at[c.end - 1] + 1))
    out, pos = [], 0
    for c in edits:
        out += [target.text[pos : c.start], c.new]
        pos = c.end
    out.append(target.text[pos:])
    return Adapted("".join(out), adapted.coded, tuple(edits), (), adapted.carried)


def _same_characters(a: str, b: str) -> dict[int, int] | None:
    """Each non-whitespace character's offset in ``a`` -> its offset in ``b``, when the two hold the same
    non-whitespace characters in the same order (None otherwise)."""
    in_a = [k for k, ch in enumerate(a) if not ch.isspace()]
    in_b = [k for k, ch in enumerate(b) if not ch.isspace()]
    if len(in_a) != len(in_b) or any(a[i] != b[j] for i, j in zip(in_a, in_b, strict=True)):
        return None
    return dict(zip(in_a, in_b, strict=True))


def reported(scored: Scored, adapted: Adapted, target: Variant) -> Adapted:
    """``adapted`` with every change the score counted (a number, date or address that differs) either
    carried into the target or named in ``not_carried``: one the target did not get and no reason names
    becomes a reason of its own, and then nothing is carried (all or nothing), so that a suggestion never
    keeps the TM's old number unflagged."""
    named = {reason.partition(": ")[0] for reason in adapted.not_carried}
    missed = [
        f"{old} -> {new}: not carried into the target"
        for old, new in scored.changes
        if (old, new) not in adapted.carried and f"{old} -> {new}" not in named
    ]
    if not missed:
        return adapted
    blocked = [
        f"{old} -> {new}: not carried, since another number could not be" for old, new in adapted.carried
    ]
    return Adapted(target.text, target.coded, (), (*adapted.not_carried, *missed, *blocked))


def top(matches: list[Match], limit: int) -> list[Match]:
    return sorted(matches, key=rank_key)[:limit]

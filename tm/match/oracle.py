"""The brute-force matcher: every unit scored, no index. It is the reference the indexed matcher is tested
against (same units, same scores, same order), and what answers for units the index has not caught up
with in a read-only TM.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence

from tm.match.penalties import DEFAULT_POLICY, Policy
from tm.match.results import Match, make_match, top
from tm.match.score import Analysed, Scored, analyse, finish
from tm.model import Variant
from tm.store.filters import UnitInfo

Context = Sequence[tuple[str | None, str | None]]
# (unit id, source, target, the unit's neighbours in each place it occurred, its UnitInfo or (date, origin))
Entry = tuple[int, Variant, Variant, Context, "UnitInfo | tuple[str | None, str | None]"]


def as_variant(value: Variant | str, lang: str) -> Variant:
    return value if isinstance(value, Variant) else Variant(lang, value)


class OracleMatcher:
    """Scores every entry of an in-memory list. ``entries``: (unit id, source, target[, contexts[, (date,
    origin)]]), where source and target are :class:`Variant` or plain text."""

    def __init__(
        self, entries: Iterable[tuple], src: str = "src", tgt: str = "tgt", *, policy: Policy = DEFAULT_POLICY
    ) -> None:
        self.policy = policy
        self.entries: list[Entry] = []
        for e in entries:
            contexts = e[3] if len(e) > 3 else ()
            info = e[4] if len(e) > 4 else (None, None)
            self.entries.append((e[0], as_variant(e[1], src), as_variant(e[2], tgt), contexts, info))

    @classmethod
    def from_store(cls, store, src: str, tgt: str, *, policy: Policy = DEFAULT_POLICY) -> OracleMatcher:
        """Every pair of the store, with contexts, dates, origins and statuses read up front (for tests)."""
        src_codes, tgt_codes = store.resolve(src), store.resolve(tgt)
        return cls(
            (
                (uid, s, t, store.contexts(uid, src_codes), store.unit_info(uid))
                for uid, s, t in store.pairs(src_codes, tgt_codes)
            ),
            policy=policy,
        )

    def lookup(
        self,
        text: str,
        *,
        min_score: float = 70,
        limit: int = 5,
        prev: str | None = None,
        next: str | None = None,
    ) -> list[Match]:
        return scan(
            text, self.entries, min_score=min_score, limit=limit, prev=prev, nxt=next, policy=self.policy
        )


def scan(
    text: str,
    entries: Iterable[Entry] | Iterable[tuple[int, Variant, Variant, Callable, Callable]],
    *,
    min_score: float,
    limit: int,
    prev: str | None,
    nxt: str | None,
    policy: Policy = DEFAULT_POLICY,
) -> list[Match]:
    """Score every entry and keep the best ``limit`` at or above ``min_score`` (units ``policy``'s filter
    refuses left out, its penalties applied). Contexts and info may be given as values or as callables
    (so that a store is asked only for the matches that need them)."""
    query = analyse(text)
    found = []
    floor = min(min_score, 100.0)
    for entry in entries:
        scored = finish(query, analyse(entry[1].content), entry[1].lang, floor=floor)
        if scored.score < floor:
            continue  # making the match only lowers a score (but a 100 may become a context 101)
        m = entry_match(query, entry, scored, prev, nxt, policy)
        if m is not None and m.score >= min_score:
            found.append(m)
    return top(found, limit)


def entry_match(
    query: Analysed, entry: tuple, scored: Scored, prev: str | None, nxt: str | None, policy: Policy
) -> Match | None:
    """:func:`tm.match.results.make_match` of one entry whose text score is ``scored``."""
    uid, source, target, contexts, info = entry
    return make_match(
        query,
        uid,
        source,
        target,
        prev=prev,
        nxt=nxt,
        contexts=contexts if callable(contexts) else (lambda c=contexts: c),
        info=info if callable(info) else (lambda i=info: i),
        scored=scored,
        policy=policy,
    )

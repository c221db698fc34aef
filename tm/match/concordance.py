"""Concordance: the units whose text contains a term, with the term's places and the translation beside it.

Containment is on normalised text (NFKC, whitespace folded) and case-insensitive where the script has case.
Candidates come from the fuzzy-match index: a unit must hold every word (or Han character) of the term,
the last word possibly as the start of a longer one (``москв`` finds ``Москва`` and ``Москвы``, ``wink``
finds ``Wink's``), so the postings of the term's rarest tokens are intersected and only those units are
read; one- and two-character Chinese terms work the same way. In space-delimited scripts a term is thus
found from the start of a word, not inside one. A term made only of placeables (a number) has no postings to
use and scans the language's units.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from tm.errors import UsageError
from tm.model import Variant
from tm.store.protocol import MatchIndex, Store
from tm.text.normalize import fold
from tm.text.tokenize import Token, tokenize

SHRINK_UNTIL = 2000  # stop intersecting postings once this few candidates are left


@dataclass(frozen=True)
class Hit:
    """A unit holding the term: ``spans`` are (start, end) of the term in ``source``."""

    unit_id: int
    source: str
    target: str | None
    source_lang: str
    target_lang: str | None
    spans: tuple[tuple[int, int], ...]
    origin: str | None = None
    date: str | None = None
    status: str = "confirmed"
    source_with_codes: str | None = None  # the texts with their inline codes' content (None: no codes)
    target_with_codes: str | None = None


def term_pattern(term: str) -> re.Pattern:
    """The term as written, whitespace-flexible and case-insensitive (for highlighting)."""
    return re.compile(r"\s+".join(re.escape(w) for w in term.split()), re.IGNORECASE)


def concordance(
    store: Store, term: str, lang: str | None, tgt: str | None = None, *, limit: int = 20
) -> list[Hit]:
    """Units whose ``lang`` text (any language's, when ``lang`` is None) contains ``term``, newest first
    (at most ``limit``)."""
    if lang is None:
        skip = set(store.resolve(tgt)) if tgt else set()
        hits = [
            h
            for code in store.languages()
            if code not in skip
            for h in concordance(store, term, code, tgt, limit=limit)
        ]
        # a unit whose texts in two languages hold the term is listed once (under its first language)
        ordered = sorted(hits, key=lambda h: (-h.unit_id, h.source_lang))
        return [h for n, h in enumerate(ordered) if n == 0 or ordered[n - 1].unit_id != h.unit_id][:limit]
    wanted = fold(term)
    if not wanted:
        raise UsageError(
            "the concordance term is empty", hint='give a word or phrase, e.g. tm concordance "城市"'
        )
    src_codes = store.resolve(lang)
    tgt_codes = store.resolve(tgt) if tgt else []
    index = store.index
    words = [t for t in tokenize(term) if t.kind in ("word", "cjk")]
    if index is not None and words:
        index.ready(src_codes)  # catch up where writable (a write: before the snapshot)
    # one state of the TM for the whole search: other processes' imports are seen whole or not at all
    with store.snapshot():
        return _search(store, term, wanted, src_codes, tgt_codes, words, limit)


def _search(
    store: Store,
    term: str,
    wanted: str,
    src_codes: list[str],
    tgt_codes: list[str],
    words: list[Token],
    limit: int,
) -> list[Hit]:
    index = store.index
    candidates: set[int] | None = None  # None: scan the language's units
    if index is not None and words:
        status = index.status(src_codes)
        candidates = set(status.tail)
        candidates |= _indexed_candidates(index, status.languages, words)
    if candidates is None:
        ids = [uid for uid, text in store.variant_texts(src_codes) if wanted in fold(text)]
    else:
        ids = list(candidates)
    pattern = term_pattern(term)
    hits: list[Hit] = []
    ordered = sorted(set(ids), reverse=True)
    for start in range(0, len(ordered), 200):
        batch = ordered[start : start + 200]
        rows = _rows(store, batch, src_codes, tgt_codes)
        for uid in batch:
            if uid not in rows:
                continue
            source, target = rows[uid]
            if wanted not in fold(source.text):
                continue
            info = store.unit_info(uid)
            date, origin = info.date, info.origin
            spans = tuple(m.span() for m in pattern.finditer(source.text))
            hits.append(
                Hit(
                    uid,
                    source.text,
                    target.text if target else None,
                    source.lang,
                    target.lang if target else None,
                    spans,
                    origin,
                    date,
                    info.status,
                    _with_codes(source),
                    _with_codes(target),
                )
            )
            if len(hits) >= limit:
                return hits
    return hits


def _with_codes(variant: Variant | None) -> str | None:
    if variant is None or variant.coded is None:
        return None
    from tm.formats.inline import native_text  # lazy: lxml only where a unit has codes

    return native_text(variant)


def _indexed_candidates(index: MatchIndex, codes: tuple[str, ...], words: list[Token]) -> set[int]:
    """The indexed units holding every token of the term (the last word possibly as the start of a longer
    one): the postings of the rarest tokens intersected until few candidates are left."""
    candidates: set[int] = set()
    for code in codes:
        groups = []  # per term token: the vocabulary entries that can stand for it
        for i, token in enumerate(words):
            if i == len(words) - 1 and token.kind == "word":
                groups.append(index.prefixed(code, token.key))  # the term may end inside a word
            else:
                groups.append(list(index.tokens(code, [token.key]).values()))
        if not all(groups):
            continue  # a token no indexed unit of this language holds
        found: set[int] | None = None
        for group in sorted(groups, key=lambda g: sum(s.df for s in g)):
            ids = index.units_with(code, [s.id for s in group])
            found = ids if found is None else found & ids
            if len(found) <= SHRINK_UNTIL:
                break
        candidates |= found or set()
    return candidates


def _rows(store: Store, ids: list[int], src_codes: list[str], tgt_codes: list[str]) -> dict:
    if not tgt_codes:
        # no target asked for: the unit's first variant in another language stands beside the source
        primaries = {c.split("-")[0] for c in src_codes}
        tgt_codes = [c for c in store.languages_of(ids) if c.split("-")[0] not in primaries]
    return {uid: (s, t) for uid, s, t in store.pairs(src_codes, tgt_codes, ids)}

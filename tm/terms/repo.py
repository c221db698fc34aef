"""Where concepts are kept, seen from the services: an in-memory termbase (a TBX or CSV file given on the
command line, and tests), the termbase of a TM store (``store.terms``, :class:`tm.store.protocol.Termbase`),
and looking a term up in either with languages resolved as the TM resolves them.

Both kinds offer the same protocol: adding a concept whose ``id`` a stored concept already has replaces that
concept, so that importing the same TBX again updates it rather than doubling it; a concept without an id
(a CSV row) is known by a digest of its content (:func:`tm.store.codec.concept_ext_id`), so that the same
CSV imported again does not double it either.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import replace
from pathlib import Path

from tm.lang import matching, rank
from tm.model import Concept, IssueSink, Term
from tm.store import Store, Termbase
from tm.store.codec import concept_ext_id
from tm.terms.io import read_termbase_file
from tm.text.normalize import fold_term


class MemoryTermbase:
    """A :class:`tm.store.protocol.Termbase` held in memory."""

    def __init__(self, concepts: Iterable[Concept] = ()) -> None:
        self._concepts: list[Concept] = []
        self._by_id: dict[str, int] = {}
        self.version = 0  # changes whenever the content does (caches of term finders key on it)
        for concept in concepts:
            self.add(concept)

    def add(self, concept: Concept) -> Concept:
        ext_id = concept_ext_id(concept)  # its id, or a digest of its content: the same concept replaces it
        key = self._by_id.get(ext_id)
        if key is None:
            key = self._by_id[ext_id] = len(self._concepts)
            self._concepts.append(concept)
        stored = replace(concept, key=key)
        self._concepts[key] = stored
        self.version += 1
        return stored

    def clear(self) -> None:
        self._concepts.clear()
        self._by_id.clear()
        self.version += 1

    def count(self) -> int:
        return len(self._concepts)

    def languages(self) -> list[str]:
        return sorted({t.lang for c in self._concepts for t in c.terms})

    def concepts(self, codes: Sequence[str] | None = None) -> Iterator[Concept]:
        for concept in self._concepts:
            if codes is None or any(t.lang in codes for t in concept.terms):
                yield concept

    def lookup(self, key: str, codes: Sequence[str] | None = None) -> list[Concept]:
        return [
            c
            for c in self._concepts
            if any(key in fold_term(t.text) and (codes is None or t.lang in codes) for t in c.terms)
        ]


def lookup_terms(termbase: Termbase, text: str, lang: str | None = None) -> list[Concept]:
    """The concepts with a term equal to ``text`` (case and width aside) first, then those with a term
    containing it; ``lang`` (``zh`` finds ``zh-CN``) limits the terms searched."""
    codes = matching(lang, termbase.languages()) if lang else None
    key = fold_term(text)
    found = termbase.lookup(key, codes)
    return sorted(found, key=lambda c: not any(fold_term(t.text) == key for t in c.terms))


def terms_in(concept: Concept, lang: str) -> list[Term]:
    """The concept's terms in ``lang`` (primary-subtag fallback, as the TM does: ``zh`` finds ``zh-CN``)."""
    return [t for t in concept.terms if _answers(lang, t.lang)]


def _answers(requested: str, code: str) -> bool:
    try:
        return rank(requested, code) is not None
    except Exception:  # a code tm cannot parse never answers
        return False


def load_termbase(
    store: Store | None, path: str | Path | None = None, on_issue: IssueSink | None = None
) -> MemoryTermbase | None:
    """The termbase a command works with, in memory: the TBX or CSV file ``path`` when given, else the TM
    ``store``'s (None when it holds no concept, so that callers say nothing about terms)."""
    if path is not None:
        return MemoryTermbase(read_termbase_file(path, on_issue))
    if store is None or not store.terms.count():
        return None
    return MemoryTermbase(store.terms.concepts())

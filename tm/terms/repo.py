"""Where concepts are kept: the :class:`Termbase` protocol, an in-memory termbase, and opening the one of
a TM store.

Every backend offers the same few operations; the SQLite one lives in :mod:`tm.store.sqlite_terms` (its
tables beside the TM's). Adding a concept whose ``id`` a stored concept already has replaces that concept,
so that importing the same TBX again updates it rather than doubling it.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import replace
from typing import Protocol, runtime_checkable

from tm.lang import rank
from tm.terms.model import Concept, Term


@runtime_checkable
class Termbase(Protocol):
    """What every termbase backend offers."""

    def add(self, concept: Concept) -> Concept: ...
    def concepts(self) -> Iterator[Concept]: ...
    def count(self) -> int: ...
    def languages(self) -> list[str]: ...
    def terms(self, lang: str) -> Iterator[tuple[Concept, Term]]: ...
    def clear(self) -> None: ...
    def lookup(self, text: str, lang: str | None = None) -> list[Concept]: ...


class MemoryTermbase:
    """A termbase held in memory: for a TBX or CSV file given on the command line, and for tests."""

    def __init__(self, concepts: Iterable[Concept] = ()) -> None:
        self._concepts: list[Concept] = []
        self._by_id: dict[str, int] = {}
        self.version = 0  # changes whenever the content does (caches of matchers key on it)
        for concept in concepts:
            self.add(concept)

    def add(self, concept: Concept) -> Concept:
        if concept.id is not None and concept.id in self._by_id:
            key = self._by_id[concept.id]
        else:
            key = len(self._concepts)
            self._concepts.append(concept)
        stored = replace(concept, key=key)
        self._concepts[key] = stored
        if concept.id is not None:
            self._by_id[concept.id] = key
        self.version += 1
        return stored

    def concepts(self) -> Iterator[Concept]:
        yield from self._concepts

    def count(self) -> int:
        return len(self._concepts)

    def languages(self) -> list[str]:
        return sorted({lang for c in self._concepts for lang in c.languages})

    def terms(self, lang: str) -> Iterator[tuple[Concept, Term]]:
        """Every term in ``lang`` (``zh`` finds ``zh-CN`` and ``zh-Hans``), with its concept."""
        for concept in self._concepts:
            for term in concept.terms:
                if _answers(lang, term.lang):
                    yield concept, term

    def lookup(self, text: str, lang: str | None = None) -> list[Concept]:
        """The concepts with a term equal to ``text`` (case and width aside) first, then containing it."""
        key = _folded(text)
        found = [
            c
            for c in self._concepts
            if any(key in _folded(t.text) and (lang is None or _answers(lang, t.lang)) for t in c.terms)
        ]
        return sorted(found, key=lambda c: not any(_folded(t.text) == key for t in c.terms))

    def clear(self) -> None:
        self._concepts.clear()
        self._by_id.clear()
        self.version += 1


def _folded(text: str) -> str:
    return unicodedata.normalize("NFKC", text).casefold().strip()


def _answers(requested: str, code: str) -> bool:
    try:
        return rank(requested, code) is not None
    except Exception:  # a code tm cannot parse never answers
        return False


def terms_in(concept: Concept, lang: str) -> list[Term]:
    """The concept's terms in ``lang`` (primary-subtag fallback, as the TM does)."""
    return [t for t in concept.terms if _answers(lang, t.lang)]


def store_termbase(store) -> Termbase:
    """The termbase kept in the TM ``store`` (created on first use in a writable store)."""
    opener = getattr(store, "termbase", None)
    if callable(opener):  # a backend that provides its own
        return opener()
    from tm.store.sqlite_terms import SqliteTermbase

    return SqliteTermbase(store)

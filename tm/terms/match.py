"""Finding a termbase's terms in text.

- Chinese (and Japanese, and any term made of Han characters): substring search on characters, no word
  segmentation, so terms of one or two characters (``李扬``, ``中俄``) are found wherever they stand;
  a Latin part of a term (``Wink集团``) must not continue a Latin word of the text.
- Russian: words compared by lemma (pymorphy3, :mod:`tm.terms.morph`), so ``делегации Китайского
  павильона`` holds ``Китайский павильон`` and ``«Ростелекома»`` holds ``Ростелеком``.
- Other languages (English): whole words, case-insensitive, with a plural ``s``/``es`` allowed at the end.

Everywhere text and terms are compared after the termbase's one fold (:func:`tm.text.normalize.fold_term`:
NFKC, case folding, ``ё`` = ``е``, every dash (``- – —``), apostrophe and quotation mark folded to one), so
that ``World Content Market - Moscow`` is the term ``World Content Market – Moscow``, as ``tm terms lookup``
finds it. Where terms overlap, the leftmost longest is taken.
"""

from __future__ import annotations

import re
import weakref
from collections.abc import Iterable
from dataclasses import dataclass, replace
from typing import NamedTuple

from tm.lang import primary
from tm.model import Concept, Term
from tm.terms.morph import lemmas
from tm.terms.repo import terms_in
from tm.text.normalize import fold_term, fold_term_map

_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f\u3040-\u30ff]")
_TOKEN = re.compile(r"[^\W_]+", re.U)
_SOFT_GAP = re.compile(r"^[\s'\"()]*$")
_CYRILLIC = re.compile(r"[\u0400-\u04ff]")
MORPH_LANGS = frozenset({"ru"})


def _word(ch: str) -> bool:
    return ch.isalnum() and not _HAN.match(ch)


@dataclass(frozen=True)
class Found:
    """A term found in a text: its span in the text, the term and its concept."""

    start: int
    end: int
    term: Term
    concept: Concept


class TermHit(NamedTuple):
    """A source term found in a segment, with the termbase's target terms for it."""

    start: int
    end: int
    source: str
    targets: tuple[str, ...]


class _CharIndex:
    """Terms found by characters (Chinese; whole words elsewhere)."""

    def __init__(self, entries: Iterable[tuple[Term, Concept]], plural: bool) -> None:
        self.plural = plural
        self.by_first: dict[str, list[tuple[str, Term, Concept]]] = {}
        for term, concept in entries:
            key = fold_term(term.text)
            if key:
                self.by_first.setdefault(key[0], []).append((key, term, concept))
        for items in self.by_first.values():
            items.sort(key=lambda item: -len(item[0]))

    def find(self, text: str, overlapping: bool = False) -> list[Found]:
        folded, where = fold_term_map(text)
        out: list[Found] = []
        i, n = 0, len(folded)
        while i < n:
            best_end = -1
            for key, term, concept in self.by_first.get(folded[i], ()):
                if not folded.startswith(key, i):
                    continue
                if _word(key[0]) and i > 0 and _word(folded[i - 1]):
                    continue
                j = i + len(key)
                if _word(key[-1]) and j < n and _word(folded[j]):
                    suffix = next((s for s in ("s", "es") if folded.startswith(s, j)), None)
                    if not (
                        self.plural
                        and suffix
                        and (j + len(suffix) == n or not _word(folded[j + len(suffix)]))
                    ):
                        continue
                    j += len(suffix)
                if not overlapping and best_end >= 0 and j < best_end:
                    continue
                found = Found(where[i], where[j - 1] + 1, term, concept)
                if overlapping:
                    out.append(found)
                elif j > best_end:
                    best_end = j
                    best = found
            if not overlapping and best_end >= 0:
                out.append(best)
                i = best_end
            else:
                i += 1
        return out


class _LemmaIndex:
    """Terms found by lemmas of words (Russian)."""

    def __init__(self, entries: Iterable[tuple[Term, Concept]]) -> None:
        self.lemmas = lemmas
        self.by_first: dict[str, list[tuple[list[frozenset[str]], list[str], Term, Concept]]] = {}
        for term, concept in entries:
            folded = fold_term(term.text)
            found = list(_TOKEN.finditer(folded))
            if not found:
                continue
            seq = [lemmas(m.group()) for m in found]
            gaps = [_gap(folded[a.end() : b.start()]) for a, b in zip(found, found[1:], strict=False)]
            for lemma in seq[0]:
                self.by_first.setdefault(lemma, []).append((seq, gaps, term, concept))
        for items in self.by_first.values():
            items.sort(key=lambda item: -len(item[0]))

    def find(self, text: str, overlapping: bool = False) -> list[Found]:
        folded, where = fold_term_map(text)
        tokens = [(m.start(), m.end(), m.group()) for m in _TOKEN.finditer(folded)]
        sets = [self.lemmas(w) for _, _, w in tokens]
        out: list[Found] = []
        k = 0
        while k < len(tokens):
            best: tuple[int, Found] | None = None
            seen: set[int] = set()
            for lemma in sets[k]:
                for seq, gaps, term, concept in self.by_first.get(lemma, ()):
                    if id(seq) in seen or k + len(seq) > len(tokens):
                        continue
                    seen.add(id(seq))
                    if all(
                        seq[m] & sets[k + m]
                        and (m == 0 or _gap(folded[tokens[k + m - 1][1] : tokens[k + m][0]]) == gaps[m - 1])
                        for m in range(len(seq))
                    ):
                        last = k + len(seq) - 1
                        found = Found(where[tokens[k][0]], where[tokens[last][1] - 1] + 1, term, concept)
                        if overlapping:
                            out.append(found)
                        elif best is None or len(seq) > best[0]:
                            best = (len(seq), found)
            if best is not None:
                out.append(best[1])
                k += best[0]
            else:
                k += 1
        return out


def _gap(text: str) -> str:
    """What separates two words of a term: a hyphen, nothing, a space (quotes and brackets aside), or
    other punctuation (then the words are not one term)."""
    if not text:
        return ""
    if text.strip() == "-":
        return "-"
    return " " if _SOFT_GAP.match(text) else "x"


def build_index(entries: Iterable[tuple[Term, Concept]], lang: str):
    """An index of ``entries`` (terms of one language) for finding them in text of ``lang``."""
    entries = list(entries)
    if primary(lang) in MORPH_LANGS:  # words with Cyrillic letters by lemma, the rest (Wink.ru) as written
        inflected = [e for e in entries if _CYRILLIC.search(e[0].text)]
        rest = [e for e in entries if not _CYRILLIC.search(e[0].text)]
        return _Both(_LemmaIndex(inflected), _CharIndex(rest, plural=False))
    return _CharIndex(entries, plural=primary(lang) == "en")


class _Both:
    def __init__(self, *indexes) -> None:
        self.indexes = indexes

    def find(self, text: str, overlapping: bool = False) -> list[Found]:
        found = [f for index in self.indexes for f in index.find(text, overlapping)]
        return sorted(found, key=lambda f: (f.start, -(f.end - f.start)))


class TermChecker:
    """The termbase's terms for one language pair, ready to be found in segments."""

    def __init__(self, concepts: Iterable[Concept], src: str, tgt: str) -> None:
        self.src, self.tgt = src, tgt
        src_entries, tgt_entries = [], []
        self.targets: dict[int, list[Term]] = {}
        for n, concept in enumerate(concepts):
            if concept.key is None:
                concept = replace(concept, key=-1 - n)
            src_entries += [(t, concept) for t in terms_in(concept, src)]
            tgt_terms = terms_in(concept, tgt)
            tgt_entries += [(t, concept) for t in tgt_terms]
            self.targets[concept.key] = tgt_terms
        self.source_index = build_index(src_entries, src)
        self.target_index = build_index(tgt_entries, tgt)
        self.allowed_texts = {fold_term(t.text) for t, _ in tgt_entries if t.allowed}

    def hits(self, text: str) -> list[TermHit]:
        """The source terms in ``text`` with the allowed target terms of their concepts."""
        out: list[TermHit] = []
        for group in _groups(self.source_index.find(text, overlapping=True), self.source_index.find(text)):
            first = group[0]
            targets = [t.text for f in group for t in self.targets.get(f.concept.key, []) if t.allowed]
            out.append(
                TermHit(first.start, first.end, text[first.start : first.end], tuple(dict.fromkeys(targets)))
            )
        return out

    def source_spans(self, text: str) -> list[tuple[int, int]]:
        return [(f.start, f.end) for f in self.source_index.find(text)]

    def problems(self, source: str, target: str) -> list[tuple[str, str, tuple, tuple]]:
        """``(check, message, source spans, target spans)`` for one segment."""
        out = []
        in_target = self.target_index.find(target, overlapping=True)
        present = {f.concept.key for f in in_target if f.term.allowed}
        for group in _groups(
            self.source_index.find(source, overlapping=True), self.source_index.find(source)
        ):
            wanted = [t for f in group for t in self.targets.get(f.concept.key, []) if t.allowed]
            if not wanted or any(f.concept.key in present for f in group):
                continue
            first = group[0]
            names = ", ".join(dict.fromkeys(t.text for t in wanted[:4]))
            out.append(
                (
                    "terminology",
                    f"{source[first.start : first.end]}: the termbase renders it as {names}",
                    ((first.start, first.end),),
                    (),
                )
            )
        for f in in_target:
            if f.term.allowed or fold_term(f.term.text) in self.allowed_texts:
                continue
            better = [t.text for t in self.targets.get(f.concept.key, []) if t.allowed]
            advice = f"; use {', '.join(better[:3])}" if better else ""
            kind = "term-forbidden" if f.term.status == "forbidden" else "term-deprecated"
            what = "forbidden" if kind == "term-forbidden" else "deprecated"
            out.append(
                (
                    kind,
                    f"{target[f.start : f.end]} is {what} in the termbase{advice}",
                    (),
                    ((f.start, f.end),),
                )
            )
        return out


def _groups(every: list[Found], chosen: list[Found]) -> list[list[Found]]:
    """The chosen (leftmost longest) matches, each with every match of the same span (homographs:
    one source term of several concepts)."""
    out = []
    for c in chosen:
        out.append([f for f in every if (f.start, f.end) == (c.start, c.end)])
    return out


_CACHE: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def checker_for(termbase, src: str, tgt: str) -> TermChecker:
    """A :class:`TermChecker` for ``termbase``, kept while the termbase is unchanged."""
    version = (getattr(termbase, "version", None), termbase.count())
    per = _CACHE.setdefault(termbase, {})
    cached = per.get((src, tgt))
    if cached is None or cached[0] != version:
        cached = (version, TermChecker(termbase.concepts(), src, tgt))
        per[(src, tgt)] = cached
    return cached[1]

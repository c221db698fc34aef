"""Correspondences tm is sure of between a document's segment and the target filled into it.

A segment's inline element (a bold name, a link around a number) must land on the piece of the TM's
target that translates what it encloses; the TM unit often has no codes, so tm finds that piece through
what it already knows (:class:`~tm.formats.documents.codefill.Anchor`, placed by
:func:`tm.formats.documents.codefill.place_codes`). Each kind of anchor is certain or not given:

- ``term``: a termbase term found once in the segment (Chinese by characters, Russian by lemma, English
  as whole words; :mod:`tm.terms.match`) whose concept is found exactly once in the target, by any of
  its terms (``亚历山大·科萨里姆`` -> ``Alexander Kosarim``);
- ``number``: a number or date whose value is written once in the segment and once in the target, in
  any script (``9万`` -> ``90,000``, ``4月11日`` -> ``11th April``; :mod:`tm.text.numbers`);
- ``same``: a word of letters outside Chinese script (a Latin brand or name inside Chinese: ``Wink``,
  ``Media-Telecom``, ``WCM``) written the same way once on each side, case and all;
- ``dictionary`` (Chinese to English): a Chinese word of two characters or more (CC-CEDICT through
  :mod:`tm.align.lexicon`, when installed) found once in the segment, one of whose English glosses is in
  the target exactly once as whole words, at a place that no other word of the segment glosses.

Anchors are taken in that order; one that disagrees with those already taken (two targets for one piece,
one target for two pieces, nesting that differs between the sides) is dropped, and two of the same kind
that disagree drop each other. Only the segment's own text counts, never the TM unit's source: a fuzzy
match's source differs from the segment, and its target is what is filled (with the segment's numbers
already carried into it).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from tm.formats.documents.codefill import Anchor, consistent, relation
from tm.lang import primary
from tm.store import Termbase
from tm.terms.match import checker_for
from tm.text.numbers import extract, same_value

_CJK = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uac00-\ud7af"
_NOT_HAN_WORD = rf"[^\W_{_CJK}]"  # a letter or digit of an alphabet
_LATIN_WORD = re.compile(rf"(?<!{_NOT_HAN_WORD}){_NOT_HAN_WORD}+(?:[.&'’\-]{_NOT_HAN_WORD}+)*")
_LETTER = re.compile(rf"[^\W\d_{_CJK}]")
_HAN_RUN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")
_GLOSS_SKIP = (
    "CL:",
    "surname ",
    "variant of",
    "old variant",
    "abbr. for",
    "see ",
    "used in",
    "pr. ",
    "also ",
)
_GLOSS_STOP = frozenset(
    "a an the of to in on at by for and or with from as be is are was it its this that one".split()
)
KINDS = ("term", "number", "same", "dictionary")


class AnchorFinder:
    """Finds the anchors between segments in ``src`` and targets in ``tgt``, with a termbase (or none) and,
    for Chinese to English, CC-CEDICT when installed (``dictionary=False`` leaves it out)."""

    def __init__(
        self, src: str, tgt: str, termbase: Termbase | None = None, *, dictionary: bool = True
    ) -> None:
        self.src, self.tgt = src, tgt
        self.termbase = termbase
        self.dictionary = dictionary and primary(src) == "zh" and primary(tgt) == "en"

    def __call__(self, source: str, target: str) -> list[Anchor]:
        """The anchors between the segment's plain text ``source`` and the target's plain text ``target``."""
        found: list[list[Anchor]] = [
            self.terms(source, target) if self.termbase is not None else [],
            numbers(source, target, self.src, self.tgt),
            same_words(source, target),
        ]
        table = None
        if self.dictionary:
            from tm.align.lexicon import (
                cedict,
            )  # lazy: the aligner's package loads when a zh-en code needs it

            table = cedict()
        found.append(dictionary(source, target, table) if table is not None else [])
        return settle(found)

    def terms(self, source: str, target: str) -> list[Anchor]:
        checker = checker_for(self.termbase, self.src, self.tgt)
        every = checker.source_index.find(source, overlapping=True)
        chosen = checker.source_index.find(source)
        in_target = checker.target_index.find(target)
        out = []
        for c in chosen:
            keys = {f.concept.key for f in every if (f.start, f.end) == (c.start, c.end)}
            if any(
                o is not c and {f.concept.key for f in every if (f.start, f.end) == (o.start, o.end)} & keys
                for o in chosen
            ):
                continue  # the concept twice in the segment: which one is which?
            spans = {(f.start, f.end) for f in in_target if f.concept.key in keys}
            if len(spans) == 1:
                (span,) = spans
                out.append(_anchor("term", source, target, (c.start, c.end), span))
        return out


def numbers(source: str, target: str, src: str, tgt: str) -> list[Anchor]:
    """Numbers and dates written once in the segment whose value the target writes exactly once."""
    xs, ys = extract(source, src), extract(target, tgt)
    out = []
    for x in xs:
        matches = [y for y in ys if same_value(x, y, partial=True)]
        if len(matches) != 1:
            continue
        (y,) = matches
        if any(other is not x and same_value(other, y, partial=True) for other in xs):
            continue  # two numbers of the segment could be this one
        out.append(_anchor("number", source, target, (x.start, x.end), (y.start, y.end)))
    return out


def _whole_words(text: str, word: str) -> list[tuple[int, int]]:
    pattern = re.compile(rf"(?<!{_NOT_HAN_WORD}){re.escape(word)}(?!{_NOT_HAN_WORD})")
    return [m.span() for m in pattern.finditer(text)]


def same_words(source: str, target: str) -> list[Anchor]:
    """Words of letters outside Chinese script (``Wink``, ``Media-Telecom``) written once on each side."""
    out = []
    for m in _LATIN_WORD.finditer(source):
        word = m.group()
        if not _LETTER.search(word) or len(_whole_words(source, word)) != 1:
            continue
        spans = _whole_words(target, word)
        if len(spans) == 1:
            out.append(_anchor("same", source, target, m.span(), spans[0]))
    return out


def _glosses(entry: str) -> list[str]:
    """The English words and phrases a CC-CEDICT entry gives (``movie; film/CL:部`` -> movie, film)."""
    out = []
    for sense in entry.split("/"):
        if not sense or sense.startswith(_GLOSS_SKIP):
            continue
        sense = re.sub(r"\([^)]*\)|\[[^\]]*\]|\S*\|\S*", " ", sense)
        for alt in sense.split(";"):
            alt = re.sub(r"^(?:to|a|an|the)\s+", "", alt.strip().strip(".,!?"), flags=re.I)
            if (
                re.fullmatch(r"[A-Za-z][A-Za-z'\- ]*", alt)
                and len(alt.split()) <= 3
                and alt.lower() not in _GLOSS_STOP
            ):
                out.append(alt)
    return out


def _gloss_spans(target: str, glosses: Iterable[str]) -> set[tuple[int, int]]:
    spans: set[tuple[int, int]] = set()
    for gloss in glosses:
        pattern = re.compile(rf"(?<![\w'’-]){re.escape(gloss)}(?:e?s)?(?![\w'’-])", re.I)
        spans.update(m.span() for m in pattern.finditer(target))
    widest = {s for s in spans if not any(t != s and t[0] <= s[0] and s[1] <= t[1] for t in spans)}
    return widest


def dictionary(source: str, target: str, table: dict[str, str]) -> list[Anchor]:
    """Chinese words (two characters or more) whose CC-CEDICT gloss is in the target once, whole words,
    where no other word of the segment has a gloss."""
    from tm.align.lexicon import segment_han  # lazy: as in AnchorFinder.__call__

    words: list[tuple[int, int, str]] = []
    for run in _HAN_RUN.finditer(source):
        at = run.start()
        for word in segment_han(run.group(), table):
            words.append((at, at + len(word), word))
            at += len(word)
    hits = {(a, b): _gloss_spans(target, _glosses(table.get(w, ""))) for a, b, w in words}
    out = []
    for a, b, word in words:
        spans = hits[(a, b)]
        if len(word) < 2 or len(spans) != 1 or source.count(word) != 1:
            continue
        (span,) = spans
        if any(
            (c, d) != (a, b) and any(relation(span, s) != "disjoint" for s in other)
            for (c, d), other in hits.items()
        ):
            continue  # another word of the segment could be what the target says there
        out.append(_anchor("dictionary", source, target, (a, b), span))
    return out


def _anchor(kind: str, source: str, target: str, s: tuple[int, int], t: tuple[int, int]) -> Anchor:
    return Anchor(kind, s, t, source[s[0] : s[1]], target[t[0] : t[1]])


def _agrees(a: Anchor, b: Anchor) -> bool:
    return consistent(relation(a.source, b.source), relation(a.target, b.target))


def settle(by_kind: Iterable[list[Anchor]]) -> list[Anchor]:
    """The anchors kept: each kind in turn (the first most trusted), those that agree with every anchor
    already kept and with every other of their kind."""
    kept: list[Anchor] = []
    for found in by_kind:
        fresh = [a for a in dict.fromkeys(found) if all(_agrees(a, k) for k in kept)]
        fresh = [a for a in fresh if all(_agrees(a, b) for b in fresh if b is not a)]
        kept += [a for a in fresh if not any((a.source, a.target) == (k.source, k.target) for k in kept)]
    return kept

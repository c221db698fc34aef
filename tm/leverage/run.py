"""Analyse documents against a TM and pre-translate them.

Each segment is looked up with its neighbours (so that an exact match in the same context scores 101);
the best match decides its band. :func:`analyze` counts segments, words and characters per band for
each file and in total; :func:`pretranslate` also writes the draft: every segment whose best match
reaches ``min_score`` gets that match's target (numbers and inline codes of the new segment put in),
the other candidates kept where the format can hold them.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from tm.bands import parse_weights
from tm.formats.documents import Candidate, Fill, open_document, transfer_codes, write_output
from tm.lang import normalize_code
from tm.leverage.analysis import FileAnalysis, classify, signature, tally
from tm.match import Matcher
from tm.store import Termbase
from tm.terms import TermHit, note_text, term_hits
from tm.text import segment

ANALYSIS_MIN = 50  # the lowest band: matches below it are no match
DEFAULT_MIN_SCORE = 75
DEFAULT_LIMIT = 5


@dataclass(frozen=True)
class SegmentResult:
    """One segment's best match and band."""

    file: str
    id: str
    source: str
    band: str
    score: int | None
    target: str | None  # the best match's target, placeables substituted (plain text)
    origin: str | None


@dataclass(frozen=True)
class Analysis:
    """Band totals per file and in total (the last entry of ``files``), with the settings' signature."""

    files: tuple[FileAnalysis, ...]
    signature: str
    weights: dict[str, float]
    segments: tuple[SegmentResult, ...]

    @property
    def total(self) -> FileAnalysis:
        return self.files[-1]


@dataclass(frozen=True)
class Pretranslation:
    """What :func:`pretranslate` did."""

    analysis: Analysis
    output: str
    kind: str  # doc, xliff, po, tmx
    filled: int  # segments given a target
    kept: int  # segments whose confirmed translation was kept
    terms: dict[str, list[TermHit]] | None = None  # segment id -> its term hits (None: no termbase)


Lookup = Callable[[str, str | None, str | None], list]


def _matcher(store, src: str, tgt: str, limit: int) -> tuple[Lookup, str]:
    """A lookup function over ``store`` and the scorer's signature, from tm.match."""
    impl = Matcher(store, src, tgt, min_score=ANALYSIS_MIN, limit=limit)

    def lookup(text: str, prev: str | None, nxt: str | None) -> list:
        return impl.lookup(text, prev=prev, next=nxt)

    return lookup, impl.signature


def _run(store, paths: Sequence[str | Path], src: str, tgt: str, weights, limit: int):
    src, tgt = normalize_code(src), normalize_code(tgt)
    weights = parse_weights(weights)
    lookup, scorer = _matcher(store, src, tgt, limit)
    docs = [open_document(p, src) for p in paths]
    cache: dict[str, list] = {}
    matches: list[list[list]] = []
    items = []
    for f, doc in enumerate(docs):
        sources = [s.source for s in doc.segments]
        per_doc = []
        for k, text in enumerate(sources):
            prev = sources[k - 1] if k > 0 else None
            nxt = sources[k + 1] if k + 1 < len(sources) else None
            query = doc.segments[k].query  # with its inline codes: a unit whose codes differ is not 100
            found = cache.get(query)
            if found is None or (found and found[0].score >= 100):
                # Neighbours only ever lift an exact match to 101: a text whose best match is below 100
                # gets the same matches whatever its neighbours, so a repeated one is not looked up again.
                found = list(lookup(query, prev, nxt)) if text else []
                cache[query] = found
            per_doc.append(found)
            items.append((f, k, text, found[0].percent if found else None))
        matches.append(per_doc)
    classified = classify(items)
    files = tally(classified, [str(p) for p in paths], weights)
    results = []
    for c in classified:
        doc = docs[c.file]
        seg = doc.segments[c.index]
        found = matches[c.file][c.index]
        best = found[0] if found else None
        results.append(
            SegmentResult(
                str(paths[c.file]),
                seg.id,
                seg.source,
                c.band,
                c.score,
                best.target if best is not None else None,
                best.origin if best is not None else None,
            )
        )
    analysis = Analysis(
        tuple(files), signature(weights, scorer, segment.signature()), weights, tuple(results)
    )
    return analysis, docs, matches, classified


def analyze(
    store,
    paths: Sequence[str | Path],
    src: str,
    tgt: str,
    *,
    weights: str | Mapping[str, float] | None = None,
    limit: int = DEFAULT_LIMIT,
) -> Analysis:
    """Band totals for ``paths`` (a job: repetitions count across files) against ``store``."""
    return _run(store, paths, src, tgt, weights, limit)[0]


def pretranslate(
    store,
    path: str | Path,
    src: str,
    tgt: str,
    out: str | Path,
    *,
    min_score: int = DEFAULT_MIN_SCORE,
    weights: str | Mapping[str, float] | None = None,
    limit: int = DEFAULT_LIMIT,
    termbase: Termbase | None = None,
) -> Pretranslation:
    """Write ``path`` pre-translated to ``out`` and return the analysis with what was filled. With a
    ``termbase``, the term hits of each segment are returned and written into the draft where its format
    has a place for them (a note or translator comment per segment)."""
    analysis, docs, matches, classified = _run(store, [path], src, tgt, weights, limit)
    doc = docs[0]
    fills: dict[int, Fill] = {}
    kept = 0
    for c in classified:
        seg = doc.segments[c.index]
        if seg.confirmed:
            kept += 1
            continue
        found = matches[0][c.index]
        if not found or c.score is None or c.score < min_score:
            continue
        best = found[0]
        target = transfer_codes(best.target_coded or best.target, best.source_coded, seg)
        candidates = tuple(Candidate(m.source, m.target, m.percent, m.origin) for m in found)
        fills[c.index] = Fill(target, c.score, c.band, best.origin, candidates)
    terms, notes = None, None
    if termbase is not None:
        hits = [(seg, term_hits(seg.source, src, tgt, termbase=termbase)) for seg in doc.segments]
        terms = {seg.id: found for seg, found in hits if found}
        notes = {seg.index: note_text(found) for seg, found in hits if found}
    kind = write_output(doc, fills, normalize_code(src), normalize_code(tgt), out, notes)
    return Pretranslation(analysis, str(out), kind, len(fills), kept, terms)

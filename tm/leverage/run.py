"""Analyse documents against a TM and pre-translate them.

Each segment is looked up with its neighbours (so that an exact match after the same previous segment
scores 101); the best match decides its band (a match from an unconfirmed unit counts as fuzzy).
:func:`analyze` counts segments, words and characters per band for each file and in total;
:func:`pretranslate` also writes the draft: every segment whose best match reaches the fill mode's
minimum gets that match's target (numbers and inline codes of the new segment put in), with where it
came from (the unit, the file, the TM's own texts, what was changed), the other candidates kept where
the format can hold them.
"""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from tm.bands import MAX_QUERY, parse_weights, unit_ref
from tm.errors import QueryTooLong, UsageError
from tm.formats.documents import (
    Candidate,
    Fill,
    document_holds_targets,
    draft_kind,
    open_document,
    write_output,
)
from tm.formats.documents.codefill import Decision, place_codes, plain_source
from tm.lang import normalize_code
from tm.leverage.analysis import FileAnalysis, classify, signature, tally
from tm.leverage.anchors import AnchorFinder
from tm.match import Matcher
from tm.match.penalties import Penalties, Policy, parse_penalties
from tm.model import Issue, IssueSink, strip_placeholders
from tm.store import Termbase
from tm.store.filters import UnitFilter
from tm.terms import TermHit, note_text, term_hits
from tm.text import segment

ANALYSIS_MIN = 50  # the lowest band: matches below it are no match
DEFAULT_MIN_SCORE = 75
DEFAULT_LIMIT = 5
FILL_MODES = ("exact", "fuzzy")
UNCONFIRMED_CAP = 99  # the best an unconfirmed unit's match counts as in the analysis: fuzzy, never 100


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
class FillReport:
    """One filled segment, as the report lists it: which segment, its score and band, the unit and the
    file the fill came from, whether it is fuzzy (to review: below 100, or from an unconfirmed unit),
    whether numbers were changed in the TM's target, and the numbers of the segment that were not
    carried into it (each with the reason: the fill keeps the TM's own)."""

    segment: str
    score: int
    band: str
    origin: str | None
    unit: str | None
    fuzzy: bool
    adapted: bool
    status: str
    codes: tuple[Decision, ...] = ()  # where each of the segment's inline codes was put, and why
    not_carried: tuple[str, ...] = ()


@dataclass(frozen=True)
class Pretranslation:
    """What :func:`pretranslate` did."""

    analysis: Analysis
    output: str
    kind: str  # doc, xliff, po, tmx
    filled: int  # segments given a target
    kept: int  # segments whose confirmed translation was kept
    fill: str = "fuzzy"  # exact (100 and 101 only) or fuzzy (down to min_score)
    min_score: int = DEFAULT_MIN_SCORE  # the lowest score filled
    fills: tuple[FillReport, ...] = ()  # every filled segment, in document order
    languages: tuple[str, str] = ("", "")  # the TM's codes the draft declares (what --src/--tgt resolved to)
    terms: dict[str, list[TermHit]] | None = None  # segment id -> its term hits (None: no termbase)
    unplaced: int = 0  # segments not filled: an inline element had no certain place in the match
    unplaced_segments: tuple[FillReport, ...] = ()  # those segments, with the decision on each code
    drafts_kept: int = 0  # segments whose unconfirmed translation (a draft: fuzzy, new) was left as it was
    overwritten: int = 0  # drafts replaced by a fill (overwrite_unconfirmed), the old text kept in the draft

    @property
    def fuzzy_fills(self) -> tuple[FillReport, ...]:
        return tuple(f for f in self.fills if f.fuzzy)


def _policy(penalties, where: UnitFilter | None) -> Policy:
    return Policy(parse_penalties(penalties), where or UnitFilter())


def _percent(match) -> int:
    """A match's whole percentage in the analysis: an unconfirmed unit's counts as fuzzy (at most 99)."""
    return match.percent if match.confirmed else min(match.percent, UNCONFIRMED_CAP)


def _run(
    store,
    paths: Sequence[str | Path],
    src: str,
    tgt: str,
    weights,
    limit: int,
    policy: Policy,
    on_issue: IssueSink | None = None,
    max_length: int | None = MAX_QUERY,
):
    src, tgt = normalize_code(src), normalize_code(tgt)
    weights = parse_weights(weights)
    matcher = Matcher(
        store, src, tgt, min_score=ANALYSIS_MIN, limit=limit, policy=policy, max_length=max_length
    )  # every band
    docs = [open_document(p, src) for p in paths]
    for doc in docs:  # what reading repaired (characters removed, entities replaced, segments joined)
        for issue in doc.issues:
            if on_issue is not None:
                on_issue(issue)
    cache: dict[str, list] = {}
    matches: list[list[list]] = []
    items = []
    for f, doc in enumerate(docs):
        sources = [s.source for s in doc.segments]  # neighbours as plain text, as the TM keeps them
        per_doc = []
        for k, text in enumerate(sources):
            prev = sources[k - 1] if k > 0 else None
            nxt = sources[k + 1] if k + 1 < len(sources) else None
            query = doc.segments[k].query  # with its inline codes: a unit whose codes differ is not 100
            found = cache.get(query)
            if found is None or (found and found[0].score >= 100):
                # Neighbours only ever lift an exact match to 101: a text whose best match is below 100
                # gets the same matches whatever its neighbours, so a repeated one is not looked up again.
                found = (
                    _lookup(matcher, query, prev, nxt, paths[f], doc.segments[k], on_issue) if text else []
                )
                cache[query] = found
            per_doc.append(found)
            items.append((f, k, text, _percent(found[0]) if found else None))
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
        tuple(files), signature(weights, matcher.signature, segment.signature()), weights, tuple(results)
    )
    return analysis, docs, matches, classified, matcher


def _lookup(matcher: Matcher, query: str, prev, nxt, path, seg, on_issue: IssueSink | None) -> list:
    """The matches of one segment; a segment longer than the query limit is No match, with a warning."""
    try:
        return matcher.lookup(query, prev=prev, next=nxt)
    except QueryTooLong as err:
        if on_issue is not None:
            on_issue(Issue(str(path), None, f"segment {seg.id}: {err.message}: counted as No match"))
        return []


def analyze(
    store,
    paths: Sequence[str | Path],
    src: str,
    tgt: str,
    *,
    weights: str | Mapping[str, float] | None = None,
    limit: int = DEFAULT_LIMIT,
    penalties: Iterable[str] | Penalties | None = None,
    where: UnitFilter | None = None,
    on_issue: IssueSink | None = None,
    max_length: int | None = MAX_QUERY,
) -> Analysis:
    """Band totals for ``paths`` (a job: repetitions count across files) against ``store``; ``penalties``
    and ``where`` as for :func:`pretranslate`; what reading repaired goes to ``on_issue``. A segment longer
    than ``max_length`` characters is not looked up: it counts as No match, reported through ``on_issue``."""
    return _run(store, paths, src, tgt, weights, limit, _policy(penalties, where), on_issue, max_length)[0]


def _refuse_overwrite(path: str | Path, out: str | Path) -> None:
    """The draft never replaces its source document (same path, a symbolic or a hard link to it)."""
    same = Path(out).resolve() == Path(path).resolve()
    if not same and Path(out).exists():
        same = os.path.samefile(out, path)
    if same:
        raise UsageError(
            f"{out}: that is the document being translated; the draft would overwrite it",
            hint="give -o another file name",
        )


def fill_settings(kind: str, holds_targets: bool, fill: str | None, min_score: int | None) -> tuple[str, int]:
    """The fill mode and lowest score for a draft of ``kind``: ``fuzzy`` from ``min_score`` (default 75)
    for bilingual drafts (XLIFF, PO, TMX, and PO or XLIFF documents), where each fill carries its score and
    state; ``exact`` (100 and 101 only) for documents written as themselves (txt, md, html, docx), where
    nothing can mark a fill. A minimum score with ``exact`` is a usage error."""
    if fill is not None and fill not in FILL_MODES:
        raise UsageError(f"--fill {fill!r}: choose exact or fuzzy")
    bilingual = kind != "doc" or holds_targets
    mode = fill or ("fuzzy" if bilingual else "exact")
    if mode == "exact":
        if min_score is not None:
            raise UsageError(
                "--min-score goes with --fill fuzzy: --fill exact fills 100% and context matches only",
                hint="add --fill fuzzy to fill fuzzy matches"
                + ("" if bilingual else " (the document itself cannot mark them for review)"),
            )
        return mode, 100
    return mode, DEFAULT_MIN_SCORE if min_score is None else min_score


def _fill(
    best, seg, score: int, band: str, found: list, strict: bool, finder: AnchorFinder
) -> tuple[Fill | None, tuple[Decision, ...]]:
    """The fill of ``seg`` from its best match, with where it came from (None when the document's codes
    have no certain place in it and ``strict``: a document written as itself, where nothing shows them),
    and the decision on each of its codes."""
    target = best.target_coded or best.target
    placed = place_codes(
        target, best.source_coded, seg, strict, lambda: finder(plain_source(seg), strip_placeholders(target))
    )
    if placed.target is None:
        return None, placed.decisions
    candidates = tuple(  # the TM's texts with the content of their inline codes (alt-trans has no codes)
        Candidate(
            m.source_with_codes or m.source,
            m.tm_target_with_codes or m.tm_target,
            m.percent,
            m.origin,
            m.target_lang,
        )
        for m in found
    )
    made = Fill(
        placed.target,
        score,
        band,
        best.origin,
        candidates,
        unit_ref(best.unit_id, best.version),
        best.confirmed,
        best.source,
        best.tm_target,
        tuple((c.old, c.new) for c in best.changes),
        best.not_carried,
        best.target_lang,
    )
    return made, placed.decisions


def _declared(matcher: Matcher, used: Sequence) -> tuple[str, str]:
    """The codes a draft declares: those of the TM variants most of its fills came from (a TM may hold a
    language under two codes: zh-CN and zh-Hans), else the best code the TM has for each request."""
    out = []
    for codes, lang_of in (
        (matcher.src_codes, lambda m: m.source_lang),
        (matcher.tgt_codes, lambda m: m.target_lang),
    ):
        counts = Counter(lang_of(m) for m in used)
        out.append(min(codes, key=lambda code: (-counts.get(code, 0), codes.index(code))))
    return out[0], out[1]


def pretranslate(
    store,
    path: str | Path,
    src: str,
    tgt: str,
    out: str | Path,
    *,
    fill: str | None = None,
    min_score: int | None = None,
    weights: str | Mapping[str, float] | None = None,
    limit: int = DEFAULT_LIMIT,
    penalties: Iterable[str] | Penalties | None = None,
    where: UnitFilter | None = None,
    termbase: Termbase | None = None,
    on_issue: IssueSink | None = None,
    max_length: int | None = MAX_QUERY,
    overwrite_unconfirmed: bool = False,
) -> Pretranslation:
    """Write ``path`` pre-translated to ``out`` and return the analysis with what was filled.

    ``fill``: ``exact`` or ``fuzzy`` (None: see :func:`fill_settings`). ``penalties``: unit penalties
    (``["status=5", "origin:old*.tmx=10", "age:2y=3"]``, :mod:`tm.match.penalties`); ``where``: which units
    may be used. The draft declares the TM's own language codes (what ``src`` and ``tgt`` resolved to)
    and, per fill, the unit it came from, so that importing it after review updates those units. With a
    ``termbase``, the term hits of each segment are returned and written into the draft where its format
    has a place for them (a note or translator comment per segment). ``on_issue`` and ``max_length`` as
    for :func:`analyze`.

    Only empty targets are filled: a confirmed translation is always kept, and so, unless
    ``overwrite_unconfirmed``, is an unconfirmed one (a translator's draft: a PO ``#, fuzzy`` msgstr, an
    XLIFF target in any state but a confirmed one). A draft that is replaced stays in the output beside
    the fill (XLIFF 1.2 ``<alt-trans alttranstype="previous-version">``, an XLIFF 2 note, a PO
    ``tm-previous:`` comment line).
    """
    _refuse_overwrite(path, out)
    mode, lowest = fill_settings(draft_kind(path, out), document_holds_targets(path), fill, min_score)
    analysis, docs, matches, classified, matcher = _run(
        store, [path], src, tgt, weights, limit, _policy(penalties, where), on_issue, max_length
    )
    doc = docs[0]
    fills: dict[int, Fill] = {}
    reports: list[FillReport] = []
    kept = drafts_kept = overwritten = 0
    unplaced: list[FillReport] = []
    strict = draft_kind(path, out) == "doc" and not doc.holds_targets  # nothing in it can show a code
    finder = AnchorFinder(src, tgt, termbase)  # what places a code where the TM's target has none
    for c in classified:
        seg = doc.segments[c.index]
        if seg.confirmed:
            kept += 1
            continue
        draft = bool(seg.target_text)  # the translator's unconfirmed target
        if draft and not overwrite_unconfirmed:
            drafts_kept += 1
            continue
        found = matches[0][c.index]
        best = found[0] if found else None
        if best is None or c.score is None or c.score < lowest or (mode == "exact" and not best.confirmed):
            drafts_kept += draft
            continue
        made, decisions = _fill(best, seg, c.score, c.band, found, strict, finder)
        report = FillReport(
            seg.id,
            c.score,
            c.band,
            best.origin,
            unit_ref(best.unit_id, best.version),
            c.score < 100 or not best.confirmed,
            best.adapted,
            best.status,
            decisions,
            best.not_carried,
        )
        if made is None:  # an inline element of the segment has no certain place in the match's target
            unplaced.append(report)
            drafts_kept += draft
            continue
        overwritten += draft
        fills[c.index] = made
        reports.append(report)
    terms, notes = None, None
    if termbase is not None:
        hits = [(seg, term_hits(seg.source, src, tgt, termbase=termbase)) for seg in doc.segments]
        terms = {seg.id: found for seg, found in hits if found}
        notes = {seg.index: note_text(found) for seg, found in hits if found}
    languages = _declared(matcher, [matches[0][c.index][0] for c in classified if c.index in fills])
    if doc.holds_targets:
        doc.source_lang = languages[0]  # written into the file where it declares a code this answers
    kind = write_output(doc, fills, *languages, out, notes)
    return Pretranslation(
        analysis,
        str(out),
        kind,
        len(fills),
        kept,
        mode,
        lowest,
        tuple(reports),
        languages,
        terms,
        len(unplaced),
        tuple(unplaced),
        drafts_kept,
        overwritten,
    )

"""Running the checks over bilingual files: :func:`run_qa`.

>>> report = run_qa(["draft.en.xlf"], QaSettings("zh", "en"))              # doctest: +SKIP
>>> report.errors, report.summary()
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from tm.errors import LanguageError, UsageError
from tm.lang import normalize_code, primary
from tm.model import Issue
from tm.qa.accept import Accepted
from tm.qa.checks import AS_WRITTEN, BY_ID, CHECKS, FILE_CHECKS, SEGMENT_CHECKS
from tm.qa.config import QaConfig
from tm.qa.context import Context
from tm.qa.inputs import group_files, read_segments
from tm.qa.languages import qa_languages
from tm.qa.marked import unmarked
from tm.qa.model import OFF, Finding, Hit, QaReport, QaSegment
from tm.qa.tmref import exact_targets, learn_range, store_pairs
from tm.terms.match import checker_for

TM_CHECKS = ("consistency-tm", "length")


@dataclass
class QaSettings:
    src: str | None  # None: the language the XLIFF files declare (run_qa)
    tgt: str | None
    checks: Sequence[str] | None = None  # None: every check whose severity is not "off"
    config: QaConfig = field(default_factory=QaConfig)
    termbase: object | None = None  # a tm.terms.repo.Termbase
    store: object | None = None  # the TM (a tm.store.Store) for consistency-tm and length
    accepted: Accepted | None = None


def severities(settings: QaSettings) -> dict[str, str]:
    """The severity in force for every check (``off`` for those that do not run)."""
    out = {c.id: settings.config.severities.get(c.id, c.severity) for c in CHECKS}
    if settings.checks is not None:
        unknown = [c for c in settings.checks if c not in BY_ID]
        if unknown:
            raise UsageError(
                f"no check named {', '.join(unknown)}", hint="tm qa --list-checks lists the checks"
            )
        chosen = set(settings.checks)
        out = {c: (s if c in chosen else OFF) for c, s in out.items()}
        for c in chosen:  # a check asked for by name runs even where the config turned it off
            if out[c] == OFF:
                out[c] = BY_ID[c].severity
    return out


def _context(settings: QaSettings, active: dict[str, str], notes: list[str]) -> Context:
    src, tgt = normalize_code(settings.src), normalize_code(settings.tgt)
    ctx = Context(src, tgt, names=settings.config.names)
    if settings.termbase is not None and any(
        active.get(c, OFF) != OFF for c in ("terminology", "term-forbidden", "term-deprecated", "names")
    ):
        ctx.terms = checker_for(settings.termbase, src, tgt)
    elif active.get("terminology", OFF) != OFF:
        notes.append("terminology: no termbase (give --termbase, or import one with tm terms import)")
    pair = f"{primary(src)}-{primary(tgt)}"
    fixed = settings.config.length.get(pair)
    if fixed is not None:
        ctx.length_range = fixed
    if settings.store is None:
        if any(active.get(c, OFF) != OFF for c in TM_CHECKS) and fixed is None:
            notes.append("consistency-tm, length: no TM (give --tm, or --db with a TM)")
        return ctx
    try:
        if active.get("consistency-tm", OFF) != OFF:
            ctx.tm_targets = exact_targets(settings.store, src, tgt)
        if active.get("length", OFF) != OFF and fixed is None:
            ctx.length_range = learn_range(store_pairs(settings.store, src, tgt))
            if ctx.length_range is None:
                notes.append(f"length: the TM has too few {pair} units to learn a length range")
            else:
                lo, hi = ctx.length_range
                notes.append(f"length: {pair} ratio range {lo:.2f}-{hi:.2f}, learned from the TM")
    except LanguageError as err:
        notes.append(f"consistency-tm, length: {err}")
    return ctx


def run_qa(files: Sequence[str | Path], settings: QaSettings) -> QaReport:
    """Check every file (plain-text files in source/target pairs) and return what was found. Languages
    not given (``settings.src``/``tgt`` None) are those the XLIFF files declare (:mod:`tm.qa.languages`)."""
    src, tgt = qa_languages(files, settings.src, settings.tgt)
    taken = [
        f"{option} {lang}"
        for option, lang, given in (("--src", src, settings.src), ("--tgt", tgt, settings.tgt))
        if not given
    ]
    settings = replace(settings, src=src, tgt=tgt)
    active = severities(settings)
    report = QaReport([str(f) for f in files], normalize_code(settings.src), normalize_code(settings.tgt))
    report.checks = [c.id for c in CHECKS if active[c.id] != OFF]
    report.severities = {c: s for c, s in active.items() if s != OFF}
    if taken:
        report.notes.append(f"languages: {' '.join(taken)}, as the XLIFF declares")
    ctx = _context(settings, active, report.notes)
    segments: list[QaSegment] = []
    issues: list[Issue] = []
    for source, target in group_files(files):
        segments += read_segments(source, target, ctx.src, ctx.tgt, issues.append)
    report.notes += [str(issue) for issue in issues]  # what the readers removed or skipped, where
    return _check(segments, settings, report, ctx, active)


def run_segments(segments: Sequence[QaSegment], settings: QaSettings) -> QaReport:
    """Check segments already read (for callers that hold bilingual text rather than files)."""
    active = severities(settings)
    report = QaReport(
        sorted({s.file for s in segments}), normalize_code(settings.src), normalize_code(settings.tgt)
    )
    report.checks = [c.id for c in CHECKS if active[c.id] != OFF]
    report.severities = {c: s for c, s in active.items() if s != OFF}
    ctx = _context(settings, active, report.notes)
    return _check(list(segments), settings, report, ctx, active)


def _check(
    segments: list[QaSegment], settings: QaSettings, report: QaReport, ctx: Context, active
) -> QaReport:
    report.segments = len(segments)
    hits: dict[int, list[Hit]] = {}
    views = [unmarked(seg) for seg in segments]
    translated = [seg if view is None else view.segment for seg, view in zip(segments, views, strict=True)]
    for n, seg in enumerate(segments):
        view = views[n]
        for check in SEGMENT_CHECKS:
            if view is None or check in AS_WRITTEN:
                hits.setdefault(n, []).extend(check(seg, ctx))
            else:
                hits.setdefault(n, []).extend(view.hit(h) for h in check(view.segment, ctx))
    for check in FILE_CHECKS:
        seen = segments if check in AS_WRITTEN else translated
        index = {id(seg): n for n, seg in enumerate(seen)}
        for seg, hit in check(seen, ctx):
            n = index[id(seg)]
            hits.setdefault(n, []).append(hit if views[n] is None or seen is segments else views[n].hit(hit))
    for n, seg in enumerate(segments):
        for hit in hits.get(n, ()):
            severity = active.get(hit.check, OFF)
            if severity == OFF:
                continue
            finding = Finding(
                seg.file,
                seg.id,
                hit.check,
                severity,
                hit.message,
                seg.source,
                seg.target,
                hit.source_spans,
                hit.target_spans,
                seg.line,
                seg.key,
                seg.digest,
            )
            if settings.accepted is not None and settings.accepted.covers(finding):
                report.accepted += 1
                continue
            report.findings.append(finding)
    return report

"""Score a draft against one or more references: corpus scores with signatures, sentence scores, match
bands and bootstrap confidence intervals, all from sacrebleu's own statistics gathered in chunks."""

from __future__ import annotations

import dataclasses
import os
from collections import deque
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path

from tm.bands import band_order
from tm.errors import TmError
from tm.scoring.inputs import InputSegment
from tm.scoring.langcheck import SAMPLE, script_notes
from tm.scoring.metrics import MetricPair, ScoreSettings, build_metrics, higher_is_better, settings_notes
from tm.scoring.pairing import Row, open_columns
from tm.scoring.stats import Chunk, Totals, chunk_stats

CHUNK_SIZE = 2000
PARALLEL_FROM = 20000  # jobs=0: below this many segments, starting processes costs more than it saves


def auto_jobs(count: int, jobs: int) -> int:
    """``jobs`` if positive; else one process for small corpora and up to 4 for large ones."""
    if jobs > 0:
        return jobs
    return 1 if count < PARALLEL_FROM else max(1, min(os.cpu_count() or 1, 4))


@dataclass(frozen=True)
class MetricScore:
    """One corpus score as sacrebleu reports it: name, value, signature and its formatted line."""

    metric: str  # bleu, chrf, chrf++, ter
    name: str  # sacrebleu's name: BLEU, chrF2, chrF2++, TER
    score: float
    signature: str
    line: str  # sacrebleu's own format: "BLEU|nrefs:1|...|version:2.6.0 = 34.2 65.0/..."
    detail: str = ""
    ci_mean: float | None = None
    ci: float | None = None  # half-width of the 95% interval


@dataclass(frozen=True)
class SegmentScore:
    """One segment with its sentence scores (BLEU with effective order)."""

    index: int  # 1-based among the scored segments, in the order of the hypothesis file
    label: str
    hypothesis: str
    references: tuple[str, ...]
    scores: dict[str, float]
    source: str | None = None
    band: str | None = None
    match: float | None = None
    id: str = ""  # the segment's id in the hypothesis file (see InputSegment.id): how reports number it


@dataclass(frozen=True)
class BandScore:
    """The scores of the segments pre-translated in one match band."""

    band: str
    segments: int
    unchanged: int  # the draft was already exactly a reference
    scores: tuple[MetricScore, ...]


@dataclass(frozen=True)
class ScoreReport:
    hypothesis: str
    references: tuple[str, ...]
    lang: str
    segments_scored: int
    paired_by: str  # "id" or "position"
    corpus: tuple[MetricScore, ...]
    unchanged: int
    skipped: int = 0  # keyed references that were empty (untranslated)
    sentence_signatures: dict[str, str] = field(default_factory=dict)
    segments: tuple[SegmentScore, ...] | None = None
    bands: tuple[BandScore, ...] = ()
    notes: tuple[str, ...] = ()


def score_files(
    hypothesis: str | Path,
    references: Sequence[str | Path],
    settings: ScoreSettings,
    *,
    segments: bool = False,
    confidence: int = 0,
    jobs: int = 1,
    chunk_size: int = CHUNK_SIZE,
    width: int = 1,
) -> ScoreReport:
    """Score the draft ``hypothesis`` against ``references`` (text, PO, XLIFF or TMX files).

    ``segments`` adds sentence scores, worst first; ``confidence`` > 1 adds bootstrap intervals from that
    many resamples; ``jobs`` > 1 gathers statistics in that many processes. ``width`` is the number of
    decimals in the formatted lines.
    """
    if not references:
        raise TmError("no reference given", hint="tm score HYP REF [REF...]")
    columns = open_columns(
        [hypothesis, *references], settings.lang, ref_columns=range(1, len(references) + 1)
    )
    report = _score_rows(
        columns.rows(),
        columns.count,
        settings,
        segments=segments,
        confidence=confidence,
        jobs=jobs,
        chunk_size=chunk_size,
        width=width,
    )
    sample = [t for row in islice(columns.rows(), SAMPLE) for seg in row[1:] if (t := seg.target)]
    notes = [*columns.notes, *script_notes(settings.lang, sample), *report.notes]
    if columns.skipped:
        notes.append(f"{columns.skipped} segments left out: their reference is empty (untranslated)")
    return dataclasses.replace(
        report,
        hypothesis=str(hypothesis),
        references=tuple(str(r) for r in references),
        paired_by="id" if columns.keyed else "position",
        skipped=columns.skipped,
        notes=tuple(notes),
    )


def score_texts(
    hypotheses: Sequence[str],
    references: Sequence[Sequence[str]],
    settings: ScoreSettings,
    *,
    segments: bool = False,
    confidence: int = 0,
    jobs: int = 1,
    chunk_size: int = CHUNK_SIZE,
    width: int = 1,
) -> ScoreReport:
    """Like :func:`score_files` for strings in memory: ``references`` is a list of reference streams."""
    for n, stream in enumerate(references, start=1):
        if len(stream) != len(hypotheses):
            raise TmError(f"{len(hypotheses)} hypotheses but {len(stream)} segments in reference {n}")
    rows: Iterable[Row] = (
        tuple(
            InputSegment(text, label=f"segment {i}", id=str(i))
            for text in (hyp, *(s[i - 1] for s in references))
        )
        for i, hyp in enumerate(hypotheses, start=1)
    )
    return _score_rows(
        iter(rows),
        len(hypotheses),
        settings,
        segments=segments,
        confidence=confidence,
        jobs=jobs,
        chunk_size=chunk_size,
        width=width,
    )


def _chunks(rows: Iterator[Row], size: int, kept: list[Row] | None, groups: deque) -> Iterator[Chunk]:
    """Chunks of hypotheses and reference streams; each chunk's match bands go to ``groups`` (FIFO)."""
    while block := list(islice(rows, size)):
        if kept is not None:
            kept.extend(block)
        groups.append([r[0].match.band if r[0].match else None for r in block])
        yield [r[0].target for r in block], [[r[i].target for r in block] for i in range(1, len(block[0]))]


def _score_rows(
    rows: Iterator[Row],
    count: int,
    settings: ScoreSettings,
    *,
    segments: bool,
    confidence: int,
    jobs: int,
    chunk_size: int,
    width: int,
) -> ScoreReport:
    if count == 0:
        raise TmError("no segments to score")
    metrics = build_metrics(settings)
    kept_rows: list[Row] | None = [] if segments else None
    totals = Totals(kept={} if (segments or confidence > 1) else None)
    groups: deque[list[str | None]] = deque()  # bands of the chunks read but not yet summed
    unchanged: dict[str | None, list[int]] = {}
    n_refs = 0

    def counted(rows: Iterator[Row]) -> Iterator[Row]:
        nonlocal n_refs
        for row in rows:
            n_refs = len(row) - 1
            band = row[0].match.band if row[0].match else None
            tally = unchanged.setdefault(band, [0, 0])
            tally[0] += 1
            tally[1] += row[0].target in (s.target for s in row[1:])
            yield row

    chunks = _chunks(counted(rows), chunk_size, kept_rows, groups)
    for stats in chunk_stats(settings, metrics, chunks, auto_jobs(count, jobs)):
        bands_of_chunk = groups.popleft()
        totals.add(stats, bands_of_chunk if any(b is not None for b in bands_of_chunk) else None)
    for pair in metrics.values():
        pair.corpus.num_refs = pair.sentence.num_refs = n_refs

    corpus = tuple(_corpus_score(pair, totals, confidence, width) for pair in metrics.values())
    seg_scores = _segment_scores(metrics, totals, kept_rows) if kept_rows is not None else None
    bands = tuple(
        BandScore(
            band,
            unchanged[band][0],
            unchanged[band][1],
            tuple(_from_sums(pair, sums[name], width) for name, pair in metrics.items()),
        )
        for band, sums in sorted(totals.groups.items(), key=lambda kv: band_order(kv[0]))
    )
    return ScoreReport(
        hypothesis="",
        references=(),
        lang=settings.lang,
        segments_scored=totals.count,
        paired_by="position",
        corpus=corpus,
        unchanged=sum(t[1] for t in unchanged.values()),
        sentence_signatures={
            name: pair.sentence.get_signature().format() for name, pair in metrics.items() if name == "bleu"
        },
        segments=seg_scores,
        bands=bands,
        notes=settings_notes(settings),
    )


def _from_sums(pair: MetricPair, sums: list, width: int) -> MetricScore:
    score = pair.corpus._compute_score_from_stats(list(sums))
    return _metric_score(pair, score, width)


def _metric_score(pair: MetricPair, score, width: int) -> MetricScore:
    signature = pair.corpus.get_signature().format()
    return MetricScore(
        pair.name,
        score.name,
        float(score.score),
        signature,
        score.format(width=width, signature=signature),
        score._verbose,
        float(score._mean) if score._mean >= 0 else None,
        float(score._ci) if score._mean >= 0 else None,
    )


def _corpus_score(pair: MetricPair, totals: Totals, confidence: int, width: int) -> MetricScore:
    score = pair.corpus._compute_score_from_stats(list(totals.sums[pair.name]))
    if confidence > 1 and totals.kept is not None:
        from sacrebleu.significance import _bootstrap_resample  # lazy: sacrebleu costs ~70 ms

        pair.corpus.n_bootstrap = confidence
        pair.corpus.seed, resampled = _bootstrap_resample(totals.kept[pair.name], pair.corpus, confidence)
        score.estimate_ci(resampled)
    return _metric_score(pair, score, width)


def _segment_scores(
    metrics: dict[str, MetricPair], totals: Totals, rows: list[Row]
) -> tuple[SegmentScore, ...]:
    kept = totals.kept or {}
    out = []
    for i, row in enumerate(rows):
        hyp = row[0]
        scores = {
            name: pair.sentence._compute_score_from_stats(list(kept[name][i])).score
            for name, pair in metrics.items()
        }
        out.append(
            SegmentScore(
                i + 1,
                hyp.label,
                hyp.target,
                tuple(s.target for s in row[1:]),
                scores,
                hyp.source if hyp.source is not None else next((s.source for s in row[1:] if s.source), None),
                hyp.match.band if hyp.match else None,
                hyp.match.score if hyp.match else None,
                hyp.id or str(i + 1),
            )
        )
    first = next(iter(metrics))
    worse = 1 if higher_is_better(first) else -1  # ascending BLEU/chrF, descending TER
    out.sort(key=lambda s: (worse * s.scores[first], s.index))
    return tuple(out)

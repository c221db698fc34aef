"""Repetitions, word counts and weighted totals per match band: the analysis translators quote and bill by.

The bands, their weights and titles are :mod:`tm.bands`. Repetitions follow Trados Studio: segments are
taken in order across all files; a segment whose best match is 100 or 101 is counted in that band; any
other segment whose source text was already seen (among new and fuzzy segments) is a repetition; the
first occurrence counts in its own band. Weighted words: words x weight / 100.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from tm.bands import BANDS, SCORE_BANDS, band_for
from tm.text import count

REPETITIONS = "trados"  # first occurrence in its band; only new or fuzzy segments repeat
_SPACES = re.compile(r"\s+")


def repetition_key(text: str) -> str:
    """What makes two segments the same for repetitions: the text, whitespace runs as one space."""
    return _SPACES.sub(" ", text).strip()


@dataclass(frozen=True)
class BandCount:
    """One band's totals."""

    segments: int = 0
    words: int = 0
    characters: int = 0
    weighted: float = 0.0


@dataclass(frozen=True)
class FileAnalysis:
    """Totals per band for one file (or for all files: path ``"total"``)."""

    path: str
    bands: dict[str, BandCount]

    @property
    def total(self) -> BandCount:
        return _sum(self.bands.values())


@dataclass(frozen=True)
class Classified:
    """One segment's place in the analysis."""

    file: int
    index: int  # segment index in its document
    source: str
    score: int | None  # best match score (None: no match at or above the analysis minimum)
    band: str  # analysis band (may be ``repetition``)
    words: int
    characters: int
    first: tuple[int, int] | None = None  # for a repetition: (file, index) of the first occurrence


def _sum(counts: Iterable[BandCount]) -> BandCount:
    s = w = c = 0
    weighted = 0.0
    for x in counts:
        s, w, c, weighted = s + x.segments, w + x.words, c + x.characters, weighted + x.weighted
    return BandCount(s, w, c, weighted)


def classify(items: Sequence[tuple[int, int, str, int | None]]) -> list[Classified]:
    """Bands for ``(file, index, source, best score)`` in job order, repetitions as Trados counts them."""
    seen: dict[str, tuple[int, int]] = {}
    out = []
    for file, index, source, score in items:
        band = band_for(score)
        first = None
        if band not in ("context", "100"):
            key = repetition_key(source)
            if key in seen:
                band, first = "repetition", seen[key]
            else:
                seen[key] = (file, index)
        out.append(
            Classified(file, index, source, score, band, count.words(source), count.characters(source), first)
        )
    return out


def tally(
    classified: Iterable[Classified], paths: Sequence[str], weights: Mapping[str, float]
) -> list[FileAnalysis]:
    """Per-file band totals (every band present, in :data:`BANDS` order), then the total over all files."""
    per_file: list[dict[str, list[int]]] = [{b: [0, 0, 0] for b in BANDS} for _ in paths]
    for c in classified:
        row = per_file[c.file][c.band]
        row[0] += 1
        row[1] += c.words
        row[2] += c.characters
    files = [
        FileAnalysis(
            path, {b: BandCount(s, w, ch, w * weights[b] / 100.0) for b, (s, w, ch) in counts.items()}
        )
        for path, counts in zip(paths, per_file, strict=True)
    ]
    total = FileAnalysis("total", {b: _sum(f.bands[b] for f in files) for b in BANDS})
    return [*files, total]


def signature(weights: Mapping[str, float], scorer: str, segmentation: str) -> str:
    """Every setting that changes the numbers, in one line (sacrebleu style), with a short hash of it."""
    bands = ",".join(f"{b}>={low}" for b, low in SCORE_BANDS)
    table = ",".join(f"{b}={weights[b]:g}" for b in BANDS)
    text = f"bands:{bands}|rep:{REPETITIONS}|weights:{table}|score:{scorer}|seg:{segmentation}|count:{count.SIGNATURE}"
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()[:8]
    return f"tm-analysis.1+{digest}|{text}"

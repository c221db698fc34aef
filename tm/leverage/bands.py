"""Match bands, repetitions, word counts and weights: the analysis translators quote and bill by.

Bands (names as in JSON): ``context`` (101), ``repetition``, ``100``, ``95-99``, ``85-94``, ``75-84``,
``50-74``, ``no-match``. Repetitions follow Trados Studio: segments are taken in order across all files; a
segment whose best match is 100 or 101 is counted in that band; any other segment whose source text
was already seen (among new and fuzzy segments) is a repetition; the first occurrence counts in its own
band. Weighted words: words x weight / 100, with memoQ's published example as the default table.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from tm.errors import UsageError
from tm.text import count

BANDS: tuple[str, ...] = ("context", "repetition", "100", "95-99", "85-94", "75-84", "50-74", "no-match")
# (band, lowest score in it) for scored bands, best first
SCORE_BANDS: tuple[tuple[str, int], ...] = (
    ("context", 101),
    ("100", 100),
    ("95-99", 95),
    ("85-94", 85),
    ("75-84", 75),
    ("50-74", 50),
)
DEFAULT_WEIGHTS: dict[str, int] = {
    "context": 10,
    "repetition": 20,
    "100": 30,
    "95-99": 30,
    "85-94": 40,
    "75-84": 60,
    "50-74": 70,
    "no-match": 100,
}
REPETITIONS = "trados"  # first occurrence in its band; only new or fuzzy segments repeat
_SPACES = re.compile(r"\s+")


def band_for(score: int | None) -> str:
    """The band of a best-match score (None or below 50: ``no-match``)."""
    if score is None:
        return "no-match"
    for band, low in SCORE_BANDS:
        if score >= low:
            return band
    return "no-match"


def parse_weights(spec: str | Mapping[str, float] | None) -> dict[str, float]:
    """A weight table from ``"no-match=100,50-74=70,..."`` (or a mapping); unnamed bands keep the default."""
    weights: dict[str, float] = dict(DEFAULT_WEIGHTS)
    if spec is None:
        return weights
    items: Iterable[tuple[str, object]]
    if isinstance(spec, str):
        pairs = [p.strip() for p in spec.split(",") if p.strip()]
        if any("=" not in p for p in pairs):
            raise UsageError(f"weights {spec!r}: write them as band=percent, comma-separated")
        items = [tuple(p.split("=", 1)) for p in pairs]  # type: ignore[misc]
    else:
        items = spec.items()
    for band, value in items:
        band = str(band).strip()
        if band not in BANDS:
            raise UsageError(f"weights: no band {band!r}", hint="bands: " + ", ".join(BANDS))
        try:
            number = float(value)  # type: ignore[arg-type]
        except (TypeError, ValueError):
            raise UsageError(f"weights: {band}={value!r} is not a number") from None
        if not 0 <= number <= 1000:
            raise UsageError(f"weights: {band}={value} is out of range (0 to 1000 percent)")
        weights[band] = number
    return weights


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

    def to_json(self) -> dict:
        total = self.total
        return {
            "path": self.path,
            "bands": {
                band: {
                    "segments": c.segments,
                    "words": c.words,
                    "characters": c.characters,
                    "weighted": round(c.weighted, 2),
                }
                for band, c in self.bands.items()
            },
            "total": {
                "segments": total.segments,
                "words": total.words,
                "characters": total.characters,
                "weighted": round(total.weighted, 2),
            },
        }


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

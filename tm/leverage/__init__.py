"""Leverage a TM on new documents: match-band analysis (with repetitions and weighted words) and
pre-translation. See docs/analysis.md."""

from tm.leverage.bands import (
    BANDS,
    DEFAULT_WEIGHTS,
    BandCount,
    FileAnalysis,
    band_for,
    classify,
    parse_weights,
)
from tm.leverage.run import Analysis, Pretranslation, SegmentResult, analyze, pretranslate

__all__ = [
    "BANDS",
    "DEFAULT_WEIGHTS",
    "Analysis",
    "BandCount",
    "FileAnalysis",
    "Pretranslation",
    "SegmentResult",
    "analyze",
    "band_for",
    "classify",
    "parse_weights",
    "pretranslate",
]

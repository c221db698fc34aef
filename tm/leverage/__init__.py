"""Leverage a TM on new documents: match-band analysis (with repetitions and weighted words) and
pre-translation. The bands themselves are :mod:`tm.bands`. See docs/analysis.md."""

from tm.leverage.analysis import BandCount, FileAnalysis, classify
from tm.leverage.run import Analysis, Pretranslation, SegmentResult, analyze, pretranslate

__all__ = [
    "Analysis",
    "BandCount",
    "FileAnalysis",
    "Pretranslation",
    "SegmentResult",
    "analyze",
    "classify",
    "pretranslate",
]

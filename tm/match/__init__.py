"""Fuzzy lookup and concordance (issue 3).

Public API: :func:`lookup` and :class:`Matcher` (many lookups on one store and language pair),
:class:`Match` (frozen), :func:`concordance`, :data:`SIGNATURE`; :func:`score` for one pair of sentences;
:class:`OracleMatcher`, the brute-force reference. See docs/matching.md.
"""

from __future__ import annotations

from tm.match.lookup import Matcher, lookup
from tm.match.oracle import OracleMatcher
from tm.match.results import Match
from tm.match.score import SIGNATURE, score

__all__ = ["SIGNATURE", "Match", "Matcher", "OracleMatcher", "lookup", "score"]

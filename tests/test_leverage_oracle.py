"""Analysis (one Matcher, lookups cached per segment and neighbours) agrees with the brute-force oracle
looking every segment up on its own, on the corpora: the 2026 press releases against the 2025 report."""

from __future__ import annotations

from pathlib import Path

import pytest

from tm.bands import band_for
from tm.formats.documents import open_document
from tm.leverage import analyze
from tm.match import OracleMatcher
from tm.store import open_store
from tm.tmfiles import import_files


@pytest.mark.parametrize("name", ["wcm-2026-pavilion", "wink-chinese-drama-week"])
def test_analysis_equals_oracle(store_url: str, corpora: Path, name: str) -> None:
    store = open_store(store_url)
    import_files(store, [corpora / "wcm-2025" / "report.tmx"])
    doc = corpora / "press-releases" / f"{name}.zh.txt"
    analysis = analyze(store, [doc], "zh", "en")
    oracle = OracleMatcher.from_store(store, "zh", "en")
    sources = [s.source for s in open_document(doc, "zh").segments]
    assert [r.source for r in analysis.segments] == sources
    for k, result in enumerate(analysis.segments):
        prev = sources[k - 1] if k else None
        nxt = sources[k + 1] if k + 1 < len(sources) else None
        found = oracle.lookup(sources[k], min_score=50, limit=5, prev=prev, next=nxt)
        assert result.score == (found[0].percent if found else None), sources[k]
        assert result.target == (found[0].target if found else None)
        if result.band != "repetition":
            assert result.band == band_for(result.score)
    store.close()

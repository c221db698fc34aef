"""The public API: a script uses tm through the names of ``tm`` only (tm/__init__.py), without the CLI."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

import tm

CORPORA = Path(__file__).resolve().parent.parent / "corpora"
REPORT_TMX = CORPORA / "wcm-2025" / "report.tmx"
RELEASE = CORPORA / "press-releases" / "wcm-2026-pavilion.zh.txt"


def test_the_public_names_are_there_and_load_lazily() -> None:
    code = (
        "import sys, tm; "
        "before = sorted(m for m in ('click', 'sacrebleu', 'rapidfuzz', 'lxml') if m in sys.modules); "
        "names = [getattr(tm, n) for n in tm.__all__]; "
        "print(before, sorted(m for m in ('click', 'sacrebleu') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[] []"  # nothing heavy on import; neither click nor sacrebleu even after use
    with pytest.raises(AttributeError):
        tm.no_such_name  # noqa: B018


def test_a_script_imports_looks_up_analyses_pretranslates_exports_and_scores(tmp_path) -> None:
    with tm.open_store(tmp_path / "api.tmdb") as store:
        [summary] = tm.import_files(store, [REPORT_TMX])
        assert summary.added == store.count() > 30 and summary.skipped == 0
        unit = next(store.units("zh"))
        zh, en = unit.variant("zh-CN").text, unit.variant("en").text
        best = tm.Matcher(store, "zh", "en", min_score=75).lookup(zh)
        assert isinstance(best[0], tm.Match)
        assert (best[0].score, best[0].target, best[0].unit_id) == (100.0, en, unit.id)
        hits = tm.concordance(store, "中国", "zh", "en", limit=3)
        assert len(hits) == 3 and all("中国" in h.source and h.target for h in hits)
        analysis = tm.analyze(store, [RELEASE], "zh", "en")
        assert analysis.total.total.segments == len(analysis.segments) > 10
        draft = tm.pretranslate(store, RELEASE, "zh", "en", tmp_path / "release.en.xlf")
        assert draft.kind == "xliff" and draft.filled > 0 and (tmp_path / "release.en.xlf").is_file()
        written = tm.export(store, tmp_path / "zh-en.tmx", src="zh", tgt="en")
        pairs = sum(1 for u in store.units("zh") if u.variant("en") is not None)
        assert written == pairs
    with tm.open_tm(tm_paths=[tmp_path / "zh-en.tmx"]) as again:  # --tm files, read into memory
        assert again.count() == written
    hyp = tmp_path / "hyp.txt"
    hyp.write_text(f"{en}\n", encoding="utf-8")
    report = tm.score_files(hyp, [hyp], tm.ScoreSettings("en"))
    assert [m.metric for m in report.corpus] == ["bleu", "chrf", "ter"]
    assert report.corpus[0].score == pytest.approx(100.0)


def test_expected_failures_are_tm_errors(tmp_path) -> None:
    notes = tmp_path / "notes.tmx"
    notes.write_text("Just notes, not a TM.\n", encoding="utf-8")
    with tm.open_store(":memory:") as store:
        with pytest.raises(tm.TmError, match="not a TMX, XLIFF or PO file"):
            tm.import_files(store, [notes])
        assert store.count() == 0
    with pytest.raises(tm.TmError, match="not a tm database"):
        tm.open_store(notes)

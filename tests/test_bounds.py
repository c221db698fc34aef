"""Bounded work and honest listings: the query limit (lookup refuses, analysis counts No match with a
warning), the --min-score floor, stats listing every pair, score numbering segments by their ids."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from helpers import run, run_json

from tm.cli.main import cli

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "corpora" / "wcm-2025" / "report.tmx"
LONG = "城市" * 1250  # 2,500 characters without a sentence break: one segment


@pytest.fixture(scope="module")
def tm_db(tmp_path_factory) -> Path:
    db = tmp_path_factory.mktemp("tm") / "t.db"
    assert run(db, "import", str(SEED)).exit_code == 0
    return db


def test_lookup_refuses_a_query_over_the_limit(tm_db):
    result = run(tm_db, "lookup", LONG, "--src", "zh", "--tgt", "en")
    assert result.exit_code == 1
    assert "the query is 2,500 characters long; the limit is 2,000" in result.stderr
    assert run(tm_db, "lookup", LONG, "--src", "zh", "--tgt", "en", "--max-length", "3000").exit_code == 0
    assert (
        CliRunner(env={"TM_MAX_QUERY": "3000"})
        .invoke(cli, ["--db", str(tm_db), "lookup", LONG, "--src", "zh", "--tgt", "en"])
        .exit_code
        == 0
    )


def test_lookup_from_stdin_skips_a_query_over_the_limit_and_answers_the_others(tm_db):
    queries = "城市报告\n" + LONG + "\n平台提供350多个电视频道\n"
    result = run(tm_db, "lookup", "-", "--src", "zh", "--tgt", "en", "--json", input=queries)
    assert result.exit_code == 1
    answered = [json.loads(line)["query"] for line in result.stdout.splitlines()]
    assert answered == ["城市报告", "平台提供350多个电视频道"]
    assert "Skipped: line 2: the query is 2,500 characters long" in result.stderr
    assert "1 query longer than 2,000 characters skipped" in result.stderr


def test_analysis_counts_a_segment_over_the_limit_as_no_match_with_a_warning(tm_db, tmp_path):
    doc = tmp_path / "release.zh.txt"
    doc.write_text(
        "图片：尚世影业、五岸传播\n\n" + LONG + "\n", encoding="utf-8"
    )  # a unit of the TM, then LONG
    result = run(tm_db, "analyze", str(doc), "--src", "zh", "--tgt", "en", "--json")
    assert result.exit_code == 0, result.stderr
    bands = json.loads(result.stdout)["total"]["bands"]
    assert bands["100"]["segments"] == 1
    assert bands["no-match"]["segments"] == 1 and bands["no-match"]["characters"] == 2500
    assert f"{doc}: segment" in result.stderr and "2,500 characters long" in result.stderr
    assert "counted as No match" in result.stderr
    out = tmp_path / "draft.xlf"
    result = run(tm_db, "pretranslate", str(doc), "--src", "zh", "--tgt", "en", "-o", str(out))
    assert result.exit_code == 0 and "counted as No match" in result.stderr and out.exists()
    quiet = run(tm_db, "analyze", str(doc), "--src", "zh", "--tgt", "en", "--max-length", "3000")
    assert quiet.exit_code == 0 and "counted as No match" not in quiet.stderr


def test_min_score_floor(tm_db):
    """The README's floor: 30 (below it nearly every unit of a large TM is a candidate)."""
    below = run(tm_db, "lookup", "城市", "--src", "zh", "--tgt", "en", "--min-score", "29")
    assert below.exit_code == 2 and "--min-score" in below.stderr
    at = run(tm_db, "lookup", "城市", "--src", "zh", "--tgt", "en", "--min-score", "30")
    assert at.exit_code == 0


def _tmx(path: Path, langs: list[str], units: int) -> Path:
    body = "".join(
        "<tu>" + "".join(f'<tuv xml:lang="{lang}"><seg>{lang} {i}</seg></tuv>' for lang in langs) + "</tu>"
        for i in range(units)
    )
    path.write_text(f'<tmx version="1.4"><header srclang="en"/><body>{body}</body></tmx>', encoding="utf-8")
    return path


def test_stats_lists_every_pair_or_says_how_many_it_left_out(tmp_path):
    langs = ["en", "zh-CN", "ru", "de", "fr", "es", "it", "ja", "ko", "pt", "ar", "tr"]  # 66 pairs
    db = tmp_path / "t.db"
    assert run(db, "import", str(_tmx(tmp_path / "many.tmx", langs, 3))).exit_code == 0
    assert len(run_json(db, "stats")["pairs"]) == 66
    text = run(db, "stats").stdout
    pair_rows = [line for line in text.splitlines() if line.split()[:1] and line.split()[0] in langs]
    assert len(pair_rows) - len(langs) == 50  # the language table's rows, then the pairs shown
    assert "... and 16 more pairs with fewer units (tm stats --json lists every pair)" in text
    # a header over each column (it was "pair  units" over three), each starting where its column does
    header = next(line for line in text.splitlines() if line.startswith("language  paired with"))
    first = pair_rows[len(langs)]
    assert header.split() == ["language", "paired", "with", "units"]
    assert first.index(first.split()[1]) == header.index("paired with")


def _scored_tmx(path: Path, targets: dict[str, str]) -> Path:
    body = "".join(
        f'<tu tuid="{tuid}"><tuv xml:lang="zh"><seg>源 {tuid}</seg></tuv>'
        f'<tuv xml:lang="en"><seg>{text}</seg></tuv></tu>'
        for tuid, text in targets.items()
    )
    path.write_text(f'<tmx version="1.4"><header srclang="zh"/><body>{body}</body></tmx>', encoding="utf-8")
    return path


def test_score_numbers_segments_by_their_ids(tmp_path):
    hyp = _scored_tmx(
        tmp_path / "hyp.tmx", {"10": "The city report", "20": "A pavilion", "30": "Moscow news"}
    )
    ref = _scored_tmx(tmp_path / "ref.tmx", {"10": "The city report", "20": "", "30": "News from Moscow"})
    result = run(tmp_path / "unused.db", "score", str(hyp), str(ref), "--lang", "en", "--segments", "--json")
    assert result.exit_code == 0, result.stderr
    report = json.loads(result.stdout)
    assert sorted(s["id"] for s in report["segments"]) == ["10", "30"]  # 20: no reference, left out
    text = run(tmp_path / "unused.db", "score", str(hyp), str(ref), "--lang", "en", "--segments").stdout
    rows = text.split("Segments, worst")[1].splitlines()[3:5]
    assert [row.split()[0] for row in rows] == ["30", "10"]  # worst first, each by its tuid
    html = tmp_path / "report.html"
    run(tmp_path / "unused.db", "score", str(hyp), str(ref), "--lang", "en", "--html", str(html))
    assert '<td class="n">30</td>' in html.read_text(encoding="utf-8")

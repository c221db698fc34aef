"""The two numbers reported in issue 10, through ``tm lookup`` on the corpora's TM, and a number that cannot
be carried as the lookup shows it."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import BACKENDS, database
from helpers import run, run_json

NB = "\u00a0"
LIBRARY_ZH = (
    "平台片库拥有超过9万部作品，涵盖电影、剧集、动画、演唱会及用户生成内容，可满足广大观众的多样化需求。"
)
LIBRARY_EN = (
    "With a content library of more than 90,000 titles — including films, series, animation, concerts, "
    "and user-generated content — the platform caters to a broad audience."
)


@pytest.fixture(scope="module", params=BACKENDS)
def db(tmp_path_factory, corpora: Path, request):
    with database(request.param, tmp_path_factory.mktemp("numbers"), request) as path:
        result = run(path, "import", str(corpora / "wcm-2025" / "report.tmx"))
        assert result.exit_code == 0, result.stderr
        yield path


def best(db: Path, query: str, src: str, tgt: str) -> dict:
    return run_json(db, "lookup", query, "--src", src, "--tgt", tgt)["matches"][0]


def test_wan_is_carried_into_english(db: Path) -> None:
    # the TM has 超过8万部 / "more than 80,000 titles"; 9万 was offered as "more than 80,000"
    m = best(db, LIBRARY_ZH, "zh", "en")
    assert m["score"] == 99.0 and m["penalties"] == {"placeable": 1.0}
    assert "more than 90,000 titles" in m["target"] and "80,000" not in m["target"]
    assert m["changes"] == [{"old": "80,000", "new": "90,000", "start": 36, "end": 42}]
    assert m["not_carried"] == []


def test_russian_target_keeps_its_separator(db: Path) -> None:
    # English "90,000" into a Russian target that wrote "80 000": a comma is the Russian decimal mark
    m = best(db, LIBRARY_EN, "en", "ru")
    assert m["score"] == 99.0
    assert f"более чем 90{NB}000 единиц контента" in m["target"] and "90,000" not in m["target"]
    zh = best(db, LIBRARY_ZH, "zh", "ru")
    assert f"более чем 90{NB}000 единиц контента" in zh["target"]


def test_a_number_not_carried_is_said_and_costs_a_point(tmp_path: Path, store_url: str) -> None:
    tmx = tmp_path / "t.tmx"
    tmx.write_text(
        '<?xml version="1.0" encoding="UTF-8"?>\n<tmx version="1.4"><header srclang="zh-CN" datatype="plaintext" '
        'segtype="sentence" adminlang="en" o-tmf="t" creationtool="t" creationtoolversion="1"/><body>'
        '<tu><tuv xml:lang="zh-CN"><seg>片库超过8万部，收入增长5%。</seg></tuv>'
        '<tuv xml:lang="en-US"><seg>It holds 80,000 titles, and revenue rose five percent.</seg></tuv></tu>'
        "</body></tmx>",
        encoding="utf-8",
    )
    db = store_url
    assert run(db, "import", str(tmx)).exit_code == 0
    query = "片库超过9万部，收入增长6%。"
    m = best(db, query, "zh", "en")
    # nothing substituted (80,000 could have been, "five percent" cannot): the TM's target as it was
    assert m["target"] == "It holds 80,000 titles, and revenue rose five percent."
    assert m["changes"] == [] and len(m["not_carried"]) == 2
    assert m["penalties"] == {"placeable": 4.0} and m["score"] == 96.0  # 2 differ, 2 not carried
    table = run(db, "lookup", query, "--src", "zh", "--tgt", "en")
    assert "number not carried: 5% -> 6%" in table.stdout and "placeable -4" in table.stdout

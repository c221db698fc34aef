"""tm lookup, tm concordance and tm index through the CLI: output, JSON, batch mode, exit codes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from tm.cli.main import cli

TMX = """<?xml version="1.0" encoding="UTF-8"?>
<tmx version="1.4"><header srclang="zh-CN" datatype="plaintext" segtype="sentence" adminlang="en"
o-tmf="t" creationtool="t" creationtoolversion="1"/><body>
<tu><tuv xml:lang="zh-CN"><seg>第一句。</seg></tuv><tuv xml:lang="en-US"><seg>First.</seg></tuv></tu>
<tu><tuv xml:lang="zh-CN"><seg>2024年全球城市报告发布。</seg></tuv><tuv xml:lang="en-US"><seg>The 2024 Global Cities Report is out.</seg></tuv></tu>
<tu><tuv xml:lang="zh-CN"><seg>最后一句。</seg></tuv><tuv xml:lang="en-US"><seg>Last.</seg></tuv></tu>
<tu><tuv xml:lang="zh-CN"><seg>城市的文化生活很丰富。</seg></tuv><tuv xml:lang="en-US"><seg>City life is rich in culture.</seg></tuv></tu>
</body></tmx>
"""


@pytest.fixture()
def db(tmp_path: Path, store_url: str) -> str:
    tmx = tmp_path / "m.tmx"
    tmx.write_text(TMX, encoding="utf-8")
    path = store_url
    result = CliRunner().invoke(cli, ["--db", path, "import", str(tmx)])
    assert result.exit_code == 0, result.output
    return path


def run(*args: str, input: str | None = None):
    return CliRunner().invoke(cli, list(args), input=input)


def test_lookup_json_with_placeable_and_context(db: str) -> None:
    result = run("--db", db, "lookup", "２０２５年全球城市报告发布。", "--src", "zh", "--tgt", "en", "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["query"] == "２０２５年全球城市报告发布。"
    [m] = data["matches"]
    assert m["score"] == 99.0 and m["penalties"] == {"placeable": 1.0}
    assert m["target"] == "The 2025 Global Cities Report is out." and m["origin"].endswith("m.tmx")
    ctx = run(
        "--db",
        db,
        "lookup",
        "2024年全球城市报告发布。",
        "--src",
        "zh",
        "--tgt",
        "en",
        "--prev",
        "第一句。",
        "--next",
        "最后一句。",
        "--json",
    )
    assert json.loads(ctx.output)["matches"][0]["score"] == 101.0


def test_lookup_table_and_no_match(db: str) -> None:
    result = run("--db", db, "lookup", "城市的文化生活很丰富", "--src", "zh", "--tgt", "en")
    assert result.exit_code == 0
    assert "99%" in result.output and "City life is rich in culture." in result.output
    assert "punctuation -1" in result.output
    none = run("--db", db, "lookup", "完全不同的东西", "--src", "zh", "--tgt", "en")
    assert none.exit_code == 0 and "No match" in none.output


def test_lookup_batch_from_stdin(db: str) -> None:
    result = run(
        "--db",
        db,
        "lookup",
        "-",
        "--src",
        "zh",
        "--tgt",
        "en",
        "--json",
        input="第一句。\n\n最后一句\n无关\n",
    )
    assert result.exit_code == 0, result.output
    lines = [json.loads(line) for line in result.output.splitlines()]
    assert [x["query"] for x in lines] == ["第一句。", "最后一句", "无关"]
    assert [len(x["matches"]) for x in lines] == [1, 1, 0]
    assert lines[0]["matches"][0]["target"] == "First."


def test_missing_tm_is_an_error_not_a_new_file(tmp_path: Path) -> None:
    path = tmp_path / "none.db"
    for args in (["lookup", "x", "--src", "zh", "--tgt", "en"], ["concordance", "x"], ["index"]):
        result = run("--db", str(path), *args)
        assert result.exit_code == 1 and "no TM here" in result.output
    assert not path.exists()


def test_lookup_errors(db: str) -> None:
    bad = run("--db", db, "lookup", "x", "--src", "de", "--tgt", "en")
    assert bad.exit_code == 1 and "has no de" in bad.output
    usage = run("--db", db, "lookup", "x", "--src", "zh", "--tgt", "en", "--min-score", "120")
    assert usage.exit_code == 2


def test_concordance_and_index(db: str) -> None:
    result = run("--db", db, "concordance", "城市", "--lang", "zh", "--tgt", "en", "--json")
    assert result.exit_code == 0, result.output
    hits = json.loads(result.output)["hits"]
    assert sorted(h["target"] for h in hits) == [
        "City life is rich in culture.",
        "The 2024 Global Cities Report is out.",
    ]
    assert all(h["source"][s:e] == "城市" for h in hits for s, e in h["spans"])
    table = run("--db", db, "concordance", "城市", "--lang", "zh", "--tgt", "en")
    assert "[城市]" in table.output
    # without --lang every language is searched: the English side holds "city" (case-insensitively)
    anywhere = json.loads(run("--db", db, "concordance", "CITY", "--json").output)["hits"]
    assert [(h["source"], h["source_lang"]) for h in anywhere] == [("City life is rich in culture.", "en-US")]
    # the lookups above indexed zh-CN; tm index catches up the rest
    index = run("--db", db, "index", "--json")
    assert index.exit_code == 0 and json.loads(index.output)["languages"] == ["en-US", "zh-CN"]
    assert json.loads(run("--db", db, "index", "--json").output)["indexed"] == 0


@pytest.mark.parametrize("command", ["lookup", "concordance", "index"])
def test_help_has_examples(command: str) -> None:
    result = run(command, "--help")
    assert result.exit_code == 0 and "Examples:" in result.output

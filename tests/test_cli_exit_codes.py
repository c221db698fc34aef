"""Exit codes as the README states them, for every command: 0 ok, 1 a data error (bad or missing file,
unknown language, missing TM), 2 a usage error (options that do not fit), 130 interrupted. And the
options every command that works on a TM shares: --db before or after the command."""

from __future__ import annotations

import os
import signal
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner
from faults import ENV, tm_argv

from tm.cli.main import cli

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "corpora" / "wcm-2025" / "report.tmx"
DOC = ROOT / "corpora" / "press-releases" / "wcm-2026-pavilion.zh.txt"
HYP = ROOT / "corpora" / "press-releases" / "wcm-2026-pavilion.en.txt"
TBX = ROOT / "corpora" / "terms" / "wcm.tbx"


@pytest.fixture(scope="module")
def tm_db(tmp_path_factory) -> Path:
    db = tmp_path_factory.mktemp("tm") / "t.db"
    assert CliRunner().invoke(cli, ["--db", str(db), "import", str(SEED)]).exit_code == 0
    return db


# command -> (arguments, exit code): {db} is the TM, {none} a TM that does not exist, {tmp} a folder
CASES = {
    "import": [
        (["import", str(SEED)], 0),
        (["import", "{tmp}/missing.tmx"], 1),
        (["import", str(DOC)], 1),  # not a TM file
        (["import", str(SEED), "--src", "zh", "--tgt", "zh-CN"], 2),
        (["import"], 2),
        (["import", str(SEED), "--no-such-option"], 2),
    ],
    "export": [
        (["export", "{tmp}/out.tmx", "--src", "zh", "--tgt", "en"], 0),
        (["--db", "{none}", "export", "{tmp}/out.tmx"], 1),
        (["export", "{tmp}/out.tmx", "--src", "de"], 1),
        (["export", "{tmp}/out.tmx", "--src", "en", "--tgt", "en-US"], 2),
        (["export", "{tmp}/out.po", "--src", "zh"], 2),  # a PO file holds one pair
        (["export", "{tmp}/out.xyz"], 2),
    ],
    "stats": [
        (["stats"], 0),
        (["--db", "{none}", "stats"], 1),
        (["stats", "extra"], 2),
    ],
    "lookup": [
        (["lookup", "城市报告", "--src", "zh", "--tgt", "en"], 0),
        (["--db", "{none}", "lookup", "城市", "--src", "zh", "--tgt", "en"], 1),
        (["lookup", "城市", "--src", "zh", "--tgt", "de"], 1),
        (["lookup", "城" * 2001, "--src", "zh", "--tgt", "en"], 1),
        (["lookup", "城市", "--src", "zh", "--tgt", "zh-CN"], 2),
        (["lookup", "城市", "--src", "zh", "--tgt", "en", "--min-score", "29"], 2),
        (["lookup", "城市", "--src", "zh"], 2),
    ],
    "concordance": [
        (["concordance", "城市", "--lang", "zh"], 0),
        (["--db", "{none}", "concordance", "城市"], 1),
        (["concordance", "城市", "--lang", "de"], 1),
        (["concordance"], 2),
    ],
    "index": [
        (["index"], 0),
        (["--db", "{none}", "index"], 1),
        (["index", "--lang", "de"], 1),
        (["index", "--limit", "3"], 2),
    ],
    "analyze": [
        (["analyze", str(DOC), "--src", "zh", "--tgt", "en"], 0),
        (["analyze", "{tmp}/missing.txt", "--src", "zh", "--tgt", "en"], 1),
        (["analyze", str(DOC), "--src", "zh", "--tgt", "de"], 1),
        (["analyze", str(DOC), "--src", "zh", "--tgt", "zh-Hans"], 2),
        (["analyze", str(DOC), "--src", "zh", "--tgt", "en", "--json", "--csv"], 2),
    ],
    "pretranslate": [
        (["pretranslate", str(DOC), "--src", "zh", "--tgt", "en", "-o", "{tmp}/d.xlf"], 0),
        (["pretranslate", "{tmp}/missing.txt", "--src", "zh", "--tgt", "en", "-o", "{tmp}/d.xlf"], 1),
        (["pretranslate", str(DOC), "--src", "zh", "--tgt", "de", "-o", "{tmp}/d.xlf"], 1),
        (["pretranslate", str(DOC), "--src", "zh", "--tgt", "zh", "-o", "{tmp}/d.xlf"], 2),
        (
            [
                "pretranslate",
                str(DOC),
                "--src",
                "zh",
                "--tgt",
                "en",
                "-o",
                "{tmp}/d.xlf",
                "--min-score",
                "40",
            ],
            2,
        ),
        (["pretranslate", str(DOC), "--src", "zh", "--tgt", "en"], 2),
    ],
    "qa": [
        (["qa", str(DOC), str(HYP), "--src", "zh", "--tgt", "en"], 0),
        (["qa", "{tmp}/missing.txt", str(HYP), "--src", "zh", "--tgt", "en"], 1),
        (["qa"], 2),
    ],
    "align": [
        (["align", str(DOC), str(HYP), "--src", "zh", "--tgt", "en", "-o", "{tmp}/a.tmx"], 0),
        (["align", "{tmp}/missing.txt", str(HYP), "--src", "zh", "--tgt", "en", "-o", "{tmp}/a.tmx"], 1),
        (["align", "--src", "zh", "--tgt", "en"], 2),
    ],
    "terms": [
        (["terms", "import", str(TBX)], 0),
        (["terms", "import", "{tmp}/missing.tbx"], 1),
        (["terms"], 2),
    ],
    # tm serve runs until stopped: its exit 0 (SIGTERM or Ctrl-C) is in tests/test_serve_api.py
    "serve": [
        (["--db", "{none}", "serve"], 1),
        (["serve", "--termbase", str(HYP)], 1),  # not a termbase
        (["serve", "--termbase", "{tmp}/missing.tbx"], 1),
        (["serve", "--cors", "*"], 2),
        (["serve", "--port", "70000"], 2),
    ],
    "copy": [  # SRC and DST are arguments: no --db
        (["copy", "{db}", "{tmp}/copy.db"], 0),
        (["copy", "{none}", "{tmp}/copy.db"], 1),
        (["copy", "{db}", "{db}"], 2),
        (["copy", "{db}", "mysql://translator@dbhost/tm"], 2),
        (["copy", "{db}"], 2),
    ],
    "score": [
        (["score", str(HYP), str(HYP), "--lang", "en"], 0),
        (["score", str(HYP), "{tmp}/missing.txt", "--lang", "en"], 1),
        (["score", str(HYP), str(HYP), "--lang", "xx"], 1),
        (["score", str(HYP), "--lang", "en"], 2),
        (["score", str(HYP), str(HYP), "--lang", "en", "-m", "meteor"], 2),
    ],
}


def test_every_command_has_its_cases():
    assert set(CASES) == set(cli.commands)


@pytest.mark.parametrize(
    ("args", "code"),
    [(args, code) for cases in CASES.values() for args, code in cases],
    ids=[f"{name}-{n}" for name, cases in CASES.items() for n in range(len(cases))],
)
def test_exit_codes(tm_db, tmp_path, args, code):
    args = [a.format(tmp=tmp_path, none=tmp_path / "none.db", db=tm_db) for a in args]
    if "--db" not in args:
        args = ["--db", str(tm_db), *args]
    result = CliRunner().invoke(cli, args, catch_exceptions=False)
    assert result.exit_code == code, result.output
    assert "internal error" not in result.stderr and "Traceback" not in result.output
    if code == 1:
        assert len([line for line in result.stderr.splitlines() if line.startswith("Error:")]) == 1
    assert not (tmp_path / "none.db").exists()


@pytest.mark.parametrize("command", sorted(set(CASES) - {"score", "serve", "copy"}))
def test_db_before_or_after_the_command(tm_db, tmp_path, command):
    args = [a.format(tmp=tmp_path) for a in CASES[command][0][0]]
    before = CliRunner().invoke(cli, ["--db", str(tm_db), *args])
    after = CliRunner().invoke(cli, [*args, "--db", str(tm_db)])
    assert before.exit_code == after.exit_code == 0, after.output
    if command not in ("import", "index"):  # these report what this run changed or how long it took
        assert after.stdout == before.stdout
    # after the command, it wins over the one before (and over $TM_DB)
    over = CliRunner().invoke(cli, ["--db", str(tmp_path / "none.db"), *args, "--db", str(tm_db)])
    assert over.exit_code == 0, over.output


@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM], ids=["SIGINT", "SIGTERM"])
def test_interrupted_is_128_plus_the_signal(tm_db, sig):
    """tm lookup - waits for queries on stdin: Ctrl-C there is 130 (SIGTERM 143), one line, no traceback."""
    proc = subprocess.Popen(
        tm_argv(tm_db, "lookup", "-", "--src", "zh", "--tgt", "en"),
        env=ENV,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    proc.stdin.write("图片：尚世影业、五岸传播\n")  # a match: nothing on stderr before the signal
    proc.stdin.flush()
    assert proc.stdout.readline().startswith("»")  # the first answer came: it is reading the next line
    os.kill(proc.pid, sig)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 128 + sig
    assert err.strip() == "Interrupted: nothing was changed by the unfinished work."

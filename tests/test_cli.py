"""The CLI contract: exit codes, stderr messages, JSON on stdout, help with examples."""

from __future__ import annotations

import json
import re
import subprocess
import sys

import click
import pytest
from click.testing import CliRunner
from helpers import run

from tm import __version__
from tm.cli.main import cli


def test_version():
    result = CliRunner().invoke(cli, ["--version"])
    assert result.exit_code == 0 and __version__ in result.stdout


@pytest.mark.parametrize("command", sorted(cli.commands))
def test_every_command_has_help_with_an_example(command):
    result = CliRunner().invoke(cli, [command, "--help"])
    assert result.exit_code == 0
    assert "Example" in result.stdout and f"tm {command}" in result.stdout


@pytest.mark.parametrize("command", sorted(cli.commands))
def test_every_command_has_json(command):
    result = CliRunner().invoke(cli, [command, "--help"])
    assert "--json" in result.stdout


def _commands(group=cli, prefix="tm"):
    for name, command in sorted(group.commands.items()):
        if isinstance(command, click.Group):
            yield from _commands(command, f"{prefix} {name}")
        else:
            yield f"{prefix} {name}", command


def test_options_are_named_and_documented_one_way():
    """Trial: ``-o, --out`` beside ``-o, --output``; ``concordance --limit`` without help; defaults written
    "[default: 70]" in one command and "(default 75...)" in another."""
    seen = []
    for name, command in _commands():
        for param in command.params:
            if not isinstance(param, click.Option) or param.hidden:
                continue
            seen.append(name)
            names = param.opts + param.secondary_opts
            assert param.help, f"{name} {names[-1]}: no help"
            if "-o" in names:
                assert names[:2] == ["-o", "--output"], f"{name}: {names}"  # --out stays as an alias
            assert not re.search(r"\bdefault \d", param.help), f"{name} {names[-1]}: {param.help}"
    assert "tm terms extract" in seen and "tm concordance" in seen


def test_the_termbase_option_says_what_each_command_uses_it_for():
    helps = {
        name: next(p.help for p in c.params if p.name == "termbase")
        for name, c in _commands()
        if any(p.name == "termbase" for p in c.params)
    }
    assert "both sides" in helps["tm align"] and "terms to show" not in helps["tm align"]
    assert "draft" in helps["tm pretranslate"] and "terms to show" in helps["tm lookup"]


def test_usage_errors_exit_2(tmp_path):
    assert run(tmp_path / "t.tmdb", "import").exit_code == 2
    assert run(tmp_path / "t.tmdb", "export", str(tmp_path / "x.xyz")).exit_code != 0
    assert run(tmp_path / "t.tmdb", "no-such-command").exit_code == 2


def test_export_format_from_extension_is_a_usage_error(tmp_path, corpora):
    db = tmp_path / "t.tmdb"
    run(db, "import", str(corpora / "wcm-2025" / "report.tmx"))
    result = run(db, "export", str(tmp_path / "x.xyz"))
    assert result.exit_code == 2 and "Error:" in result.stderr and ".tmx or .po" in result.stderr


def test_missing_tm_for_reading_is_an_error(tmp_path):
    result = run(tmp_path / "none.tmdb", "stats")
    assert result.exit_code == 1 and "no TM here" in result.stderr
    assert not (tmp_path / "none.tmdb").exists()


def test_data_on_stdout_messages_on_stderr_in_a_pipe(tmp_path, corpora):
    db = tmp_path / "t.tmdb"
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "tm.cli.main",
            "--db",
            str(db),
            "import",
            "--json",
            str(corpora / "wcm-2025" / "report.tmx"),
        ],
        capture_output=True,
        text=True,
    )
    assert proc.returncode == 0, proc.stderr
    data = json.loads(proc.stdout)
    assert data["files"][0]["added"] > 20
    assert "\r" not in proc.stderr and "Importing" not in proc.stderr  # no progress bar in a pipe


def test_counts_take_the_number_of_their_noun(tmp_path):
    """Counts say "now holds 1 unit", not "1 units"; "Indexed 2 variants", not "variant(s)" (review wording)."""
    tmx = tmp_path / "one.tmx"
    tmx.write_text(
        '<?xml version="1.0"?><tmx version="1.4"><header srclang="en" datatype="plaintext" segtype="sentence"'
        ' adminlang="en" creationtool="t" creationtoolversion="1" o-tmf="x"/><body><tu>'
        '<tuv xml:lang="en"><seg>Hello.</seg></tuv><tuv xml:lang="ru"><seg>Привет.</seg></tuv></tu></body></tmx>',
        encoding="utf-8",
    )
    db = tmp_path / "t.tmdb"
    assert "now holds 1 unit." in run(db, "import", "--no-index", str(tmx)).stderr  # tm index has work
    assert "Wrote 1 unit to" in run(db, "export", str(tmp_path / "out.tmx")).stderr
    assert "Indexed 2 variants in en, ru" in run(db, "index").stderr
    tsv = tmp_path / "t.tsv"
    tsv.write_text("en\tru\nHello\tПривет\n", encoding="utf-8")
    done = run(db, "terms", "import", str(tsv))
    assert "1 concept, 2 terms" in done.stdout and "The termbase holds 1 concept." in done.stderr


def test_help_says_the_same_thing_the_same_way(tmp_path):
    """Review wording: one name for the output option, --limit documented, --termbase saying what align
    does with it (it holds sentences together; it shows no terms)."""
    db = tmp_path / "t.tmdb"
    assert "-o, --output, --out" in run(db, "terms", "extract", "--help").stdout
    align = " ".join(run(db, "align", "--help").stdout.split())
    assert "--termbase" in align and "whose terms to show" not in align
    assert "Units shown at most." in " ".join(run(db, "concordance", "--help").stdout.split())

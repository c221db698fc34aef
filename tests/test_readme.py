"""The README's set-up block and the output it shows stay true."""

from __future__ import annotations

import re

from click.testing import CliRunner
from conftest import ROOT

from tm.cli.main import cli


def _blocks() -> list[tuple[str, str]]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    return re.findall(r"^```(\w*)\n(.*?)^```", text, flags=re.S | re.M)


def test_first_block_is_the_two_setup_lines():
    lang, body = _blocks()[0]
    lines = [line for line in body.splitlines() if line.strip()]
    assert len(lines) == 2
    assert lines[0].startswith("pip install . && tm ") and "corpora/" in lines[0]
    assert lines[1].startswith("pip install '.[test]'") and "pytest" in lines[1]


def test_main_job_prints_what_the_readme_shows(tmp_path, monkeypatch):
    _, setup = _blocks()[0]
    job = setup.splitlines()[0].split(" && ", 1)[1]
    args = job.split()[1:]  # drop the leading "tm"
    shown = next(body for lang, body in _blocks() if lang == "text")
    monkeypatch.chdir(ROOT)
    out = tmp_path / "draft.xlf"
    args[args.index("-o") + 1] = str(out)
    result = CliRunner().invoke(cli, args, catch_exceptions=False)
    assert result.exit_code == 0, result.stderr
    assert result.stdout.strip() == "\n".join(shown.strip().splitlines()[:-1]).strip()
    assert shown.strip().splitlines()[-1].split(":", 1)[1] in result.stderr
    assert out.exists()

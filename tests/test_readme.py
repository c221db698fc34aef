"""The README's set-up block and the output it shows stay true."""

from __future__ import annotations

import csv
import json
import re
import shlex
import shutil
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import ROOT
from lxml import etree
from serve_support import readme_serving_lines

from tm.cli.main import cli

RELEASE = "corpora/press-releases/wcm-2026-pavilion.zh.txt"


def _blocks() -> list[tuple[str, str]]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    return re.findall(r"^```(\w*)\n(.*?)^```", text, flags=re.S | re.M)


def test_first_block_is_the_two_setup_lines():
    lang, body = _blocks()[0]
    lines = [line for line in body.splitlines() if line.strip()]
    assert len(lines) == 2
    assert lines[0].startswith("pip install . && tm ") and "corpora/" in lines[0]
    assert lines[1].startswith("pip install '.[test]'") and "pytest" in lines[1]


def test_the_server_starts_in_two_lines_outside_the_setup_block():
    """Install with the serve extra, then tm serve on the bundled corpora (tests/test_serve_api.py starts
    it and asks it for a suggestion)."""
    lines = readme_serving_lines()
    assert len(lines) == 2
    assert not any("tm serve" in line for _, body in _blocks()[:1] for line in body.splitlines())
    assert lines[0] == "pip install '.[serve]'"
    assert re.search(r'^serve = \["waitress', (ROOT / "pyproject.toml").read_text("utf-8"), flags=re.M)
    args = shlex.split(lines[1])
    assert args[:2] == ["tm", "serve"]
    files = [a for a in args if a.startswith("corpora/")]
    assert files and all((ROOT / f).is_file() for f in files)


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


# --- the example block: run in order on the bundled corpora, each command does what its comment says -----


def _examples() -> list[tuple[list[str], str]]:
    """The commands of the README's example block (the one with ``tm lookup``), each with its comment."""
    body = next(body for lang, body in _blocks() if lang == "sh" and "tm lookup" in body)
    examples = []
    for line in body.splitlines():
        command, _, comment = line.partition("  #")
        examples.append((shlex.split(command), comment.strip()))
    return examples


def _report_rows() -> list[dict[str, str]]:
    with open(ROOT / "corpora/wcm-2025/segments.tsv", encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE))


def _check_lookup(args: list[str], comment: str, out: str, cwd: Path) -> None:
    old, new = re.search(r"(\d+) -> (\d+) carried", comment).groups()
    [best, *_] = json.loads(out)["matches"]  # "No match" fails here
    assert best["score"] >= 95 and best["source_lang"] == "zh-CN", best  # "zh finds zh-CN"
    assert old in best["source"] and new in args[0]
    assert re.search(rf"(?<!\d){new}(?!\d)", best["target"]), best["target"]
    assert not re.search(rf"(?<!\d){old}(?!\d)", best["target"]), best["target"]


def _check_concordance(args: list[str], comment: str, out: str, cwd: Path) -> None:
    term = args[0]
    want = sorted(row["ru"] for row in _report_rows() if term in row["zh"])
    hits = json.loads(out)["hits"]
    assert want and sorted(hit["target"] for hit in hits) == want
    assert all(hit["target_lang"] == "ru" for hit in hits)


def _check_written(args: list[str], comment: str, out: str, cwd: Path) -> None:
    assert (cwd / args[args.index("-o") + 1]).stat().st_size > 0


def _check_score(args: list[str], comment: str, out: str, cwd: Path) -> None:
    report = json.loads(out)
    worst = report["segments"][0]  # the one segment the reviewer changed, scored per segment and band
    assert "personally welcomed" in worst["hypothesis"] and "warmly welcomed" in worst["references"][0]
    assert worst["band"] and report["bands"]
    assert (cwd / args[args.index("--html") + 1]).stat().st_size > 0


def _check_export(args: list[str], comment: str, out: str, cwd: Path) -> None:
    path = cwd / args[0]
    if path.suffix == ".tmx":  # "zh finds zh-CN"
        langs = {
            tuv.get("{http://www.w3.org/XML/1998/namespace}lang")
            for tuv in etree.parse(str(path)).iter("tuv")
        }
        assert langs == {"zh-CN", "en"}, langs
        return
    assert "msgfmt --check" in comment
    if shutil.which("msgfmt") is None:
        pytest.skip("msgfmt (gettext) is not installed: cannot check the exported PO")
    subprocess.run(["msgfmt", "--check", "-o", "/dev/null", str(path)], check=True)


CHECKS = {
    "import": lambda args, comment, out, cwd: None,  # exit 0 is what it promises
    "lookup": _check_lookup,
    "concordance": _check_concordance,
    "pretranslate": _check_written,
    "score": _check_score,
    "export": _check_export,
}


def test_examples_do_what_their_comments_say(tmp_path, monkeypatch):
    (tmp_path / "corpora").symlink_to(ROOT / "corpora")
    monkeypatch.chdir(tmp_path)
    runner = CliRunner()

    def tm(*args: str) -> str:
        result = runner.invoke(cli, ["--db", str(tmp_path / "tm.db"), *args], catch_exceptions=False)
        assert result.exit_code == 0, (args, result.output)
        return result.stdout

    examples = _examples()
    # the TM the other examples use is the bundled report
    assert examples[0][0] == ["tm", "import", "corpora/wcm-2025/report.tmx"]
    for args, comment in examples:
        assert args[0] == "tm" and args[1] in CHECKS, args
        if args[1] == "score":
            # the translator's own files: a draft of the 2026 release and its reviewed version
            tm("pretranslate", RELEASE, "--src", "zh", "--tgt", "en", "-o", args[2])
            draft = (tmp_path / args[2]).read_text(encoding="utf-8")
            reviewed = draft.replace("personally welcomed", "warmly welcomed")
            assert reviewed != draft
            (tmp_path / args[3]).write_text(reviewed, encoding="utf-8")
        wants_json = args[1] in ("lookup", "concordance", "score")
        out = tm(*args[1:], *(["--json"] if wants_json else []))
        CHECKS[args[1]](args[2:], comment, out, tmp_path)

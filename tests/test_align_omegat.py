"""The TMX that ``tm align`` writes, read by OmegaT itself (Debian's ``omegat``, 3.6): a project holds the
Chinese press releases as source documents and the aligned TMX in ``tm/auto/``; OmegaT run headless in
console mode fills every segment that has an exact match in a ``tm/auto`` TMX and writes the target
documents. The pavilion release comes out as its published English, byte for byte. The drama-week
release's TMX is broken on purpose (a mismatched end tag): OmegaT's TMX reader refuses it, names it in its
log, and that release stays untranslated but for its "About Wink.ru" boilerplate, which the pavilion's TMX
holds too: the check can fail."""

from __future__ import annotations

import csv
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from tm.cli.main import cli

CORPORA = Path(__file__).resolve().parent.parent / "corpora" / "press-releases"
GOOD = "wcm-2026-pavilion"  # its TMX is the one tm align writes
BROKEN = "wink-chinese-drama-week"  # its TMX is made not well-formed

PROJECT = """<?xml version="1.0" encoding="UTF-8" standalone="no"?>
<omegat>
  <project version="1.0">
    <source_dir>__DEFAULT__</source_dir>
    <target_dir>__DEFAULT__</target_dir>
    <tm_dir>__DEFAULT__</tm_dir>
    <glossary_dir>__DEFAULT__</glossary_dir>
    <glossary_file>__DEFAULT__</glossary_file>
    <dictionary_dir>__DEFAULT__</dictionary_dir>
    <source_lang>zh</source_lang>
    <target_lang>en</target_lang>
    <source_tok>org.omegat.tokenizer.LuceneSmartChineseTokenizer</source_tok>
    <target_tok>org.omegat.tokenizer.LuceneEnglishTokenizer</target_tok>
    <sentence_seg>true</sentence_seg>
    <support_default_translations>true</support_default_translations>
    <remove_tags>false</remove_tags>
  </project>
</omegat>
"""


def _rows(name: str) -> list[tuple[str, str]]:
    """The aligned (zh, en) sentences of a release, from its table in the corpora."""
    with open(CORPORA / f"{name}.tsv", encoding="utf-8", newline="") as handle:
        return [(r["zh"], r["en"]) for r in csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE)]


def _align_tmx(name: str, out: Path, db: Path) -> None:
    """``tm align NAME.zh.txt NAME.en.txt --src zh --tgt en -o OUT`` on an empty TM."""
    args = ["--db", str(db), "align", str(CORPORA / f"{name}.zh.txt"), str(CORPORA / f"{name}.en.txt")]
    result = CliRunner().invoke(
        cli, [*args, "--src", "zh", "--tgt", "en", "-o", str(out)], catch_exceptions=False
    )
    assert result.exit_code == 0, result.stderr


def _file_stats(stats: str) -> dict[str, tuple[int, int]]:
    """(total segments, remaining segments) per file, from OmegaT's ``omegat/project_stats.txt``."""
    rows = stats.split("Individual File Statistics:", 1)[1].splitlines()
    cells = [[c.strip() for c in row.split("\t")] for row in rows if "\t" in row]
    return {c[0]: (int(c[1]), int(c[2])) for c in cells[1:]}


@pytest.fixture(scope="module")
def omegat_run(tmp_path_factory) -> tuple[Path, str]:
    """One OmegaT console-translate run over the project; returns the project folder and OmegaT's output."""
    omegat = shutil.which("omegat")
    if omegat is None:
        pytest.skip("OmegaT is not installed (Debian package omegat; .ci/run installs it)")
    root = tmp_path_factory.mktemp("omegat")
    project = root / "project"
    for folder in ("source", "target", "tm/auto", "omegat", "glossary", "dictionary"):
        (project / folder).mkdir(parents=True)
    (project / "omegat.project").write_text(PROJECT, encoding="utf-8")
    for name in (GOOD, BROKEN):
        shutil.copyfile(CORPORA / f"{name}.zh.txt", project / "source" / f"{name}.zh.txt")
        _align_tmx(name, project / "tm" / "auto" / f"{name}.tmx", root / "empty.db")
    broken = project / "tm" / "auto" / f"{BROKEN}.tmx"
    text = broken.read_text(encoding="utf-8")
    assert "</tuv>" in text
    broken.write_text(text.replace("</tuv>", "</tu>", 1), encoding="utf-8")
    env = {**os.environ, "JAVA_TOOL_OPTIONS": "-Djava.awt.headless=true"}
    # a fresh configuration folder: OmegaT's default segmentation rules, nothing from the user's ~/.omegat
    args = [omegat, str(project), "--mode=console-translate", "--no-team", f"--config-dir={root / 'config'}"]
    done = subprocess.run(args, capture_output=True, text=True, env=env, timeout=300, check=False)
    output = done.stdout + done.stderr
    assert done.returncode == 0, output
    return project, output


def test_omegat_reads_the_align_tmx_and_fills_the_release_with_its_english(omegat_run):
    project, output = omegat_run
    good_tmx = project / "tm" / "auto" / f"{GOOD}.tmx"
    assert f"Reading TMX file {good_tmx}" in output and "Source language: zh" in output
    assert f"Failed to load translation memory {good_tmx}" not in output
    stats = _file_stats((project / "omegat" / "project_stats.txt").read_text(encoding="utf-8"))
    total, remaining = stats[f"{GOOD}.zh.txt"]
    assert total == 19 and remaining == 0  # every sentence OmegaT segments has its exact match in the TMX
    translated = (project / "target" / f"{GOOD}.zh.txt").read_text(encoding="utf-8")
    assert translated == (CORPORA / f"{GOOD}.en.txt").read_text(encoding="utf-8")


def test_omegat_refuses_a_broken_tmx_and_leaves_its_release_untranslated(omegat_run):
    project, output = omegat_run
    broken = project / "tm" / "auto" / f"{BROKEN}.tmx"
    assert f"Failed to load translation memory {broken}" in output
    assert 'The element type "tuv" must be terminated by the matching end-tag' in output
    in_good_tmx = {zh for zh, _ in _rows(GOOD)}
    rows = _rows(BROKEN)
    shared = [(zh, en) for zh, en in rows if zh in in_good_tmx]
    assert [zh for zh, _ in shared] == [
        "关于Wink.ru",
        "Wink.ru是俄罗斯规模最大的OTT平台之一，由俄罗斯电信与国家媒体集团合资组建。",
    ]
    stats = _file_stats((project / "omegat" / "project_stats.txt").read_text(encoding="utf-8"))
    assert stats[f"{BROKEN}.zh.txt"] == (len(rows), len(rows) - len(shared))
    target = (project / "target" / f"{BROKEN}.zh.txt").read_text(encoding="utf-8")
    for zh, en in rows:  # only the boilerplate, from the pavilion's TMX, is English
        assert (en in target) == (zh in in_good_tmx) and (zh in target) != (zh in in_good_tmx), zh

"""``tm score`` through click: exit codes, JSON that parses, the paired test, and the HTML report rendered
by a real headless browser (Debian's chromium)."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from helpers import chromium_dom, chromium_screenshot
from sacrebleu.metrics import BLEU, CHRF, TER

from tm.cli.main import cli

REF = [
    "委员会于星期一批准了预算。",
    "安装更新之前，请重新启动服务器。",
    "我们的办公室在公共假日休息。",
    "打开文件。",
]
HYP = ["委员会星期一批准了预算。", "安装更新前请重启服务器。", "我们的办公室在假日休息。", "打开文件。"]
HYP2 = ["委员会批准预算。", "请重启服务器。", "办公室休息。", "打开。"]


def _run(*args: str):
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


@pytest.fixture
def files(tmp_path: Path) -> dict[str, Path]:
    out = {}
    for name, lines in (("ref", REF), ("hyp", HYP), ("hyp2", HYP2)):
        out[name] = tmp_path / f"{name}.txt"
        out[name].write_text("\n".join(lines) + "\n", encoding="utf-8")
    return out


def test_json_scores_equal_sacrebleu(files):
    result = _run("score", str(files["hyp"]), str(files["ref"]), "--lang", "zh", "--segments", "--json")
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    scores = {m["metric"]: m["score"] for m in data["corpus"]}
    assert scores["bleu"] == BLEU(tokenize="zh").corpus_score(HYP, [REF]).score
    assert scores["chrf"] == CHRF().corpus_score(HYP, [REF]).score
    assert scores["ter"] == TER(normalized=True, asian_support=True).corpus_score(HYP, [REF]).score
    assert [s["index"] for s in data["segments"]][-1] == 4  # the unchanged segment is the best, last
    assert data["unchanged"] == 1


def test_text_output_prints_sacrebleu_lines(files):
    result = _run("score", str(files["hyp"]), str(files["ref"]), "--lang", "zh", "-m", "bleu")
    assert result.exit_code == 0
    bleu = BLEU(tokenize="zh")
    want = bleu.corpus_score(HYP, [REF]).format(width=1, signature=bleu.get_signature().format())
    assert want in result.stdout


def test_paired_comparison_reports_p_values(files):
    result = _run(
        "score", str(files["hyp"]), str(files["hyp2"]), "--ref", str(files["ref"]), "--lang", "zh",
        "--paired", "-m", "bleu,chrf", "--paired-n", "200", "--json",
    )  # fmt: skip
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    baseline, other = data["systems"]
    assert baseline["baseline"] and baseline["scores"][0]["p_value"] is None
    assert 0 < other["scores"][0]["p_value"] <= 1
    assert other["scores"][0]["score"] == BLEU(tokenize="zh").corpus_score(HYP2, [REF]).score
    assert "bs:200" in data["signatures"]["BLEU"]


def test_usage_errors_exit_2_and_data_errors_exit_1(files, tmp_path):
    assert _run("score", str(files["hyp"]), "--lang", "zh").exit_code == 2
    assert _run("score", str(files["hyp"]), str(files["ref"]), "--lang", "zh", "-m", "meteor").exit_code == 2
    assert (
        _run("score", str(files["hyp"]), "--ref", str(files["ref"]), "--lang", "zh", "--paired").exit_code
        == 2
    )
    short = tmp_path / "short.txt"
    short.write_text("一\n", encoding="utf-8")
    result = _run("score", str(files["hyp"]), str(short), "--lang", "zh")
    assert result.exit_code == 1
    assert "has 4 segments" in result.stderr and "has 1" in result.stderr


def test_help_has_an_example():
    assert "Examples:" in _run("score", "--help").stdout


def _html(files, tmp_path) -> Path:
    out = tmp_path / "report.html"
    result = _run("score", str(files["hyp"]), str(files["ref"]), "--lang", "zh", "--html", str(out))
    assert result.exit_code == 0, result.stderr
    return out


def test_html_report_is_self_contained(files, tmp_path):
    page = _html(files, tmp_path).read_text(encoding="utf-8")
    assert not re.search(r"""(src|href)\s*=|@import|url\(|https?://""", page)
    assert page.count("<tr>") >= 1 + 3 + 1 + 4  # corpus header + 3 metrics + segments header + 4 segments
    assert "<del>于</del>" in page  # the character the first draft dropped


def _chromium() -> str | None:
    return shutil.which("chromium") or shutil.which("chromium-browser")


def test_html_report_renders_in_headless_chromium(files, tmp_path):
    browser = _chromium()
    if browser is None:
        pytest.skip("chromium is not installed (apt-get install chromium); .ci/run installs it")
    page = _html(files, tmp_path)
    dom = chromium_dom(browser, page, tmp_path)
    segment_table = re.search(r'<table id="segments">(.*?)</table>', dom, re.S)
    assert segment_table, dom[:500]
    assert segment_table.group(1).count("<tr>") == 1 + len(HYP)
    assert "<del>" in segment_table.group(1)  # the drafts only drop characters of the reference
    data = chromium_screenshot(browser, page, tmp_path, "1200,800")
    assert data.startswith(b"\x89PNG") and len(data) > 5000  # a real rendered page, not an empty canvas


def test_paired_results_are_sacrebleus_paired_test(files, monkeypatch):
    from sacrebleu.significance import PairedTest

    from tm.scoring import ScoreSettings
    from tm.scoring.compare import compare_files

    monkeypatch.delenv("SACREBLEU_SEED", raising=False)
    for test in ("bs", "ar"):
        got = compare_files(
            [files["hyp"], files["hyp2"]],
            [files["ref"]],
            ScoreSettings("zh", ("bleu", "ter")),
            test=test,
            samples=300,
        )
        metrics = {"bleu": BLEU(tokenize="zh"), "ter": TER(normalized=True, asian_support=True)}
        _, want = PairedTest(
            [("a", HYP), ("b", HYP2)], metrics, [REF], test_type=test, n_samples=300, n_ar_confidence=-1
        )()
        for i, system in enumerate(got.systems):
            for score in system.scores:
                expected = want[score.metric][i]
                assert (score.score, score.p_value) == (expected.score, expected.p_value)


def test_a_keyed_file_against_text_lines_warns_and_skips_blank_lines(tmp_path):
    """Trial bug 4: a sentence XLIFF against a text of paragraphs was paired silently by position, the
    reference's blank lines counted as segments (19 sentences = 10 paragraphs + 9 blank lines)."""
    po = tmp_path / "draft.po"
    entries = "".join(f'msgid "{zh}"\nmsgstr "{en}"\n\n' for zh, en in zip(REF, HYP, strict=True))
    po.write_text('msgid ""\nmsgstr ""\n"Language: zh\\n"\n\n' + entries, encoding="utf-8")
    lines = tmp_path / "ref.txt"  # one sentence per line, blank lines between: pairs by position
    lines.write_text("\n\n".join(HYP) + "\n", encoding="utf-8")
    result = _run("score", str(po), str(lines), "--lang", "zh", "--json")
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["segments_scored"] == len(HYP) and data["unchanged"] == len(HYP)
    assert data["paired_by"] == "position" and any("has no ids" in n for n in data["notes"])
    assert "Warning:" in result.stderr and "paired by position" in result.stderr
    assert "has no ids" in result.stderr and str(po) in result.stderr
    paragraphs = tmp_path / "paragraphs.txt"  # two sentences a line: 2 segments for 4, an error
    paragraphs.write_text(f"{HYP[0]}{HYP[1]}\n\n{HYP[2]}{HYP[3]}\n", encoding="utf-8")
    refused = _run("score", str(po), str(paragraphs), "--lang", "zh")
    assert refused.exit_code == 1 and "has 4 segments" in refused.stderr and "has 2" in refused.stderr
    assert "one sentence per line" in refused.stderr


def test_lang_is_normalised_checked_against_the_text_and_an_unknown_one_named_briefly(files):
    """Trial: ``--lang en-GB`` on Chinese gave BLEU 0.0 for identical files without a word; ``en_US`` was
    reported as written; an unknown --lang listed ~180 codes on one line."""
    same = [str(files["ref"]), str(files["ref"])]
    wrong = _run("score", *same, "--lang", "en-GB")
    assert wrong.exit_code == 0 and "Warning: the references are mostly Han characters" in wrong.stderr
    assert "--lang en-GB" in wrong.stderr
    right = _run("score", *same, "--lang", "zh", "--json")
    assert right.exit_code == 0 and "Warning" not in right.stderr
    assert {m["metric"]: m["score"] for m in json.loads(right.stdout)["corpus"]}["bleu"] == pytest.approx(100)
    assert json.loads(_run("score", *same, "--lang", "zh_CN", "--json").stdout)["lang"] == "zh-CN"
    unknown = _run("score", *same, "--lang", "zn")
    assert unknown.exit_code == 1 and "'zn'" in unknown.stderr and "zh" in unknown.stderr
    assert max(len(line) for line in unknown.stderr.splitlines()) < 200


def test_segments_table_lines_up_in_any_terminal_with_empty_drafts(tmp_path):
    """Trial: rows with an empty hypothesis shifted the reference column: the cut mark "…" is of ambiguous
    East Asian width (two columns in a CJK terminal), present in cut cells and absent from empty ones."""
    import unicodedata

    head = 'msgid ""\nmsgstr ""\n"Language: en\\n"\n\n'
    long_en = "The platform currently hosts more than six hundred Chinese films and series, from drama to documentary"
    rows = [
        ("平台目前已上线六百余部中国影视作品，涵盖电视剧、纪录片、动画片等多种类型", "", long_en),
        ("打开文件", "Open the file now", "Please open the file"),
        ("关于平台", "", "About the platform"),
    ]
    hyp, ref = tmp_path / "h.po", tmp_path / "r.po"
    hyp.write_text(head + "".join(f'msgid "{s}"\nmsgstr "{h}"\n\n' for s, h, _ in rows), encoding="utf-8")
    ref.write_text(head + "".join(f'msgid "{s}"\nmsgstr "{r}"\n\n' for s, _, r in rows), encoding="utf-8")
    result = _run("score", str(hyp), str(ref), "--lang", "en", "--segments")
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    table = lines[lines.index(next(x for x in lines if x.startswith("id "))) :][:5]

    def columns(text: str, ambiguous: int) -> int:
        widths = {"W": 2, "F": 2, "A": ambiguous}
        return sum(widths.get(unicodedata.east_asian_width(ch), 1) for ch in text)

    for ambiguous in (1, 2):  # a Western terminal, a CJK one
        starts = {
            columns(line[: line.index(ref_text[:10])], ambiguous)
            for line in table[2:]
            for _, _, ref_text in rows
            if ref_text[:10] in line
        }
        assert len(starts) == 1, (ambiguous, table)
    assert "…" not in result.stdout and "..." in result.stdout

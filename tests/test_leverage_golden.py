"""Golden analysis counts on documents built for them, with the real matcher over a SQLite TM.

Each document holds known numbers of context, exact, fuzzy-band, repeated and new segments. The fuzzy
sentences were built so that their edit-distance similarity to the TM sentence (characters for Chinese,
words for English: 100 x (1 - distance / longer length)) falls in the middle of their band: 97.8, 90.5,
81.0, 61.9 in Chinese; 96.3, 91.7, 80.0, 66.7 in English. Word and character counts are recomputed here by
plain rules, independently of tm.text.count.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from xml.sax.saxutils import escape

import pytest
from click.testing import CliRunner

from tm.bands import BANDS
from tm.cli.main import cli
from tm.leverage import analyze
from tm.store import open_store
from tm.tmfiles import import_files

ZH = {
    "C1": "第一句话用来提供上下文环境。",
    "C2": "今天北京的天气非常晴朗。",
    "C3": "第三句话同样用来提供上下文。",
    "X1": "这一句只在翻译记忆库里出现过。",
    "E1": "会议将于明天上午在三楼会议室举行。",
    "X2": "另一句话也只存在于记忆库中。",
    "F95": "展览吸引了来自世界各地的众多参观者和媒体记者，现场气氛十分热烈，许多观众排队等候入场参观。",
    "F85": "这家公司的新产品受到了广大用户的热烈欢迎。",
    "F75": "他们计划在下个月发布年度报告并召开发布会。",
    "F50": "代表团参观了莫斯科最具象征意义的文化地标。",
}
ZH_NEW = {
    "F95": "展览吸引了来自世界各地的众多参观者和媒体记者，现场气氛十分热烈，许多观众排队等待入场参观。",
    "F85": "这家公司的新服务受到了广大用户的热烈欢迎。",
    "F75": "他们打算在这个月发布季度报告并召开发布会。",
    "F50": "游客们参观了北京最具象征意义的历史地标。",
    "N1": "小猫喜欢在阳光下睡觉。",
    "N2": "火车站旁边新开了一家面包店。",
    "N3": "孩子们放学后踢足球。",
    "N4": "请把窗户关上，外面很冷！",
}
EN = {
    "C1": "This first sentence gives the context.",
    "C2": "The weather in Beijing is very clear today.",
    "C3": "This third sentence closes the context.",
    "X1": "This one only ever occurred in the memory.",
    "E1": "The meeting will be held tomorrow morning on the third floor.",
    "X2": "Another sentence that only the memory holds.",
    "F95": "The delegation visited one of the most iconic cultural landmarks in the city of Moscow during the "
    "busy third day of the international content market last spring.",
    "F85": "The new product was warmly welcomed by users across the whole country.",
    "F75": "They plan to publish the annual report and hold a large press conference next month.",
    "F50": "The exhibition attracted many visitors and journalists from all over the world.",
}
EN_NEW = {
    "F95": EN["F95"].replace("last spring", "this spring"),
    "F85": "The new service was warmly welcomed by users across the whole country.",
    "F75": "They intend to publish the quarterly report and hold a large press conference next week.",
    "F50": "The festival attracted several guests and journalists from all over the region.",
    "N1": "Cats like to sleep in the sun.",
    "N2": "A bakery opened next to the railway station.",
    "N3": "Children play football after school.",
    "N4": "Please close the window, it is cold outside!",
}
TM_ORDER = ["C1", "C2", "C3", "X1", "E1", "X2", "F95", "F85", "F75", "F50"]
# the document, by key: one paragraph per line
DOC = [
    ["N1", "C1", "C2", "C3"],
    ["N2", "E1", "N3"],
    ["F95"],
    ["F85", "F75", "F50"],
    ["N1", "F85", "E1", "N4"],
]
EXPECTED_BANDS = {
    "N1": "no-match",
    "C1": "100",  # previous neighbour differs (the next one matches: not enough)
    "C2": "context",  # both neighbours as in the TM
    "C3": "context",  # the previous neighbour as in the TM, the next differs (Trados' rule: 101)
    "N2": "no-match",
    "E1": "100",
    "N3": "no-match",
    "F95": "95-99",
    "F85": "85-94",
    "F75": "75-84",
    "F50": "50-74",
    "N4": "no-match",
}


def _text(lang: str, key: str) -> str:
    table = ZH if lang == "zh" else EN
    new = ZH_NEW if lang == "zh" else EN_NEW
    return new.get(key, table.get(key, ""))


def _words(text: str) -> int:
    han = len(re.findall(r"[\u4e00-\u9fff]", text))
    rest = re.sub(r"[\u4e00-\u9fff]", " ", text).split()
    return han + sum(1 for token in rest if re.search(r"[A-Za-z0-9]", token))


def _chars(text: str) -> int:
    return len(re.sub(r"\s", "", text))


def _tmx(path: Path, lang: str) -> None:
    table = ZH if lang == "zh" else EN
    other = "en" if lang == "zh" else "zh-CN"
    units = "".join(
        f'<tu><tuv xml:lang="{lang}"><seg>{escape(table[k])}</seg></tuv>'
        f'<tuv xml:lang="{other}"><seg>TRANSLATION OF {k}</seg></tuv></tu>\n'
        for k in TM_ORDER
    )
    path.write_text(
        f'<?xml version="1.0" encoding="UTF-8"?>\n<tmx version="1.4"><header srclang="{lang}" datatype="plaintext" '
        f'segtype="sentence" adminlang="en" o-tmf="test" creationtool="test" creationtoolversion="1"/>'
        f"<body>\n{units}</body></tmx>\n",
        encoding="utf-8",
    )


def _setup(tmp_path: Path, lang: str, db: str) -> tuple[str, Path]:
    tmx = tmp_path / "memory.tmx"
    _tmx(tmx, lang)
    store = open_store(db)
    import_files(store, [tmx])
    store.close()
    joiner = "" if lang == "zh" else " "
    doc = tmp_path / f"doc.{lang}.txt"
    doc.write_text(
        "\n\n".join(joiner.join(_text(lang, k) for k in para) for para in DOC) + "\n", encoding="utf-8"
    )
    return db, doc


def _expected(lang: str) -> dict[str, tuple[int, int, int]]:
    counts = {band: [0, 0, 0] for band in BANDS}
    seen: set[str] = set()
    for key in [k for para in DOC for k in para]:
        band = EXPECTED_BANDS[key]
        if band not in ("100", "context"):
            band = "repetition" if key in seen else band
            seen.add(key)
        text = _text(lang, key)
        row = counts[band]
        row[0] += 1
        row[1] += _words(text)
        row[2] += _chars(text)
    return {band: tuple(row) for band, row in counts.items()}


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_golden_analysis(tmp_path: Path, lang: str, store_url: str) -> None:
    db, doc = _setup(tmp_path, lang, store_url)
    target = "en" if lang == "zh" else "zh-CN"
    store = open_store(db, readonly=True)
    analysis = analyze(store, [doc], lang, target)
    store.close()
    got = {band: (c.segments, c.words, c.characters) for band, c in analysis.total.bands.items()}
    expected = _expected(lang)
    # the numbers the document was built for
    assert {b: n for b, (n, _, _) in expected.items()} == {
        "context": 2,
        "repetition": 2,
        "100": 3,
        "95-99": 1,
        "85-94": 1,
        "75-84": 1,
        "50-74": 1,
        "no-match": 4,
    }
    assert got == expected
    by_source = {r.source: (r.band, r.score) for r in analysis.segments}
    assert by_source[_text(lang, "C2")] == ("context", 101)
    assert by_source[_text(lang, "C3")] == ("context", 101)
    assert by_source[_text(lang, "C1")] == ("100", 100)
    assert by_source[_text(lang, "E1")] == ("100", 100)
    weighted = sum(expected[b][1] * w / 100 for b, w in analysis.weights.items())
    assert analysis.total.total.weighted == pytest.approx(weighted)


def test_repetitions_across_files_and_cli(tmp_path: Path, store_url: str) -> None:
    db, doc = _setup(tmp_path, "zh", store_url)
    second = tmp_path / "second.zh.txt"
    second.write_text(ZH_NEW["N2"] + ZH_NEW["F50"] + ZH["E1"] + "\n", encoding="utf-8")
    runner = CliRunner()
    result = runner.invoke(
        cli, ["--db", str(db), "analyze", str(doc), str(second), "--src", "zh", "--tgt", "en", "--json"]
    )
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert [f["path"] for f in data["files"]] == [str(doc), str(second)]
    assert list(data["total"]["bands"]) == list(BANDS)
    second_bands = {b: v["segments"] for b, v in data["files"][1]["bands"].items() if v["segments"]}
    # N2 and F50 occurred in the first file: repetitions; an exact match never is one
    assert second_bands == {"repetition": 2, "100": 1}
    assert data["total"]["total"]["segments"] == 15 + 3
    assert data["signature"].startswith("tm-analysis.1+")
    csv_out = runner.invoke(
        cli, ["--db", str(db), "analyze", str(doc), "--src", "zh", "--tgt", "en", "--csv"]
    )
    lines = csv_out.output.splitlines()
    assert lines[0] == "file,band,segments,words,characters,weighted" and len(lines) == 1 + 2 * len(BANDS)
    table = runner.invoke(cli, ["--db", str(db), "analyze", str(doc), "--src", "zh", "--tgt", "en"])
    assert "Context match (101%)" in table.output and "Signature: tm-analysis.1+" in table.output
    bad = runner.invoke(
        cli, ["--db", str(db), "analyze", str(doc), "--src", "zh", "--tgt", "en", "--weights", "x=1"]
    )
    assert bad.exit_code == 2 and "no band 'x'" in bad.output


def test_pretranslate_cli(tmp_path: Path, store_url: str) -> None:
    db, doc = _setup(tmp_path, "zh", store_url)
    runner = CliRunner()
    out = tmp_path / "draft.po"
    args = ["--db", str(db), "pretranslate", str(doc), "--src", "zh", "--tgt", "en", "-o", str(out), "--json"]
    result = runner.invoke(cli, args)
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    # filled from 75 up: context, 4 exact, 95-99, 85-94 (and its repetition), 75-84
    assert data["output"] == {
        "path": str(out),
        "kind": "po",
        "fill": "fuzzy",
        "min_score": 75,
        "languages": ["zh", "en"],  # the TM's own codes (its TMX says zh)
        "filled": 9,
        "kept": 0,
        "drafts_kept": 0,
        "overwritten": 0,
        "unplaced": 0,
    }
    # the fuzzy fills, by segment, score and origin (the TM file's name)
    assert [(f["score"], f["band"], f["origin"]) for f in data["fuzzy_fills"]] == [
        (97, "95-99", "memory.tmx"),
        (90, "85-94", "memory.tmx"),
        (80, "75-84", "memory.tmx"),
        (90, "repetition", "memory.tmx"),
    ]
    assert data["total"]["total"]["segments"] == 15
    low = runner.invoke(cli, [*args[:-1], "--min-score", "50", "--json"])
    assert json.loads(low.stdout)["output"]["filled"] == 10
    wrong = runner.invoke(
        cli, ["--db", str(db), "pretranslate", str(doc), "--src", "zh", "--tgt", "en", "-o", "x.docx"]
    )
    assert wrong.exit_code == 2 and "cannot write a txt document as '.docx'" in wrong.output
    missing = runner.invoke(cli, ["--db", str(db), "analyze", str(doc), "--src", "ru", "--tgt", "en"])
    assert missing.exit_code == 1 and "has no ru" in missing.output

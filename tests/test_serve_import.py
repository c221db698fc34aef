"""Imports over HTTP (``--allow-import``): the Bearer token, every worker thread seeing the new units,
a broken file changing nothing, a reviewed XLIFF draft going back into the TM, an import by another
process, and the store's snapshot and data_version that the worker threads rely on."""

from __future__ import annotations

import re
import shutil
import threading
from pathlib import Path
from urllib.parse import quote, urlencode

import pytest
from helpers import run
from serve_support import basic, bearer, call, report_tm, serving, wait_until

REPORT = "wcm-2025/report.tmx"  # the pre-translation of the reviewed-draft test uses it


@pytest.fixture(scope="module")
def db(tmp_path_factory, corpora) -> Path:
    return report_tm(tmp_path_factory.mktemp("imports"), corpora)


def _get(server, path: str, **params) -> dict:
    answer = call(f"{server.url}{path}?{urlencode(params)}")
    assert answer.status == 200, answer.body
    return answer.json()


TMX = """<?xml version="1.0" encoding="UTF-8"?>
<tmx version="1.4"><header srclang="zh-CN" datatype="plaintext" segtype="sentence" adminlang="en"
 creationtool="test" creationtoolversion="1" o-tmf="test"/><body>
<tu><tuv xml:lang="zh-CN"><seg>中国馆将于明年再次亮相莫斯科世界内容市场。</seg></tuv>
<tuv xml:lang="en"><seg>The China Pavilion will return to the World Content Market in Moscow next year.</seg></tuv>
<tuv xml:lang="ru"><seg>В следующем году Китайский павильон вновь примет участие в Московском мировом контент-рынке.</seg></tuv></tu>
</body></tmx>
"""


@pytest.fixture(scope="module")
def writable(tmp_path_factory, db):
    path = tmp_path_factory.mktemp("imports") / "tm.db"
    shutil.copy(db, path)
    with serving(path, "--allow-import") as running:
        # stderr is read by a thread: the line may arrive just after the JSON line on stdout
        assert wait_until(lambda: "Token (shown once)" in running.stderr), running.stderr
        match = re.search(r"Token \(shown once\): (\S+)", running.stderr)
        running.token = match.group(1)
        running.db = path
        yield running


def _import(server, data: bytes, name: str, headers: dict) -> object:
    return call(
        f"{server.url}/api/import?name={quote(name)}",
        "POST",
        data,
        {"Content-Type": "application/octet-stream", **headers},
    )


def test_import_needs_the_bearer_token(writable):
    assert writable.stderr.count(writable.token) == 1  # printed once
    assert _import(writable, TMX.encode(), "n.tmx", {}).status == 401
    assert (
        _import(writable, TMX.encode(), "n.tmx", basic(writable.token)).status == 401
    )  # writes: Bearer only
    assert _import(writable, TMX.encode(), "n.tmx", bearer("guess")).status == 401
    assert call(writable.url + "/api/stats").status == 200  # reads stay open on loopback


def test_import_then_every_worker_finds_it(writable):
    text = "中国馆将于明年再次亮相莫斯科世界内容市场。"
    url = f"{writable.url}/tmserver/zh_hans/en/unit/{quote(text, safe='')}"
    before = [call(url).json() for _ in range(8)]  # warm every worker thread's reader
    assert all(not b or b[0]["quality"] < 100 for b in before)
    answer = _import(writable, TMX.encode(), "pavilion-2026.tmx", bearer(writable.token))
    assert answer.status == 200, answer.body
    result = answer.json()
    assert result["files"][0]["name"] == "pavilion-2026.tmx" and result["files"][0]["added"] == 1
    assert result["units"] == 35
    for _ in range(12):  # whichever thread answers, it has let go of its old view of the TM
        got = call(url).json()
        assert got[0]["quality"] == 100.0
        assert (
            got[0]["target"]
            == "The China Pavilion will return to the World Content Market in Moscow next year."
        )
    kept = list(Path(str(writable.db) + ".imports").glob("*-pavilion-2026.tmx"))
    assert len(kept) == 1 and kept[0].read_text("utf-8") == TMX
    origins = _get(writable, "/api/stats")["origins"]
    assert any(name.endswith("pavilion-2026.tmx") for name, _, _ in origins)


def test_a_po_file_is_imported(writable, corpora):
    po = corpora / "wcm-2025" / "report.zh-en.po"
    units = _get(writable, "/api/stats")["units"]
    answer = _import(writable, po.read_bytes(), po.name, bearer(writable.token))
    assert answer.status == 200, answer.body
    summary = answer.json()["files"][0]
    assert summary["format"] == "po" and summary["read"] == 34 and summary["skipped"] == 0
    assert answer.json()["units"] == units + summary["added"] and summary["added"] + summary["merged"] == 34


FUZZY_PO = """msgid ""
msgstr ""
"Content-Type: text/plain; charset=UTF-8\\n"
"Language: en\\n"
"X-Source-Language: zh-CN\\n"

#, fuzzy
msgid "熊猫馆今年首次对外开放。"
msgstr "The Panda House opens to the public for the first time this year."
"""


def test_an_unconfirmed_translation_is_said_and_penalised(writable):
    """A PO entry marked fuzzy, imported with include_fuzzy: its matches carry status fuzzy and cost the
    status penalty (5 by default, as tm lookup; penalty=status=0 takes it away)."""
    answer = _import(writable, FUZZY_PO.encode(), "draft.po", bearer(writable.token))
    assert answer.status == 200 and answer.json()["files"][0]["skipped"] == 1  # not without include_fuzzy
    url = f"{writable.url}/api/import?name=draft.po&include_fuzzy=1"
    answer = call(url, "POST", FUZZY_PO.encode(), {"Content-Type": "text/x-po", **bearer(writable.token)})
    assert answer.status == 200 and answer.json()["files"][0]["added"] == 1, answer.body
    query = {"text": "熊猫馆今年首次对外开放。", "src": "zh", "tgt": "en"}
    [best, *_] = _get(writable, "/api/lookup", **query)["matches"]
    assert (best["status"], best["score"], best["penalties"]) == ("fuzzy", 95.0, {"status": 5.0})
    [free, *_] = _get(writable, "/api/lookup", **query, penalty="status=0")["matches"]
    assert free["score"] == 100.0 and free["status"] == "fuzzy"
    suggestions = call(f"{writable.url}/tmserver/zh/en/unit/" + quote(query["text"], safe="")).json()
    assert suggestions[0]["quality"] == 95.0  # Weblate sees the penalised score


def test_a_broken_file_changes_nothing_and_says_why(writable):
    units = _get(writable, "/api/stats")["units"]
    answer = _import(writable, b"<tmx version='1.4'><body><tu>", "broken.tmx", bearer(writable.token))
    assert answer.status == 422
    error = answer.json()["error"]
    assert error.startswith("broken.tmx:") and str(writable.db) not in error
    assert _get(writable, "/api/stats")["units"] == units


def test_a_reviewed_draft_goes_back_into_the_tm(writable, corpora, tmp_path):
    draft = tmp_path / "pavilion.en.xlf"
    doc = corpora / "press-releases" / "wink-chinese-drama-week.zh.txt"
    result = run(
        writable.db,
        "pretranslate",
        str(doc),
        "--src",
        "zh",
        "--tgt",
        "en",
        "-o",
        str(draft),
        "--tm",
        str(corpora / REPORT),
    )
    assert result.exit_code == 0, result.stderr
    xliff = draft.read_text("utf-8")
    # the reviewer translates the title, which the TM did not know, and marks it final
    source = re.search(r'<trans-unit id="1">\s*<source[^>]*>(.*?)</source>', xliff).group(1)
    reviewed = "Wink launches “Chinese TV Drama Week”"
    xliff = xliff.replace(
        f"{source}</source>", f'{source}</source>\n<target state="final">{reviewed}</target>', 1
    )
    answer = _import(writable, xliff.encode(), "drama-week.en.xlf", bearer(writable.token))
    assert answer.status == 200, answer.body
    assert answer.json()["files"][0]["format"] == "xliff"
    got = _get(writable, "/api/lookup", text=source, src="zh", tgt="en")
    assert got["matches"][0]["target"] == reviewed and got["matches"][0]["score"] >= 100


def test_an_import_by_another_process_is_seen(writable, tmp_path):
    other = tmp_path / "other.tmx"
    other.write_text(
        TMX.replace("明年", "后年")
        .replace("next year", "in two years")
        .replace("В следующем году", "Через два года"),
        "utf-8",
    )
    text = "中国馆将于后年再次亮相莫斯科世界内容市场。"
    url = f"{writable.url}/api/lookup?" + urlencode({"text": text, "src": "zh", "tgt": "en"})
    assert call(url).json()["matches"][0]["score"] < 100
    assert run(writable.db, "import", str(other)).exit_code == 0  # the CLI, while the server runs
    assert wait_until(
        lambda: all(call(url).json()["matches"][0]["score"] == 100 for _ in range(8)), timeout=5
    )


def test_terms_imported_while_serving_are_found(writable, corpora):
    """``tm terms import`` by another process while the server runs: the next lookups give the term hits
    (each thread reads the termbase again once the TM's data_version moved)."""
    url = f"{writable.url}/api/lookup?" + urlencode(
        {"text": "图片：尚世影业、五岸传播与中国联合展台", "src": "zh", "tgt": "en"}
    )
    assert call(url).json()["terms"] == []
    assert run(writable.db, "terms", "import", str(corpora / "terms" / "wcm.tbx")).exit_code == 0
    assert wait_until(lambda: all(len(call(url).json()["terms"]) == 2 for _ in range(8)), timeout=5)


def test_a_reader_sees_an_import_whole_while_its_units_wait_for_the_index(db, tmp_path):
    """A worker thread looking up in a loop while the writer imports a file (committed, then indexed):
    every answer is the TM before the import or after it, never part of it. The file brings the query's
    text under zh-CN and under zh-SG, a code the TM did not have: a thread that kept its matchers after the
    commit (as tm serve did until its index caught up) found the zh-CN unit and not the zh-SG one."""
    from tm.serve.tmapi import Tm

    path = tmp_path / "tm.db"
    shutil.copy(db, path)
    text = "中国馆将于明年再次亮相莫斯科世界内容市场。"
    units = [
        ("zh-CN", text, "The China Pavilion returns next year."),
        ("zh-SG", text, "Singapore's rendering."),
    ]
    units += [
        ("zh-CN", f"第{n}号新闻稿于{n % 28 + 1}日在北京发布。", f"Press release {n}.") for n in range(4000)
    ]
    body = "".join(
        f'<tu><tuv xml:lang="{code}"><seg>{zh}</seg></tuv><tuv xml:lang="en"><seg>{en}</seg></tuv></tu>'
        for code, zh, en in units
    )
    tmx = TMX.split("<body>")[0] + f"<body>{body}</body></tmx>"
    new = {units[0][2], units[1][2]}
    server = Tm(str(path), allow_import=True, uploads=tmp_path / "imports")
    seen: list[set[str]] = []
    done = threading.Event()

    def look() -> None:
        while not done.is_set():
            with server.reading() as reader:
                matches = reader.lookup(text, "zh", "en", limit=10)
            seen.append({m.target for m in matches} & new)

    worker = threading.Thread(target=look)
    try:
        worker.start()
        assert wait_until(lambda: len(seen) > 0)
        summaries, _ = server.import_file(tmx.encode(), "pavilion.tmx")
        assert summaries[0].added == len(units)
        count = len(seen)
        assert wait_until(lambda: len(seen) > count + 1)
    finally:
        done.set()
        worker.join()
        server.close()
    assert seen[0] == set() and seen[-1] == new
    partial = [found for found in seen if found not in (set(), new)]
    assert not partial

"""tm serve over the PostgreSQL backend: the same server on a TM in a database (``--db postgresql://...``),
its readers in snapshots, an import over HTTP and one by the CLI seen through the store's data_version."""

from __future__ import annotations

import re
from urllib.parse import quote, urlencode

import pytest
from helpers import run, run_json
from serve_support import WeblateTmServer, bearer, call, serving, wait_until

TMX = """<?xml version="1.0" encoding="UTF-8"?>
<tmx version="1.4"><header srclang="zh-CN" datatype="plaintext" segtype="sentence" adminlang="en"
 creationtool="test" creationtoolversion="1" o-tmf="test"/><body>
<tu><tuv xml:lang="zh-CN"><seg>{zh}</seg></tuv><tuv xml:lang="en"><seg>{en}</seg></tuv></tu>
</body></tmx>
"""


@pytest.fixture(scope="module")
def pg_tm(postgres, corpora):
    """A TM of the bundled report in a database of the session's PostgreSQL server."""
    name = postgres.new_database()
    url = postgres.url(name)
    assert run(url, "import", str(corpora / "wcm-2025" / "report.tmx")).exit_code == 0
    yield url
    postgres.drop_database(name)


@pytest.fixture(scope="module")
def server(pg_tm, tmp_path_factory):
    data = tmp_path_factory.mktemp("data")  # posted files are kept in tm's data folder: this one
    with serving(pg_tm, "--allow-import", env={"XDG_DATA_HOME": str(data)}) as running:
        running.data = data
        assert wait_until(lambda: "Token (shown once)" in running.stderr), running.stderr
        running.token = re.search(r"Token \(shown once\): (\S+)", running.stderr).group(1)
        yield running


def _lookup(server, text: str, src: str = "zh", tgt: str = "en") -> dict:
    return call(f"{server.url}/api/lookup?" + urlencode({"text": text, "src": src, "tgt": tgt})).json()


def test_answers_are_the_clis_on_postgresql(server, pg_tm):
    client = WeblateTmServer(server.url + "/tmserver")
    for text, tgt in (("熊猫是我最喜欢的动物", "en"), ("图片：尚世影业、五岸传播", "ru")):
        cli = run_json(pg_tm, "lookup", text, "--src", "zh", "--tgt", tgt)["matches"]
        got = _lookup(server, text, tgt=tgt)["matches"]
        assert [{k: v for k, v in m.items() if k not in ("diff", "band")} for m in got] == cli and cli
        weblate = client.translate("zh_Hans", tgt, text, threshold=0)
        assert [(s["source"], s["text"]) for s in weblate] == [(m["source"], m["target"]) for m in cli]
    assert "postgresql" not in call(server.url + "/api/stats").body.decode()  # where the TM is: not said


def test_imports_over_http_and_by_the_cli_are_seen(server, pg_tm, tmp_path):
    text = "中国联合展台明年将再次亮相。"
    assert all(m["score"] < 100 for m in _lookup(server, text)["matches"])
    body = TMX.format(zh=text, en="The China Pavilion will be back next year.").encode()
    answer = call(
        f"{server.url}/api/import?name=pavilion.tmx",
        "POST",
        body,
        {"Content-Type": "application/octet-stream", **bearer(server.token)},
    )
    assert answer.status == 200 and answer.json()["files"][0]["added"] == 1, answer.body
    [kept] = (server.data / "tm" / "imports").glob("*/*-pavilion.tmx")  # the origin its units name
    assert kept.read_bytes() == body
    # every worker thread finds it once the import has returned
    assert all(_lookup(server, text)["matches"][0]["score"] == 100 for _ in range(12))
    # a tm import by another process, while the server runs
    other = "中国联合展台后年还将亮相。"
    (tmp_path / "other.tmx").write_text(TMX.format(zh=other, en="And the year after."), encoding="utf-8")
    assert run(pg_tm, "import", str(tmp_path / "other.tmx")).exit_code == 0
    url = f"{server.url}/tmserver/zh/en/unit/" + quote(other, safe="")
    assert wait_until(lambda: all(call(url).json()[0]["quality"] == 100 for _ in range(8)), timeout=5)

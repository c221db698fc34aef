"""tm's JSON API, the OpenAPI description, imports with the token, and the server's safety: limits, the
token off loopback and on request, the Host check, CORS only when asked, no tracebacks in answers, slow
clients. Against real servers (subprocesses on free ports) unless the point is what an address or a bug
would do, which the WSGI app shows in-process on a real TM."""

from __future__ import annotations

import io
import json
import re
import shutil
import socket
import sys
import time
from pathlib import Path
from urllib.parse import quote, urlencode, urlsplit

import pytest
from helpers import run, run_json
from serve_support import basic, bearer, call, serving, wait_until

from tm.serve.app import ROUTES, App
from tm.serve.config import ServeConfig
from tm.serve.routing import Route
from tm.serve.tmapi import Tm

REPORT = "wcm-2025/report.tmx"


@pytest.fixture(scope="module")
def db(tmp_path_factory, corpora) -> Path:
    path = tmp_path_factory.mktemp("api") / "tm.db"
    assert run(path, "import", str(corpora / REPORT)).exit_code == 0
    return path


@pytest.fixture(scope="module")
def server(db):
    with serving(db) as running:
        yield running


def _get(server, path: str, **params) -> dict:
    answer = call(f"{server.url}{path}?{urlencode(params)}")
    assert answer.status == 200, answer.body
    return answer.json()


def _post_json(url: str, data) -> object:
    return call(url, "POST", json.dumps(data).encode(), {"Content-Type": "application/json"})


CLI_FIELDS = (
    "score",
    "penalties",
    "context",
    "source",
    "target",
    "source_lang",
    "target_lang",
    "date",
    "unit_id",
)


def _same_as_cli(matches: list[dict], cli: list[dict]) -> None:
    assert [{k: m[k] for k in CLI_FIELDS} for m in matches] == [{k: m[k] for k in CLI_FIELDS} for m in cli]
    assert [m["origin"] for m in matches] == [Path(m["origin"]).name for m in cli]


def test_lookup_is_the_clis(server, db):
    text = "熊猫是我最喜欢的动物"
    got = _get(server, "/api/lookup", text=text, src="zh", tgt="en", min_score=50)
    cli = run_json(db, "lookup", text, "--src", "zh", "--tgt", "en", "--min-score", "50")
    _same_as_cli(got["matches"], cli["matches"])
    assert got["matches"] and got["terms"] == [] and got["signature"].startswith("tm-match.")
    for m in got["matches"]:
        assert "".join(piece for piece, _ in m["diff"]) == m["source"]
        assert any(changed for _, changed in m["diff"])  # “ ” ， 他坦言 are not in the query
        assert not any(changed and "熊猫" in piece for piece, changed in m["diff"])
        assert "status" in m


def test_batch_lookup_with_neighbours_gives_context_matches(server, db, corpora):
    rows = [
        line.split("\t")
        for line in (corpora / "wcm-2025" / "segments.tsv").read_text("utf-8").splitlines()[1:]
    ]
    zh = [r[2] for r in rows if r[0] == "4"][:3]
    answer = _post_json(
        server.url + "/api/lookup", {"src": "zh", "tgt": "ru", "segments": zh, "neighbours": True}
    )
    assert answer.status == 200
    results = answer.json()["results"]
    assert [r["query"] for r in results] == zh
    for i, result in enumerate(results):
        args = ["lookup", zh[i], "--src", "zh", "--tgt", "ru"]
        args += ["--prev", zh[i - 1]] if i > 0 else []
        args += ["--next", zh[i + 1]] if i + 1 < len(zh) else []
        _same_as_cli(result["matches"], run_json(db, *args)["matches"])
    assert results[1]["matches"][0]["score"] == 101.0 and results[1]["matches"][0]["context"]
    # one text, with explicit neighbours, in a POST
    single = _post_json(
        server.url + "/api/lookup", {"src": "zh", "tgt": "ru", "text": zh[1], "prev": zh[0], "next": zh[2]}
    ).json()
    assert single["matches"] == results[1]["matches"] and single["query"] == zh[1]


def test_concordance_is_the_clis(server, db):
    got = _get(server, "/api/concordance", term="尚世影业", lang="zh", tgt="en")
    cli = run_json(db, "concordance", "尚世影业", "--lang", "zh", "--tgt", "en")
    assert [(h["source"], h["target"], h["spans"]) for h in got["hits"]] == [
        (h["source"], h["target"], h["spans"]) for h in cli["hits"]
    ]
    assert len(got["hits"]) >= 3
    for h in got["hits"]:
        assert all(h["source"][s:e] == "尚世影业" for s, e in h["spans"])


def test_stats_are_the_clis(server, db):
    got = _get(server, "/api/stats")
    cli = run_json(db, "stats")
    assert (got["units"], got["variants"], got["pairs"], got["statuses"]) == (
        cli["units"],
        cli["variants"],
        cli["pairs"],
        cli["statuses"],
    )
    assert got["origins"] == [["report.tmx", "tmx", 34]]  # the file's name, not where the server keeps it


def test_analysis_of_a_posted_document_is_the_clis(server, db, corpora):
    doc = corpora / "press-releases" / "wcm-2026-pavilion.zh.txt"
    url = f"{server.url}/api/analyze?" + urlencode({"src": "zh", "tgt": "en", "name": "pavilion.zh.txt"})
    answer = call(url, "POST", doc.read_bytes(), {"Content-Type": "text/plain"})
    assert answer.status == 200, answer.body
    got = answer.json()
    cli = run_json(db, "analyze", str(doc), "--src", "zh", "--tgt", "en")
    assert got["total"] == cli["total"] and got["signature"] == cli["signature"]
    assert [f["path"] for f in got["files"]] == ["pavilion.zh.txt"]
    assert got["total"]["bands"]["context"]["segments"] >= 1 or got["total"]["bands"]["100"]["segments"] >= 1
    bad = call(url.replace("pavilion.zh.txt", "pavilion.exe"), "POST", b"x")
    assert bad.status == 422 and "pavilion.exe" in bad.json()["error"] and "/tmp" not in bad.json()["error"]


def test_openapi_describes_exactly_the_api(server):
    spec = _get(server, "/openapi.json")
    assert spec["openapi"].startswith("3.1") and spec["info"]["title"] == "tm serve"
    documented = {(method.upper(), path) for path, ops in spec["paths"].items() for method in ops}
    routes = {(r.method, r.openapi_path) for r in ROUTES}
    assert documented <= routes
    aliases = {("GET", "/tmserver/languages"), ("GET", "/tmserver/{src}/{tgt}/unit/")}
    api_routes = {r for r in routes if r[1].startswith(("/api", "/tmserver"))} - aliases
    assert api_routes <= documented
    refs = re.findall(r'"#/components/(\w+)/(\w+)"', json.dumps(spec))
    assert refs and all(name in spec["components"][kind] for kind, name in refs)
    for method, path in documented:
        if method == "GET":
            probe = path.replace("{src}", "zh").replace("{tgt}", "en").replace("{text}", "x")
            assert call(server.url + probe + "?text=x&src=zh&tgt=en&term=x").status in (200, 400)


def test_limits_answer_json_errors(server):
    def error(answer, status):
        assert answer.status == status, answer.body
        assert answer.headers["content-type"].startswith("application/json")
        return answer.json()["error"]

    assert "longer than 1000" in error(
        call(server.url + "/api/lookup?src=zh&tgt=en&text=" + quote("字" * 1001)), 400
    )
    assert "longer than 200" in error(call(server.url + "/api/concordance?term=" + quote("字" * 201)), 400)
    batch = {"src": "zh", "tgt": "en", "segments": ["字"] * 501}
    assert "more than 500" in error(_post_json(server.url + "/api/lookup", batch), 400)
    many = "&".join(f"p{i}=1" for i in range(60))
    assert "more than 50" in error(call(server.url + "/api/stats?" + many), 400)
    assert "not JSON" in error(call(server.url + "/api/lookup", "POST", b"{nope"), 400)
    assert "missing" in error(call(server.url + "/api/lookup?src=zh&tgt=en"), 400)
    assert "between" in error(call(server.url + "/api/lookup?src=zh&tgt=en&text=a&min_score=5"), 400)
    assert error(call(server.url + "/api/nothing"), 404)
    wrong = call(server.url + "/api/stats", "POST", b"")
    assert error(wrong, 405) and wrong.headers["allow"] == "GET"
    unknown = error(call(server.url + "/api/lookup?src=de&tgt=en&text=a"), 400)
    assert "has no de" in unknown


def test_body_over_the_limit_is_a_json_413(db):
    with serving(db, "--max-body", "1") as small:
        body = b"x" * (1024 * 1024 + 10)
        answer = call(f"{small.url}/api/analyze?src=zh&tgt=en&name=a.txt", "POST", body)
        assert answer.status == 413 and "larger than 1,048,576 bytes" in answer.json()["error"]
        # far larger: refused by waitress from the headers alone, before a byte of the body is read
        split = urlsplit(small.url)
        with socket.create_connection((split.hostname, split.port), timeout=10) as raw:
            raw.sendall(
                b"POST /api/analyze?src=zh&tgt=en&name=a.txt HTTP/1.1\r\nHost: localhost\r\n"
                b"Content-Length: 3145728\r\n\r\n"
            )
            assert raw.recv(100).startswith(b"HTTP/1.1 413")


def test_answers_carry_no_traceback(db):
    """The error boundary: a bug answers 500 with a JSON error; the traceback goes to the log only."""

    def broken(ctx, req):
        raise RuntimeError("secret detail of a bug")

    logged: list[str] = []
    tm = Tm(str(db))
    app = App(ServeConfig(), tm, logged.append)
    app.routes = [*ROUTES, Route("GET", "/api/broken", broken)]
    try:
        status, headers, body = _wsgi(app, "/api/broken")
    finally:
        tm.close()
    assert status.startswith("500")
    assert json.loads(body) == {"error": "internal error", "hint": "the server's log has the details"}
    assert b"secret" not in body and b"Traceback" not in body
    assert any("Traceback" in line and "secret detail of a bug" in line for line in logged)


def _wsgi(app, path: str, query: str = "", headers: dict | None = None) -> tuple[str, dict, bytes]:
    environ = {
        "REQUEST_METHOD": "GET",
        "PATH_INFO": path,
        "REQUEST_URI": path + ("?" + query if query else ""),
        "QUERY_STRING": query,
        "SERVER_NAME": "localhost",
        "SERVER_PORT": "8080",
        "HTTP_HOST": "localhost:8080",
        "REMOTE_ADDR": "127.0.0.1",
        "wsgi.input": io.BytesIO(b""),
        "wsgi.errors": sys.stderr,
        **{"HTTP_" + k.upper().replace("-", "_"): v for k, v in (headers or {}).items()},
    }
    seen: dict = {}

    def start_response(status, response_headers):
        seen["status"], seen["headers"] = status, dict(response_headers)

    body = b"".join(app(environ, start_response))
    return seen["status"], seen["headers"], body


def test_off_loopback_every_request_needs_the_token(db):
    tm = Tm(str(db))
    app = App(ServeConfig(host="0.0.0.0", token="s3cret"), tm, lambda line: None)
    try:
        for path in ("/", "/static/style.css", "/openapi.json", "/api/stats", "/tmserver/languages/"):
            status, headers, _ = _wsgi(app, path, headers={"Host": "tm.example.org"})
            assert status.startswith("401") and headers["WWW-Authenticate"].startswith("Basic"), path
            assert _wsgi(app, path, headers={"Authorization": "Bearer s3cret"})[0].startswith("200"), path
            ok = basic("s3cret")["Authorization"]
            assert _wsgi(app, path, headers={"Authorization": ok})[0].startswith("200"), path
            bad = basic("wrong")["Authorization"]
            assert _wsgi(app, path, headers={"Authorization": bad})[0].startswith("401"), path
    finally:
        tm.close()


def test_loopback_server_refuses_other_host_names(server):
    port = urlsplit(server.url).port
    evil = call(server.url + "/api/stats", headers={"Host": f"evil.example:{port}"})
    assert evil.status == 403 and "localhost" in evil.json()["error"]
    assert call(server.url + "/api/stats", headers={"Host": f"localhost:{port}"}).status == 200


def test_token_required_for_reads(db):
    with serving(db, "--token-required", "--token", "t0ken") as guarded:
        assert call(guarded.url + "/api/stats").status == 401
        assert call(guarded.url + "/tmserver/languages/").status == 401
        assert call(guarded.url + "/api/stats", headers=bearer("t0ken")).status == 200
        assert call(guarded.url + "/tmserver/languages/", headers=basic("t0ken")).status == 200
        assert call(guarded.url + "/api/stats", headers=bearer("t0kem")).status == 401
        assert "t0ken" not in guarded.stderr  # given, so never printed


def test_no_cors_unless_asked(server, db):
    origin = {"Origin": "https://weblate.example.org"}
    assert "access-control-allow-origin" not in call(server.url + "/api/stats", headers=origin).headers
    assert call(server.url + "/api/stats", "OPTIONS", headers=origin).status == 405
    with serving(db, "--cors", "https://weblate.example.org") as open_:
        answer = call(open_.url + "/api/stats", headers=origin)
        assert answer.headers["access-control-allow-origin"] == "https://weblate.example.org"
        other = call(open_.url + "/api/stats", headers={"Origin": "https://evil.example"})
        assert "access-control-allow-origin" not in other.headers
        preflight = call(
            open_.url + "/api/lookup", "OPTIONS", headers={**origin, "Access-Control-Request-Method": "POST"}
        )
        assert preflight.status == 204 and "POST" in preflight.headers["access-control-allow-methods"]


def test_safety_headers(server):
    page = call(server.url + "/")
    assert "script-src 'self'" in page.headers["content-security-policy"]
    for answer in (page, call(server.url + "/api/stats")):
        assert answer.headers["x-content-type-options"] == "nosniff"
        assert answer.headers["cache-control"] == "no-store"
        assert answer.headers["server"] == "tm"


def test_slow_client_holds_no_worker(db):
    """One worker thread, and a client that sends half a request and stalls: others are served meanwhile,
    and the stalled connection is closed after --timeout."""
    with serving(db, "--threads", "1", "--timeout", "2") as slow:
        host, port = urlsplit(slow.url).hostname, urlsplit(slow.url).port
        stalled = socket.create_connection((host, port))
        stalled.sendall(b"POST /api/lookup HTTP/1.1\r\nHost: localhost\r\nContent-Length: 100\r\n\r\n{")
        try:
            started = time.monotonic()
            assert call(slow.url + "/api/stats", timeout=5).status == 200
            assert time.monotonic() - started < 1.5
            stalled.settimeout(10)
            closed_at = None
            data = stalled.recv(1024)
            closed_at = time.monotonic() - started
            assert data == b"" and closed_at < 8
        finally:
            stalled.close()


def test_imports_are_off_by_default(server):
    answer = call(server.url + "/api/import?name=a.tmx", "POST", b"<tmx/>", bearer("anything"))
    assert answer.status == 403 and "--allow-import" in answer.json()["hint"]


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


def test_readme_starts_the_server_in_two_lines():
    """The README's serving block: the install line and a serve line that works on the bundled corpora."""
    from conftest import ROOT

    blocks = re.findall(r"^```(\w*)\n(.*?)^```", (ROOT / "README.md").read_text("utf-8"), flags=re.S | re.M)
    body = next(b for _, b in blocks[1:] if "tm serve" in b and "pip install" in b)
    lines = [line.split("#")[0].strip() for line in body.splitlines() if line.strip()]
    assert len(lines) == 2 and lines[0] == "pip install '.[serve]'"
    args = lines[1].split()
    assert args[:2] == ["tm", "serve"] and any("corpora/" in a for a in args)
    with serving(None, *args[2:]) as readme:  # run from the repository's root, as the README says
        languages = call(readme.url + "/tmserver/languages/").json()["sourceLanguages"]
        assert {"zh_hans", "en", "ru"} <= set(languages)
        assert call(
            readme.url + "/tmserver/zh_hans/en/unit/" + quote("图片：尚世影业、五岸传播", safe="")
        ).json()
        assert "temporary" in readme.stderr


def test_server_calls_tm_only_through_tmapi():
    """Everything tm.serve needs of tm's services goes through tm/serve/tmapi.py (one adapter to repoint)."""
    import ast

    from conftest import ROOT

    allowed = {"tm", "tm.errors"}
    for path in (ROOT / "tm" / "serve").glob("*.py"):
        if path.name == "tmapi.py":
            continue
        tree = ast.parse(path.read_text("utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.module and node.module.split(".")[0] == "tm":
                assert node.module in allowed or node.module.startswith("tm.serve"), (path.name, node.module)


def test_store_snapshot_and_data_version(db, tmp_path):
    """What the server's threads rely on: a read snapshot holds one state; data_version moves when another
    connection commits."""
    from tm.store import open_store

    path = tmp_path / "tm.db"
    shutil.copy(db, path)
    reader, writer = open_store(path, readonly=True), open_store(path)  # a writer open too, as in the server
    try:
        version = reader.data_version()
        with reader.snapshot():
            before = reader.count()
            extra = tmp_path / "one.tmx"
            extra.write_text(TMX, "utf-8")
            assert run(path, "import", str(extra)).exit_code == 0
            assert reader.count() == before  # still the snapshot's state
        assert reader.count() == before + 1
        assert reader.data_version() != version
        version = reader.data_version()
        assert reader.data_version() == version  # nothing committed since
    finally:
        reader.close()
        writer.close()


def test_term_hits_are_marked_in_the_query():
    """How the page shows the ``terms`` of a lookup (filled once tm has a termbase): each hit marked once,
    the translation as its title, the text escaped."""
    from lxml import html

    from tm.serve.web import terms_html

    assert terms_html("熊猫", [], "zh") == ""
    text = "大熊猫<b>与中国馆"
    hits = [
        {"term": "大熊猫", "start": 0, "end": 3, "translation": "giant panda"},
        {"term": "熊猫", "start": 1, "end": 3, "translation": "panda"},  # inside the first: not marked again
        {"term": "中国馆", "start": 7, "end": 10, "translation": "China Pavilion"},
    ]
    fragment = html.fragment_fromstring("<div>" + terms_html(text, hits, "zh") + "</div>")
    query = fragment.xpath("p[@class='query']")[0]
    assert query.text_content() == text and query.get("lang") == "zh"
    assert [(m.text, m.get("title")) for m in query.xpath("mark")] == [
        ("大熊猫", "giant panda"),
        ("中国馆", "China Pavilion"),
    ]
    assert "熊猫 → panda" in fragment.xpath("p[@class='terms']")[0].text_content()

"""The server's safety: limits answered with JSON errors, no tracebacks in answers, the token off loopback
and on request, the Host check, CORS only when asked, safety headers, slow clients, imports off by default.
Against real servers unless the point is what an address or a bug would do, which the WSGI app shows
in-process on a real TM."""

from __future__ import annotations

import io
import json
import socket
import sys
import time
from pathlib import Path
from urllib.parse import quote, urlsplit

import pytest
from serve_support import basic, bearer, call, post_json, report_tm, serving

from tm.serve.app import ROUTES, App
from tm.serve.config import ServeConfig
from tm.serve.routing import Route
from tm.serve.tmapi import Tm


@pytest.fixture(scope="module")
def db(tmp_path_factory, corpora) -> Path:
    return report_tm(tmp_path_factory.mktemp("safety"), corpora)


@pytest.fixture(scope="module")
def server(db):
    with serving(db) as running:
        yield running


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
    assert "more than 500" in error(post_json(server.url + "/api/lookup", batch), 400)
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

"""The WSGI application: routing, the token, the Host check, CORS, limits, error answers, the request log.

Every answer to an expected failure is JSON (``{"error": ..., "hint": ...}``) with a fitting status; an
unexpected exception is logged with its traceback on stderr and answered ``500 {"error": "internal
error"}``, never with the traceback. One log line per request goes to stderr: time, client, method, the
route's path with language codes but never the text looked up (press releases may be under embargo; no
query string is ever logged), status and milliseconds.
"""

from __future__ import annotations

import base64
import hmac
import sys
import time
import traceback
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from tm.errors import FormatError, LanguageError, TmError, UsageError
from tm.serve import api, openapi, tmserver, web
from tm.serve.config import ServeConfig, is_loopback
from tm.serve.http import REASONS, HttpError, Request, Response, error_response, json_response
from tm.serve.routing import Route
from tm.serve.tmapi import Busy, Tm

SECURITY_HEADERS = [
    ("X-Content-Type-Options", "nosniff"),
    ("Referrer-Policy", "no-referrer"),
    ("Cache-Control", "no-store"),  # answers may quote embargoed text: no cache keeps them
    ("X-Frame-Options", "DENY"),
]


def _openapi(ctx, req: Request) -> Response:
    return json_response(openapi.spec())


ROUTES: list[Route] = [
    *web.ROUTES,
    *tmserver.ROUTES,
    *api.ROUTES,
    Route("GET", "/openapi.json", _openapi),
]


@dataclass
class Context:
    """What handlers get besides the request: the settings and the TM."""

    config: ServeConfig
    tm: Tm


class App:
    """``App(config, tm)`` is a WSGI callable."""

    def __init__(self, config: ServeConfig, tm: Tm, log: Callable[[str], None] | None = None) -> None:
        self.ctx = Context(config, tm)
        self.config = config
        self.routes = ROUTES
        self._log = log or _stderr

    def __call__(self, environ: dict, start_response) -> Iterable[bytes]:
        started = time.perf_counter()
        logged_path = "-"
        try:
            req = Request(environ, self.config.max_body)
            logged_path = _first_segment(req.path)
            self._check_host(environ)
            route, params, allowed = self._route(req)
            if route is not None:
                logged_path = route.log_path(params)
            response = self._preflight(req, allowed) if req.method == "OPTIONS" else None
            if response is None:
                self._check_token(req, write=route.write if route is not None else False)
                if route is None:
                    if allowed:
                        raise HttpError(
                            405, f"{req.method} is not allowed here", headers=(("Allow", ", ".join(allowed)),)
                        )
                    raise HttpError(404, "no such page or API", hint="the API is described at /openapi.json")
                response = route.handler(self.ctx, req, **params)
        except HttpError as err:
            response = error_response(err)
        except Exception as err:  # noqa: BLE001 - the one boundary: every failure becomes an answer
            response = self._failure(err)
        self._cors(environ, response)
        headers = [("Content-Type", response.content_type), ("Content-Length", str(len(response.body)))]
        headers += [h for h in SECURITY_HEADERS if h[0] not in {k for k, _ in response.headers}]
        headers += response.headers
        start_response(f"{response.status} {REASONS.get(response.status, '')}".rstrip(), headers)
        self._log_request(environ, logged_path, response.status, started)
        return [response.body] if environ.get("REQUEST_METHOD") != "HEAD" else [b""]

    # -- the steps -----------------------------------------------------------------------------------
    def _route(self, req: Request) -> tuple[Route | None, dict[str, str], list[str]]:
        method = "GET" if req.method == "HEAD" else req.method
        allowed: list[str] = []
        for route in self.routes:
            params = route.match(req.path)
            if params is None:
                continue
            if route.method == method:
                return route, params, allowed
            allowed.append(route.method)
        return None, {}, allowed

    def _check_host(self, environ: dict) -> None:
        """A server on loopback answers only requests addressed to a loopback name: a web page elsewhere
        cannot reach it through a name that its DNS points at 127.0.0.1 (DNS rebinding)."""
        if not self.config.loopback:
            return
        host = environ.get("HTTP_HOST", "")
        name = host.rsplit(":", 1)[0] if not host.endswith("]") else host
        if host and not is_loopback(name):
            raise HttpError(
                403, "this server answers only requests to localhost", hint="use http://127.0.0.1"
            )

    def _check_token(self, req: Request, write: bool) -> None:
        config = self.config
        if write:
            if not config.allow_import:
                raise HttpError(403, "imports are off", hint="start tm serve with --allow-import")
            if not self._bearer_ok(req):
                raise HttpError(
                    401,
                    "imports need the server's token",
                    hint="send it as 'Authorization: Bearer TOKEN'",
                    headers=(("WWW-Authenticate", 'Bearer realm="tm"'),),
                )
            return
        if config.reads_need_token and not (self._bearer_ok(req) or self._basic_ok(req)):
            raise HttpError(
                401,
                "this server needs its token",
                hint="send 'Authorization: Bearer TOKEN', or the token as the password of HTTP basic auth",
                headers=(("WWW-Authenticate", 'Basic realm="tm", charset="UTF-8"'),),
            )

    def _bearer_ok(self, req: Request) -> bool:
        value = req.header("Authorization") or ""
        scheme, _, credential = value.partition(" ")
        return scheme.lower() == "bearer" and self._token_is(credential.strip())

    def _basic_ok(self, req: Request) -> bool:
        value = req.header("Authorization") or ""
        scheme, _, credential = value.partition(" ")
        if scheme.lower() != "basic":
            return False
        try:
            decoded = base64.b64decode(credential.strip(), validate=True).decode("utf-8")
        except (ValueError, UnicodeDecodeError):
            return False
        return self._token_is(decoded.partition(":")[2])

    def _token_is(self, given: str) -> bool:
        token = self.config.token
        return bool(token) and hmac.compare_digest(given.encode("utf-8"), token.encode("utf-8"))

    def _preflight(self, req: Request, allowed: list[str]) -> Response:
        origin = req.header("Origin")
        if origin is None or origin not in self.config.cors:
            raise HttpError(
                405, "OPTIONS: no cross-origin access here", hint="start tm serve with --cors ORIGIN"
            )
        response = Response(204, b"", "text/plain")
        response.headers += [
            ("Access-Control-Allow-Methods", "GET, POST"),
            ("Access-Control-Allow-Headers", "Authorization, Content-Type"),
            ("Access-Control-Max-Age", "600"),
        ]
        return response

    def _cors(self, environ: dict, response: Response) -> None:
        origin = environ.get("HTTP_ORIGIN")
        if origin is not None and origin in self.config.cors:
            response.headers += [("Access-Control-Allow-Origin", origin), ("Vary", "Origin")]

    def _failure(self, err: Exception) -> Response:
        if isinstance(err, Busy):
            status = 503
            extra: tuple = (("Retry-After", "5"),)
        elif isinstance(err, FormatError):
            status, extra = 422, ()
        elif isinstance(err, (LanguageError, UsageError)):
            status, extra = 400, ()
        elif isinstance(err, TmError):
            status, extra = 422, ()
        else:
            self._log("".join(traceback.format_exception(err)).rstrip())
            return json_response({"error": "internal error", "hint": "the server's log has the details"}, 500)
        return error_response(HttpError(status, err.message, err.hint, extra))

    def _log_request(self, environ: dict, path: str, status: int, started: float) -> None:
        ms = (time.perf_counter() - started) * 1000
        stamp = time.strftime("%Y-%m-%dT%H:%M:%S", time.localtime())
        client = environ.get("REMOTE_ADDR", "-")
        self._log(f"{stamp} {client} {environ.get('REQUEST_METHOD', '-')} {path} {status} {ms:.1f}ms")


def _first_segment(path: str) -> str:
    """What the log shows of a path no route took: its first segment only."""
    first = path.split("/")[1] if path.startswith("/") else ""
    return "/" + first[:24] + ("/…" if path.count("/") > 1 else "")


def _stderr(line: str) -> None:
    sys.stderr.write(line + "\n")
    sys.stderr.flush()

"""Requests, responses and errors of tm's HTTP server, on plain WSGI (PEP 3333).

Paths are routed on the raw request target (waitress' ``REQUEST_URI``, gunicorn's ``RAW_URI``): a
tmserver query holds URL-escaped text in which ``%2F`` is a slash of the text, not a path separator, and
``PATH_INFO`` has already decoded it.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qsl, unquote, urlsplit

MAX_PARAMETERS = 50


class HttpError(Exception):
    """An answer other than 2xx, given to the client as ``{"error": ..., "hint": ...}``."""

    def __init__(
        self, status: int, message: str, hint: str | None = None, headers: tuple[tuple[str, str], ...] = ()
    ) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.hint = hint
        self.headers = headers


@dataclass
class Response:
    status: int
    body: bytes
    content_type: str = "application/json; charset=utf-8"
    headers: list[tuple[str, str]] = field(default_factory=list)


REASONS = {
    200: "OK",
    204: "No Content",
    400: "Bad Request",
    401: "Unauthorized",
    403: "Forbidden",
    404: "Not Found",
    405: "Method Not Allowed",
    411: "Length Required",
    413: "Content Too Large",
    415: "Unsupported Media Type",
    422: "Unprocessable Content",
    500: "Internal Server Error",
    503: "Service Unavailable",
}


def json_response(data: Any, status: int = 200) -> Response:
    return Response(status, json.dumps(data, ensure_ascii=False).encode("utf-8"))


def error_response(err: HttpError) -> Response:
    data = {"error": err.message}
    if err.hint:
        data["hint"] = err.hint
    response = json_response(data, err.status)
    response.headers.extend(err.headers)
    return response


class Request:
    """What a handler sees of one request: method, the raw path, decoded query parameters, headers,
    and the body read on demand within a size limit."""

    def __init__(self, environ: dict, max_body: int) -> None:
        self.environ = environ
        self.method = environ.get("REQUEST_METHOD", "GET").upper()
        self.path = raw_path(environ)
        self.max_body = max_body
        try:
            pairs = parse_qsl(
                environ.get("QUERY_STRING", ""),
                keep_blank_values=True,
                encoding="utf-8",
                errors="strict",
                max_num_fields=MAX_PARAMETERS,
            )
        except UnicodeDecodeError:
            raise HttpError(400, "the query string is not UTF-8") from None
        except ValueError:
            raise HttpError(400, f"more than {MAX_PARAMETERS} query parameters") from None
        self.query: dict[str, str] = {}  # the first value of each parameter
        self._lists: dict[str, list[str]] = {}
        for key, value in pairs:
            self.query.setdefault(key, value)
            self._lists.setdefault(key, []).append(value)

    def all(self, key: str) -> list[str]:
        """Every value of a repeated query parameter (``penalty=a&penalty=b``), in order."""
        return list(self._lists.get(key, ()))

    def header(self, name: str) -> str | None:
        key = name.upper().replace("-", "_")
        if key in ("CONTENT_TYPE", "CONTENT_LENGTH"):
            return self.environ.get(key) or None
        return self.environ.get("HTTP_" + key)

    def body(self, limit: int | None = None) -> bytes:
        """The request body; 413 when it is longer than ``limit`` (default: the server's limit)."""
        limit = self.max_body if limit is None else min(limit, self.max_body)
        declared = self.header("Content-Length")
        too_large = HttpError(
            413,
            f"the request body is larger than {limit:,} bytes",
            hint="send a smaller file, or start tm serve with a larger --max-body",
        )
        if declared is not None:
            try:
                length = int(declared)
            except ValueError:
                raise HttpError(400, "Content-Length is not a number") from None
            if length > limit:
                raise too_large
            return self.environ["wsgi.input"].read(length) if length > 0 else b""
        data = self.environ["wsgi.input"].read(limit + 1)
        if len(data) > limit:
            raise too_large
        return data

    def json(self, limit: int) -> Any:
        data = self.body(limit)
        try:
            return json.loads(data.decode("utf-8"))
        except (UnicodeDecodeError, ValueError):
            raise HttpError(400, "the request body is not JSON (UTF-8)") from None


def raw_path(environ: dict) -> str:
    """The request path as the client sent it (still URL-escaped), without the query string."""
    raw = environ.get("RAW_URI") or environ.get("REQUEST_URI")
    if raw is None:
        # A server that keeps no raw target: rebuild it (an escaped slash in the text is then lost).
        from urllib.parse import quote

        raw = quote(environ.get("PATH_INFO", "").encode("latin-1"), safe="/")
    if raw.startswith(("http://", "https://")):  # absolute-form request target
        raw = urlsplit(raw).path or "/"
    return raw.split("?", 1)[0] or "/"


def decode_segment(raw: str, what: str) -> str:
    """A URL-escaped piece of the path as text (UTF-8); 400 when it is not UTF-8."""
    try:
        # The raw target arrives as latin-1 (PEP 3333): escape sequences and any raw bytes alike are UTF-8.
        return unquote(raw.encode("latin-1").decode("utf-8", "strict"), encoding="utf-8", errors="strict")
    except (UnicodeDecodeError, UnicodeEncodeError):
        raise HttpError(400, f"the {what} in the path is not URL-escaped UTF-8") from None

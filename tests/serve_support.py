"""Helpers for the server tests: a real ``tm serve`` in a subprocess, plain HTTP calls, and a tmserver client
written the way Weblate's machinery is (weblate/machinery/base.py and tmserver.py: languages/ first,
codes lower-cased with ``_`` and shortened on the way, URL parts quoted with ``quote(part, b"")``, the
text cut at 500 characters with ``\\r`` replaced, a 5 s timeout, results below the threshold dropped)."""

from __future__ import annotations

import base64
import contextlib
import json
import os
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from itertools import chain
from pathlib import Path
from urllib.parse import quote

ROOT = Path(__file__).resolve().parent.parent


@dataclass
class Running:
    """A running server: its URL, its process, and what it wrote to stderr so far."""

    url: str
    process: subprocess.Popen
    stderr_lines: list[str] = field(default_factory=list)

    @property
    def stderr(self) -> str:
        return "".join(self.stderr_lines)


@contextlib.contextmanager
def serving(db: Path | str | None, *args: str, env: dict[str, str] | None = None) -> Iterator[Running]:
    """``tm --db DB serve --port 0 --json ARGS`` in a subprocess (``env``: more environment variables);
    stopped (SIGTERM) at the end."""
    cmd = [sys.executable, "-m", "tm.cli.main"]
    if db is not None:
        cmd += ["--db", str(db)]
    cmd += ["serve", "--port", "0", "--json", *args]
    env = {**os.environ, "PYTHONUNBUFFERED": "1", "PYTHONIOENCODING": "utf-8", **(env or {})}
    proc = subprocess.Popen(
        cmd, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env, text=True, encoding="utf-8"
    )
    running = Running("", proc)

    def drain() -> None:
        for line in proc.stderr:
            running.stderr_lines.append(line)

    reader = threading.Thread(target=drain, daemon=True)
    reader.start()
    line = proc.stdout.readline()
    if not line:
        proc.wait(timeout=10)
        reader.join(timeout=5)
        raise RuntimeError(f"tm serve did not start (exit {proc.returncode}):\n{running.stderr}")
    running.url = json.loads(line)["url"].rstrip("/")
    try:
        yield running
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        reader.join(timeout=5)


@dataclass
class Answer:
    status: int
    headers: dict[str, str]
    body: bytes

    def json(self):
        return json.loads(self.body.decode("utf-8"))


def call(
    url: str,
    method: str = "GET",
    body: bytes | None = None,
    headers: dict[str, str] | None = None,
    timeout: float = 30,
) -> Answer:
    """One HTTP request; an error status is returned, not raised."""
    request = urllib.request.Request(url, data=body, method=method, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return Answer(
                response.status, {k.lower(): v for k, v in response.headers.items()}, response.read()
            )
    except urllib.error.HTTPError as err:
        return Answer(err.code, {k.lower(): v for k, v in err.headers.items()}, err.read())


def post_json(url: str, data) -> Answer:
    return call(url, "POST", json.dumps(data).encode(), {"Content-Type": "application/json"})


def report_tm(folder: Path, corpora: Path, *extra: Path) -> Path:
    """A TM made with the CLI from the bundled report (zh-CN, en, ru) and ``extra`` files."""
    from helpers import run

    path = folder / "tm.db"
    result = run(path, "import", str(corpora / "wcm-2025" / "report.tmx"), *map(str, extra))
    assert result.exit_code == 0, result.stderr
    return path


def readme_serving_lines() -> list[str]:
    """The README's serving block (the fenced block holding ``tm serve`` and ``pip install``), comments
    and blank lines dropped."""
    import re

    text = (ROOT / "README.md").read_text("utf-8")
    blocks = re.findall(r"^```(\w*)\n(.*?)^```", text, flags=re.S | re.M)
    body = next(b for _, b in blocks[1:] if "tm serve" in b and "pip install" in b)
    return [line.split("#")[0].strip() for line in body.splitlines() if line.strip()]


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def basic(token: str, user: str = "weblate") -> dict[str, str]:
    return {"Authorization": "Basic " + base64.b64encode(f"{user}:{token}".encode()).decode()}


class Unsupported(Exception):
    """Weblate's UnsupportedLanguageError: no listed pair fits."""


class WeblateTmServer:
    """A tmserver client as Weblate's machinery talks to a TM server (see the module docstring)."""

    name = "tmserver"
    request_timeout = 5
    threshold = 80  # MACHINERY_DEFAULT_THRESHOLD

    def __init__(self, url: str) -> None:
        self.settings = {"url": url}
        self.requests: list[str] = []
        self._supported: set[tuple[str, str]] | None = None

    @property
    def api_base_url(self) -> str:
        base = self.settings["url"]
        return base.rstrip("/") if base.endswith("/") else base

    def get_api_url(self, *parts: str | bytes) -> str:
        return "/".join(chain([self.api_base_url], (quote(part, b"") for part in parts)))

    def map_language_code(self, code: str) -> str:
        return code.removesuffix("_devel").replace("-", "_").lower()

    def request(self, url: str) -> Answer:
        self.requests.append(url)
        answer = call(
            url, headers={"Accept": "application/json; charset=utf-8"}, timeout=self.request_timeout
        )
        if answer.status >= 400:
            raise urllib.error.HTTPError(
                url, answer.status, answer.body.decode("utf-8", "replace"), None, None
            )
        return answer

    def download_languages(self) -> list[tuple[str, str]]:
        try:
            data = self.request(self.get_api_url("languages", "")).json()
        except urllib.error.HTTPError as err:
            if err.code == 404:
                return []
            raise
        return [(src, tgt) for src in data["sourceLanguages"] for tgt in data["targetLanguages"]]

    @property
    def supported_languages(self) -> set[tuple[str, str]]:
        if self._supported is None:
            self._supported = set(self.download_languages())
        return self._supported

    def is_supported(self, source: str, target: str) -> bool:
        if not self.supported_languages:
            return True
        return (source, target) in self.supported_languages

    def get_language_possibilities(self, code: str) -> Iterator[str]:
        yield self.map_language_code(code)
        code = code.replace("-", "_")
        while "_" in code:
            code = code.rsplit("_", 1)[0]
            yield self.map_language_code(code)

    def get_languages(self, source: str, target: str) -> tuple[str, str]:
        """Weblate language codes (``zh_Hans``, ``pt_BR``) to the pair the server lists."""
        if source == target:
            raise Unsupported("Same languages")
        for src in self.get_language_possibilities(source):
            for tgt in self.get_language_possibilities(target):
                if self.is_supported(src, tgt):
                    return src, tgt
        raise Unsupported("Not supported")

    def download_translations(
        self, source: str, target: str, text: str, threshold: int | None = None
    ) -> list[dict]:
        threshold = self.threshold if threshold is None else threshold
        url = self.get_api_url(source, target, "unit", text[:500].replace("\r", " ").encode())
        out = []
        for line in self.request(url).json():
            quality = int(line["quality"])
            if quality < threshold:
                continue
            out.append(
                {"text": line["target"], "quality": quality, "service": self.name, "source": line["source"]}
            )
        return out

    def translate(self, source: str, target: str, text: str, threshold: int | None = None) -> list[dict]:
        """What a Weblate user sees for a unit of ``source`` text translated into ``target``."""
        src, tgt = self.get_languages(source, target)
        return self.download_translations(src, tgt, text, threshold)

    def validate_settings(self) -> None:
        """What Weblate does when the service's settings are saved."""
        self.download_languages()
        self.download_translations("en", "de", "test", self.threshold)


def wait_until(predicate, timeout: float = 10.0, step: float = 0.05) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(step)
    return predicate()

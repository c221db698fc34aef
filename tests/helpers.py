"""Small helpers for the tests: running the CLI, reading TMX with plain lxml (independent of tm's reader)."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner
from lxml import etree

from tm.cli.main import cli

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
CODE_TAGS = {"bpt", "ept", "ph", "it", "ut"}


def run(db: Path | str, *args: str, input: str | None = None):
    """Run ``tm --db DB ARGS...`` in-process; returns click's Result (stdout, stderr, exit_code)."""
    return CliRunner().invoke(cli, ["--db", str(db), *args], input=input, catch_exceptions=False)


def run_json(db: Path | str, *args: str):
    result = run(db, *args, "--json")
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


def plain_seg_text(seg: etree._Element) -> str:
    """Text of a <seg> without inline codes (bpt/ept/ph/it/ut and their content), hi unwrapped."""
    parts = [seg.text or ""]
    for child in seg:
        tag = child.tag.rsplit("}", 1)[-1] if isinstance(child.tag, str) else ""
        if tag and tag not in CODE_TAGS:
            parts.append(plain_seg_text(child))
        parts.append(child.tail or "")
    return "".join(parts)


def tmx_variants(path: Path | str) -> list[tuple[str, str]]:
    """(language lower-cased with '-', plain text) of every non-empty variant, read with plain lxml."""
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
    tree = etree.parse(str(path), parser)
    out = []
    for tuv in tree.iter("tuv"):
        lang = (tuv.get(XML_LANG) or tuv.get("lang") or "").replace("_", "-").lower()
        seg = tuv.find("seg")
        text = plain_seg_text(seg) if seg is not None else ""
        if text.strip():
            out.append((lang, text))
    return out


def _chromium_args(browser: str, tmp_path: Path) -> list[str]:
    return [
        browser,
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--no-first-run",
        f"--user-data-dir={tmp_path / 'profile'}",
    ]


def chromium_dom(browser: str, page: Path, tmp_path: Path) -> str:
    """The DOM of ``page`` as headless Chromium built it."""
    import subprocess

    args = [*_chromium_args(browser, tmp_path), "--dump-dom", page.as_uri()]
    return subprocess.run(args, capture_output=True, text=True, timeout=120, check=True).stdout


def chromium_screenshot(browser: str, page: Path, tmp_path: Path, size: str = "1200,900") -> bytes:
    """A PNG of ``page`` rendered by headless Chromium."""
    import subprocess

    shot = tmp_path / "shot.png"
    args = [
        *_chromium_args(browser, tmp_path),
        f"--screenshot={shot}",
        f"--window-size={size}",
        page.as_uri(),
    ]
    subprocess.run(args, capture_output=True, timeout=120, check=True)
    return shot.read_bytes()


_PAIRS_TMX = (
    '<?xml version="1.0" encoding="UTF-8"?>\n<tmx version="1.4"><header srclang="{src}" datatype="plaintext" '
    'segtype="sentence" adminlang="en" o-tmf="t" creationtool="t" creationtoolversion="1"/><body>{tus}</body></tmx>'
)


def pairs_tmx(path: Path, src: str, tgt: str, pairs: list[tuple[str, str]]) -> Path:
    """A TMX of (source, target) pairs, each a unit of two variants (the segments' markup as given)."""
    tus = "".join(
        f'<tu><tuv xml:lang="{src}"><seg>{s}</seg></tuv><tuv xml:lang="{tgt}"><seg>{t}</seg></tuv></tu>'
        for s, t in pairs
    )
    path.write_text(_PAIRS_TMX.format(src=src, tus=tus), encoding="utf-8")
    return path


def record_workers(monkeypatch) -> list:
    """The index's worker processes (``tm.store.workers.WorkerBuild``) started from now on, in order."""
    from tm.store import workers

    started: list = []
    real = workers.WorkerBuild.__init__

    def init(self, *args) -> None:
        started.append(self)
        real(self, *args)

    monkeypatch.setattr(workers.WorkerBuild, "__init__", init)
    return started

"""Layers point downwards and third-party imports stay in their modules (ARCHITECTURE.md)."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

TM = Path(__file__).resolve().parent.parent / "tm"

# module prefix (relative to tm/) allowed to import each third-party package at module level or anywhere
HOMES = {
    "click": ("cli/",),
    "sqlite3": ("store/",),
    "sacrebleu": ("scoring/",),
    "polib": ("formats/",),
    "lxml": ("formats/",),
    "waitress": ("serve/server.py",),
}


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module.split(".")[0] if not node.module.startswith("tm.") else node.module)
    return names


def test_third_party_imports_stay_home():
    offenders = []
    for path in TM.rglob("*.py"):
        rel = path.relative_to(TM).as_posix()
        for package, homes in HOMES.items():
            if package in _imports(path) and not rel.startswith(homes):
                offenders.append(f"{rel} imports {package}")
    assert not offenders, offenders


def test_library_never_imports_the_cli():
    offenders = [
        path.relative_to(TM).as_posix()
        for path in TM.rglob("*.py")
        if not path.relative_to(TM).as_posix().startswith("cli/")
        and any(name.startswith("tm.cli") for name in _imports(path))
    ]
    assert not offenders, offenders


def test_import_tm_pulls_in_neither_click_nor_sacrebleu():
    code = (
        "import sys, tm, tm.importer, tm.exporter, tm.store.sqlite, tm.formats.tmx_read, tm.formats.po; "
        "print(sorted(m for m in ('click', 'sacrebleu') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"

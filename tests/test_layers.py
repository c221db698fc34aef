"""Layers point downwards, without cycles; SQL stays in the store and third-party packages in their modules
(docs/architecture.md). Every import counts: at module level, inside functions, under TYPE_CHECKING, and
module names written as strings for importlib."""

from __future__ import annotations

import ast
import re
import subprocess
import sys
from functools import cache
from pathlib import Path

TM = Path(__file__).resolve().parent.parent / "tm"

# Top first. A module may import modules of its own layer and of the layers below it, never above.
# The parts of tm (the first name of a module's path under tm/; tm/__init__.py is "__init__") per layer;
# packages listed before they exist are the places kept for them.
LAYERS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("interfaces", ("cli", "serve")),
    ("public API", ("__init__",)),
    ("rendering", ("render",)),
    ("services", ("leverage", "scoring", "qa", "align", "terms")),
    ("TM files", ("tmfiles",)),
    ("matching", ("match",)),
    ("store and formats", ("store", "formats")),
    ("text and languages", ("text", "lang", "bands")),
    ("model and errors", ("model", "errors", "version", "signals")),
)

# third-party package -> the module paths (relative to tm/) that may import it
HOMES = {
    "click": ("cli/",),
    "sqlite3": ("store/sqlite",),
    "psycopg": ("store/postgres",),
    "sacrebleu": ("scoring/",),
    "polib": ("formats/",),
    "lxml": ("formats/",),
    "waitress": ("serve/server.py",),
    "pymorphy3": ("terms/morph.py",),  # Russian lemmas for term matching and extraction
    "tomllib": ("qa/config.py",),  # tm-qa.toml
    "tomli": ("qa/config.py",),  # tomllib on Python 3.10
}

# SQL as the pre-stop hook greps for it, and the other statements a backend writes
SQL = re.compile(
    r"\.execute(many|script)?\(|\bSELECT\b|\bINSERT INTO\b|\bDELETE FROM\b|\bCREATE (TABLE|INDEX)\b"
    r"|\bUPDATE \w+ SET\b|\bPRAGMA\b"
)


def _module(path: Path) -> str:
    parts = path.relative_to(TM.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


@cache
def _modules() -> dict[str, Path]:
    return {_module(p): p for p in TM.rglob("*.py")}


def _part(module: str) -> str:
    """The part of tm a module belongs to: ``tm.store.sqlite.index`` -> ``store``, ``tm`` -> ``__init__``."""
    names = module.split(".")
    return names[1] if len(names) > 1 else "__init__"


def _layer(part: str) -> int | None:
    return next((i for i, (_, parts) in enumerate(LAYERS) if part in parts), None)


def _type_checking(tree: ast.Module) -> set[int]:
    """Ids of the import nodes under ``if TYPE_CHECKING:``."""
    out = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            out.update(id(n) for n in ast.walk(node) if isinstance(n, (ast.Import, ast.ImportFrom)))
    return out


@cache
def _imports(module: str) -> tuple[tuple[str, int, bool, bool], ...]:
    """(imported name, line, at module level, under TYPE_CHECKING) for every import of a module: tm modules
    resolved to the module imported (``from tm.store import codec`` is ``tm.store.codec``), others to their
    top-level package; string constants naming a tm module count as imports of it (importlib)."""
    path = _modules()[module]
    tree = ast.parse(path.read_text(encoding="utf-8"))
    top = {id(n) for n in tree.body}
    typing_only = _type_checking(tree)
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    out = []
    for node in ast.walk(tree):
        names: list[str] = []
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join(anchor + ([base] if base else []))
            names = [
                f"{base}.{alias.name}" if f"{base}.{alias.name}" in _modules() else base
                for alias in node.names
            ]
        elif isinstance(node, ast.Constant) and isinstance(node.value, str) and node.value.startswith("tm."):
            names = [node.value] if node.value in _modules() else []
        for name in names:
            if not name.startswith("tm.") and name != "tm":
                name = name.split(".")[0]
            out.append((name, node.lineno, id(node) in top, id(node) in typing_only))
    return tuple(out)


def _where(module: str, line: int) -> str:
    return f"{_modules()[module].relative_to(TM.parent)}:{line}"


def test_every_part_of_tm_has_a_layer() -> None:
    missing = sorted({_part(m) for m in _modules() if _layer(_part(m)) is None})
    assert not missing, f"add these to LAYERS in tests/test_layers.py (and docs/architecture.md): {missing}"


def test_layers_point_down() -> None:
    offenders = []
    for module in _modules():
        here = _layer(_part(module))
        for name, line, _, _ in _imports(module):
            if name in _modules() and here is not None:
                there = _layer(_part(name))
                if there is not None and there < here:
                    offenders.append(
                        f"{_where(module, line)}: imports {name}, but {LAYERS[here][0]} ({_part(module)}) "
                        f"may not import {LAYERS[there][0]} ({_part(name)}): a layer above"
                    )
    assert not offenders, "\n".join(offenders)


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components with more than one node, or a node importing itself (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for nxt in sorted(graph.get(node, ())):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1 or node in graph.get(node, ()):
                found.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def _a_cycle(graph: dict[str, set[str]], component: list[str]) -> str:
    """One cycle through a strongly connected component, as ``a -> b -> a``."""
    members, start = set(component), component[0]
    path, seen = [start], {start}
    while True:
        nxt = next(n for n in sorted(graph[path[-1]]) if n in members)
        if nxt in seen:
            return " -> ".join([*path[path.index(nxt) :], nxt])
        path.append(nxt)
        seen.add(nxt)


def test_no_import_cycles() -> None:
    """Neither between modules (function-level imports included) nor between the parts of tm."""
    modules = {m: {n for n, *_ in _imports(m) if n in _modules() and n != m} for m in _modules()}
    parts: dict[str, set[str]] = {}
    for module, targets in modules.items():
        parts.setdefault(_part(module), set()).update(_part(t) for t in targets if _part(t) != _part(module))
    found = [_a_cycle(modules, c) for c in _cycles(modules)] + [_a_cycle(parts, c) for c in _cycles(parts)]
    assert not found, "import cycles:\n" + "\n".join(found)


def test_sql_only_in_the_store() -> None:
    offenders = [
        f"{_where(module, n)}: {line.strip()}"
        for module, path in _modules().items()
        if _part(module) != "store"
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        if SQL.search(line)
    ]
    assert not offenders, "SQL outside tm/store/ (reword comments too):\n" + "\n".join(offenders)


def test_third_party_packages_stay_home() -> None:
    offenders = []
    for module, path in _modules().items():
        rel = path.relative_to(TM).as_posix()
        for name, line, _, _ in _imports(module):
            homes = HOMES.get(name)
            if homes is not None and not rel.startswith(homes):
                offenders.append(f"{_where(module, line)}: imports {name} (only in {', '.join(homes)})")
    assert not offenders, "\n".join(offenders)


def test_backends_are_reached_through_the_store_protocol() -> None:
    """Only tm.store itself opens a backend: everything else takes a Store."""
    offenders = [
        f"{_where(module, line)}: imports {name}"
        for module in _modules()
        if _part(module) != "store"
        for name, line, _, _ in _imports(module)
        if name.startswith(("tm.store.sqlite", "tm.store.postgres"))
    ]
    assert not offenders, "\n".join(offenders)


def test_function_level_imports_say_why() -> None:
    """An import inside a function is there for start-up time: a comment on its line (or the one above)
    says so."""
    offenders = []
    for module, path in _modules().items():
        lines = path.read_text(encoding="utf-8").splitlines()
        tree = ast.parse("\n".join(lines))
        top, typing_only = {id(n) for n in tree.body}, _type_checking(tree)
        for node in ast.walk(tree):
            if isinstance(node, (ast.Import, ast.ImportFrom)) and id(node) not in top | typing_only:
                said = "#" in lines[node.end_lineno - 1] or "#" in lines[node.lineno - 2]
                if not said:
                    offenders.append(f"{_where(module, node.lineno)}: {lines[node.lineno - 1].strip()}")
    assert not offenders, "function-level imports without a reason:\n" + "\n".join(offenders)


def test_no_hidden_imports() -> None:
    offenders = [
        _where(module, node.lineno)
        for module, path in _modules().items()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "__import__"
    ]
    assert not offenders, f"__import__ hides a dependency from this test: {offenders}"


def test_import_tm_pulls_in_neither_click_nor_sacrebleu():
    code = (
        "import sys, tm, tm.tmfiles, tm.store.sqlite, tm.match, tm.leverage, tm.formats.tmx_read, tm.formats.po; "
        "print(sorted(m for m in ('click', 'sacrebleu') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"

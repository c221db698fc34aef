"""QA and scoring read translated files through the one reader of each format in tm/formats (review: QA
imported tm.scoring.inputs, a service reaching into another for a PO reader and plain-text lines)."""

from __future__ import annotations

from test_layers import _imports, _modules, _where


def test_qa_does_not_import_scoring() -> None:
    offenders = [
        f"{_where(module, line)}: {name}"
        for module in _modules()
        if module.startswith("tm.qa")
        for name, line, _, _ in _imports(module)
        if name.startswith("tm.scoring")
    ]
    assert not offenders, "tm.qa reaches into tm.scoring (share the reader in tm/formats):\n" + "\n".join(
        offenders
    )

"""tm's own code checks what it reads with errors, not ``assert`` (review: asserts in the DOCX reader and
writer vanish under ``python -O``, and a failed one is an AssertionError without a message)."""

from __future__ import annotations

import ast

from test_layers import _modules, _where


def test_no_assert_statements_in_tm() -> None:
    offenders = [
        _where(module, node.lineno)
        for module, path in _modules().items()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
        if isinstance(node, ast.Assert)
    ]
    assert not offenders, "assert in tm/ (raise an error that says what is wrong):\n" + "\n".join(offenders)

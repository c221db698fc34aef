"""Every table, JSON line, CSV and diff tm prints: commands pass their results here (data in, text out).

This module holds the shapes every renderer uses (JSON of dataclasses, aligned tables with CJK widths,
CSV); its submodules render each kind of result: :mod:`tm.render.lookup` (matches, concordance hits),
:mod:`tm.render.analysis` (match-band analysis and pre-translation), :mod:`tm.render.tmfiles` (import
summaries, TM statistics), :mod:`tm.render.score` (score reports, diffs) and
:mod:`tm.render.score_html` (the score report as one HTML page). Colour is the caller's: functions that
can highlight take a ``style`` callable (``click.style`` on a terminal, ``plain`` elsewhere).
"""

from __future__ import annotations

import csv
import dataclasses
import io
import json
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from typing import Any

Style = Callable[..., str]  # how text is highlighted: click.style on a terminal, or plain


def to_jsonable(value: Any) -> Any:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: to_jsonable(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, dict):
        return {str(k): to_jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [to_jsonable(v) for v in value]
    return value


# C0 and C1 controls and DEL: what a terminal reads as the start of a control sequence (ESC [, CSI...)
_CONTROLS = {c: f"\\x{c:02x}" for c in (*range(0x20), 0x7F, *range(0x80, 0xA0))}
_CONTROLS.update({0x2028: "\\u2028", 0x2029: "\\u2029"})
_JSON_CONTROLS = {c: f"\\u{c:04x}" for c in (0x7F, *range(0x80, 0xA0), 0x2028, 0x2029)}


def dumps(value: Any) -> str:
    """One line of JSON (non-ASCII kept as is; DEL, C1 controls and line separators escaped, which
    json leaves raw, so that printed JSON never drives a terminal)."""
    return json.dumps(to_jsonable(value), ensure_ascii=False).translate(_JSON_CONTROLS)


def printable(text: str) -> str:
    """``text`` with every control character written as an escape (``\\x1b``): text from a TM or a file
    shown on a terminal can neither move the cursor, nor change colours, nor break a line."""
    return text.translate(_CONTROLS)


def counted(n: int, noun: str, plural: str | None = None) -> str:
    """``n`` and the noun in the number it takes: ``1 unit``, ``2 units`` (``plural`` where not noun+s)."""
    return f"{n} {noun if n == 1 else plural or noun + 's'}"


def csv_text(rows: Iterable[Sequence[Any]]) -> str:
    """Rows as CSV (``\n`` line ends, no final one)."""
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows(rows)
    return buffer.getvalue().rstrip("\n")


def plain(text: str, **_style: Any) -> str:
    """The ``style`` of text that shows no colour: the text itself."""
    return text


def number(value: float | None, decimals: int) -> str:
    """A score with ``decimals`` decimals; empty when there is none."""
    return "" if value is None else f"{value:.{decimals}f}"


def width(text: str) -> int:
    """Display width in a terminal: CJK characters take two columns."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def pad(text: str, cols: int, right: bool = False) -> str:
    gap = " " * max(0, cols - width(text))
    return gap + text if right else text + gap


def table(headers: Sequence[str], rows: Sequence[Sequence[Any]], numeric: Sequence[int] = ()) -> str:
    """A plain aligned table; columns listed in ``numeric`` are right-aligned."""
    cells = [[str(c) for c in headers]] + [[("" if c is None else str(c)) for c in row] for row in rows]
    cols = [max(width(row[i]) for row in cells) for i in range(len(headers))]
    lines = []
    for n, row in enumerate(cells):
        line = "  ".join(pad(c, cols[i], right=i in numeric) for i, c in enumerate(row)).rstrip()
        lines.append(line)
        if n == 0:
            lines.append("  ".join("-" * w for w in cols))
    return "\n".join(lines)

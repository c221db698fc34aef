"""QA reports for people and programs: one line per finding with the offending spans shown (highlighted
when the caller gives a ``style``, such as ``click.style``), a summary by check, JSON, the list of checks,
and a self-contained HTML page (no scripts, fonts or images from the network)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from html import escape

from tm.qa.checks import BY_ID
from tm.qa.model import ERROR, INFO, WARNING, CheckInfo, Finding, QaReport, Spans
from tm.render import Style, dumps, table

PLAIN_MARK = ("⟨", "⟩")  # around a span when there is no colour
_SEVERITY_COLOUR = {ERROR: "red", WARNING: "yellow"}


def mark(text: str, spans: Spans, wrap: Callable[[str], str], quote: Callable[[str], str] = str) -> str:
    """``text`` with each span (overlapping spans merged) passed through ``wrap``, every piece through
    ``quote`` first."""
    merged: list[list[int]] = []
    for a, b in sorted(spans):
        a, b = max(0, a), min(len(text), b)
        if merged and a <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], b)
        elif b > a:
            merged.append([a, b])
    out, pos = [], 0
    for a, b in merged:
        out += [quote(text[pos:a]), wrap(quote(text[a:b]))]
        pos = b
    out.append(quote(text[pos:]))
    return "".join(out)


def _visible(text: str) -> str:
    """Whitespace a reader cannot see shown: no-break spaces as ⍽, a tab as →, line ends as ↵."""
    return text.replace("\u00a0", "⍽").replace("\t", "→").replace("\n", "↵")


def finding_lines(f: Finding, style: Style | None = None) -> list[str]:
    """``file:segment: severity check: message``, then the source and target with the spans marked
    (``⟨…⟩`` without a style; bold red with one)."""
    if style is None:
        severity = f.severity

        def wrap(piece: str) -> str:
            return f"{PLAIN_MARK[0]}{piece}{PLAIN_MARK[1]}"
    else:
        severity = style(f.severity, fg=_SEVERITY_COLOUR.get(f.severity), bold=True)

        def wrap(piece: str) -> str:
            return style(piece, fg="red", bold=True)

    lines = [f"{f.file}:{f.segment}: {severity} {f.check}: {f.message}"]
    if f.source_spans:
        lines.append("    source: " + mark(_visible(f.source), f.source_spans, wrap))
    if f.target_spans or not f.source_spans:
        lines.append("    target: " + mark(_visible(f.target), f.target_spans, wrap))
    return lines


def summary_text(report: QaReport) -> str:
    """Findings per check (with the severity in force), and the totals."""
    rows = []
    for check, counts in report.summary().items():
        rows.append([check, report.severities.get(check, ""), sum(counts.values())])
    counts = {s: sum(1 for f in report.findings if f.severity == s) for s in (ERROR, WARNING, INFO)}
    tail = (
        f"{report.segments} segments checked: {counts[ERROR]} errors, {counts[WARNING]} warnings, "
        f"{counts[INFO]} info"
        + (f"; {report.accepted} accepted earlier, not shown" if report.accepted else "")
    )
    body = table(["check", "severity", "findings"], rows, numeric=[2]) if rows else "No findings."
    return f"{body}\n{tail}"


def report_text(report: QaReport, style: Style | None = None) -> str:
    """Every finding, then the summary."""
    lines = [line for f in report.findings for line in finding_lines(f, style)]
    return "\n".join([*lines, summary_text(report)])


def report_json(report: QaReport) -> str:
    """The run as one JSON object: files, languages, segments, the severities in force, the summary, and
    every finding with its spans (character offsets in the source and target)."""
    return dumps(
        {
            "files": report.files,
            "src": report.src,
            "tgt": report.tgt,
            "segments": report.segments,
            "checks": report.severities,
            "summary": report.summary(),
            "accepted": report.accepted,
            "notes": report.notes,
            "findings": report.findings,
        }
    )


def checks_text(checks: Sequence[CheckInfo]) -> str:
    return table(["check", "severity", "what it finds"], [[c.id, c.severity, c.summary] for c in checks])


def checks_json(checks: Sequence[CheckInfo]) -> str:
    return dumps(list(checks))


_CSS = """
body{font:14px/1.45 system-ui,sans-serif;margin:2em;color:#222}
h1{font-size:1.4em} h2{font-size:1.15em;margin-top:1.6em}
table{border-collapse:collapse;margin:.5em 0} th,td{border:1px solid #ccc;padding:.25em .5em;vertical-align:top}
th{background:#f3f3f3;text-align:left} td.n{text-align:right}
mark{background:#ffd27a;padding:0 1px} .error{color:#b00020;font-weight:600} .warning{color:#8a5a00}
.info{color:#555} code{font-size:.85em;color:#555}
"""


def _html_mark(piece: str) -> str:
    return f"<mark>{piece}</mark>"


def report_html(report: QaReport) -> str:
    """The report as one HTML page: the summary by check, then every finding with its spans marked."""
    title = f"tm qa: {', '.join(report.files)}"
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        f"<title>{escape(title)}</title><style>{_CSS}</style></head><body>",
        f"<h1>{escape(title)}</h1>",
        f"<p>{report.segments} segments, {escape(report.src)} → {escape(report.tgt)}: {report.errors} errors, "
        f"{len(report.findings) - report.errors} other findings"
        + (f", {report.accepted} accepted earlier (not shown)" if report.accepted else "")
        + ".</p>",
    ]
    parts += [f"<p><strong>Note:</strong> {escape(n)}</p>" for n in report.notes]
    parts.append(
        '<h2>By check</h2><table id="summary"><tr><th>check</th><th>severity</th><th>findings</th>'
        "<th>what it finds</th></tr>"
    )
    for check, counts in report.summary().items():
        severity = report.severities.get(check, "")
        parts.append(
            f'<tr><td><code>{escape(check)}</code></td><td class="{severity}">{severity}</td>'
            f'<td class="n">{sum(counts.values())}</td><td>{escape(BY_ID[check].summary)}</td></tr>'
        )
    parts.append("</table>")
    parts.append(
        '<h2>Findings</h2><table id="findings"><tr><th>where</th><th>check</th><th>message</th>'
        "<th>source</th><th>target</th></tr>"
    )
    for f in report.findings:
        parts.append(
            f"<tr><td>{escape(f.file)}:{escape(f.segment)}</td>"
            f'<td class="{f.severity}">{escape(f.severity)} <code>{escape(f.check)}</code></td>'
            f"<td>{escape(f.message)}</td>"
            f"<td>{mark(f.source, f.source_spans, _html_mark, escape)}</td>"
            f"<td>{mark(f.target, f.target_spans, _html_mark, escape)}</td></tr>"
        )
    parts.append("</table></body></html>")
    return "\n".join(parts)

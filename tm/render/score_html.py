"""A self-contained HTML page of a score report: no scripts, fonts or images from the network."""

from __future__ import annotations

from html import escape

from tm.render import number as _num
from tm.render.score import diff, shown_columns
from tm.scoring.evaluate import ScoreReport

_CSS = """
body{font:14px/1.45 system-ui,sans-serif;margin:2em;color:#222}
h1{font-size:1.4em} h2{font-size:1.15em;margin-top:1.6em}
table{border-collapse:collapse;margin:.5em 0} th,td{border:1px solid #ccc;padding:.25em .5em;vertical-align:top}
th{background:#f3f3f3;text-align:left} td.n{text-align:right;font-variant-numeric:tabular-nums}
code{font-size:.85em;color:#555;word-break:break-all}
ins{background:#d4f7d4;text-decoration:none} del{background:#fbd4d4}
.legend ins,.legend del{padding:0 .3em}
"""


def _runs(runs: list[tuple[str, str]], show: str) -> str:
    out = []
    for op, text in runs:
        if op == "same":
            out.append(escape(text))
        elif op == show:
            out.append(f"<{op}>{escape(text)}</{op}>")
    return "".join(out)


def report_html(report: ScoreReport, width: int = 1) -> str:
    """The report as one HTML page: corpus scores, match bands, and segments with their differences."""
    title = f"tm score: {report.hypothesis}"
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        f"<title>{escape(title)}</title><style>{_CSS}</style></head><body>",
        f"<h1>{escape(title)}</h1>",
        f"<p>Against {escape(', '.join(report.references))}: {report.segments_scored} segments in "
        f"{escape(report.lang)}, paired by {escape(report.paired_by)}. Drafts already equal to a reference: "
        f"{report.unchanged}.</p>",
    ]
    parts += [f"<p><strong>Note:</strong> {escape(n)}</p>" for n in report.notes]
    parts.append(
        '<h2>Corpus scores</h2><table id="corpus"><tr><th>metric</th><th>score</th><th>signature</th></tr>'
    )
    for m in report.corpus:
        ci = (
            f" (μ = {m.ci_mean:.{width}f} ± {m.ci:.{width}f})"
            if m.ci is not None and m.ci_mean is not None
            else ""
        )
        parts.append(
            f'<tr><td>{escape(m.name)}</td><td class="n">{_num(m.score, width)}{ci}</td>'
            f"<td><code>{escape(m.signature)}</code></td></tr>"
        )
    parts.append("</table>")
    names = [m.name for m in report.corpus]
    if report.bands:
        parts.append(
            '<h2>By match band</h2><table id="bands"><tr><th>band</th><th>segments</th><th>unchanged</th>'
        )
        parts += [f"<th>{escape(n)}</th>" for n in names]
        parts.append("</tr>")
        for b in report.bands:
            cells = "".join(f'<td class="n">{_num(m.score, width)}</td>' for m in b.scores)
            parts.append(
                f'<tr><td>{escape(b.band)}</td><td class="n">{b.segments}</td><td class="n">{b.unchanged}</td>'
                f"{cells}</tr>"
            )
        parts.append("</table>")
    if report.segments is not None:
        metrics = [m.metric for m in report.corpus]
        has_band, has_source = shown_columns(report)
        optional = ("<th>band</th>" if has_band else "") + ("<th>source</th>" if has_source else "")
        parts.append(
            f"<h2>Segments, worst {escape(names[0])} first</h2>"
            '<p class="legend"><ins>only in the draft</ins> <del>only in the reference</del></p>'
            f'<table id="segments"><tr><th>id</th>{optional}<th>hypothesis</th><th>reference</th>'
        )
        parts += [f"<th>{escape(n)}</th>" for n in names]
        parts.append("</tr>")
        for s in report.segments:
            runs = diff(s.hypothesis, s.references[0] if s.references else "", report.lang)
            cells = "".join(f'<td class="n">{_num(s.scores[m], width)}</td>' for m in metrics)
            band = f"<td>{escape(s.band or '')}</td>" if has_band else ""
            source = f"<td>{escape(s.source or '')}</td>" if has_source else ""
            parts.append(
                f'<tr><td class="n">{escape(s.id)}</td>{band}{source}'
                f"<td>{_runs(runs, 'ins')}</td><td>{_runs(runs, 'del')}</td>{cells}</tr>"
            )
        parts.append("</table>")
        for name, sig in report.sentence_signatures.items():
            parts.append(f"<p>Sentence {escape(name)}: <code>{escape(sig)}</code></p>")
    parts.append("</body></html>")
    return "\n".join(parts)

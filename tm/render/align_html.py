"""A self-contained HTML page of alignments: source and target side by side, beads below the minimum
confidence highlighted, one-sided beads marked. No scripts, fonts or images from the network."""

from __future__ import annotations

from collections.abc import Sequence
from html import escape
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # types only: the page is made from the results, the aligner is not loaded for it
    from tm.align.documents import DocumentAlignment

_CSS = """
body{font:14px/1.5 system-ui,sans-serif;margin:2em;color:#222}
h1{font-size:1.4em} h2{font-size:1.1em;margin-top:1.8em}
table{border-collapse:collapse;width:100%;table-layout:fixed}
th,td{border:1px solid #ccc;padding:.3em .5em;vertical-align:top}
th{background:#f3f3f3;text-align:left} th.n,td.n{width:5.5em;text-align:right;font-variant-numeric:tabular-nums}
th.k,td.k{width:3.5em;text-align:center}
tr.low td{background:#fff3cd} tr.low td.n{color:#a15c00;font-weight:bold}
tr.lone td{background:#f1f1f1;color:#777}
.legend span{padding:0 .4em;margin-right:1em}
"""


def alignment_html(results: Sequence[DocumentAlignment], min_confidence: float) -> str:
    """One page with a table per document pair."""
    beads = sum(len(r.alignment.beads) for r in results)
    low = sum(1 for r in results for b in r.alignment.beads if b.both and b.confidence < min_confidence)
    lone = sum(1 for r in results for b in r.alignment.beads if not b.both)
    title = "tm align" + (
        f": {Path(results[0].src_path).name}" if len(results) == 1 else f": {len(results)} pairs"
    )
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        f"<title>{escape(title)}</title><style>{_CSS}</style></head><body>",
        f"<h1>{escape(title)}</h1>",
        f'<p id="summary">{beads} beads, {low} below the minimum confidence of {min_confidence:.2f}, '
        f"{lone} on one side only (a sentence left untranslated or added).</p>",
        '<p class="legend"><span style="background:#fff3cd">to check: confidence below the minimum</span>'
        '<span style="background:#f1f1f1">one side only (left out of the TM)</span></p>',
    ]
    for k, r in enumerate(results):
        a = r.alignment
        parts.append(
            f"<h2>{escape(Path(r.src_path).name)} ({escape(a.src)}) — {escape(Path(r.tgt_path).name)} "
            f"({escape(a.tgt)})</h2>"
        )
        parts.append(f'<table id="pair-{k + 1}"><tr><th class="n">confidence</th><th class="k">bead</th>')
        parts.append(
            f'<th lang="{escape(a.src)}">{escape(a.src)}</th><th lang="{escape(a.tgt)}">{escape(a.tgt)}</th></tr>'
        )
        for bead in a.beads:
            source, target = a.texts(bead)
            css = "lone" if not bead.both else ("low" if bead.confidence < min_confidence else "ok")
            parts.append(
                f'<tr class="{css}"><td class="n">{bead.confidence:.2f}</td><td class="k">{bead.kind}</td>'
                f'<td lang="{escape(a.src)}">{escape(source)}</td><td lang="{escape(a.tgt)}">{escape(target)}</td></tr>'
            )
        parts.append("</table>")
        parts.append(f"<p><code>{escape(a.signature)}</code></p>")
    parts.append("</body></html>")
    return "\n".join(parts) + "\n"

"""Score reports for people: terminal text (aligned tables) and a diff of a draft against its reference."""

from __future__ import annotations

import difflib
import re

from tm.render import number as _num
from tm.render import table
from tm.render.align import short
from tm.scoring.compare import Comparison
from tm.scoring.evaluate import ScoreReport

_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff]")
_TOKEN = re.compile(r"\s+|\w+|[^\w\s]")
COLUMN = 48


def _cut(text: str | None, cols: int = COLUMN) -> str:
    return "" if text is None else short(text, cols)


def report_text(report: ScoreReport, width: int = 1) -> str:
    """The whole report as terminal text: corpus lines, bands, then segments worst first."""
    refs = ", ".join(report.references)
    out = [
        f"{report.hypothesis} against {refs}: {report.segments_scored} segments in {report.lang}, "
        f"paired by {report.paired_by}",
        *(m.line for m in report.corpus),
        f"Unchanged: {report.unchanged} of {report.segments_scored} drafts already equal a reference",
    ]
    names = [m.name for m in report.corpus]
    if report.bands:
        rows = [
            [b.band, b.segments, b.unchanged, *(_num(m.score, width) for m in b.scores)] for b in report.bands
        ]
        out += ["", "By match band (what the TM's suggestions were worth):"]
        out.append(table(["band", "segments", "unchanged", *names], rows, numeric=range(1, 3 + len(names))))
    if report.segments is not None:
        metrics = [m.metric for m in report.corpus]
        first = report.corpus[0].name
        bleu_note = "; BLEU with effective order" if "bleu" in metrics else ""
        out += ["", f"Segments, worst {first} first (sentence scores{bleu_note}):"]
        has_band, has_source = shown_columns(report)
        rows = [
            [
                s.id,
                *([s.band or ""] if has_band else []),
                *([_cut(s.source, 30)] if has_source else []),
                _cut(s.hypothesis),
                _cut(s.references[0] if s.references else ""),
                *(_num(s.scores[m], width) for m in metrics),
            ]
            for s in report.segments
        ]
        head = [
            "id",
            *(["band"] if has_band else []),
            *(["source"] if has_source else []),
            "hypothesis",
            "reference",
        ]
        out.append(table([*head, *names], rows, numeric=[0, *range(len(head), len(head) + len(names))]))
        for name, sig in report.sentence_signatures.items():
            out.append(f"sentence {name}: {sig}")
    return "\n".join(out)


def shown_columns(report: ScoreReport) -> tuple[bool, bool]:
    """Whether the segment table needs its band and source columns (not for plain text)."""
    segs = report.segments or ()
    return any(s.band for s in segs), any(s.source for s in segs)


def comparison_text(comp: Comparison, width: int = 1) -> str:
    """The paired test as a table: each draft's scores, their 95% interval and p-value against the baseline."""
    test = "paired bootstrap resampling" if comp.test == "bs" else "paired approximate randomization"
    names = [s.metric for s in comp.systems[0].scores]
    rows = []
    for system in comp.systems:
        row = [("baseline: " if system.baseline else "") + system.path]
        for s in system.scores:
            cell = _num(s.score, width)
            if s.mean is not None and s.ci is not None:
                cell += f" (μ = {s.mean:.{width}f} ± {s.ci:.{width}f})"
            if s.p_value is not None:
                cell += f" p = {s.p_value:.4f}" + (" *" if s.significant else "")
            row.append(cell)
        rows.append(row)
    out = [
        f"{test} ({comp.samples} samples) on {comp.segments} segments against {', '.join(comp.references)}",
        table(["draft", *names], rows),
        "* the difference from the baseline is significant (p < 0.05); no star: it may be chance",
    ]
    out += [f"{name}|{sig}" for name, sig in comp.signatures.items()]
    return "\n".join(out)


def tokens(text: str, lang: str) -> list[str]:
    """Diff units: characters for Chinese, Japanese and Korean text, else words, spaces and punctuation."""
    if lang.split("-")[0].lower() in ("zh", "ja", "ko") or _CJK.search(text):
        return list(text)
    return _TOKEN.findall(text)


def diff(hypothesis: str, reference: str, lang: str) -> list[tuple[str, str]]:
    """``(op, text)`` runs: ``same``, ``ins`` (only in the hypothesis) and ``del`` (only in the reference)."""
    a, b = tokens(hypothesis, lang), tokens(reference, lang)
    runs: list[tuple[str, str]] = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if op == "equal":
            runs.append(("same", "".join(a[i1:i2])))
            continue
        if i2 > i1:
            runs.append(("ins", "".join(a[i1:i2])))
        if j2 > j1:
            runs.append(("del", "".join(b[j1:j2])))
    return runs

"""The match-band analysis and the pre-translation report: a table per file, JSON and CSV."""

from __future__ import annotations

from typing import TYPE_CHECKING

from tm.bands import BAND_TITLES, BANDS
from tm.render import csv_text, dumps, table

if TYPE_CHECKING:  # types only: the CLI loads this module without loading the analysis itself
    from tm.leverage.analysis import BandCount, FileAnalysis
    from tm.leverage.run import Analysis, Pretranslation


def _counts(c: BandCount) -> dict:
    return {
        "segments": c.segments,
        "words": c.words,
        "characters": c.characters,
        "weighted": round(c.weighted, 2),
    }


def file_json(f: FileAnalysis) -> dict:
    return {
        "path": f.path,
        "bands": {band: _counts(c) for band, c in f.bands.items()},
        "total": _counts(f.total),
    }


def analysis_json(analysis: Analysis) -> dict:
    return {
        "signature": analysis.signature,
        "weights": analysis.weights,
        "bands": list(BANDS),
        "files": [file_json(f) for f in analysis.files[:-1]],
        "total": file_json(analysis.total),
    }


def analysis_csv(analysis: Analysis) -> str:
    rows = [["file", "band", "segments", "words", "characters", "weighted"]]
    for f in analysis.files:
        for band in BANDS:
            c = f.bands[band]
            rows.append([f.path, band, str(c.segments), str(c.words), str(c.characters), f"{c.weighted:.2f}"])
    return csv_text(rows)


def analysis_text(analysis: Analysis) -> str:
    """A table per file (the total alone when there is one file), then the signature."""
    blocks = []
    files = analysis.files if len(analysis.files) > 2 else analysis.files[:1]
    for f in files:
        rows = []
        for band, count in f.bands.items():
            weight = analysis.weights[band]
            rows.append(
                (
                    BAND_TITLES[band],
                    count.segments,
                    count.words,
                    count.characters,
                    f"{weight:g}%",
                    f"{count.weighted:.1f}",
                )
            )
        total = f.total
        rows.append(("Total", total.segments, total.words, total.characters, "", f"{total.weighted:.1f}"))
        title = "All files" if f.path == "total" else f.path
        blocks.append(
            title
            + "\n"
            + table(
                ("Band", "Segments", "Words", "Characters", "Weight", "Weighted"),
                rows,
                numeric=(1, 2, 3, 4, 5),
            )
        )
    blocks.append(f"Signature: {analysis.signature}")
    return "\n\n".join(blocks)


def render_analysis(analysis: Analysis, as_json: bool = False, as_csv: bool = False) -> str:
    if as_json:
        return dumps(analysis_json(analysis))
    if as_csv:
        return analysis_csv(analysis)
    return analysis_text(analysis)


def pretranslation_json(result: Pretranslation) -> str:
    """The analysis with what was written: output path, kind, segments filled and kept; with a termbase,
    ``terms``: each segment with term hits, and its hits (:func:`tm.render.terms.hits_json`)."""
    data = analysis_json(result.analysis)
    data["output"] = {
        "path": result.output,
        "kind": result.kind,
        "filled": result.filled,
        "kept": result.kept,
    }
    if result.terms is not None:
        from tm.render.terms import hits_json  # lazy: tm.terms loads only when there is a termbase

        data["terms"] = [{"segment": ident, "terms": hits_json(hits)} for ident, hits in result.terms.items()]
    return dumps(data)


def pretranslation_summary(result: Pretranslation, min_score: int) -> str:
    """The line said on stderr after a pre-translation."""
    kept = f", {result.kept} confirmed translations kept" if result.kept else ""
    terms = f", term hits in {len(result.terms)}" if result.terms else ""
    segments = len(result.analysis.segments)
    return (
        f"Wrote {result.output}: {result.filled} of {segments} segments filled (score >= {min_score})"
        f"{kept}{terms}"
    )

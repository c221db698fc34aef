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


def _fill_json(f) -> dict:
    return {
        "segment": f.segment,
        "score": f.score,
        "band": f.band,
        "origin": f.origin,
        "unit": f.unit,
        "status": f.status,
        "adapted": f.adapted,
    }


def pretranslation_json(result: Pretranslation) -> str:
    """The analysis with what was written: output path, kind, the fill mode and its minimum score, the
    TM's language codes the draft declares, segments filled and kept, and every fuzzy fill (segment,
    score, band, origin, unit, whether numbers were changed); with a termbase, ``terms``: each segment
    with term hits, and its hits (:func:`tm.render.terms.hits_json`)."""
    data = analysis_json(result.analysis)
    data["output"] = {
        "path": result.output,
        "kind": result.kind,
        "fill": result.fill,
        "min_score": result.min_score,
        "languages": list(result.languages),
        "filled": result.filled,
        "kept": result.kept,
        "unplaced": result.unplaced,
    }
    data["fuzzy_fills"] = [_fill_json(f) for f in result.fuzzy_fills]
    if result.terms is not None:
        from tm.render.terms import hits_json  # lazy: tm.terms loads only when there is a termbase

        data["terms"] = [{"segment": ident, "terms": hits_json(hits)} for ident, hits in result.terms.items()]
    return dumps(data)


def fuzzy_fills_text(result: Pretranslation) -> str:
    """The fuzzy fills to review, one row each: segment, score, band, origin, and what to look at (numbers
    changed in the TM's target, an unconfirmed unit)."""
    rows = []
    for f in result.fuzzy_fills:
        notes = [
            x
            for x, on in (("numbers changed", f.adapted), ("unconfirmed unit", f.status != "confirmed"))
            if on
        ]
        rows.append((f.segment, f.score, f.band, f.origin or "", ", ".join(notes)))
    heading = f"Fuzzy fills to review ({len(rows)})"
    return heading + "\n" + table(("Segment", "Score", "Band", "Origin", "Check"), rows, numeric=(1,))


def pretranslation_text(result: Pretranslation, as_csv: bool = False) -> str:
    """The analysis, with the fuzzy fills listed before the signature (CSV: the analysis alone)."""
    if as_csv:
        return analysis_csv(result.analysis)
    text = analysis_text(result.analysis)
    if not result.fuzzy_fills:
        return text
    body, _, signature = text.rpartition("\n\nSignature: ")
    return f"{body}\n\n{fuzzy_fills_text(result)}\n\nSignature: {signature}"


def pretranslation_summary(result: Pretranslation) -> str:
    """The line said on stderr after a pre-translation."""
    kept = f", {result.kept} confirmed translations kept" if result.kept else ""
    segments = len(result.analysis.segments)
    which = "exact matches only" if result.fill == "exact" else f"score >= {result.min_score}"
    fuzzy = f", {len(result.fuzzy_fills)} fuzzy" if result.fuzzy_fills else ""
    terms = f", term hits in {len(result.terms)}" if result.terms else ""
    unplaced = (
        f", {result.unplaced} not filled (an inline element had no certain place in the match)"
        if result.unplaced
        else ""
    )
    return (
        f"Wrote {result.output}: {result.filled} of {segments} segments filled ({which}{fuzzy}){kept}{terms}"
        f"{unplaced}"
    )

"""The match-band analysis and the pre-translation report: a table per file, JSON and CSV."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from tm.bands import BAND_TITLES, BANDS
from tm.render import counted, csv_text, dumps, table

if TYPE_CHECKING:  # types only: the CLI loads this module without loading the analysis itself
    from tm.formats.documents.codefill import Anchor, Decision
    from tm.leverage.analysis import BandCount, FileAnalysis
    from tm.leverage.run import Analysis, FillReport, Pretranslation


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


def _anchor_json(a: Anchor) -> dict:
    return {"kind": a.kind, "source": a.source_text, "target": a.target_text}


def codes_json(decisions: Sequence[Decision]) -> list[dict]:
    """Where each inline code of a segment was put (:class:`tm.formats.documents.codefill.Decision`): the
    codes (placeholder numbers, an opening and its closing code together), how (``tm``: the TM's own
    code; ``whole``; ``same-text``; ``anchors``; ``start``/``end`` for a single code; ``end-for-review``
    and ``unplaced`` when it had no certain place), the text it encloses in the segment and in the
    target, and the anchors that placed it."""
    out = []
    for d in decisions:
        item: dict = {"codes": list(d.codes), "placed": d.how}
        if len(d.codes) == 2:
            item["source"] = d.source
            item["target"] = d.target
        if d.anchors:
            item["anchors"] = [_anchor_json(a) for a in d.anchors]
        out.append(item)
    return out


def _fill_json(f: FillReport) -> dict:
    return {
        "segment": f.segment,
        "score": f.score,
        "band": f.band,
        "origin": f.origin,
        "unit": f.unit,
        "status": f.status,
        "adapted": f.adapted,
        "not_carried": list(f.not_carried),
        "codes": codes_json(f.codes),
    }


def pretranslation_json(result: Pretranslation) -> str:
    """The analysis with what was written: output path, kind, the fill mode and its minimum score, the
    TM's language codes the draft declares, segments filled, confirmed translations kept (``kept``),
    unconfirmed ones kept (``drafts_kept``) and replaced (``overwritten``), and every fuzzy fill (segment,
    score, band, origin, unit, whether numbers were changed, the numbers not carried into the TM's target
    with the reasons, where its inline codes were put); ``fills``:
    every fill so (exact ones too); ``unplaced_segments``: the segments left unfilled because an inline
    element had no certain place, with the decision on each code; with a termbase, ``terms``: each
    segment with term hits, and its hits (:func:`tm.render.terms.hits_json`)."""
    data = analysis_json(result.analysis)
    data["output"] = {
        "path": result.output,
        "kind": result.kind,
        "fill": result.fill,
        "min_score": result.min_score,
        "languages": list(result.languages),
        "filled": result.filled,
        "kept": result.kept,
        "drafts_kept": result.drafts_kept,
        "overwritten": result.overwritten,
        "unplaced": result.unplaced,
    }
    data["fuzzy_fills"] = [_fill_json(f) for f in result.fuzzy_fills]
    data["fills"] = [{**_fill_json(f), "fuzzy": f.fuzzy} for f in result.fills]
    data["unplaced_segments"] = [_fill_json(f) for f in result.unplaced_segments]
    if result.terms is not None:
        from tm.render.terms import hits_json  # lazy: tm.terms loads only when there is a termbase

        data["terms"] = [{"segment": ident, "terms": hits_json(hits)} for ident, hits in result.terms.items()]
    return dumps(data)


def not_carried(f: FillReport) -> str:
    """The numbers a fill did not carry, as the Check column names them: ``5月 -> 6月; 350``."""
    return "; ".join(dict.fromkeys(reason.partition(": ")[0] for reason in f.not_carried))


def fuzzy_fills_text(result: Pretranslation) -> str:
    """The fuzzy fills to review, one row each: segment, score, band, origin, and what to look at (numbers
    changed in the TM's target, numbers NOT carried into it (the fill keeps the TM's own), an unconfirmed
    unit, inline codes placed by anchors or left at the end of the target to be moved)."""
    rows = []
    for f in result.fuzzy_fills:
        how = {d.how for d in f.codes}
        notes = [
            x
            for x, on in (
                ("numbers changed", f.adapted),
                (f"numbers NOT carried: {not_carried(f)}", bool(f.not_carried)),
                ("unconfirmed unit", f.status != "confirmed"),
                ("codes placed by anchors", "anchors" in how),
                ("codes to move", "end-for-review" in how),
            )
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
    kept = f", {counted(result.kept, 'confirmed translation')} kept" if result.kept else ""
    if result.drafts_kept:
        kept += (
            f", {counted(result.drafts_kept, 'unconfirmed translation')} kept (--overwrite-unconfirmed "
            f"replaces {'it' if result.drafts_kept == 1 else 'them'})"
        )
    if result.overwritten:
        kept += f", {counted(result.overwritten, 'unconfirmed translation')} replaced (the old text kept in the draft)"
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

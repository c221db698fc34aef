"""``tm analyze`` and ``tm pretranslate``: match bands with word counts, and a draft with every match in."""

from __future__ import annotations

import csv
import io

import click

from tm.cli.common import json_option, open_tm, tm_option
from tm.cli.terms import termbase_option
from tm.render import dumps, table

BAND_TITLES = {
    "context": "Context match (101%)",
    "repetition": "Repetitions",
    "100": "100%",
    "95-99": "95-99%",
    "85-94": "85-94%",
    "75-84": "75-84%",
    "50-74": "50-74%",
    "no-match": "No match",
}

weights_option = click.option(
    "--weights",
    metavar="TABLE",
    help="Weights in percent, e.g. 'no-match=100,50-74=70,repetition=20' (default: memoQ's example table).",
)
csv_option = click.option(
    "--csv", "as_csv", is_flag=True, help="Print CSV (file, band, segments, words, ...)."
)


def render_analysis(analysis, as_json: bool, as_csv: bool) -> str:
    if as_json:
        return dumps(analysis.to_json())
    if as_csv:
        buffer = io.StringIO()
        csv.writer(buffer, lineterminator="\n").writerows(analysis.csv_rows())
        return buffer.getvalue().rstrip("\n")
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


@click.command("analyze")
@click.argument("documents", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False))
@click.option("--src", required=True, help="Source language of the documents (e.g. zh-CN).")
@click.option("--tgt", required=True, help="Target language (e.g. en).")
@weights_option
@tm_option
@json_option
@csv_option
@click.pass_context
def analyze_cmd(ctx, documents, src, tgt, weights, tm_paths, as_json, as_csv):
    """How much of DOCUMENTS the TM already translates: segments, words and characters per match band.

    Bands: context match (101%), repetitions, 100%, 95-99, 85-94, 75-84, 50-74, no match.
    Repetitions count across all DOCUMENTS as Trados does. Chinese words are counted per
    character. Documents: .txt, .md, .html, .po, .xlf/.xliff.

    \b
    Examples:
      tm analyze release.zh.txt --src zh --tgt en
      tm analyze a.html b.html --src en --tgt zh-CN --json
      tm analyze draft.po --src zh --tgt en --tm memory.tmx --csv
    """
    from tm.leverage import analyze

    if as_json and as_csv:
        raise click.UsageError("choose one of --json and --csv")
    store = open_tm(ctx, tm_paths)
    try:
        analysis = analyze(store, documents, src, tgt, weights=weights)
    finally:
        store.close()
    click.echo(render_analysis(analysis, as_json, as_csv))


@click.command("pretranslate")
@click.argument("document", type=click.Path(exists=True, dir_okay=False))
@click.option("--src", required=True, help="Source language of the document.")
@click.option("--tgt", required=True, help="Target language.")
@click.option(
    "-o",
    "--output",
    required=True,
    type=click.Path(dir_okay=False),
    help="The draft: .xlf, .po, .tmx or the document's own type.",
)
@click.option(
    "--min-score",
    type=click.IntRange(1, 101),
    default=75,
    show_default=True,
    help="Fill matches from this score up.",
)
@weights_option
@tm_option
@termbase_option
@json_option
@csv_option
@click.pass_context
def pretranslate_cmd(
    ctx, document, src, tgt, output, min_score, weights, tm_paths, termbase, as_json, as_csv
):
    """Fill DOCUMENT with the TM's best matches and print the analysis.

    PO and XLIFF are written back as PO and XLIFF (confirmed translations kept). Other documents
    are written as the output's extension says: XLIFF 1.2 (state, score, alt-trans), PO (#, fuzzy
    below 100%), TMX, or the translated document itself (unmatched segments kept, marked ⟦...⟧).

    \b
    Examples:
      tm pretranslate release.zh.txt --src zh --tgt en -o release.en.xlf
      tm pretranslate release.zh.txt --src zh --tgt en -o draft.po --tm memory.tmx
      tm pretranslate page.html --src en --tgt zh-CN -o page.zh.html --min-score 85
    """
    from tm.leverage import pretranslate
    from tm.terms import hits_json, hits_text, store_hits

    if as_json and as_csv:
        raise click.UsageError("choose one of --json and --csv")
    store = open_tm(ctx, tm_paths)
    try:
        result = pretranslate(store, document, src, tgt, output, min_score=min_score, weights=weights)
        terms = store_hits(store, src, tgt, termbase)
        hits = {s.id: terms(s.source) for s in result.analysis.segments} if terms is not None else {}
    finally:
        store.close()
    if (
        any(hits.values())
        and result.kind in ("xliff", "doc")
        and str(output).lower().endswith((".xlf", ".xliff"))
    ):
        from tm.formats.xliff_terms import add_term_notes

        add_term_notes(output, {ident: hits_text(h) for ident, h in hits.items() if h})
    if as_json:
        data = result.analysis.to_json()
        data["output"] = {
            "path": result.output,
            "kind": result.kind,
            "filled": result.filled,
            "kept": result.kept,
        }
        if terms is not None:
            data["terms"] = [{"segment": ident, "terms": hits_json(h)} for ident, h in hits.items() if h]
        click.echo(dumps(data))
        return
    click.echo(render_analysis(result.analysis, False, as_csv))
    click.echo(
        f"Wrote {result.output}: {result.filled} of {len(result.analysis.segments)} segments filled"
        f" (score >= {min_score})"
        + (f", {result.kept} confirmed translations kept" if result.kept else "")
        + (f", term hits in {sum(1 for h in hits.values() if h)}" if any(hits.values()) else ""),
        err=True,
    )

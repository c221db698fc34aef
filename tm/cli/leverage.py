"""``tm analyze`` and ``tm pretranslate``: match bands with word counts, and a draft with every match in."""

from __future__ import annotations

import dataclasses

import click

from tm.bands import SCORE_BANDS
from tm.cli.common import (
    INPUT_FILE,
    db_option,
    filter_options,
    json_option,
    max_length_option,
    note_fallbacks,
    open_tm,
    penalty_option,
    termbase_opt,
    tm_option,
    unit_filter,
    warn,
)
from tm.render.analysis import (
    pretranslation_json,
    pretranslation_summary,
    pretranslation_text,
    render_analysis,
)

LOWEST_BAND = SCORE_BANDS[-1][1]  # matches below it are No match: there is nothing to fill
weights_option = click.option(
    "--weights",
    metavar="TABLE",
    help="Weights in percent, e.g. 'no-match=100,50-74=70,repetition=20' (default: memoQ's example table).",
)
csv_option = click.option(
    "--csv", "as_csv", is_flag=True, help="Print CSV (file, band, segments, words, ...)."
)


@click.command("analyze")
@click.argument("documents", nargs=-1, required=True, type=INPUT_FILE)
@click.option("--src", required=True, help="Source language of the documents (e.g. zh-CN).")
@click.option("--tgt", required=True, help="Target language (e.g. en).")
@weights_option
@penalty_option
@filter_options
@max_length_option
@tm_option
@json_option
@csv_option
@db_option
@click.pass_context
def analyze_cmd(
    ctx,
    documents,
    src,
    tgt,
    weights,
    penalties,
    origins,
    since,
    statuses,
    max_length,
    tm_paths,
    as_json,
    as_csv,
):
    """How much of DOCUMENTS the TM already translates: segments, words and characters per match band.

    Bands: context match (101%: exact after the same previous segment), repetitions, 100%,
    95-99, 85-94, 75-84, 50-74, no match. Repetitions count across all DOCUMENTS as Trados does.
    A match from an unconfirmed unit counts as fuzzy. Chinese words are counted per character.
    Documents: .txt, .md, .html, .docx, .po, .xlf/.xliff.

    \b
    Examples:
      tm analyze release.zh.txt --src zh --tgt en
      tm analyze a.html b.html --src en --tgt zh-CN --json
      tm analyze draft.po --src zh --tgt en --tm memory.tmx --csv
    """
    from tm.leverage import analyze  # lazy: `tm --help` and the other commands start without it

    if as_json and as_csv:
        raise click.UsageError("choose one of --json and --csv")
    where = unit_filter(origins, since, statuses)
    store = open_tm(ctx, tm_paths)
    try:
        note_fallbacks(store, src, tgt)
        analysis = analyze(
            store,
            documents,
            src,
            tgt,
            weights=weights,
            penalties=penalties,
            where=where,
            on_issue=warn,
            max_length=max_length,
        )
    finally:
        store.close()
    click.echo(render_analysis(analysis, as_json, as_csv))


@click.command("pretranslate")
@click.argument("document", type=INPUT_FILE)
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
    "--fill",
    type=click.Choice(["exact", "fuzzy"]),
    help="exact: 100% and context matches only; fuzzy: from --min-score up. Default: fuzzy for XLIFF, "
    "PO and TMX drafts (each fill carries its score and state), exact for documents written as "
    "themselves (txt, md, html, docx: nothing there can mark a fuzzy fill).",
)
@click.option(
    "--min-score",
    type=click.IntRange(LOWEST_BAND, 101),
    help=f"With --fill fuzzy: fill matches from this score up (default: 75; not below {LOWEST_BAND}, the "
    "lowest band).",
)
@click.option(
    "--overwrite-unconfirmed",
    is_flag=True,
    help="Also fill segments that hold an unconfirmed translation (PO #, fuzzy; XLIFF needs-review, new, "
    "initial). The old text stays in the draft: an XLIFF 1.2 alt-trans (previous-version), an XLIFF 2 "
    "note, a PO '# tm-previous:' line. Default: only empty targets are filled.",
)
@weights_option
@penalty_option
@filter_options
@max_length_option
@tm_option
@termbase_opt("whose term hits go into the draft (XLIFF, PO, TMX) and --json")
@json_option
@csv_option
@db_option
@click.pass_context
def pretranslate_cmd(
    ctx,
    document,
    src,
    tgt,
    output,
    fill,
    min_score,
    overwrite_unconfirmed,
    weights,
    penalties,
    origins,
    since,
    statuses,
    max_length,
    tm_paths,
    termbase,
    as_json,
    as_csv,
):
    """Fill DOCUMENT with the TM's best matches and print the analysis and the fuzzy fills.

    PO and XLIFF are written back as PO and XLIFF; only empty targets are filled (translations there,
    confirmed or not, are kept; see --overwrite-unconfirmed). Other documents
    are written as the output's extension says: XLIFF 1.2 (state, score, the TM's own source and
    target as alt-trans, a note where numbers were changed), PO (#, fuzzy below 100% or from an
    unconfirmed unit; the TM's source as #| msgid), TMX, or the translated document itself
    (unmatched segments kept, marked ⟦...⟧). Drafts name the TM unit of each fill, so that
    importing the reviewed draft updates those units (docs/review-loop.md).
    With a termbase (--termbase, or one imported with tm terms import), the term hits of each segment
    go into the draft as a note (XLIFF), a translator comment (PO) or a note (TMX), and into --json.

    \b
    Examples:
      tm pretranslate release.zh.txt --src zh --tgt en -o release.en.xlf
      tm pretranslate release.zh.txt --src zh --tgt en -o draft.po --tm memory.tmx
      tm pretranslate page.html --src en --tgt zh-CN -o page.zh.html
      tm pretranslate page.html --src en --tgt zh-CN -o page.zh.xlf --min-score 85
      tm pretranslate release.zh.docx --src zh --tgt en -o release.en.docx
      tm pretranslate release.zh.txt --src zh --tgt en -o draft.po --penalty 'origin:old-*.tmx=10'
    """
    from tm.formats.documents import document_holds_targets  # lazy: as tm.leverage
    from tm.leverage import pretranslate  # lazy: `tm --help` and the other commands start without it
    from tm.terms import load_termbase  # lazy: `tm --help` and the other commands start without it

    if as_json and as_csv:
        raise click.UsageError("choose one of --json and --csv")
    if fill == "exact" and min_score is not None:  # before opening anything
        raise click.UsageError("--min-score goes with --fill fuzzy (--fill exact fills 100% and 101% only)")
    where = unit_filter(origins, since, statuses)
    store = open_tm(ctx, tm_paths)
    try:
        note_fallbacks(store, src, tgt)
        terms = load_termbase(store, termbase, warn)
        result = pretranslate(
            store,
            document,
            src,
            tgt,
            output,
            fill=fill,
            min_score=min_score,
            weights=weights,
            penalties=penalties,
            where=where,
            termbase=terms,
            on_issue=warn,
            max_length=max_length,
            overwrite_unconfirmed=overwrite_unconfirmed,
        )
    finally:
        store.close()
    if as_json:
        click.echo(pretranslation_json(result))
        return
    click.echo(pretranslation_text(result, as_csv))
    # a target document (txt, md, html, docx) has no place for term hits (a PO or XLIFF document has):
    # the summary counts them only where they were written
    held = result.kind != "doc" or document_holds_targets(document)
    click.echo(pretranslation_summary(result if held else dataclasses.replace(result, terms=None)), err=True)

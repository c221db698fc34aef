"""``tm align``: two documents (or two folders of them) in two languages turned into translation units."""

from __future__ import annotations

from pathlib import Path

import click

from tm.cli.common import (
    INPUT_FILE,
    InputPath,
    db_option,
    json_option,
    open_tm,
    progress_bar,
    settings,
    termbase_opt,
    tm_option,
    warn,
)
from tm.errors import UsageError
from tm.lang import normalize_code
from tm.render import dumps
from tm.render.align import (
    alignment_json,
    alignment_summary,
    alignment_text,
    review_import_json,
    review_import_summary,
)
from tm.store import default_db_path


def _store(ctx, tm_paths, writing: bool):
    """The TM to learn from (and import into): ``--tm`` files, else the database (none if it does not
    exist and nothing is to be written into it)."""
    db = settings(ctx).db
    if not tm_paths and not writing and not Path(db or default_db_path()).exists():
        return None
    return open_tm(ctx, tm_paths, readonly=not writing)


@click.command("align")
@click.argument("source", type=InputPath(folders=True), required=False)
@click.argument("target", type=InputPath(folders=True), required=False)
@click.option("--src", required=True, help="Language of SOURCE (e.g. zh-CN).")
@click.option("--tgt", required=True, help="Language of TARGET (e.g. en).")
@click.option("-o", "--output", type=click.Path(dir_okay=False), help="Write the aligned units as TMX 1.4b.")
@click.option(
    "--review",
    "review_path",
    type=click.Path(dir_okay=False),
    help="Write the review file (TSV: source, target, confidence, bead, status, document).",
)
@click.option("--html", "html_path", type=click.Path(dir_okay=False), help="Write a side-by-side HTML page.")
@click.option(
    "--min-confidence",
    type=click.FloatRange(0.0, 1.0),
    default=0.9,
    show_default=True,
    help="Beads below it are highlighted for review and left out of --import.",
)
@click.option(
    "--import", "do_import", is_flag=True, help="Put the beads at or above --min-confidence into the TM."
)
@click.option(
    "--confirmed", is_flag=True, help="With --import: record them as confirmed (default: unconfirmed)."
)
@click.option(
    "--pattern",
    help="Pair the documents of two folders by this name pattern: '*' pairs, '{lang}' is the language.",
)
@click.option(
    "--reviewed",
    "reviewed_path",
    type=INPUT_FILE,
    help="Import a reviewed review file (its 'ok' rows, confirmed) instead of aligning.",
)
@click.option("--no-dictionary", is_flag=True, help="Do not use CC-CEDICT for zh-en.")
@tm_option
@termbase_opt("whose concepts found on both sides hold sentences together")
@json_option
@db_option
@click.pass_context
def align_cmd(
    ctx,
    source,
    target,
    src,
    tgt,
    output,
    review_path,
    html_path,
    min_confidence,
    do_import,
    confirmed,
    pattern,
    reviewed_path,
    no_dictionary,
    tm_paths,
    termbase,
    as_json,
):
    """Align SOURCE and TARGET, a document and its translation, into translation units.

    Documents: .txt, .md, .html, .docx (and PO, XLIFF), each split into sentences by tm's rules and
    aligned paragraph by paragraph, then sentence by sentence (1-1, 1-2, 2-1, 2-2, 1-0, 0-1). The cost
    learns from the TM's units of the language pair (--db or --tm), the concepts of a termbase found on
    both sides (--termbase FILE, else the TM's own: tm terms import) and, for zh-en, CC-CEDICT. Each
    bead gets a calibrated confidence (0-1). Two folders: documents paired by file name (or by the
    language code in it, or --pattern). Prints the beads; -o, --review, --html write files.

    \b
    Examples:
      tm align release.zh.txt release.en.txt --src zh --tgt en -o release.tmx --review release.tsv
      tm align archive/zh archive/ru --src zh --tgt ru --pattern '*.{lang}.html' --import
      tm align a.zh.txt a.en.txt --src zh --tgt en --html check.html --import --confirmed --min-confidence 0.8
      tm align a.zh.docx a.ru.docx --src zh --tgt ru --termbase wcm.tbx -o a.tmx
      tm align --reviewed release.tsv --src zh --tgt en      # the rows marked ok, into the TM, confirmed
    """
    src, tgt = normalize_code(src), normalize_code(tgt)
    if reviewed_path:
        if source or target:
            raise UsageError("--reviewed imports a review file; give no documents with it")
        _import_reviewed(ctx, reviewed_path, src, tgt, tm_paths, as_json)
        return
    if not source or not target:
        raise UsageError("give SOURCE and TARGET (two documents or two folders)")
    if confirmed and not do_import:
        raise UsageError("--confirmed goes with --import")
    if do_import and tm_paths:
        raise UsageError("--import writes into the database (--db), not into --tm files")
    from tm.align.run import align_pairs, document_pairs  # lazy: the aligner loads for this command only
    from tm.formats.atomic import check_outputs  # lazy: as above
    from tm.terms import load_termbase  # lazy: as above

    pairs = document_pairs(source, target, src, tgt, pattern)
    check_outputs(output, review_path, html_path)  # all of them, before writing any
    store = _store(ctx, tm_paths, do_import)
    try:
        terms = load_termbase(store, termbase, warn)
        with progress_bar(len(pairs) if len(pairs) > 1 else 0, "Aligning") as advance:
            run = align_pairs(
                pairs,
                src,
                tgt,
                store=store,
                output=output,
                review=review_path,
                min_confidence=min_confidence,
                do_import=do_import,
                confirmed=confirmed,
                use_dictionary=not no_dictionary,
                termbase=terms,
                progress=advance,
            )
    finally:
        if store is not None:
            store.close()
    if html_path:
        from tm.align.output import write_text  # lazy: as above
        from tm.render.align_html import alignment_html  # lazy: only --html needs it

        write_text(html_path, alignment_html(run.results, min_confidence))
    click.echo(dumps(alignment_json(run)) if as_json else alignment_text(run))
    for line in alignment_summary(run, html_path):
        click.echo(line, err=True)


def _import_reviewed(ctx, path, src, tgt, tm_paths, as_json) -> None:
    from tm.align.run import import_reviewed  # lazy: the aligner loads for this command only

    if tm_paths:
        raise UsageError("--reviewed writes into the database (--db), not into --tm files")
    store = _store(ctx, (), True)
    try:
        result = import_reviewed(store, path, src, tgt)
    finally:
        store.close()
    if as_json:
        click.echo(dumps(review_import_json(result)))
    click.echo(review_import_summary(result), err=True)

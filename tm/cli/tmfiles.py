"""``tm import``, ``tm export`` and ``tm stats``: moving TMX and PO files in and out of the TM."""

from __future__ import annotations

from pathlib import Path

import click

from tm.cli.common import (
    INPUT_FILE,
    db_option,
    filter_options,
    json_option,
    note_fallbacks,
    open_tm,
    progress_bar,
    unit_filter,
    warn,
)
from tm.render import counted, dumps
from tm.render.tmfiles import import_table, stats_text

MAX_WARNINGS = 20


@click.command("import")
@click.argument("files", nargs=-1, required=True, type=INPUT_FILE)
@click.option(
    "--recover",
    is_flag=True,
    help="Import what can be salvaged from a file that is not well-formed XML (each repair and skipped "
    "unit is reported with its line).",
)
@click.option(
    "--include-fuzzy",
    is_flag=True,
    help="Import unconfirmed translations too (PO #, fuzzy; XLIFF needs-review-*, new, initial): "
    "stored as fuzzy, and penalised in lookups.",
)
@click.option(
    "--src", help="Source language of PO and XLIFF files that declare none (PO: an X-Source-Language header)."
)
@click.option(
    "--tgt", help="Target language of PO and XLIFF files that declare none (PO: a Language header)."
)
@click.option(
    "--no-index",
    "no_index",
    is_flag=True,
    help="Leave the fuzzy-match index behind (tm index, or the first lookup, brings it up to date).",
)
@json_option
@db_option
@click.pass_context
def import_cmd(ctx, files, recover, include_fuzzy, src, tgt, no_index, as_json):
    """Import TMX, XLIFF and PO FILES into the TM (one transaction: all or nothing).

    The format is told from the content. Duplicates merge into one unit that keeps
    every origin and the newest date. The fuzzy-match index of the TM's languages
    is brought up to date in the same transaction, so that lookups start at once.

    \b
    Examples:
      tm import memory.tmx
      tm import --src zh --tgt en release.po
      tm --db team.tmdb import exports/*.tmx --json
    """
    from tm.tmfiles import import_files  # lazy: `tm --help` and the other commands start without it

    shown = [0]

    def on_issue(issue):
        shown[0] += 1
        if shown[0] <= MAX_WARNINGS:
            warn(issue)

    total = sum(Path(f).stat().st_size for f in files)
    store = open_tm(ctx)
    try:
        with progress_bar(total, "Importing") as advance:
            summaries = import_files(
                store,
                files,
                recover=recover,
                include_fuzzy=include_fuzzy,
                src=src,
                tgt=tgt,
                progress=advance,
                on_issue=on_issue,
                index=not no_index,
            )
        units = store.count()
    finally:
        store.close()
    if shown[0] > MAX_WARNINGS:
        click.echo(f"... and {counted(shown[0] - MAX_WARNINGS, 'more warning')} (see --json)", err=True)
    if as_json:
        click.echo(dumps({"db": store.path, "units": units, "files": summaries}))
        return
    click.echo(import_table(summaries))
    click.echo(f"The TM ({store.path}) now holds {counted(units, 'unit')}.", err=True)


@click.command("export")
@click.argument("out", type=click.Path(dir_okay=False))
@click.option("--src", help="Source language (default for TMX: every unit, srclang *all*).")
@click.option("--tgt", help="Target language (required for PO; for TMX keeps only the pair).")
@filter_options
@json_option
@db_option
@click.pass_context
def export_cmd(ctx, out, src, tgt, origins, since, statuses, as_json):
    """Export the TM to OUT, as TMX 1.4b or PO (by extension); written whole or not at all.

    A unit's status comes along (TMX: the x-tm-status prop; PO: #, fuzzy), so that importing the
    file gives the same statuses back.

    \b
    Examples:
      tm export all.tmx
      tm export zh-en.tmx --src zh --tgt en
      tm export release.po --src zh --tgt ru
      tm export reviewed.tmx --status confirmed --origin 'reviewed-*' --since 2025-01-01
    """
    from tm.tmfiles import export  # lazy: `tm --help` and the other commands start without it

    where = unit_filter(origins, since, statuses)
    store = open_tm(ctx, readonly=True)
    try:
        note_fallbacks(store, src, tgt)
        count = export(store, out, src=src, tgt=tgt, on_issue=warn, where=where)
    finally:
        store.close()
    if as_json:
        click.echo(dumps({"out": out, "units": count}))
    else:
        click.echo(f"Wrote {counted(count, 'unit')} to {out}.", err=True)


@click.command("stats")
@json_option
@db_option
@click.pass_context
def stats_cmd(ctx, as_json):
    """Show what the TM holds: units, variants per language, language pairs, origins.

    \b
    Example:
      tm stats --json
    """
    store = open_tm(ctx, readonly=True)
    try:
        result = store.stats()
    finally:
        store.close()
    if as_json:
        click.echo(dumps(result))
        return
    click.echo(stats_text(result))

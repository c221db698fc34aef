"""``tm qa``: check bilingual files before delivery (a thin adapter over tm.qa)."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from tm.cli.common import INPUT_FILE, db_option, json_option, open_tm, settings, tm_option
from tm.errors import UsageError

EXIT_FINDINGS = 3


def _database(ctx: click.Context):
    """The TM database, read-only, when it exists (else None)."""
    from tm.store import default_db_path  # lazy: the CLI starts without the store

    db = settings(ctx).db or str(default_db_path())
    return open_tm(ctx, readonly=True) if Path(db).exists() else None


def _termbase(ctx: click.Context, path: str | None, use_database: bool, store):
    """The termbase: the TBX/CSV file given, else the TM database's (``store`` when it is open; None when
    it holds no terms)."""
    from tm.terms import load_termbase  # lazy: the CLI starts without tm.terms

    if path or not use_database:
        return load_termbase(None, path) if path else None
    if store is not None:
        return load_termbase(store)
    database = _database(ctx)  # --tm files hold no termbase: the database's still serves
    if database is None:
        return None
    with database:
        return load_termbase(database)


@click.command("qa")
@click.argument("files", nargs=-1, type=INPUT_FILE)
@click.option(
    "--src", "-s", help="Source language (zh, en, ru...); default: the one the XLIFF files declare."
)
@click.option("--tgt", "-t", help="Target language; default: the one the XLIFF files declare.")
@click.option("--checks", "-c", help="Comma-separated check ids to run (default: all; see --list-checks).")
@click.option("--list-checks", is_flag=True, help="List the checks with their default severities and exit.")
@click.option(
    "--termbase",
    type=INPUT_FILE,
    help="A TBX or CSV/TSV termbase (default: the termbase in the TM database, if any).",
)
@click.option("--no-store-termbase", is_flag=True, help="Do not use the TM database's termbase.")
@tm_option
@click.option(
    "--config",
    "config_path",
    type=INPUT_FILE,
    help="Project settings (default: ./tm-qa.toml when it exists).",
)
@click.option(
    "--accepted",
    "accepted_path",
    type=click.Path(dir_okay=False),
    help="The accepted-findings file (default: ./tm-qa.accepted.json).",
)
@click.option("--accept", is_flag=True, help="Record every finding of this run as accepted, then exit 0.")
@click.option(
    "--html", "html_out", type=click.Path(dir_okay=False), help="Also write a self-contained HTML report."
)
@click.option("--color/--no-color", default=None, help="Highlight spans (default: on a terminal).")
@json_option
@db_option
@click.pass_context
def qa_cmd(
    ctx,
    files,
    src,
    tgt,
    checks,
    list_checks,
    termbase,
    no_store_termbase,
    tm_paths,
    config_path,
    accepted_path,
    accept,
    html_out,
    color,
    as_json,
):
    """Check translations: numbers, codes, untranslated text, punctuation, terms, consistency, length.

    FILES are XLIFF 1.2/2.x, PO and TMX files (tm pretranslate's drafts among them), or plain-text or DOCX
    files in pairs (the source, then its translation, paired by line or by paragraph). One finding per line:
    file:segment: severity check: message. Exit 3 when an error-severity finding remains, 1 on bad input.

    \b
    Examples:
      tm qa draft.en.xlf                      # the languages the XLIFF declares
      tm qa release.zh.txt release.en.txt --src zh --tgt en --termbase corpora/terms/wcm.tbx
      tm qa release.zh.docx release.en.docx --src zh --tgt en
      tm qa django.po --src en --tgt zh --checks numbers,codes --json
      tm qa draft.ru.po --src zh --tgt ru --tm corpora/wcm-2025/report.tmx --html qa.html
    """
    if list_checks:
        from tm.qa.checks import CHECKS  # lazy: the CLI starts without tm.qa
        from tm.render.qa import checks_json, checks_text  # lazy: the CLI starts without tm.qa

        click.echo(checks_json(CHECKS) if as_json else checks_text(CHECKS))
        return
    if not files:
        raise UsageError("give the files to check", hint="tm qa FILE... --src zh --tgt en")
    from tm.qa.accept import DEFAULT_NAME, load_accepted  # lazy: the CLI starts without tm.qa
    from tm.qa.checks import BY_ID  # lazy: the CLI starts without tm.qa
    from tm.qa.config import load_config  # lazy: the CLI starts without tm.qa
    from tm.qa.runner import QaSettings, run_qa  # lazy: the CLI starts without tm.qa
    from tm.render.qa import report_html, report_json, report_text  # lazy: the CLI starts without tm.qa

    config = load_config(config_path, set(BY_ID))
    chosen = [c.strip() for c in checks.split(",") if c.strip()] if checks else None
    accepted = load_accepted(accepted_path or DEFAULT_NAME)
    store = open_tm(ctx, tm_paths) if tm_paths else _database(ctx)
    try:
        terms = _termbase(ctx, termbase, not no_store_termbase, None if tm_paths else store)
        report = run_qa(files, QaSettings(src, tgt, chosen, config, terms, store, accepted))
    finally:
        if store is not None:
            store.close()
    for note in report.notes:
        click.echo(f"Note: {note}", err=True)
    if accept:
        added = accepted.add(report.findings)
        accepted.save()
        click.echo(
            f"Accepted {added} findings in {accepted.path} (not reported again while the text is unchanged)",
            err=True,
        )
        return
    if html_out:
        from tm.formats.atomic import atomic_output  # lazy: the CLI starts without the formats

        with atomic_output(html_out) as handle:
            handle.write(report_html(report).encode("utf-8"))
        click.echo(f"Wrote {html_out}", err=True)
    if as_json:
        click.echo(report_json(report))
    else:
        use_color = sys.stdout.isatty() if color is None else color
        click.echo(report_text(report, click.style if use_color else None))
    if report.errors:
        raise click.exceptions.Exit(EXIT_FINDINGS)

"""``tm qa``: check bilingual files before delivery (a thin adapter over tm.qa)."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from tm.cli.common import json_option, settings, tm_option
from tm.render import dumps

EXIT_FINDINGS = 3


def _termbase(ctx: click.Context, path: str | None, use_store: bool):
    """The termbase: a TBX/CSV file given, else the one in the TM store (when it has one)."""
    if path:
        from tm.terms.io import read_termbase_file
        from tm.terms.repo import MemoryTermbase

        return MemoryTermbase(read_termbase_file(path))
    if not use_store:
        return None
    from tm.store import default_db_path

    db = settings(ctx).db or str(default_db_path())
    if not Path(db).exists():
        return None
    from tm.store.sqlite import SqliteStore
    from tm.terms.repo import MemoryTermbase, store_termbase

    with SqliteStore(db, readonly=True) as store:
        termbase = store_termbase(store)
        return MemoryTermbase(termbase.concepts()) if termbase.count() else None


def _store(ctx: click.Context, tm_paths: tuple[str, ...]):
    if tm_paths:
        from tm.cli.common import open_tm

        return open_tm(ctx, tm_paths)
    from tm.store import default_db_path

    db = settings(ctx).db or str(default_db_path())
    if not Path(db).exists():
        return None
    from tm.store.sqlite import SqliteStore

    return SqliteStore(db, readonly=True)


def _print_checks(as_json: bool) -> None:
    from tm.qa.checks import CHECKS
    from tm.render import table

    if as_json:
        click.echo(dumps(list(CHECKS)))
    else:
        click.echo(
            table(["check", "severity", "what it finds"], [[c.id, c.severity, c.summary] for c in CHECKS])
        )


@click.command("qa")
@click.argument("files", nargs=-1, type=click.Path(exists=True, dir_okay=False))
@click.option("--src", "-s", help="Source language (zh, en, ru...).")
@click.option("--tgt", "-t", help="Target language.")
@click.option("--checks", "-c", help="Comma-separated check ids to run (default: all; see --list-checks).")
@click.option("--list-checks", is_flag=True, help="List the checks with their default severities and exit.")
@click.option(
    "--termbase",
    type=click.Path(exists=True, dir_okay=False),
    help="A TBX or CSV/TSV termbase (default: the termbase in the TM database, if any).",
)
@click.option("--no-store-termbase", is_flag=True, help="Do not use the TM database's termbase.")
@tm_option
@click.option(
    "--config",
    "config_path",
    type=click.Path(exists=True, dir_okay=False),
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

    FILES are XLIFF 1.2/2.x, PO and TMX files (tm pretranslate's drafts among them), or plain-text files
    in pairs (the source, then its translation, aligned line by line). One finding per line:
    file:segment: severity check: message. Exit 3 when an error-severity finding remains, 1 on bad input.

    \b
    Examples:
      tm qa draft.en.xlf --src zh --tgt en
      tm qa release.zh.txt release.en.txt --src zh --tgt en --termbase corpora/terms/wcm.tbx
      tm qa django.po --src en --tgt zh --checks numbers,codes --json
      tm qa draft.ru.po --src zh --tgt ru --tm corpora/wcm-2025/report.tmx --html qa.html
    """
    if list_checks:
        _print_checks(as_json)
        return
    from tm.errors import UsageError

    if not files or not src or not tgt:
        raise UsageError(
            "give the files to check with --src and --tgt", hint="tm qa FILE... --src zh --tgt en"
        )
    from tm.qa.accept import DEFAULT_NAME, load_accepted
    from tm.qa.checks import BY_ID
    from tm.qa.config import load_config
    from tm.qa.report import finding_lines, report_html, summary_text
    from tm.qa.runner import QaSettings, run_qa

    config = load_config(config_path, set(BY_ID))
    chosen = [c.strip() for c in checks.split(",") if c.strip()] if checks else None
    accepted = load_accepted(accepted_path or DEFAULT_NAME)
    store = _store(ctx, tm_paths)
    try:
        qa_settings = QaSettings(
            src, tgt, chosen, config, _termbase(ctx, termbase, not no_store_termbase), store, accepted
        )
        report = run_qa(files, qa_settings)
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
        from tm.formats.atomic import atomic_output

        with atomic_output(html_out) as handle:
            handle.write(report_html(report).encode("utf-8"))
        click.echo(f"Wrote {html_out}", err=True)
    if as_json:
        data = {
            "files": report.files,
            "src": report.src,
            "tgt": report.tgt,
            "segments": report.segments,
            "checks": report.severities,
            "summary": report.summary(),
            "accepted": report.accepted,
            "notes": report.notes,
            "findings": report.findings,
        }
        click.echo(dumps(data))
    else:
        use_color = sys.stdout.isatty() if color is None else color
        marks = (click.style("", fg="red", bold=True, reset=False), "\x1b[0m") if use_color else None
        for f in report.findings:
            lines = finding_lines(f, marks) if marks else finding_lines(f)
            if use_color:
                fg = {"error": "red", "warning": "yellow"}.get(f.severity)
                head = lines[0].replace(
                    f" {f.severity} ", " " + click.style(f.severity, fg=fg, bold=True) + " ", 1
                )
                lines[0] = head
            click.echo("\n".join(lines))
        click.echo(summary_text(report))
    if report.errors:
        raise click.exceptions.Exit(EXIT_FINDINGS)

"""Helpers shared by the commands: opening the TM, progress bars that stay quiet in a pipe, output."""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Iterator

import click

from tm.model import Issue
from tm.render import printable


def settings(ctx: click.Context):
    return ctx.find_root().obj


def open_tm(ctx: click.Context, tm_paths: tuple[str, ...] = (), *, readonly: bool = False):
    """The store a command works on: ``--tm`` files read into a temporary store, else ``--db``."""
    from tm.tmfiles import open_tm as open_tm_files  # lazy: loads sqlite3 and the readers, not for --help

    return open_tm_files(settings(ctx).db, tm_paths, readonly=readonly, on_issue=warn)


tm_option = click.option(
    "--tm",
    "tm_paths",
    multiple=True,
    type=click.Path(exists=True),
    help="Use these TMX/PO files or folders (read into a temporary TM) instead of the database.",
)
json_option = click.option("--json", "as_json", is_flag=True, help="Print JSON instead of a table.")
termbase_option = click.option(
    "--termbase",
    type=click.Path(exists=True, dir_okay=False),
    help="A TBX or CSV/TSV termbase whose terms to show (default: the TM database's termbase, if any).",
)


def interactive() -> bool:
    """Progress bars and colour only for a person at a terminal."""
    return sys.stderr.isatty()


@contextlib.contextmanager
def progress_bar(total: int, label: str) -> Iterator:
    """A progress bar on stderr when it is a terminal; a silent no-op in a pipe."""
    if not interactive() or total <= 0:
        yield lambda n: None
        return
    with click.progressbar(length=total, label=label, file=sys.stderr, show_eta=True) as bar:
        yield bar.update


def warn(issue: Issue) -> None:
    """One line on stderr, whatever characters the message quotes from a file."""
    click.echo(
        f"{'Skipped' if issue.severity == 'skipped' else 'Warning'}: {printable(str(issue))}", err=True
    )


def filter_options(func):
    """``--origin``, ``--since``, ``--status``: which units a command uses."""
    for option in reversed(
        (
            click.option(
                "--origin",
                "origins",
                multiple=True,
                metavar="GLOB",
                help="Only units from files whose name matches GLOB (e.g. 'reviewed-*.po'; repeatable).",
            ),
            click.option(
                "--since", metavar="DATE", help="Only units dated on or after DATE (e.g. 2025-01-01)."
            ),
            click.option(
                "--status",
                "statuses",
                multiple=True,
                type=click.Choice(["confirmed", "fuzzy", "unconfirmed"]),
                help="Only units with this status (repeatable; unconfirmed is fuzzy).",
            ),
        )
    ):
        func = option(func)
    return func


penalty_option = click.option(
    "--penalty",
    "penalties",
    multiple=True,
    metavar="RULE",
    help="Points off a unit's matches: status=5 (unconfirmed units; the default), "
    "origin:GLOB=10 (files whose name matches), age:2y=3 (older than 2 years; d, m, y). Repeatable.",
)


def unit_filter(origins: tuple[str, ...], since: str | None, statuses: tuple[str, ...]):
    """The store's filter for ``--origin``, ``--since``, ``--status`` (None when none is given)."""
    if not (origins or since or statuses):
        return None
    from tm.store.filters import make_filter  # lazy: `tm --help` loads no store module

    return make_filter(origins, since, statuses)

"""Helpers shared by the commands: opening the TM, progress bars that stay quiet in a pipe, output."""

from __future__ import annotations

import contextlib
import os
import stat
import sys
from collections.abc import Iterator

import click

from tm.bands import MAX_QUERY
from tm.errors import TmError
from tm.model import Issue
from tm.render import printable


class InputPath(click.ParamType):
    """A file (or, with ``folders``, a folder) to read. One that is missing or unreadable is a data error
    (exit 1, like every other bad input), not a usage error: the command line was right, the file is not."""

    name = "path"

    def __init__(self, *, folders: bool = False) -> None:
        self.folders = folders

    def convert(self, value, param, ctx):
        path = os.fsdecode(value)
        try:
            info = os.stat(path)
        except FileNotFoundError:
            raise TmError(f"{path}: no such file" + (" or folder" if self.folders else "")) from None
        except OSError as err:
            raise TmError(f"{path}: {err.strerror or err}") from None
        if stat.S_ISDIR(info.st_mode):
            if not self.folders:
                raise TmError(f"{path}: a folder, not a file")
        elif not os.access(path, os.R_OK):
            raise TmError(f"{path}: permission denied (tm may not read it)")
        return path

    def shell_complete(self, ctx, param, incomplete):
        return click.Path().shell_complete(ctx, param, incomplete)


INPUT_FILE = InputPath()


def settings(ctx: click.Context):
    return ctx.find_root().obj


def open_tm(ctx: click.Context, tm_paths: tuple[str, ...] = (), *, readonly: bool = False):
    """The store a command works on: ``--tm`` files read into a temporary store, else ``--db``."""
    from tm.tmfiles import open_tm as open_tm_files  # lazy: loads sqlite3 and the readers, not for --help

    return open_tm_files(settings(ctx).db, tm_paths, readonly=readonly, on_issue=warn)


def _set_db(ctx: click.Context, param: click.Parameter, value: str | None) -> None:
    if value is not None:
        settings(ctx).db = value


db_option = click.option(
    "--db",
    type=click.Path(readable=False),
    expose_value=False,
    callback=_set_db,
    help="The TM database file (as tm --db: the option may come before or after the command).",
)
tm_option = click.option(
    "--tm",
    "tm_paths",
    multiple=True,
    type=InputPath(folders=True),
    help="Use these TMX/PO files or folders (read into a temporary TM) instead of the database.",
)
json_option = click.option("--json", "as_json", is_flag=True, help="Print JSON instead of a table.")
max_length_option = click.option(
    "--max-length",
    type=click.IntRange(1),
    default=MAX_QUERY,
    show_default=True,
    envvar="TM_MAX_QUERY",
    help="The longest query or segment looked up, in characters ($TM_MAX_QUERY).",
)


def termbase_opt(use: str = "whose terms to show"):  # noqa: ANN201  # a click decorator
    """``--termbase``, its help saying what the command does with the terms."""
    return click.option(
        "--termbase",
        type=INPUT_FILE,
        help=f"A TBX or CSV/TSV termbase {use} (default: the TM database's termbase, if any).",
    )


termbase_option = termbase_opt()


def note_fallbacks(store, *requests: str | None) -> None:
    """One line on stderr for each language request the TM answers only with a plainer code (``--tgt
    en-GB`` with ``en``): the draft or the suggestions are then in that code, not the one asked for."""
    from tm.lang import fallback  # lazy: `tm --help` loads no more than it needs

    for request in requests:
        if request:
            notice = fallback(request, store.resolve(request))
            if notice:
                click.echo(f"Note: {notice}", err=True)


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

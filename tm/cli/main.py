"""The ``tm`` group, its global options and the one error boundary that maps failures to exit codes."""

from __future__ import annotations

import errno
import importlib
import os
import sys
from dataclasses import dataclass
from typing import NoReturn

import click

from tm import signals
from tm.errors import TmError
from tm.render import printable
from tm.version import __version__

# Command modules, each defining a click command or group named in the tuple. New commands go here.
COMMANDS: tuple[tuple[str, str], ...] = (
    ("tm.cli.tmfiles", "import_cmd"),
    ("tm.cli.tmfiles", "export_cmd"),
    ("tm.cli.tmfiles", "stats_cmd"),
    ("tm.cli.copy", "copy_cmd"),
    ("tm.cli.lookup", "lookup_cmd"),
    ("tm.cli.lookup", "concordance_cmd"),
    ("tm.cli.lookup", "index_cmd"),
    ("tm.cli.score", "score_cmd"),
    ("tm.cli.leverage", "analyze_cmd"),
    ("tm.cli.leverage", "pretranslate_cmd"),
    ("tm.cli.align", "align_cmd"),
    ("tm.cli.qa", "qa_cmd"),
    ("tm.cli.terms", "terms_group"),
)


@dataclass
class Settings:
    """Global options, available to every command as ``ctx.obj``."""

    db: str | None
    traceback: bool


def report_error(err: TmError) -> None:
    """One line on stderr (red on a terminal; click drops the colour in a pipe), and a hint if any."""
    click.echo(click.style("Error:", fg="red", bold=True) + f" {printable(err.message)}", err=True)
    if err.hint:
        click.echo(click.style("Hint:", fg="yellow") + f" {printable(err.hint)}", err=True)


def report_interrupt(interrupt: KeyboardInterrupt) -> None:
    """What an interrupted command leaves: nothing, or what it had made final (a commit, a written file)."""
    done = signals.done()
    if done:
        click.echo(f"Interrupted, but already done: {'; '.join(done)}.", err=True)
    else:
        click.echo("Interrupted: nothing was changed by the unfinished work.", err=True)


class TmGroup(click.Group):
    """A group whose ``invoke`` is the single error boundary of the CLI."""

    def invoke(self, ctx: click.Context):  # type: ignore[override]
        signals.forget()
        try:
            return super().invoke(ctx)
        except TmError as err:
            report_error(err)
            raise click.exceptions.Exit(err.exit_code) from None
        except KeyboardInterrupt as interrupt:  # Ctrl-C, and SIGTERM/SIGHUP (tm.signals.Terminated)
            report_interrupt(interrupt)
            raise click.exceptions.Exit(signals.exit_code(interrupt)) from None
        except (click.exceptions.ClickException, click.exceptions.Exit, click.exceptions.Abort):
            raise
        except BrokenPipeError:
            # The reader of our stdout went away (`tm ... | head`): it has what it wanted; stop quietly
            # with 0 (stdout pointed at /dev/null, so that the flush at exit cannot fail again).
            _quiet_stdout()
            raise click.exceptions.Exit(0) from None
        except OSError as err:
            failure = file_error(err)
            if failure is None:
                raise_internal(ctx, err)
            report_error(failure)
            raise click.exceptions.Exit(1) from None
        except Exception as err:  # a bug: one line unless --traceback
            raise_internal(ctx, err)


def _quiet_stdout() -> None:
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError):  # no real stdout (a test runner's): nothing will flush into a pipe
        pass


def raise_internal(ctx: click.Context, err: Exception) -> NoReturn:
    """A failure tm did not expect: one line and exit 1 (the traceback with --traceback). A TM backend's
    own exception (a damaged or locked TM met in the middle of a read) is the one line it means."""
    from tm.store import explain  # lazy: the error path only

    settings = ctx.obj if isinstance(ctx.obj, Settings) else None
    if settings is not None and settings.traceback:
        raise err
    failure = explain(err, settings.db if settings is not None else None)
    if failure is not None:
        report_error(failure)
        raise click.exceptions.Exit(failure.exit_code) from None
    click.echo(f"Error: internal error: {type(err).__name__}: {err}", err=True)
    click.echo("Hint: run again with --traceback and report it", err=True)
    raise click.exceptions.Exit(1) from None


# errno -> what it means, for a file error that reached the boundary with its file name
_FILE_ERRORS = {
    errno.ENOENT: "no such file or folder",
    errno.EACCES: "permission denied",
    errno.EPERM: "permission denied",
    errno.EROFS: "on a read-only file system",
    errno.ENOSPC: "the disk is full",
    errno.EDQUOT: "the disk quota is used up",
    errno.EISDIR: "a folder, not a file",
    errno.ENOTDIR: "no such folder",
    errno.EIO: "the disk failed to read or write it",
}


def file_error(err: OSError) -> TmError | None:
    """A file's error as one line naming it (None when it names no file or is not a file's fault)."""
    why = _FILE_ERRORS.get(err.errno or 0)
    if why is None or not err.filename:
        return None
    return TmError(f"{os.fsdecode(err.filename)}: {why}")


@click.group(cls=TmGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "--version", prog_name="tm")
@click.option(
    "--db",
    type=click.Path(readable=False),  # what is wrong with it (unreadable, a folder) the store says: exit 1
    envvar="TM_DB",
    help="The TM: an SQLite file or a postgresql://user@host/dbname URL (default: $TM_DB, else tm/tm.db "
    "in the user's data directory).",
)
@click.option("--traceback", is_flag=True, help="Show a full traceback on unexpected errors.")
@click.pass_context
def cli(ctx: click.Context, db: str | None, traceback: bool) -> None:
    """tm: a translation memory for translators, on open formats.

    \b
    Examples:
      tm import memory.tmx project.po
      tm stats
      tm export out.tmx --src zh --tgt en
    """
    ctx.obj = Settings(db=db, traceback=traceback)


for _module, _name in COMMANDS:
    cli.add_command(getattr(importlib.import_module(_module), _name))


def main() -> None:
    """Console-script entry point."""
    # Ctrl-C (and SIGTERM, SIGHUP) while a command runs is turned into exit 128 + the signal's number by
    # TmGroup.invoke; this is for start-up.
    signals.install()
    try:
        cli.main(prog_name="tm")
    except KeyboardInterrupt as interrupt:
        click.echo("Interrupted.", err=True)
        sys.exit(signals.exit_code(interrupt))


if __name__ == "__main__":  # pragma: no cover
    os.environ.setdefault("PYTHONIOENCODING", "utf-8")
    main()

"""The ``tm`` group, its global options and the one error boundary that maps failures to exit codes."""

from __future__ import annotations

import importlib
import os
import sys
from dataclasses import dataclass

import click

from tm.errors import TmError
from tm.render import printable
from tm.version import __version__

# Command modules, each defining a click command or group named in the tuple. New commands go here.
COMMANDS: tuple[tuple[str, str], ...] = (
    ("tm.cli.tmfiles", "import_cmd"),
    ("tm.cli.tmfiles", "export_cmd"),
    ("tm.cli.tmfiles", "stats_cmd"),
    ("tm.cli.lookup", "lookup_cmd"),
    ("tm.cli.lookup", "concordance_cmd"),
    ("tm.cli.lookup", "index_cmd"),
    ("tm.cli.score", "score_cmd"),
    ("tm.cli.leverage", "analyze_cmd"),
    ("tm.cli.leverage", "pretranslate_cmd"),
    ("tm.cli.align", "align_cmd"),
    ("tm.cli.qa", "qa_cmd"),
    ("tm.cli.terms", "terms_group"),
    ("tm.cli.serve", "serve_cmd"),
)

EXIT_INTERRUPTED = 130


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


class TmGroup(click.Group):
    """A group whose ``invoke`` is the single error boundary of the CLI."""

    def invoke(self, ctx: click.Context):  # type: ignore[override]
        try:
            return super().invoke(ctx)
        except TmError as err:
            report_error(err)
            raise click.exceptions.Exit(err.exit_code) from None
        except KeyboardInterrupt:
            click.echo("Interrupted: nothing was changed by the unfinished work.", err=True)
            raise click.exceptions.Exit(EXIT_INTERRUPTED) from None
        except (click.exceptions.ClickException, click.exceptions.Exit, click.exceptions.Abort):
            raise
        except BrokenPipeError:
            # The reader of our stdout went away (`tm ... | head`): stop quietly.
            sys.stderr.close()
            raise click.exceptions.Exit(1) from None
        except Exception as err:  # a bug: one line unless --traceback
            settings = ctx.obj if isinstance(ctx.obj, Settings) else None
            if settings is not None and settings.traceback:
                raise
            click.echo(f"Error: internal error: {type(err).__name__}: {err}", err=True)
            click.echo("Hint: run again with --traceback and report it", err=True)
            raise click.exceptions.Exit(1) from None


@click.group(cls=TmGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "--version", prog_name="tm")
@click.option(
    "--db",
    type=click.Path(dir_okay=False),
    envvar="TM_DB",
    help="The TM database file (default: $TM_DB, else tm/tm.db in the user's data directory).",
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
    # Ctrl-C while a command runs is turned into exit 130 by TmGroup.invoke; this is for start-up.
    try:
        cli.main(prog_name="tm")
    except KeyboardInterrupt:
        click.echo("Interrupted.", err=True)
        sys.exit(EXIT_INTERRUPTED)


if __name__ == "__main__":  # pragma: no cover
    os.environ.setdefault("PYTHONIOENCODING", "utf-8")
    main()

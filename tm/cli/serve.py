"""``tm serve``: the TM over HTTP, for Weblate and CAT tools (tmserver protocol), scripts (JSON API) and
people (a search page). The server lives in tm.serve; this command only reads the options."""

from __future__ import annotations

import re
import secrets
import tempfile
from pathlib import Path

import click

from tm.cli.common import settings, termbase_option, tm_option, warn
from tm.errors import TmError
from tm.render import dumps

_ORIGIN = re.compile(r"^https?://[^/\s]+$")


@click.command("serve")
@click.option(
    "--host",
    default="127.0.0.1",
    show_default=True,
    help="Address to listen on (off loopback, every request needs the token).",
)
@click.option(
    "--port",
    type=click.IntRange(0, 65535),
    default=8080,
    show_default=True,
    help="Port (0: any free one, printed).",
)
@click.option(
    "--threads",
    type=click.IntRange(1, 64),
    default=4,
    show_default=True,
    help="Worker threads, each reading the TM.",
)
@click.option(
    "--allow-import", is_flag=True, help="Accept imports (POST /api/import) from clients holding the token."
)
@click.option(
    "--token", envvar="TM_SERVE_TOKEN", help="The token clients send (default: a new one, printed once)."
)
@click.option("--token-required", is_flag=True, help="Reads need the token too (always so off loopback).")
@click.option(
    "--cors",
    "cors",
    multiple=True,
    metavar="ORIGIN",
    help="Let web pages from ORIGIN read answers (repeatable).",
)
@click.option(
    "--timeout",
    type=click.IntRange(1, 3600),
    default=30,
    show_default=True,
    help="Seconds a silent connection stays open.",
)
@click.option(
    "--max-body",
    type=click.IntRange(1, 4096),
    default=32,
    show_default=True,
    help="Largest request body, in MiB.",
)
@tm_option
@termbase_option
@click.option(
    "--json",
    "as_json",
    is_flag=True,
    help="Print one JSON line on stdout when listening: the URL, units, languages.",
)
@click.pass_context
def serve_cmd(
    ctx,
    host,
    port,
    threads,
    allow_import,
    token,
    token_required,
    cors,
    timeout,
    max_body,
    tm_paths,
    termbase,
    as_json,
):
    """Serve the TM over HTTP until Ctrl-C: a search page at /, the tmserver protocol at /tmserver
    (Weblate's "tmserver" machinery, CAT tools), and tm's JSON API at /api (described at /openapi.json).

    Listens on 127.0.0.1 unless told otherwise. Imports are off unless --allow-import, and then need
    the token ('Authorization: Bearer TOKEN'). One line per request goes to stderr, without the text
    looked up. With --json, one line on stdout says where the server listens.

    \b
    Examples:
      tm serve
      tm serve --tm corpora/wcm-2025/report.tmx --termbase corpora/terms/wcm.tbx
      tm --db team.db serve --host 0.0.0.0 --port 8080 --allow-import --threads 8
    """
    from tm.serve.config import MIB, ServeConfig, is_loopback  # lazy: loaded for tm serve only
    from tm.serve.tmapi import open_tm, prepare  # lazy: tm's services, for tm serve only

    try:
        from tm.serve.server import Server  # lazy: waitress (an extra), for tm serve only
    except ModuleNotFoundError as err:
        if (err.name or "").split(".")[0] != "waitress":
            raise
        raise TmError(
            "tm serve needs waitress, which is not installed",
            hint="pip install 'tm[serve]' (in tm's own folder: pip install '.[serve]')",
        ) from None

    for origin in cors:
        if not _ORIGIN.match(origin):
            raise click.BadParameter(
                f"{origin!r} is not an origin such as https://weblate.example.org", param_hint="--cors"
            )
    generated = token is None and (allow_import or token_required or not is_loopback(host))
    if generated:
        token = secrets.token_urlsafe(24)
    config = ServeConfig(
        host=host,
        port=port,
        threads=threads,
        token=token,
        token_required=token_required,
        allow_import=allow_import,
        cors=tuple(cors),
        timeout=timeout,
        max_body=max_body * MIB,
        termbase=termbase,
    )
    with tempfile.TemporaryDirectory(prefix="tm-serve-") as workdir:
        if tm_paths:
            click.echo(f"Reading {', '.join(tm_paths)} into a temporary TM...", err=True)
        db = open_tm(settings(ctx).db, tm_paths, Path(workdir))
        opened = prepare(db, termbase, warn)
        server = Server(config, db)
        url = server.url
        click.echo(
            f"TM: {'the files given (temporary)' if tm_paths else opened.path} ({opened.units} units; "
            f"{', '.join(opened.languages) or 'no languages'})"
            + (f"; indexed {opened.indexed} new variant(s)" if opened.indexed else "")
            + (
                f"; termbase: {termbase or 'the TM’s'}, {opened.concepts} concepts" if opened.concepts else ""
            ),
            err=True,
        )
        click.echo(f"Serving {url} with {threads} thread(s); Ctrl-C stops.", err=True)
        click.echo(
            f"  search page: {url}   tmserver URL (Weblate): {url}tmserver   API: {url}openapi.json", err=True
        )
        if not config.loopback:
            click.echo(
                "  Listening off loopback: every request needs the token; plain HTTP, so put TLS in front.",
                err=True,
            )
        if allow_import:
            where = "the temporary TM, lost at exit" if tm_paths else "the TM"
            click.echo(f"  Imports: on (POST /api/import with the token) into {where}.", err=True)
        if generated:
            click.echo(f"  Token (shown once): {token}", err=True)
        if as_json:
            click.echo(
                dumps(
                    {
                        "url": url,
                        "tmserver": url + "tmserver",
                        "units": opened.units,
                        "languages": list(opened.languages),
                    }
                )
            )
        server.run()
    click.echo("Stopped.", err=True)

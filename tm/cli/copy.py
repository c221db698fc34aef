"""``tm copy``: a whole TM from one database to another (SQLite file <-> PostgreSQL, either way)."""

from __future__ import annotations

import click

from tm.cli.common import json_option
from tm.errors import StoreError, UsageError
from tm.render import dumps


@click.command("copy")
@click.argument("src")
@click.argument("dst")
@json_option
def copy_cmd(src: str, dst: str, as_json: bool) -> None:
    """Copy the whole TM SRC into DST, which must be empty (a new file or an empty database).

    Everything is kept: unit ids, variants, status, dates, notes and properties, origins and
    where each unit occurred. SRC and DST are SQLite files or postgresql:// URLs; the copy is one
    transaction. DST builds its fuzzy-match index on its first lookup (or tm index).

    \b
    Examples:
      tm copy ~/.local/share/tm/tm.db postgresql://tm@dbhost/teamtm
      tm copy postgresql://tm@dbhost/teamtm backup.tmdb --json
    """
    from tm.store import exists, open_store  # lazy: the backends load when a TM is opened
    from tm.store.copy import copy_tm

    if src == dst:
        raise UsageError(f"{src}: SRC and DST are the same TM")
    if not exists(src):
        raise StoreError(f"{src}: no TM here")
    with open_store(src, readonly=True) as source, open_store(dst) as target:
        counts = copy_tm(source, target)
        shown = (source.path, target.path)
    if as_json:
        click.echo(dumps({"src": shown[0], "dst": shown[1], "rows": counts}))
        return
    click.echo(
        f"Copied {counts['units']} units ({counts['variants']} variants, {counts['origins']} origins, "
        f"{counts['occurrences']} occurrences) from {shown[0]} to {shown[1]}.",
        err=True,
    )

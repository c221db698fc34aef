"""``tm terms``: the termbase kept in the TM database (a thin adapter over tm.terms)."""

from __future__ import annotations

import click

from tm.cli.common import INPUT_FILE, db_option, json_option, open_tm, tm_option, warn
from tm.render import counted, dumps


@click.group("terms")
def terms_group():
    """The termbase kept beside the TM: import, export, look up, extract candidates from the TM.

    Every subcommand has --json (data on stdout).

    \b
    Examples:
      tm terms import corpora/terms/wcm.tbx
      tm terms lookup 科萨里姆
      tm terms export terms.tbx
      tm terms extract --src zh --tgt en -o candidates.csv
    """


@terms_group.command("import")
@click.argument("files", nargs=-1, required=True, type=INPUT_FILE)
@click.option("--replace", is_flag=True, help="Empty the termbase first.")
@json_option
@db_option
@click.pass_context
def import_cmd(ctx, files, replace, as_json):
    """Import TBX (TBX-Basic, TBX v3) or CSV/TSV termbases (one column per language) into the TM database.

    A concept whose id the termbase already holds is replaced (importing a file again updates it).
    CSV columns: zh-CN, en, ru; en:forbidden, en:deprecated, en:admitted; en:note; note; subject; id.

    \b
    Examples:
      tm terms import corpora/terms/wcm.tbx
      tm terms import glossary.csv --replace
    """
    from tm.render.terms import import_json, import_text  # lazy: the CLI starts without tm.terms
    from tm.terms.io import read_termbase_file  # lazy: the CLI starts without tm.terms

    read = [(path, read_termbase_file(path, warn)) for path in files]  # every file read before any is stored
    with open_tm(ctx) as store:
        with store.transaction(done=f"the termbase import into {store.path} was committed"):
            if replace:
                store.terms.clear()
            for _, concepts in read:
                for concept in concepts:
                    store.terms.add(concept)
        total = store.terms.count()
    if as_json:
        click.echo(import_json(read, total))
    else:
        click.echo(import_text(read))
        click.echo(f"The termbase holds {counted(total, 'concept')}.", err=True)


@terms_group.command("export")
@click.argument("out", type=click.Path(dir_okay=False))
@click.option(
    "--tbx-version",
    type=click.Choice(["3", "2"]),
    default="3",
    show_default=True,
    help="3: TBX v3 (ISO 30042:2019) TBX-Basic DCA; 2: TBX-Basic <martif>.",
)
@json_option
@db_option
@click.pass_context
def export_cmd(ctx, out, tbx_version, as_json):
    """Write the termbase as TBX, whole or not at all.

    \b
    Examples:
      tm terms export terms.tbx
      tm terms export terms-v2.tbx --tbx-version 2
    """
    from tm.formats.tbx import write_tbx  # lazy: lxml loads only for TBX

    with open_tm(ctx, readonly=True) as store:
        concepts = list(store.terms.concepts())
    write_tbx(out, concepts, version=tbx_version)
    if as_json:
        click.echo(dumps({"path": out, "concepts": len(concepts)}))
    else:
        click.echo(f"Wrote {out}: {len(concepts)} concepts", err=True)


@terms_group.command("lookup")
@click.argument("term")
@click.option("--lang", "-l", help="Only terms in this language are searched.")
@click.option("--termbase", type=INPUT_FILE, help="A TBX/CSV file instead of the database.")
@json_option
@db_option
@click.pass_context
def lookup_cmd(ctx, term, lang, termbase, as_json):
    """The concepts with a term equal to or containing TERM, with every term in every language.

    \b
    Examples:
      tm terms lookup 科萨里姆
      tm terms lookup Kosarim --lang en --json
    """
    from tm.render.terms import concepts_json, concepts_text  # lazy: the CLI starts without tm.terms
    from tm.terms import load_termbase, lookup_terms  # lazy: the CLI starts without tm.terms

    if termbase:
        found = lookup_terms(load_termbase(None, termbase), term, lang)
    else:
        with open_tm(ctx, readonly=True) as store:
            found = lookup_terms(store.terms, term, lang)
    if as_json:
        click.echo(concepts_json(found))
    elif not found:
        click.echo(f"No term holds {term!r}.", err=True)
    else:
        click.echo(concepts_text(found))


@terms_group.command("extract")
@click.option("--src", "-s", required=True, help="Source language.")
@click.option("--tgt", "-t", required=True, help="Target language.")
@click.option(
    "-o",
    "--output",
    "--out",
    "out",
    type=click.Path(dir_okay=False),
    help="Write the candidates as .tbx or .csv/.tsv.",
)
@click.option("--limit", "-n", default=100, show_default=True, help="How many candidates.")
@click.option(
    "--min-units",
    default=2,
    show_default=True,
    help="Fewest units an aligned pair must share (names kept as written: one is enough).",
)
@tm_option
@json_option
@db_option
@click.pass_context
def extract_cmd(ctx, src, tgt, out, limit, min_units, tm_paths, as_json):
    """Propose term pairs from the TM, best first, with the number of units each occurs in.

    Names and recurring phrases: Latin-script names kept across the pair, capitalised sequences and
    «quoted» names of the target aligned to the source strings that co-occur with them.

    \b
    Examples:
      tm terms extract --src zh --tgt en --tm corpora/wcm-2025/report.tmx
      tm terms extract --src zh --tgt ru -o candidates.tbx
    """
    from tm.render.terms import candidates_text  # lazy: the CLI starts without tm.terms
    from tm.terms.extract import extract_candidates, write_candidates  # lazy: the CLI starts without it

    with open_tm(ctx, tm_paths, readonly=not tm_paths) as store:
        candidates = extract_candidates(store, src, tgt, limit=limit, min_units=min_units)
    if out:
        write_candidates(out, candidates, src, tgt)
        click.echo(f"Wrote {out}: {len(candidates)} candidates", err=True)
    if as_json:
        click.echo(dumps(candidates))
    elif not out:
        click.echo(candidates_text(candidates, src, tgt))
    if not candidates:
        click.echo("No candidates.", err=True)

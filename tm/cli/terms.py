"""``tm terms``: the termbase kept in the TM database (a thin adapter over tm.terms)."""

from __future__ import annotations

import click

from tm.cli.common import json_option, open_tm, tm_option
from tm.render import dumps, table

termbase_option = click.option(
    "--termbase",
    type=click.Path(exists=True, dir_okay=False),
    help="A TBX or CSV/TSV termbase whose terms to show (default: the TM database's termbase, if any).",
)


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
@click.argument("files", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False))
@click.option("--replace", is_flag=True, help="Empty the termbase first.")
@json_option
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
    from tm.terms.io import read_termbase_file
    from tm.terms.repo import store_termbase

    read = [(path, read_termbase_file(path)) for path in files]  # every file read before any is stored
    out = []
    with open_tm(ctx) as store:
        termbase = store_termbase(store)
        with store.transaction():
            if replace:
                termbase.clear()
            for path, concepts in read:
                for concept in concepts:
                    termbase.add(concept)
                out.append(
                    {"path": path, "concepts": len(concepts), "terms": sum(len(c.terms) for c in concepts)}
                )
        total = termbase.count()
    if as_json:
        click.echo(dumps({"files": out, "concepts": total}))
    else:
        for item in out:
            click.echo(f"{item['path']}: {item['concepts']} concepts, {item['terms']} terms")
        click.echo(f"The termbase holds {total} concepts.", err=True)


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
@click.pass_context
def export_cmd(ctx, out, tbx_version, as_json):
    """Write the termbase as TBX, whole or not at all.

    \b
    Examples:
      tm terms export terms.tbx
      tm terms export terms-v2.tbx --tbx-version 2
    """
    from tm.formats.tbx import write_tbx
    from tm.terms.repo import store_termbase

    with open_tm(ctx, readonly=True) as store:
        concepts = list(store_termbase(store).concepts())
    write_tbx(out, concepts, version=tbx_version)
    if as_json:
        click.echo(dumps({"path": out, "concepts": len(concepts)}))
    else:
        click.echo(f"Wrote {out}: {len(concepts)} concepts", err=True)


def _concept_json(concept) -> dict:
    return {
        "id": concept.id,
        "subject": concept.subject,
        "notes": list(concept.notes),
        "terms": [
            {
                "lang": t.lang,
                "text": t.text,
                "status": t.status,
                "part_of_speech": t.part_of_speech,
                "notes": list(t.notes),
            }
            for t in concept.terms
        ],
    }


@terms_group.command("lookup")
@click.argument("term")
@click.option("--lang", "-l", help="Only terms in this language are searched.")
@click.option(
    "--termbase", type=click.Path(exists=True, dir_okay=False), help="A TBX/CSV file instead of the database."
)
@json_option
@click.pass_context
def lookup_cmd(ctx, term, lang, termbase, as_json):
    """The concepts with a term equal to or containing TERM, with every term in every language.

    \b
    Examples:
      tm terms lookup 科萨里姆
      tm terms lookup Kosarim --lang en --json
    """
    from tm.terms.repo import MemoryTermbase, store_termbase

    if termbase:
        from tm.terms.io import read_termbase_file

        found = MemoryTermbase(read_termbase_file(termbase)).lookup(term, lang)
    else:
        with open_tm(ctx, readonly=True) as store:
            found = store_termbase(store).lookup(term, lang)
    if as_json:
        click.echo(dumps([_concept_json(c) for c in found]))
        return
    if not found:
        click.echo(f"No term holds {term!r}.", err=True)
        return
    for n, concept in enumerate(found):
        if n:
            click.echo("")
        head = f"concept {concept.id or concept.key}" + (f" ({concept.subject})" if concept.subject else "")
        click.echo(head)
        rows = [[t.lang, t.text, t.status or "", "; ".join(t.notes)] for t in concept.terms]
        click.echo(table(["lang", "term", "status", "note"], rows))
        for note in concept.notes:
            click.echo(f"note: {note}")


@terms_group.command("extract")
@click.option("--src", "-s", required=True, help="Source language.")
@click.option("--tgt", "-t", required=True, help="Target language.")
@click.option(
    "--out", "-o", type=click.Path(dir_okay=False), help="Write the candidates as .tbx or .csv/.tsv."
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
    from tm.terms.extract import extract_candidates, write_candidates

    with open_tm(ctx, tm_paths, readonly=not tm_paths) as store:
        candidates = extract_candidates(store, src, tgt, limit=limit, min_units=min_units)
    if out:
        write_candidates(out, candidates, src, tgt)
        click.echo(f"Wrote {out}: {len(candidates)} candidates", err=True)
    if as_json:
        click.echo(dumps(candidates))
    elif not out:
        rows = [[n, c.source, c.target, c.units, f"{c.dice:.2f}"] for n, c in enumerate(candidates, 1)]
        click.echo(table(["#", src, tgt, "units", "dice"], rows, numeric=[0, 3, 4]))
    if not candidates:
        click.echo("No candidates.", err=True)

"""``tm align``: two documents (or two folders of them) in two languages turned into translation units."""

from __future__ import annotations

from pathlib import Path

import click

from tm.cli.common import json_option, open_tm, progress_bar, settings, tm_option
from tm.errors import UsageError
from tm.render import dumps, table, width


def _store(ctx, tm_paths, importing: bool, reviewed: bool):
    """The TM to learn from (and import into): ``--tm`` files, else the database (none if it does not
    exist and nothing is to be imported)."""
    from tm.store import default_db_path

    db = settings(ctx).db
    if not tm_paths and not importing and not reviewed and not Path(db or default_db_path()).exists():
        return None
    return open_tm(ctx, tm_paths, readonly=not (importing or reviewed))


def _pairs(source: str, target: str, src: str, tgt: str, pattern: str | None) -> list[tuple[Path, Path]]:
    from tm.align.documents import pair_folders

    s, t = Path(source), Path(target)
    if s.is_dir() != t.is_dir():
        raise UsageError(
            "give two documents or two folders", hint="tm align SRC_DOC TGT_DOC or tm align DIR_SRC DIR_TGT"
        )
    if s.is_dir():
        return pair_folders(s, t, src, tgt, pattern)
    if pattern:
        raise UsageError("--pattern pairs the documents of two folders")
    return [(s, t)]


@click.command("align")
@click.argument("source", type=click.Path(exists=True), required=False)
@click.argument("target", type=click.Path(exists=True), required=False)
@click.option("--src", required=True, help="Language of SOURCE (e.g. zh-CN).")
@click.option("--tgt", required=True, help="Language of TARGET (e.g. en).")
@click.option("-o", "--output", type=click.Path(dir_okay=False), help="Write the aligned units as TMX 1.4b.")
@click.option(
    "--review",
    "review_path",
    type=click.Path(dir_okay=False),
    help="Write the review file (TSV: source, target, confidence, bead, status, document).",
)
@click.option("--html", "html_path", type=click.Path(dir_okay=False), help="Write a side-by-side HTML page.")
@click.option(
    "--min-confidence",
    type=click.FloatRange(0.0, 1.0),
    default=0.9,
    show_default=True,
    help="Beads below it are highlighted for review and left out of --import.",
)
@click.option(
    "--import", "do_import", is_flag=True, help="Put the beads at or above --min-confidence into the TM."
)
@click.option(
    "--confirmed", is_flag=True, help="With --import: record them as confirmed (default: unconfirmed)."
)
@click.option(
    "--pattern",
    help="Pair the documents of two folders by this name pattern: '*' pairs, '{lang}' is the language.",
)
@click.option(
    "--reviewed",
    "reviewed_path",
    type=click.Path(exists=True, dir_okay=False),
    help="Import a reviewed review file (its 'ok' rows, confirmed) instead of aligning.",
)
@click.option("--no-dictionary", is_flag=True, help="Do not use CC-CEDICT for zh-en.")
@tm_option
@json_option
@click.pass_context
def align_cmd(
    ctx,
    source,
    target,
    src,
    tgt,
    output,
    review_path,
    html_path,
    min_confidence,
    do_import,
    confirmed,
    pattern,
    reviewed_path,
    no_dictionary,
    tm_paths,
    as_json,
):
    """Align SOURCE and TARGET, a document and its translation, into translation units.

    Documents: .txt, .md, .html (and .docx where tm reads it), each split into sentences by tm's rules
    and aligned paragraph by paragraph, then sentence by sentence (1-1, 1-2, 2-1, 2-2, 1-0, 0-1). The
    cost learns from the TM's units of the language pair (--db or --tm) and, for zh-en, CC-CEDICT.
    Each bead gets a calibrated confidence (0-1). Two folders: documents paired by file name (or by
    the language code in it, or --pattern). Prints the beads; -o, --review, --html write files.

    \b
    Examples:
      tm align release.zh.txt release.en.txt --src zh --tgt en -o release.tmx --review release.tsv
      tm align archive/zh archive/ru --src zh --tgt ru --pattern '*.{lang}.html' --import
      tm align a.zh.txt a.en.txt --src zh --tgt en --html check.html --import --confirmed --min-confidence 0.8
      tm align --reviewed release.tsv --src zh --tgt en      # the rows marked ok, into the TM, confirmed
    """
    from tm.lang import normalize

    src, tgt = normalize(src), normalize(tgt)
    if reviewed_path:
        if source or target:
            raise UsageError("--reviewed imports a review file; give no documents with it")
        _import_reviewed(ctx, reviewed_path, src, tgt, tm_paths, as_json)
        return
    if not source or not target:
        raise UsageError("give SOURCE and TARGET (two documents or two folders)")
    if confirmed and not do_import:
        raise UsageError("--confirmed goes with --import")
    if do_import and tm_paths:
        raise UsageError("--import writes into the database (--db), not into --tm files")
    from tm.align.documents import align_documents
    from tm.align.output import import_units, review_tsv, units, write_text, write_units

    pairs = _pairs(source, target, src, tgt, pattern)
    store = _store(ctx, tm_paths, do_import, False)
    results = []
    try:
        with progress_bar(len(pairs) if len(pairs) > 1 else 0, "Aligning") as advance:
            for s, t in pairs:
                results.append(align_documents(s, t, src, tgt, store=store, use_dictionary=not no_dictionary))
                advance(1)
        kept = units(results, min_confidence=min_confidence, confirmed=confirmed)
        if output:
            write_units(output, units(results), src)
        if review_path:
            write_text(review_path, review_tsv(results, min_confidence))
        if html_path:
            from tm.align.html import alignment_html

            write_text(html_path, alignment_html(results, min_confidence))
        imported = None
        if do_import:
            origin = (
                str(Path(source).resolve())
                if len(pairs) > 1
                else f"{Path(source).resolve()} | {Path(target).resolve()}"
            )
            imported = import_units(store, kept, origin, src, tgt)
    finally:
        if store is not None:
            store.close()
    _print(results, min_confidence, as_json, imported, output, review_path, html_path)


def _print(results, min_confidence, as_json, imported, output, review_path, html_path) -> None:
    if as_json:
        data = {
            "min_confidence": min_confidence,
            "pairs": [
                {
                    "source": r.src_path,
                    "target": r.tgt_path,
                    "src": r.alignment.src,
                    "tgt": r.alignment.tgt,
                    "signature": r.alignment.signature,
                    "beads": [
                        {
                            "src": list(b.src),
                            "tgt": list(b.tgt),
                            "bead": b.kind,
                            "confidence": round(b.confidence, 4),
                            "source": r.alignment.texts(b)[0],
                            "target": r.alignment.texts(b)[1],
                        }
                        for b in r.alignment.beads
                    ],
                }
                for r in results
            ],
        }
        if imported is not None:
            data["imported"] = {"added": imported[0], "merged": imported[1]}
        click.echo(dumps(data))
    else:
        for r in results:
            a = r.alignment
            rows = []
            for b in a.beads:
                s, t = a.texts(b)
                flag = "" if (not b.both or b.confidence >= min_confidence) else "check"
                rows.append((f"{b.confidence:.2f}", b.kind, flag, _short(s), _short(t)))
            if len(results) > 1:
                click.echo(f"{r.src_path} | {r.tgt_path}")
            click.echo(table(("Conf", "Bead", "", a.src, a.tgt), rows, numeric=(0,)))
            click.echo(f"Signature: {a.signature}\n")
    both = [b for r in results for b in r.alignment.beads if b.both]
    sure = sum(1 for b in both if b.confidence >= min_confidence)
    click.echo(
        f"{len(both)} aligned beads, {sure} at or above {min_confidence:.2f}, {len(both) - sure} to check",
        err=True,
    )
    for label, path in (("units", output), ("review file", review_path), ("page", html_path)):
        if path:
            click.echo(f"Wrote {path} ({label})", err=True)
    if imported is not None:
        click.echo(f"Imported {sure} units into the TM: {imported[0]} new, {imported[1]} merged", err=True)


def _short(text: str, columns: int = 48) -> str:
    """``text`` cut to ``columns`` terminal columns (a Han character takes two)."""
    if width(text) <= columns:
        return text
    out = ""
    for ch in text:
        if width(out + ch) > columns - 1:
            break
        out += ch
    return out + "…"


def _import_reviewed(ctx, path, src, tgt, tm_paths, as_json) -> None:
    from tm.align.output import import_units, read_review

    if tm_paths:
        raise UsageError("--reviewed writes into the database (--db), not into --tm files")
    unit_list, skipped = read_review(path, src, tgt)
    store = _store(ctx, (), False, True)
    try:
        added, merged = import_units(store, unit_list, str(Path(path).resolve()), src, tgt)
    finally:
        store.close()
    if as_json:
        click.echo(
            dumps(
                {
                    "review": str(path),
                    "imported": len(unit_list),
                    "added": added,
                    "merged": merged,
                    "skipped": skipped,
                }
            )
        )
    click.echo(
        f"Imported {len(unit_list)} reviewed units from {path} (confirmed): {added} new, {merged} merged; {skipped} rows not marked ok",
        err=True,
    )

"""``tm lookup``, ``tm concordance`` and ``tm index``: what the TM already holds for a sentence or a term."""

from __future__ import annotations

import contextlib
import sys
import time
from pathlib import Path

import click

from tm.cli.common import json_option, open_tm, progress_bar, settings, tm_option
from tm.cli.terms import termbase_option
from tm.render import dumps


def _colour() -> bool:
    return sys.stdout.isatty()


def _open(ctx, tm_paths=()):
    """The TM, writable so that lookups can bring the index up to date; a missing database is an error
    (opened read-only, which says so), not a new empty file."""
    from tm.store import default_db_path

    db = settings(ctx).db or default_db_path()
    return open_tm(ctx, tm_paths, readonly=not tm_paths and not Path(db).exists())


def _indexing(stack: contextlib.ExitStack, total: int):
    """Say why the first lookup after an import takes time, with a progress bar on a terminal."""
    if total >= 20000:
        click.echo(f"Indexing {total} new segment(s) for fuzzy lookup (once; see tm index)...", err=True)
    return stack.enter_context(progress_bar(total, "Indexing"))


def _match_json(m) -> dict:
    return {
        "score": m.score,
        "penalties": dict(m.penalties),
        "context": m.context,
        "source": m.source,
        "target": m.target,
        "source_lang": m.source_lang,
        "target_lang": m.target_lang,
        "origin": m.origin,
        "date": m.date,
        "unit_id": m.unit_id,
    }


def _print_matches(query: str, matches: list, colour: bool) -> None:
    from tm.match.diff import differences

    if not matches:
        click.echo(f"No match at or above the minimum score for: {query}")
        return
    for m in matches:
        label = f"{m.score:g}%" + (" context" if m.context else "")
        if colour:
            source = "".join(
                click.style(text, fg="yellow", bold=True) if changed else text
                for text, changed in differences(query, m.source)
            )
            label = click.style(f"{label:>8}", fg="green" if m.score >= 100 else "cyan", bold=True)
        else:
            source, label = m.source, f"{label:>8}"
        click.echo(f"{label}  {source}")
        click.echo(f"{'':>8}  {m.target}")
        details = [f"{name} -{points:g}" for name, points in m.penalties]
        details += [x for x in (m.origin, (m.date or "")[:10]) if x]
        if details:
            line = f"{'':>8}  " + " · ".join(details)
            click.echo(click.style(line, dim=True) if colour else line)


@click.command("lookup")
@click.argument("text")
@click.option("--src", required=True, help="Source language of TEXT (zh finds zh-CN, zh-Hans, ...).")
@click.option("--tgt", required=True, help="Target language of the suggestions.")
@click.option("--min-score", type=click.FloatRange(0, 101), default=70, show_default=True)
@click.option("--limit", type=click.IntRange(1), default=5, show_default=True, help="Matches per query.")
@click.option("--prev", "prev", help="The segment before TEXT (an exact match in the same context is 101).")
@click.option("--next", "nxt", help="The segment after TEXT.")
@json_option
@tm_option
@termbase_option
@click.pass_context
def lookup_cmd(ctx, text, src, tgt, min_score, limit, prev, nxt, as_json, tm_paths, termbase) -> None:
    """Fuzzy matches of TEXT in the TM, best first, with the penalties that lowered each score.

    TEXT of - reads one query per line from stdin and answers each in turn (the TM is opened once;
    with --json, one JSON object per line). On a terminal, what differs from TEXT is highlighted.

    \b
    Examples:
      tm lookup "2025年全球城市报告" --src zh --tgt en
      tm lookup "Save the file" --src en --tgt ru --min-score 50 --json
      cat segments.txt | tm lookup - --src zh --tgt en --json > matches.jsonl
    """
    from tm.match import Matcher
    from tm.terms import hits_json, hits_text, store_hits

    store = _open(ctx, tm_paths)
    try:
        matcher = Matcher(store, src, tgt, min_score=min_score, limit=limit)
        terms = store_hits(store, src, tgt, termbase)  # the termbase's renderings of the query's terms
        with contextlib.ExitStack() as stack:
            matcher.prepare(lambda total: _indexing(stack, total))
        queries = (line.rstrip("\r\n") for line in sys.stdin) if text == "-" else iter([text])
        colour = _colour() and not as_json
        for query in queries:
            if text == "-" and not query.strip():
                continue
            matches = matcher.lookup(query, prev=prev, next=nxt)
            hits = terms(query) if terms is not None else []
            if as_json:
                record = {"query": query, "matches": [_match_json(m) for m in matches]}
                if terms is not None:
                    record["terms"] = hits_json(hits)
                click.echo(dumps(record))
            else:
                if text == "-":
                    click.echo(click.style(f"» {query}", bold=True) if colour else f"» {query}")
                _print_matches(query, matches, colour)
                if hits:
                    click.echo(f"{'terms':>8}  {hits_text(hits)}")
    finally:
        store.close()


@click.command("concordance")
@click.argument("term")
@click.option("--lang", help="Language of the text to search (zh finds zh-CN, ...; default: every language).")
@click.option("--tgt", help="Language of the translation shown beside it (default: the unit's other one).")
@click.option("--limit", type=click.IntRange(1), default=20, show_default=True)
@json_option
@tm_option
@click.pass_context
def concordance_cmd(ctx, term, lang, tgt, limit, as_json, tm_paths) -> None:
    """Units whose text contains TERM (case-insensitive), newest first, the term highlighted.

    \b
    Examples:
      tm concordance 城市 --lang zh --tgt en
      tm concordance "memory" --lang en --json
      tm concordance Wink
    """
    from tm.match.concordance import concordance

    store = _open(ctx, tm_paths)
    try:
        hits = concordance(store, term, lang, tgt, limit=limit)
    finally:
        store.close()
    if as_json:
        click.echo(dumps({"term": term, "hits": [_hit_json(h) for h in hits]}))
        return
    if not hits:
        click.echo(f"No unit contains: {term}")
        return
    colour = _colour()
    for h in hits:
        source, pos = [], 0
        for start, end in h.spans:
            piece = h.source[start:end]
            source += [
                h.source[pos:start],
                click.style(piece, fg="yellow", bold=True) if colour else f"[{piece}]",
            ]
            pos = end
        source.append(h.source[pos:])
        click.echo("".join(source))
        if h.target is not None:
            click.echo(f"    {h.target}")
        details = " · ".join(x for x in (h.origin, (h.date or "")[:10]) if x)
        if details:
            click.echo(click.style(f"    {details}", dim=True) if colour else f"    {details}")


def _hit_json(h) -> dict:
    return {
        "source": h.source,
        "target": h.target,
        "source_lang": h.source_lang,
        "target_lang": h.target_lang,
        "spans": [list(s) for s in h.spans],
        "origin": h.origin,
        "date": h.date,
        "unit_id": h.unit_id,
    }


@click.command("index")
@click.option("--lang", "langs", multiple=True, help="Only these languages (default: every language).")
@json_option
@click.pass_context
def index_cmd(ctx, langs, as_json) -> None:
    """Bring the fuzzy-match index up to date now (lookups otherwise do it on first use).

    Only the units imported since the last lookup or index run are indexed.

    \b
    Examples:
      tm index
      tm index --lang zh --json
    """
    from tm.match.index import Index

    store = _open(ctx)
    try:
        codes = [c for lang in langs for c in store.resolve(lang)] if langs else store.languages()
        index = Index(store)
        pending = index.pending(codes)
        started = time.perf_counter()
        with progress_bar(pending, "Indexing") as advance:
            done = index.catch_up(codes, progress=advance)
        seconds = time.perf_counter() - started
    finally:
        store.close()
    if as_json:
        click.echo(dumps({"languages": codes, "indexed": done, "seconds": round(seconds, 3)}))
    else:
        click.echo(
            f"Indexed {done} variant(s) in {', '.join(codes) or 'no language'} ({seconds:.1f} s).", err=True
        )

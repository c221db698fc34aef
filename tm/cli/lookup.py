"""``tm lookup``, ``tm concordance`` and ``tm index``: what the TM already holds for a sentence or a term."""

from __future__ import annotations

import contextlib
import sys
import time

import click

from tm.bands import MIN_SCORE_FLOOR
from tm.cli.common import (
    db_option,
    filter_options,
    json_option,
    max_length_option,
    note_fallbacks,
    open_tm,
    penalty_option,
    progress_bar,
    settings,
    termbase_option,
    tm_option,
    unit_filter,
    warn,
)
from tm.errors import QueryTooLong, TmError, UsageError
from tm.render import counted, dumps
from tm.render.lookup import concordance_json, hits_text, lookup_json, matches_text, query_heading
from tm.store import exists


def _colour() -> bool:
    return sys.stdout.isatty()


def _open(ctx, tm_paths=()):
    """The TM, writable so that lookups can bring the index up to date; a missing database is an error
    (opened read-only, which says so), not a new empty file."""
    return open_tm(ctx, tm_paths, readonly=not tm_paths and not exists(settings(ctx).db))


def _indexing(stack: contextlib.ExitStack, total: int):
    """Say why the first lookup after an import takes time, with a progress bar on a terminal."""
    if total >= 20000:
        click.echo(
            f"Indexing {counted(total, 'new segment')} for fuzzy lookup (once; see tm index)...", err=True
        )
    return stack.enter_context(progress_bar(total, "Indexing"))


@click.command("lookup")
@click.argument("text")
@click.option("--src", required=True, help="Source language of TEXT (zh finds zh-CN, zh-Hans, ...).")
@click.option("--tgt", required=True, help="Target language of the suggestions.")
@click.option(
    "--min-score",
    type=click.FloatRange(MIN_SCORE_FLOOR, 101),
    default=70,
    show_default=True,
    help=f"Matches from this score up (not below {MIN_SCORE_FLOOR}: below it nearly every unit is a candidate).",
)
@max_length_option
@click.option("--limit", type=click.IntRange(1), default=5, show_default=True, help="Matches per query.")
@click.option(
    "--prev", "prev", help="The segment before TEXT (an exact match after the same segment is 101)."
)
@click.option("--next", "nxt", help="The segment after TEXT (reported when it matches too).")
@penalty_option
@filter_options
@json_option
@tm_option
@termbase_option
@db_option
@click.pass_context
def lookup_cmd(
    ctx,
    text,
    src,
    tgt,
    min_score,
    max_length,
    limit,
    prev,
    nxt,
    penalties,
    origins,
    since,
    statuses,
    as_json,
    tm_paths,
    termbase,
) -> None:
    """Fuzzy matches of TEXT in the TM, best first, with the penalties that lowered each score.

    TEXT of - reads one query per line from stdin and answers each in turn (the TM is opened once;
    with --json, one JSON object per line). On a terminal, what differs from TEXT is highlighted.
    Each match shows the TM's target as stored where numbers were carried into the suggestion, and
    the file it came from; a match from an unconfirmed unit costs --penalty status (5 points).
    With a termbase (--termbase, or one imported with tm terms import), the terms of TEXT follow with
    the termbase's renderings (JSON: "terms"). A query longer than --max-length characters is refused
    (from stdin: skipped with a warning, and the exit code is 1).

    \b
    Examples:
      tm lookup "2025年全球城市报告" --src zh --tgt en
      tm lookup "Save the file" --src en --tgt ru --min-score 50 --json
      tm lookup "Save the file" --src en --tgt ru --origin 'reviewed-*' --since 2025-01-01
      cat segments.txt | tm lookup - --src zh --tgt en --json > matches.jsonl
    """
    from tm.match import Matcher  # lazy: `tm --help` and the other commands start without it
    from tm.match.penalties import Policy, parse_penalties  # lazy: as tm.match above
    from tm.render.terms import hits_line  # lazy: `tm --help` and the other commands start without it
    from tm.terms import load_termbase, term_hits  # lazy: `tm --help` and the other commands start without it

    if text != "-" and not text.strip():
        raise UsageError(
            "the lookup text is empty", hint='give a sentence, e.g. tm lookup "城市" --src zh --tgt en'
        )
    policy = Policy(parse_penalties(penalties), unit_filter(origins, since, statuses) or Policy().where)
    store = _open(ctx, tm_paths)
    try:
        terms = load_termbase(store, termbase, warn)
        matcher = Matcher(
            store, src, tgt, min_score=min_score, limit=limit, policy=policy, max_length=max_length
        )
        note_fallbacks(store, src, tgt)
        with contextlib.ExitStack() as stack:
            matcher.prepare(lambda total: _indexing(stack, total))
        queries = (line.rstrip("\r\n") for line in sys.stdin) if text == "-" else iter([text])
        style = click.style if _colour() and not as_json else None
        refused = 0
        for number, query in enumerate(queries, start=1):
            if text == "-" and not query.strip():
                continue
            try:
                matches = matcher.lookup(query, prev=prev, next=nxt)
            except QueryTooLong as err:
                if text != "-":
                    raise
                refused += 1
                click.echo(f"Skipped: line {number}: {err.message}", err=True)
                continue
            hits = term_hits(query, src, tgt, termbase=terms) if terms is not None else None
            if as_json:
                click.echo(dumps(lookup_json(query, matches, hits)))
            else:
                if text == "-":
                    click.echo(query_heading(query, style))
                click.echo(matches_text(query, matches, style), err=not matches)  # No match: a message
                if hits:
                    click.echo(hits_line(hits))
    finally:
        store.close()
    if refused:
        raise TmError(
            f"{refused} quer{'y' if refused == 1 else 'ies'} longer than {max_length:,} characters skipped"
        )


@click.command("concordance")
@click.argument("term")
@click.option("--lang", help="Language of the text to search (zh finds zh-CN, ...; default: every language).")
@click.option("--tgt", help="Language of the translation shown beside it (default: the unit's other one).")
@click.option("--limit", type=click.IntRange(1), default=20, show_default=True, help="Units shown at most.")
@json_option
@tm_option
@db_option
@click.pass_context
def concordance_cmd(ctx, term, lang, tgt, limit, as_json, tm_paths) -> None:
    """Units whose text contains TERM (case-insensitive), newest first, the term highlighted.

    \b
    Examples:
      tm concordance 城市 --lang zh --tgt en
      tm concordance "memory" --lang en --json
      tm concordance Wink
    """
    from tm.match.concordance import concordance  # lazy: `tm --help` and the other commands start without it

    store = _open(ctx, tm_paths)
    try:
        note_fallbacks(store, lang, tgt)
        hits = concordance(store, term, lang, tgt, limit=limit)
    finally:
        store.close()
    if as_json:
        click.echo(dumps(concordance_json(term, hits)))
        return
    click.echo(hits_text(term, hits, click.style if _colour() else None), err=not hits)


@click.command("index")
@click.option("--lang", "langs", multiple=True, help="Only these languages (default: every language).")
@json_option
@db_option
@click.pass_context
def index_cmd(ctx, langs, as_json) -> None:
    """Bring the fuzzy-match index up to date now (lookups otherwise do it on first use).

    Only the units imported since the last lookup or index run are indexed.

    \b
    Examples:
      tm index
      tm index --lang zh --json
    """
    store = _open(ctx)
    try:
        codes = [c for lang in langs for c in store.resolve(lang)] if langs else store.languages()
        index = store.index
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
            f"Indexed {counted(done, 'variant')} in {', '.join(codes) or 'no language'} ({seconds:.1f} s).",
            err=True,
        )

"""Fuzzy matches and concordance hits: JSON objects, and text for a terminal (highlighted when the caller
gives a ``style``, such as ``click.style``; without one, plain text that a pipe can read)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from tm.render import Style, printable

if TYPE_CHECKING:  # types only: the CLI loads this module without loading tm.match
    from tm.match.concordance import Hit
    from tm.match.results import Match
    from tm.terms import TermHit


def match_json(m: Match) -> dict:
    """One match: score, penalties, which neighbours matched (``context``: ``prev``, ``prev+next`` or
    null), the TM's source and target as stored (``tm_source``, ``tm_target``; ``source`` is the same
    as ``tm_source``), the suggestion (``target``) and what was changed to make it (``adapted``,
    ``changes``, ``not_carried``), source and suggestion with their inline codes' content in place
    (``source_with_codes``, ``target_with_codes``; null without codes), the unit's status, origin (a
    file name), date and id."""
    return {
        "score": m.score,
        "penalties": dict(m.penalties),
        "context": m.context,
        "source": m.source,
        "target": m.target,
        "tm_source": m.source,
        "tm_target": m.tm_target,
        "adapted": m.adapted,
        "source_lang": m.source_lang,
        "target_lang": m.target_lang,
        "source_with_codes": m.source_with_codes,
        "target_with_codes": m.target_with_codes,
        "status": m.status,
        "origin": m.origin,
        "date": m.date,
        "unit_id": m.unit_id,
        "changes": [{"old": c.old, "new": c.new, "start": c.start, "end": c.end} for c in m.changes],
        "not_carried": list(m.not_carried),
    }


def lookup_json(query: str, matches: list[Match], terms: list[TermHit] | None = None) -> dict[str, Any]:
    """One query's answer: one JSON line per query when many are read from stdin; with ``terms`` (when
    there is a termbase), the term hits of the query (:func:`tm.render.terms.hits_json`)."""
    out: dict[str, Any] = {"query": query, "matches": [match_json(m) for m in matches]}
    if terms is not None:
        from tm.render.terms import hits_json  # lazy: tm.terms loads only when there is a termbase

        out["terms"] = hits_json(terms)
    return out


def matches_text(query: str, matches: list[Match], style: Style | None = None) -> str:
    """Each match as score, source (what differs from the query highlighted), target, penalties and
    where it came from."""
    if not matches:
        return f"No match at or above the minimum score for: {printable(query)}"
    lines = []
    for m in matches:
        label = f"{m.score:g}%" + (f" context: {m.context}" if m.context else "")
        shown = m.source_with_codes or m.source  # inline codes shown with their content
        if style is not None:
            from tm.match.diff import differences  # lazy: tm.match (rapidfuzz) costs every CLI start ~40 ms

            source = "".join(
                style(printable(text), fg="yellow", bold=True) if changed else printable(text)
                for text, changed in differences(query, shown)
            )
            label = style(f"{label:>8}", fg="green" if m.score >= 100 else "cyan", bold=True)
        else:
            source, label = printable(shown), f"{label:>8}"
        lines.append(f"{label}  {source}")
        lines.append(f"{'':>8}  {printable(m.target_with_codes or m.target)}")
        if m.adapted:  # the suggestion is not what the TM holds: show what it holds
            changed = printable("; ".join(f"{c.old} -> {c.new}" for c in m.changes))
            line = f"{'':>8}  TM target: {printable(m.tm_target)}  (changed: {changed})"
            lines.append(style(line, fg="yellow") if style is not None else line)
        details = [f"{name} -{points:g}" for name, points in m.penalties]
        details += ["unconfirmed"] if m.status != "confirmed" else []
        details += [printable(x) for x in (m.origin, (m.date or "")[:10]) if x]
        if details:
            line = f"{'':>8}  " + " · ".join(details)
            lines.append(style(line, dim=True) if style is not None else line)
        for reason in m.not_carried:
            line = f"{'':>8}  number not carried: {reason}"
            lines.append(style(line, fg="red") if style is not None else line)
    return "\n".join(lines)


def query_heading(query: str, style: Style | None = None) -> str:
    """The line above each query's matches when many are read from stdin."""
    shown = f"» {printable(query)}"
    return style(shown, bold=True) if style is not None else shown


def hit_json(h: Hit) -> dict:
    return {
        "source": h.source,
        "target": h.target,
        "source_lang": h.source_lang,
        "target_lang": h.target_lang,
        "spans": [list(s) for s in h.spans],
        "origin": h.origin,
        "date": h.date,
        "status": h.status,
        "source_with_codes": h.source_with_codes,
        "target_with_codes": h.target_with_codes,
        "unit_id": h.unit_id,
    }


def concordance_json(term: str, hits: list[Hit]) -> dict[str, Any]:
    return {"term": term, "hits": [hit_json(h) for h in hits]}


def hits_text(term: str, hits: list[Hit], style: Style | None = None) -> str:
    """Each hit's source with the term highlighted (``[term]`` without a style), its translation, and
    where and when it came."""
    if not hits:
        return f"No unit contains: {printable(term)}"
    lines = []
    for h in hits:
        source, pos = [], 0
        for start, end in h.spans:
            piece = printable(h.source[start:end])
            source += [
                printable(h.source[pos:start]),
                style(piece, fg="yellow", bold=True) if style is not None else f"[{piece}]",
            ]
            pos = end
        source.append(printable(h.source[pos:]))
        lines.append("".join(source))
        if h.target is not None:
            lines.append(f"    {printable(h.target_with_codes or h.target)}")
        marks = ["unconfirmed"] if h.status != "confirmed" else []
        details = " · ".join(marks + [printable(x) for x in (h.origin, (h.date or "")[:10]) if x])
        if details:
            lines.append(style(f"    {details}", dim=True) if style is not None else f"    {details}")
    return "\n".join(lines)

"""Reading units back from rows, the same for every backend: the variants a pair is made of, and the
newest date a merge kept."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import replace

from tm.model import Unit
from tm.store import codec


def best_pairs(rows: Iterable[tuple], rank: dict[str, int], trank: dict[str, int]) -> Iterator[tuple]:
    """(unit id, source, target) per unit of ``rows`` (unit id, lang, text, coded, meta; in unit and ord
    order): the best-ranked source and target variant (the first among equals); a code in both rankings
    counts as source."""
    current, best_s, best_t = None, None, None
    for unit_id, code, text, coded, meta in rows:
        if unit_id != current:
            if best_s is not None and best_t is not None:
                yield current, best_s[1], best_t[1]
            current, best_s, best_t = unit_id, None, None
        if code in rank:
            if best_s is None or rank[code] < best_s[0]:
                best_s = (rank[code], codec.variant_from_row(code, text, coded, meta))
        elif code in trank and (best_t is None or trank[code] < best_t[0]):
            best_t = (trank[code], codec.variant_from_row(code, text, coded, meta))
    if best_s is not None and best_t is not None:
        yield current, best_s[1], best_t[1]


def with_changed(unit: Unit, changed: str | None) -> Unit:
    """Merging keeps the newest date: show it as the unit's changedate."""
    if changed is None:
        return unit
    current = codec.iso_date(unit.attr("changedate")) or codec.iso_date(unit.attr("creationdate"))
    if current is None or current >= changed:
        return unit
    attrs = tuple((k, v) for k, v in unit.attrs if k != "changedate") + (
        ("changedate", codec.tmx_date(changed)),
    )
    return replace(unit, attrs=attrs)

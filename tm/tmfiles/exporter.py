"""Export a TM (or one language pair of it) as TMX or PO."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import replace
from pathlib import Path

from tm.errors import UsageError
from tm.formats import export_format
from tm.lang import distinct_pair
from tm.model import Issue, Unit
from tm.store.filters import UnitFilter


def _best(unit: Unit, codes: list[str]) -> str | None:
    present = set(unit.languages)
    for code in codes:
        if code in present:
            return code
    return None


def _bilingual(units: Iterator[Unit], src_codes: list[str], tgt_codes: list[str]) -> Iterator[Unit]:
    """Each unit reduced to its best source and target variant (units lacking either are left out)."""
    for unit in units:
        s, t = _best(unit, src_codes), _best(unit, tgt_codes)
        if s is None or t is None:
            continue
        keep = (
            tuple(v for v in unit.variants if v.lang == s)[:1]
            + tuple(v for v in unit.variants if v.lang == t)[:1]
        )
        yield replace(unit, variants=keep)


def export(
    store,
    out: str | Path,
    *,
    src: str | None,
    tgt: str | None = None,
    on_issue: Callable[[Issue], None] | None = None,
    where: UnitFilter | None = None,
) -> int:
    """Write the TM to ``out`` (TMX or PO by extension); returns the number of units written.

    TMX without ``tgt`` keeps every language of every unit holding ``src`` (every unit without ``src``);
    with ``tgt``, and always for PO, the best-matching source and target variant of each unit. ``where``
    keeps only the units it accepts (origin, date, status). Statuses are written (TMX ``x-tm-status``,
    PO ``#, fuzzy``), so that they come back on import.
    """
    fmt = export_format(out)
    if src and tgt:
        distinct_pair(src, tgt)
    src_codes = store.resolve(src) if src else []
    tgt_codes = store.resolve(tgt) if tgt else []
    if fmt == "po":
        if not src or not tgt:
            raise UsageError("a PO file holds one language pair", hint="give both --src and --tgt")
        from tm.formats.po import write_po  # lazy: polib loads only for PO

        units = _bilingual(store.units(src, where), src_codes, tgt_codes)
        return write_po(out, units, src=src_codes[0], tgt=tgt_codes[0], on_issue=on_issue)
    from tm.formats.tmx_write import write_tmx  # lazy: lxml loads only for TMX

    if tgt:
        return write_tmx(out, _bilingual(store.units(src, where), src_codes, tgt_codes), srclang=src_codes[0])
    return write_tmx(out, store.units(src, where), srclang=src_codes[0] if src_codes else "*all*")

"""Terminology: a termbase of concepts with terms per language (TBX, CSV), stored beside the TM, found in
text (Chinese terms of one or two characters, Russian in any inflected form) and proposed from the TM.
See docs/terminology.md.

``tm.terms.model`` holds the typed data and imports nothing else of tm, so that the formats and the
store can use it; the rest is a service (it may use match, store, formats, text, lang).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pragma: no cover
    from tm.terms.match import TermHit


def term_hits(text: str, src: str, tgt: str, *, termbase) -> list[TermHit]:
    """The termbase's terms found in ``text`` (language ``src``), each with its renderings in ``tgt``:
    ``[(start, end, source term, (target term, ...)), ...]``, left to right, longest first where they
    overlap. Lookups and pre-translation show these for each segment."""
    from tm.terms.match import checker_for

    return checker_for(termbase, src, tgt).hits(text)


def store_hits(store, src: str, tgt: str, path=None):
    """``term_hits`` bound to a termbase: the TBX/CSV file ``path`` if given, else the TM ``store``'s; None
    when there are no terms (callers then show nothing about terms)."""
    from tm.terms.repo import MemoryTermbase, store_termbase

    if path is not None:
        from tm.terms.io import read_termbase_file

        loaded = MemoryTermbase(read_termbase_file(path))
    else:
        termbase = store_termbase(store)
        if not termbase.count():
            return None
        loaded = MemoryTermbase(termbase.concepts())
    return lambda text: term_hits(text, src, tgt, termbase=loaded)


def hits_json(hits: list[TermHit]) -> list[dict]:
    return [{"start": h.start, "end": h.end, "source": h.source, "targets": list(h.targets)} for h in hits]


def hits_text(hits: list[TermHit]) -> str:
    """``中国馆 → China Pavilion; 科萨里姆 → Kosarim / Косарим``"""
    return "; ".join(f"{h.source} → {' / '.join(h.targets) or '?'}" for h in hits)

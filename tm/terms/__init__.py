"""Terminology: a termbase of concepts with terms per language (TBX, CSV), stored beside the TM, found in
text (Chinese terms of one or two characters, Russian in any inflected form) and proposed from the TM.
See docs/terminology.md.

The typed data (``Concept``, ``Term``) is in :mod:`tm.model`, so that formats and store can build and keep
it; the storage protocol is :class:`tm.store.protocol.Termbase`.
"""

from __future__ import annotations

from tm.store import Termbase
from tm.terms.match import TermHit, checker_for
from tm.terms.repo import MemoryTermbase, load_termbase, lookup_terms

__all__ = ["MemoryTermbase", "TermHit", "load_termbase", "lookup_terms", "note_text", "term_hits"]


def term_hits(text: str, src: str, tgt: str, *, termbase: Termbase) -> list[TermHit]:
    """The termbase's terms found in ``text`` (language ``src``), each with its renderings in ``tgt``:
    ``[(start, end, source term, (target term, ...)), ...]``, left to right, longest first where they
    overlap; forbidden and deprecated renderings left out. Lookups and pre-translation show these."""
    return checker_for(termbase, src, tgt).hits(text)


def note_text(hits: list[TermHit]) -> str:
    """The term hits of a segment as one line, as drafts carry them in a note or comment:
    ``中国馆 → China Pavilion; 科萨里姆 → Kosarim / Косарим`` (``?``: no rendering in the target language)."""
    return "; ".join(f"{h.source} → {' / '.join(h.targets) or '?'}" for h in hits)

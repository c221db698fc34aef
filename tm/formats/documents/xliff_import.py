"""XLIFF 1.2 and 2.x as a TM source: the confirmed translations of a reviewed file, as units.

A segment is imported when its target is confirmed (1.2: ``state`` absent, translated, final or
signed-off; 2.x: translated, reviewed or final) and not empty; a target identical to its source is kept
(a confirmed "keep as is"). Fuzzy targets (needs-review-*, new, initial) come only with ``include_fuzzy``
and are stored as fuzzy. The importer records the file as the units' origin and their order in it, which
gives lookups the neighbours for context matches. A draft's ``tm:unit`` names the TM unit a segment's
fill came from (``Unit.filled_from``), which the store may update (tm.store.revision).

Inline codes are kept as the TM holds them (see :mod:`tm.formats.documents.tmcodes`): TMX ``<bpt>``,
``<ept>``, ``<ph>`` and ``<it>`` holding the native code, so that ``tm export`` writes them and a later
pre-translation puts the document's codes where the translator put them.
"""

from __future__ import annotations

from collections.abc import Iterator

from tm.bands import parse_unit_ref
from tm.formats.documents.tmcodes import tm_variant
from tm.formats.documents.xliff import open_xliff
from tm.formats.reader import BilingualReader
from tm.model import Header, Unit


class XliffReader(BilingualReader):
    """Iterate over the confirmed (and, if asked, fuzzy) translations of an XLIFF file as units.

    Each ``<file>`` has its own languages: a file's ``source-language``/``target-language`` are its
    units' languages; ``src`` and ``tgt`` stand in only where a file does not say.
    """

    format = "xliff"
    what = "XLIFF"

    def _open(self) -> tuple[str, str]:
        self.doc = open_xliff(self.path)
        for issue in self.doc.issues:
            self.on_issue(issue)
        resolved: dict[tuple[str | None, str | None], tuple[str, str]] = {}
        self._langs: list[tuple[str, str]] = []
        for declared in self.doc.langs or [(self.doc.source_lang, self.doc.target_lang)]:
            if declared not in resolved:
                resolved[declared] = self.languages(*declared)
            self._langs.append(resolved[declared])
        src, tgt = self._langs[0]
        self.header = Header((("format", self.doc.format), ("srclang", src), ("tgtlang", tgt)))
        return src, tgt

    def __iter__(self) -> Iterator[Unit]:
        grouped = {k for group in self.doc.groups.values() for k in group[1:]}
        for position, seg in enumerate(self.doc.segments, start=1):
            self.position = position  # the segment's place in the document (skipped ones count)
            if seg.index in grouped:
                continue
            src, tgt = self._langs[seg.index]
            group = [self.doc.segments[k] for k in self.doc.groups.get(seg.index, [seg.index])]
            confirmed = all(s.confirmed for s in group)
            if not self._taken(all((s.target_text or "").strip() for s in group), not confirmed):
                continue
            # a target identical to its source is kept: a confirmed "keep as is" (a name, a URL)
            source, done = self.doc.tm_variants(seg.index)
            variants = (tm_variant(src, *source), tm_variant(tgt, *done))
            status = "confirmed" if confirmed else "fuzzy"
            yield Unit(variants, status=status, filled_from=parse_unit_ref(self.doc.filled_from(seg.index)))
        self.bytes_read = self.size

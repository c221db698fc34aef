"""What ``tm align`` does, as library calls: pair the documents, align each pair, write the units and the
review file, import the sure beads; and import a reviewed review file.

The command parses its options, calls :func:`document_pairs` (to size its progress bar) and
:func:`align_pairs`, and prints what :mod:`tm.render.align` makes of the :class:`AlignRun`.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from tm.align.documents import DocumentAlignment, align_documents, pair_folders
from tm.align.output import import_units, read_review, review_tsv, units, write_text, write_units
from tm.errors import UsageError
from tm.store import Termbase


@dataclass(frozen=True)
class AlignRun:
    """The alignments of one run and what was done with them."""

    results: tuple[DocumentAlignment, ...]
    min_confidence: float
    imported: tuple[int, int] | None = None  # (added, merged) with --import
    output: str | None = None  # the TMX written
    review: str | None = None  # the review file written

    @property
    def aligned(self) -> int:
        """Beads with both sides."""
        return sum(1 for r in self.results for b in r.alignment.beads if b.both)

    @property
    def omitted(self) -> int:
        """Beads of source sentences without a translation (1-0): a sentence the translation left out."""
        return sum(1 for r in self.results for b in r.alignment.beads if b.src and not b.tgt)

    @property
    def added(self) -> int:
        """Beads of target sentences without a source (0-1): a sentence the translation added."""
        return sum(1 for r in self.results for b in r.alignment.beads if b.tgt and not b.src)

    @property
    def to_check(self) -> int:
        """Beads a reviewer must look at: aligned ones below the minimum confidence and every one-sided
        bead (whatever its confidence: an omission or an addition is for a person to judge); the review
        file marks the same beads ``check``."""
        return self.aligned - self.sure + self.omitted + self.added

    @property
    def sure(self) -> int:
        """Beads with both sides at or above the minimum confidence (what --import puts in the TM)."""
        return sum(
            1
            for r in self.results
            for b in r.alignment.beads
            if b.both and b.confidence >= self.min_confidence
        )


@dataclass(frozen=True)
class ReviewImport:
    """What importing a reviewed review file did."""

    path: str
    imported: int
    added: int
    merged: int
    skipped: int  # rows not marked ok


def document_pairs(
    source: str | Path, target: str | Path, src: str, tgt: str, pattern: str | None = None
) -> list[tuple[Path, Path]]:
    """Two documents, or the pairs of documents of two folders (by name, or by ``pattern``)."""
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


def align_pairs(
    pairs: Sequence[tuple[Path, Path]],
    src: str,
    tgt: str,
    *,
    store=None,
    output: str | Path | None = None,
    review: str | Path | None = None,
    min_confidence: float = 0.9,
    do_import: bool = False,
    confirmed: bool = False,
    use_dictionary: bool = True,
    termbase: Termbase | None = None,
    term_pairs: Iterable[tuple[str, str]] = (),
    progress: Callable[[int], None] | None = None,
) -> AlignRun:
    """Align each pair of documents, learning from ``store`` (a :class:`tm.store.Store`, or None) and
    ``termbase`` (:func:`tm.terms.load_termbase`: the store's, or a TBX or CSV file's, or None);
    write every bead with both sides as TMX to ``output`` and every bead to the ``review`` file; with
    ``do_import``, put the beads at or above ``min_confidence`` into ``store`` (unconfirmed unless
    ``confirmed``), recorded as coming from the documents. ``progress`` is told of each pair done."""
    terms = list(term_pairs)
    results = []
    for s, t in pairs:
        results.append(
            align_documents(
                s,
                t,
                src,
                tgt,
                store=store,
                termbase=termbase,
                term_pairs=terms,
                use_dictionary=use_dictionary,
            )
        )
        if progress is not None:
            progress(1)
    if output:
        write_units(output, units(results), src)
    if review:
        write_text(review, review_tsv(results, min_confidence))
    imported = None
    if do_import:
        if store is None:
            raise UsageError("--import needs a TM to import into")
        kept = units(results, min_confidence=min_confidence, confirmed=confirmed)
        imported = import_units(store, kept, _origin(pairs), src, tgt)
    return AlignRun(
        tuple(results),
        min_confidence,
        imported,
        str(output) if output else None,
        str(review) if review else None,
    )


def _origin(pairs: Sequence[tuple[Path, Path]]) -> str:
    """Where imported beads are recorded as coming from: the two documents (the origin's name is
    ``release.zh.txt | release.en.txt``, told apart from another pair of that name by the source's
    folder), or the source folder."""
    if len(pairs) == 1:
        src, tgt = Path(pairs[0][0]).resolve(), Path(pairs[0][1])
        return str(src.parent / f"{src.name} | {tgt.name}")
    return os.path.commonpath([str(Path(s).resolve().parent) for s, _ in pairs])


def import_reviewed(store, path: str | Path, src: str, tgt: str) -> ReviewImport:
    """The rows of a reviewed review file marked ``ok``, into ``store`` as confirmed units."""
    unit_list, skipped = read_review(path, src, tgt)
    added, merged = import_units(store, unit_list, str(Path(path).resolve()), src, tgt)
    return ReviewImport(str(path), len(unit_list), added, merged, skipped)

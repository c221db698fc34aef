"""Pair the segments of several files: by key (PO msgctxt+msgid, XLIFF unit id, TMX tuid) or by position.

The first file gives the order. Plain-text files are paired by position and streamed; when any file
has no keys, all are paired by position: a file with keys against a text file is warned about (the
pairing holds only if both split the text alike) and the text file's blank lines are no segments there. A count or pairing mismatch is an error naming both sides' counts
and the first unpaired segment. In keyed files, a segment whose every reference is empty (untranslated) is
no reference at all: it is left out and counted in ``skipped``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from itertools import islice
from pathlib import Path

from tm.errors import FormatError, TmError, location
from tm.formats.bilingual import TEXT, count_lines
from tm.formats.registry import scored_format
from tm.scoring.inputs import InputFile, InputSegment, read_document, text_segments

Row = tuple[InputSegment, ...]


@dataclass
class Columns:
    """Paired segments of N files: ``rows()`` yields one tuple of N segments per pair, in order."""

    paths: tuple[str, ...]
    count: int
    rows: Callable[[], Iterator[Row]]
    skipped: int = 0
    keyed: bool = False
    notes: tuple[str, ...] = ()  # warnings about the pairing, for the report


def open_columns(paths: Sequence[str | Path], lang: str, *, ref_columns: range) -> Columns:
    """Pair the files in ``paths``; ``ref_columns`` says which are references (for skipping empty ones)."""
    names = tuple(str(p) for p in paths)
    formats = [scored_format(p) for p in names]
    if all(f == TEXT for f in formats):
        counts = [count_lines(p) for p in names]
        for i in range(1, len(names)):
            if counts[i] != counts[0]:
                _count_mismatch(names, counts, 0, i, lambda j, n: _text_segment(names[j], n))
        return Columns(names, counts[0], lambda: zip(*(text_segments(p) for p in names), strict=True))
    docs = [
        read_document(p, f, lang) if f != TEXT else InputFile(p, TEXT, _nonblank(p))
        for p, f in zip(names, formats, strict=True)
    ]
    for doc in docs:
        if not doc.segments:
            raise FormatError("no segments to score in this file", doc.path)
    if all(d.keyed for d in docs):
        rows = _pair_by_key(docs)
        kept = [r for r in rows if any(r[i].target for i in ref_columns)]
        return Columns(names, len(kept), lambda: iter(kept), skipped=len(rows) - len(kept), keyed=True)
    notes = _mixed(docs)
    counts = [len(d.segments) for d in docs]
    for i in range(1, len(docs)):
        if counts[i] != counts[0]:
            _count_mismatch(names, counts, 0, i, lambda j, n: docs[j].segments[n], notes)
    rows = list(zip(*(d.segments for d in docs), strict=True))
    return Columns(names, len(rows), lambda: iter(rows), notes=notes)


def _nonblank(path: str) -> tuple[InputSegment, ...]:
    """The lines of a text file paired with a PO, XLIFF, TMX or DOCX file: its blank lines (between
    paragraphs) are no segments, as the other file has none for them."""
    return tuple(s for s in text_segments(path) if s.target.strip())


def _mixed(docs: list[InputFile]) -> tuple[str, ...]:
    """A file whose segments carry ids paired by position with one that has none: the pairing holds only
    if both split the text alike (one sentence per line against a sentence-segmented XLIFF), which
    nothing checks; say so."""
    keyed = [d.path for d in docs if d.keyed]
    plain = [d.path for d in docs if not d.keyed]
    if not keyed:
        return ()
    return (
        f"{', '.join(keyed)} pairs by id but {', '.join(plain)} has no ids: paired by position (blank lines "
        "left out), which is right only if both have the same segments in the same order",
    )


def _text_segment(path: str, index: int) -> InputSegment:
    line = next(islice(text_segments(path), index, None))
    return line


def _describe(path: str, seg: InputSegment) -> str:
    text = seg.target if len(seg.target) <= 60 else seg.target[:57] + "..."
    where = location(path, seg.line or None)
    return f"{seg.label} ({where}: {text!r})"


def _count_mismatch(names, counts, a: int, b: int, segment_at, notes: tuple[str, ...] = ()) -> None:
    longer, shorter = (a, b) if counts[a] > counts[b] else (b, a)
    seg = segment_at(longer, counts[shorter])
    hint = "score a draft against the reference of the same document"
    if notes:  # ids against lines: most likely sentences against paragraphs
        hint = "a text file pairs with a file of ids one line per segment: give one sentence per line"
    raise TmError(
        f"{names[a]} has {counts[a]} segments and {names[b]} has {counts[b]}: "
        f"the first unpaired segment is {_describe(names[longer], seg)}, with no partner in {names[shorter]}",
        hint=hint,
    )


def _index(doc: InputFile) -> dict[tuple[str, ...], InputSegment]:
    index: dict[tuple[str, ...], InputSegment] = {}
    for seg in doc.segments:
        if seg.key in index:
            raise FormatError(
                f"{seg.label} occurs twice (also at line {index[seg.key].line}), so it cannot be paired by id",
                doc.path,
                seg.line,
            )
        index[seg.key] = seg  # type: ignore[index]
    return index


def _pair_by_key(docs: list[InputFile]) -> list[Row]:
    first = docs[0]
    indexes = [_index(d) for d in docs]
    for i in range(1, len(docs)):
        other = indexes[i]
        missing = next((s for s in first.segments if s.key not in other), None)
        extra = next((s for s in docs[i].segments if s.key not in indexes[0]), None)
        if missing is None and extra is None:
            continue
        if missing is not None:
            where, seg, partner = first.path, missing, docs[i].path
        else:
            where, seg, partner = docs[i].path, extra, first.path  # type: ignore[assignment]
        raise TmError(
            f"{first.path} has {len(first.segments)} segments and {docs[i].path} has "
            f"{len(docs[i].segments)}: the first unpaired segment is {_describe(where, seg)}, "
            f"with no partner in {partner}",
            hint="segments pair by id (PO: msgctxt + msgid; XLIFF: unit id; TMX: tuid)",
        )
    return [tuple(index[seg.key] for index in indexes) for seg in first.segments]  # type: ignore[index]

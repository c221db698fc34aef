"""Bilingual files as QA segments, read by tm's own readers (no reader of its own):

- XLIFF 1.2 / 2.x through :mod:`tm.formats.documents` (inline codes kept, whitespace as written);
- PO through :func:`tm.formats.bilingual.po_pairs` (every plural form paired with its msgid);
- TMX through :class:`tm.formats.tmx_read.TmxReader` (the source and target variants picked by language);
- plain text in pairs of files (source, then target), one segment per line, through
  :func:`tm.formats.bilingual.iter_lines`;
- DOCX in pairs of files (source, then translation), one segment per paragraph with text, through
  :func:`tm.formats.documents.docx.docx_paragraphs` (a document and its translation have the same
  paragraphs in the same order).

Files are told apart as ``tm score`` tells them (:func:`tm.formats.registry.scored_format`). tm's drafts
(``tm pretranslate`` output) are XLIFF, PO or TMX and are read as such.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from pathlib import Path

from tm.errors import FormatError, UsageError
from tm.formats.bilingual import DOCX, PO, TEXT, TMX, XLIFF, iter_lines, po_pairs
from tm.formats.documents import open_document
from tm.formats.registry import scored_format
from tm.lang import matching, resolve
from tm.model import Code, Issue, IssueSink, plain_text
from tm.qa.model import QaSegment

PAIRED = (TEXT, DOCX)  # formats that hold one language: a file and its translation come in pairs


def _codes(coded: str, codes: tuple[Code, ...]) -> tuple[str, ...]:
    """The codes in the order their placeholders stand in ``coded``."""
    out = []
    for ch in coded:
        n = ord(ch) - 0xE000
        if 0 <= n <= 0x18FF and n < len(codes):
            out.append(codes[n].xml)
    return tuple(out)


def group_files(files: Sequence[str | Path]) -> list[tuple[str, str | None]]:
    """``(file, None)`` for bilingual files and ``(source, target)`` for plain-text and DOCX pairs: those
    come two by two, the source first, both of one format."""
    out: list[tuple[str, str | None]] = []
    pending: tuple[str, str] | None = None
    for f in files:
        fmt = scored_format(f)
        if fmt not in PAIRED:
            out.append((str(f), None))
        elif pending is None:
            pending = (str(f), fmt)
        elif pending[1] != fmt:
            raise UsageError(
                f"{f}: the translation of {pending[0]} must be a {_NAMES[pending[1]]} too",
                hint="give a source file and its translation in the same format",
            )
        else:
            out.append((pending[0], str(f)))
            pending = None
    if pending is not None:
        raise UsageError(
            f"{pending[0]}: a {_NAMES[pending[1]]} needs its translation next to it",
            hint="give them in pairs: tm qa source.zh.txt target.en.txt --src zh --tgt en",
        )
    return out


_NAMES = {TEXT: "plain-text file", DOCX: "DOCX file"}


def read_segments(
    path: str, target: str | None, src: str, tgt: str, on_issue: IssueSink | None = None
) -> list[QaSegment]:
    """The segments of one bilingual file, or of a pair of plain-text files; what the reader removed or
    skipped (a TMX unit without a language, an XLIFF unit without a source) goes to ``on_issue``."""
    report = on_issue if on_issue is not None else _ignore
    if target is not None:
        if scored_format(path) == DOCX:
            return _docx_pair(path, target, src, tgt)
        return list(_text_pair(path, target))
    fmt = scored_format(path)
    if fmt == XLIFF:
        return _xliff(path, report)
    if fmt == PO:
        return _po(path, tgt)
    if fmt == TMX:
        return _tmx(path, src, tgt, report)
    raise FormatError("not a bilingual file", path)  # pragma: no cover - TEXT is paired above


def _text_pair(source: str, target: str) -> Iterator[QaSegment]:
    sources = list(iter_lines(source))
    targets = list(iter_lines(target))
    if len(sources) != len(targets):
        raise FormatError(
            f"has {len(sources)} lines and its translation {target} has {len(targets)}",
            source,
            hint="plain-text pairs are aligned line by line",
        )
    for n, (s, t) in enumerate(zip(sources, targets, strict=True), start=1):
        if not s.strip() and not t.strip():
            continue
        yield QaSegment(target, str(n), f"line:{n}", s, t, n)


def _docx_pair(source: str, target: str, src: str, tgt: str) -> list[QaSegment]:
    """A DOCX and its translation, paragraph by paragraph: tabs and breaks as whitespace, the formatting
    as the inline codes (fonts and language aside, which follow the language by design)."""
    from tm.formats.documents.docx import docx_paragraphs  # lazy: lxml loads only for DOCX

    sources = list(docx_paragraphs(source, src))
    targets = list(docx_paragraphs(target, tgt))
    if len(sources) != len(targets):
        raise FormatError(
            f"has {len(sources)} paragraphs with text and its translation {target} has {len(targets)}",
            source,
            hint="a DOCX and its translation are paired paragraph by paragraph",
        )
    return [
        QaSegment(
            target,
            str(s.number),
            f"paragraph:{s.number}",
            s.written,
            t.written,
            None,
            s.formatting,
            t.formatting,
        )
        for s, t in zip(sources, targets, strict=True)
    ]


def _ignore(issue: Issue) -> None:
    pass


def _xliff(path: str, on_issue: IssueSink) -> list[QaSegment]:
    doc = open_document(path)
    for issue in doc.issues:
        on_issue(issue)
    out = []
    for seg in doc.segments:
        (src_coded, src_codes), target = doc.tm_variants(seg.index)
        tgt_coded, tgt_codes = target if target is not None else ("", ())
        holder = doc.holder(seg.index)  # type: ignore[attr-defined]
        out.append(
            QaSegment(
                path,
                seg.id,
                f"unit:{seg.id}",
                plain_text(seg.coded, seg.codes),
                plain_text(seg.target or "", seg.target_codes),
                holder.sourceline,
                _codes(src_coded, src_codes),
                _codes(tgt_coded, tgt_codes),
                fuzzy=seg.target is not None and not seg.confirmed,
            )
        )
    return out


def _po(path: str, tgt: str) -> list[QaSegment]:
    out = []
    for pair in po_pairs(path)[1]:
        key = "\x04".join(
            ("po", pair.context, pair.msgid, *(() if pair.plural is None else (str(pair.plural),)))
        )
        out.append(QaSegment(path, str(pair.line), f"po:{key}", pair.source, pair.target, pair.line))
    return out


def _tmx(path: str, src: str, tgt: str, on_issue: IssueSink) -> list[QaSegment]:
    from tm.formats.tmx_read import TmxReader  # lazy: lxml loads only for TMX

    out = []
    seen: set[str] = set()
    for n, unit in enumerate(TmxReader(path, on_issue=on_issue), start=1):
        langs = unit.languages
        seen.update(langs)
        s, t = matching(src, langs), matching(tgt, langs)
        if not s:
            continue
        sv = unit.variant(s[0])
        tv = unit.variant(t[0]) if t else None
        tuid = unit.attr("tuid")
        ident = tuid or f"#{n}"
        out.append(
            QaSegment(
                path,
                ident,
                f"tu:{tuid}" if tuid else f"tu-source:{sv.text}",
                plain_text(sv.content, sv.codes),
                plain_text(tv.content, tv.codes) if tv else "",
                unit.line,
                _codes(sv.content, sv.codes),
                _codes(tv.content, tv.codes) if tv else (),
                fuzzy=unit.status == "fuzzy",
            )
        )
    resolve(src, seen, what=path)
    resolve(tgt, seen, what=path)
    return out

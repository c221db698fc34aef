"""The files a reviewer scores: plain text, PO, XLIFF 1.2 / 2.x, TMX and DOCX, read as segments to pair.

Plain text is one segment per line (trailing whitespace removed, as the ``sacrebleu`` command does) and is
streamed, so that a corpus of millions of lines is never held in memory. PO, XLIFF and TMX are read whole:
their segments carry a key (msgctxt + msgid, unit id, tuid) so that a draft and its reference pair by key,
not by position. A pre-translated file also carries the match band of each segment (see docs/scoring.md).

Plain text and PO are read by :mod:`tm.formats.bilingual`, XLIFF and DOCX by :mod:`tm.formats.documents`
(polib; lxml with entities and the network off), TMX by :mod:`tm.formats.tmx_read`: the one reader of each
format, which ``tm qa`` reads too; here only what scoring needs is taken from them (keys, labels, bands). A
DOCX is its paragraphs with text, paired by position (a draft and its reference come from one source).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from tm.bands import TM_NS, TMX_BAND_PROP, TMX_SCORE_PROP
from tm.errors import FormatError, LanguageError
from tm.formats.bilingual import DOCX, PO, TMX, XLIFF, iter_lines, po_pairs
from tm.lang import matching, rank, resolve
from tm.model import plain_text
from tm.scoring.marks import (
    RecordedMatch,
    match_from_attributes,
    match_from_comment,
    match_from_score,
    split_unit_values,
)


@dataclass(frozen=True)
class InputSegment:
    """One segment of a file: its target text and what pairs it with the other files."""

    target: str
    key: tuple[str, ...] | None = None  # None: paired by position
    source: str | None = None
    line: int | None = None
    label: str = ""  # how to name it in a message: 'msgid "Open"', 'trans-unit "12"', 'line 7'
    match: RecordedMatch | None = None  # the band tm pretranslate recorded, if any
    id: str = ""  # its id in its file: the line (text, PO), the unit id (XLIFF, "unit/segment" in 2.x),
    # the tuid (TMX; "#n" without one), the paragraph's number (DOCX)


@dataclass(frozen=True)
class InputFile:
    """A file read whole (PO, XLIFF, TMX)."""

    path: str
    format: str
    segments: tuple[InputSegment, ...]

    @property
    def keyed(self) -> bool:
        return all(s.key is not None for s in self.segments)


def text_segments(path: str | Path) -> Iterator[InputSegment]:
    for n, line in enumerate(iter_lines(path), start=1):
        yield InputSegment(line, line=n, label=f"line {n}", id=str(n))


def read_document(path: str | Path, fmt: str, lang: str) -> InputFile:
    """Read a PO, XLIFF, TMX or DOCX file whole; ``lang`` picks the TMX variant (and is checked in XLIFF)."""
    if fmt == PO:
        segments = _read_po(path, lang)
    elif fmt == XLIFF:
        segments = _read_xliff(path, lang)
    elif fmt == TMX:
        segments = _read_tmx(path, lang)
    elif fmt == DOCX:
        segments = _read_docx(path, lang)
    else:
        segments = list(text_segments(path))
    return InputFile(str(path), fmt, tuple(segments))


# --- PO ---------------------------------------------------------------------------------------------------


def _read_po(path: str | Path, lang: str) -> list[InputSegment]:
    declared, pairs = po_pairs(path)
    _check_lang(path, declared, lang)
    out = []
    for pair in pairs:
        label = (f"msgctxt {pair.context!r} " if pair.context else "") + f"msgid {pair.msgid!r}"
        key: tuple[str, ...] = ("po", pair.context, pair.msgid)
        if pair.plural is not None:
            key, label = (*key, str(pair.plural)), f"{label} msgstr[{pair.plural}]"
        match = match_from_comment(pair.comment)
        out.append(InputSegment(pair.target, key, pair.source, pair.line, label, match, pair.id))
    return out


# --- XLIFF ----------------------------------------------------------------------------------------------


def _local(tag: object) -> str:
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def _check_lang(path: str | Path, declared: str | None, lang: str) -> None:
    if not declared:
        return
    try:
        unrelated = rank(lang, declared) is None and rank(declared, lang) is None
    except LanguageError:  # a declaration tm cannot parse (ru_RU@latin): not a reason to refuse the file
        return
    if unrelated:
        raise LanguageError(
            f"{path}: the targets are in {declared}, not {lang}",
            hint="give --lang the language of the translations",
        )


def _read_xliff(path: str | Path, lang: str) -> list[InputSegment]:
    """The segments of an XLIFF 1.2 or 2.x file as :mod:`tm.formats.documents` reads them (inline codes
    left out of the text), with the band tm's pre-translation recorded on each unit."""
    from tm.formats.documents.xliff import open_xliff  # lazy: lxml loads only for XML inputs

    doc = open_xliff(path)
    version2 = doc.format == "xliff2"
    files = doc.files
    for file_el in files:
        declared = file_el.getparent().get("trgLang") if version2 else file_el.get("target-language")
        _check_lang(path, declared, lang)
    unit_matches: dict[object, dict[int, RecordedMatch]] = {}
    out: list[InputSegment] = []
    for seg in doc.segments:
        holder = doc.holder(seg.index)
        number, file_el = doc.file_of(seg.index)
        scope = (file_el.get("original") or file_el.get("id") or str(number),) if len(files) > 1 else ()
        target = plain_text(seg.target, seg.target_codes) if seg.target is not None else ""
        if version2:
            unit = holder.getparent()
            segs = [s for s in unit if _local(s.tag) == "segment"]
            if unit not in unit_matches:
                unit_matches[unit] = _xliff2_matches(unit, segs)
            uid, sid = unit.get("id") or "", holder.get("id") or str(segs.index(holder))
            key, label, ident = ("xliff", *scope, uid, sid), f"unit {uid!r} segment {sid!r}", f"{uid}/{sid}"
            match = unit_matches[unit].get(segs.index(holder))
        else:
            uid = seg.id
            key, label, ident = ("xliff", *scope, uid), f"trans-unit {uid!r}", uid
            match = _xliff1_match(holder)
        out.append(InputSegment(target, key, seg.source, holder.sourceline, label, match, ident))
    return out


def _child(el, name: str):
    for child in el:
        if _local(child.tag) == name:
            return child
    return None


def _tm_attributes(el) -> dict[str, str]:
    prefix = "{" + TM_NS + "}"
    return {k[len(prefix) :]: v for k, v in el.attrib.items() if k.startswith(prefix)}


def _xliff1_match(unit) -> RecordedMatch | None:
    match = match_from_attributes(_tm_attributes(unit))
    if match is None:
        # the first proposal with a quality (a draft kept as alttranstype="previous-version" has none)
        alt = next((c for c in unit if _local(c.tag) == "alt-trans" and c.get("match-quality")), None)
        if alt is not None:
            match = match_from_score(alt.get("match-quality", ""), origin=alt.get("origin"))
    return match


_CONFIRMED_20 = frozenset({"reviewed", "final"})


def _xliff2_matches(unit, segs: list) -> dict[int, RecordedMatch]:
    """The bands tm recorded on a 2.x unit, by segment: one value per segment it filled."""
    filled = [
        n
        for n, seg in enumerate(segs)
        if _child(seg, "target") is not None and seg.get("state") not in _CONFIRMED_20
    ]
    return split_unit_values(_tm_attributes(unit), filled, len(segs))


# --- DOCX ------------------------------------------------------------------------------------------------


def _read_docx(path: str | Path, lang: str) -> list[InputSegment]:
    """A DOCX file's paragraphs with text, in reading order: two translations of one document pair by
    paragraph (by position)."""
    from tm.formats.documents.docx import docx_paragraphs  # lazy: lxml loads only for XML inputs

    return [
        InputSegment(p.text, None, None, None, f"paragraph {p.number} ({p.role}, {p.part})", id=str(p.number))
        for p in docx_paragraphs(path, lang)
    ]


# --- TMX ------------------------------------------------------------------------------------------------


def _read_tmx(path: str | Path, lang: str) -> list[InputSegment]:
    from tm.formats.tmx_read import TmxReader  # lazy: lxml loads only for XML inputs

    out: list[InputSegment] = []
    seen: set[str] = set()
    issues: list = []
    for n, unit in enumerate(TmxReader(path, on_issue=issues.append), start=1):
        langs = unit.languages
        seen.update(langs)
        found = matching(lang, langs)
        target = unit.variant(found[0]).text if found else ""
        others = [v for v in unit.variants if not found or v.lang != found[0]]
        tuid = unit.attr("tuid")
        key = ("tmx", tuid) if tuid else None
        label = f"tu {tuid!r}" if tuid else f"tu #{n}"
        props = {p.type: p.text for p in unit.props if p.type in (TMX_SCORE_PROP, TMX_BAND_PROP)}
        match = match_from_attributes(
            {"score": props.get(TMX_SCORE_PROP, ""), "band": props.get(TMX_BAND_PROP, "")}
        )
        ident = tuid or f"#{n}"
        out.append(
            InputSegment(target, key, others[0].text if others else None, unit.line, label, match, ident)
        )
    if not seen:
        first = f" ({len(issues)} skipped; first: {issues[0]})" if issues else ""
        raise FormatError(f"no translation unit with text in this TMX file{first}", path)
    resolve(lang, seen, what=str(path))  # a TMX without the language at all: say which it has
    return out

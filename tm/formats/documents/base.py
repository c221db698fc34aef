"""What every document reader gives: segments with coded source (and existing targets), and a way back.

A document is opened, its segments read, and targets written back without loss: what tm does not
translate (markup, code spans, skeleton) is copied unchanged. Inline codes are placeholders
(``U+E000 + n``) in ``Segment.coded``; ``Segment.codes[n]`` says what stood there.
"""

from __future__ import annotations

import re
from abc import ABC, abstractmethod
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from tm.lang import primary
from tm.model import Code, Issue, is_placeholder, placeholder, plain_text

_SPACES = re.compile(r"\s+")
PRIVATE = re.compile("[\ue000-\uf8ff]")  # Unicode private use: where tm's placeholders live
LITERAL = "literal"  # the kind of a code that stands for a private-use character of the document itself
CJK_LANGUAGES = frozenset({"zh", "ja", "ko", "yue", "wuu"})
UNTRANSLATED_OPEN = "⟦"  # marks a segment left in the source language in a target document
UNTRANSLATED_CLOSE = "⟧"


@dataclass(frozen=True)
class Segment:
    """One translatable segment of a document."""

    index: int  # position in the document, from 0
    id: str  # stable within the document: trans-unit id, PO entry key, or the index
    coded: str  # source text with placeholders for inline codes
    codes: tuple[Code, ...] = ()
    target: str | None = None  # the existing target where the format holds targets (coded: its own codes)
    confirmed: bool = False  # the existing target is a confirmed translation (not fuzzy or new)
    context: str | None = None  # msgctxt, resname
    block: int | None = None  # index of the first segment of its block (paragraph), where there are blocks
    target_codes: tuple[Code, ...] = ()  # the existing target's own codes, where it has its own (XLIFF)

    @property
    def source(self) -> str:
        """The plain source text: a code that shows as whitespace (a tab, a line break) as that, every
        other code removed, runs of whitespace as one space."""
        return _SPACES.sub(" ", plain_text(self.coded, self.codes)).strip()

    @property
    def query(self) -> str:
        """What a lookup sees: the source with its inline codes as placeholders, so that a TM unit with
        the same codes is an exact match and one without them is penalised."""
        return _SPACES.sub(" ", self.coded).strip()

    @property
    def target_text(self) -> str | None:
        if self.target is None:
            return None
        return _SPACES.sub(" ", plain_text(self.target, self.target_codes)).strip()


@dataclass(frozen=True)
class Candidate:
    """A match offered for a segment (kept in XLIFF ``alt-trans``): the TM's source and target as stored."""

    source: str
    target: str
    score: int
    origin: str | None = None
    lang: str | None = None  # the TM's code of the target (None: the draft's target language)


@dataclass(frozen=True)
class Fill:
    """What pre-translation puts into one segment, and where it came from.

    ``target`` is the suggestion as filled (numbers carried, the document's codes put in); ``tm_source``
    and ``tm_target`` are the TM unit's texts as stored, ``changes`` the (old, new) values the fill
    changed in the TM's target, ``not_carried`` the numbers (or addresses) of the segment that it did not
    carry into the TM's target, each with the reason (the fill is then the TM's target as stored, with
    the TM's old numbers: :attr:`tm.match.Match.not_carried`). ``unit`` names the unit (``tm.bands.unit_ref``: id and version), so that
    importing the reviewed draft updates it; ``confirmed`` is the unit's status.
    """

    target: str  # coded with the document's own placeholders
    score: int
    band: str
    origin: str | None = None
    alternatives: tuple[Candidate, ...] = ()
    unit: str | None = None
    confirmed: bool = True
    tm_source: str | None = None
    tm_target: str | None = None
    changes: tuple[tuple[str, str], ...] = ()
    not_carried: tuple[str, ...] = ()
    lang: str | None = None  # the TM's code of the target the fill came from (None: the draft's)

    @property
    def fuzzy(self) -> bool:
        """Not a translation to take as it is: below 100, or from an unconfirmed unit."""
        return self.score < 100 or not self.confirmed

    @property
    def adapted(self) -> bool:
        """The fill is not the TM's target as stored: numbers (or URLs) were changed in it."""
        return bool(self.changes)

    def changes_text(self) -> str:
        """What the fill changed, for a note: ``80,000 -> 90,000; 4月10日 -> 4月11日``."""
        return "; ".join(f"{old} -> {new}" for old, new in self.changes)

    def not_carried_text(self) -> str:
        """What the fill did not carry, and why: ``5月 -> 6月: the target has no date equal to 5月``."""
        return "; ".join(self.not_carried)


def provenance_notes(fill: Fill) -> list[str]:
    """What a reviewer must know about a fill beyond its score: that it changed the TM's target (with
    the TM's target as stored), that it kept numbers of the TM's target that the segment does not have,
    that its unit is unconfirmed. Bilingual drafts carry these as notes."""
    notes = []
    if fill.adapted:
        notes.append(f"tm changed the TM's target: {fill.changes_text()}. The TM's target: {fill.tm_target}")
    if fill.not_carried:
        notes.append(
            f"Numbers NOT carried into the TM's target (it keeps the TM's own): {fill.not_carried_text()}."
            " Correct them before taking the fill."
        )
    if not fill.confirmed:
        notes.append("The TM unit of this fill is unconfirmed (fuzzy): review it before taking it.")
    return notes


class Document(ABC):
    """A document opened for translation. Subclasses read in ``__init__`` and write in :meth:`write`."""

    format: str = "?"
    holds_targets: bool = False  # PO and XLIFF carry targets; txt, md and html are written as target docs

    def __init__(self, path: str | Path, lang: str | None = None) -> None:
        self.path = Path(path)
        self.source_lang: str | None = lang
        self.target_lang: str | None = None
        self.segments: list[Segment] = []
        self.issues: list[Issue] = []  # what reading found and repaired (removed characters, entities...)

    @abstractmethod
    def write(
        self, out: str | Path, fills: Mapping[int, Fill], tgt: str, notes: Mapping[int, str] | None = None
    ) -> None:
        """Write the document with ``fills`` (by segment index) as targets in language ``tgt``.

        Formats that hold targets keep confirmed existing translations, declare ``source_lang`` and
        ``tgt`` (the TM's own codes, as a request resolved: ``zh`` -> ``zh-CN``) where the file declares
        none or a code they answer, and write ``notes`` (by segment index: the term hits of a segment) as
        notes or comments; target documents (txt, md, html, docx) keep the source of a segment without a
        fill, marked ``⟦...⟧``, and have no place for notes.
        """


def literal_codes(text: str, codes: list[Code]) -> str:
    """``text`` with each private-use character in it (a symbol font's glyph, an in-house character)
    made a code of its own, appended to ``codes``: tm's placeholders are private-use characters too, so
    the document's own must never be read as one. The code's markup is the character, so that writing
    the document back gives it as it was (as the DOCX reader does with such glyphs)."""
    if not PRIVATE.search(text):
        return text
    out = []
    for ch in text:
        if is_placeholder(ch):
            codes.append(Code(LITERAL, ch))
            out.append(placeholder(len(codes) - 1))
        else:
            out.append(ch)
    return "".join(out)


def expand_codes(coded: str, codes: tuple[Code, ...]) -> str:
    """Coded text with each placeholder replaced by its code's markup (placeholders without a code left
    out)."""
    out = []
    for ch in coded:
        if is_placeholder(ch):
            n = ord(ch) - 0xE000
            if n < len(codes):
                out.append(codes[n].xml)
        else:
            out.append(ch)
    return "".join(out)


def is_cjk(lang: str | None) -> bool:
    return lang is not None and primary(lang) in CJK_LANGUAGES


def join_gap(gap: str, src: str | None, tgt: str) -> str:
    """The space between two translated sentences: none in Chinese, one in English after Chinese."""
    if "\n" in gap or gap.strip():
        return gap
    if is_cjk(tgt) and not is_cjk(src):
        return ""
    if not gap and is_cjk(src) and not is_cjk(tgt):
        return " "
    return gap


def mark_untranslated(coded: str) -> str:
    return f"{UNTRANSLATED_OPEN}{coded}{UNTRANSLATED_CLOSE}"

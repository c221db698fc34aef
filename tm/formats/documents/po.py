"""PO/POT documents (polib): each msgid (and msgid_plural) is a segment; translations already there stay.

Pre-translation fills untranslated and fuzzy entries; a fill below 100 (or from an unconfirmed unit) is
marked ``#, fuzzy``, one of 100 or more is not. Every filled entry gets a translator comment line
``tm: score=97 band=95-99 unit=<id>@<version> origin=<where the match came from>`` (replacing earlier tm
lines), which ``tm score`` reads back and ``tm import`` uses to update the unit (see docs/review-loop.md);
a fill that changed the TM's target also gets ``tm-target:`` (the TM's target as stored) and
``tm-changed:`` lines, one that could not carry a number ``tm-not-carried:`` (which, and why), and a
fuzzy fill the TM's source as its previous msgid (``#| msgid``).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from pathlib import Path

import polib

from tm.bands import (
    PO_CHANGED_COMMENT,
    PO_COMMENT,
    PO_NOT_CARRIED_COMMENT,
    PO_PREVIOUS_COMMENT,
    PO_TARGET_COMMENT,
    PO_TERMS_COMMENT,
    UNCONFIRMED,
)
from tm.formats.atomic import write_atomic
from tm.formats.documents.base import Document, Fill, Segment, expand_codes, literal_codes
from tm.formats.po import FILL_COMMENTS, parse_po, parse_tm_comment, without_tm_comments
from tm.lang import answered_by, normalize_code, primary
from tm.model import Code, IssueSink

__all__ = ["PoDocument", "load_po", "parse_tm_comment", "set_terms_comment", "set_tm_comment", "tm_comment"]


def tm_comment(fill: Fill) -> str:
    """The translator comment lines that carry a fill's provenance: ``tm: score=97 band=95-99
    [status=unconfirmed] unit=<id>@<version> origin=<file>`` (origin last: it takes the rest of the line),
    and where the fill changed the TM's target, ``tm-target: <the TM's target as stored>`` and
    ``tm-changed: <old> -> <new>; ...``; where it could not carry a number of the segment,
    ``tm-not-carried: <old> -> <new>: <why>; ...``."""
    line = f"{PO_COMMENT} score={fill.score} band={fill.band}"
    if not fill.confirmed:
        line += f" status={UNCONFIRMED}"
    if fill.unit:
        line += f" unit={fill.unit}"
    lines = [line + (f" origin={fill.origin}" if fill.origin else "")]
    if fill.adapted and fill.tm_target is not None:
        lines.append(f"{PO_TARGET_COMMENT} {_one_line(fill.tm_target)}")
        lines.append(f"{PO_CHANGED_COMMENT} {_one_line(fill.changes_text())}")
    if fill.not_carried:
        lines.append(f"{PO_NOT_CARRIED_COMMENT} {_one_line(fill.not_carried_text())}")
    return "\n".join(lines)


def _one_line(text: str) -> str:
    return text.replace("\\", "\\\\").replace("\n", "\\n")


def set_tm_comment(entry: polib.POEntry, fill: Fill) -> None:
    """Replace the tm lines of ``entry``'s translator comment with ``fill``'s; a fuzzy fill from another
    source also gets that source as the previous msgid (``#| msgid``, which PO editors show as a diff)."""
    kept = without_tm_comments(entry.tcomment, FILL_COMMENTS)
    entry.tcomment = "\n".join([*([kept] if kept else []), tm_comment(fill)])
    if fill.fuzzy and fill.tm_source is not None and fill.tm_source != entry.msgid and not entry.msgid_plural:
        entry.previous_msgid = fill.tm_source
    else:
        entry.previous_msgid = None


def add_previous_comment(entry: polib.POEntry, previous: list[str]) -> None:
    """Keep a translator's draft that a fill replaces as ``tm-previous:`` lines of the entry's translator
    comment (one per non-empty form, ``msgstr[n]`` named in a plural entry), after those of earlier runs;
    a line already there is not repeated."""
    lines = (entry.tcomment or "").splitlines()
    for n, text in enumerate(previous):
        if text:
            form = f" msgstr[{n}]:" if entry.msgid_plural else ""
            line = f"{PO_PREVIOUS_COMMENT}{form} {_one_line(text)}"
            if line not in lines:
                lines.append(line)
    entry.tcomment = "\n".join(lines)


def set_terms_comment(entry: polib.POEntry, note: str | None) -> None:
    """Put the term hits ``note`` into the entry's translator comment as a ``tm-terms:`` line (replacing
    an earlier one; None: only remove it)."""
    kept = [line for line in (entry.tcomment or "").splitlines() if not line.startswith(PO_TERMS_COMMENT)]
    entry.tcomment = "\n".join([*kept, f"{PO_TERMS_COMMENT} {note}"] if note else kept)


def load_po(path: str | Path, on_issue: IssueSink | None = None) -> polib.POFile:
    """The PO file, read as msgfmt reads it (see :func:`tm.formats.po.parse_po`)."""
    return parse_po(path, on_issue)


class PoDocument(Document):
    format = "po"
    holds_targets = True

    def __init__(self, path: str | Path, lang: str | None = None) -> None:
        super().__init__(path, lang)
        self._po = load_po(self.path, self.issues.append)
        meta = self._po.metadata
        source = lang or meta.get("X-Source-Language") or meta.get("Source-Language")
        self.source_lang = normalize_code(source) if source else None
        self.target_lang = normalize_code(meta["Language"]) if meta.get("Language") else None
        self._where: list[tuple[polib.POEntry, int]] = []  # (entry, 0 msgid | 1 msgid_plural)
        for entry in self._po:
            if entry.obsolete or not entry.msgid:
                continue
            sources = [entry.msgid] + ([entry.msgid_plural] if entry.msgid_plural else [])
            for which, text in enumerate(sources):
                target = self._target(entry, which)
                key = (entry.msgctxt + "\x04" if entry.msgctxt else "") + text
                confirmed = bool(target) and not entry.fuzzy
                index = len(self.segments)
                codes: list[Code] = []  # PO has no inline codes: only the text's own private-use characters
                coded = literal_codes(text, codes)
                self.segments.append(
                    Segment(index, key, coded, tuple(codes), target or None, confirmed, entry.msgctxt)
                )
                self._where.append((entry, which))

    @staticmethod
    def _target(entry: polib.POEntry, which: int) -> str:
        if not entry.msgid_plural:
            return entry.msgstr
        forms = [entry.msgstr_plural[k] for k in sorted(entry.msgstr_plural)]
        if which == 0:
            return forms[0] if forms else ""
        return forms[1] if len(forms) > 1 else ""

    @staticmethod
    def _forms(entry: polib.POEntry) -> list[str]:
        """The entry's translation: its msgstr, or its plural forms in order."""
        if not entry.msgid_plural:
            return [entry.msgstr]
        return [entry.msgstr_plural[k] for k in sorted(entry.msgstr_plural)]

    def _nplurals(self, tgt: str) -> int:
        header = self._po.metadata.get("Plural-Forms", "")
        for part in header.split(";"):
            key, _, value = part.partition("=")
            if key.strip() == "nplurals" and value.strip().isdigit():
                return int(value)
        return 1 if primary(tgt) in ("zh", "ja", "ko", "vi", "th") else 2

    def write(
        self, out: str | Path, fills: Mapping[int, Fill], tgt: str, notes: Mapping[int, str] | None = None
    ) -> None:
        meta = self._po.metadata
        # the TM's codes where the file's answer to them (zh -> zh-CN): see Document.write
        for name, code in (("X-Source-Language", self.source_lang), ("Language", tgt)):
            declared = meta.get(name)
            if code and (not declared or (answered_by(declared, code) and normalize_code(declared) != code)):
                meta[name] = code
        by_entry: dict[int, tuple[polib.POEntry, dict[int, Fill]]] = {}
        for index, fill in fills.items():
            if not self.segments[index].confirmed:
                entry, which = self._where[index]
                # PO text: the source's own private-use characters put back where they stand
                text = expand_codes(fill.target, self.segments[index].codes)
                by_entry.setdefault(id(entry), (entry, {}))[1][which] = replace(fill, target=text)
        for entry, parts in by_entry.values():
            # the translator's draft (a fuzzy entry's text): what the fills replace is kept beside them,
            # and a form no fill replaced keeps the entry fuzzy
            previous = self._forms(entry) if entry.fuzzy else []
            replaced: set[int] = set()
            if entry.msgid_plural:
                n = self._nplurals(tgt)
                forms = {k: entry.msgstr_plural.get(k, "") for k in range(n)}
                for k in range(n):
                    fill = parts.get(0 if k == 0 else 1) or (parts.get(0) if n == 1 else None)
                    if fill is not None:
                        forms[k] = fill.target
                        replaced.add(k)
                entry.msgstr_plural = forms
                complete = all(forms.values())
            else:
                entry.msgstr = parts[0].target
                replaced.add(0)
                complete = True
            left = any(old for k, old in enumerate(previous) if k not in replaced)
            worst = min(parts.values(), key=lambda f: f.score)
            if worst.fuzzy or not complete or left:
                if "fuzzy" not in entry.flags:
                    entry.flags.append("fuzzy")
            elif "fuzzy" in entry.flags:
                entry.flags.remove("fuzzy")
            set_tm_comment(entry, worst)
            add_previous_comment(entry, [old if k in replaced else "" for k, old in enumerate(previous)])
        if notes is not None:
            per_entry: dict[int, tuple[polib.POEntry, list[str]]] = {}
            for index, (entry, _) in enumerate(self._where):
                texts = per_entry.setdefault(id(entry), (entry, []))[1]
                if notes.get(index):
                    texts.append(notes[index])
            for entry, texts in per_entry.values():  # msgid and msgid_plural: their hits on one line
                set_terms_comment(entry, "; ".join(dict.fromkeys(texts)) or None)
        write_atomic(out, str(self._po).encode(self._po.encoding))

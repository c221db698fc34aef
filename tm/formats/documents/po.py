"""PO/POT documents (polib): each msgid (and msgid_plural) is a segment; translations already there stay.

Pre-translation fills untranslated and fuzzy entries; a fill below 100 is marked ``#, fuzzy``, one of
100 or more is not. Every filled entry gets a translator comment line
``tm: score=97 band=95-99 origin=<where the match came from>`` (replacing an earlier ``tm:`` line),
which ``tm score`` reads back (see docs/analysis.md).
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

import polib

from tm.bands import PO_COMMENT, PO_TERMS_COMMENT
from tm.errors import FormatError
from tm.formats.documents.base import Document, Fill, Segment
from tm.lang import normalize_code, primary


def tm_comment(fill: Fill) -> str:
    """The translator comment line that carries a fill's score, band and origin."""
    line = f"{PO_COMMENT} score={fill.score} band={fill.band}"
    return line + (f" origin={fill.origin}" if fill.origin else "")


def set_tm_comment(entry: polib.POEntry, fill: Fill) -> None:
    kept = [line for line in (entry.tcomment or "").splitlines() if not line.startswith(PO_COMMENT)]
    entry.tcomment = "\n".join([*kept, tm_comment(fill)])


def set_terms_comment(entry: polib.POEntry, note: str | None) -> None:
    """Put the term hits ``note`` into the entry's translator comment as a ``tm-terms:`` line (replacing
    an earlier one; None: only remove it)."""
    kept = [line for line in (entry.tcomment or "").splitlines() if not line.startswith(PO_TERMS_COMMENT)]
    entry.tcomment = "\n".join([*kept, f"{PO_TERMS_COMMENT} {note}"] if note else kept)


def parse_tm_comment(tcomment: str | None) -> dict[str, str]:
    """The fields of a ``tm:`` translator comment line ({} when there is none); origin takes the rest."""
    for line in (tcomment or "").splitlines():
        if line.startswith(PO_COMMENT):
            fields: dict[str, str] = {}
            rest = line[len(PO_COMMENT) :].strip()
            while rest:
                key, _, rest = rest.partition("=")
                if key.strip() == "origin":
                    fields["origin"] = rest
                    break
                value, _, rest = rest.partition(" ")
                fields[key.strip()] = value
            return fields
    return {}


def load_po(path: str | Path) -> polib.POFile:
    try:
        return polib.pofile(str(path), wrapwidth=0)
    except (OSError, ValueError) as err:
        raise FormatError(f"cannot read as PO: {err}", path) from None


class PoDocument(Document):
    format = "po"
    holds_targets = True

    def __init__(self, path: str | Path, lang: str | None = None) -> None:
        super().__init__(path, lang)
        self._po = load_po(self.path)
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
                self.segments.append(Segment(index, key, text, (), target or None, confirmed, entry.msgctxt))
                self._where.append((entry, which))

    @staticmethod
    def _target(entry: polib.POEntry, which: int) -> str:
        if not entry.msgid_plural:
            return entry.msgstr
        forms = [entry.msgstr_plural[k] for k in sorted(entry.msgstr_plural)]
        if which == 0:
            return forms[0] if forms else ""
        return forms[1] if len(forms) > 1 else ""

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
        if not self._po.metadata.get("Language"):
            self._po.metadata["Language"] = tgt
        by_entry: dict[int, tuple[polib.POEntry, dict[int, Fill]]] = {}
        for index, fill in fills.items():
            if not self.segments[index].confirmed:
                entry, which = self._where[index]
                by_entry.setdefault(id(entry), (entry, {}))[1][which] = fill
        for entry, parts in by_entry.values():
            complete = True
            if entry.msgid_plural:
                n = self._nplurals(tgt)
                forms = {k: entry.msgstr_plural.get(k, "") for k in range(n)}
                for k in range(n):
                    fill = parts.get(0 if k == 0 else 1) or (parts.get(0) if n == 1 else None)
                    if fill is not None:
                        forms[k] = fill.target
                    complete = complete and bool(forms[k])
                entry.msgstr_plural = forms
            else:
                entry.msgstr = parts[0].target
            worst = min(parts.values(), key=lambda f: f.score)
            if worst.fuzzy or not complete:
                if "fuzzy" not in entry.flags:
                    entry.flags.append("fuzzy")
            elif "fuzzy" in entry.flags:
                entry.flags.remove("fuzzy")
            set_tm_comment(entry, worst)
        if notes is not None:
            per_entry: dict[int, tuple[polib.POEntry, list[str]]] = {}
            for index, (entry, _) in enumerate(self._where):
                texts = per_entry.setdefault(id(entry), (entry, []))[1]
                if notes.get(index):
                    texts.append(notes[index])
            for entry, texts in per_entry.values():  # msgid and msgid_plural: their hits on one line
                set_terms_comment(entry, "; ".join(dict.fromkeys(texts)) or None)
        self._po.save(str(out))

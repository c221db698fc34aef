"""PO files through polib: read entries as units, write units as a PO file that passes ``msgfmt --check``.

``msgctxt`` is the unit's context, plural forms are kept, ``#, fuzzy`` entries are skipped unless asked
for (then stored with that status), obsolete entries are ignored, translations identical to their source
are kept (a confirmed "keep as is"), translator comments, extracted comments, references and flags are
kept as notes and props so that they come back on export. The comment lines tm writes into drafts
(``tm: score=... unit=...``) are not kept: their ``unit`` names the TM unit the fill came from.
"""

from __future__ import annotations

import hashlib
import re
import shutil
import tempfile
from collections.abc import Iterable, Iterator
from datetime import datetime, timezone
from pathlib import Path

import polib

from tm.bands import (
    PO_CHANGED_COMMENT,
    PO_COMMENT,
    PO_NOT_CARRIED_COMMENT,
    PO_PREVIOUS_COMMENT,
    PO_TARGET_COMMENT,
    PO_TERMS_COMMENT,
    parse_unit_ref,
)
from tm.errors import FormatError
from tm.formats.atomic import atomic_output
from tm.formats.inline import native_text
from tm.formats.po_text import po_text
from tm.formats.reader import BilingualReader
from tm.lang import primary, rank
from tm.model import Annotation, Header, Issue, IssueSink, Unit, Variant
from tm.version import __version__

NOTE_TRANSLATOR = "x-po-translator-comment"
NOTE_EXTRACTED = "x-po-extracted-comment"
PROP_REFERENCE = "x-po-reference"
PROP_FLAGS = "x-po-flags"

# Plural-Forms headers for the languages this team works in and their neighbours (gettext's own table).
PLURAL_FORMS = {
    "zh": "nplurals=1; plural=0;",
    "ja": "nplurals=1; plural=0;",
    "ko": "nplurals=1; plural=0;",
    "en": "nplurals=2; plural=(n != 1);",
    "de": "nplurals=2; plural=(n != 1);",
    "es": "nplurals=2; plural=(n != 1);",
    "it": "nplurals=2; plural=(n != 1);",
    "fr": "nplurals=2; plural=(n > 1);",
    "ru": "nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n%10>=2 && n%10<=4 && (n%100<10 || n%100>=20) ? 1 : 2);",
    "uk": "nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n%10>=2 && n%10<=4 && (n%100<10 || n%100>=20) ? 1 : 2);",
}


# the lines tm writes about a fill
FILL_COMMENTS = (PO_COMMENT, PO_TARGET_COMMENT, PO_CHANGED_COMMENT, PO_NOT_CARRIED_COMMENT)
# every translator comment line tm writes into a draft: the fill's, the term hits, the drafts it replaced
TM_COMMENTS = (*FILL_COMMENTS, PO_TERMS_COMMENT, PO_PREVIOUS_COMMENT)


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


def without_tm_comments(tcomment: str | None, prefixes: tuple[str, ...] = TM_COMMENTS) -> str:
    """A translator comment without the lines tm writes into drafts (score, band, unit; the TM's target;
    term hits), or only those that start with ``prefixes``."""
    return "\n".join(line for line in (tcomment or "").splitlines() if not line.startswith(prefixes))


def parse_po(path: str | Path, on_issue: IssueSink | None = None) -> polib.POFile:
    """A PO file read as msgfmt reads it (charset, escapes, illegal characters: tm.formats.po_text)."""
    try:
        raw = Path(path).read_bytes()
    except OSError as err:
        raise FormatError(f"cannot read: {err.strerror}", path) from None
    text, encoding = po_text(raw, str(path), on_issue)
    try:
        po = polib.pofile(text, wrapwidth=0, encoding="utf-8" if encoding == "utf-8-sig" else encoding)
    except (OSError, ValueError) as err:
        message = str(err)
        match = re.search(r"\(line (\d+)\)", message)
        line = int(match.group(1)) if match else None
        problem = re.sub(r"\s*in po file\s*\(line \d+\)", "", message) or "not a PO file"
        raise FormatError(problem.lower() if problem.startswith("Syntax") else problem, path, line) from None
    po.fpath = str(path)
    return po


class PoReader(BilingualReader):
    """Iterate over the translated entries of a PO file as units. Its languages: the ``X-Source-Language``
    (or ``Source-Language``) and ``Language`` headers, or where one is missing, ``src`` and ``tgt``."""

    format = "po"
    what = "PO"

    def _open(self) -> tuple[str, str]:
        self.po = parse_po(self.path, self.on_issue)
        meta = self.po.metadata
        src, tgt = self.languages(
            meta.get("X-Source-Language") or meta.get("Source-Language"),
            meta.get("Language"),
            "add an X-Source-Language and a Language header",
        )
        self.header = Header(tuple(sorted(meta.items())))
        self.nplurals = nplurals(meta.get("Plural-Forms"), tgt)
        return src, tgt

    def __iter__(self) -> Iterator[Unit]:
        self.position = 0
        for entry in self.po:
            if entry.obsolete or not entry.msgid:
                continue
            self.position += 1
            unit = self._unit(entry)
            if unit is not None:
                yield unit
        self.bytes_read = self.size

    def _plural_forms(self, entry: polib.POEntry) -> list[str] | None:
        """The msgstr[N] of a plural entry, checked as msgfmt checks them against ``nplurals``.

        Forms beyond ``nplurals`` are dropped with a warning; an entry with fewer, or with a gap in its
        indices, is skipped with a warning (msgfmt rejects both).
        """
        keys = sorted(entry.msgstr_plural)
        forms = [entry.msgstr_plural[k] for k in keys]
        where = entry.linenum
        if keys != list(range(len(keys))):
            self._warn(
                where,
                f"msgstr[] indices {keys} are not 0 to {len(keys) - 1}; entry skipped",
                "plural indices",
            )
            return None
        if self.nplurals is None or not any(forms):
            return forms
        if len(forms) > self.nplurals:
            self._warn(
                where,
                f"msgstr[0] to msgstr[{len(forms) - 1}] where Plural-Forms says nplurals={self.nplurals}; "
                f"the forms after msgstr[{self.nplurals - 1}] left out",
            )
            return forms[: self.nplurals]
        if len(forms) < self.nplurals:
            self._warn(
                where,
                f"msgstr[0] to msgstr[{len(forms) - 1}] where Plural-Forms says nplurals={self.nplurals}; "
                "entry skipped",
                "too few plural forms",
            )
            return None
        return forms

    def _warn(self, line: int | None, message: str, skipped: str | None = None) -> None:
        """A warning; with ``skipped`` (the reason an import summary counts), the entry was left out."""
        self.on_issue(Issue(self.path, line, message, "skipped" if skipped else "warning", reason=skipped))

    def _unit(self, entry: polib.POEntry) -> Unit | None:
        if entry.msgid_plural:
            forms = self._plural_forms(entry)
            if forms is None:
                return None
            translated = bool(forms) and all(forms)
            target, more = (forms[0], tuple(forms[1:])) if forms else ("", ())
            source_more: tuple[str, ...] = (entry.msgid_plural,)
        else:
            translated = bool(entry.msgstr)
            target, more, source_more = entry.msgstr, (), ()
        if not self._taken(translated, entry.fuzzy):
            return None
        # A translation identical to its source is kept: a confirmed "keep as is" (URL, IPv4, a brand).
        notes = []
        comment = without_tm_comments(entry.tcomment)
        if comment:
            notes.append(Annotation(comment, (("type", NOTE_TRANSLATOR),)))
        if entry.comment:
            notes.append(Annotation(entry.comment, (("type", NOTE_EXTRACTED),)))
        props = [
            Annotation(f"{f}:{line}" if line else f, (("type", PROP_REFERENCE),))
            for f, line in entry.occurrences
        ]
        flags = [f for f in entry.flags if f != "fuzzy"]
        if flags:
            props.append(Annotation(", ".join(flags), (("type", PROP_FLAGS),)))
        variants = (
            Variant(self.src, entry.msgid, plurals=source_more),
            Variant(self.tgt, target, plurals=more),
        )
        status = "fuzzy" if entry.fuzzy else "confirmed"
        filled_from = parse_unit_ref(parse_tm_comment(entry.tcomment).get("unit"))
        return Unit(
            variants,
            (),
            tuple(props),
            tuple(notes),
            entry.msgctxt,
            status,
            line=entry.linenum,
            filled_from=filled_from,
        )


def nplurals(header: str | None, lang: str) -> int | None:
    """``nplurals`` of a Plural-Forms header, else gettext's value for ``lang`` (None if unknown)."""
    found = _nplurals(header)
    return found if found is not None else _nplurals(PLURAL_FORMS.get(primary(lang)))


def _pick(unit: Unit, lang: str) -> Variant | None:
    exact = unit.variant(lang)
    if exact is not None:
        return exact
    ranked = sorted((r, i) for i, v in enumerate(unit.variants) if (r := rank(lang, v.lang)) is not None)
    return unit.variants[ranked[0][1]] if ranked else None


def _nplurals(plural_forms: str | None) -> int | None:
    match = re.search(r"nplurals\s*=\s*(\d+)", plural_forms or "")
    return int(match.group(1)) if match else None


def _entry(unit: Unit, src: str, tgt: str, nplurals: int | None = None) -> polib.POEntry | None:
    source, target = _pick(unit, src), _pick(unit, tgt)
    if source is None or target is None:
        return None
    entry = polib.POEntry(msgid=native_text(source), msgctxt=unit.context)
    # a plural entry stays one where the target has its forms: several, or the one form of a language
    # with one (Chinese: msgstr[0] alone, as Django's zh_Hans writes it)
    if source.plurals and (target.plurals or nplurals == 1):
        entry.msgid_plural = source.plurals[0]
        entry.msgstr_plural = {i: form for i, form in enumerate((target.text, *target.plurals))}
    else:
        entry.msgstr = native_text(target)
    for note in unit.notes:
        if note.type == NOTE_EXTRACTED:
            entry.comment = note.text
        else:
            entry.tcomment = (entry.tcomment + "\n" if entry.tcomment else "") + note.text
    for prop in unit.props:
        if prop.type == PROP_REFERENCE:
            name, _, line = prop.text.rpartition(":")
            entry.occurrences.append((name, line) if name and line.isdigit() else (prop.text, ""))
        elif prop.type == PROP_FLAGS:
            entry.flags.extend(f.strip() for f in prop.text.split(",") if f.strip())
    if unit.status == "fuzzy":
        entry.flags.append("fuzzy")
    return entry


def _consistent(entry: polib.POEntry) -> bool:
    """msgfmt --check demands that msgid and msgstr agree on a leading and a trailing newline."""
    targets = list(entry.msgstr_plural.values()) if entry.msgid_plural else [entry.msgstr]
    sources = [entry.msgid] + ([entry.msgid_plural] if entry.msgid_plural else [])
    for edge in (str.startswith, str.endswith):
        wanted = edge(entry.msgid, "\n")
        if any(edge(s, "\n") != wanted for s in sources + targets):
            return False
    return True


def po_metadata(project: str, src: str, tgt: str) -> dict[str, str]:
    """The header of a PO file that tm writes (msgfmt --check finds nothing missing in it)."""
    meta = {
        "Project-Id-Version": project,
        "PO-Revision-Date": datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M+0000"),
        "Last-Translator": "tm",
        "Language-Team": "none",
        "MIME-Version": "1.0",
        "Content-Type": "text/plain; charset=UTF-8",
        "Content-Transfer-Encoding": "8bit",
        "Language": tgt,
        "X-Source-Language": src,
        "X-Generator": f"tm {__version__}",
    }
    if primary(tgt) in PLURAL_FORMS:
        meta["Plural-Forms"] = PLURAL_FORMS[primary(tgt)]
    return meta


def write_po(
    path: str | Path,
    units: Iterable[Unit],
    *,
    src: str,
    tgt: str,
    on_issue: IssueSink | None = None,
) -> int:
    """Write the ``src``/``tgt`` pairs of ``units`` as a PO file (msgid in ``src``), atomically, streaming.

    A source that occurs twice with the same context keeps its first translation (a PO file cannot hold
    both); the others are reported through ``on_issue``. Memory stays flat whatever the TM's size: each
    entry is written as it comes (to an unnamed temporary file, since a plural entry of a language gettext
    has no table for decides the header's Plural-Forms, which comes first), and the entries already
    written are remembered by a 16-byte digest of their context and source.
    """
    report = on_issue or (lambda issue: None)
    header = polib.POFile(wrapwidth=0)
    header.metadata = po_metadata("tm export", src, tgt)
    plural_forms = header.metadata.get("Plural-Forms")
    seen: set[bytes] = set()
    written = 0
    target = Path(path)
    with atomic_output(target) as handle, tempfile.TemporaryFile(dir=target.parent or None) as body:
        for unit in units:
            entry = _entry(unit, src, tgt, _nplurals(plural_forms))
            if entry is None:
                continue
            key = _digest(entry.msgctxt, entry.msgid)
            if key in seen:
                report(
                    Issue(
                        str(path), None, f"second translation of {entry.msgid[:40]!r} left out (PO keeps one)"
                    )
                )
                continue
            if not _consistent(entry):
                report(
                    Issue(
                        str(path),
                        None,
                        f"{entry.msgid[:40]!r}: source and target disagree on edge newlines; left out",
                    )
                )
                continue
            if entry.msgid_plural and plural_forms is None:
                header.metadata["Plural-Forms"] = f"nplurals={len(entry.msgstr_plural)}; plural=(n != 1);"
                plural_forms = header.metadata["Plural-Forms"]
            seen.add(key)
            body.write(b"\n" + entry.__unicode__(header.wrapwidth).encode("utf-8"))
            written += 1
        # what polib writes for the whole file: its header comment, the metadata entry, the entries
        handle.write(str(header).encode("utf-8"))
        body.seek(0)
        shutil.copyfileobj(body, handle, 1 << 20)
        handle.write(b"\n")
    return written


def _digest(context: str | None, source: str) -> bytes:
    """Which entry this is, in 16 bytes: a PO file holds one entry per context and source."""
    key = hashlib.blake2b(digest_size=16)
    key.update(b"\x00" if context is None else b"\x01" + context.encode("utf-8"))
    key.update(b"\x04" + source.encode("utf-8"))
    return key.digest()

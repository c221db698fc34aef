"""The migration that rereads stored plain texts from their coded form (SQLite 12, PostgreSQL 8).

Since tm.model.plain_text reads an inline code that shows as whitespace (a tab, a line break: a TMX
``<ph type="lb"/>``, ``<ph>&lt;br/&gt;</ph>``, an XLIFF ``ctype="lb"``, a DOCX ``<w:tab/>``) as that
whitespace, a variant with codes has a plain text with the space where the code stands: ``Line one``,
a line break, ``line two``. A TM imported by an earlier tm holds the old plain text (``Line oneline
two``) in ``variants.text``, and importing the same file again only merges: concordance, the neighbours a
context (101%) match compares and the texts shown kept the glued words. The migration gives every row
with codes the text a new import of its file would give it.

Two readers wrote plain text, and the stored text tells which: a TMX ``<seg>`` (:func:`tm.formats.inline.
seg_content`) kept its whitespace as it came; a document or XLIFF segment
(:func:`tm.formats.documents.tmcodes.tm_variant`) folded runs of XML whitespace to one space and stripped
the ends. A text written the old way is one of the two; where both read the same (no whitespace to
fold), the format of the unit's first origin decides (a TMX file or another). A text that is neither (written some
other way) is left as it is.

What depends on the text is brought along by the rows themselves: unit keys, pair keys and the match
index are computed from the coded text (:func:`tm.store.codec.unit_key`, ``coalesce(coded, text)``), so
no key changes and nothing is re-indexed. The targets kept in ``unit_history`` are reread the same way.
Runs again without harm (a text already current is left).
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from typing import Any

from tm.model import Code, plain_text, strip_placeholders

# XML white space, as documents fold it (tm.formats.documents.tmcodes): a no-break space is text
_SPACES = re.compile(r"[ \t\r\n]+")
BATCH = 5000  # rows read per step


def _folded(text: str) -> str:
    return _SPACES.sub(" ", text).strip()


def current_text(text: str, coded: str, codes: tuple[Code, ...], from_tmx: Callable[[], bool]) -> str | None:
    """The plain text a new import gives a row whose stored plain text is ``text``, or None where that is
    the stored one (or ``text`` was not written by an earlier tm's readers). ``from_tmx()`` says whether
    the unit came from a TMX file first; it is asked only where the texts cannot tell."""
    raw, old = plain_text(coded, codes), strip_placeholders(coded)
    if raw == old or text == raw:
        return None  # no code shows whitespace (the text is as it was), or a TMX text as read now
    as_tmx, as_document = text == old, text == _folded(old)
    if as_tmx and as_document:
        as_tmx = from_tmx()
    elif not (as_tmx or as_document):
        return None  # a document's text as it is read now, or one no reader of tm wrote
    new = raw if as_tmx else _folded(raw)
    return new if new != text else None


def _codes(meta: str | None) -> tuple[Code, ...]:
    if meta is None:
        return ()
    return tuple(Code(k, x, r) for k, x, r in json.loads(meta).get("c", ()))


def reread_plain_texts(con: Any, mark: str) -> int:
    """The migration, on a DB-API connection whose parameter mark is ``mark`` (``?``, ``%s``): the plain
    text of every variant and kept target with codes made what the current readers give. Returns the
    rows changed."""
    formats: dict[int, bool] = {}

    def first_from_tmx(unit_id: int) -> bool:
        if unit_id not in formats:
            row = con.execute(
                "SELECT p.format FROM origins p WHERE p.id = "
                f"(SELECT min(origin_id) FROM occurrences WHERE unit_id = {mark})",
                (unit_id,),
            ).fetchone()
            formats[unit_id] = row is None or row[0] == "tmx"  # no origin: TMX, the common case
        return formats[unit_id]

    changed = 0
    for table, key in (("variants", ("unit_id", "ord")), ("unit_history", ("id",))):
        columns, width = ", ".join(key), len(key)
        updates = []
        after: tuple = ()
        while True:  # in pages of the key: the rows read are not held while they are updated
            page = f" AND ({columns}) > ({', '.join([mark] * width)})" if after else ""
            rows = con.execute(
                f"SELECT {columns}, unit_id, text, coded, meta FROM {table} WHERE coded IS NOT NULL{page} "
                f"ORDER BY {columns} LIMIT {BATCH}",
                after,
            ).fetchall()
            for *ident, unit_id, text, coded, meta in rows:
                new = current_text(text, coded, _codes(meta), lambda u=unit_id: first_from_tmx(u))
                if new is not None:
                    updates.append((new, *ident))
            if len(rows) < BATCH:
                break
            after = tuple(rows[-1][:width])
        condition = " AND ".join(f"{k} = {mark}" for k in key)
        con.cursor().executemany(f"UPDATE {table} SET text = {mark} WHERE {condition}", updates)
        changed += len(updates)
    return changed

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
fold), the format of the unit's first origin decides (a TMX file or another). A text that is neither
(written some other way) is left as it is.

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

from tm.model import PLACEHOLDER_BASE, PLACEHOLDER_MAX, Code, plain_text, shown_whitespace

# XML white space, as documents fold it (tm.formats.documents.tmcodes): a no-break space is text
_SPACES = re.compile(r"[ \t\r\n]+")
_PLACEHOLDERS = re.compile(f"[{chr(PLACEHOLDER_BASE)}-{chr(PLACEHOLDER_MAX)}]")
BATCH = 5000  # rows read per step


def _folded(text: str) -> str:
    return _SPACES.sub(" ", text).strip()


def current_text(text: str, coded: str, codes: tuple[Code, ...], from_tmx: Callable[[], bool]) -> str | None:
    """The plain text a new import gives a row whose stored plain text is ``text``, or None where that is
    the stored one (or ``text`` was not written by an earlier tm's readers). ``from_tmx()`` says whether
    the unit came from a TMX file first; it is asked only where the texts cannot tell."""
    if not any(shown_whitespace(code) for code in codes):
        return None  # no code shows whitespace: the text is as it was
    raw, old = plain_text(coded, codes), _PLACEHOLDERS.sub("", coded)  # old: tm.model.strip_placeholders
    if raw == old or text == raw:
        return None  # a placeholder without its code, or a TMX text as read now
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


class _FirstOrigins:
    """Whether a unit came from a TMX file first (the format of the lowest origin among its places; a unit
    without places counts as TMX, the common case). Asked only for texts both readers could have written:
    answered at once where the TM's origins are of one kind, else read for the units of a range of ids at
    a time (one query per page of variants)."""

    def __init__(self, con: Any, mark: str) -> None:
        self.con, self.mark = con, mark
        self.tmx = {i: f == "tmx" for i, f in con.execute("SELECT id, format FROM origins").fetchall()}
        kinds = set(self.tmx.values())
        self.all = None if len(kinds) > 1 else (kinds != {False})
        self.first: dict[int, int] = {}  # unit id -> its lowest origin id, for the units of ``loaded``
        self.loaded = (1, 0)
        self.span: tuple[int, int] | None = None  # the unit ids of the page being read

    def __call__(self, unit_id: int) -> bool:
        if self.all is not None:
            return self.all
        if not self.loaded[0] <= unit_id <= self.loaded[1]:
            span = self.span
            self.loaded = span if span and span[0] <= unit_id <= span[1] else (unit_id, unit_id)
            self.first = dict(
                self.con.execute(
                    "SELECT unit_id, min(origin_id) FROM occurrences "
                    f"WHERE unit_id >= {self.mark} AND unit_id <= {self.mark} GROUP BY unit_id",
                    self.loaded,
                ).fetchall()
            )
        origin = self.first.get(unit_id)
        return True if origin is None else self.tmx.get(origin, True)


def reread_plain_texts(con: Any, mark: str) -> int:
    """The migration, on a DB-API connection whose parameter mark is ``mark`` (``?``, ``%s``): the plain
    text of every variant and kept target with codes made what the current readers give. Returns the
    rows changed."""
    first_from_tmx = _FirstOrigins(con, mark)
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
            if rows and table == "variants":  # in unit order
                first_from_tmx.span = (rows[0][0], rows[-1][0])
            for *ident, unit_id, text, coded, meta in rows:
                new = current_text(text, coded, _codes(meta), lambda u=unit_id: first_from_tmx(u))
                if new is not None:
                    updates.append((new, *ident))
            if len(rows) < BATCH:
                break
            after = tuple(rows[-1][:width])
        first_from_tmx.span = None
        condition = " AND ".join(f"{k} = {mark}" for k in key)
        con.cursor().executemany(f"UPDATE {table} SET text = {mark} WHERE {condition}", updates)
        changed += len(updates)
    return changed

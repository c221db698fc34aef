"""What every backend's :class:`tm.store.protocol.Store` does the same way: closing, ``with`` blocks,
resolving a language request against the TM's codes, an origin's row values, SQL both dialects read alike,
and the migration that refolds a termbase's keys."""

from __future__ import annotations

from datetime import datetime, timezone
from typing import Any

from tm import lang as langs
from tm.model import Header
from tm.store import codec
from tm.store.protocol import Revision


class StoreBase:
    """Mixed into each backend's store, which sets ``connection`` and implements ``languages``."""

    connection: Any
    mark = "?"  # the driver's parameter mark (sqlite3 ``?``, psycopg ``%s``)

    def languages(self) -> list[str]:
        raise NotImplementedError

    def resolve(self, lang: str) -> list[str]:
        """The TM's codes that answer a request for ``lang``, best first; LanguageError when none does."""
        return langs.resolve(lang, self.languages(), self.described)

    @property
    def described(self) -> str:
        """The TM as messages name it: its file or URL (without a password), or the ``--tm`` files read
        into memory."""
        path = getattr(self, "path", None)
        return "the TM read from --tm files" if path in (None, ":memory:") else f"the TM {path}"

    def history(self, unit_id: int) -> list[Revision]:
        """The targets reviewed drafts replaced in a unit, oldest first."""
        return [
            Revision(*row)
            for row in self.connection.execute(
                "SELECT h.unit_id, h.former_id, h.lang, h.text, h.coded, h.status, h.changed, h.revised, "
                "p.name FROM unit_history h LEFT JOIN origins p ON p.id = h.origin_id "
                f"WHERE h.unit_id = {self.mark} ORDER BY h.id",
                (unit_id,),
            )
        ]

    def close(self) -> None:
        self.connection.close()

    def __enter__(self):  # noqa: ANN204  # the backend's own class
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def origin_values(header: Header) -> tuple[str | None, str]:
    """(header metadata JSON, import time) of an origin row."""
    now = datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    return codec._dump({"a": [list(kv) for kv in header.attrs], "v": header.version}), now


# The repair of the index an earlier tm left stale (review M1; SQLite migration 8, PostgreSQL migration 3):
# a review that merged a unit into another removed its id (``unit_history.former_id``); when it was the
# highest, the next import gave it to a new unit, at or below the language's watermark, where the index
# still held the removed unit's entries and never indexed the new one. A removed id that names a unit again
# was given twice: the index of each language it has a variant in is emptied, to be rebuilt by the next
# lookup or ``tm index``.
_STALE = """
    SELECT l.id FROM match_langs l WHERE EXISTS (
        SELECT 1 FROM unit_history h JOIN variants v ON v.unit_id = h.former_id
        WHERE v.lang = l.lang AND h.former_id <= l.watermark
    )
"""
EMPTY_STALE_INDEX = ";\n".join(
    [
        *(
            f"DELETE FROM {table} WHERE lang_id IN ({_STALE})"
            for table in ("match_bits", "match_postings", "match_seqs", "match_vocab")
        ),
        f"DELETE FROM match_langs WHERE id IN ({_STALE})",
    ]
)


def refold_terms(con: Any, mark: str) -> None:
    """The migration to the termbase's one fold (in both backends' schemas), on a DB-API connection whose
    parameter mark is ``mark`` (``?``, ``%s``): every term's key recomputed (:func:`tm.store.codec.term_key`,
    which term hits fold with too: ``ё`` = ``е``, dashes, quotes, spaces besides NFKC and case); every
    concept without an id given the digest of its content as ``ext_id`` (:func:`tm.store.codec.concept_ext_id`),
    and one with the same content as an earlier one (a CSV imported twice) removed. Runs again without
    harm."""
    terms = con.execute("SELECT concept_id, ord, text FROM term_terms").fetchall()
    con.cursor().executemany(
        f"UPDATE term_terms SET key = {mark} WHERE concept_id = {mark} AND ord = {mark}",
        [(codec.term_key(text), concept_id, ord_) for concept_id, ord_, text in terms],
    )
    taken = {
        r[0] for r in con.execute("SELECT ext_id FROM term_concepts WHERE ext_id IS NOT NULL").fetchall()
    }
    for key, *row in con.execute(
        "SELECT id, ext_id, subject, notes, extra, lang_extra FROM term_concepts WHERE ext_id IS NULL ORDER BY id"
    ).fetchall():
        held = con.execute(
            "SELECT ord, lang, text, key, status, status_raw, pos, notes, extra FROM term_terms "
            f"WHERE concept_id = {mark} ORDER BY ord",
            (key,),
        ).fetchall()
        ext_id = codec.concept_ext_id(codec.concept_from_rows(key, row, held))
        if ext_id in taken:
            con.execute(f"DELETE FROM term_terms WHERE concept_id = {mark}", (key,))
            con.execute(f"DELETE FROM term_concepts WHERE id = {mark}", (key,))
        else:
            con.execute(f"UPDATE term_concepts SET ext_id = {mark} WHERE id = {mark}", (ext_id, key))
            taken.add(ext_id)

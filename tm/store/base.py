"""What every backend's :class:`tm.store.protocol.Store` does the same way: closing, ``with`` blocks,
resolving a language request against the TM's codes, an origin's row values, and SQL both dialects read
alike."""

from __future__ import annotations

from datetime import datetime, timezone
from typing import Any

from tm import lang as langs
from tm.model import Header
from tm.store import codec


class StoreBase:
    """Mixed into each backend's store, which sets ``connection`` and implements ``languages``."""

    connection: Any

    def languages(self) -> list[str]:
        raise NotImplementedError

    def resolve(self, lang: str) -> list[str]:
        """The TM's codes that answer a request for ``lang``, best first; LanguageError when none does."""
        return langs.resolve(lang, self.languages())

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

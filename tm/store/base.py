"""What every backend's :class:`tm.store.protocol.Store` does the same way: closing, ``with`` blocks,
resolving a language request against the TM's codes, and an origin's row values."""

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

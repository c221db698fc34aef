"""Which units a command uses, and what a lookup knows of a unit besides its texts: the same for every
backend (each backend turns a :class:`UnitFilter` into its own query for ``Store.units``)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timezone
from fnmatch import fnmatchcase

from tm.errors import UsageError

STATUSES = ("confirmed", "fuzzy")  # a unit's status: confirmed, or fuzzy (unconfirmed: kept, penalised)
_ALIASES = {"unconfirmed": "fuzzy"}  # as TMX writes it


@dataclass(frozen=True)
class UnitInfo:
    """What a lookup needs to know about a matched unit besides its texts: its newest date (TMX
    changedate or creationdate, or when a review revised it), the names of the files it came from (the
    first is shown), its status, and when its first origin was imported (the date of a unit that carries
    none)."""

    date: str | None = None
    origin: str | None = None
    origins: tuple[str, ...] = ()
    status: str = "confirmed"
    imported: str | None = None

    @property
    def when(self) -> str | None:
        """The unit's date for filters and age penalties: its own, else its import's."""
        return self.date or self.imported


@dataclass(frozen=True)
class UnitFilter:
    """Which units a lookup, pre-translation or export uses: from an origin whose name matches one of the
    glob patterns (``fnmatch.fnmatchcase``: ``old-vendor*.tmx``), dated on or after ``since`` (an ISO date
    or date-time, compared with :attr:`UnitInfo.when`), with one of ``statuses``. Empty parts keep all."""

    origins: tuple[str, ...] = ()
    since: str | None = None
    statuses: tuple[str, ...] = ()

    def __bool__(self) -> bool:
        return bool(self.origins or self.since or self.statuses)

    def origin_matches(self, name: str) -> bool:
        return not self.origins or any(fnmatchcase(name, pattern) for pattern in self.origins)

    def accepts(self, info: UnitInfo) -> bool:
        if self.statuses and info.status not in self.statuses:
            return False
        if self.since and (info.when is None or info.when < self.since):
            return False
        return not self.origins or any(self.origin_matches(name) for name in info.origins)


def parse_since(value: str | None) -> str | None:
    """``--since``: an ISO date (``2025-04-10``) or date-time, as the store compares dates (UTC)."""
    if not value:
        return None
    text = value.strip()
    try:
        parsed = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        raise UsageError(f"--since {value!r}: not a date", hint="write it as 2025-04-10") from None
    if len(text) <= 10:
        return parsed.strftime("%Y-%m-%d")
    if parsed.tzinfo is not None:
        parsed = parsed.astimezone(timezone.utc)
    return parsed.strftime("%Y-%m-%dT%H:%M:%SZ")


def make_filter(
    origins: Iterable[str] = (), since: str | None = None, statuses: Iterable[str] = ()
) -> UnitFilter:
    """A :class:`UnitFilter` from ``--origin`` globs, ``--since`` and ``--status``, checked."""
    wanted = tuple(_ALIASES.get(s.strip().lower(), s.strip().lower()) for s in statuses)
    for status in wanted:
        if status not in STATUSES:
            raise UsageError(f"--status {status!r}: no such status", hint="statuses: " + ", ".join(STATUSES))
    return UnitFilter(tuple(origins), parse_since(since), wanted)

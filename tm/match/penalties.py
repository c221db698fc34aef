"""Penalties on a unit rather than on its text: its status, the file it came from, its age.

As Trados penalises matches from a TM (and memoQ and OmegaT from a folder of reference TMs), a lookup
takes points off for what is known about the unit a match came from:

- ``status`` (default 5): the unit is unconfirmed (a PO entry imported with ``#, fuzzy``, an XLIFF target
  in ``needs-review-*``/``new``/``initial``, a TMX unit tm exported as unconfirmed). A 100 becomes 95, so
  that it is never filled as translated and the analysis counts it as fuzzy;
- ``origin:GLOB`` (points): the unit came from a file whose name matches GLOB (``old-vendor*.tmx``).
  When a unit came from several files, the smallest of their penalties counts (a unit also found in a
  file without a penalty is not penalised): the other file vouches for it;
- ``age:N[d|m|y]`` (points): the unit's date (its own, else when it was imported) is more than N days,
  months or years before today; the largest rule that applies counts.

Written as the CLI takes them (``--penalty status=5 --penalty origin:old-vendor*.tmx=10 --penalty
age:2y=3``), parsed by :func:`parse_penalties`. Each appears in the match's penalties by its kind.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timezone
from fnmatch import fnmatchcase

from tm.errors import UsageError
from tm.store.filters import UnitFilter, UnitInfo

DEFAULT_STATUS = 5.0
_AGE = re.compile(r"^(\d+)([dmy]?)$")
_DAYS = {"d": 1, "": 1, "m": 30, "y": 365}


@dataclass(frozen=True)
class Penalties:
    """The unit penalties of a lookup (see the module's docstring). ``ages``: (days, points, as written)."""

    status: float = DEFAULT_STATUS
    origins: tuple[tuple[str, float], ...] = ()
    ages: tuple[tuple[int, float, str], ...] = ()

    def signature(self) -> str:
        """``status=5`` and the origin and age rules, as the match signature shows them."""
        parts = [f"status={self.status:g}"]
        parts += [f"origin:{glob}={points:g}" for glob, points in self.origins]
        parts += [f"age:{written}={points:g}" for _, points, written in self.ages]
        return ",".join(parts)

    def apply(self, info: UnitInfo, today: date) -> list[tuple[str, float]]:
        """The penalties of the unit ``info`` describes, as (kind, points), in that order."""
        found: list[tuple[str, float]] = []
        if info.status != "confirmed" and self.status:
            found.append(("status", self.status))
        if self.origins and info.origins:
            points = min(
                max((p for glob, p in self.origins if fnmatchcase(name, glob)), default=0.0)
                for name in info.origins
            )
            if points:
                found.append(("origin", points))
        when = info.when
        if self.ages and when:
            try:
                days = (today - date.fromisoformat(when[:10])).days
            except ValueError:
                days = None
            if days is not None:
                points = max((p for limit, p, _ in self.ages if days > limit), default=0.0)
                if points:
                    found.append(("age", points))
        return found


def today() -> date:
    return datetime.now(timezone.utc).date()


def _points(spec: str, value: str) -> float:
    try:
        points = float(value)
    except ValueError:
        raise UsageError(f"penalty {spec!r}: {value!r} is not a number of points") from None
    if not 0 <= points <= 100:
        raise UsageError(f"penalty {spec!r}: points go from 0 to 100")
    return points


def parse_penalties(specs: Iterable[str] | Penalties | None) -> Penalties:
    """Penalties from ``status=5``, ``origin:GLOB=10``, ``age:2y=3`` (``d`` days, ``m`` months of 30
    days, ``y`` years of 365; a bare number is days). Unnamed kinds keep their default."""
    if isinstance(specs, Penalties):
        return specs
    status = DEFAULT_STATUS
    origins: list[tuple[str, float]] = []
    ages: list[tuple[int, float, str]] = []
    for spec in specs or ():
        name, eq, value = spec.strip().rpartition("=")
        if not eq or not name:
            raise UsageError(
                f"penalty {spec!r}: write it as status=5, origin:GLOB=10 or age:2y=3",
                hint="e.g. --penalty 'origin:old-vendor*.tmx=10'",
            )
        points = _points(spec, value.strip())
        kind, _, arg = name.strip().partition(":")
        if kind == "status" and not arg:
            status = points
        elif kind == "origin" and arg:
            origins.append((arg, points))
        elif kind == "age" and _AGE.match(arg):
            number, unit = _AGE.match(arg).groups()  # type: ignore[union-attr]
            ages.append((int(number) * _DAYS[unit], points, arg))
        else:
            raise UsageError(
                f"penalty {spec!r}: no such penalty",
                hint="penalties: status=POINTS, origin:GLOB=POINTS, age:N[d|m|y]=POINTS",
            )
    return Penalties(status, tuple(origins), tuple(ages))


@dataclass(frozen=True)
class Policy:
    """What a lookup applies besides the text score: the unit penalties, the filter on units (those it
    refuses are never matches), and the day ages are counted from (None: today)."""

    penalties: Penalties = Penalties()
    where: UnitFilter = UnitFilter()
    today: date | None = None

    def signature(self) -> str:
        """The penalties, and the filter where there is one, for the match signature."""
        text = self.penalties.signature()
        if self.where:
            parts = [f"origin={'|'.join(self.where.origins)}"] if self.where.origins else []
            parts += [f"since={self.where.since}"] if self.where.since else []
            parts += [f"status={'|'.join(self.where.statuses)}"] if self.where.statuses else []
            text += "+where:" + ",".join(parts)
        return text

    def unit_penalties(self, info: UnitInfo) -> list[tuple[str, float]]:
        return self.penalties.apply(info, self.today or today())


DEFAULT_POLICY = Policy()

"""A project's QA settings: ``tm-qa.toml`` (read with tomllib, tomli before Python 3.11).

    [severity]              # change a check's severity: error, warning, info or off
    length = "off"
    consistency-target = "warning"

    [names]
    keep = ["WCM", "Wink"]  # Latin names to keep even in an English source

    [length]
    zh-en = [2.0, 5.5]      # a fixed target/source character ratio range instead of the TM's

A file named ``tm-qa.toml`` in the current directory is read unless ``--config`` names another.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from pathlib import Path

from tm.errors import FormatError
from tm.qa.model import OFF, SEVERITIES

if sys.version_info >= (3, 11):
    import tomllib  # the standard library's TOML reader
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib  # the same reader, from PyPI

DEFAULT_NAME = "tm-qa.toml"


@dataclass(frozen=True)
class QaConfig:
    severities: dict[str, str] = field(default_factory=dict)
    names: frozenset[str] = frozenset()
    length: dict[str, tuple[float, float]] = field(default_factory=dict)  # "zh-en" -> (lo, hi)
    path: str | None = None


def load_config(path: str | Path | None, known_checks: set[str]) -> QaConfig:
    """The config at ``path`` (or ``./tm-qa.toml`` when it exists and ``path`` is None)."""
    if path is None:
        if not Path(DEFAULT_NAME).is_file():
            return QaConfig()
        path = DEFAULT_NAME
    p = Path(path)
    try:
        data = tomllib.loads(p.read_text(encoding="utf-8"))
    except OSError as err:
        raise FormatError(f"cannot read: {err.strerror}", p) from None
    except tomllib.TOMLDecodeError as err:
        raise FormatError(f"not valid TOML: {err}", p) from None
    severities = {}
    for check, value in (data.get("severity") or {}).items():
        if check not in known_checks:
            raise FormatError(
                f"[severity]: no check named {check!r}", p, hint="tm qa --list-checks lists them"
            )
        if value not in (*SEVERITIES, OFF):
            raise FormatError(f"[severity] {check} = {value!r}: use error, warning, info or off", p)
        severities[check] = value
    names = frozenset((data.get("names") or {}).get("keep") or ())
    length = {}
    for pair, bounds in (data.get("length") or {}).items():
        if not (
            isinstance(bounds, list) and len(bounds) == 2 and all(isinstance(b, (int, float)) for b in bounds)
        ):
            raise FormatError(f"[length] {pair} must be [low, high]", p)
        length[pair] = (float(bounds[0]), float(bounds[1]))
    return QaConfig(severities, names, length, str(p))

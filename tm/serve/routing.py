"""Routes: a method, a path pattern matched on the raw (still URL-escaped) path, and a handler. ``{name}`` matches one path segment; a final ``{name+}`` takes the rest of the
path, slashes included (the tmserver query text)."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from tm.serve.http import decode_segment

_LOGGABLE = re.compile(r"^[A-Za-z0-9_@.\-]{1,24}$")


@dataclass(frozen=True)
class Route:
    method: str
    pattern: str
    handler: Callable
    write: bool = False  # an import: needs --allow-import and the token
    parts: tuple[str, ...] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "parts", tuple(self.pattern.split("/")))

    def match(self, path: str) -> dict[str, str] | None:
        """The decoded path parameters when ``path`` (raw) fits this route, else None."""
        segments = path.split("/")
        parts = self.parts
        rest = parts[-1].startswith("{") and parts[-1].endswith("+}")
        if len(segments) < len(parts) if rest else len(segments) != len(parts):
            return None
        raw: dict[str, str] = {}
        for i, part in enumerate(parts):  # literal segments first: most routes fail there, cheaply
            if not part.startswith("{"):
                if part != segments[i]:
                    return None
            else:
                raw[part.strip("{}+")] = (
                    "/".join(segments[i:]) if rest and i == len(parts) - 1 else segments[i]
                )
        if not all(raw.values()):
            return None
        return {name: decode_segment(value, name) for name, value in raw.items()}

    def log_path(self, params: dict[str, str]) -> str:
        """The path for the log: language codes kept, text never (it may be under embargo)."""
        out = []
        for part in self.parts:
            if part.startswith("{"):
                value = params.get(part.strip("{}+"), "")
                out.append(value if not part.endswith("+}") and _LOGGABLE.match(value) else "…")
            else:
                out.append(part)
        return "/".join(out)

    @property
    def openapi_path(self) -> str:
        return self.pattern.replace("+}", "}")

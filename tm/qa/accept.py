"""Accepted findings: a sidecar JSON file that a reviewer's ``tm qa --accept`` writes.

Each entry is keyed by check, file name, segment key and a hash of the segment's source and target text:
a finding accepted once is not reported again while that text stays the same; an edit of either brings it
back. The file is written whole or not at all.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

from tm.errors import FormatError
from tm.formats.atomic import atomic_output
from tm.qa.model import Finding

DEFAULT_NAME = "tm-qa.accepted.json"


def _key(f: Finding) -> tuple[str, str, str, str]:
    return (f.check, Path(f.file).name, f.key, f.digest)


@dataclass
class Accepted:
    path: Path
    entries: list[dict] = field(default_factory=list)

    @property
    def keys(self) -> set[tuple[str, str, str, str]]:
        return {(e["check"], e["file"], e["segment"], e["hash"]) for e in self.entries}

    def covers(self, finding: Finding) -> bool:
        return _key(finding) in self._keys

    def __post_init__(self) -> None:
        self._keys = self.keys

    def add(self, findings: list[Finding]) -> int:
        """Record ``findings`` as accepted; returns how many were new."""
        now = datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
        added = 0
        for f in findings:
            if _key(f) in self._keys:
                continue
            self._keys.add(_key(f))
            self.entries.append(
                {
                    "check": f.check,
                    "file": Path(f.file).name,
                    "segment": f.key,
                    "hash": f.digest,
                    "id": f.segment,
                    "message": f.message,
                    "accepted": now,
                }
            )
            added += 1
        return added

    def save(self) -> None:
        data = json.dumps({"version": 1, "accepted": self.entries}, ensure_ascii=False, indent=1)
        with atomic_output(self.path) as handle:
            handle.write((data + "\n").encode("utf-8"))


def load_accepted(path: str | Path) -> Accepted:
    p = Path(path)
    if not p.exists():
        return Accepted(p)
    try:
        data = json.loads(p.read_text(encoding="utf-8"))
        entries = list(data["accepted"])
        for e in entries:
            for name in ("check", "file", "segment", "hash"):
                if not isinstance(e.get(name), str):
                    raise KeyError(name)
    except (OSError, ValueError, KeyError, TypeError) as err:
        raise FormatError(f"not a tm accepted-findings file ({err})", p) from None
    return Accepted(p, entries)

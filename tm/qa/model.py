"""What QA reads and reports: bilingual segments in, findings out."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field

ERROR, WARNING, INFO = "error", "warning", "info"
SEVERITIES = (ERROR, WARNING, INFO)
OFF = "off"

Spans = tuple[tuple[int, int], ...]


@dataclass(frozen=True)
class QaSegment:
    """One source/target pair of a bilingual file.

    ``source`` and ``target`` are the texts as written (inline codes removed, whitespace kept);
    ``source_codes`` / ``target_codes`` are the inline codes (XLIFF/TMX elements) as markup, in order.
    ``id`` is how the segment is named in a finding (unit id, PO line, line number); ``key`` is what stays
    the same when the file is edited elsewhere (it keys accepted findings).
    """

    file: str
    id: str
    key: str
    source: str
    target: str
    line: int | None = None
    source_codes: tuple[str, ...] = ()
    target_codes: tuple[str, ...] = ()
    fuzzy: bool = False  # PO #, fuzzy / XLIFF state below translated: a draft, checked all the same

    @property
    def digest(self) -> str:
        """A short hash of the source and target text: an accepted finding holds while it is unchanged."""
        data = f"{self.source}\x00{self.target}".encode()
        return hashlib.sha256(data).hexdigest()[:16]


@dataclass(frozen=True)
class Hit:
    """What a check found in one segment: a message and the spans it is about."""

    check: str
    message: str
    source_spans: Spans = ()
    target_spans: Spans = ()


@dataclass(frozen=True)
class Finding:
    """A hit with its place and severity, as reported."""

    file: str
    segment: str
    check: str
    severity: str
    message: str
    source: str
    target: str
    source_spans: Spans = ()
    target_spans: Spans = ()
    line: int | None = None
    key: str = ""
    digest: str = ""


@dataclass(frozen=True)
class CheckInfo:
    """A check as documented: its id, default severity and what it finds."""

    id: str
    severity: str
    summary: str


@dataclass
class QaReport:
    """Everything one ``tm qa`` run found."""

    files: list[str]
    src: str
    tgt: str
    segments: int = 0
    findings: list[Finding] = field(default_factory=list)
    accepted: int = 0  # findings left out because they were accepted earlier
    checks: list[str] = field(default_factory=list)  # the checks that ran
    severities: dict[str, str] = field(default_factory=dict)  # check -> severity in force
    notes: list[str] = field(default_factory=list)

    def summary(self) -> dict[str, dict[str, int]]:
        """Findings per check and severity, in check order."""
        out: dict[str, dict[str, int]] = {}
        for f in self.findings:
            out.setdefault(f.check, {}).setdefault(f.severity, 0)
            out[f.check][f.severity] += 1
        order = {c: n for n, c in enumerate(self.checks)}
        return dict(sorted(out.items(), key=lambda kv: order.get(kv[0], len(order))))

    @property
    def errors(self) -> int:
        return sum(1 for f in self.findings if f.severity == ERROR)

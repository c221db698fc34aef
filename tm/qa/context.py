"""What the checks know besides the segment: the languages, the termbase, the TM."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from tm.lang import primary


@dataclass
class Context:
    src: str  # the languages as asked (zh-CN, en-US); see .s and .t for the primary subtags
    tgt: str
    terms: object | None = None  # a tm.terms.match.TermChecker, when a termbase is given
    tm_targets: Callable[[str], list[str]] | None = None  # the TM's 100% targets of a source
    length_range: tuple[float, float] | None = None  # target/source character ratio, learned from the TM
    names: frozenset[str] = frozenset()  # more Latin names to keep (config)
    notes: list[str] = field(default_factory=list)

    @property
    def s(self) -> str:
        return primary(self.src)

    @property
    def t(self) -> str:
        return primary(self.tgt)

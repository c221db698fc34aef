"""``consistency``, ``consistency-target`` and ``consistency-tm``: one source, one translation.

- ``consistency``: the same source (whitespace and Unicode width aside) translated differently in the
  files checked; the segments whose translation is not the most frequent one are flagged.
- ``consistency-target``: different sources (beyond case, punctuation and spacing) with the same
  translation, which often means one of them was copied by mistake.
- ``consistency-tm``: the target differs from the translation of the TM's 100% match of its source.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterator, Sequence

from tm.qa.context import Context
from tm.qa.model import Hit, QaSegment

_SPACES = re.compile(r"\s+")
_NOT_ALNUM = re.compile(r"[\W_]+")


def norm(text: str) -> str:
    return _SPACES.sub(" ", unicodedata.normalize("NFKC", text)).strip()


def _bare(text: str) -> str:
    return _NOT_ALNUM.sub("", norm(text).casefold())


def _unrelated(a: str, b: str) -> bool:
    return not (a.startswith(b) or b.startswith(a))


def _where(seg: QaSegment) -> str:
    return f"{seg.file}:{seg.id}"


def check(segments: Sequence[QaSegment], ctx: Context) -> Iterator[tuple[QaSegment, Hit]]:
    done = [s for s in segments if s.target.strip() and s.source.strip()]
    by_source: dict[str, list[QaSegment]] = defaultdict(list)
    for seg in done:
        by_source[norm(seg.source)].append(seg)
    for group in by_source.values():
        targets = Counter(norm(s.target) for s in group)
        if len(targets) < 2:
            continue
        common = targets.most_common(1)[0][0]
        first = next(s for s in group if norm(s.target) == common)
        for seg in group:
            if norm(seg.target) != common:
                yield (
                    seg,
                    Hit(
                        "consistency",
                        f"the same source is translated differently at {_where(first)}: {common!r}",
                        (),
                        ((0, len(seg.target)),),
                    ),
                )
    by_target: dict[str, list[QaSegment]] = defaultdict(list)
    for seg in done:
        if len(_bare(seg.target)) >= 3:
            by_target[norm(seg.target)].append(seg)
    for group in by_target.values():
        sources = {_bare(s.source) for s in group}
        if len(sources) < 2:
            continue
        for seg in group:
            # another source that is not this one's abbreviation, plural or full form (Fri / Friday)
            other = next((s for s in group if _unrelated(_bare(s.source), _bare(seg.source))), None)
            if other is None:
                continue
            yield (
                seg,
                Hit(
                    "consistency-target",
                    f"the same translation as a different source at {_where(other)}: {norm(other.source)!r}",
                    ((0, len(seg.source)),),
                ),
            )
    if ctx.tm_targets is None:
        return
    for seg in done:
        tm = ctx.tm_targets(seg.source)
        if tm and norm(seg.target) not in {norm(t) for t in tm}:
            yield (
                seg,
                Hit(
                    "consistency-tm",
                    f"the TM's 100% match translates this source as {tm[0]!r}",
                    (),
                    ((0, len(seg.target)),),
                ),
            )

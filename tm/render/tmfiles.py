"""What an import did and what a TM holds, as tables."""

from __future__ import annotations

from collections.abc import Sequence

from tm.model import ImportSummary, TmStats
from tm.render import table


def import_table(summaries: Sequence[ImportSummary]) -> str:
    """One row per file: format, units read, added, merged, revised (a reviewed draft's new targets, only
    when there are), skipped, and why they were skipped."""
    revised = any(s.revised for s in summaries)
    rows = [
        (
            s.path,
            s.format,
            s.read,
            s.added,
            s.merged,
            *((s.revised,) if revised else ()),
            s.skipped,
            "; ".join(f"{r}: {n}" for r, n in sorted(s.reasons.items())),
        )
        for s in summaries
    ]
    head = (
        "file",
        "format",
        "read",
        "added",
        "merged",
        *(("revised",) if revised else ()),
        "skipped",
        "reasons",
    )
    return table(head, rows, numeric=tuple(range(2, len(head) - 1)))


SHOWN_PAIRS = 50  # language pairs in the table (a TM of 60 languages has 1,770); --json lists them all


def stats_text(stats: TmStats) -> str:
    """Units (and statuses other than confirmed), variants per language, language pairs (the largest
    :data:`SHOWN_PAIRS`, and how many more), origins."""
    statuses = "".join(f"  ({s}: {n})" for s, n in stats.statuses.items() if s != "confirmed")
    if stats.revisions:
        statuses += f"  (targets revised by review: {stats.revisions})"
    more = len(stats.pairs) - SHOWN_PAIRS
    pairs = table(("language", "paired with", "units"), stats.pairs[:SHOWN_PAIRS], numeric=(2,))
    if more > 0:
        pairs += f"\n... and {more:,} more pairs with fewer units (tm stats --json lists every pair)"
    return "\n".join(
        [
            f"TM: {stats.path}",
            f"Units: {stats.units}{statuses}",
            "",
            table(("language", "variants"), list(stats.variants.items()), numeric=(1,)),
            "",
            pairs,
            "",
            table(("origin", "format", "units"), stats.origins, numeric=(2,)),
        ]
    )

"""What an import did and what a TM holds, as tables."""

from __future__ import annotations

from collections.abc import Sequence

from tm.model import ImportSummary, TmStats
from tm.render import table


def import_table(summaries: Sequence[ImportSummary]) -> str:
    """One row per file: format, units read, added, merged, skipped, and why they were skipped."""
    rows = [
        (
            s.path,
            s.format,
            s.read,
            s.added,
            s.merged,
            s.skipped,
            "; ".join(f"{r}: {n}" for r, n in sorted(s.reasons.items())),
        )
        for s in summaries
    ]
    return table(
        ("file", "format", "read", "added", "merged", "skipped", "reasons"), rows, numeric=(2, 3, 4, 5)
    )


def stats_text(stats: TmStats) -> str:
    """Units (and statuses other than confirmed), variants per language, language pairs, origins."""
    statuses = "".join(f"  ({s}: {n})" for s, n in stats.statuses.items() if s != "confirmed")
    return "\n".join(
        [
            f"TM: {stats.path}",
            f"Units: {stats.units}{statuses}",
            "",
            table(("language", "variants"), list(stats.variants.items()), numeric=(1,)),
            "",
            table(("pair", "", "units"), stats.pairs, numeric=(2,)),
            "",
            table(("origin", "format", "units"), stats.origins, numeric=(2,)),
        ]
    )

"""Sufficient statistics gathered chunk by chunk, in bounded memory, with sacrebleu's own metric objects.

sacrebleu's ``corpus_score`` caches the n-grams of every reference before it scores (100k pairs take
gigabytes). Here each chunk of pairs goes through the same ``_extract_corpus_statistics`` and the
segment statistics are added to running totals in corpus order, exactly as sacrebleu's ``sum_of_lists``
adds them, so the final ``_compute_score_from_stats`` sees the same numbers. With ``jobs > 1`` chunks
are scored in worker processes (at most two chunks in flight per worker) and summed in order.
"""

from __future__ import annotations

import multiprocessing
import sys
from collections import deque
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from tm.scoring.metrics import MetricPair, ScoreSettings, build_metrics

Stats = list[Any]
Chunk = tuple[list[str], list[list[str]]]  # hypotheses, reference streams


def segment_stats(metrics: dict[str, MetricPair], hyps: list[str], refs: list[list[str]]) -> dict[str, list]:
    """Per-segment statistics of one chunk, for every metric (sacrebleu's own extraction)."""
    return {name: pair.corpus._extract_corpus_statistics(hyps, refs) for name, pair in metrics.items()}


def add_into(total: list | None, stats: Stats) -> list:
    """``total += stats`` element-wise, the way sacrebleu's ``sum_of_lists`` accumulates."""
    if total is None:
        total = [type(stats[0])(0.0)] * len(stats)
    for i, value in enumerate(stats):
        total[i] += value
    return total


@dataclass
class Totals:
    """Running totals per metric (and per group, e.g. match band), plus segment stats when kept."""

    sums: dict[str, list] = field(default_factory=dict)
    groups: dict[str, dict[str, list]] = field(default_factory=dict)
    kept: dict[str, list[Stats]] | None = None
    count: int = 0

    def add(self, stats: dict[str, list[Stats]], groups: list[str | None] | None = None) -> None:
        for name, rows in stats.items():
            total = self.sums.get(name)
            for n, row in enumerate(rows):
                total = add_into(total, row)
                if groups is not None and groups[n] is not None:
                    group = self.groups.setdefault(groups[n], {})  # type: ignore[arg-type]
                    group[name] = add_into(group.get(name), row)
            self.sums[name] = total  # type: ignore[assignment]
            if self.kept is not None:
                self.kept.setdefault(name, []).extend(rows)
        self.count += len(next(iter(stats.values()), []))


# --- worker processes -----------------------------------------------------------------------------------

_WORKER_METRICS: dict[str, MetricPair] = {}


def _worker_init(settings: ScoreSettings) -> None:
    _WORKER_METRICS.clear()
    _WORKER_METRICS.update(build_metrics(settings))


def _worker_stats(chunk: Chunk) -> dict[str, list]:
    return segment_stats(_WORKER_METRICS, chunk[0], chunk[1])


def chunk_stats(
    settings: ScoreSettings, metrics: dict[str, MetricPair], chunks: Iterable[Chunk], jobs: int = 1
) -> Iterator[dict[str, list]]:
    """Per-segment stats for each chunk, in order; ``jobs > 1`` scores chunks in worker processes."""
    if jobs <= 1:
        for hyps, refs in chunks:
            yield segment_stats(metrics, hyps, refs)
        return
    method = "fork" if sys.platform.startswith("linux") else "spawn"
    ctx = multiprocessing.get_context(method)
    with ctx.Pool(jobs, initializer=_worker_init, initargs=(settings,)) as pool:
        pending: deque = deque()
        for chunk in chunks:
            pending.append(pool.apply_async(_worker_stats, (chunk,)))
            if len(pending) >= 2 * jobs:
                yield pending.popleft().get()
        while pending:
            yield pending.popleft().get()

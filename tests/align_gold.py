"""The gold alignments of tests/data/align and the TM each case may learn from (its own document left out)."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from pathlib import Path

HERE = Path(__file__).resolve().parent
DATA = HERE / "data" / "align"
PAIRS = (("zh", "en"), ("zh", "ru"), ("en", "ru"))
sys.path.insert(0, str(DATA))
from build import documents  # noqa: E402


def cases(src: str, tgt: str) -> list[dict]:
    return json.loads((DATA / f"{src}-{tgt}.json").read_text(encoding="utf-8"))


def tm_pairs(src: str, tgt: str, leave_out: str) -> list[tuple[str, str]]:
    """The corpora's aligned sentences of ``src``-``tgt``, except those of document ``leave_out``."""
    out = []
    for name, doc in documents().items():
        if name == leave_out or src not in doc or tgt not in doc:
            continue
        for ps, pt in zip(doc[src], doc[tgt], strict=True):
            out.extend(zip(ps, pt, strict=True))
    return out


def gold_beads(case: dict) -> list[tuple[tuple[int, ...], tuple[int, ...]]]:
    return [(tuple(a), tuple(b)) for a, b in case["gold"]]


def evaluate(src: str, tgt: str, run: Callable[[dict, list], list], report) -> None:
    """Add every case of ``src``-``tgt`` to ``report``: ``run(case, tm_pairs)`` returns (bead, confidence)."""
    for case in cases(src, tgt):
        predicted = run(case, tm_pairs(src, tgt, case["doc"]))
        report.add(predicted, gold_beads(case))

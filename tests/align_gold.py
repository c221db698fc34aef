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

from tm.align import align, build_model  # noqa: E402
from tm.align.confidence import confidence, feature_vector, fit  # noqa: E402


def cases(src: str, tgt: str) -> list[dict]:
    return json.loads((DATA / f"{src}-{tgt}.json").read_text(encoding="utf-8"))


def tm_pairs(src: str, tgt: str, leave_out: str) -> list[tuple[str, str]]:
    """The corpora's aligned sentences of ``src``-``tgt``, without any that document ``leave_out`` holds
    on either side (its own, and the boilerplate other documents share with it: no test on training
    data)."""
    docs = documents()
    own = {s for lang in (src, tgt) for p in docs[leave_out].get(lang, ()) for s in p}
    out = []
    for name, doc in docs.items():
        if name == leave_out or src not in doc or tgt not in doc:
            continue
        for ps, pt in zip(doc[src], doc[tgt], strict=True):
            out.extend((s, t) for s, t in zip(ps, pt, strict=True) if s not in own and t not in own)
    return out


def align_case(
    case: dict, src: str, tgt: str, *, with_tm: bool = True, use_dictionary: bool = True, termbase=None
):
    """The :class:`tm.align.Alignment` of a gold case, the model learning from the TM of the other
    documents only (or from no TM), and from ``termbase`` where given."""
    model = build_model(
        src,
        tgt,
        tm_pairs=tm_pairs(src, tgt, case["doc"]) if with_tm else [],
        termbase=termbase,
        use_dictionary=use_dictionary,
        src_texts=[s for p in case["src"] for s in p],
        tgt_texts=[s for p in case["tgt"] for s in p],
    )
    return align(case["src"], case["tgt"], src, tgt, model)


def calibration_rows(case: dict, alignment) -> list[tuple[tuple[float, ...], int]]:
    """(confidence features, 1 if the gold has it else 0) for each bead of ``alignment`` with both sides."""
    gold = set(gold_beads(case))
    return [
        (
            feature_vector(b.posterior, b.group_posterior, b.src, b.tgt, b.evidence, b.mismatch),
            int((b.src, b.tgt) in gold),
        )
        for b in alignment.beads
        if b.both
    ]


def gold_beads(case: dict) -> list[tuple[tuple[int, ...], tuple[int, ...]]]:
    return [(tuple(a), tuple(b)) for a, b in case["gold"]]


def evaluate(src: str, tgt: str, run: Callable[[dict, list], list], report) -> None:
    """Add every case of ``src``-``tgt`` to ``report``: ``run(case, tm_pairs)`` returns (bead, confidence)."""
    for case in cases(src, tgt):
        predicted = run(case, tm_pairs(src, tgt, case["doc"]))
        report.add(predicted, gold_beads(case))


def held_out(rows: list[tuple[str, tuple[float, ...], int]]) -> list[tuple[float, int]]:
    """(confidence, right) for each (document, features, right) row, from a model fitted without the
    row's document."""
    out = []
    for doc in sorted({d for d, _, _ in rows}):
        w = fit([(x, y) for d, x, y in rows if d != doc])
        out += [(confidence(x, w), y) for d, x, y in rows if d == doc]
    return out

"""Fit the confidence of tm align's beads on the gold alignments, and show its calibration held out.

    .venv/bin/python bench/align_calibrate.py            # fit, print coefficients and held-out bins
    .venv/bin/python bench/align_calibrate.py --json

Every case of tests/data/align is aligned with the TM of the other documents (its own left out); each
bead of the result with both sides is a row: its features (tm.align.confidence.feature_vector) and
whether the gold has it. The logistic model is fitted on all rows (the coefficients to write into
tm/align/confidence.py) and, for the calibration table, once per document with that document's rows
held out: each row's confidence comes from a model that never saw its document.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from align_gold import PAIRS, align_case, calibration_rows, cases, held_out  # noqa: E402

from tm.align.confidence import fit  # noqa: E402
from tm.align.evaluate import BINS  # noqa: E402


def rows() -> list[tuple[str, str, tuple, int]]:
    """(pair, document, features, right) for every predicted bead with both sides."""
    out = []
    for src, tgt in PAIRS:
        for case in cases(src, tgt):
            result = align_case(case, src, tgt)
            out += [(f"{src}-{tgt}", case["doc"], x, y) for x, y in calibration_rows(case, result)]
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    data = rows()
    coefficients = fit([(x, y) for _, _, x, y in data])
    held = held_out([(d, x, y) for _, d, x, y in data])
    bins = []
    for low, high in zip(BINS, BINS[1:], strict=False):
        inside = [(p, y) for p, y in held if low <= p < high]
        n = len(inside)
        bins.append(
            {
                "range": [low, min(high, 1.0)],
                "beads": n,
                "right": sum(y for _, y in inside),
                "mean_confidence": round(sum(p for p, _ in inside) / n, 4) if n else None,
                "accuracy": round(sum(y for _, y in inside) / n, 4) if n else None,
            }
        )
    ece = sum(b["beads"] * abs(b["accuracy"] - b["mean_confidence"]) for b in bins if b["beads"]) / len(held)
    result = {
        "coefficients": [round(c, 4) for c in coefficients],
        "rows": len(data),
        "bins": bins,
        "ece": round(ece, 4),
    }
    if args.json:
        print(json.dumps(result))
        return 0
    print(
        f"coefficients (intercept, logit posterior, logit group posterior, not 1-1, unmatched numbers, evidence below chance): {result['coefficients']}"
    )
    print(f"held-out calibration over {len(held)} beads (ECE {result['ece']}):")
    print("confidence     beads  right  mean conf  accuracy")
    for b in bins:
        if b["beads"]:
            print(
                f"{b['range'][0]:.2f}-{b['range'][1]:.2f}  {b['beads']:>6}  {b['right']:>5}  {b['mean_confidence']:>9.3f}  {b['accuracy']:>8.3f}"
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())

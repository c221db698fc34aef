"""Strict bead F1 of tm align on the gold alignments of tests/data/align, Gale-Church beside it.

    .venv/bin/python bench/align_f1.py            # tables per language pair, bead type, confidence bin
    .venv/bin/python bench/align_f1.py --no-dictionary --no-tm
    .venv/bin/python bench/align_f1.py --termbase corpora/terms/wcm.tbx   # with a termbase (not held out:
                                                                          # it was made from these texts)
    .venv/bin/python bench/align_f1.py --json

Each case is aligned with the TM of the other documents only (its own units left out: no test on
training data); Gale-Church (bench/gale_church.py) aligns the same sentences in the same run.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[0:0] = [str(ROOT / "tests"), str(ROOT / "bench")]  # tests/ first: align_gold is its module

import gale_church  # noqa: E402
from align_gold import PAIRS, align_case, cases, gold_beads  # noqa: E402

from tm.align.evaluate import Report  # noqa: E402
from tm.terms import load_termbase  # noqa: E402


def run(
    src: str, tgt: str, use_dictionary: bool, with_tm: bool, termbase=None
) -> tuple[Report, Report, float]:
    mine, baseline = Report(), Report()
    start = time.perf_counter()
    for case in cases(src, tgt):
        result = align_case(case, src, tgt, with_tm=with_tm, use_dictionary=use_dictionary, termbase=termbase)
        gold = gold_beads(case)
        mine.add([((b.src, b.tgt), b.confidence) for b in result.beads], gold)
        flat_s = [s for p in case["src"] for s in p]
        flat_t = [s for p in case["tgt"] for s in p]
        baseline.add([(b, 1.0) for b in gale_church.align(flat_s, flat_t)], gold)
    return mine, baseline, time.perf_counter() - start


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--no-dictionary", action="store_true")
    parser.add_argument("--no-tm", action="store_true")
    parser.add_argument("--termbase", help="a TBX or CSV termbase whose concepts the aligner uses")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    termbase = load_termbase(None, args.termbase) if args.termbase else None
    out = {}
    for src, tgt in PAIRS:
        mine, baseline, seconds = run(src, tgt, not args.no_dictionary, not args.no_tm, termbase)
        out[f"{src}-{tgt}"] = {
            "tm_align": mine.to_json(),
            "gale_church": baseline.to_json(),
            "seconds": round(seconds, 2),
        }
    if args.json:
        print(json.dumps(out))
        return 0
    print("pair    cases  gold beads  tm align F1 (P / R)        Gale-Church F1")
    for pair, r in out.items():
        m, g = r["tm_align"], r["gale_church"]
        print(
            f"{pair:<7} {len(cases(*pair.split('-'))):>5}  {m['gold']:>10}  {m['f1']:.4f} ({m['precision']:.4f} / {m['recall']:.4f})"
            f"  {g['f1']:.4f}"
        )
    for pair, r in out.items():
        m, g = r["tm_align"], r["gale_church"]
        print(f"\n{pair} by bead type: gold, tm align predicted/right/F1, Gale-Church predicted/right/F1")
        for kind in sorted(set(m["by_kind"]) | set(g["by_kind"])):
            a = m["by_kind"].get(kind, {"gold": 0, "predicted": 0, "correct": 0, "f1": 0.0})
            b = g["by_kind"].get(kind, {"gold": 0, "predicted": 0, "correct": 0, "f1": 0.0})
            print(
                f"  {kind:<4} {max(a['gold'], b['gold']):>5}   {a['predicted']:>5} {a['correct']:>5} {a['f1']:.4f}"
                f"   {b['predicted']:>5} {b['correct']:>5} {b['f1']:.4f}"
            )
        print(f"{pair} by confidence: beads, right, mean confidence, accuracy")
        for b in m["bins"]:
            if b["beads"]:
                lo, hi = b["range"]
                print(
                    f"  {lo:.2f}-{hi:.2f} {b['beads']:>5} {b['correct']:>5}  {b['mean_confidence']:.3f}  {b['accuracy']:.3f}"
                )
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Hostile and broken files on every input path (see tests/fuzz_inputs.py for the rules).

CI runs a fixed seed for TM_FUZZ_INPUTS inputs (default 2000): the same inputs on any machine, however busy
(review: a time budget covered fewer cases on a loaded one); a longer search: ``python -m tests.fuzz_inputs``.
"""

from __future__ import annotations

import os

from tests.fuzz_inputs import fuzz, seeds


def test_mutated_inputs_never_traceback_never_store_bad_units_and_say_one_line_each():
    inputs = int(os.environ.get("TM_FUZZ_INPUTS", "2000"))
    report = fuzz(inputs, seed=int(os.environ.get("TM_FUZZ_SEED", "0")))
    assert report.inputs == inputs, report  # every input tried, however long it took
    assert not report.failures, "\n\n".join(report.failures[:5])
    # every kind of outcome was reached: refusals, imports and documents
    assert {"refused", "imported", "document read", "document refused"} <= set(report.outcomes), (
        report.outcomes
    )
    assert report.slowest[0] < 10, report.slowest  # nothing close to a hang


def test_the_seeds_cover_every_input_format():
    assert {suffix for suffix, _ in seeds()} == {".tmx", ".po", ".xlf", ".html", ".txt"}

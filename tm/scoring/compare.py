"""Compare drafts of the same text: sacrebleu's paired bootstrap resampling or approximate randomization.

The first draft is the baseline; every other draft gets a p-value for its difference from it. Drafts and
references are paired by id (PO, XLIFF, TMX) or position (text) in the order of the first reference.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from tm.errors import UsageError
from tm.scoring.metrics import ScoreSettings, build_metrics
from tm.scoring.pairing import open_columns

TESTS = ("bs", "ar")
SIGNIFICANCE = 0.05


@dataclass(frozen=True)
class PairedScore:
    metric: str  # sacrebleu's score name: BLEU, chrF2, TER
    score: float
    mean: float | None  # bootstrap estimate of the true score
    ci: float | None  # half-width of its 95% interval
    p_value: float | None  # None for the baseline
    significant: bool | None  # p < 0.05; None for the baseline


@dataclass(frozen=True)
class SystemResult:
    path: str
    baseline: bool
    scores: tuple[PairedScore, ...]


@dataclass(frozen=True)
class Comparison:
    references: tuple[str, ...]
    lang: str
    test: str  # "bs" (paired bootstrap) or "ar" (approximate randomization)
    samples: int
    segments: int
    signatures: dict[str, str]
    systems: tuple[SystemResult, ...]
    skipped: int = 0


def compare_files(
    hypotheses: Sequence[str | Path],
    references: Sequence[str | Path],
    settings: ScoreSettings,
    *,
    test: str = "bs",
    samples: int = 0,
) -> Comparison:
    """Paired significance test of ``hypotheses[1:]`` against the baseline ``hypotheses[0]``.

    ``samples`` 0 takes sacrebleu's defaults (1000 resamples for bs, 10000 trials for ar). Results and
    p-values are sacrebleu's ``PairedTest`` (seed from ``SACREBLEU_SEED``, 12345 unless set).
    """
    if len(hypotheses) < 2:
        raise UsageError(
            "a paired comparison needs at least two drafts", hint="tm score A B --ref REF --paired"
        )
    if test not in TESTS:
        raise UsageError(
            f"unknown paired test {test!r}", hint="use bs (bootstrap) or ar (approximate randomization)"
        )
    n_ref = len(references)
    columns = open_columns([*references, *hypotheses], settings.lang, ref_columns=range(n_ref))
    rows = list(columns.rows())
    refs = [[row[i].target for row in rows] for i in range(n_ref)]
    systems = [(str(h), [row[n_ref + j].target for row in rows]) for j, h in enumerate(hypotheses)]
    metrics = {name: pair.corpus for name, pair in build_metrics(settings).items()}

    from sacrebleu.significance import PairedTest  # lazy: sacrebleu costs ~70 ms

    tester = PairedTest(systems, metrics, refs, test_type=test, n_samples=samples, n_ar_confidence=-1)
    signatures, table = tester()
    names = [k for k in table if k != "System"]
    results = []
    for i, path in enumerate(table["System"]):
        scores = []
        for name in names:
            res = table[name][i]
            p = res.p_value
            scores.append(
                PairedScore(
                    name,
                    float(res.score),
                    _num(res.mean),
                    _num(res.ci),
                    _num(p),
                    None if p is None else p < SIGNIFICANCE,
                )
            )
        results.append(SystemResult(str(path), i == 0, tuple(scores)))
    return Comparison(
        tuple(str(r) for r in references),
        settings.lang,
        test,
        tester.n_samples,
        len(rows),
        {name: sig.format() for name, sig in signatures.items()},
        tuple(results),
        columns.skipped,
    )


def _num(value) -> float | None:
    """numpy scalars -> float (for JSON)."""
    return None if value is None else float(value)

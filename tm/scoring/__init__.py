"""Quality scoring of drafts against references (BLEU, chrF, TER through sacrebleu), done right for
Chinese and Russian: language-aware tokenizers, sentence BLEU with effective order, CJK TER, bounded
memory for large corpora, match bands of pre-translated files, paired significance tests."""

from tm.scoring.evaluate import BandScore, MetricScore, ScoreReport, SegmentScore, score_files, score_texts
from tm.scoring.metrics import DEFAULT_METRICS, METRICS, ScoreSettings, default_tokenizer, parse_metrics

__all__ = [
    "DEFAULT_METRICS",
    "METRICS",
    "BandScore",
    "MetricScore",
    "ScoreReport",
    "ScoreSettings",
    "SegmentScore",
    "default_tokenizer",
    "parse_metrics",
    "score_files",
    "score_texts",
]

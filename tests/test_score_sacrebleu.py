"""tm's scores are sacrebleu's: the same numbers as sacrebleu's own Python API with the same settings,
for English, Chinese and Russian, one and two references, corpus and sentence level, however the
corpus is cut into chunks or spread over processes."""

from __future__ import annotations

import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sacrebleu.metrics import BLEU, CHRF, TER

from tm.scoring import ScoreSettings, score_texts

REFS = {
    "en": [
        "The committee approved the budget on Monday.",
        "Please restart the server before installing the update.",
        "Our office is closed on public holidays.",
        "Click Save to keep your changes.",
        "Hello!",
        "The invoice was paid in full on 3 March 2025.",
        "He said that the results would be published next week.",
        "Open the file.",
    ],
    "zh": [
        "委员会于星期一批准了预算。",
        "安装更新之前，请重新启动服务器。",
        "我们的办公室在公共假日休息。",
        "点击“保存”以保留更改。",
        "你好！",
        "发票已于2025年3月3日全额支付。",
        "他说结果将在下周公布。",
        "打开文件。",
    ],
    "ru": [
        "Комитет утвердил бюджет в понедельник.",
        "Перед установкой обновления перезапустите сервер.",
        "Наш офис закрыт в праздничные дни.",
        "Нажмите «Сохранить», чтобы сохранить изменения.",
        "Привет!",
        "Счёт был полностью оплачен 3 марта 2025 года.",
        "Он сказал, что результаты будут опубликованы на следующей неделе.",
        "Откройте файл.",
    ],
}


def _perturb(text: str, rng: random.Random, cjk: bool) -> str:
    units = list(text) if cjk else text.split()
    out = []
    for unit in units:
        r = rng.random()
        if r < 0.12:
            continue
        out.append(unit + unit[-1] if r < 0.22 else unit)
        if r > 0.94:
            out.append(units[rng.randrange(len(units))])
    return ("" if cjk else " ").join(out)


def _data(lang: str, seed: int = 7):
    rng = random.Random(seed)
    cjk = lang == "zh"
    refs = REFS[lang]
    hyps = [_perturb(r, rng, cjk) for r in refs]
    hyps[3] = refs[3]  # one draft equals its reference
    second = [_perturb(r, rng, cjk) for r in refs]
    return hyps, refs, second


def _sacrebleu(lang: str):
    cjk = lang == "zh"
    tok = "zh" if cjk else "13a"
    return {
        "bleu": (BLEU(tokenize=tok), BLEU(tokenize=tok, effective_order=True)),
        "chrf": (CHRF(), CHRF()),
        "chrf++": (CHRF(word_order=2), CHRF(word_order=2)),
        "ter": (TER(normalized=cjk, asian_support=cjk), TER(normalized=cjk, asian_support=cjk)),
    }


ALL = ("bleu", "chrf", "chrf++", "ter")


@pytest.mark.parametrize("lang", ["en", "zh", "ru"])
@pytest.mark.parametrize("nrefs", [1, 2])
@pytest.mark.parametrize("chunk", [1, 3, 1000])
def test_corpus_and_sentence_scores_equal_sacrebleu(lang, nrefs, chunk):
    hyps, ref1, ref2 = _data(lang)
    refs = [ref1, ref2][:nrefs]
    report = score_texts(hyps, refs, ScoreSettings(lang, ALL), segments=True, chunk_size=chunk, width=2)
    expected = _sacrebleu(lang)
    by_index = {s.index: s for s in report.segments}
    for got in report.corpus:
        corpus_metric, sentence_metric = expected[got.metric]
        want = corpus_metric.corpus_score(hyps, refs)
        signature = corpus_metric.get_signature().format()
        assert got.score == want.score
        assert got.signature == signature
        assert got.line == want.format(width=2, signature=signature)
        for i, hyp in enumerate(hyps, start=1):
            want_sentence = sentence_metric.sentence_score(hyp, [r[i - 1] for r in refs]).score
            assert by_index[i].scores[got.metric] == want_sentence, (got.metric, i)
    bleu_sentence_sig = expected["bleu"][1].get_signature().format()
    assert report.sentence_signatures["bleu"] == bleu_sentence_sig
    assert "eff:yes" in bleu_sentence_sig


def test_parallel_workers_give_the_same_numbers():
    rng = random.Random(3)
    refs = [REFS["ru"][i % 8] + f" {i}" for i in range(240)]
    hyps = [_perturb(r, rng, False) for r in refs]
    serial = score_texts(hyps, [refs], ScoreSettings("ru", ALL), chunk_size=240, jobs=1)
    parallel = score_texts(hyps, [refs], ScoreSettings("ru", ALL), chunk_size=17, jobs=2)
    assert [m.score for m in serial.corpus] == [m.score for m in parallel.corpus]
    assert [m.line for m in serial.corpus] == [m.line for m in parallel.corpus]
    want = BLEU().corpus_score(hyps, [refs]).score
    assert parallel.corpus[0].score == want
    # sentence scores and bootstrap intervals from statistics gathered in workers
    kw = {"segments": True, "confidence": 50}
    serial = score_texts(hyps, [refs], ScoreSettings("ru", ("bleu", "ter")), chunk_size=240, jobs=1, **kw)
    parallel = score_texts(hyps, [refs], ScoreSettings("ru", ("bleu", "ter")), chunk_size=17, jobs=2, **kw)
    assert serial.segments == parallel.segments
    assert [(m.ci_mean, m.ci) for m in serial.corpus] == [(m.ci_mean, m.ci) for m in parallel.corpus]


def test_bootstrap_interval_equals_sacrebleu(monkeypatch):
    monkeypatch.delenv("SACREBLEU_SEED", raising=False)
    hyps, refs, _ = _data("en")
    report = score_texts(hyps, [refs], ScoreSettings("en", ("bleu", "chrf")), confidence=200, chunk_size=3)
    for got, metric in zip(report.corpus, (BLEU(), CHRF()), strict=True):
        want = metric.corpus_score(hyps, [refs], n_bootstrap=200)
        assert (got.score, got.ci_mean, got.ci) == (want.score, want._mean, want._ci)
        assert got.signature == metric.get_signature().format()
        assert "bs:200" in got.signature


_WORDS = st.sampled_from(
    ["the", "cat", "кот", "сидит", "на", "ковре", ".", ",", "1,5", "猫", "在", "垫子上", "。"]
)
_SENT = st.lists(_WORDS, min_size=0, max_size=9).map(" ".join)


@settings(max_examples=25, deadline=None)
@given(
    pairs=st.lists(st.tuples(_SENT, _SENT, _SENT), min_size=1, max_size=12),
    chunk=st.integers(1, 5),
    lang=st.sampled_from(["en", "zh", "ru"]),
)
def test_chunked_statistics_equal_a_whole_corpus_call(pairs, chunk, lang):
    hyps = [p[0] for p in pairs]
    refs = [[p[1] for p in pairs], [p[2] for p in pairs]]
    report = score_texts(hyps, refs, ScoreSettings(lang, ALL), chunk_size=chunk)
    for got in report.corpus:
        want = _sacrebleu(lang)[got.metric][0].corpus_score(hyps, refs)
        assert got.score == want.score, got.metric

"""The known traps of scoring, one test each: Chinese tokenization, short-segment sentence BLEU, CJK TER,
and Japanese/Korean without MeCab."""

from __future__ import annotations

import importlib.util

import pytest
from sacrebleu.metrics import BLEU, TER

from tm.errors import TmError
from tm.scoring import ScoreSettings, default_tokenizer, score_texts

ZH_HYP = ["我们今天下午去公园散步。", "请在星期五之前提交报告。"]
ZH_REF = ["我们明天下午去公园散步。", "请在星期四之前提交报告。"]


@pytest.mark.parametrize("code", ["zh", "zh-CN", "zh_TW", "ZH-Hans", "zh-Hant-HK"])
def test_chinese_gets_the_zh_tokenizer(code):
    assert default_tokenizer(code) == "zh"


@pytest.mark.parametrize("code", ["en", "ru", "ru-RU", "de"])
def test_other_languages_get_13a(code):
    assert default_tokenizer(code) == "13a"


def test_chinese_bleu_is_not_13a_bleu():
    report = score_texts(ZH_HYP, [ZH_REF], ScoreSettings("zh-CN", ("bleu",)))
    bleu = report.corpus[0]
    assert "tok:zh" in bleu.signature
    assert bleu.score == BLEU(tokenize="zh").corpus_score(ZH_HYP, [ZH_REF]).score
    # One changed character per sentence: 13a sees each sentence as one "word" and gives 0.
    assert BLEU().corpus_score(ZH_HYP, [ZH_REF]).score == 0.0
    assert bleu.score > 50


def test_overriding_the_chinese_tokenizer_warns():
    report = score_texts(ZH_HYP, [ZH_REF], ScoreSettings("zh", ("bleu",), tokenize="13a"))
    assert "tok:13a" in report.corpus[0].signature
    assert report.notes and "not comparable" in report.notes[0]
    assert not score_texts(ZH_HYP, [ZH_REF], ScoreSettings("zh", ("bleu",))).notes


def test_short_segments_get_sentence_bleu_with_effective_order():
    hyps, refs = ["Good morning", "Open the file."], ["Good morning", "Open a file."]
    report = score_texts(hyps, [refs], ScoreSettings("en", ("bleu",)), segments=True)
    by_index = {s.index: s.scores["bleu"] for s in report.segments}
    # Without effective order a perfect two-word segment scores 0: there are no 3- and 4-grams.
    assert BLEU().sentence_score(hyps[0], [refs[0]]).score == 0.0
    assert by_index[1] == pytest.approx(100.0)
    assert by_index[2] == BLEU(effective_order=True).sentence_score(hyps[1], [refs[1]]).score
    assert by_index[2] > 0
    assert "eff:yes" in report.sentence_signatures["bleu"]


@pytest.mark.parametrize("lang", ["zh", "ja", "ko"])
def test_cjk_ter_uses_asian_support_with_normalization(lang):
    report = score_texts(ZH_HYP, [ZH_REF], ScoreSettings(lang, ("ter",)))
    ter = report.corpus[0]
    assert "norm:yes" in ter.signature and "asian:yes" in ter.signature
    assert ter.score == TER(normalized=True, asian_support=True).corpus_score(ZH_HYP, [ZH_REF]).score
    # Without both options each sentence is one token: one changed character costs the whole sentence.
    assert TER().corpus_score(ZH_HYP, [ZH_REF]).score == 100.0
    assert TER(asian_support=True).corpus_score(ZH_HYP, [ZH_REF]).score == 100.0
    assert ter.score < 20


def test_russian_ter_keeps_sacrebleu_defaults():
    ter = score_texts(["Откройте файл."], [["Откройте этот файл."]], ScoreSettings("ru", ("ter",))).corpus[0]
    assert "norm:no" in ter.signature and "asian:no" in ter.signature


@pytest.mark.parametrize(("lang", "module", "extra"), [("ja", "MeCab", "ja"), ("ko", "mecab_ko", "ko")])
def test_japanese_and_korean_bleu_without_mecab_say_what_to_install(lang, module, extra):
    if importlib.util.find_spec(module) is not None:
        pytest.skip(f"{module} is installed here, so the message cannot be seen")
    with pytest.raises(TmError) as err:
        score_texts(["a"], [["a"]], ScoreSettings(lang, ("bleu",)))
    assert f"{lang}-mecab" in err.value.message
    assert f"sacrebleu[{extra}]" in (err.value.hint or "")
    # chrF needs no tokenizer: it still works.
    assert score_texts(["ab"], [["ab"]], ScoreSettings(lang, ("chrf",))).corpus[0].score == 100.0


def test_an_explicit_tokenizer_is_used_and_an_unknown_one_is_a_usage_error():
    from tm.errors import UsageError

    hyps, refs = ["日本語の文です。"], [["日本語の文章です。"]]
    report = score_texts(hyps, [refs[0]], ScoreSettings("ja", ("bleu",), tokenize="char"))
    assert "tok:char" in report.corpus[0].signature
    assert report.corpus[0].score == BLEU(tokenize="char").corpus_score(hyps, refs).score
    with pytest.raises(UsageError):
        score_texts(hyps, refs, ScoreSettings("ja", ("bleu",), tokenize="klingon"))

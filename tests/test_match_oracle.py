"""The indexed lookup returns exactly what the brute-force oracle returns: same units, same scores, same
order, on random TMs in Chinese, English and Russian, for minimum scores from 30 to 100.

The oracle is built from the whole TM's ``Store.pairs``/``.contexts`` (the store's own rules for choosing
variants and neighbours), while the matcher reads only its candidates' units: both reads are checked too
(and ``pairs`` against a plain reference in tests/test_store.py).
"""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tm.match import Matcher, OracleMatcher
from tm.model import Header, Unit, Variant
from tm.store import Store, open_store

VOCAB = {
    "zh": list("城市报告中国代表团文化的了"),
    "en": ["the", "The", "city", "report", "market", "cinema", "Moscow", "day", "of", "a"],
    "ru": ["город", "Город", "отчёт", "рынок", "кино", "Москва", "день", "в", "и", "на"],
}
# numbers as tm.text.numbers reads them (the score compares those): digits, a month alone, a version,
# a Chinese numeral
EXTRAS = ["2024", "2025", "３", "，", ",", ".", "。", "!", "www.example.org", "\ue000"]
EXTRAS += ["5月", "6月", "2.0.1", "两千", "in May"]
JOIN = {"zh": "", "en": " ", "ru": " "}
CODES = {"zh": "zh-CN", "en": "en-US", "ru": "ru"}


def sentence(lang: str):
    token = st.one_of(st.sampled_from(VOCAB[lang]), st.sampled_from(EXTRAS))
    weighted = st.one_of(st.sampled_from(VOCAB[lang]), st.sampled_from(VOCAB[lang]), token)
    return st.lists(weighted, min_size=0, max_size=12)


def text(lang: str, tokens: list[str]) -> str:
    return JOIN[lang].join(tokens)


@st.composite
def tms(draw):
    lang = draw(st.sampled_from(["zh", "en", "ru"]))
    sources = draw(st.lists(sentence(lang), min_size=1, max_size=30))
    units = []
    for i, toks in enumerate(sources):
        variants = [Variant(CODES[lang], text(lang, toks), None)]
        if draw(st.integers(0, 9)) == 0 and lang == "zh":  # a second source variant of lower rank
            variants.append(Variant("zh-Hans", text(lang, draw(sentence(lang)))))
        if i == 0 or draw(st.integers(0, 9)) > 0:  # most units have a target
            variants.append(Variant("fr", f"T{i} {' '.join(t for t in toks if t.isdigit())}"))
        units.append(Unit(tuple(variants)))
    query_kind = draw(st.sampled_from(["copy", "edit", "random"]))
    base = draw(st.sampled_from(sources))
    if query_kind == "copy":
        q = base
    elif query_kind == "edit":
        q = list(base)
        for _ in range(draw(st.integers(1, 3))):
            pos = draw(st.integers(0, len(q)))
            new = draw(st.sampled_from(VOCAB[lang] + EXTRAS))
            if q and pos < len(q) and draw(st.booleans()):
                q[pos] = new
            else:
                q.insert(pos, new)
    else:
        q = draw(sentence(lang))
    return lang, units, sources, text(lang, q)


def build(new_store, units: list[Unit]) -> Store:
    store = new_store()
    with store.transaction():
        writer = store.writer(store.add_origin("random.tmx", "tmx", Header()))
        for position, unit in enumerate(units):
            writer.add(unit, position)
        writer.flush()
    return store


def same(a, b) -> bool:
    return [(m.unit_id, m.score, m.penalties, m.target, m.context) for m in a] == [
        (m.unit_id, m.score, m.penalties, m.target, m.context) for m in b
    ]


@settings(
    max_examples=200,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(
    tm=tms(),
    min_score=st.one_of(st.integers(30, 100), st.sampled_from([33.3, 66.7, 99.5])),
    limit=st.integers(1, 6),
    plan=st.sampled_from([None, "unigram", "bigram"]),
    data=st.data(),
)
def test_indexed_lookup_equals_the_oracle(new_store, tm, min_score, limit, plan, data) -> None:
    """Each candidate plan (unigram prefix, bigram prefix, the cheaper of the two) is checked, on each
    backend."""
    lang, units, sources, query = tm
    store = build(new_store, units)
    try:
        oracle = OracleMatcher.from_store(store, lang, "fr")
        matcher = Matcher(store, lang, "fr", min_score=min_score, limit=limit, plan=plan)
        prev = nxt = None
        if data.draw(st.booleans()):  # the neighbours of one of the units, or of none
            k = data.draw(st.integers(0, len(sources)))
            prev = text(lang, sources[k - 1]) if 0 < k <= len(sources) else None
            nxt = text(lang, sources[k + 1]) if k + 1 < len(sources) else None
        got = matcher.lookup(query, prev=prev, next=nxt)
        want = oracle.lookup(query, min_score=min_score, limit=limit, prev=prev, next=nxt)
        assert same(got, want), (query, got, want)
        # every score at or above the minimum, best first
        assert all(m.score >= min_score for m in got)
        assert [m.score for m in got] == sorted((m.score for m in got), reverse=True)
    finally:
        store.close()


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(tm=tms(), more=st.lists(sentence("zh"), min_size=1, max_size=10), min_score=st.integers(30, 100))
def test_catch_up_and_read_only_tail(tm, more, min_score, fresh_db) -> None:
    """Units imported after the index was built are found: indexed on the next lookup when the TM is
    writable, scanned when it is read-only."""
    lang, units, _, query = tm
    path = fresh_db()
    store = open_store(path)
    with store.transaction():
        writer = store.writer(store.add_origin("a.tmx", "tmx", Header()))
        for position, unit in enumerate(units):
            writer.add(unit, position)
        writer.flush()
    Matcher(store, lang, "fr").prepare()  # index the first import
    with store.transaction():
        writer = store.writer(store.add_origin("b.tmx", "tmx", Header()))
        for position, toks in enumerate(more):
            src = text(lang, toks) if lang == "zh" else text(lang, [VOCAB[lang][len(t) % 10] for t in toks])
            writer.add(Unit((Variant(CODES[lang], src), Variant("fr", f"B{position}"))), position)
        writer.flush()
    store.close()
    readonly = open_store(path, readonly=True)
    try:
        want = OracleMatcher.from_store(readonly, lang, "fr").lookup(query, min_score=min_score, limit=5)
        got = Matcher(readonly, lang, "fr", min_score=min_score, limit=5).lookup(query)
        assert same(got, want)
    finally:
        readonly.close()
    writable = open_store(path)
    try:
        matcher = Matcher(writable, lang, "fr", min_score=min_score, limit=5)
        assert same(matcher.lookup(query), want)
        assert matcher._tail == []  # caught up
    finally:
        writable.close()

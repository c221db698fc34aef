"""The bitmap count filter (tm.store.dense, tm.store.bitset): its arithmetic against plain
integers, and lookups through it against the brute-force oracle where its bounds are tight: small
vocabularies, long units, repeated tokens, units with two variants of the same language, chunk
boundaries, catch-ups."""

from __future__ import annotations

from collections import Counter

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tm.match import Matcher, OracleMatcher, plans
from tm.model import Header, Unit, Variant
from tm.store import Store, bitset, dense

SIZE = 64
values = st.dictionaries(st.integers(0, SIZE - 1), st.integers(0, 40), max_size=SIZE)


def value_at(number: list[int], u: int) -> int:
    return sum(((s >> u) & 1) << i for i, s in enumerate(number))


@given(a=values, b=values, extra=st.sets(st.integers(0, SIZE - 1)), threshold=st.integers(-1, 90))
def test_bit_sliced_arithmetic_matches_integers(a, b, extra, threshold) -> None:
    number = bitset.sliced(a, SIZE)
    assert [value_at(number, u) for u in range(SIZE)] == [a.get(u, 0) for u in range(SIZE)]
    bitset.add_number(number, bitset.sliced(b, SIZE))
    bitset.add_bits(number, int.from_bytes(bitset.from_ids(extra, SIZE), "little"))
    want = [a.get(u, 0) + b.get(u, 0) + (u in extra) for u in range(SIZE)]
    assert [value_at(number, u) for u in range(SIZE)] == want
    everything = (1 << SIZE) - 1
    got = list(bitset.ids_of(bitset.at_least(number, threshold, everything), SIZE))
    assert got == [u for u in range(SIZE) if want[u] >= threshold]


@given(need=st.dictionaries(st.integers(0, 400), st.integers(1, 300), min_size=1, max_size=60))
def test_bands_never_raise_a_need(need) -> None:
    """Each length's need is at least its band's (capped lengths: the band of the cap)."""
    bands = dense.bands(need)
    assert len(bands) <= dense.MAX_BANDS
    for m, r in need.items():
        v = min(m, dense.LENGTH_CAP)
        (band,) = [b for b in bands if b[0] <= v <= b[1]]
        assert band[2] <= r


ZH = list("城市报告")  # four characters: positional and count bounds are tight, every token is common
EN = ["the", "city", "report", "of"]
MORE = {
    "zh": list("中国代表团文化的了在是有人这上们来到时大地为子"),
    "en": "a b c d e f g h i j k l m n o p".split(),
}


@st.composite
def tms(draw):
    lang = draw(st.sampled_from(["zh", "en"]))
    vocab = ZH if lang == "zh" else EN
    if draw(st.booleans()):  # more tokens: rarer ones stay sparse, bigram postings get selective
        vocab = vocab + MORE[lang]
    join = "" if lang == "zh" else " "
    code = "zh-CN" if lang == "zh" else "en-US"
    length = st.integers(0, 40) if draw(st.booleans()) else st.integers(0, 8)
    sentence = length.flatmap(lambda n: st.lists(st.sampled_from(vocab), min_size=n, max_size=n))
    sources = draw(st.lists(sentence, min_size=1, max_size=25))
    units = []
    for i, toks in enumerate(sources):
        variants = [Variant(code, join.join(toks))]
        if draw(st.integers(0, 7)) == 0:  # a second variant of the same language
            variants.append(Variant(code, join.join(draw(sentence))))
        variants.append(Variant("fr", f"T{i}"))
        units.append(Unit(tuple(variants)))
    query = list(draw(st.sampled_from(sources)))
    for _ in range(draw(st.integers(0, 4))):
        pos = draw(st.integers(0, len(query)))
        query.insert(pos, draw(st.sampled_from(vocab)))
    return lang, units, join.join(query)


def write(store: Store, units: list[Unit], name: str) -> None:
    with store.transaction():
        writer = store.writer(store.add_origin(name, "tmx", Header()))
        for position, unit in enumerate(units):
            writer.add(unit, position)
        writer.flush()


@pytest.fixture
def small_chunks(monkeypatch):
    """Chunks of 8 unit ids, lengths capped at 7, tokens dense from a document frequency of
    ``dense.DENSE_MIN``."""
    monkeypatch.setattr(dense, "LENGTH_BITS", 3)
    monkeypatch.setattr(dense, "LENGTH_CAP", 7)
    monkeypatch.setattr(dense, "MULTI_ROW", -4)
    monkeypatch.setattr(dense, "CHUNK_SHIFT", 3)
    monkeypatch.setattr(dense, "CHUNK", 8)
    monkeypatch.setattr(dense, "CHUNK_BYTES", 1)
    monkeypatch.setattr(dense, "DENSE_SHARE", 1 << 30)
    return monkeypatch


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    tm=tms(),
    split=st.integers(1, 25),
    dense_min=st.integers(1, 6),
    min_score=st.one_of(st.integers(30, 100), st.integers(67, 100)),  # bigram plans from 67
    plan=st.sampled_from(["dense", None]),
    factor=st.sampled_from([0.0, plans.LIST_FACTOR, 1e9]),
    json_each=st.booleans(),
    max_level=st.sampled_from([1, 2, 4]),
    later_level=st.sampled_from([1, 3, 8]),
)
def test_dense_lookup_equals_the_oracle(
    new_store, small_chunks, tm, split, dense_min, min_score, plan, factor, json_each, max_level, later_level
) -> None:
    """Imported in two parts (the second caught up into the first's chunks and bitmaps, tokens turning
    dense on the way), looked up through the bitmaps (or the plan the costs choose, with bitmaps at
    hand: ``factor`` 0 never chooses the bitmaps unless pinned): exactly the oracle's top 10."""
    small_chunks.setattr(plans, "LIST_FACTOR", factor)
    small_chunks.setattr(dense, "MAX_LEVEL", max_level)  # tokens repeated beyond the last level
    small_chunks.setattr(dense, "DENSE_MIN", dense_min)
    lang, units, query = tm
    store = new_store()
    store.index.json_each = json_each  # candidates' sequences read with JSON, or as an SQLite without it
    try:
        write(store, units[:split], "a.tmx")
        Matcher(store, lang, "fr").prepare()
        small_chunks.setattr(
            dense, "MAX_LEVEL", later_level
        )  # the language keeps the levels it was built with
        write(store, units[split:], "b.tmx")
        matcher = Matcher(store, lang, "fr", min_score=min_score, limit=10, plan=plan)
        got = matcher.lookup(query)
        assert matcher._tail == []
        want = OracleMatcher.from_store(store, lang, "fr").lookup(query, min_score=min_score, limit=10)
        assert [(m.unit_id, m.score) for m in got] == [(m.unit_id, m.score) for m in want]
    finally:
        store.close()


def test_the_dense_plan_is_used(new_store, small_chunks) -> None:
    """The bitmaps are really read (not a fallback to the prefix plans)."""
    small_chunks.setattr(dense, "DENSE_MIN", 2)
    store = new_store()
    calls = Counter()
    real = dense.candidates
    small_chunks.setattr(dense, "candidates", lambda *a: calls.update(["dense"]) or real(*a))
    try:
        units = [
            Unit((Variant("zh-CN", s), Variant("fr", "x"))) for s in ["城市报告", "城市", "报告城市", "告"]
        ]
        write(store, units, "a.tmx")
        got = Matcher(store, "zh", "fr", min_score=50, limit=10, plan="dense").lookup("城市报")
        assert calls["dense"] >= 1
        assert sorted(m.unit_id for m in got) == [1, 2]  # 城市报告 75, 城市 66.7 (报告城市: d = 3, 25)
    finally:
        store.close()

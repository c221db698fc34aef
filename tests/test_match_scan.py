"""The scan of a small language over many lookups with one Matcher: from the second lookup that meets
tokens it has not seen, the language's whole vocabulary is read once (``MatchIndex.vocabulary``) and no
lookup reads the index's vocabulary again; each answer is still exactly the brute-force oracle's, on each
backend, with queries holding tokens the TM lacks.
"""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_match_oracle import CODES, EXTRAS, VOCAB, build, same, text, tms

from tm.match import Matcher, OracleMatcher, plans
from tm.model import Unit, Variant
from tm.store.encoding import keys_of

UNSEEN = {"zh": list("龍鳳麟"), "en": ["zebra", "Quartz"], "ru": ["ёж", "Заря"]}  # in no unit of tms()


def queries(lang: str):
    token = st.sampled_from(VOCAB[lang] + EXTRAS + UNSEEN[lang])
    return st.lists(
        st.lists(token, min_size=1, max_size=12).map(lambda t: text(lang, t)), min_size=2, max_size=6
    )


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(
    tm=tms(),
    min_score=st.one_of(st.integers(30, 100), st.sampled_from([33.3, 66.7])),
    limit=st.integers(1, 6),
    plan=st.sampled_from([None, "scan"]),
    data=st.data(),
)
def test_many_lookups_with_one_matcher_equal_the_oracle(new_store, tm, min_score, limit, plan, data) -> None:
    lang, units, _, query = tm
    asked = [query, *data.draw(queries(lang))]
    store = build(new_store, units)
    try:
        oracle = OracleMatcher.from_store(store, lang, "fr")
        matcher = Matcher(store, lang, "fr", min_score=min_score, limit=limit, plan=plan)
        for q in asked:
            got = matcher.lookup(q)
            assert same(got, oracle.lookup(q, min_score=min_score, limit=limit)), q
    finally:
        store.close()


def test_the_vocabulary_is_read_once_and_is_every_token_of_the_index(new_store) -> None:
    """``vocabulary`` against a plain reference (each token of each variant, asked one by one), and the
    scan's use of it: the first lookup asks for its tokens, the second reads the vocabulary whole, the
    third reads none."""
    lang = "en"
    units = [
        (" ".join(VOCAB[lang][(i * 3 + j) % 10] for j in range(2 + i % 5)) + f" {i}", f"T{i}")
        for i in range(30)
    ]
    store = build(new_store, [Unit((Variant(CODES[lang], s), Variant("fr", t))) for s, t in units])
    try:
        matcher = Matcher(store, lang, "fr", min_score=40, limit=5)
        oracle = OracleMatcher.from_store(store, lang, "fr")
        index = store.index
        reads: list[str] = []
        real_tokens, real_vocabulary = index.tokens, index.vocabulary
        index.tokens = lambda code, tokens: reads.append("tokens") or real_tokens(code, tokens)
        index.vocabulary = lambda code: reads.append("vocabulary") or real_vocabulary(code)
        for q, want in [
            ("the city report zebra", ["tokens"]),
            ("Moscow day of a market Quartz", ["tokens", "vocabulary"]),
            ("a cinema never seen before", ["tokens", "vocabulary"]),
        ]:
            assert same(matcher.lookup(q), oracle.lookup(q, min_score=40, limit=5))
            assert reads == want
        scan = matcher._scans[CODES[lang]]
        assert isinstance(scan, plans.Scan) and scan.complete
        every = {k for s, _ in units for k in keys_of(s)}
        vocabulary = real_vocabulary(CODES[lang])
        assert set(vocabulary) == every
        assert vocabulary == {k: s.id for k, s in real_tokens(CODES[lang], sorted(every)).items()}
    finally:
        store.close()

"""Many candidates with the same text score (units differing from the query only in a number, one sentence
imported many times): the matcher drops those that cannot enter the top ``limit`` before making their
match; what it returns is still exactly the oracle's, ties ranked by the newer unit, with unit penalties,
filters and context matches."""

from __future__ import annotations

import pytest

from tm.match import Matcher, OracleMatcher
from tm.match.penalties import Policy, parse_penalties
from tm.model import Header, Unit, Variant
from tm.store.filters import UnitFilter
from tm.store.sqlite import SqliteStore

QUERY = "The city report has 7 chapters."


@pytest.fixture(scope="module")
def store():
    store = SqliteStore(":memory:")
    with store.transaction():
        for name in ("a.tmx", "old-vendor.tmx"):
            writer = store.writer(store.add_origin(name, "tmx", Header()))
            for i in range(1, 151):
                status = "fuzzy" if i % 7 == 0 else "confirmed"
                writer.add(
                    Unit(
                        (
                            Variant("en", f"The city report has {i} chapters."),
                            Variant("ru", f"В отчёте {i} глав."),
                        ),
                        status=status,
                    ),
                    2 * i,
                )
                if name == "a.tmx" and i % 30 == 0:  # the exact sentence, after different neighbours
                    writer.add(Unit((Variant("en", QUERY), Variant("ru", "В отчёте 7 глав."))), 2 * i + 1)
            writer.flush()
    yield store
    store.close()


@pytest.fixture(scope="module")
def entries(store):
    """The oracle's entries (every pair with its contexts and facts), read once."""
    return OracleMatcher.from_store(store, "en", "ru").entries


@pytest.mark.parametrize("limit", [1, 4])
@pytest.mark.parametrize(
    "prev", [None, "The city report has 30 chapters.", "The city report has 3 chapters."]
)
@pytest.mark.parametrize(
    "rules, where",
    [
        ((), UnitFilter()),
        (("status=0",), UnitFilter()),
        (("origin:old-vendor*.tmx=2",), UnitFilter()),
        (("status=30", "origin:a.tmx=1"), UnitFilter()),
        ((), UnitFilter(statuses=("fuzzy",))),
        ((), UnitFilter(origins=("old-*",))),
    ],
)
def test_ties_equal_the_oracle(store, entries, limit, prev, rules, where) -> None:
    policy = Policy(parse_penalties(rules), where)
    oracle = OracleMatcher(entries, policy=policy)
    for query, min_score in (
        (QUERY, 50),
        ("The city report has 151 chapters.", 90),
        ("The city report.", 30),
    ):
        got = Matcher(store, "en", "ru", min_score=min_score, limit=limit, policy=policy).lookup(
            query, prev=prev
        )
        want = oracle.lookup(query, min_score=min_score, limit=limit, prev=prev)
        assert [(m.unit_id, m.score, m.penalties, m.target, m.context) for m in got] == [
            (m.unit_id, m.score, m.penalties, m.target, m.context) for m in want
        ]
        assert len(got) == limit

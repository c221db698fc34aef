"""The PostgreSQL index's reads: cheap on tables the server has not analysed yet (right after a first
import, before autovacuum comes by), with the generic plans a lookup's snapshot asks for (each read of
``match_postings`` finds its rows by the whole key it is given, never by reading a language's rows and
filtering them); and the round trips a lookup saves (what earlier snapshots read of an unchanged TM, the
candidates' pairs read with their key sequences) leave every lookup equal to the brute-force oracle's,
before and after other writers change the TM."""

from __future__ import annotations

import random

import psycopg
import pytest

from tm.match import Matcher, OracleMatcher, plans
from tm.model import Header, Unit, Variant
from tm.store import open_store
from tm.store.matchindex import gram_bucket
from tm.store.postgres.index import GRAM_SIZES

WORDS = "城市报告中国代表团文化的了市场电影莫斯科日会议发布新闻记者合作伙伴".replace("", " ").split()


def sentences(seed: int, n: int) -> list[str]:
    rng = random.Random(seed)
    return ["".join(rng.choices(WORDS, k=rng.randint(4, 14))) for _ in range(n)]


def add(store, texts: list[str], name: str) -> None:
    with store.transaction():
        writer = store.writer(store.add_origin(name, "tmx", Header()))
        for i, zh in enumerate(texts):
            writer.add(Unit((Variant("zh-CN", zh), Variant("en", f"{name} {i}"))), i)
        writer.flush()


def fill(url: str, n: int) -> None:
    with open_store(url) as store:
        add(store, sentences(7, n), "random.tmx")
        store.index.catch_up(["zh-CN"])


def test_gram_sizes_read_by_their_key_on_unanalysed_tables(postgres) -> None:
    name = postgres.new_database()
    try:
        url = postgres.url(name)
        fill(url, 3000)
        with psycopg.connect(url, autocommit=True) as con:
            analysed = con.execute(
                "SELECT count(*) FROM pg_stat_user_tables WHERE relname = 'match_postings' "
                "AND (last_analyze IS NOT NULL OR last_autoanalyze IS NOT NULL)"
            ).fetchone()[0]
            if analysed:
                pytest.skip("autovacuum analysed the table already: the plan under test is not asked for")
            con.execute("SET plan_cache_mode = force_generic_plan")
            con.execute(
                f"PREPARE gram(bigint[], int) AS {GRAM_SIZES.replace('%s', '$1', 1).replace('%s', '$2', 1)}"
            )
            plan = "\n".join(r[0] for r in con.execute("EXPLAIN EXECUTE gram(ARRAY[1, 2, 3]::bigint[], 1)"))
        scans = [line for line in plan.splitlines() if "match_postings" in line]
        assert scans, plan
        assert "Filter: (token_id" not in plan and "token_id = " in plan, plan
    finally:
        postgres.drop_database(name)


def test_gram_sizes_equal_a_plain_count(postgres) -> None:
    """Every bucket asked for that holds postings, with the ids it holds (a plain GROUP BY over the
    bucket's rows, the reference); buckets without postings left out."""
    name = postgres.new_database()
    try:
        url = postgres.url(name)
        fill(url, 300)
        with open_store(url) as store:
            ids = [s.id for s in store.index.tokens("zh-CN", WORDS).values()]
            buckets = sorted({gram_bucket(a, b) for a in ids for b in ids} | {10**9})
            with store.snapshot():
                got = store.index.gram_sizes("zh-CN", buckets)
        with psycopg.connect(url, autocommit=True) as con:
            want = dict(
                con.execute(
                    "SELECT token_id, sum(octet_length(units))::bigint / 4 FROM match_postings "
                    "WHERE len = -1 AND token_id = ANY(%s) GROUP BY token_id",
                    (buckets,),
                ).fetchall()
            )
        assert got and got == want
    finally:
        postgres.drop_database(name)


def edited(text: str, rng: random.Random) -> str:
    chars = list(text)
    for _ in range(rng.randint(0, 3)):
        chars[rng.randrange(len(chars))] = rng.choice(WORDS)
    return "".join(chars)


def test_lookups_that_save_round_trips_equal_the_oracle(postgres, monkeypatch) -> None:
    """One matcher, many lookups (each query twice: the second finds its tokens read), then another
    process's import (the kept reads are dropped: the change counter moved), then more lookups; each
    equal to the oracle of the TM as it is at that time."""
    monkeypatch.setattr(plans, "SCAN_BELOW", -1)  # the index's plans, not the small language's scan
    name = postgres.new_database()
    try:
        url = postgres.url(name)
        fill(url, 400)
        rng = random.Random(3)
        taken = []
        with open_store(url) as store:
            read_ahead = store._read_ahead

            def counted(wanted, ids):
                rows = read_ahead(wanted, ids)
                taken.append(rows is not None)
                return rows

            monkeypatch.setattr(store, "_read_ahead", counted)
            matcher = Matcher(store, "zh", "en", limit=4)
            texts = sentences(7, 400)
            queries = [edited(rng.choice(texts), rng) for _ in range(15)]
            # tokens the TM holds only after the import below (read as missing before it)
            queries += ["春夏秋冬"[k] + q[:4] for k, q in enumerate(queries[:4])]
            for round_ in range(2):
                oracle = OracleMatcher.from_store(store, "zh", "en")
                for query in queries + queries:
                    for min_score in (50, 70, 90):
                        got = matcher.lookup(query, min_score=min_score)
                        want = oracle.lookup(query, min_score=min_score, limit=4)
                        assert [(m.unit_id, m.score, m.target) for m in got] == [
                            (m.unit_id, m.score, m.target) for m in want
                        ], (round_, query, min_score)
                if round_ == 0:  # another tm imports (and indexes) units holding the queries and more
                    more = [edited(rng.choice(texts), rng) for _ in range(200)] + queries
                    with open_store(url) as other:
                        add(other, more, "more.tmx")
                        other.index.catch_up(["zh-CN"])
        assert any(taken), "no lookup took the pairs read with the key sequences"
    finally:
        postgres.drop_database(name)

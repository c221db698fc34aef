"""The PostgreSQL index's reads stay cheap on tables the server has not analysed yet (right after a first
import, before autovacuum comes by), with the generic plans a lookup's snapshot asks for: each read of
``match_postings`` finds its rows by the whole key it is given, never by reading a language's rows and
filtering them. And what they read is what SQLite's index reads."""

from __future__ import annotations

import random

import psycopg
import pytest

from tm.model import Header, Unit, Variant
from tm.store import open_store
from tm.store.matchindex import gram_bucket
from tm.store.postgres.index import GRAM_SIZES

WORDS = "城市报告中国代表团文化的了市场电影莫斯科日会议发布新闻记者合作伙伴".replace("", " ").split()


def fill(url: str, n: int) -> None:
    rng = random.Random(7)
    with open_store(url) as store:
        with store.transaction():
            writer = store.writer(store.add_origin("random.tmx", "tmx", Header()))
            for i in range(n):
                zh = "".join(rng.choices(WORDS, k=rng.randint(4, 14)))
                writer.add(Unit((Variant("zh-CN", zh), Variant("en", f"T{i}"))), i)
            writer.flush()
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

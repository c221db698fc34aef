"""The match index a build leaves, against a plain reference computed from the variants: however it was
built (during an import, in parts across imports, by a catch-up after imports that did not index, by
a lookup), every token's units at every length, the dense tokens' bitmaps and occurrence levels, the
length slices, the units with several variants, the bigram buckets, the key sequences, the document
frequencies and the watermark are exactly what the variants say; and the reads the plans make (postings
of any token at any length, also of dense tokens, which keep no postings; the units holding a token)
return at least those units.

A worker process builds exactly what the importing process builds (tests below, on a TM large enough to
get workers).
"""

from __future__ import annotations

import sqlite3
from collections import Counter, defaultdict

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tm.match import Matcher, OracleMatcher, plans
from tm.model import Header, Unit, Variant
from tm.store import build, dense, open_store, workers
from tm.store.encoding import EMPTY_TOKEN, code_point, gram_bucket, keys_of
from tm.store.matchindex import ids_of
from tm.store.protocol import Probe
from tm.store.sqlite import SqliteStore
from tm.tmfiles import import_files

CODE = "zh-CN"
COMMON = list("城市报告")
RARE = list("中国代表团文化的了在是有人")


def reference(store: SqliteStore, code: str) -> dict:
    """What the index of ``code`` must hold, from the variants alone."""
    variants: dict[int, list[tuple[str, ...]]] = defaultdict(list)
    for uid, content in store.connection.execute(
        "SELECT unit_id, coalesce(coded, text) FROM variants WHERE lang = ? ORDER BY unit_id, ord", (code,)
    ):
        variants[uid].append(keys_of(content))
    at_length: dict[tuple[str, int], set[int]] = defaultdict(set)
    holding: dict[str, set[int]] = defaultdict(set)
    counts: dict[int, Counter] = {}
    grams: dict[int, set[tuple[str, str]]] = {}
    empty: set[int] = set()
    for uid, keyed in variants.items():
        counts[uid] = Counter()
        grams[uid] = set()
        for keys in keyed:
            if not keys:
                empty.add(uid)
            for key in keys:
                at_length[key, len(keys)].add(uid)
                holding[key].add(uid)
            for key, n in Counter(keys).items():
                counts[uid][key] = max(counts[uid][key], n)
            grams[uid].update(zip(keys, keys[1:], strict=False))
    return {
        "variants": variants,
        "at_length": at_length,
        "holding": holding,
        "counts": counts,
        "grams": grams,
        "empty": empty,
        "lengths": {u: min(max(len(k) for k in ks), dense.LENGTH_CAP) for u, ks in variants.items()},
        "multi": {u for u, ks in variants.items() if len(ks) > 1},
    }


def stored(con: sqlite3.Connection, code: str) -> dict:
    lang_id, watermark, tokens, levels = con.execute(
        "SELECT id, watermark, tokens, levels FROM match_langs WHERE lang = ?", (code,)
    ).fetchone()
    vocab = {
        t: (i, df, bool(d))
        for t, i, df, d in con.execute(
            "SELECT token, id, df, dense FROM match_vocab WHERE lang_id = ?", (lang_id,)
        )
    }
    postings: dict[tuple[int, int], list[int]] = defaultdict(list)
    for tid, m, blob in con.execute(
        "SELECT token_id, len, units FROM match_postings WHERE lang_id = ?", (lang_id,)
    ):
        postings[tid, m] += list(ids_of(blob))
    bits: dict[int, set[int]] = defaultdict(set)
    dense_row = None
    for row, chunk, blob in con.execute(
        "SELECT token_id, chunk, bits FROM match_bits WHERE lang_id = ?", (lang_id,)
    ):
        if row == dense.DENSE_ROW:
            dense_row = set(ids_of(blob))
            continue
        value = int.from_bytes(blob, "little")
        base = chunk << dense.CHUNK_SHIFT
        bits[row].update(base + i for i in range(len(blob) * 8) if value >> i & 1)
    seqs = {
        (u, o): s
        for u, o, s in con.execute("SELECT unit_id, ord, seq FROM match_seqs WHERE lang_id = ?", (lang_id,))
    }
    return {
        "lang_id": lang_id,
        "watermark": watermark,
        "tokens": tokens,
        "levels": levels,
        "vocab": vocab,
        "postings": postings,
        "bits": bits,
        "dense_row": dense_row,
        "seqs": seqs,
    }


def check(store: SqliteStore, code: str) -> None:
    ref, got = reference(store, code), stored(store.connection, code)
    con = store.connection
    assert got["watermark"] == con.execute("SELECT max(id) FROM units").fetchone()[0]
    vocab = got["vocab"]
    assert set(vocab) == set(ref["holding"])
    assert got["tokens"] == max((i for i, _, _ in vocab.values()), default=0)
    dense_ids = {i for i, _, d in vocab.values() if d}
    assert got["dense_row"] == dense_ids
    # key sequences
    by_unit = defaultdict(list)
    for (uid, _), seq in sorted(got["seqs"].items()):
        by_unit[uid].append(seq)
    assert set(by_unit) == set(ref["variants"])
    for uid, keyed in ref["variants"].items():
        assert by_unit[uid] == ["".join(code_point(vocab[k][0]) for k in keys) for keys in keyed]
    # every posting list: no unit twice
    assert all(len(ids) == len(set(ids)) for ids in got["postings"].values())
    levels = max(got["levels"], 1)
    for key, units in ref["holding"].items():
        tid, df, is_dense = vocab[key]
        assert df == len(units), key
        if is_dense:
            assert got["bits"][tid] == units, key
            for level in range(2, levels + 1):
                want = {u for u in units if ref["counts"][u][key] >= level}
                assert got["bits"].get(dense.level_row(tid, level), set()) == want, (key, level)
        else:
            lengths = {m for (k, m) in ref["at_length"] if k == key}
            for m in lengths:
                assert set(got["postings"][tid, m]) == ref["at_length"][key, m], (key, m)
            assert {m for (t, m) in got["postings"] if t == tid} == lengths
    assert set(got["postings"].get((EMPTY_TOKEN, 0), [])) == ref["empty"]
    # bigram buckets
    want_grams: dict[int, set[int]] = defaultdict(set)
    for uid, pairs in ref["grams"].items():
        for a, b in pairs:
            want_grams[gram_bucket(vocab[a][0], vocab[b][0])].add(uid)
    assert {t: set(ids) for (t, m), ids in got["postings"].items() if m == -1} == dict(want_grams)
    # length slices and the units with several variants
    for uid, length in ref["lengths"].items():
        value = sum(
            1 << b for b in range(dense.LENGTH_BITS) if uid in got["bits"].get(dense.LENGTH_ROW - b, ())
        )
        assert value == length, uid
    assert got["bits"].get(dense.MULTI_ROW, set()) == ref["multi"]
    # the reads the plans make: at least the units the variants say
    index = store.index
    index._lang_ids.clear()
    for (key, m), units in ref["at_length"].items():
        probe = Probe(vocab[key][0], 1, m, m)
        served = {u for _, _, ids in index._lists(got["lang_id"], [probe]) for u in ids}
        assert units <= served, (key, m)
        assert units <= index.units_with(code, [vocab[key][0]])


@st.composite
def tms(draw):
    vocab = COMMON + (RARE if draw(st.booleans()) else [])
    sentence = st.lists(st.sampled_from(vocab), min_size=0, max_size=draw(st.sampled_from([8, 40])))
    units = []
    for i, toks in enumerate(draw(st.lists(sentence, min_size=1, max_size=40))):
        variants = [Variant(CODE, "".join(toks))]
        if draw(st.integers(0, 6)) == 0:  # a second variant of the same language
            variants.append(Variant(CODE, "".join(draw(sentence))))
        variants.append(Variant("en", f"T{i}"))
        units.append(Unit(tuple(variants)))
    return units


@pytest.fixture
def small(monkeypatch):
    """Chunks of 8 unit ids, lengths capped at 7, tokens dense from a small document frequency."""
    for name, value in (
        ("LENGTH_BITS", 3),
        ("LENGTH_CAP", 7),
        ("MULTI_ROW", -4),
        ("CHUNK_SHIFT", 3),
        ("CHUNK", 8),
        ("CHUNK_BYTES", 1),
        ("DENSE_SHARE", 1 << 30),
    ):
        monkeypatch.setattr(dense, name, value)
    return monkeypatch


def write(store: SqliteStore, units: list[Unit], name: str, index: bool) -> None:
    with store.transaction():
        writer = store.writer(store.add_origin(name, "tmx", Header()), index=index)
        for position, unit in enumerate(units):
            writer.add(unit, position)
        writer.flush()
        if index:
            store.index.catch_up(store.languages())


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    units=tms(),
    cuts=st.lists(st.integers(0, 40), max_size=3),
    ways=st.lists(st.sampled_from(["import", "no-index", "catch-up", "lookup"]), min_size=4, max_size=4),
    dense_min=st.integers(1, 8),
    check_every=st.sampled_from([1, 2, 8, 4096]),
    max_level=st.sampled_from([1, 2, 4]),
)
def test_every_way_of_building_holds_what_the_variants_say(
    small, units, cuts, ways, dense_min, check_every, max_level
) -> None:
    small.setattr(dense, "DENSE_MIN", dense_min)
    small.setattr(dense, "MAX_LEVEL", max_level)
    small.setattr(build, "CHECK", check_every)
    store = SqliteStore(":memory:")
    try:
        bounds = [0, *sorted(cuts), len(units)]
        for n, (a, b) in enumerate(zip(bounds, bounds[1:], strict=False)):
            way = ways[n]
            write(store, units[a:b], f"part{n}.tmx", index=way == "import")
            if way == "catch-up":
                store.index.catch_up(store.languages())
            elif way == "lookup" and store.languages():
                Matcher(store, "zh", "en").prepare()
        store.index.catch_up(store.languages())
        check(store, CODE)
        check(store, "en")
    finally:
        store.close()


def test_import_indexes_so_that_lookups_do_not(tmp_path, corpora) -> None:
    """tm import leaves nothing for a lookup to index; tm import --no-index leaves it all."""
    db = tmp_path / "tm.db"
    with SqliteStore(db) as store:
        import_files(store, [corpora / "wcm-2025" / "report.tmx"])
        codes = store.languages()
        assert store.index.pending(codes) == 0
        for code in codes:
            check(store, code)
        extra = _new_units(tmp_path)  # the report's PO would merge into the TM: nothing to index
        import_files(store, [extra], index=False)
        assert store.index.pending(codes) > 0
        matcher = Matcher(store, "zh", "en", min_score=50)
        first = matcher.lookup("中国联合展台代表团走出展厅。")
        assert matcher._tail == []  # the lookup caught up (nobody else was writing)
        assert first == OracleMatcher.from_store(store, "zh", "en").lookup(
            "中国联合展台代表团走出展厅。", min_score=50
        )


def test_import_indexes_on_every_backend(store_url, corpora, tmp_path) -> None:
    """On SQLite and PostgreSQL alike, an import leaves its languages indexed (nothing pending, a lookup
    has no units to scan or index, its matches the oracle's); with ``index=False`` it leaves them all."""
    query = "中国联合展台代表团走出展厅。"
    with open_store(store_url) as store:
        import_files(store, [corpora / "wcm-2025" / "report.tmx"])
        codes = store.languages()
        assert store.index.pending(codes) == 0
        matcher = Matcher(store, "zh", "en", min_score=50)
        matcher.prepare()
        assert matcher._tail == []
        assert matcher.lookup(query) == OracleMatcher.from_store(store, "zh", "en").lookup(
            query, min_score=50
        )
        assert store.index.catch_up(codes) == 0  # nothing was left to index
        extra = _new_units(tmp_path)  # the report's PO would merge into the TM: nothing to index
        import_files(store, [extra], index=False)
        assert store.index.pending(codes) > 0


def _new_units(folder):
    """A TMX of one zh-en unit that the report's TM does not hold."""
    path = folder / "extra.tmx"
    path.write_text(
        '<?xml version="1.0" encoding="UTF-8"?>\n<tmx version="1.4"><header srclang="zh-CN"/><body>'
        '<tu><tuv xml:lang="zh-CN"><seg>中国联合展台代表团走出展厅，参观了电影院。</seg></tuv>'
        '<tuv xml:lang="en"><seg>The China Pavilion delegation left the hall to visit a cinema.</seg></tuv></tu>'
        "</body></tmx>\n",
        encoding="utf-8",
    )
    return path


def _big_tm(path, first: int, units: int) -> None:
    lines = ['<?xml version="1.0" encoding="UTF-8"?>\n<tmx version="1.4"><header srclang="zh-CN"/><body>']
    han = "城市报告中国代表团文化的了在是有人这上们来到时大地为子"
    for i in range(first, first + units):
        zh = "".join(han[(i * 7 + j * j) % len(han)] for j in range(3 + i % 30)) + str(i)
        en = " ".join(["the", "city", "report", "of", "a", f"w{i % 997}", f"x{i % 31}"][: 2 + i % 6])
        lines.append(
            f'<tu><tuv xml:lang="zh-CN"><seg>{zh}</seg></tuv><tuv xml:lang="en-US"><seg>{en}</seg></tuv></tu>'
        )
    lines.append("</body></tmx>")
    path.write_text("\n".join(lines), encoding="utf-8")


def _tables(db) -> dict[str, set]:
    con = sqlite3.connect(db)
    try:
        return {
            t: set(con.execute(f"SELECT * FROM {t}"))
            for t in ("match_langs", "match_vocab", "match_seqs", "match_postings", "match_bits")
        }
    finally:
        con.close()


def test_a_worker_builds_what_the_importing_process_builds(tmp_path, monkeypatch) -> None:
    """Large imports index each language in a worker process: a worker's rows are exactly the in-process
    build's, on a first import and on one that extends the index (tokens turning dense, old chunks)."""
    first, second = tmp_path / "a.tmx", tmp_path / "b.tmx"
    _big_tm(first, 0, 6000)
    _big_tm(second, 4000, 5000)  # 2,000 units again (merged), 3,000 new
    started = []
    real = workers.WorkerBuild.__init__
    monkeypatch.setattr(
        workers.WorkerBuild, "__init__", lambda self, *a: started.append(a[1]) or real(self, *a)
    )
    dbs = {}
    for way, min_rows in (("workers", 3000), ("in-process", 10**9)):
        monkeypatch.setattr(workers, "MIN_ROWS", min_rows)
        db = dbs[way] = tmp_path / f"{way}.db"
        with SqliteStore(db) as store:
            import_files(store, [first], readahead=False)
            import_files(store, [second], readahead=False)
    assert len(started) == 4  # two imports, two languages: a worker each once 3,000 variants wait
    assert _tables(dbs["workers"]) == _tables(dbs["in-process"])
    with SqliteStore(dbs["workers"]) as store:
        for code in ("zh-CN", "en-US"):
            check(store, code)


def test_a_unit_indexed_by_another_process_meanwhile_is_found_once(tmp_path) -> None:
    """A matcher notes the units above the watermark (scanned one by one); another process indexes them
    before the lookup: each is still one match (it was returned twice, from the scan and the index)."""
    db = tmp_path / "tm.db"
    units = [
        Unit((Variant(CODE, "城市报告" + c), Variant("en", f"R{i}"))) for i, c in enumerate("中国代表团")
    ]
    with SqliteStore(db) as store:
        write(store, units[:1], "a.tmx", index=True)
        write(store, units[1:], "b.tmx", index=False)
    reader, other = SqliteStore(db), SqliteStore(db)
    try:
        reader.connection.execute("PRAGMA busy_timeout = 0")
        with other.transaction():  # another process is writing: the matcher cannot catch up
            matcher = Matcher(reader, "zh", "en", min_score=50, limit=10)
            matcher.prepare()
        assert len(matcher._tail) == 4
        other.index.catch_up(other.languages())
        got = [m.unit_id for m in matcher.lookup("城市报告中")]
        assert sorted(got) == [1, 2, 3, 4, 5]
    finally:
        reader.close()
        other.close()


@pytest.mark.parametrize("plan", ["bigram", "unigram"])
def test_prefix_plans_read_what_dense_tokens_keep_in_bitmaps(small, plan) -> None:
    """Once its tokens are dense, a unit has no unigram postings: a prefix plan still finds it (the index
    serves them from the tokens' bitmaps)."""
    small.setattr(dense, "DENSE_MIN", 2)
    small.setattr(plans, "SCAN_BELOW", -1)
    texts = [
        "城市报告" * 2,
        "报告城市",
        "城市城市报告",
        "告报市城",
        "城报告市城",
        "市城报告告",
        "报城市告",
        "城市告报",
    ] * 3
    texts += ["报告城市报告城市", "城市报告城市报"]  # in the third chunk: their tokens are dense by then
    units = [Unit((Variant(CODE, t), Variant("en", f"T{i}"))) for i, t in enumerate(texts)]
    store = SqliteStore(":memory:")
    try:
        write(store, units, "a.tmx", index=True)
        for query, min_score in (("报告城市报告城市", 90), ("城市报告城市报", 80), ("城市报告城市", 67)):
            got = Matcher(store, "zh", "en", min_score=min_score, limit=10, plan=plan).lookup(query)
            want = OracleMatcher.from_store(store, "zh", "en").lookup(query, min_score=min_score, limit=10)
            assert [(m.unit_id, m.score) for m in got] == [(m.unit_id, m.score) for m in want], query
            assert got
    finally:
        store.close()


def _pg_tables(store) -> dict[str, set]:
    return {
        t: {
            tuple(bytes(v) if isinstance(v, memoryview) else v for v in row)
            for row in store.connection.execute(f"SELECT * FROM {t}")
        }
        for t in ("match_langs", "match_vocab", "match_seqs", "match_postings", "match_bits")
    }


def _by_lang(tables: dict[str, set]) -> dict[str, set]:
    """The tables with each language's id replaced by its code (the backends number languages apart)."""
    codes = {row[0]: row[1] for row in tables["match_langs"]}
    return {t: {(codes[row[0]], *row[1:]) for row in rows} for t, rows in tables.items()}


def test_postgresql_builds_what_sqlite_builds(small, postgres, tmp_path) -> None:
    """The same imports (indexed, not indexed then caught up, indexed again) leave the same rows in every
    index table on PostgreSQL as on SQLite, whose build the reference checks: tokens turning dense on the
    way, bitmaps OR-ed into chunks that hold older units, several variants of a language in a unit."""
    small.setattr(dense, "DENSE_MIN", 3)
    small.setattr(build, "CHECK", 2)
    import random

    rng = random.Random(12)
    vocab = COMMON + RARE
    units = []
    for i in range(300):
        variants = [Variant(CODE, "".join(rng.choices(vocab, k=rng.randrange(0, 12))))]
        if i % 7 == 0:
            variants.append(Variant(CODE, "".join(rng.choices(vocab, k=rng.randrange(0, 30)))))
        variants.append(Variant("en", f"T{i} " + " ".join(rng.choices(["city", "report", "the"], k=i % 5))))
        units.append(Unit(tuple(variants)))
    name = postgres.new_database()
    try:
        with SqliteStore(tmp_path / "tm.db") as lite, open_store(postgres.url(name)) as pg:
            for store in (lite, pg):
                write(store, units[:100], "a.tmx", index=True)
                write(store, units[100:170], "b.tmx", index=False)
                store.index.catch_up(store.languages())
                write(store, units[170:], "c.tmx", index=True)
            check(lite, CODE)
            check(lite, "en")
            want, got = _by_lang(_tables(tmp_path / "tm.db")), _by_lang(_pg_tables(pg))
            assert any(row[4] for row in want["match_vocab"])  # some tokens turned dense
            assert any(row[1] == dense.MULTI_ROW for row in want["match_bits"])
            for table in want:
                assert got[table] == want[table], table
    finally:
        postgres.drop_database(name)


def test_postgresql_workers_build_what_sqlite_builds(postgres, tmp_path, monkeypatch) -> None:
    """On PostgreSQL, a language with many variants to index is built in a worker process reading the
    index through its own connection: its rows are exactly those of SQLite's catch-up in-process (the same
    batches of variants, so the same token ids), on a first import and on one that extends the index
    (tokens turning dense, old chunks)."""
    first, second = tmp_path / "a.tmx", tmp_path / "b.tmx"
    _big_tm(first, 0, 6000)
    _big_tm(second, 4000, 5000)
    started = []
    real = workers.WorkerBuild.__init__
    monkeypatch.setattr(
        workers.WorkerBuild, "__init__", lambda self, *a: started.append(a[1]) or real(self, *a)
    )
    monkeypatch.setattr(workers, "MIN_ROWS", 10**9)
    with SqliteStore(tmp_path / "tm.db") as store:
        for path in (first, second):
            import_files(store, [path], readahead=False, index=False)
            store.index.catch_up(store.languages())
        for code in ("zh-CN", "en-US"):
            check(store, code)
    assert not started
    monkeypatch.setattr(workers, "MIN_ROWS", 2500)
    name = postgres.new_database()
    try:
        with open_store(postgres.url(name)) as pg:
            import_files(pg, [first], readahead=False)
            import_files(pg, [second], readahead=False)
            got = _by_lang(_pg_tables(pg))
        assert len(started) == 4  # two imports, two languages: a worker each (3,000 new variants the second)
        assert got == _by_lang(_tables(tmp_path / "tm.db"))
    finally:
        postgres.drop_database(name)

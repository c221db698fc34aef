"""The PostgreSQL backend beside the SQLite one: how ``--db`` is read, credentials kept out of messages, the
same TMX out of both, ``tm copy`` both ways without loss, and many writers and readers at once."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pg_server
import pytest
from click.testing import CliRunner
from helpers import run, run_json

from tm.cli.main import cli
from tm.store import open_store
from tm.store.copy import TABLES

ROOT = Path(__file__).resolve().parent.parent
REPORT = ROOT / "corpora" / "wcm-2025" / "report.tmx"

TMX = """<?xml version="1.0" encoding="UTF-8"?>
<tmx version="1.4"><header srclang="zh-CN" datatype="plaintext" segtype="sentence" adminlang="en"
 o-tmf="t" creationtool="t" creationtoolversion="1"/><body>
{tus}
</body></tmx>
"""


def tu(zh: str, en: str, attrs: str = "", note: str = "") -> str:
    note = f"<note>{note}</note>" if note else ""
    return (
        f'<tu{attrs}>{note}<prop type="x-client">WCM</prop><tuv xml:lang="zh-CN"><seg>{zh}</seg></tuv>'
        f'<tuv xml:lang="en"><seg>{en}</seg></tuv></tu>'
    )


# -- --db: file paths, postgresql:// URLs, nothing else ------------------------------------------------
def test_other_url_schemes_are_refused_without_creating_anything(tmp_path: Path, monkeypatch) -> None:
    """Before: ``--db mysql://...`` (or postgresql:// itself) was taken for a path and made a folder."""
    monkeypatch.chdir(tmp_path)
    result = run("mysql://translator:s3cret@dbhost/tm", "stats")
    assert result.exit_code == 2  # a usage error
    assert "cannot open a mysql:// database" in result.stderr and "s3cret" not in result.stderr
    assert list(tmp_path.iterdir()) == []
    monkeypatch.setenv("TM_DB", "sqlite://x/y")
    result = CliRunner().invoke(cli, ["stats"])
    assert result.exit_code == 2 and "cannot open a sqlite:// database" in result.stderr
    assert list(tmp_path.iterdir()) == []


def test_credentials_never_in_messages(tmp_path: Path, postgres) -> None:
    """A password in the URL (user part or parameter) appears neither in errors nor in output."""
    secret = "hunter2-Very-Secret"
    bad = f"postgresql://tm:{secret}@/no_such_database?host={tmp_path}&password={secret}"
    result = run(bad, "stats")
    assert result.exit_code == 1 and "cannot connect" in result.stderr
    assert secret not in result.stderr + result.stdout
    name = postgres.new_database()
    try:
        url = postgres.url(name)
        with_password = url.replace("postgresql://tm@", f"postgresql://tm:{secret}@")
        out = run_json(with_password, "import", str(REPORT))
        assert out["db"] == url and secret not in json.dumps(out)
        shown = run(with_password, "import", str(REPORT))
        assert shown.exit_code == 0 and secret not in shown.stderr + shown.stdout
        assert run_json(with_password, "stats")["units"] == 34
    finally:
        postgres.drop_database(name)


def test_a_database_holding_other_tables_is_refused(postgres) -> None:
    name = postgres.new_database()
    url = postgres.url(name)
    try:
        pg_server.run_sql(url, "DROP TABLE tm_schema; CREATE TABLE invoices (id int)")
        result = run(url, "import", str(REPORT))
        assert result.exit_code == 1 and "holds tables that are not a tm TM" in result.stderr
        assert run(url, "stats").exit_code == 1  # read-only: "no TM here"
    finally:
        postgres.drop_database(name)


# -- the same TM in both ---------------------------------------------------------------------------------
def _files(tmp_path: Path) -> list[Path]:
    a = tmp_path / "a.tmx"
    b = tmp_path / "b.tmx"
    a.write_text(
        TMX.format(
            tus=tu("你好。", "Hello.", ' changedate="20240101T000000Z"', note="greeting")
            + tu("再见。", "Bye.")
            + tu("城市报告", "City report", ' creationdate="20200101T000000Z"')
        ),
        encoding="utf-8",
    )
    b.write_text(
        TMX.format(
            tus=tu("你好。", "Hello.", ' changedate="20250410T093000Z"')
            + tu("你好。", "Hi.")
            + tu("再见。", "Bye.")
        ),
        encoding="utf-8",
    )
    return [REPORT, a, b, a]


def _content(db: str) -> dict[str, list[tuple]]:
    with open_store(db, readonly=True) as store:
        out = {table: list(store.table_rows(table, TABLES[table][0])) for table in TABLES}
    out["origins"] = [row[:-1] for row in out["origins"]]  # import times differ
    return out


@pytest.mark.parametrize("args", [(), ("--src", "zh"), ("--src", "zh", "--tgt", "en")])
def test_export_is_byte_identical_from_both_backends(tmp_path: Path, postgres, args) -> None:
    files = _files(tmp_path)
    name = postgres.new_database()
    try:
        dbs = {"sqlite": str(tmp_path / "tm.db"), "postgresql": postgres.url(name)}
        for db in dbs.values():
            for path in files:
                assert run(db, "import", str(path)).exit_code == 0
        outs = {}
        for kind, db in dbs.items():
            out = tmp_path / f"{kind}.tmx"
            assert run(db, "export", str(out), *args).exit_code == 0
            outs[kind] = out.read_bytes()
        assert outs["sqlite"] == outs["postgresql"] and b"Hello." in outs["sqlite"]
        assert _content(dbs["sqlite"]) == _content(dbs["postgresql"])  # every row, ids included
        if args[-1:] == ("en",):
            po = {k: tmp_path / f"{k}.po" for k in dbs}
            for kind, db in dbs.items():
                assert run(db, "export", str(po[kind]), *args).exit_code == 0
            assert po["sqlite"].read_bytes() == po["postgresql"].read_bytes()
    finally:
        postgres.drop_database(name)


def test_copy_both_ways_keeps_everything(tmp_path: Path, postgres) -> None:
    files = _files(tmp_path)
    first, back = tmp_path / "first.db", tmp_path / "back.db"
    for path in files:
        assert run(first, "import", str(path)).exit_code == 0
    assert run(first, "terms", "import", str(ROOT / "corpora" / "terms" / "wcm.tbx")).exit_code == 0
    name = postgres.new_database()
    try:
        url = postgres.url(name)
        copied = run_json(first, "copy", str(first), url)
        assert copied["rows"]["term_concepts"] > 20 and copied["rows"]["term_terms"] > 60
        assert copied["rows"]["units"] == run_json(first, "stats")["units"]
        assert run_json(url, "copy", url, str(back))["rows"] == copied["rows"]
        raw = {db: _raw(db) for db in (str(first), url, str(back))}
        assert raw[str(first)] == raw[url] == raw[str(back)]
        # the copies work: lookups (the index built on first use), concordance, export
        for db in (url, str(back)):
            hit = run_json(db, "lookup", "你好！", "--src", "zh", "--tgt", "en")["matches"][0]
            assert hit["target"] in ("Hello.", "Hi.")
            assert run_json(db, "concordance", "城市", "--lang", "zh")["hits"]
            assert run_json(db, "terms", "lookup", "科萨里姆")[0]["id"] == "kosarim"
        # a TM that holds units is not overwritten
        again = run(first, "copy", str(first), url)
        assert again.exit_code == 1 and "fills an empty TM only" in again.stderr
    finally:
        postgres.drop_database(name)


def _raw(db: str) -> dict[str, list[tuple]]:
    with open_store(db, readonly=True) as store:
        return {table: list(store.table_rows(table, TABLES[table][0])) for table in TABLES}


# -- many writers and readers at once ---------------------------------------------------------------------
GROUP = 5  # units only one file holds, found by one query: a lookup sees all of them or none

LOOP = r"""
import json, os, sys, time
from tm.store import open_store
from tm.match import Matcher
from tm.match.concordance import concordance
url, stop, files = sys.argv[1], sys.argv[2], int(sys.argv[3])
seen, lookups = {}, 0
store = open_store(url)
while not os.path.exists(stop) or lookups < 4:
    matcher = Matcher(store, "zh", "en", min_score=60, limit=2 * GROUP)  # a new one catches up if it can
    for k in range(files):
        found = [m for m in matcher.lookup(f"第{k}批次检验句子编号") if f"Batch {k} " in m.target]
        hits = [h for h in concordance(store, f"第{k}批次", "zh", "en", limit=50)]
        seen.setdefault(k, []).append((len(found), len(hits)))
        lookups += 1
store.close()
print(json.dumps({"lookups": lookups, "seen": seen}))
""".replace("GROUP", str(GROUP))


def _batch_file(path: Path, k: int, shared: int) -> None:
    """``shared`` units every file holds (the same texts and attributes: merged), units this file shares
    with the next one, units repeated inside the file, and a GROUP only it holds."""
    tus = [tu(f"共有句子第{i}号。", f"Shared sentence {i}.") for i in range(shared)]
    tus += [tu(f"相邻句子第{k + i}号。", f"Neighbour sentence {k + i}.") for i in range(0, 2 * shared, 2)]
    tus += [tu("重复的句子。", "A repeated sentence.")] * 3
    tus += [tu(f"第{k}批次检验句子编号{j}", f"Batch {k} test sentence {j}") for j in range(GROUP)]
    path.write_text(TMX.format(tus="\n".join(tus)), encoding="utf-8")


def test_many_imports_and_lookups_at_once(tmp_path: Path, postgres) -> None:
    """4 imports of overlapping files at once, 4 lookup loops beside them: the TM ends as a serial import
    leaves it, no lookup errs, and each sees each import whole or not at all."""
    files = []
    for k in range(4):
        files.append(tmp_path / f"batch{k}.tmx")
        _batch_file(files[-1], k, 400)
    together, serial = postgres.new_database(), postgres.new_database()
    stop = tmp_path / "stop"
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    tm = [sys.executable, "-m", "tm.cli.main"]
    try:
        url = postgres.url(together)
        serial_url = postgres.url(serial)
        for db in (url, serial_url):  # what the team's TM held before
            assert run(db, "import", str(REPORT)).exit_code == 0
        loops = [
            subprocess.Popen(
                [sys.executable, "-c", LOOP, url, str(stop), "4"], stdout=subprocess.PIPE, env=env
            )
            for _ in range(4)
        ]
        imports = [
            subprocess.Popen([*tm, "--db", url, "import", str(f), "--json"], stdout=subprocess.PIPE, env=env)
            for f in files
        ]
        summaries = [json.loads(p.communicate(timeout=300)[0])["files"][0] for p in imports]
        assert all(p.returncode == 0 for p in imports)
        stop.touch()
        observed = [json.loads(p.communicate(timeout=300)[0]) for p in loops]
        print("lookups per loop, and what each saw of each import:", json.dumps(observed))
        assert all(p.returncode == 0 for p in loops)  # no lookup erred
        for loop in observed:
            for pairs in loop["seen"].values():
                assert {n for n, _ in pairs} <= {0, GROUP} and {h for _, h in pairs} <= {0, GROUP}, pairs
                assert pairs == sorted(pairs)  # once seen, an import stays seen
        # every file's units were read; the shared ones added once and merged by the others
        assert sum(s["added"] for s in summaries) + 34 == run_json(url, "stats")["units"]
        assert sum(s["read"] for s in summaries) == sum(s["added"] + s["merged"] for s in summaries)
        for f in files:
            assert run(serial_url, "import", str(f)).exit_code == 0
        assert _canonical(url) == _canonical(serial_url)
        # the index: built by whichever process got there, never twice (document frequencies as one build)
        assert run(url, "index").exit_code == 0 and run(serial_url, "index").exit_code == 0
        assert pg_server.vocabulary(url) == pg_server.vocabulary(serial_url)
        for k in range(4):
            got = run_json(
                url, "lookup", f"第{k}批次检验句子编号", "--src", "zh", "--tgt", "en", "--limit", "10"
            )
            assert len([m for m in got["matches"] if f"Batch {k} " in m["target"]]) == GROUP
    finally:
        stop.touch()
        postgres.drop_database(together)
        postgres.drop_database(serial)


def _canonical(db: str) -> list[tuple]:
    """Every unit as content (ids differ with the order imports commit in): its key row, its variants,
    where it occurred (origin file, import of it, position)."""
    raw = _raw(db)
    origins = {row[0]: row[1] for row in raw["origins"]}
    variants: dict[int, list] = {}
    for unit_id, *rest in raw["variants"]:
        variants.setdefault(unit_id, []).append(tuple(rest))
    places: dict[int, list] = {}
    for origin_id, generation, position, unit_id in raw["occurrences"]:
        places.setdefault(unit_id, []).append((origins[origin_id], generation, position))
    return sorted((row[1:], tuple(variants[row[0]]), tuple(sorted(places[row[0]]))) for row in raw["units"])


def test_a_lookup_waits_for_no_import(tmp_path: Path, postgres) -> None:
    """While an import holds the writer lock, a lookup neither waits nor fails: it scans what the index
    lacks."""
    name = postgres.new_database()
    try:
        url = postgres.url(name)
        assert run(url, "import", str(REPORT)).exit_code == 0
        with open_store(url) as writer, writer.transaction():
            writer.lock(wait=True)  # as an import merging its units
            started = time.perf_counter()
            found = run_json(
                url,
                "lookup",
                "平台片库拥有超过9万部作品，涵盖电影、剧集、动画、演唱会及用户生成内容，可满足广大观众的多样化需求。",
                "--src",
                "zh",
                "--tgt",
                "en",
                "--min-score",
                "50",
            )
            assert time.perf_counter() - started < 30 and found["matches"]
    finally:
        postgres.drop_database(name)


def test_staged_batches_merge_as_direct_ones(tmp_path: Path, postgres, monkeypatch) -> None:
    """An import that finds the writer lock taken stages its batches and merges them once it gets the lock;
    one that holds it writes its batches straight in. Both give the same TM, row for row (ids included),
    as SQLite does: batches of 4 units, so both ways cross many batch edges and duplicates span them."""
    import threading

    from tm.store.postgres import writer
    from tm.tmfiles import import_files

    monkeypatch.setattr(writer, "BATCH", 4)
    dups = tmp_path / "dups.tmx"  # the first file (the one staged): duplicates within and across batches
    dups.write_text(
        TMX.format(
            tus="".join(
                tu(
                    f"重复{k}。",
                    f"Again {k}.",
                    f' changedate="2024010{n}T000000Z" creationdate="2023010{9 - n}T000000Z"',
                )
                for n, k in enumerate([1, 2, 1, 3, 1, 2, 4, 1, 5])
            )
        ),
        encoding="utf-8",
    )
    files = [dups, *_files(tmp_path)]
    direct, staged = postgres.new_database(), postgres.new_database()
    try:
        with open_store(postgres.url(direct)) as store:
            import_files(store, files)
        blocker = open_store(postgres.url(staged))
        hold = blocker.transaction()
        hold.__enter__()
        blocker.lock(wait=True)  # another import, merging
        release = threading.Timer(1.0, lambda: hold.__exit__(None, None, None))
        release.start()
        with open_store(postgres.url(staged)) as store:
            started = time.perf_counter()
            import_files(store, files)  # stages while the lock is taken, merges when it is free
            waited = time.perf_counter() - started
        release.join()
        blocker.close()
        assert waited >= 0.9  # it did wait for the lock
        sqlite = str(tmp_path / "tm.db")
        with open_store(sqlite) as store:
            import_files(store, files)
        # every row alike but the origins' import times
        assert _content(postgres.url(direct)) == _content(postgres.url(staged)) == _content(sqlite)
    finally:
        postgres.drop_database(direct)
        postgres.drop_database(staged)

"""Read-only TMs are readable (issue 11, item 4): lookups, concordance, export and stats work on a TM in a
folder that cannot be written (read-only media, a read-only folder) and with ``tm --read-only``, using the
index as far as it goes and scanning the units above its watermark.

The tests run as root here, where chmod does not stop a write. So the folder is made read-only for real:
a read-only bind mount in a private mount namespace (``unshare -m``: even root gets EROFS there); where
that is not allowed, the commands run as ``nobody`` (``setpriv``) in a folder chmod-ed to 0555; as a
user other than root, chmod alone. In every case a write that tm attempted would fail the command.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
import textwrap
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner
from helpers import tmx_variants

from tm.cli.main import cli
from tm.match import Matcher, OracleMatcher
from tm.model import Header, Unit, Variant
from tm.store.sqlite import SqliteStore

# Runs a list of tm command lines in one process, printing [exit code, stdout, stderr] for each.
RUNNER = textwrap.dedent(
    """
    import json, sys
    from click.testing import CliRunner
    from tm.cli.main import cli
    out = []
    for args in json.loads(sys.argv[1]):
        r = CliRunner().invoke(cli, args)
        out.append([r.exit_code, r.stdout, r.stderr])
    print(json.dumps(out))
    """
)
# Bind-mounts the folder $1 onto itself read-only in a private mount namespace, then runs the rest.
MOUNT_RO = 'mount --bind "$1" "$1" && mount -o remount,bind,ro "$1" && shift && exec "$@"'
NOBODY = ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"]

Run = Callable[[list[list[str]]], list[tuple[int, str, str]]]

QUERIES = [
    "4月10日，莫斯科世界内容市场进入第三天，中国联合展台代表团走出展厅。",  # fuzzy, in the indexed part
    "目前，该平台已上线500余部中国影视作品，涵盖电影、电视剧和动画片。",  # exact, indexed part
    "新的合作伙伴在莫斯科签署了第7份协议。",  # in the part above the watermark
    "中国联合展台代表团参观了莫斯科的电影院。",
]


def _env() -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parent.parent)}


def _commands(way: list[str], folder: Path) -> Run:
    def run(commands: list[list[str]]) -> list[tuple[int, str, str]]:
        proc = subprocess.run(
            [*way, sys.executable, "-c", RUNNER, json.dumps(commands)],
            capture_output=True,
            text=True,
            env=_env(),
            cwd="/",
        )
        assert proc.returncode == 0, proc.stderr
        return [tuple(r) for r in json.loads(proc.stdout)]

    return run


def _cannot_write(way: list[str], folder: Path) -> bool:
    probe = [*way, sys.executable, "-c", f"open({str(folder / 'probe')!r}, 'w')"]
    done = subprocess.run(probe, capture_output=True, env=_env(), cwd="/")
    return done.returncode != 0 and not (folder / "probe").exists()


@pytest.fixture()
def readonly_folder() -> Iterator[tuple[Path, Path, Callable[[], tuple[str, Run]]]]:
    """(folder for the TM, a folder anyone may write for outputs, make_readonly) where make_readonly()
    seals the folder and returns (how, run)."""
    base = Path(tempfile.mkdtemp(prefix="tm-ro-"))
    folder, out = base / "tm", base / "out"
    folder.mkdir()
    out.mkdir()
    for p in (base, folder):
        p.chmod(0o755)
    out.chmod(0o777)

    def seal() -> tuple[str, Run]:
        if os.geteuid() != 0:
            folder.chmod(0o555)
            for f in folder.iterdir():
                f.chmod(0o444)
            assert _cannot_write([], folder)
            return "chmod", _commands([], folder)
        if shutil.which("unshare"):
            way = ["unshare", "-m", "sh", "-c", MOUNT_RO, "sh", str(folder)]
            if _cannot_write(way, folder):
                return "read-only bind mount", _commands(way, folder)
        if shutil.which("setpriv"):
            folder.chmod(0o555)
            for f in folder.iterdir():
                f.chmod(0o444)
            if _cannot_write(NOBODY, folder):
                return "nobody, chmod 0555", _commands(NOBODY, folder)
        pytest.skip("no way to make a folder read-only for root here (unshare -m or setpriv needed)")

    try:
        yield folder, out, seal
    finally:
        for p in (folder, *folder.iterdir()):
            p.chmod(0o755)
        shutil.rmtree(base)


def _partly_indexed_tm(db: Path, corpora: Path) -> None:
    """The WCM report imported and indexed, then more units added above the index's watermark."""
    result = CliRunner().invoke(cli, ["--db", str(db), "import", str(corpora / "wcm-2025" / "report.tmx")])
    assert result.exit_code == 0, result.output
    assert CliRunner().invoke(cli, ["--db", str(db), "index"]).exit_code == 0
    with SqliteStore(db) as store:
        with store.transaction():
            writer = store.writer(store.add_origin("more.tmx", "tmx", Header()))
            for i, (zh, en) in enumerate(
                [
                    (
                        "新的合作伙伴在莫斯科签署了第7份协议。",
                        "New partners signed the 7th agreement in Moscow.",
                    ),
                    (
                        "中国联合展台代表团参观了莫斯科的电影院。",
                        "The China Pavilion visited a Moscow cinema.",
                    ),
                    ("双方签署了合作协议。", "The two sides signed a cooperation agreement."),
                ]
            ):
                writer.add(Unit((Variant("zh-CN", zh), Variant("en", en))), i + 1)
            writer.flush()
        assert store.index.pending(store.resolve("zh")) == 3


def _lookups(db: Path) -> list[list[str]]:
    return [
        ["--db", str(db), "lookup", q, "--src", "zh", "--tgt", "en", "--min-score", "40", "--json"]
        for q in QUERIES
    ]


def _reads(db: Path, out: Path) -> list[list[str]]:
    return [
        *_lookups(db),
        ["--db", str(db), "concordance", "莫斯科", "--lang", "zh", "--tgt", "en", "--json"],
        ["--db", str(db), "concordance", "协议", "--lang", "zh", "--json"],
        ["--db", str(db), "stats", "--json"],
        ["--db", str(db), "export", str(out / "all.tmx"), "--json"],
    ]


def _expected(db: Path, commands: list[list[str]]) -> list[tuple[int, str, str]]:
    """The same commands on a writable copy whose index is complete."""
    out = []
    for args in commands:
        r = CliRunner().invoke(cli, args)
        out.append((r.exit_code, r.stdout, r.stderr))
    return out


def test_read_only_folder_lookup_concordance_export_stats(readonly_folder, corpora, tmp_path) -> None:
    folder, out, seal = readonly_folder
    db = folder / "tm.db"
    _partly_indexed_tm(db, corpora)
    assert sorted(p.name for p in folder.iterdir()) == ["tm.db"]  # no -wal/-shm left behind
    copy = tmp_path / "tm.db"
    shutil.copy(db, copy)
    want = _expected(copy, _reads(copy, tmp_path))
    how, run = seal()
    got = run(_reads(db, out))
    for (code, stdout, stderr), (want_code, want_out, _), args in zip(
        got, want, _reads(db, out), strict=True
    ):
        assert code == 0, (how, args, stderr)
        assert want_code == 0
        if "stats" in args:
            got_stats, want_stats = json.loads(stdout), json.loads(want_out)
            assert got_stats.pop("path") == str(db) and want_stats.pop("path") == str(copy)
            assert got_stats == want_stats
        elif "export" in args:
            assert json.loads(stdout)["units"] == json.loads(want_out)["units"] == 37
            assert tmx_variants(out / "all.tmx") == tmx_variants(tmp_path / "all.tmx")
        else:
            assert stdout == want_out, (how, args)
    # the lookups found units from both sides of the watermark
    found = [json.loads(stdout)["matches"] for _, stdout, _ in got[: len(QUERIES)]]
    assert all(found), found
    assert any(m["target"] == "New partners signed the 7th agreement in Moscow." for m in found[2])
    assert sorted(p.name for p in folder.iterdir()) == ["tm.db"]


def test_read_only_folder_indexes_nothing_and_writes_nothing(readonly_folder, corpora) -> None:
    folder, out, seal = readonly_folder
    db = folder / "tm.db"
    _partly_indexed_tm(db, corpora)
    before = db.read_bytes()
    _, run = seal()
    code, _, stderr = run([["--db", str(db), "index"]])[0]
    assert code == 1 and "read-only" in stderr and "Traceback" not in stderr
    code, _, stderr = run([["--db", str(db), "import", str(corpora / "wcm-2025" / "report.zh-en.po")]])[0]
    assert code == 1 and "read-only" in stderr
    assert db.read_bytes() == before


def test_read_only_folder_with_unwritten_wal_says_so(readonly_folder, tmp_path, corpora) -> None:
    """A copy taken while a writer was running has pages in its -wal file that the database file lacks:
    they cannot be read without writing the WAL index, so tm says what to do instead of failing oddly."""
    folder, _, seal = readonly_folder
    live = tmp_path / "live.db"
    assert (
        CliRunner()
        .invoke(cli, ["--db", str(live), "import", str(corpora / "wcm-2025" / "report.tmx")])
        .exit_code
        == 0
    )
    store = SqliteStore(live)
    store.connection.execute("PRAGMA wal_autocheckpoint = 0")
    with store.transaction():
        store.add_origin("x.tmx", "tmx", Header())
    shutil.copy(live, folder / "tm.db")
    shutil.copy(str(live) + "-wal", folder / "tm.db-wal")
    store.close()
    _, run = seal()
    code, _, stderr = run([["--db", str(folder / "tm.db"), "stats"]])[0]
    assert code == 1
    assert "tm.db-wal holds changes not yet written" in stderr and len(stderr.strip().splitlines()) == 2


def test_read_only_option_leaves_the_tm_and_its_index_as_they_are(tmp_path, corpora) -> None:
    db = tmp_path / "tm.db"
    _partly_indexed_tm(db, corpora)
    before, stamp = db.read_bytes(), db.stat().st_mtime_ns
    copy = tmp_path / "copy.db"
    shutil.copy(db, copy)
    want = _expected(copy, _lookups(copy))
    for args, (want_code, want_out, _) in zip(_lookups(db), want, strict=True):
        r = CliRunner().invoke(cli, ["--read-only", *args])
        assert (r.exit_code, r.stdout) == (want_code, want_out)
    r = CliRunner().invoke(cli, ["--read-only", "--db", str(db), "index"])
    assert r.exit_code == 1 and "read-only" in r.stderr
    r = CliRunner().invoke(
        cli, ["--read-only", "--db", str(db), "import", str(corpora / "wcm-2025" / "report.tmx")]
    )
    assert r.exit_code == 1 and "read-only" in r.stderr
    assert db.read_bytes() == before and db.stat().st_mtime_ns == stamp
    with SqliteStore(db, readonly=True) as store:
        assert store.index.pending(store.resolve("zh")) == 3  # still not indexed: nothing was written


def test_partly_indexed_read_only_store_equals_the_oracle(tmp_path, corpora) -> None:
    """Through the library: the indexed part from the index, the rest scanned, the result the oracle's."""
    db = tmp_path / "tm.db"
    _partly_indexed_tm(db, corpora)
    with SqliteStore(db, readonly=True) as store:
        oracle = OracleMatcher.from_store(store, "zh", "en")
        matcher = Matcher(store, "zh", "en", min_score=40, limit=5)
        matcher.prepare()
        assert len(matcher._tail) == 3 and matcher._langs == ["zh-CN"]
        for query in QUERIES:
            got = [(m.unit_id, m.score, m.target) for m in matcher.lookup(query)]
            want = [(m.unit_id, m.score, m.target) for m in oracle.lookup(query, min_score=40, limit=5)]
            assert got == want and got

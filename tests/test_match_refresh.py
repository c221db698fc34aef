"""A Matcher keeps what it read of the index between lookups (the index's status, the small languages'
sequences and bitmaps, their vocabulary) only while the TM is unchanged: after a commit, by another
process, by this store, or inside an open transaction, the next lookup sees the new units, on each
backend, whether the language is scanned in memory or searched through the index's plans.

Each answer is compared with the brute-force oracle on the TM as it is then.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tm.match import Matcher, OracleMatcher
from tm.model import Header, Unit, Variant
from tm.store import codec, open_store
from tm.tmfiles import import_files

ROOT = Path(__file__).resolve().parent.parent
WORDS = "the city report market cinema Moscow day of a festival opened hall new film week".split()
QUERY = "the new festival hall opened in Moscow this week"


def sentence(i: int) -> str:
    return " ".join(WORDS[(i * 5 + j * j) % len(WORDS)] for j in range(5 + i % 7)) + f" {i}"


def tmx(path: Path, rows: list[tuple[str, str]], date: str = "20200101T000000Z") -> Path:
    body = "".join(
        f'<tu changedate="{date}"><tuv xml:lang="en-US"><seg>{src}</seg></tuv>'
        f'<tuv xml:lang="de"><seg>{tgt}</seg></tuv></tu>'
        for src, tgt in rows
    )
    path.write_text(
        f'<?xml version="1.0" encoding="UTF-8"?><tmx version="1.4"><header srclang="en-US"/><body>{body}</body></tmx>',
        encoding="utf-8",
    )
    return path


def import_elsewhere(db: str, path: Path) -> None:
    """``tm import`` in another process (its own connection: this process's data_version must see it)."""
    subprocess.run(
        [sys.executable, "-m", "tm.cli.main", "--db", db, "import", str(path)],
        check=True,
        capture_output=True,
        cwd=ROOT,
    )


def found(matcher: Matcher, store, query: str = QUERY) -> list[tuple[int, float]]:
    got = [(m.unit_id, m.score) for m in matcher.lookup(query)]
    want = [
        (m.unit_id, m.score)
        for m in OracleMatcher.from_store(store, "en", "de").lookup(
            query, min_score=matcher.min_score, limit=matcher.limit
        )
    ]
    assert got == want
    return got


@pytest.mark.parametrize("plan", [None, "unigram"])
@pytest.mark.parametrize("readonly", [False, True])
def test_a_lookup_sees_what_another_process_imported(store_url, tmp_path, plan, readonly) -> None:
    """The first import and lookups in this process; then another process imports twice (the query's
    own sentence, then a near copy), and the lookup right after each finds what it added. ``plan`` None:
    the language is small, scanned in memory; ``unigram``: the index's plans."""
    with open_store(store_url) as store:
        import_files(store, [tmx(tmp_path / "a.tmx", [(sentence(i), f"Satz {i}") for i in range(40)])])
    store = open_store(store_url, readonly=readonly)
    try:
        matcher = Matcher(store, "en", "de", min_score=60, limit=5, plan=plan)
        assert found(matcher, store) == []
        assert found(matcher, store) == []  # nothing changed: the same (kept) answer
        import_elsewhere(store_url, tmx(tmp_path / "b.tmx", [(QUERY, "neu")]))
        first = found(matcher, store)
        assert [score for _, score in first] == [100.0]
        import_elsewhere(store_url, tmx(tmp_path / "c.tmx", [(QUERY.replace("this", "next"), "bald")]))
        second = found(matcher, store)
        assert len(second) == 2 and second[0] == first[0]
    finally:
        store.close()


@pytest.mark.parametrize("plan", [None, "unigram"])
def test_a_lookup_sees_what_this_store_imported(store_url, tmp_path, plan) -> None:
    """An import through the same store (the same connection: SQLite's PRAGMA data_version does not
    count its own commits) is seen by the next lookup of a Matcher made before it."""
    with open_store(store_url) as store:
        import_files(store, [tmx(tmp_path / "a.tmx", [(sentence(i), f"Satz {i}") for i in range(40)])])
        matcher = Matcher(store, "en", "de", min_score=60, limit=5, plan=plan)
        assert found(matcher, store) == []
        version = store.data_version()
        assert store.data_version() == version  # nothing committed: the same number
        import_files(store, [tmx(tmp_path / "b.tmx", [(QUERY, "neu")])])
        assert store.data_version() != version
        assert [score for _, score in found(matcher, store)] == [100.0]


@pytest.mark.parametrize("plan", [None, "unigram"])
def test_a_lookup_inside_a_transaction_sees_its_writes(store_url, tmp_path, plan) -> None:
    """Inside an open transaction the TM's data_version does not move until it commits: the units it
    wrote and indexed are seen all the same."""
    with open_store(store_url) as store:
        import_files(store, [tmx(tmp_path / "a.tmx", [(sentence(i), f"Satz {i}") for i in range(40)])])
        matcher = Matcher(store, "en", "de", min_score=60, limit=5, plan=plan)
        assert found(matcher, store) == []
        with store.transaction():
            writer = store.writer(store.add_origin("b.tmx", "tmx", Header()), index=True)
            writer.add(Unit((Variant("en-US", QUERY), Variant("de", "neu"))), 0)
            writer.flush()
            assert [score for _, score in found(matcher, store)] == [100.0]  # scanned: above the watermark
            store.index.catch_up(["en-US"])
            assert [score for _, score in found(matcher, store)] == [100.0]  # indexed in the transaction
            assert matcher._tail == []


def test_a_match_shows_what_another_process_merged_into_its_unit(store_url, tmp_path) -> None:
    """The facts of a matched unit (its date) are kept between lookups only while the TM is unchanged:
    another process imports the same unit again, newer, from another file, and the next lookup's match
    shows the new date."""
    with open_store(store_url) as store:
        rows = [(sentence(i), f"Satz {i}") for i in range(40)] + [(QUERY, "neu")]
        import_files(store, [tmx(tmp_path / "a.tmx", rows)])
    with open_store(store_url, readonly=True) as store:
        matcher = Matcher(store, "en", "de", min_score=60, limit=5)
        [before] = matcher.lookup(QUERY)
        assert (before.date[:4], before.origin) == ("2020", "a.tmx")
        assert matcher.lookup(QUERY)[0].date == before.date  # kept
        import_elsewhere(store_url, tmx(tmp_path / "b.tmx", [(QUERY, "neu")], date="20250301T000000Z"))
        [after] = matcher.lookup(QUERY)
        assert after.unit_id == before.unit_id
        assert after.date[:4] == "2025"


REVIEW = """
import sys
from tm.model import Header, Unit, Variant
from tm.store import codec, open_store
db, unit_id, version, target = sys.argv[1:5]
with open_store(db) as store, store.transaction():
    writer = store.writer(store.add_origin("draft.xlf", "xliff", Header()))
    writer.add(Unit((Variant("en-US", {query!r}), Variant("de", target)), filled_from=(int(unit_id), version)), 1)
    writer.flush()
"""


def test_a_unit_another_process_removed_is_no_longer_found(store_url, tmp_path) -> None:
    """Two translations of the query's sentence; another process imports a reviewed draft whose fill came
    from the newer one and whose target is the older one's: the newer unit is removed (its index entries
    stay). A Matcher that found both before finds only the older one after (its pair, kept from the
    earlier lookups, is not reused)."""
    with open_store(store_url) as store:
        rows = [(sentence(i), f"Satz {i}") for i in range(40)] + [(QUERY, "neu"), (QUERY, "neu!")]
        import_files(store, [tmx(tmp_path / "a.tmx", rows)])
    with open_store(store_url, readonly=True) as store:
        matcher = Matcher(store, "en", "de", min_score=60, limit=5)
        newer, older = (m.unit_id for m in matcher.lookup(QUERY))
        assert newer > older and found(matcher, store) == [(newer, 100.0), (older, 100.0)]
        version = codec.pair_version(*store.unit(newer).variants)
        subprocess.run(
            [sys.executable, "-c", REVIEW.format(query=QUERY), store_url, str(newer), version, "neu"],
            check=True,
            cwd=ROOT,
        )
        assert found(matcher, store) == [(older, 100.0)]

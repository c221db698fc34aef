"""tm never touches a database that is not its own, and a failed first import leaves no file behind."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from helpers import run

from tm.errors import StoreError
from tm.model import Header
from tm.store.sqlite import SqliteStore

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "corpora" / "wcm-2025" / "report.tmx"
DOC = ROOT / "corpora" / "press-releases" / "wcm-2026-pavilion.zh.txt"


def _foreign(path: Path, kind: str) -> Path:
    con = sqlite3.connect(path)
    if kind == "app-id":  # another program that stamps its files (a GeoPackage, say)
        con.execute("PRAGMA application_id = 1196444487")
        con.execute("CREATE TABLE gpkg_contents (table_name TEXT PRIMARY KEY)")
    elif kind == "versioned":  # a program that versions its schema as tm does, with its own tables
        con.execute("CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT)")
        con.execute("INSERT INTO notes (body) VALUES ('keep me')")
        con.execute("PRAGMA user_version = 3")
    else:  # tables named like some of tm's, but not all of them
        con.execute("CREATE TABLE units (id INTEGER PRIMARY KEY, name TEXT)")
        con.execute("CREATE TABLE origins (id INTEGER PRIMARY KEY)")
    con.commit()
    con.close()
    return path


COMMANDS = [
    ("lookup", "城市", "--src", "zh", "--tgt", "en"),
    ("import", str(SEED)),
    ("stats",),
    ("export", "{tmp}/out.tmx"),
    ("index",),
    ("concordance", "城市"),
    ("analyze", str(DOC), "--src", "zh", "--tgt", "en"),
    ("pretranslate", str(DOC), "--src", "zh", "--tgt", "en", "-o", "{tmp}/out.xlf"),
]


@pytest.mark.parametrize("kind", ["app-id", "versioned", "lookalike"])
def test_a_foreign_sqlite_file_is_refused_unchanged(tmp_path, kind):
    db = _foreign(tmp_path / "other-app.sqlite", kind)
    original = db.read_bytes()
    for command in COMMANDS:
        result = run(db, *(arg.format(tmp=tmp_path) for arg in command))
        assert result.exit_code == 1, (command, result.output)
        assert f"{db}: not a tm database" in result.stderr and "internal error" not in result.stderr
        assert db.read_bytes() == original, f"tm {command[0]} changed another program's database"
        assert sorted(p.name for p in tmp_path.iterdir()) == ["other-app.sqlite"], command


def test_a_tm_from_before_the_stamp_is_recognised_and_stamped_on_its_first_write(tmp_path):
    from tm.store.sqlite.files import APPLICATION_ID  # here: the module is what this test asks for

    db = tmp_path / "t.db"
    assert run(db, "import", str(SEED)).exit_code == 0
    con = sqlite3.connect(db)
    assert con.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID
    con.execute("PRAGMA application_id = 0")  # as every tm before this one left its TMs
    con.commit()
    con.close()
    stats = run(db, "stats")
    assert stats.exit_code == 0 and "Units: 34" in stats.stdout

    def stamp() -> int:
        with sqlite3.connect(db) as con:
            return con.execute("PRAGMA application_id").fetchone()[0]

    assert stamp() == 0  # reading does not write
    assert run(db, "import", str(SEED)).exit_code == 0
    assert stamp() == APPLICATION_ID


def test_a_failed_first_import_leaves_no_file_nor_folder(tmp_path):
    broken = tmp_path / "broken.tmx"
    broken.write_text('<?xml version="1.0"?><tmx version="1.4"><header/><body><tu>', encoding="utf-8")
    db = tmp_path / "new" / "deeper" / "t.db"
    result = run(db, "import", str(broken))
    assert result.exit_code == 1 and "broken.tmx" in result.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["broken.tmx"]
    # a command that needs a TM and finds the new one empty leaves nothing either
    other = tmp_path / "t2.db"
    result = run(other, "analyze", str(DOC), "--src", "zh", "--tgt", "en")
    assert result.exit_code == 1 and not other.exists()
    # an import that succeeds keeps its TM
    assert run(db, "import", str(SEED)).exit_code == 0 and db.exists()


def test_a_new_tm_removed_while_another_store_had_it_open_is_not_written(tmp_path):
    db = tmp_path / "t.db"
    first = SqliteStore(db)
    second = SqliteStore(db)  # opened the new, empty TM before the first gave up on it
    first.close()  # nothing committed: the new TM is removed
    assert not db.exists()
    with pytest.raises(StoreError, match="removed or replaced"):
        with second.transaction():
            second.add_origin("x.tmx", "tmx", Header())
    second.close()
    assert not db.exists()

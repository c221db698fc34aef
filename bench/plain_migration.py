"""The cost of the migration that rereads plain texts (SQLite 12, PostgreSQL 8; tm.store.plaintext) on a TM
an earlier tm imported, against importing the same file, in one run.

    python bench/plain_migration.py --units 100000
    python bench/with_postgres.py bench/plain_migration.py --units 100000     # SQLite and PostgreSQL
    python bench/with_postgres.py bench/plain_migration.py --units 100000 --mixed

The TMX is bench/import.py's (15% of units with inline codes: ``<b>`` around both texts and a
``<ph>&lt;br/&gt;</ph>`` line break at the end of the Chinese one, which the migration rereads). Steps, each
timed (wall and CPU of this process and its children; PostgreSQL's server CPU is not counted):

1. ``tm import`` of the file with the match index (the library call, one process): the baseline;
2. the TM made as an earlier tm left it: each text with codes the coded text with the codes left out
   (``Line oneline two``), the schema version before the migration (plain sqlite3 / psycopg, not timed);
   ``--mixed``: an XLIFF origin besides, so that the migration reads each unit's first origin (a TM of
   TMX files alone has no need: they are all TMX);
3. ``open_store``: the migration; then the rows it changed are counted and one reopen is timed (nothing
   left to migrate).
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import resource
import sqlite3
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tm.model import strip_placeholders  # noqa: E402
from tm.store import open_store  # noqa: E402
from tm.store.postgres import schema as pg_schema  # noqa: E402
from tm.store.sqlite import schema as sqlite_schema  # noqa: E402
from tm.tmfiles import import_files  # noqa: E402


def _generate() -> object:
    spec = importlib.util.spec_from_file_location("bench_import", ROOT / "bench" / "import.py")
    module = sys.modules["bench_import"] = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)  # type: ignore[union-attr]
    return module.generate


def cpu_time() -> float:
    """This process's CPU time and its finished children's (the import's index workers)."""
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return time.process_time() + children.ru_utime + children.ru_stime


def timed(what: str, action) -> tuple[float, float, object]:  # noqa: ANN001
    wall, cpu = time.perf_counter(), cpu_time()
    result = action()
    wall, cpu = time.perf_counter() - wall, cpu_time() - cpu
    print(f"  {what}: {wall:.2f} s wall, {cpu:.2f} s CPU (load {os.getloadavg()[0]:.1f})", flush=True)
    return wall, cpu, result


def make_old(url: str, mixed: bool) -> int:
    """The TM as an earlier tm left it; returns the rows whose text it changed. ``mixed``: with an XLIFF
    origin besides (holding no unit), so that the migration reads each unit's first origin."""
    if url.startswith("postgresql://"):
        import psycopg

        con = psycopg.connect(url)
        mark, version = (
            "%s",
            ("UPDATE tm_schema SET version = %s", pg_schema.MIGRATIONS.index(pg_schema._reread_plain_texts)),
        )
    else:
        con = sqlite3.connect(url)
        mark = "?"
        version = (
            f"PRAGMA user_version = {sqlite_schema.MIGRATIONS.index(sqlite_schema._reread_plain_texts)}",
            None,
        )
    rows = con.execute("SELECT unit_id, ord, text, coded FROM variants WHERE coded IS NOT NULL").fetchall()
    old = [(strip_placeholders(c), u, o) for u, o, t, c in rows if strip_placeholders(c) != t]
    con.cursor().executemany(
        f"UPDATE variants SET text = {mark} WHERE unit_id = {mark} AND ord = {mark}", old
    )
    con.execute(version[0], () if version[1] is None else (version[1],))
    if mixed:
        con.execute(
            "INSERT INTO origins (id, name, key, format, imported) "
            "VALUES (1000, 'a.xlf', 'a-key', 'xliff', '2026-01-01T00:00:00Z')"
        )
    con.commit()
    con.close()
    return len(old)


def run(url: str, tmx: Path, label: str, mixed: bool) -> None:
    print(f"{label}:", flush=True)
    with open_store(url) as store:
        imported = timed("import (baseline)", lambda: import_files(store, [tmx], readahead=False))
    glued = make_old(url, mixed)
    print(f"  made old: {glued} texts glued", flush=True)
    migrated = timed("open: migration", lambda: open_store(url))
    migrated[2].close()
    again = timed("open again (nothing to migrate)", lambda: open_store(url))
    with again[2] as store:
        texts = {(u.id, v.lang): v.text for u in store.units() for v in u.variants if v.coded is not None}
    newline = sum(1 for t in texts.values() if t.endswith("\n"))
    print(
        f"  variants with codes: {len(texts)}, reread (a line break at the end): {newline}; "
        f"migration / import: wall {migrated[0] / imported[0]:.1%}, CPU {migrated[1] / imported[1]:.1%}",
        flush=True,
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--units", type=int, default=100_000)
    parser.add_argument("--mixed", action="store_true", help="an XLIFF origin besides the TMX one")
    parser.add_argument("--pg", help="also a PostgreSQL database URL (a new, empty database)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        tmx = Path(tmp) / "bench.tmx"
        _generate()(tmx, args.units)
        print(f"{args.units} units, {tmx.stat().st_size / 1e6:.0f} MB of TMX", flush=True)
        run(str(Path(tmp) / "tm.db"), tmx, "SQLite", args.mixed)
        if args.pg:
            run(args.pg, tmx, "PostgreSQL", args.mixed)
    return 0


if __name__ == "__main__":
    sys.exit(main())

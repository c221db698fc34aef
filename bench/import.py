"""Import throughput: tm import of a generated zh/en TMX against bare lxml iterparse of the same file.

    python bench/import.py                 # 1,000,000 units (about 300 MB of TMX)
    python bench/import.py --units 100000 --one-process   # also without the reading process

Reports units per second for both, their ratio (goal: tm import >= 40% of bare parsing), the peak memory
(RSS) of each process (goal for tm import: under 300 MB whatever the file size), and the database size.
tm import reads and encodes large files in a second process (tm/tmfiles/readahead.py): its CPU time and peak
memory are shown beside the main process's.
Each side runs in its own child process so that its peak memory is its own.

``--backend postgresql --pg URL`` also imports the same file into the PostgreSQL database ``URL`` (emptied
first), right after the SQLite import, and prints the ratio of the two throughputs (goal: PostgreSQL at
least as fast). The server's own CPU time and memory are not in the figures (another process).

    python bench/import.py --units 100000 --backend postgresql --pg postgresql://tm@/bench?host=/tmp/pg
"""

from __future__ import annotations

import argparse
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HAN = (
    "的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子说产种面而方后多定行学法所"
    "民得经十三之进着等部度家电力里如水化高自二理起小物现实加量都两体制机当使点从业本去把性好应开它合还因由其些然前外天政四日那"
    "社义事平形相全表间样与关各重新线内数正心反你明看原又么利比或但质气第向道命此变条只没结解问意建月公无系军很情者最立代想已通并"
    "提直题党程展五果料象员革位入常文总次品式活设及管特件长求老头基资边流路级少图山统接知较将组见计别她手角期根论运农指几九区强放"
    "决西被干做必战先回则任取据处队南给色光门即保治北造百规热领七海口东导器压志世金增争济阶油思术极交受联什认六共权收证改清美再采"
    "转更单风切打白教速花带安场身车例真务具万每目至达走积示议声报斗完类八离华名确才科张信马节话米整空元况今集温传土许步群广石记需"
    "段研界拉林律叫且究观越织装影算低持音众书布复容儿须际商非验连断深难近矿千周委素技备半办青省列习响约支般史感劳便团往酸历市克何"
)
WORDS = (
    "the of and to in a is that for it as was with be by on not he this are or his from at which but have an they "
    "you were her she there been one all we their has would when if so no what up more out about into than them can "
    "only other new some time could these two may then do first any my now such like our over man me even most made "
    "after also did many before must through back years where much your way well down should because each just those "
    "people how too little state good very make world still own see men work long get here between both life being "
    "under never day same another know while last might us great old year off come since against go came right used "
    "take three cooperation content market platform channel audience festival delegation pavilion partner media "
    "television series film animation exchange culture director company agreement Moscow China Russia Wink"
).split()


def zipf_pick(rng: random.Random, items: str | list[str], n: int) -> list:
    weights = [1.0 / (rank + 1) for rank in range(len(items))]
    return rng.choices(items, weights=weights, k=n)


def generate(path: Path, units: int, seed: int = 7) -> None:
    rng = random.Random(seed)
    phrases_en = [" ".join(zipf_pick(rng, WORDS, rng.randint(3, 8))) for _ in range(500)]
    phrases_zh = ["".join(zipf_pick(rng, HAN, rng.randint(4, 10))) for _ in range(500)]
    with open(path, "w", encoding="utf-8") as out:
        out.write(
            '<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE tmx SYSTEM "tmx14.dtd">\n<tmx version="1.4">\n'
            '<header creationtool="bench" creationtoolversion="1" segtype="sentence" o-tmf="bench" '
            'adminlang="en" srclang="zh-CN" datatype="plaintext"/>\n<body>\n'
        )
        for i in range(units):
            n = max(3, int(rng.gauss(18, 8)))
            en = " ".join(zipf_pick(rng, WORDS, n))
            zh = "".join(zipf_pick(rng, HAN, int(n * 1.6)))
            if rng.random() < 0.3:  # repeated phrases, as real TMs have
                k = rng.randrange(500)
                en, zh = phrases_en[k] + " " + en, phrases_zh[k] + zh
            en = f"{en[0].upper()}{en[1:]} {i}."
            zh = f"{zh}{i}。"
            if rng.random() < 0.15:  # inline codes in some units
                en = f'<bpt i="1">&lt;b&gt;</bpt>{en}<ept i="1">&lt;/b&gt;</ept>'
                zh = f'<bpt i="1">&lt;b&gt;</bpt>{zh}<ept i="1">&lt;/b&gt;</ept><ph x="2">&lt;br/&gt;</ph>'
            out.write(
                f'<tu tuid="{i}" creationdate="20250410T093000Z">\n  <prop type="x-bench">{i % 97}</prop>\n'
                f'  <tuv xml:lang="zh-CN"><seg>{zh}</seg></tuv>\n  <tuv xml:lang="en-US"><seg>{en}</seg></tuv>\n'
                "</tu>\n"
            )
        out.write("</body>\n</tmx>\n")


BARE = """
import sys, time
from lxml import etree
start = time.perf_counter()
n = 0
for _, el in etree.iterparse(sys.argv[1], tag="tu", resolve_entities=False, no_network=True, load_dtd=False):
    n += 1
    el.clear()
    while el.getprevious() is not None:
        del el.getparent()[0]
print(n, time.perf_counter() - start)
"""

IMPORT = """
import resource, sys, time
from tm.tmfiles import import_files
from tm.store import open_store
store = open_store(sys.argv[2])
start, cpu = time.perf_counter(), time.process_time()
[summary] = import_files(store, [sys.argv[1]], readahead=sys.argv[3] == "1")
elapsed, cpu = time.perf_counter() - start, time.process_time() - cpu
store.close()
child = resource.getrusage(resource.RUSAGE_CHILDREN)
print(summary.read, elapsed, cpu, child.ru_utime + child.ru_stime, child.ru_maxrss * 1024)
"""


STAGES = """
import sys, time
from tm.formats.tmx_read import TmxReader
from tm.store import codec
start = time.perf_counter()
n = sum(1 for _ in TmxReader(sys.argv[1]))
read = time.perf_counter() - start
start = time.perf_counter()
for u in TmxReader(sys.argv[1]):
    codec.encode_unit(u)
print(n, read, time.perf_counter() - start)
"""


def child(code: str, *args: str) -> tuple[int, float, int, list[float]]:
    """Run ``code`` in a child Python; (units, seconds, peak RSS in bytes of that child alone, the rest
    of what it printed)."""
    proc = subprocess.Popen([sys.executable, "-c", code, *args], stdout=subprocess.PIPE, text=True)
    out = proc.stdout.read()
    _, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        raise SystemExit(f"child failed ({proc.returncode})")
    units, seconds, *rest = out.split()
    return int(units), float(seconds), usage.ru_maxrss * 1024, [float(x) for x in rest]


def empty(url: str) -> None:
    """Delete every row of the TM in the PostgreSQL database ``url`` (opening it makes its tables)."""
    import psycopg  # the bench's own connection to reset the database between runs

    from tm.store import open_store

    open_store(url).close()
    with psycopg.connect(url, autocommit=True) as con:
        tables = con.execute(
            "SELECT tablename FROM pg_tables WHERE schemaname = current_schema() AND tablename <> 'tm_schema'"
        ).fetchall()
        con.execute("; ".join(f"TRUNCATE {t}" for (t,) in tables))
        con.execute("VACUUM")


def database_size(url: str) -> int:
    import psycopg  # the bench's own connection, to read the database's size

    with psycopg.connect(url, autocommit=True) as con:
        return con.execute("SELECT pg_database_size(current_database())").fetchone()[0]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--units", type=int, default=1_000_000)
    parser.add_argument(
        "--breakdown", action="store_true", help="also time the reader and row encoding alone"
    )
    parser.add_argument(
        "--one-process", action="store_true", help="also import without the reading process, for comparison"
    )
    parser.add_argument("--dir", type=Path, default=None, help="where to put the generated files")
    parser.add_argument("--backend", choices=["sqlite", "postgresql"], default="sqlite")
    parser.add_argument("--pg", metavar="URL", help="the PostgreSQL database (with --backend postgresql)")
    args = parser.parse_args()
    if args.backend == "postgresql" and not args.pg:
        parser.error("--backend postgresql needs --pg URL (a database of its own: it is emptied)")
    with tempfile.TemporaryDirectory(dir=args.dir) as tmp:
        tmx, db = Path(tmp) / "bench.tmx", Path(tmp) / "bench.tmdb"
        t0 = time.perf_counter()
        generate(tmx, args.units)
        print(
            f"generated {args.units:,} units, {tmx.stat().st_size / 1e6:.0f} MB in {time.perf_counter() - t0:.0f} s"
        )
        n_bare, s_bare, rss_bare, _ = child(BARE, str(tmx))
        print(
            f"bare lxml iterparse: {n_bare / s_bare:,.0f} units/s ({s_bare:.1f} s), peak RSS {rss_bare / 2**20:.0f} MiB"
        )
        for label, readahead in (("tm import", "1"), ("tm import, one process", "0")):
            if readahead == "0" and not args.one_process:
                continue
            for p in Path(tmp).glob("bench.tmdb*"):
                p.unlink()
            n_tm, s_tm, rss_tm, (cpu, cpu_child, rss_child) = child(IMPORT, str(tmx), str(db), readahead)
            assert n_bare == n_tm == args.units, (n_bare, n_tm)
            reader = f", reading process {rss_child / 2**20:.0f} MiB" if readahead == "1" else ""
            print(
                f"{label + ':':24s}{n_tm / s_tm:,.0f} units/s ({s_tm:.1f} s; CPU {cpu:.1f} s + {cpu_child:.1f} s), "
                f"peak RSS {rss_tm / 2**20:.0f} MiB{reader}"
            )
            print(f"  ratio: {100 * s_bare / s_tm:.0f}% of bare parsing throughput (goal >= 40%)")
        size = sum(p.stat().st_size for p in Path(tmp).glob("bench.tmdb*"))
        print(f"database: {size / 1e6:.0f} MB ({size / args.units:.0f} bytes per unit)")
        if args.backend == "postgresql":
            empty(args.pg)
            n_pg, s_pg, rss_pg, (cpu, cpu_child, rss_child) = child(IMPORT, str(tmx), args.pg, "1")
            assert n_pg == args.units, n_pg
            print(
                f"{'tm import, PostgreSQL:':24s}{n_pg / s_pg:,.0f} units/s ({s_pg:.1f} s; CPU {cpu:.1f} s + "
                f"{cpu_child:.1f} s, server not counted), peak RSS {rss_pg / 2**20:.0f} MiB, reading process "
                f"{rss_child / 2**20:.0f} MiB"
            )
            print(f"  PostgreSQL / SQLite throughput: {s_tm / s_pg:.2f}x (goal >= 1)")
            print(f"PostgreSQL database: {database_size(args.pg) / 1e6:.0f} MB")
        if args.breakdown:
            proc = subprocess.run(
                [sys.executable, "-c", STAGES, str(tmx)], capture_output=True, text=True, check=True
            )
            n, read, coded = proc.stdout.split()
            per = 1e6 / int(n)
            print(
                f"per unit: bare parse {s_bare * per:.0f} us; tm reader {float(read) * per:.0f} us; "
                f"reader + row encoding {float(coded) * per:.0f} us; whole import {s_tm * per:.0f} us"
            )


if __name__ == "__main__":
    main()

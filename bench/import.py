"""Import and index at 1M units: bare parsing, tm import without and with the match index, the index
built by a catch-up, and the time from the file to the first lookup, all in one run.

    python bench/import.py                          # 1,000,000 units (about 380 MB of TMX)
    python bench/import.py --units 100000 --one-process --breakdown
    python bench/import.py --baseline 6a3e8a8       # also the tree of another commit, in the same run

The script generates a zh-CN/en-US TMX (sentence lengths ~ N(18, 8) tokens, Zipf vocabulary, 30% of units
starting with a repeated phrase, 15% with inline codes, a prop and dates on every unit), then runs, each in
its own child process (so that peak memory and CPU are its own, children included):

1. bare ``lxml.etree.iterparse(tag="tu")`` with element clearing: the machine's speed;
2. ``tm import --no-index`` (the library call): the import alone;
3. ``tm import``: the import with the index of both languages built as the units are written;
4. a catch-up of the index after 2 (what ``tm index`` or the first lookup did before: the index build
   alone), on a copy of its database;
5. a first ``tm lookup`` in a new process on the database of 3 (from the file to the first lookup: 3 + 5).

Ratios: 3 / 2 (goal: the import with the index within 2x the import alone) and each time against the
figures of issue 11 (70 s import, 148 s + 172 s index at 1M, measured when bare parsing took 7.6 s), also
scaled by this run's bare parsing, which shows how fast the machine is now. ``--baseline REV`` runs steps 2
and 4 with the tree of commit REV too (``git archive``), so that "before" and "after" see the same load.
The load average of the machine is printed with each step: the machine may be shared.

``--backend postgresql --pg URL`` also imports the same file, with the index, into the PostgreSQL database
``URL`` (emptied first) and prints the ratio to the SQLite import (the server's CPU printed apart); with
``--repeat N``, in each of the N alternate rounds, and the ratio of the medians;
with ``--baseline REV``, the PostgreSQL import of commit REV too.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
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
import resource, sys, time
from lxml import etree
start, cpu = time.perf_counter(), time.process_time()
n = 0
for _, el in etree.iterparse(sys.argv[1], tag="tu", resolve_entities=False, no_network=True, load_dtd=False):
    n += 1
    el.clear()
    while el.getprevious() is not None:
        del el.getparent()[0]
print(n, time.perf_counter() - start, time.process_time() - cpu, 0)
"""

# argv: tmx, db, readahead (1/0), index (1/0/- for a tree that has no such option)
IMPORT = """
import os, resource, sys, time
from tm.tmfiles import import_files
from tm.store import open_store
store = open_store(sys.argv[2])
options = {"readahead": sys.argv[3] == "1"}
if sys.argv[4] != "-":
    options["index"] = sys.argv[4] == "1"
start, cpu = time.perf_counter(), time.process_time()
[summary] = import_files(store, [sys.argv[1]], **options)
elapsed, cpu = time.perf_counter() - start, time.process_time() - cpu
server = 0.0
if "://" in sys.argv[2]:  # the CPU of the server process serving the import's connection (same machine)
    pid = store.connection.execute("SELECT pg_backend_pid()").fetchone()[0]
    fields = open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()
    server = (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
store.close()
child = resource.getrusage(resource.RUSAGE_CHILDREN)
print(summary.read, elapsed, cpu, child.ru_utime + child.ru_stime, server)
"""

# argv: db; the catch-up of every language (what the first lookup or tm index does after an import)
CATCH_UP = """
import resource, sys, time
from tm.store import open_store
store = open_store(sys.argv[1])
start, cpu = time.perf_counter(), time.process_time()
done = store.index.catch_up(store.languages())
elapsed, cpu = time.perf_counter() - start, time.process_time() - cpu
store.close()
child = resource.getrusage(resource.RUSAGE_CHILDREN)
print(done, elapsed, cpu, child.ru_utime + child.ru_stime)
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

ISSUE = {"import": 70.0, "index_en": 148.0, "index_zh": 172.0, "bare": 7.6}  # issue 11, 1M units


@dataclass
class Run:
    count: int  # units read, or variants indexed
    seconds: float
    cpu: float  # this process
    cpu_children: float  # its child processes (the reading process, the index workers)
    rss: int  # peak RSS of this process, bytes
    load: float  # 1-minute load average when it ended
    server: float = 0.0  # CPU of the PostgreSQL server process serving the import's connection

    @property
    def cpu_wall(self) -> float:
        """The least this run takes on idle cores: its busier process's CPU time (writing or reading)."""
        return max(self.cpu, self.cpu_children)

    def text(self) -> str:
        extra = f" + {self.cpu_children:.1f} s in child processes" if self.cpu_children >= 0.05 else ""
        if self.server:
            extra += f" + {self.server:.1f} s in the server's process"
        return (
            f"{self.seconds:6.1f} s (CPU {self.cpu:.1f} s{extra}; peak RSS {self.rss / 2**20:.0f} MiB; "
            f"load {self.load:.1f})"
        )


def child(code: str, *args: str, tree: Path | None = None) -> Run:
    """Run ``code`` in a child Python (with ``tree`` first on its path: another commit's tm)."""
    env = dict(os.environ)
    if tree is not None:
        env["PYTHONPATH"] = str(tree)
    proc = subprocess.Popen(
        [sys.executable, "-c", code, *args],
        stdout=subprocess.PIPE,
        text=True,
        env=env,
        cwd=tempfile.gettempdir(),
    )
    out = proc.stdout.read()
    _, status, usage = os.wait4(proc.pid, 0)
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"child failed ({status})")
    count, seconds, cpu, cpu_children, *server = out.split()
    return Run(
        int(count),
        float(seconds),
        float(cpu),
        float(cpu_children),
        usage.ru_maxrss * 1024,
        os.getloadavg()[0],
        float(server[0]) if server else 0.0,
    )


def first_lookup(db: Path, text: str) -> float:
    """Seconds of a ``tm lookup`` in a new process (interpreter, imports, opening the TM, one lookup)."""
    start = time.perf_counter()
    subprocess.run(
        [
            sys.executable,
            "-m",
            "tm.cli.main",
            "--db",
            str(db),
            "lookup",
            text,
            "--src",
            "zh",
            "--tgt",
            "en",
            "--json",
        ],
        check=True,
        capture_output=True,
        cwd=tempfile.gettempdir(),
    )
    return time.perf_counter() - start


def remove(db: Path) -> None:
    for p in db.parent.glob(db.name + "*"):
        p.unlink()


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


def tree_of(rev: str, into: Path) -> Path:
    """The tm package of commit ``rev`` (git archive), for running the same steps with it."""
    root = Path(__file__).resolve().parent.parent
    into.mkdir()
    archive = subprocess.run(["git", "-C", str(root), "archive", rev, "tm"], capture_output=True, check=True)
    subprocess.run(["tar", "-x", "-C", str(into)], input=archive.stdout, check=True)
    return into


def ratio_lines(label: str, seconds: float, issue: float, bare: float) -> str:
    scaled = issue * bare / ISSUE["bare"]
    return (
        f"  {label}: {seconds / issue:.2f} x issue 11's {issue:.0f} s; "
        f"{seconds / scaled:.2f} x that figure scaled by this run's bare parsing ({scaled:.0f} s)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--units", type=int, default=1_000_000)
    parser.add_argument(
        "--breakdown", action="store_true", help="also time the reader and row encoding alone"
    )
    parser.add_argument(
        "--one-process", action="store_true", help="also import (without index) without the reading process"
    )
    parser.add_argument(
        "--baseline", metavar="REV", help="also run the import and the catch-up of commit REV"
    )
    parser.add_argument(
        "--repeat",
        type=int,
        default=1,
        help="run the imports with and without the index this often, alternately",
    )
    parser.add_argument("--dir", type=Path, default=None, help="where to put the generated files")
    parser.add_argument("--backend", choices=["sqlite", "postgresql"], default="sqlite")
    parser.add_argument("--pg", metavar="URL", help="the PostgreSQL database (with --backend postgresql)")
    args = parser.parse_args()
    if args.backend == "postgresql" and not args.pg:
        parser.error("--backend postgresql needs --pg URL (a database of its own: it is emptied)")
    print(f"machine: {os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f} at the start", flush=True)
    with tempfile.TemporaryDirectory(dir=args.dir) as tmp:
        tmx = Path(tmp) / "bench.tmx"
        t0 = time.perf_counter()
        generate(tmx, args.units)
        os.sync()  # the file's pages written out now, not by the kernel during the first steps
        time.sleep(5)
        print(
            f"generated {args.units:,} units, {tmx.stat().st_size / 1e6:.0f} MB in {time.perf_counter() - t0:.0f} s"
        )
        bare = child(BARE, str(tmx))
        print(
            f"1. bare lxml iterparse:          {bare.text()}  {bare.count / bare.seconds:,.0f} units/s",
            flush=True,
        )
        plain, indexed = Path(tmp) / "plain.tmdb", Path(tmp) / "indexed.tmdb"
        alones, boths, pgs = [], [], []
        for _ in range(args.repeat):  # alternately, so that all see the same load
            remove(plain)
            remove(indexed)
            alones.append(child(IMPORT, str(tmx), str(plain), "1", "0"))
            assert alones[-1].count == args.units
            print(f"2. tm import --no-index:         {alones[-1].text()}", flush=True)
            boths.append(child(IMPORT, str(tmx), str(indexed), "1", "1"))
            print(f"3. tm import (with the index):   {boths[-1].text()}", flush=True)
            if args.backend == "postgresql":
                empty(args.pg)
                pgs.append(child(IMPORT, str(tmx), args.pg, "1", "1"))
                print(
                    f"   PostgreSQL: tm import (with the index): {pgs[-1].text()};"
                    f" / SQLite {pgs[-1].seconds / boths[-1].seconds:.2f}",
                    flush=True,
                )
        alone = sorted(alones, key=lambda r: r.seconds)[len(alones) // 2]
        both = sorted(boths, key=lambda r: r.seconds)[len(boths) // 2]
        if args.repeat > 1:
            print(
                f"   medians of {args.repeat}: import alone {alone.seconds:.1f} s, with the index {both.seconds:.1f} s"
                + (f", PostgreSQL {sorted(r.seconds for r in pgs)[len(pgs) // 2]:.1f} s" if pgs else "")
            )
        size = sum(p.stat().st_size for p in Path(tmp).glob("indexed.tmdb*"))
        copy = Path(tmp) / "caught-up.tmdb"
        shutil.copy(plain, copy)
        catch = child(CATCH_UP, str(copy))
        print(f"4. catch-up after 2 (index only): {catch.text()}  {catch.count:,} variants", flush=True)
        remove(copy)
        query = "的" * 3 + "报告" + "在" * 5  # any Chinese sentence: the lookup's cost is mostly start-up
        lookup = first_lookup(indexed, query)
        print(f"5. first tm lookup after 3:      {lookup:6.1f} s (a new process)", flush=True)
        print(
            f"   from the file to the first lookup: {both.seconds + lookup:.1f} s; database {size / 1e6:.0f} MB"
        )
        print(f"\nimport with the index / import alone: {both.seconds / alone.seconds:.2f} (goal <= 2.00)")
        cpu_alone, cpu_both = alone.cpu + alone.cpu_children, both.cpu + both.cpu_children
        print(
            f"   CPU of all processes: {cpu_both:.1f} s with the index, {cpu_alone:.1f} s without ({cpu_both / cpu_alone:.2f});"
            f" on two idle cores at this CPU speed the import alone takes at least {alone.cpu_wall:.1f} s (its busier"
            f" process), with the index at least {cpu_both / 2:.1f} s: {cpu_both / 2 / alone.cpu_wall:.2f} x"
        )
        today = ISSUE["import"] + ISSUE["index_en"] + ISSUE["index_zh"]
        print(f"against issue 11's figures (bare parsing then {ISSUE['bare']} s, now {bare.seconds:.1f} s):")
        print(ratio_lines("import alone", alone.seconds, ISSUE["import"], bare.seconds))
        print(
            ratio_lines("import with the index", both.seconds, 2 * ISSUE["import"], bare.seconds) + " (goal)"
        )
        print(
            ratio_lines(
                "index build (catch-up)", catch.seconds, ISSUE["index_en"] + ISSUE["index_zh"], bare.seconds
            )
        )
        print(ratio_lines("file to first lookup", both.seconds + lookup, today, bare.seconds))
        if args.backend == "postgresql":
            pg = sorted(pgs, key=lambda r: r.seconds)[len(pgs) // 2]
            print(
                f"PostgreSQL: tm import (with the index): {pg.text()}; / SQLite {pg.seconds / both.seconds:.2f}"
                + (f" (medians of {args.repeat} alternate runs)" if args.repeat > 1 else "")
            )
        if args.one_process:
            remove(plain)
            one = child(IMPORT, str(tmx), str(plain), "0", "0")
            print(f"tm import --no-index, one process: {one.text()}")
        if args.baseline:
            tree = tree_of(args.baseline, Path(tmp) / "baseline")
            old = Path(tmp) / "old.tmdb"
            then = child(IMPORT, str(tmx), str(old), "1", "-", tree=tree)
            print(f"\nbaseline {args.baseline}: tm import:       {then.text()}", flush=True)
            built = child(CATCH_UP, str(old), tree=tree)
            print(f"baseline {args.baseline}: index (catch-up): {built.text()}", flush=True)
            print(
                f"  now / then: import alone {alone.seconds / then.seconds:.2f}, import with the index "
                f"{both.seconds / then.seconds:.2f} of the import alone then, index {catch.seconds / built.seconds:.2f}; "
                f"import + index {both.seconds / (then.seconds + built.seconds):.2f}"
            )
            if args.backend == "postgresql":
                empty(args.pg)
                pg_then = child(IMPORT, str(tmx), args.pg, "1", "1", tree=tree)
                print(
                    f"baseline {args.baseline}: PostgreSQL tm import (with the index): {pg_then.text()}; "
                    f"/ SQLite {pg_then.seconds / both.seconds:.2f}; now / then {pg.seconds / pg_then.seconds:.2f}"
                )
        if args.breakdown:
            proc = subprocess.run(
                [sys.executable, "-c", STAGES, str(tmx)], capture_output=True, text=True, check=True
            )
            n, read, coded = proc.stdout.split()
            per = 1e6 / int(n)
            print(
                f"per unit: bare parse {bare.seconds * per:.0f} us; tm reader {float(read) * per:.0f} us; "
                f"reader + row encoding {float(coded) * per:.0f} us; whole import {alone.seconds * per:.0f} us"
            )


if __name__ == "__main__":
    main()

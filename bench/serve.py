"""``tm serve`` under load: concurrent clients on a 100k-unit TM while an import runs, every answer checked
against the CLI's.

    python bench/serve.py --units 100000 --clients 32 --seconds 30

The script generates a zh-CN/en-US TM as bench/lookup.py does (same generator and seed), starts ``tm serve``
on a free loopback port (default threads, ``--allow-import``), and runs ``--clients`` concurrent clients
(processes of threads, each with its own keep-alive connection) for ``--seconds``: four in five requests
are tmserver queries as Weblate sends them (``/tmserver/zh_hans/en/unit/...`` and back), one in five
``GET /api/lookup``; the texts are copies of TM sources, copies with 1-3 tokens edited and unrelated
sentences (``--queries`` of each language). At ``--import-at`` seconds one more client posts a TMX of
``--import-units`` new units (10,000: some 10 s of importing and indexing; vocabulary the queries never
use, so the answers cannot change) to ``/api/import`` with the token. Afterwards: requests per second, latency p50/p95/p99 (overall, and while
the import ran), the ratio of that rate to the library's (tm's Matcher in this process, the same queries
one after another: what HTTP, the threads and the import cost), errors (any status but 200, or a failed
connection), and, for every distinct answer
body the server gave to each query, whether it equals ``tm lookup --json`` (run after the server stops,
on the same TM). It also checks that the server finds the imported units once the import has returned.
Local only: the server listens on 127.0.0.1 and the run stops by itself.
"""

from __future__ import annotations

import argparse
import http.client
import json
import multiprocessing
import os
import random
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import quote, urlencode, urlsplit

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))

from lookup import SYLLABLES, Generator, build, queries  # noqa: E402

TOKEN = "bench-token"


def import_tmx(path: Path, units: int, seed: int) -> list[tuple[str, str]]:
    """A TMX of new zh-CN/en-US units whose tokens the TM's queries never hold: Han characters between
    those bench/lookup.py uses, English words that start with "q". Returns (zh, en) of a few units."""
    rng = random.Random(seed)
    han = [chr(0x4E01 + i * 3) for i in range(6000)]
    words = sorted(
        {"q" + "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(1, 3))) for _ in range(20000)}
    )
    sample = []
    with open(path, "w", encoding="utf-8") as out:
        out.write('<?xml version="1.0" encoding="UTF-8"?>\n<tmx version="1.4"><header srclang="zh-CN" ')
        out.write('datatype="plaintext" segtype="sentence" adminlang="en" creationtool="bench" ')
        out.write('creationtoolversion="1" o-tmf="bench"/><body>\n')
        for i in range(units):
            zh = "".join(rng.choices(han, k=rng.randint(8, 40))) + "。"
            en = " ".join(rng.choices(words, k=rng.randint(5, 25))) + "."
            out.write(f'<tu tuid="b{i}"><tuv xml:lang="zh-CN"><seg>{zh}</seg></tuv>')
            out.write(f'<tuv xml:lang="en-US"><seg>{en}</seg></tuv></tu>\n')
            if i % (units // 5 or 1) == 0:
                sample.append((zh, en))
        out.write("</body></tmx>\n")
    return sample


def request_path(kind: str, src: str, tgt: str, text: str) -> str:
    if kind == "tmserver":
        code = {"zh": "zh_hans", "en": "en"}
        return f"/tmserver/{code[src]}/{code[tgt]}/unit/{quote(text.encode(), safe='')}"
    return "/api/lookup?" + urlencode({"text": text, "src": src, "tgt": tgt})


def client_process(url: str, work: list, threads: int, deadline: float, seed: int, out) -> None:
    """``threads`` clients until ``deadline``; sends back (start, seconds, status, index) per request and
    the distinct bodies per request index."""
    host, port = urlsplit(url).hostname, urlsplit(url).port
    records: list[tuple[float, float, int, int]] = []
    bodies: dict[int, set[bytes]] = {}
    lock = threading.Lock()

    def one(n: int) -> None:
        rng = random.Random(seed * 1000 + n)
        conn = http.client.HTTPConnection(host, port, timeout=30)
        mine, seen = [], {}
        while time.time() < deadline:
            i = rng.randrange(len(work))
            started = time.time()
            try:
                conn.request("GET", work[i][0], headers={"Accept": "application/json; charset=utf-8"})
                response = conn.getresponse()
                body = response.read()
                status = response.status
            except (OSError, http.client.HTTPException):
                conn.close()
                conn = http.client.HTTPConnection(host, port, timeout=30)
                body, status = b"", 0
            mine.append((started, time.time() - started, status, i))
            if status == 200:
                seen.setdefault(i, set()).add(body)
        conn.close()
        with lock:
            records.extend(mine)
            for i, found in seen.items():
                bodies.setdefault(i, set()).update(found)

    pool = [threading.Thread(target=one, args=(n,)) for n in range(threads)]
    for t in pool:
        t.start()
    for t in pool:
        t.join()
    out.send((records, {i: sorted(b) for i, b in bodies.items()}))
    out.close()


def post_import(url: str, path: Path, at: float, result: dict) -> None:
    time.sleep(max(0.0, at - time.time()))
    host, port = urlsplit(url).hostname, urlsplit(url).port
    conn = http.client.HTTPConnection(host, port, timeout=600)
    result["start"] = time.time()
    conn.request(
        "POST",
        "/api/import?name=bench-import.tmx",
        body=path.read_bytes(),
        headers={"Authorization": f"Bearer {TOKEN}", "Content-Type": "application/octet-stream"},
    )
    response = conn.getresponse()
    result["end"] = time.time()
    result["status"] = response.status
    result["body"] = json.loads(response.read())
    conn.close()


def cli_answers(db: Path, texts: list[str], src: str, tgt: str) -> list[list[tuple]]:
    """``tm lookup - --json`` over stdin: the CLI's matches of each text, as (source, target, score)."""
    out = subprocess.run(
        [
            sys.executable,
            "-m",
            "tm.cli.main",
            "--db",
            str(db),
            "lookup",
            "-",
            "--src",
            src,
            "--tgt",
            tgt,
            "--json",
        ],
        input="\n".join(texts) + "\n",
        capture_output=True,
        text=True,
        check=True,
        cwd=HERE.parent,
    ).stdout
    return [
        [(m["source"], m["target"], m["score"]) for m in json.loads(line)["matches"]]
        for line in out.splitlines()
    ]


def server_answer(kind: str, body: bytes) -> list[tuple]:
    data = json.loads(body)
    if kind == "tmserver":
        return [(s["source"], s["target"], s["quality"]) for s in data]
    return [(m["source"], m["target"], m["score"]) for m in data["matches"]]


def library_rate(db: Path, work: list) -> float:
    """Lookups per second of the same queries through tm's library (Matcher, read-only store), in turn,
    after a first pass over them (the server asks each query many times: its caches are warm too)."""
    import tm  # the public API, as a script uses it

    store = tm.open_store(db, readonly=True)
    try:
        matchers = {pair: tm.Matcher(store, *pair) for pair in (("zh", "en"), ("en", "zh"))}
        for _, _, src, tgt, text in work:  # warm, as the server is after its first seconds
            matchers[(src, tgt)].lookup(text)
        started = time.perf_counter()
        for _, _, src, tgt, text in work:
            matchers[(src, tgt)].lookup(text)
        return len(work) / (time.perf_counter() - started)
    finally:
        store.close()


def pct(values: list[float], p: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, int(round(p / 100 * (len(values) - 1))))]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--units", type=int, default=100_000)
    ap.add_argument("--clients", type=int, default=32)
    ap.add_argument("--processes", type=int, default=4, help="client processes the clients are spread over")
    ap.add_argument("--seconds", type=float, default=30)
    ap.add_argument("--threads", type=int, default=None, help="server worker threads (default: tm serve's)")
    ap.add_argument("--queries", type=int, default=300, help="distinct query texts per source language")
    ap.add_argument("--import-units", type=int, default=10_000)
    ap.add_argument("--import-at", type=float, default=5.0)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--keep", default=None, metavar="DIR", help="keep the generated TM in DIR and reuse it")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        workdir = Path(args.keep or tmp)
        workdir.mkdir(parents=True, exist_ok=True)
        run(args, workdir, Path(tmp))


def run(args, workdir: Path, tmp: Path) -> None:
    print(f"== tm serve, {args.units:,} units, {args.clients} clients, {args.seconds:g} s", flush=True)
    gen = Generator(args.seed)
    kept = workdir / f"bench-{args.units}-seed{args.seed}.db"
    sources = build(str(kept), args.units, gen, reuse=kept.exists())
    t0 = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "tm.cli.main", "--db", str(kept), "index"], check=True, cwd=HERE.parent
    )
    print(f"  index brought up to date in {time.perf_counter() - t0:.1f} s", flush=True)
    db = tmp / "served.db"  # the import changes it: a copy, so that --keep stays reusable
    subprocess.run(["cp", str(kept), str(db)], check=True)
    texts = {lang: [t for _, t in queries(gen, lang, sources[lang], args.queries)] for lang in ("zh", "en")}
    work: list[tuple[str, str, str, str, str]] = []  # (path, kind, src, tgt, text)
    for src, tgt in (("zh", "en"), ("en", "zh")):
        for n, text in enumerate(texts[src]):
            kind = "api" if n % 5 == 4 else "tmserver"
            work.append((request_path(kind, src, tgt, text), kind, src, tgt, text))
    baseline = library_rate(db, work)
    print(
        f"  baseline: the library in this process, one lookup after another (warm): {baseline:.0f} lookups/s",
        flush=True,
    )
    import_file = tmp / "bench-import.tmx"
    imported = import_tmx(import_file, args.import_units, args.seed + 1)

    cmd = [sys.executable, "-m", "tm.cli.main", "--db", str(db), "serve", "--port", "0", "--json"]
    cmd += ["--allow-import", "--token", TOKEN] + (["--threads", str(args.threads)] if args.threads else [])
    t0 = time.perf_counter()
    server = subprocess.Popen(cmd, cwd=HERE.parent, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    log: list[str] = []
    threading.Thread(target=lambda: log.extend(server.stderr), daemon=True).start()
    line = server.stdout.readline()
    if not line:
        server.wait()
        sys.exit("tm serve did not start:\n" + "".join(log))
    url = json.loads(line)["url"].rstrip("/")
    print(f"  server ready in {time.perf_counter() - t0:.1f} s at {url}", flush=True)
    try:
        load_before = os.getloadavg()
        start = time.time() + 1.0
        deadline = start + args.seconds
        imp: dict = {}
        importer = threading.Thread(target=post_import, args=(url, import_file, start + args.import_at, imp))
        importer.start()
        ctx = multiprocessing.get_context("fork")
        per = [
            args.clients // args.processes + (p < args.clients % args.processes)
            for p in range(args.processes)
        ]
        pipes, procs = [], []
        for p, threads in enumerate(per):
            mine, theirs = ctx.Pipe(duplex=False)
            proc = ctx.Process(
                target=client_process, args=(url, [(w[0],) for w in work], threads, deadline, p, theirs)
            )
            proc.start()
            pipes.append(mine)
            procs.append(proc)
        records, bodies = [], {}
        for pipe in pipes:
            got, distinct = pipe.recv()
            records.extend(got)
            for i, found in distinct.items():
                bodies.setdefault(i, set()).update(found)
        for proc in procs:
            proc.join()
        importer.join()
        load_after = os.getloadavg()
        # the imported units are found once the import has returned
        found_imported = 0
        for zh, en in imported:
            conn = http.client.HTTPConnection(urlsplit(url).hostname, urlsplit(url).port, timeout=30)
            conn.request("GET", request_path("tmserver", "zh", "en", zh))
            answer = json.loads(conn.getresponse().read())
            conn.close()
            found_imported += bool(answer) and answer[0]["target"] == en and answer[0]["quality"] == 100.0
    finally:
        server.terminate()
        server.wait(timeout=60)

    during = [r for r in records if imp.get("start", 0) <= r[0] <= imp.get("end", 0)]
    errors = [r for r in records if r[2] != 200]
    latencies = [r[1] * 1000 for r in records]
    span = max(r[0] + r[1] for r in records) - min(r[0] for r in records)
    # every distinct answer against the CLI's
    expected: dict[int, list[tuple]] = {}
    for src, tgt in (("zh", "en"), ("en", "zh")):
        idx = [i for i, w in enumerate(work) if w[2] == src]
        for i, answer in zip(idx, cli_answers(db, [work[i][4] for i in idx], src, tgt), strict=True):
            expected[i] = answer
    checked = same = 0
    for i, found in bodies.items():
        for body in found:
            checked += 1
            same += server_answer(work[i][1], body) == expected[i]
    asked = len({r[3] for r in records})
    print(
        f"  requests: {len(records):,} in {span:.1f} s = {len(records) / span:.0f}/s; errors: {len(errors)}"
    )
    print(
        f"  latency ms: p50 {pct(latencies, 50):.1f}, p95 {pct(latencies, 95):.1f}, p99 {pct(latencies, 99):.1f},"
        f" max {max(latencies):.1f}"
    )
    if during:
        lat = [r[1] * 1000 for r in during]
        first, last = min(r[0] for r in records), max(r[0] + r[1] for r in records)
        overlap = min(imp["end"], last) - max(imp["start"], first)
        print(
            f"  import: {imp['end'] - imp['start']:.1f} s from second {imp['start'] - first:.1f}, status "
            f"{imp['status']}, {imp['body'].get('files', [{}])[0].get('added')} units added; meanwhile "
            f"{len(during):,} requests in {overlap:.1f} s = {len(during) / overlap:.0f}/s, p50 {pct(lat, 50):.1f}, "
            f"p95 {pct(lat, 95):.1f}, p99 {pct(lat, 99):.1f} ms"
        )
    print(
        f"  answers equal to tm lookup --json: {same}/{checked} distinct answers ({asked} distinct queries asked)"
    )
    print(f"  imported units found after the import: {found_imported}/{len(imported)}")
    print(f"  load average before {load_before[0]:.2f}, after {load_after[0]:.2f} (2 cores)")
    print(f"  mean {statistics.mean(latencies):.1f} ms; server log lines: {sum(' GET ' in x for x in log):,}")
    ok = not errors and same == checked and found_imported == len(imported) and imp.get("status") == 200
    print("  OK" if ok else "  FAILED", flush=True)
    if not ok:
        sys.exit(1)


if __name__ == "__main__":
    main()

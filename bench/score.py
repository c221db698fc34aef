"""Scoring speed and memory: ``tm score`` against the ``sacrebleu`` command on the same generated files.

    python bench/score.py                          # 100k pairs (bleu,chrf,ter) + 1M pairs (bleu)
    python bench/score.py --pairs 20000 --million 0
    python bench/score.py --pairs 0 --million-metrics bleu,chrf

For 100k pairs it runs ``sacrebleu REF -i HYP -m ...``, ``tm score HYP REF -j 1`` (one process, like
sacrebleu) and ``tm score HYP REF`` (default: worker processes on large corpora), reports wall time,
the ratio to sacrebleu (goal: <= 1.2) and the peak memory of each (the sum of the RSS of the process and
its children, sampled every 0.1 s, and the largest single process's ru_maxrss), and checks that the
numbers agree to every printed decimal. Then it scores 1M pairs with ``tm score`` (goal: peak < 1 GiB).
Each run is a child process so that its memory is its own.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

WORDS = (
    "the of and to in a is that for it as was with be by on not he this are or his from at which but have an "
    "they you were her she there been one all we their has would when if so no what up more out about into than "
    "them can only other new some time could these two may then do first any my now such like our over man me "
    "even most made after also did many before must through back years where much your way well down should "
    "because each just those people how too little state good very make world still own see men work long get "
    "here between both life being under never day same another know while last might us great old year off "
    "come since against go came right used take three committee budget server update office holiday invoice "
    "report results partner market platform festival delegation agreement Moscow China Russia March 2025 3.5"
).split()
WIDTH = 2


def generate(folder: Path, pairs: int, seed: int = 11) -> tuple[Path, Path]:
    """A reference and a draft (words replaced, dropped and swapped) of ``pairs`` English-like segments."""
    rng = random.Random(seed)
    weights = [1.0 / (rank + 1) ** 0.8 for rank in range(len(WORDS))]
    ref_path, hyp_path = folder / f"ref.{pairs}.txt", folder / f"hyp.{pairs}.txt"
    with open(ref_path, "w", encoding="utf-8") as ref, open(hyp_path, "w", encoding="utf-8") as hyp:
        for _ in range(pairs):
            words = rng.choices(WORDS, weights, k=rng.randint(3, 30))
            draft = [w if rng.random() > 0.15 else rng.choice(WORDS) for w in words]
            if len(draft) > 4 and rng.random() < 0.3:
                del draft[rng.randrange(len(draft))]
            if len(draft) > 4 and rng.random() < 0.2:
                i = rng.randrange(len(draft) - 1)
                draft[i], draft[i + 1] = draft[i + 1], draft[i]
            ref.write(" ".join(words).capitalize() + ".\n")
            hyp.write(" ".join(draft).capitalize() + ".\n")
    return ref_path, hyp_path


def _tree_rss(pid: int) -> int:
    """Bytes of resident memory of ``pid`` and all its descendants (Linux /proc)."""
    total, stack = 0, [pid]
    while stack:
        p = stack.pop()
        try:
            with open(f"/proc/{p}/statm") as handle:
                total += int(handle.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
            with open(f"/proc/{p}/task/{p}/children") as handle:
                stack += [int(c) for c in handle.read().split()]
        except (OSError, ValueError):
            continue
    return total


def run(cmd: list[str]) -> dict:
    """Run ``cmd``; wall time, peak tree RSS (sampled), the child's own ru_maxrss (wait4), stdout."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    peak = [0]
    done = threading.Event()
    streams: dict[str, str] = {}

    def sample() -> None:
        while not done.is_set():
            peak[0] = max(peak[0], _tree_rss(proc.pid))
            done.wait(0.1)

    def drain(name: str, stream) -> None:
        streams[name] = stream.read()

    threads = [
        threading.Thread(target=sample, daemon=True),
        threading.Thread(target=drain, args=("out", proc.stdout), daemon=True),
        threading.Thread(target=drain, args=("err", proc.stderr), daemon=True),
    ]
    for t in threads:
        t.start()
    _, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    seconds = time.perf_counter() - start
    done.set()
    for t in threads:
        t.join()
    if proc.returncode != 0:
        raise SystemExit(f"{' '.join(cmd)} failed ({proc.returncode}):\n{streams.get('err', '')}")
    # ru_maxrss (KiB) of the child, or of its largest reaped worker if that was larger
    return {
        "seconds": seconds,
        "tree_peak": peak[0],
        "maxrss": usage.ru_maxrss * 1024,
        "stdout": streams["out"],
    }


def tm_cmd(hyp: Path, ref: Path, metrics: str, jobs: int | None) -> list[str]:
    tm = shutil.which("tm")
    base = [tm] if tm else [sys.executable, "-m", "tm.cli.main"]
    cmd = [*base, "score", str(hyp), str(ref), "--lang", "en", "-m", metrics, "--json"]
    return cmd + (["-j", str(jobs)] if jobs is not None else [])


def tm_scores(result: dict) -> dict[str, float]:
    return {m["name"]: m["score"] for m in json.loads(result["stdout"])["corpus"]}


def mib(n: int) -> str:
    return f"{n / 2**20:,.0f} MiB" if n else "n/a"


def bench_vs_sacrebleu(folder: Path, pairs: int, metrics: str) -> list[str]:
    ref, hyp = generate(folder, pairs)
    sacrebleu = shutil.which("sacrebleu")
    sb_cmd = [sacrebleu] if sacrebleu else [sys.executable, "-m", "sacrebleu"]
    sb = run([*sb_cmd, str(ref), "-i", str(hyp), "-m", *metrics.split(","), "-w", str(WIDTH)])
    sb_scores = {d["name"]: d["score"] for d in json.loads(sb["stdout"])}
    lines = [
        f"{pairs:,} pairs, metrics {metrics}:",
        f"  sacrebleu        {sb['seconds']:7.1f} s  peak {mib(sb['tree_peak'])} (maxrss {mib(sb['maxrss'])})",
    ]
    for label, jobs in (("tm score -j 1", 1), ("tm score", None)):
        result = run(tm_cmd(hyp, ref, metrics, jobs))
        got = tm_scores(result)
        same = all(f"{got[name]:.{WIDTH}f}" == f"{value:.{WIDTH}f}" for name, value in sb_scores.items())
        ratio = result["seconds"] / sb["seconds"]
        lines.append(
            f"  {label:16} {result['seconds']:7.1f} s  ratio {ratio:.2f} (goal <= 1.2)  "
            f"peak {mib(result['tree_peak'])} (maxrss {mib(result['maxrss'])})  "
            f"same numbers: {'yes' if same else 'NO'}"
        )
        if not same:
            lines.append(f"    tm {got} vs sacrebleu {sb_scores}")
    return lines


def bench_million(folder: Path, pairs: int, metrics: str) -> list[str]:
    ref, hyp = generate(folder, pairs)
    result = run(tm_cmd(hyp, ref, metrics, None))
    scores = ", ".join(f"{k} {v:.{WIDTH}f}" for k, v in tm_scores(result).items())
    ok = result["tree_peak"] < 2**30
    return [
        f"{pairs:,} pairs, metrics {metrics}: tm score {result['seconds']:.1f} s, peak {mib(result['tree_peak'])} "
        f"(all processes; largest single {mib(result['maxrss'])}); goal < 1 GiB: {'met' if ok else 'NOT met'}; "
        f"{scores}"
    ]


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--pairs", type=int, default=100_000, help="pairs for the comparison (0: skip)")
    parser.add_argument("--metrics", default="bleu,chrf,ter")
    parser.add_argument("--million", type=int, default=1_000_000, help="pairs for the memory run (0: skip)")
    parser.add_argument("--million-metrics", default="bleu")
    args = parser.parse_args()
    print(
        f"# python bench/score.py {' '.join(sys.argv[1:])}  ({time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}, "
        f"{os.cpu_count()} CPUs)"
    )
    with tempfile.TemporaryDirectory(prefix="tm-bench-score-") as tmp:
        folder = Path(tmp)
        if args.pairs:
            for line in bench_vs_sacrebleu(folder, args.pairs, args.metrics):
                print(line, flush=True)
        if args.million:
            for line in bench_million(folder, args.million, args.million_metrics):
                print(line, flush=True)


if __name__ == "__main__":
    main()

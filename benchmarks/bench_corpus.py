"""Corpus mode throughput: works/s and words/s with 1 and 2 local workers, start-up, memory, store size.

    python benchmarks/bench_corpus.py ../shared/data/litbank/original --works 20 --words 4000

Takes the first ``--works`` LitBank novels (sorted by file name), each cut to its first ``--words`` words
(at a line break), writes them to a temporary folder and runs ``ficlens corpus run`` on them through the
library (the same code path as the command) with 1 worker and then 2, each into a fresh store. Throughput is
timed from the first submission (every worker has loaded the pipeline) to the last result; start-up is
reported apart: the local cluster (scheduler + worker processes up) and the pipeline load on every worker.
Peak memory per worker is the largest peak RSS a worker reported; store size is the committed batches.
The machine's load average is printed with the figures: on a shared machine they are lower bounds.
"""

from __future__ import annotations

import argparse
import json
import os
import tempfile
import time
from pathlib import Path

from ficlens.corpus.engine import Outcome, RunOptions, RunSummary, run_corpus
from ficlens.corpus.query import connect, stats


def prepare(data: Path, works: int, words: int, folder: Path) -> tuple[int, int]:
    """Write the slice; the number of works and of words written."""
    total = 0
    novels = sorted(p for p in data.iterdir() if p.suffix == ".txt")[:works]
    if len(novels) < works:
        raise SystemExit(f"bench_corpus: {data}: only {len(novels)} novels, {works} asked for")
    for novel in novels:
        lines = novel.read_text(encoding="utf-8").splitlines(keepends=True)
        kept: list[str] = []
        count = 0
        for line in lines:
            if count >= words:
                break
            kept.append(line)
            count += len(line.split())
        (folder / novel.name).write_text("".join(kept), encoding="utf-8")
        total += count
    return len(novels), total


def measure(corpus: Path, workers: int, root: Path) -> dict[str, float]:
    marks: dict[str, float] = {}

    def started(summary: RunSummary) -> None:
        marks["first_submit"] = time.perf_counter()

    def outcome(result: Outcome) -> None:
        marks["last_result"] = time.perf_counter()

    summary = run_corpus(
        [corpus],
        root,
        RunOptions(workers=workers, batch_works=10_000, batch_seconds=3600),
        on_outcome=outcome,
        on_started=started,
    )
    seconds = marks["last_result"] - marks["first_submit"]
    con = connect(root, identities=False)
    peaks = con.sql("SELECT max(worker_peak_rss_mb) FROM works GROUP BY worker").fetchall()
    cpu = con.sql("SELECT sum(cpu_seconds) FROM works").fetchone()[0]  # type: ignore[index]
    con.close()
    size = stats(root)
    return {
        "workers": workers,
        "works": summary.stored,
        "failed": summary.failed,
        "words": summary.words,
        "seconds": round(seconds, 2),
        "works_per_s": round(summary.stored / seconds, 3),
        "words_per_s": round(summary.words / seconds),
        # words per CPU-second of the workers' task threads: the per-core rate on an idle machine, and
        # unchanged between 1 and 2 workers when nothing but the CPU is shared
        "words_per_cpu_s": round(summary.words / cpu),
        "worker_cpu_share": round(cpu / (seconds * workers), 2),
        "cluster_startup_s": round(summary.cluster_seconds, 2),
        "pipeline_load_s": round(summary.startup_seconds - summary.cluster_seconds, 2),
        "peak_rss_mb_per_worker": max(p for (p,) in peaks),
        "store_bytes": size["bytes"],
        "store_bytes_per_1000_words": size["bytes_per_1000_words"],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("data", type=Path, help="LitBank's original/ folder of novels")
    parser.add_argument("--works", type=int, default=20)
    parser.add_argument("--words", type=int, default=4000, help="cut each novel to its first N words")
    parser.add_argument("--workers", default="1,2")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    load_before = os.getloadavg()
    results = []
    with tempfile.TemporaryDirectory(prefix="ficlens-bench-corpus-") as tmp:
        corpus = Path(tmp) / "corpus"
        corpus.mkdir()
        works, words = prepare(args.data, args.works, args.words, corpus)
        for workers in (int(w) for w in args.workers.split(",")):
            results.append(measure(corpus, workers, Path(tmp) / f"store-{workers}"))
    report = {
        "works": works,
        "words": words,
        "cpus": os.cpu_count(),
        "load_average_before": [round(x, 2) for x in load_before],
        "load_average_after": [round(x, 2) for x in os.getloadavg()],
        "runs": results,
    }
    if len(results) >= 2:
        report["speedup"] = round(results[-1]["words_per_s"] / results[0]["words_per_s"], 2)
    if args.json:
        print(json.dumps(report))
        return
    print(
        f"{works} works, {words:,} words; {report['cpus']} CPUs; load average before "
        f"{report['load_average_before']}, after {report['load_average_after']}"
    )
    for r in results:
        print(
            f"{r['workers']} worker(s): {r['works_per_s']} works/s, {r['words_per_s']:,} words/s "
            f"({r['works']} works in {r['seconds']} s; "
            f"{r['words_per_cpu_s']:,} words per worker CPU-second, "
            f"workers on a CPU {r['worker_cpu_share']:.0%} of the time); "
            f"cluster start-up {r['cluster_startup_s']} s, "
            f"pipeline load {r['pipeline_load_s']} s; peak RSS per worker {r['peak_rss_mb_per_worker']} MB; "
            f"store {r['store_bytes_per_1000_words']} bytes per 1,000 words"
        )
    if "speedup" in report:
        print(f"speed-up {results[-1]['workers']} vs {results[0]['workers']} workers: {report['speedup']}x")


if __name__ == "__main__":
    main()

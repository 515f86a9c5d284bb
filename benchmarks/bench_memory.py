"""Peak memory and speed of ``ficlens analyze`` on a synthetic million-word work, or on one given file.

    nice -n 10 python benchmarks/bench_memory.py --data ../shared/data/litbank/original
    nice -n 10 python benchmarks/bench_memory.py --data ../shared/data/litbank/original --words 200000
    nice -n 10 python benchmarks/bench_memory.py --file FILE
    nice -n 10 python benchmarks/bench_memory.py --file FILE --model accurate
    nice -n 10 python benchmarks/bench_memory.py --file FILE --model accurate --threads 2

The work is built by concatenating the LitBank original texts (public-domain Project Gutenberg novels) in
name order, repeated if needed, until it holds ``--words`` whitespace-separated words; it is written to a
temporary folder (``--keep DIR`` keeps it) and never committed; ``--file`` measures that file instead.
The analysis (``--model`` fast or accurate) runs in a fresh process (one core: OMP/BLAS threads pinned to 1),
after a warm-up on a short text; the child's peak RSS (ru_maxrss)
includes the loaded models. ``--src DIR`` runs another checkout's ``src`` (a baseline) in the same way.
With ``--threads N`` the chunks are parsed in N forked worker processes, which share the parent's pages
until they write them: a thread samples, every 50 ms, the RSS and the PSS (shared pages divided among the
processes that map them) of the parent and its children summed (``/proc/PID/smaps_rollup``). The summed RSS
counts a shared page once per process, so it is an upper bound on the memory the run holds; the summed PSS is
what it holds. ``peak_rss_mb`` stays the parent's own, ``peak_child_rss_mb`` the largest child's.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ENV = {**os.environ, "OMP_NUM_THREADS": "1", "OPENBLAS_NUM_THREADS": "1", "MKL_NUM_THREADS": "1"}

# Samples the summed RSS and PSS of this process and its children (forked chunk workers).
TREE_SAMPLER = """
import os, threading, time
def _tree_kb():
    me = os.getpid(); pids = [me]
    for tid in os.listdir(f"/proc/{me}/task"):
        try:
            with open(f"/proc/{me}/task/{tid}/children") as f:
                pids += [int(p) for p in f.read().split()]
        except OSError:
            pass
    rss = pss = 0
    for pid in pids:
        try:
            with open(f"/proc/{pid}/smaps_rollup") as f:
                for line in f:
                    if line.startswith("Rss:"):
                        rss += int(line.split()[1])
                    elif line.startswith("Pss:"):
                        pss += int(line.split()[1])
        except OSError:
            pass
    return rss, pss
tree_peak = {"rss": 0, "pss": 0}
def _sample():
    while True:
        rss, pss = _tree_kb()
        tree_peak["rss"] = max(tree_peak["rss"], rss); tree_peak["pss"] = max(tree_peak["pss"], pss)
        time.sleep(0.05)
threading.Thread(target=_sample, daemon=True).start()
"""

CHILD = (
    TREE_SAMPLER
    + """
import json, resource, sys, time
if sys.argv[2]:
    sys.path.insert(0, sys.argv[2])
from pathlib import Path
import ficlens
from ficlens.analysis.run import analyze_story
from ficlens.ingest import read_story, story_from_text
from ficlens.pipeline.run import load_pipeline
model, threads = sys.argv[3], int(sys.argv[4])
load_pipeline(model=model)
analyze_story(story_from_text('Elinor looked at Marianne. "We go now," she said.'), model=model)
warm_rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
story = read_story(Path(sys.argv[1]))
t0 = time.perf_counter(); analysis = analyze_story(story, model=model, threads=threads)
secs = time.perf_counter() - t0
words = len(story.text.split())
time.sleep(0.1)
print(json.dumps({"ficlens": ficlens.__file__, "model": model, "threads": threads, "words": words,
    "chars": len(story.text),
    "seconds": secs,
    "words_per_s": words / secs, "characters": len(analysis.characters), "quotes": len(analysis.quotes),
    "warm_rss_mb": warm_rss, "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    "peak_child_rss_mb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024,
    "peak_summed_rss_mb": tree_peak["rss"] / 1024, "peak_summed_pss_mb": tree_peak["pss"] / 1024}))
"""
)


def build_work(data: Path, words: int, target: Path) -> int:
    """Concatenate the texts in ``data`` (name order, cycling) into ``target``; returns the word count."""
    sources = sorted(data.glob("*.txt"))
    if not sources:
        raise SystemExit(f"bench_memory: {data}: no .txt files")
    parts: list[str] = []
    count = 0
    while count < words:
        for source in sources:
            text = source.read_text(encoding="utf-8")
            n = len(text.split())
            if count + n > words:
                kept = text.split(" ")
                text = " ".join(kept[: max(words - count, 1)])
                n = len(text.split())
            parts.append(text.strip())
            count += n
            if count >= words:
                break
    target.write_text("\n\n".join(parts) + "\n", encoding="utf-8")
    return count


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    source = parser.add_mutually_exclusive_group(required=True)
    source.add_argument("--data", type=Path, help="the LitBank original/ folder (a synthetic work from it)")
    source.add_argument("--file", type=Path, help="measure this story or novel instead")
    parser.add_argument("--words", type=int, default=1_000_000)
    parser.add_argument("--keep", type=Path, help="write the synthetic work here and keep it")
    parser.add_argument("--model", choices=("fast", "accurate"), default="fast")
    parser.add_argument("--threads", type=int, default=1, help="analyze_story's threads (worker processes)")
    parser.add_argument("--src", default="", help="a checkout's src folder to measure instead (a baseline)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = args.keep or Path(tmp)
        folder.mkdir(parents=True, exist_ok=True)
        if args.file is not None:
            work = args.file
        else:
            work = folder / f"synthetic-{args.words}.txt"
            if not work.exists():
                build_work(args.data, args.words, work)
        out = subprocess.run(
            [sys.executable, "-c", CHILD, str(work), args.src, args.model, str(args.threads)],
            env=ENV,
            capture_output=True,
            text=True,
        )
        if out.returncode:
            raise SystemExit(f"bench_memory: child failed:\n{out.stderr[-4000:]}")
        result = json.loads(out.stdout.strip().splitlines()[-1])
        result["load_avg"] = os.getloadavg()
        print(json.dumps(result))


if __name__ == "__main__":
    main()

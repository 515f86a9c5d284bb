"""Accurate mode's speed against fast mode and en_core_web_sm alone, in one benchmark run.

    python benchmarks/bench_encoder.py ../shared/data/litbank/original/113_the_secret_garden.txt

Each measurement runs in a fresh process after a warm-up on a short text, with OMP/BLAS threads pinned to
one: en_core_web_sm alone with ``nlp.pipe`` over the text's paragraphs (batch 64, the fastest plain use of
sm), then ``ficlens analyze`` end to end (``analyze_story``) in fast and accurate mode, each with
``threads=1`` and ``threads=2`` (the chunks parsed in two forked worker processes). Prints one JSON line per
run and the ratios the issue's speed bars name. Words are whitespace-separated tokens. Model loading is left
out of the timings. Each line also gives the CPU seconds the run used (its own and its workers') and the load
average before and after: on a shared machine a two-thread run that got less than two free cores shows it
(``cpu_per_wall`` well under 2 while the load is high). ``peak_rss_mb`` is the process's own peak,
``peak_child_rss_mb`` its largest worker's (``bench_memory.py --threads`` sums them).
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

# the same baseline and child runner as bench_speed (run as a script, this folder is on sys.path)
from bench_speed import SPACY_PARAGRAPHS_CHILD, run_child

FICLENS_CHILD = """
import json, os, resource, sys, time
from pathlib import Path
from ficlens.analysis.run import analyze_story, load_story
from ficlens.ingest import story_from_text
from ficlens.pipeline.run import load_pipeline
model, threads = sys.argv[2], int(sys.argv[3])
t0 = time.perf_counter(); load_pipeline(model=model); load_s = time.perf_counter() - t0
warm = story_from_text("Elinor looked at Marianne. \\"We go now,\\" she said.")
analyze_story(warm, model=model, threads=threads)
story = load_story(Path(sys.argv[1]))
def cpu():
    me, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return me.ru_utime + me.ru_stime + kids.ru_utime + kids.ru_stime
load_before = os.getloadavg()[0]
c0 = cpu(); t0 = time.perf_counter(); analysis = analyze_story(story, model=model, threads=threads)
secs = time.perf_counter() - t0; cpu_s = cpu() - c0
words = len(story.text.split())
print(json.dumps({"tool": f"ficlens analyze --model {model} --threads {threads}", "words": words,
    "seconds": secs, "words_per_s": words / secs, "load_s": load_s, "characters": len(analysis.characters),
    "cpu_s": cpu_s, "cpu_per_wall": cpu_s / secs, "load_avg_before": load_before,
    "load_avg_after": os.getloadavg()[0],
    "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    "peak_child_rss_mb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024}))
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("text", type=Path, help="a story or novel (plain text)")
    parser.add_argument("--skip-fast", action="store_true", help="leave out fast mode's runs")
    args = parser.parse_args()
    sm = run_child(SPACY_PARAGRAPHS_CHILD, str(args.text))
    print(json.dumps(sm), flush=True)
    models = ("accurate",) if args.skip_fast else ("fast", "accurate")
    speed: dict[tuple[str, int], float] = {}
    for model in models:
        for threads in (1, 2):
            result = run_child(FICLENS_CHILD, str(args.text), model, str(threads))
            print(json.dumps(result), flush=True)
            speed[(model, threads)] = float(str(result["words_per_s"]))
    ratios = {"accurate_1_thread_vs_sm": speed[("accurate", 1)] / float(str(sm["words_per_s"]))}
    for model in models:
        ratios[f"{model}_2_threads_vs_1"] = speed[(model, 2)] / speed[(model, 1)]
    print(json.dumps(ratios))


if __name__ == "__main__":
    main()

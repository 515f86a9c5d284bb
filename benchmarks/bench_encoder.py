"""Accurate mode's speed against fast mode and en_core_web_sm alone, in one benchmark run.

    python benchmarks/bench_encoder.py ../shared/data/litbank/original/113_the_secret_garden.txt

Each measurement runs in a fresh process after a warm-up on a short text, with OMP/BLAS threads pinned to
one: en_core_web_sm alone with ``nlp.pipe`` over the text's paragraphs (batch 64, the fastest plain use of
sm), ``ficlens analyze`` in fast mode, and in accurate mode with one and two onnxruntime threads. Prints
one JSON line per run (words/s, peak RSS) and the ratios the issue's speed bars name. Words are
whitespace-separated tokens. Model loading is left out of the timings.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

# the same baseline and child runner as bench_speed (run as a script, this folder is on sys.path)
from bench_speed import SPACY_PARAGRAPHS_CHILD, run_child

FICLENS_CHILD = """
import json, resource, sys, time
from pathlib import Path
from ficlens.analysis.run import analyze_story, load_story
from ficlens.ingest import story_from_text
from ficlens.pipeline.run import load_pipeline
model, threads = sys.argv[2], int(sys.argv[3])
t0 = time.perf_counter(); load_pipeline(model=model, threads=threads); load_s = time.perf_counter() - t0
warm = story_from_text("Elinor looked at Marianne. \\"We go now,\\" she said.")
analyze_story(warm, model=model, threads=threads)
story = load_story(Path(sys.argv[1]))
t0 = time.perf_counter(); analysis = analyze_story(story, model=model, threads=threads)
secs = time.perf_counter() - t0
words = len(story.text.split())
print(json.dumps({"tool": f"ficlens analyze --model {model} --threads {threads}", "words": words,
    "seconds": secs, "words_per_s": words / secs, "load_s": load_s, "characters": len(analysis.characters),
    "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("text", type=Path, help="a story or novel (plain text)")
    parser.add_argument("--skip-fast", action="store_true", help="leave out fast mode's run")
    args = parser.parse_args()
    sm = run_child(SPACY_PARAGRAPHS_CHILD, str(args.text))
    print(json.dumps(sm), flush=True)
    runs = [("fast", 1)] if not args.skip_fast else []
    runs += [("accurate", 1), ("accurate", 2)]
    results = {}
    for model, threads in runs:
        results[(model, threads)] = run_child(FICLENS_CHILD, str(args.text), model, str(threads))
        print(json.dumps(results[(model, threads)]), flush=True)
    one = float(str(results[("accurate", 1)]["words_per_s"]))
    two = float(str(results[("accurate", 2)]["words_per_s"]))
    ratios = {
        "accurate_1_thread_vs_sm": one / float(str(sm["words_per_s"])),
        "accurate_2_threads_vs_1": two / one,
    }
    print(json.dumps(ratios))


if __name__ == "__main__":
    main()

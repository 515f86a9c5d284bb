"""Where the memory of ``ficlens analyze`` goes: resident memory sampled every 20 ms, reported per stage.

    OMP_NUM_THREADS=1 nice -n 10 python benchmarks/bench_memory_stages.py FILE [--model accurate]

One process: the pipeline loads, warms up on a short text, then analyses FILE while a thread samples VmRSS
(Linux ``/proc/self/status``) and files each sample under the stage the runner reports: ``parse`` (the
chunked stage: en_core_web_sm and the entity recogniser), ``merge`` (the chunks into one Doc), each
document-stage component, then ``build_analysis``. Each line gives the RSS when the stage began and the most
seen during it; the last line the process's peak (``ru_maxrss``), as ``bench_memory.py`` reports it.
"""

from __future__ import annotations

import argparse
import resource
import threading
import time
from pathlib import Path


def rss_mb() -> int:
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) // 1024
    return 0


class Sampler:
    def __init__(self) -> None:
        self.stage = "load"
        self.seen: dict[str, list[int]] = {}

    def enter(self, stage: str) -> None:
        now = rss_mb()
        self.seen.setdefault(stage, [now, now])
        self.stage = stage

    def run(self) -> None:
        while True:
            now = rss_mb()
            seen = self.seen.setdefault(self.stage, [now, now])
            seen[1] = max(seen[1], now)
            time.sleep(0.02)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("text", type=Path, help="a story or novel")
    parser.add_argument("--model", choices=("fast", "accurate"), default="fast")
    args = parser.parse_args()
    sampler = Sampler()
    threading.Thread(target=sampler.run, daemon=True).start()

    from ficlens.analysis.build import build_analysis
    from ficlens.analysis.run import analyze_story, load_story
    from ficlens.ingest import story_from_text
    from ficlens.pipeline.run import load_pipeline

    pipeline = load_pipeline(model=args.model)
    analyze_story(story_from_text('Elinor looked at Marianne. "We go now," she said.'), model=args.model)
    sampler.enter("read")
    story = load_story(args.text)
    names = [name for name, _ in pipeline.doc_components()]

    def progress(stage: str, done: int, total: int) -> None:
        if stage == "parsing":
            sampler.enter("parse" if done < total else "merge")
        else:
            sampler.enter(names[done] if done < len(names) else "document stage done")

    t0 = time.perf_counter()
    doc = pipeline.process(story, progress=progress)
    sampler.enter("build_analysis")
    build_analysis(story, doc)
    secs = time.perf_counter() - t0
    time.sleep(0.05)
    print(f"{args.text.name}: {len(story.text.split()):,} words, {args.model} mode, {secs:.1f} s")
    for stage, (start, most) in sampler.seen.items():
        print(f"{stage:28s} start {start:5d} MB   max {most:5d} MB")
    print(f"peak RSS (ru_maxrss): {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024} MB")


if __name__ == "__main__":
    main()

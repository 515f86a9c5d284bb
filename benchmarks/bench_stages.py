"""Where the time goes: seconds, words/s and share of the end-to-end time of every pipeline component.

    OMP_NUM_THREADS=1 python benchmarks/bench_stages.py \
        ../shared/data/litbank/original/113_the_secret_garden.txt [--model accurate]

Runs the same two stages as ``ficlens analyze`` (chunked stage 1, then the whole-Doc stage 2 and the
analysis builder), timing each component, after a warm-up on a short text. The issue budgets are read off the
shares: dialogue (ficlens_quotes + ficlens_speakers + ficlens_quote_pronouns) and inner life
(ficlens_emotions + ficlens_inner).
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

GROUPS = {
    "dialogue": ("ficlens_quotes", "ficlens_speakers", "ficlens_quote_pronouns"),
    "inner_life": ("ficlens_emotions", "ficlens_inner"),
    "characters_coref": ("ficlens_names", "ficlens_characters", "ficlens_coref"),
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("text", type=Path)
    parser.add_argument("--model", choices=("fast", "accurate"), default="fast")
    args = parser.parse_args()

    from spacy.tokens import Doc

    from ficlens.analysis.build import build_analysis
    from ficlens.analysis.run import analyze_story, load_story
    from ficlens.ingest import story_from_text
    from ficlens.pipeline.docdata import set_story
    from ficlens.pipeline.run import CHUNK_CHARS, chunk_text, load_pipeline

    pipeline = load_pipeline(model=args.model)
    analyze_story(story_from_text('"Go," Mara said to Tobin. She ran.'), model=args.model)
    story = load_story(args.text)
    text = story.prose_text()
    words = len(story.text.split())
    times: dict[str, float] = {}
    docs = []
    for piece in chunk_text(text, CHUNK_CHARS):
        doc = pipeline.nlp.make_doc(piece)
        for name, component in pipeline.nlp.pipeline:
            if name in pipeline.doc_stage:
                continue
            t0 = time.perf_counter()
            doc = component(doc)
            times[name] = times.get(name, 0.0) + time.perf_counter() - t0
        docs.append(doc)
    t0 = time.perf_counter()
    merged = Doc.from_docs(docs, ensure_whitespace=False)
    times["merge"] = time.perf_counter() - t0
    set_story(merged, story)
    for name, component in pipeline.doc_components():
        t0 = time.perf_counter()
        merged = component(merged)
        times[name] = time.perf_counter() - t0
    t0 = time.perf_counter()
    build_analysis(story, merged)
    times["build_analysis"] = time.perf_counter() - t0
    total = sum(times.values())
    for name, secs in times.items():
        print(f"{name:24s} {secs:8.2f} s {words / secs:12,.0f} words/s {100 * secs / total:6.1f} %")
    summary = {
        "words": words,
        "seconds": round(total, 2),
        "words_per_s": round(words / total),
        **{
            f"{g}_share_pct": round(100 * sum(times.get(n, 0.0) for n in ns) / total, 1)
            for g, ns in GROUPS.items()
        },
    }
    print(json.dumps(summary))


if __name__ == "__main__":
    main()

"""Speed of quotation detection and attribution (``ficlens_quotes``, ``ficlens_speakers``, ``collect``).

    export OMP_NUM_THREADS=1
    python benchmarks/bench_quotes.py ../shared/data/litbank/original/1342_pride_and_prejudice.txt \
        --words 60000

Stage 1 (en_core_web_sm) runs once over the text, timed; ``ficlens_characters`` and ``ficlens_coref`` run too
when they work in this build (attribution then resolves speakers through coreference). The two quotation
components then run ``--repeat`` times (best kept). Words are whitespace-separated tokens. ``share`` is the
quotation components' time over the end-to-end time of the stages that ran.
"""

from __future__ import annotations

import argparse
import json
import re
import time
from pathlib import Path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("text", type=Path)
    parser.add_argument(
        "--words", type=int, default=0, help="cut the text at a paragraph after this many words"
    )
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()

    from ficlens.ingest.read import story_from_text
    from ficlens.pipeline.quotes import collect
    from ficlens.pipeline.quotes.component import QuoteFinder, SpeakerAttributor
    from ficlens.pipeline.run import load_pipeline

    text = args.text.read_text(encoding="utf-8")
    if args.words:
        count = 0
        for m in re.finditer(r"\n\s*\n", text):
            count = len(text[: m.end()].split())
            if count >= args.words:
                text = text[: m.end()]
                break
    story = story_from_text(text)
    words = len(text.split())
    pipeline = load_pipeline(entities=False, doc_stage=())
    started = time.perf_counter()
    doc = pipeline.process(story)
    parse_s = time.perf_counter() - started
    others_s = 0.0
    ran: list[str] = []
    stage = load_pipeline(entities=False, doc_stage=("ficlens_characters", "ficlens_coref"))
    started = time.perf_counter()
    for name, component in stage.doc_components():
        doc = component(doc)
        ran.append(name)
    others_s = time.perf_counter() - started
    finder, attributor = QuoteFinder(), SpeakerAttributor()
    quotes_s = speakers_s = collect_s = float("inf")
    for _ in range(args.repeat):
        t = time.perf_counter()
        finder(doc)
        quotes_s = min(quotes_s, time.perf_counter() - t)
        t = time.perf_counter()
        attributor(doc)
        speakers_s = min(speakers_s, time.perf_counter() - t)
        t = time.perf_counter()
        collected = collect(doc)
        collect_s = min(collect_s, time.perf_counter() - t)
    ours = quotes_s + speakers_s + collect_s
    total = parse_s + others_s + ours
    print(
        json.dumps(
            {
                "text": str(args.text),
                "words": words,
                "quotes": len(collected),
                "also_ran": ran,
                "parse_s": round(parse_s, 3),
                "parse_words_per_s": round(words / parse_s),
                "quotes_s": round(quotes_s, 4),
                "speakers_s": round(speakers_s, 4),
                "collect_s": round(collect_s, 4),
                "quotes_words_per_s": round(words / quotes_s),
                "speakers_words_per_s": round(words / speakers_s),
                "share": round(ours / total, 4),
            }
        )
    )


if __name__ == "__main__":
    main()

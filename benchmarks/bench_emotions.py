"""Speed of the ``ficlens_emotions`` component alone, on a Doc already split into sentences.

    OMP_NUM_THREADS=1 python benchmarks/bench_emotions.py ../shared/data/litbank/original/105_persuasion.txt

Sentences come from spaCy's rule-based sentencizer (not timed); the component is warmed up on a short text
first (model load not timed, reported apart). ``words_per_s`` is the best of ``--repeat`` runs;
``first_run_words_per_s`` the first, while the model still meets the text's words for the first time.
Words are whitespace-separated tokens.
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("text", type=Path)
    parser.add_argument("--repeat", type=int, default=3, help="best of this many runs")
    args = parser.parse_args()

    import spacy

    import ficlens.pipeline.factories  # noqa: F401
    from ficlens.pipeline.docdata import get_sentence_emotions
    from ficlens.pipeline.emotions.classify import load_model

    started = time.perf_counter()
    load_model()
    load_s = time.perf_counter() - started
    nlp = spacy.blank("en")
    nlp.max_length = 10**8
    nlp.add_pipe("sentencizer")
    component = nlp.add_pipe("ficlens_emotions")
    component(nlp("She smiled. He wept."))
    text = args.text.read_text(encoding="utf-8")
    doc = nlp.make_doc(text)
    doc = nlp.get_pipe("sentencizer")(doc)
    times = []
    for _ in range(args.repeat):
        started = time.perf_counter()
        component(doc)
        times.append(time.perf_counter() - started)
    best = min(times)
    words = len(text.split())
    result = {
        "component": "ficlens_emotions",
        "words": words,
        "sentences": len(get_sentence_emotions(doc) or ()),
        "seconds": round(best, 3),
        "words_per_s": round(words / best),
        "first_run_words_per_s": round(words / times[0]),  # the word-weight table still being filled
        "model_load_s": round(load_s, 3),
    }
    print(json.dumps(result))


if __name__ == "__main__":
    main()

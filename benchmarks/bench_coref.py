"""Speed of ``ficlens_characters`` + ``ficlens_coref`` + ``ficlens_quote_pronouns`` alone, on a parsed novel.

    python benchmarks/bench_coref.py ../shared/data/litbank/original/113_the_secret_garden.txt

(Set OMP_NUM_THREADS=1 for one core.) ``cpu_words_per_s`` uses the process's CPU time, which is steadier
than wall time on a shared machine.
The text is parsed with en_core_web_sm (tagger, parser, lemmatizer; not timed). Entity spans come from the
entity recogniser when it is installed, else (``--stand-in``, the default when it is not) from a stand-in:
every noun chunk as a PER/FAC mention and proper-noun chunks as PER names, which gives more mentions than
LitBank's density, so the timing errs on the slow side. Words are whitespace-separated tokens.
"""

from __future__ import annotations

import argparse
import json
import resource
import time
from pathlib import Path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("text", type=Path)
    parser.add_argument("--repeat", type=int, default=3, help="best of this many runs")
    args = parser.parse_args()

    from spacy.tokens import Doc

    from ficlens.datamodel.story import Source, SourceFormat, Story
    from ficlens.pipeline.characters.component import CharacterFinder
    from ficlens.pipeline.coref.component import CorefResolver
    from ficlens.pipeline.coref.quote_pronouns import QuotePronouns
    from ficlens.pipeline.coref.resolve import load_model
    from ficlens.pipeline.docdata import get_cast, get_coref, set_story
    from ficlens.pipeline.extensions import ENTITY_SPANS
    from ficlens.pipeline.run import chunk_text, load_pipeline

    text = args.text.read_text(encoding="utf-8")
    words = len(text.split())
    pipeline = load_pipeline(entities=True, doc_stage=())
    started = time.perf_counter()
    docs = list(pipeline.parse_texts(chunk_text(text, 20_000)))
    doc = Doc.from_docs(docs, ensure_whitespace=False)
    parse_s = time.perf_counter() - started
    source = "ficlens_entities"
    if "ficlens_entities" not in pipeline.nlp.pipe_names:
        source = "stand-in (noun chunks)"
        spans = []
        for chunk in doc.noun_chunks:
            if chunk.root.pos_ == "PRON":
                continue
            label = "PER" if chunk.root.pos_ == "PROPN" or chunk.root.i % 2 else "FAC"
            span = doc[chunk.start : chunk.end]
            span.label_ = label
            spans.append(span)
        doc.spans[ENTITY_SPANS] = spans
    set_story(doc, Story(text=doc.text, source=Source(None, SourceFormat.TEXT, "")))
    load_model()
    components = [CharacterFinder(), CorefResolver(), QuotePronouns()]
    best = best_cpu = float("inf")
    for _ in range(args.repeat):
        started, cpu = time.perf_counter(), time.process_time()
        for component in components:
            doc = component(doc)
        best = min(best, time.perf_counter() - started)
        best_cpu = min(best_cpu, time.process_time() - cpu)
    result = get_coref(doc)
    cast = get_cast(doc)
    assert result is not None and cast is not None
    print(
        json.dumps(
            {
                "text": args.text.name,
                "words": words,
                "tokens": len(doc),
                "entity_spans": source,
                "mentions": len(result.mentions),
                "characters": len(cast.members),
                "parse_s": round(parse_s, 2),
                "seconds": round(best, 3),
                "words_per_s": round(words / best),
                "cpu_seconds": round(best_cpu, 3),
                "cpu_words_per_s": round(words / best_cpu),
                "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
            }
        )
    )


if __name__ == "__main__":
    main()

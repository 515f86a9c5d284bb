"""Speed of the inner-life layer (``ficlens_inner`` + ``collect``) against the rest of the pipeline.

    export OMP_NUM_THREADS=1
    python benchmarks/bench_inner.py ../shared/data/litbank/original/113_the_secret_garden.txt

Stage 1 (en_core_web_sm, and the entity recogniser when installed) and the other document-stage components
run once, timed; then ``ficlens_inner`` and ``collect`` run ``--repeat`` times (best kept). Components that
are missing or fail in this build are replaced by stand-ins, listed under ``stand_ins``: entity spans from
noun chunks (more mentions than LitBank, so the inner layer has more to do), sentence emotions cycling
through the labels (every second sentence emotional), which errs on the slow side too.
Words are whitespace-separated tokens. ``inner_share`` is the inner layer's time over the end-to-end time.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from dataclasses import replace
from pathlib import Path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("text", type=Path)
    parser.add_argument("--repeat", type=int, default=3, help="best of this many runs")
    parser.add_argument("--skip", action="append", default=[], help="a document-stage component to leave out")
    args = parser.parse_args()

    from spacy.tokens import Doc

    from ficlens.analysis.build import build_analysis
    from ficlens.datamodel.emotion import SentenceEmotion
    from ficlens.datamodel.story import Paragraph, Source, SourceFormat, Story
    from ficlens.pipeline.docdata import get_sentence_emotions, set_inner, set_sentence_emotions, set_story
    from ficlens.pipeline.extensions import ENTITY_SPANS
    from ficlens.pipeline.factories import DOC_STAGE
    from ficlens.pipeline.inner import collect
    from ficlens.pipeline.inner.component import compute
    from ficlens.pipeline.quotes.detect import paragraphs_from_text
    from ficlens.pipeline.run import chunk_text, load_pipeline

    text = args.text.read_text(encoding="utf-8")
    words = len(text.split())
    stand_ins: list[str] = []
    pipeline = load_pipeline(entities=True, doc_stage=())
    started = time.perf_counter()
    docs = list(pipeline.parse_texts(chunk_text(text, 20_000)))
    doc = Doc.from_docs(docs, ensure_whitespace=False)
    parse_s = time.perf_counter() - started
    print(f"parse: {parse_s:.2f} s", file=sys.stderr, flush=True)
    if "ficlens_entities" not in pipeline.nlp.pipe_names:
        stand_ins.append("entities")
        spans = []
        for chunk in doc.noun_chunks:
            if chunk.root.pos_ == "PRON":
                continue
            span = doc[chunk.start : chunk.end]
            span.label_ = "PER" if chunk.root.pos_ == "PROPN" or chunk.root.i % 2 else "FAC"
            spans.append(span)
        doc.spans[ENTITY_SPANS] = spans
    story = Story(
        text=text,
        source=Source(None, SourceFormat.TEXT, ""),
        paragraphs=tuple(Paragraph(s, e) for s, e in paragraphs_from_text(text)),
    )
    set_story(doc, story)
    stage = tuple(n for n in DOC_STAGE if n != "ficlens_inner" and n not in args.skip)
    others = load_pipeline(entities=False, doc_stage=stage)
    other_s = 0.0
    timings: dict[str, float] = {}
    for name, component in others.doc_components():
        started = time.perf_counter()
        try:
            doc = component(doc)
        except Exception as error:  # a component still in progress in this build
            stand_ins.append(f"{name} ({type(error).__name__})")
        spent = time.perf_counter() - started
        timings[name] = round(spent, 2)
        other_s += spent
        print(f"{name}: {spent:.2f} s", file=sys.stderr, flush=True)
    if not get_sentence_emotions(doc):
        stand_ins.append("emotions")
        labels = ("sadness", "neutral", "anger", "neutral", "joy", "neutral", "fear", "neutral", "love")
        set_sentence_emotions(
            doc,
            [
                SentenceEmotion(s.start_char, s.end_char, {lb: 0.5 for lb in labels}, (labels[k % 9],), 0.0)
                for k, s in enumerate(doc.sents)
            ],
        )

    best_inner = best_collect = float("inf")
    for _ in range(args.repeat):
        set_inner(doc, None)
        base = build_analysis(story, doc)
        started = time.perf_counter()
        set_inner(doc, compute(doc))
        middle = time.perf_counter()
        analysis = collect(doc, replace(base))
        best_inner = min(best_inner, middle - started)
        best_collect = min(best_collect, time.perf_counter() - middle)
    inner_s = best_inner + best_collect
    total_s = parse_s + other_s + inner_s
    print(
        json.dumps(
            {
                "text": args.text.name,
                "words": words,
                "tokens": len(doc),
                "stand_ins": stand_ins,
                "skipped": args.skip,
                "characters": len(analysis.characters),
                "mentions": len(analysis.mentions),
                "quotes": len(analysis.quotes),
                "sentences": len(analysis.emotions.sentences),
                "pairs": len(analysis.relationships.pairs),
                "parse_s": round(parse_s, 2),
                "parse_words_per_s": round(words / parse_s),
                "other_doc_stage_s": round(other_s, 2),
                "doc_stage_s": timings,
                "inner_s": round(best_inner, 3),
                "collect_s": round(best_collect, 3),
                "inner_words_per_s": round(words / inner_s),
                "inner_share": round(inner_s / total_s, 3),
            },
            indent=1,
        )
    )


if __name__ == "__main__":
    main()

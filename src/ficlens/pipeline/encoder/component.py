"""spaCy glue for accurate mode: the encoder pipe and the entity head that reads its output.

``ficlens_encoder`` runs the fine-tuned transformer once over a Doc's text (windows of wordpieces aligned
to the Doc's tokens) and leaves its span scores in ``doc._.ficlens_encoder``. ``ficlens_encoder_entities``
turns them into ``doc.spans["ficlens_entities"]`` (labels PER FAC GPE LOC VEH ORG, nested, no pronouns),
the same hand-off the fast mode's ``ficlens_entities`` makes, so every later component works unchanged.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path

from spacy.tokens import Doc, Span, SpanGroup

from ficlens.datamodel import ModelRecord
from ficlens.errors import ModelError
from ficlens.pipeline.encoder.decode import ScoredSpan, candidates, select
from ficlens.pipeline.encoder.model import EncoderModel, EncoderOutput
from ficlens.pipeline.encoder.windows import span_mask
from ficlens.pipeline.extensions import ENTITY_SPANS

ENCODER = "ficlens_encoder"
ENCODER_OUTPUT = "ficlens_encoder"  # the Doc extension that carries the encoder's output to its heads
ENCODER_ENTITIES = "ficlens_encoder_entities"


class EncoderPipe:
    """Run the encoder over each Doc; the model loads (and is checked) when the pipe is made."""

    def __init__(self, name: str, *, model_dir: str = "", threads: int = 1) -> None:
        self.name = name
        self.model = EncoderModel(Path(model_dir) if model_dir else None, threads=threads)

    def model_record(self) -> ModelRecord:
        return self.model.record

    def __call__(self, doc: Doc) -> Doc:
        spans = [(token.idx, token.idx + len(token.text)) for token in doc]
        doc._.set(ENCODER_OUTPUT, self.model.encode(doc.text, spans))
        return doc

    def pipe(self, docs: Iterable[Doc], *, batch_size: int = 1) -> Iterator[Doc]:
        for doc in docs:
            yield self(doc)


def entity_spans(output: EncoderOutput, *, threshold: float | None = None) -> list[ScoredSpan]:
    """Nested entities from the encoder's span scores: every span whose "no entity" probability is below
    the threshold (dev-chosen unless given), then the most confident of each crossing or repeated pair."""
    cut = output.threshold if threshold is None else threshold
    found: list[ScoredSpan] = []
    for scores in output.windows:
        mask = span_mask(output.alignment, scores.window, max_width=output.max_width)
        found.extend(candidates(scores.logits, mask, offset=scores.window.token_start, threshold=cut))
    return select(found)


class EncoderEntities:
    """Write ``doc.spans["ficlens_entities"]`` from the encoder's output."""

    def __init__(self, name: str) -> None:
        self.name = name

    def __call__(self, doc: Doc) -> Doc:
        output = doc._.get(ENCODER_OUTPUT)
        if not isinstance(output, EncoderOutput):
            raise ModelError(ENCODER, f"{self.name} needs the {ENCODER} component before it")
        group = SpanGroup(doc, name=ENTITY_SPANS)
        for span in entity_spans(output):
            group.append(Span(doc, span.start, span.end, label=output.labels[span.label]))
        doc.spans[ENTITY_SPANS] = group
        # The span scores take megabytes per chunk and nothing after this head reads them; keeping them
        # on every chunk of a novel would hold them all until the chunks merge.
        doc._.set(ENCODER_OUTPUT, None)
        return doc

    def pipe(self, docs: Iterable[Doc], *, batch_size: int = 1) -> Iterator[Doc]:
        for doc in docs:
            yield self(doc)

"""spaCy glue for accurate mode: the encoder pipe and the entity head that reads its output.

``ficlens_encoder`` runs the fine-tuned transformer once over a Doc's text (windows of wordpieces aligned
to the Doc's tokens) and leaves its span scores in ``doc._.ficlens_encoder``. ``ficlens_encoder_entities``
turns them into ``doc.spans["ficlens_entities"]`` (labels PER FAC GPE LOC VEH ORG, nested, no pronouns),
the same hand-off the fast mode's ``ficlens_entities`` makes, so every later component works unchanged.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterable, Iterator
from pathlib import Path

from spacy.tokens import Doc, Span, SpanGroup

from ficlens.datamodel import ModelRecord
from ficlens.errors import ModelError
from ficlens.pipeline.encoder.decode import ScoredSpan, candidates, select
from ficlens.pipeline.encoder.model import EncoderModel, EncoderOutput
from ficlens.pipeline.encoder.windows import span_mask
from ficlens.pipeline.extensions import ENTITY_SPANS
from ficlens.pipeline.weights import SHIPPED

ENCODER = "ficlens_encoder"
ENCODER_OUTPUT = "ficlens_encoder"  # the Doc extension that carries the encoder's output to its heads
ENCODER_ENTITIES = "ficlens_encoder_entities"


class EncoderPipe:
    """Run the encoder over each Doc. With ``weights="shipped"`` (the default) the model loads, and is
    checked, when the pipe is made: from ``model_dir`` when given, else from the package. With
    ``weights=""`` the pipe starts empty and ``from_disk`` gives it a saved pipeline's copy; running it
    before raises :class:`ModelError`. ``to_disk`` copies the ONNX model and the tokenizer byte for byte, so
    a saved pipeline loads without the package's files."""

    def __init__(self, name: str, *, model_dir: str = "", threads: int = 1, weights: str = SHIPPED) -> None:
        self.name = name
        self.threads = threads
        self.model: EncoderModel | None = None
        if weights == SHIPPED:
            self.model = EncoderModel(Path(model_dir) if model_dir else None, threads=threads)
        elif weights:
            raise ModelError(None, f"{name}: weights must be {SHIPPED!r} or '' (got {weights!r})")

    def require(self) -> EncoderModel:
        if self.model is None:
            raise ModelError(
                None,
                f"{self.name} has no weights: give it a saved pipeline's (from_disk) or weights='shipped'",
            )
        return self.model

    def model_record(self) -> ModelRecord:
        return self.require().record

    def __call__(self, doc: Doc) -> Doc:
        model = self.require()
        spans = [(token.idx, token.idx + len(token.text)) for token in doc]
        doc._.set(ENCODER_OUTPUT, model.encode(doc.text, spans))
        return doc

    def pipe(self, docs: Iterable[Doc], *, batch_size: int = 1) -> Iterator[Doc]:
        for doc in docs:
            yield self(doc)

    def to_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> None:
        model = self.require()
        folder = Path(path)
        folder.mkdir(parents=True, exist_ok=True)
        for source in (model.model_path, model.tokenizer_path):
            shutil.copyfile(source, folder / source.name)

    def from_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> EncoderPipe:
        self.model = EncoderModel(Path(path), threads=self.threads)
        return self


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

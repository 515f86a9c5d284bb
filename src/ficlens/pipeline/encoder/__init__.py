"""Accurate mode: a fine-tuned transformer encoder (int8 ONNX) and the heads that read it."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pathlib import Path

    from spacy.language import Language


def add_encoder(nlp: Language, *, model_dir: Path | None = None, threads: int = 1) -> None:
    """Add the encoder and its entity head to an en_core_web_sm pipeline, after its lemmatizer (where the
    fast mode's ``ficlens_entities`` goes). The weights load from the package (``ficlens/models/encoder``)
    unless ``model_dir`` is given; a missing or unreadable file raises ``ModelError`` naming it."""
    import ficlens.pipeline.factories  # noqa: F401  (registers the factories)

    after = "lemmatizer" if "lemmatizer" in nlp.pipe_names else None
    config = {"model_dir": str(model_dir) if model_dir else "", "threads": threads}
    nlp.add_pipe("ficlens_encoder", after=after, config=config)
    nlp.add_pipe("ficlens_encoder_entities", after="ficlens_encoder")

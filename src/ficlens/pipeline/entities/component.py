"""spaCy glue for literary entity recognition: a span categoriser over noun-phrase candidates.

The component reads en_core_web_sm's token vectors (``doc.tensor``, written by its ``tok2vec``) through a
listener, so at run time it adds only a span encoder and a softmax over the candidates that
:mod:`ficlens.pipeline.entities.suggest` proposes from the parse. Output: ``doc.spans["ficlens_entities"]``
with labels PER FAC GPE LOC VEH ORG, nested, without pronouns.
"""

from __future__ import annotations

from collections.abc import Iterable
from importlib import resources
from pathlib import Path
from typing import Any

import numpy
from spacy.language import Language
from spacy.pipeline.spancat import SpanCategorizer
from spacy.tokens import Doc, Span, SpanGroup
from thinc.api import Model

from ficlens.pipeline.entities.select import Candidate, select_entities
from ficlens.pipeline.entities.suggest import noun_phrase_suggester
from ficlens.pipeline.extensions import ENTITY_SPANS

COMPONENT = "ficlens_entities"
ENTITY_LABELS = ("PER", "FAC", "GPE", "LOC", "VEH", "ORG")
SM_TOK2VEC_WIDTH = 96


def shipped_model_dir() -> Path:
    """The directory of the trained weights inside the installed package."""
    return Path(str(resources.files("ficlens") / "models" / "entities"))


def build_entity_model(
    *, hidden: int = 128, own_width: int = 0, own_depth: int = 2, vectors: Path | None = None
) -> Model:
    """Span encoder: sm's token vectors beside (optionally) a small encoder of ficlens's own over word
    vectors and hashed spelling features; mean/max/first/last pooled per span, a maxout layer and a
    softmax over the labels plus "no entity"."""
    from spacy.ml.models.spancat import build_mean_max_reducer, build_spancat_model
    from spacy.ml.models.tok2vec import MaxoutWindowEncoder, MultiHashEmbed, tok2vec_listener_v1
    from thinc.api import Maxout, Softmax_v2, chain, concatenate, with_array

    from ficlens.pipeline.entities.vectors import WordTable, word_vectors_layer

    tok2vec: Model = tok2vec_listener_v1(width=SM_TOK2VEC_WIDTH, upstream="tok2vec")
    if own_width:
        spelling = MultiHashEmbed(
            width=own_width,
            attrs=["NORM", "PREFIX", "SUFFIX", "SHAPE"],
            rows=[5000, 1000, 2500, 1000],
            include_static_vectors=False,
        )
        inputs = [spelling]
        n_inputs = own_width
        if vectors is not None:
            table = WordTable.load(vectors)
            inputs.append(word_vectors_layer(table))
            n_inputs += table.width
        own: Model = chain(
            concatenate(*inputs),
            with_array(Maxout(nO=own_width, nI=n_inputs, nP=3, normalize=True)),
            MaxoutWindowEncoder(width=own_width, window_size=1, maxout_pieces=3, depth=own_depth),
        )
        tok2vec = concatenate(tok2vec, own)
    return build_spancat_model(tok2vec, build_mean_max_reducer(hidden), Softmax_v2())


class EntityRecognizer(SpanCategorizer):
    """A single-label span categoriser whose predictions are made consistent by ``select_entities``."""

    @property
    def negative_threshold(self) -> float:
        return float(self.cfg.get("negative_threshold", 0.5))

    def set_annotations(self, docs: Iterable[Doc], indices_scores: Any) -> None:
        indices, scores = indices_scores
        scores = self.model.ops.to_numpy(scores)
        offset = 0
        negative = self._negative_label_i
        for i, doc in enumerate(docs):
            rows = self.model.ops.to_numpy(indices[i].dataXd)
            n = int(indices.lengths[i])
            doc_scores = scores[offset : offset + n]
            offset += n
            group = SpanGroup(doc, name=self.key)
            if n:
                # A candidate is an entity when "no entity" is unlikely enough (the threshold is tuned on
                # dev at training time); its type is the likeliest of the six.
                p_none = doc_scores[:, negative]
                best = doc_scores[:, :negative].argmax(axis=1)
                chosen = numpy.flatnonzero(p_none < self.negative_threshold)
                candidates = [
                    Candidate(
                        int(rows[j, 0]),
                        int(rows[j, 1]),
                        int(best[j]),
                        1.0 - float(p_none[j]),
                        doc[int(rows[j, 0]) : int(rows[j, 1])].root.i,
                    )
                    for j in chosen
                ]
                for cand in select_entities(candidates):
                    group.append(Span(doc, cand.start, cand.end, label=self.labels[cand.label]))
            doc.spans[self.key] = group


def make_entity_recognizer(
    nlp: Language, name: str, *, hidden: int, own_width: int, own_depth: int, vectors: str
) -> EntityRecognizer:
    model = build_entity_model(
        hidden=hidden, own_width=own_width, own_depth=own_depth, vectors=Path(vectors) if vectors else None
    )
    return EntityRecognizer(
        nlp.vocab,
        model,
        noun_phrase_suggester,
        name,
        add_negative_label=True,
        spans_key=ENTITY_SPANS,
        negative_weight=1.0,
        allow_overlap=True,
        max_positive=1,
        threshold=None,
    )


def add_entities(nlp: Language, *, model_dir: Path | None = None) -> None:
    """Add the trained entity recogniser to an en_core_web_sm pipeline, after its lemmatizer.

    The weights load from the package (``ficlens/models/entities``) unless ``model_dir`` is given."""
    import ficlens.pipeline.factories  # noqa: F401  (registers the factory)

    path = model_dir or shipped_model_dir()
    config: dict[str, int | str] = dict(_read_config(path))
    if (path / "vectors.npz").exists():
        config["vectors"] = str(path / "vectors.npz")
    after = "lemmatizer" if "lemmatizer" in nlp.pipe_names else None
    pipe = nlp.add_pipe(COMPONENT, after=after, config=config)
    assert isinstance(pipe, EntityRecognizer)
    pipe.from_disk(path / "weights", exclude=["vocab"])


def _read_config(path: Path) -> dict[str, int]:
    import json

    raw = json.loads((path / "config.json").read_text(encoding="utf-8"))
    return {key: int(raw[key]) for key in ("hidden", "own_width", "own_depth")}

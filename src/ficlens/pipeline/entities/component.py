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
import srsly
from spacy.language import Language
from spacy.pipeline.spancat import SpanCategorizer
from spacy.tokens import Doc, Span, SpanGroup
from thinc.api import Model

from ficlens.errors import ModelError
from ficlens.pipeline.docdata import ENTITY_SPANS
from ficlens.pipeline.entities.select import Candidate, select_entities
from ficlens.pipeline.entities.suggest import noun_phrase_suggester

COMPONENT = "ficlens_entities"
ENTITY_LABELS = ("PER", "FAC", "GPE", "LOC", "VEH", "ORG")
SM_TOK2VEC_WIDTH = 96
VECTORS_FILE = "vectors.npz"


def shipped_model_dir() -> Path:
    """The directory of the trained weights inside the installed package."""
    return Path(str(resources.files("ficlens") / "models" / "entities"))


def build_entity_model(
    *,
    hidden: int = 128,
    own_width: int = 0,
    own_depth: int = 2,
    vectors: Path | None = None,
    vectors_width: int = 0,
) -> Model:
    """Span encoder: sm's token vectors beside (optionally) a small encoder of ficlens's own over word
    vectors and hashed spelling features; mean/max/first/last pooled per span, a maxout layer and a
    softmax over the labels plus "no entity"."""
    from spacy.ml.models.spancat import build_mean_max_reducer, build_spancat_model
    from spacy.ml.models.tok2vec import MaxoutWindowEncoder, MultiHashEmbed, tok2vec_listener_v1
    from thinc.api import Maxout, Softmax_v2, chain, concatenate, with_array

    from ficlens.pipeline.entities.vectors import word_vectors_layer

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
        if vectors is not None or vectors_width:
            # the table itself comes with the weights (from_disk); training gives it as a file
            table = _read_table(vectors) if vectors is not None else None
            width = table.width if table is not None else vectors_width
            inputs.append(word_vectors_layer(table, width))
            n_inputs += width
        own: Model = chain(
            concatenate(*inputs),
            with_array(Maxout(nO=own_width, nI=n_inputs, nP=3, normalize=True)),
            MaxoutWindowEncoder(width=own_width, window_size=1, maxout_pieces=3, depth=own_depth),
        )
        tok2vec = concatenate(tok2vec, own)
    return build_spancat_model(tok2vec, build_mean_max_reducer(hidden), Softmax_v2())


class EntityRecognizer(SpanCategorizer):
    """A single-label span categoriser whose predictions are made consistent by ``select_entities``.

    Its word-vector table is part of its weights: ``to_disk`` writes it beside spaCy's ``cfg`` and
    ``model`` as ``vectors.npz`` and ``from_disk`` reads it back."""

    has_weights = False  # set by load/from_disk, or by initialize when training starts from scratch

    @property
    def negative_threshold(self) -> float:
        return float(self.cfg.get("negative_threshold", 0.5))

    def initialize(self, *args: Any, **kwargs: Any) -> None:
        super().initialize(*args, **kwargs)
        self.has_weights = True

    def predict(self, docs: Iterable[Doc]) -> Any:
        if not self.has_weights:
            raise ModelError(
                None,
                f"{self.name} has no weights: it was created with weights='' and neither from_disk() "
                "nor initialize() gave it any",
            )
        return super().predict(docs)

    def _vectors_layer(self) -> Model | None:
        for node in self.model.walk():
            if node.name == "ficlens_word_vectors":
                return node
        return None

    def to_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> None:
        path = Path(path)
        super().to_disk(path, exclude=[e for e in exclude if e != "vectors"])
        layer = self._vectors_layer()
        if layer is not None and "vectors" not in exclude:
            table = layer.attrs["table"]
            if table is None:
                raise ModelError(None, f"{self.name} has no word vectors to save")
            table.save(path / VECTORS_FILE)

    def from_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> EntityRecognizer:
        path = Path(path)
        return self.load(path, path / VECTORS_FILE, exclude=exclude)

    def load(self, weights: Path, vectors: Path, *, exclude: Iterable[str] = ()) -> EntityRecognizer:
        """Read the weights folder (spaCy's ``cfg`` and ``model``) and the word-vector table."""
        layer = self._vectors_layer()
        if layer is not None:
            table = _read_table(vectors)
            if table.width != layer.get_dim("nO"):
                raise ModelError(
                    str(vectors), f"vectors are {table.width} wide, the model wants {layer.get_dim('nO')}"
                )
            layer.attrs["table"] = table
        for name in ("cfg", "model"):
            if not (weights / name).is_file():
                raise ModelError(str(weights / name), "the entity model file is missing")
        try:
            srsly.read_json(weights / "cfg")
        except ValueError as exc:
            raise ModelError(str(weights / "cfg"), "not a valid entity model config (not JSON)") from exc
        try:
            super().from_disk(weights, exclude=[*exclude, "vocab"])
        except (ValueError, KeyError, TypeError, OSError) as exc:
            raise ModelError(
                str(weights / "model"), f"not a valid entity model ({exc.__class__.__name__})"
            ) from exc
        self.has_weights = True
        return self

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


def _read_table(path: Path) -> Any:
    import zipfile

    from ficlens.pipeline.entities.vectors import WordTable

    try:
        return WordTable.load(path)
    except FileNotFoundError as exc:
        raise ModelError(str(path), "the entity model's word vectors are missing") from exc
    except (OSError, KeyError, ValueError, zipfile.BadZipFile) as exc:
        raise ModelError(str(path), f"not a valid word-vector table ({exc.__class__.__name__})") from exc


def make_entity_recognizer(
    nlp: Language,
    name: str,
    *,
    hidden: int,
    own_width: int,
    own_depth: int,
    vectors: str,
    vectors_width: int,
    weights: str,
) -> EntityRecognizer:
    """``weights``: "shipped" loads the package's trained model; "" leaves it to ``initialize`` (training)
    or ``from_disk``. ``vectors`` (a file) is for training only; a trained model carries its own."""
    if weights == "shipped":
        shipped = _read_config(shipped_model_dir())
        asked = {"hidden": hidden, "own_width": own_width, "own_depth": own_depth}
        if asked != shipped:
            raise ModelError(
                str(shipped_model_dir() / "config.json"),
                f"the shipped entity model is {shipped}, not {asked}: set weights='' to build another",
            )
    elif weights:
        raise ModelError(None, f"{name}: weights must be 'shipped' or '' (got {weights!r})")
    model = build_entity_model(
        hidden=hidden,
        own_width=own_width,
        own_depth=own_depth,
        vectors=Path(vectors) if vectors else None,
        vectors_width=vectors_width,
    )
    pipe = EntityRecognizer(
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
    if weights == "shipped":
        pipe.load(shipped_model_dir() / "weights", shipped_model_dir() / VECTORS_FILE)
    return pipe


def add_entities(nlp: Language, *, model_dir: Path | None = None) -> EntityRecognizer:
    """Add the trained entity recogniser to an en_core_web_sm pipeline, after its lemmatizer.

    The weights are the package's unless ``model_dir`` (what ``ficlens train entities`` wrote) is given."""
    import ficlens.pipeline.factories  # noqa: F401  (registers the factory)

    after = "lemmatizer" if "lemmatizer" in nlp.pipe_names else None
    if model_dir is None:
        pipe = nlp.add_pipe(COMPONENT, after=after)
    else:
        config: dict[str, int | str] = {**_read_config(model_dir), "weights": ""}
        if config["own_width"]:
            config["vectors_width"] = _read_table(model_dir / VECTORS_FILE).width
        pipe = nlp.add_pipe(COMPONENT, after=after, config=config)
        assert isinstance(pipe, EntityRecognizer)
        pipe.load(model_dir / "weights", model_dir / VECTORS_FILE)
    assert isinstance(pipe, EntityRecognizer)
    return pipe


def _read_config(path: Path) -> dict[str, int]:
    import json

    file = path / "config.json"
    try:
        raw = json.loads(file.read_text(encoding="utf-8"))
        return {key: int(raw[key]) for key in ("hidden", "own_width", "own_depth")}
    except FileNotFoundError as exc:
        raise ModelError(str(file), "the entity model's config is missing") from exc
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise ModelError(
            str(file), f"the entity model's config cannot be read ({exc.__class__.__name__})"
        ) from exc

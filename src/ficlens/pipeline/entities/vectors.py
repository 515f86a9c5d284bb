"""Word vectors for the entity recogniser: a frozen lookup from a token's lowercase form to a row.

en_core_web_sm carries no word vectors, and knowing that a "moustache" is not a person while a "puddler"
is needs word meaning that 170,000 annotated tokens cannot teach. ficlens learns small vectors itself
from the raw novels (see ``ficlens.training.entities.train_word_vectors``) and ships them beside the
weights as ``vectors.npz`` (``keys``: spaCy hashes of lowercase words, sorted; ``vectors``: one row each).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy
from spacy.attrs import LOWER
from spacy.tokens import Doc
from thinc.api import Model
from thinc.types import Floats2d


class WordTable:
    """Sorted lowercase-word hashes and their vectors; unknown words get zeros. Not serialised with the
    model weights (thinc skips attributes it cannot pack), so the table file ships once."""

    def __init__(self, keys: numpy.ndarray, vectors: numpy.ndarray) -> None:
        order = numpy.argsort(keys)
        self.keys = numpy.ascontiguousarray(keys[order], dtype=numpy.uint64)
        table = numpy.zeros((len(keys) + 1, vectors.shape[1]), dtype=numpy.float32)
        table[:-1] = vectors[order]
        self.vectors = table  # the last row is the unknown word

    @classmethod
    def load(cls, path: Path) -> WordTable:
        with numpy.load(path) as data:
            return cls(data["keys"], data["vectors"])

    def save(self, path: Path) -> None:
        """Write the table as it was loaded (unknown-word row left out)."""
        with path.open("wb") as fh:
            numpy.savez_compressed(fh, keys=self.keys, vectors=self.vectors[:-1].astype(numpy.float16))

    @property
    def width(self) -> int:
        return int(self.vectors.shape[1])

    def rows(self, doc: Doc) -> numpy.ndarray:
        lowers = doc.to_array(LOWER).astype(numpy.uint64, copy=False)
        found = numpy.searchsorted(self.keys, lowers)
        found[found >= len(self.keys)] = 0
        unknown = self.keys[found] != lowers
        found[unknown] = len(self.keys)
        return found


def word_vectors_layer(table: WordTable | None, width: int) -> Model[list[Doc], list[Floats2d]]:
    """A frozen thinc layer mapping each doc to its tokens' word vectors (``table`` may come later)."""
    return Model(
        "ficlens_word_vectors",
        _forward,
        attrs={"table": table},
        dims={"nO": width},
    )


def _forward(model: Model, docs: list[Doc], is_train: bool) -> tuple[list[Floats2d], Any]:
    table: WordTable | None = model.attrs["table"]
    if table is None:
        from ficlens.errors import ModelError

        raise ModelError(None, "ficlens_entities has no word vectors: load its weights with from_disk")
    outputs = [model.ops.asarray2f(table.vectors[table.rows(doc)]) for doc in docs]

    def backprop(_d_outputs: list[Floats2d]) -> list[Doc]:
        return []

    return outputs, backprop

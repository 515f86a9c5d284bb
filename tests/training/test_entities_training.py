from __future__ import annotations

from pathlib import Path

import numpy
import pytest
import spacy

from ficlens.datasets.litbank import GoldEntity, LitBankDoc
from ficlens.pipeline.entities.vectors import WordTable
from ficlens.pipeline.extensions import ENTITY_SPANS
from ficlens.training.entities import _examples, train_word_vectors


def test_word_vectors_are_learned_and_looked_up(tmp_path: Path) -> None:
    texts = []
    for i, body in enumerate(
        [
            "The captain rowed the boat. The sailor rowed the ship. The captain and the sailor slept.",
            "The village had a church. The town had a church and a mill. The sailor saw the town.",
        ]
    ):
        path = tmp_path / f"{i}.txt"
        path.write_text(body * 5, encoding="utf-8")
        texts.append(path)
    out = train_word_vectors(texts, tmp_path / "v.npz", size=12, width=3, window=2)
    table = WordTable.load(out)
    assert table.width == 3
    assert table.vectors.shape == (13, 3)  # twelve words and the unknown row
    assert not table.vectors[-1].any()
    doc = spacy.blank("en")("the captain zebra")
    rows = table.rows(doc)
    assert rows[2] == 12  # unknown word
    assert rows[0] != rows[1]
    assert numpy.linalg.norm(table.vectors[rows[1]]) == pytest.approx(1.0, abs=1e-2)


def test_training_chunks_keep_sentences_and_shift_gold_entities() -> None:
    nlp = spacy.blank("en")
    ldoc = LitBankDoc(
        id="x",
        sentences=(("Maren", "'s", "mother"), ("She", "left"), ("The", "camp", "burned")),
        entities=(
            GoldEntity(0, 1, "PER", 0),
            GoldEntity(0, 3, "PER", 1),
            GoldEntity(5, 7, "FAC", 0),
        ),
        mentions=(),
        quotes=(),
    )
    parsed = [ldoc.to_doc(nlp.vocab)]
    examples = _examples(nlp, [ldoc], parsed, chunk=4)
    assert [len(eg.predicted) for eg in examples] == [5, 3]
    first = [(s.start, s.end, s.label_) for s in examples[0].reference.spans[ENTITY_SPANS]]
    second = [(s.text, s.label_) for s in examples[1].reference.spans[ENTITY_SPANS]]
    assert first == [(0, 1, "PER"), (0, 3, "PER")]
    assert second == [("The camp", "FAC")]

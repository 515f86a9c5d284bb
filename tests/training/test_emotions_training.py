"""Training data readers (on tiny hand-written files) and a small reproducible fit."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from ficlens.datasets.emotions import Example, read_goemotions, read_xed, xed_split
from ficlens.pipeline.emotions.labels import HEADS, LABELS
from ficlens.training.emotions import fit, targets


def _write_data(root: Path) -> Path:
    go = root / "goemotions"
    go.mkdir(parents=True)
    # ids: 16 grief, 25 sadness, 15 gratitude, 27 neutral, 12 embarrassment, 2 anger
    (go / "train.tsv").write_text(
        "I miss them being alive\t16,25\ta1\nThanks [NAME]!\t15\ta2\nIt is on the table.\t27\ta3\n"
        "I could have died of shame\t12\ta4\nGet out of my house\t2\ta5\n",
        encoding="utf-8",
    )
    xed = root / "xed"
    xed.mkdir()
    lines = [f"Line number {i} is angry .\t1, 3" for i in range(40)] + ["Trust me , [PERSON] .\t8"]
    (xed / "en-annotated.tsv").write_text("\r\n".join(lines) + "\r\n", encoding="utf-8")
    (xed / "neu_en.txt").write_text("9\tThe bus leaves at six.\t\t\n9\tNothing\n", encoding="utf-8")
    return root


def test_read_goemotions_maps_labels(tmp_path: Path) -> None:
    examples = read_goemotions(_write_data(tmp_path), "train")
    assert [e.labels for e in examples] == [
        frozenset({"sadness"}),
        frozenset(),  # gratitude has no ficlens label, and is not neutral
        frozenset({"neutral"}),
        frozenset({"guilt"}),
        frozenset({"anger"}),
    ]
    assert examples[0].polarities == {"negative"} and examples[1].polarities == {"positive"}
    assert examples[1].text == "Thanks !"  # the masked name weighs nothing


def test_read_xed_splits_by_text_and_marks_unknown(tmp_path: Path) -> None:
    data = _write_data(tmp_path)
    parts = {split: read_xed(data, split) for split in ("train", "dev", "test")}
    texts = [e.text for part in parts.values() for e in part]
    assert len(texts) == 43 == len(set(texts))
    for split, part in parts.items():
        assert all(xed_split(e.text) == split for e in part)
    assert parts["test"] and parts["train"]
    angry = next(e for part in parts.values() for e in part if "angry" in e.text)
    assert angry.labels == {"anger"} and angry.polarities == {"negative"}
    assert angry.unknown == {"guilt", "relief", "love"}
    _y, known = targets([angry])
    assert not known[0, LABELS.index("love")] and known[0, LABELS.index("anger")]


def test_fit_is_reproducible_and_learns() -> None:

    examples = [
        Example(text, frozenset(labels), frozenset(pol), "goemotions")
        for text, labels, pol in [
            ("I am so angry at you", {"anger"}, {"negative"}),
            ("furious and angry", {"anger"}, {"negative"}),
            ("what a lovely happy day", {"joy"}, {"positive"}),
            ("so happy for you", {"joy"}, {"positive"}),
            ("the bus is at six", {"neutral"}, set()),
            ("it is on the table", {"neutral"}, set()),
        ]
        * 3
    ]
    a = fit(examples, examples, seed=1, n_buckets=2**10)
    b = fit(examples, examples, seed=1, n_buckets=2**10)
    np.testing.assert_array_equal(a.weights, b.weights)
    probs = a.predict_heads(["angry angry", "happy happy"])
    assert probs[0, HEADS.index("anger")] > probs[1, HEADS.index("anger")]
    assert probs[1, HEADS.index("positive")] > probs[0, HEADS.index("positive")]

"""Scoring of the sentence emotion model: F1 on hand-made arrays, and the bar on the real data (slow)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from ficlens.eval.emotions import evaluate, format_report, score_labels
from ficlens.pipeline.emotions.labels import LABELS, XED_KNOWN
from ficlens.training.emotions import best_threshold, f1

DATA = Path(__file__).resolve().parents[3] / "shared" / "data" / "emotion"


def test_f1_by_hand() -> None:
    gold = np.array([1, 1, 0, 0, 1], dtype=bool)
    pred = np.array([1, 0, 1, 0, 1], dtype=bool)
    # tp 2, fp 1, fn 1 -> P 2/3, R 2/3, F1 2/3
    assert f1(gold, pred) == pytest.approx(2 / 3)
    assert f1(gold, np.zeros(5, dtype=bool)) == 0.0
    assert f1(np.zeros(5, dtype=bool), np.zeros(5, dtype=bool)) == 0.0
    assert f1(gold, gold) == 1.0


def test_score_labels_per_label_and_macro() -> None:
    gold = np.array([[1, 0], [1, 1], [0, 1], [0, 0]], dtype=bool)
    pred = np.array([[1, 1], [0, 1], [0, 0], [1, 0]], dtype=bool)
    result = score_labels(gold, pred, ("joy", "fear"))
    # joy: tp 1, fp 1, fn 1 -> 0.5; fear: tp 1, fp 1, fn 1 -> 0.5
    assert result["per_label"] == {"joy": pytest.approx(0.5), "fear": pytest.approx(0.5)}
    assert result["macro_f1"] == pytest.approx(0.5)
    assert result["n"] == 4
    pred[3, 0] = False  # joy: tp 1, fp 0, fn 1 -> 2/3
    assert score_labels(gold, pred, ("joy", "fear"))["macro_f1"] == pytest.approx((2 / 3 + 0.5) / 2)


def test_score_labels_rejects_mismatched_shapes() -> None:
    with pytest.raises(ValueError):
        score_labels(np.zeros((2, 2), dtype=bool), np.zeros((2, 3), dtype=bool), ("a", "b"))


def test_best_threshold_separates_cleanly() -> None:
    gold = np.array([0, 0, 1, 1], dtype=bool)
    probs = np.array([0.1, 0.3, 0.6, 0.8], dtype=np.float32)
    threshold, score = best_threshold(gold, probs)
    assert score == 1.0
    assert 0.3 < threshold <= 0.6


def test_format_report_lists_every_label() -> None:
    result = {
        "goemotions_test": {"per_label": dict.fromkeys(LABELS, 0.5), "macro_f1": 0.5, "n": 10},
        "xed_heldout": {"per_label": dict.fromkeys(XED_KNOWN, 0.25), "macro_f1": 0.25, "n": 4},
        "valence": {"goemotions_test": {"sign_accuracy": 0.8, "n": 5}},
    }
    report = format_report(result)
    for label in LABELS:
        assert label in report
    assert "0.500" in report and "0.250" in report


@pytest.mark.slow
def test_shipped_model_meets_the_bar() -> None:
    result = evaluate(DATA)
    go = result["goemotions_test"]
    assert go["n"] == 5427
    assert set(go["per_label"]) == set(LABELS)
    assert go["macro_f1"] >= 0.40
    xed = result["xed_heldout"]
    assert set(xed["per_label"]) == set(XED_KNOWN)
    assert xed["n"] > 2000
    assert result["valence"]["goemotions_test"]["sign_accuracy"] > 0.75

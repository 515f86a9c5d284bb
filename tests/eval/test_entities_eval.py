from __future__ import annotations

from pathlib import Path

import pytest

from ficlens.datasets.scores import score_spans
from ficlens.eval.entities import format_report

DATA = Path(__file__).resolve().parents[3] / "shared" / "data" / "litbank"


def test_exact_span_and_type_all_layers() -> None:
    gold = [
        (0, 0, 1, "PER"),  # [Maren]
        (0, 0, 3, "PER"),  # [[Maren] 's mother]
        (0, 5, 7, "FAC"),
        (1, 2, 4, "GPE"),
    ]
    predicted = [
        (0, 0, 1, "PER"),  # exact: counts
        (0, 0, 2, "PER"),  # partial span of the outer mention: wrong
        (0, 5, 7, "LOC"),  # right span, wrong type: wrong
        (1, 2, 4, "GPE"),  # exact, other document
        (1, 2, 4, "GPE"),  # a duplicate counts once
    ]
    result = score_spans(gold, predicted)
    assert result["gold"] == 4
    assert result["predicted"] == 4
    assert result["all"]["precision"] == pytest.approx(50.0)
    assert result["all"]["recall"] == pytest.approx(50.0)
    assert result["all"]["f1"] == pytest.approx(50.0)
    assert result["per"]["precision"] == pytest.approx(50.0)
    assert result["per"]["recall"] == pytest.approx(50.0)
    assert result["by_type"]["FAC"] == {"precision": 0.0, "recall": 0.0, "f1": 0.0}
    assert result["by_type"]["LOC"]["precision"] == 0.0
    assert result["by_type"]["GPE"]["f1"] == pytest.approx(100.0)


def test_same_span_in_another_document_does_not_match() -> None:
    result = score_spans([(0, 1, 2, "PER")], [(1, 1, 2, "PER")])
    assert result["all"]["f1"] == 0.0


def test_nested_inner_only_gives_half_recall() -> None:
    gold = [(0, 0, 1, "PER"), (0, 0, 3, "PER")]
    result = score_spans(gold, [(0, 0, 1, "PER")])
    assert result["all"]["precision"] == pytest.approx(100.0)
    assert result["all"]["recall"] == pytest.approx(50.0)
    assert result["all"]["f1"] == pytest.approx(200 * 50 / 150)


def test_empty_sets_score_zero() -> None:
    result = score_spans([], [])
    assert result["all"] == {"precision": 0.0, "recall": 0.0, "f1": 0.0}


def test_format_report_lists_every_type() -> None:
    result = {"split": "test", "documents": 2, **score_spans([(0, 0, 1, "PER"), (0, 2, 3, "VEH")], [])}
    report = format_report(result)
    assert "test, 2 documents" in report
    assert "PER" in report
    assert "VEH" in report
    assert "gold 2, predicted 0" in report


@pytest.mark.slow
def test_heldout_litbank_entity_f1_meets_the_bar() -> None:
    from ficlens.eval.entities import evaluate

    result = evaluate(DATA, split="test")
    assert result["documents"] == 10
    assert result["all"]["f1"] >= 70.0


@pytest.mark.slow
def test_fold_evaluation_pools_each_folds_test_documents(monkeypatch: pytest.MonkeyPatch) -> None:
    # Plumbing only: the shipped model stands in for each fold's retrained one (which takes hours).
    import ficlens.training.entities
    from ficlens.eval.entities import evaluate_folds
    from ficlens.pipeline.entities import shipped_model_dir

    trained: list[int | None] = []

    def fake_train(data: Path, out: Path, *, seed: int = 0, fold: int | None = None) -> Path:
        trained.append(fold)
        return shipped_model_dir()

    monkeypatch.setattr(ficlens.training.entities, "train", fake_train)
    result = evaluate_folds(DATA, folds=(0, 1))
    assert trained == [0, 1]
    assert result["documents"] == 20
    assert [f["fold"] for f in result["folds"]] == [0, 1]
    assert result["gold"] == sum(f["gold"] for f in result["folds"])
    assert result["predicted"] == sum(f["predicted"] for f in result["folds"])
    assert "per fold F1" in format_report(result)

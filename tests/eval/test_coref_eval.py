"""End-to-end coreference scoring on held-out LitBank (slow: needs ../shared/data/litbank)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from ficlens.eval.coref import evaluate, format_report

DATA = Path(__file__).resolve().parents[3] / "shared" / "data" / "litbank"


def test_format_report_shows_both_mention_settings() -> None:
    scores = {m: {"p": 50.0, "r": 40.0, "f1": 44.4} for m in ("muc", "b3", "ceafe")}
    result = {
        "split": "naacl2019/test",
        "documents": 10,
        "mentions_from": "ficlens_entities",
        **scores,
        "avg_f1": 44.4,
        "gold_mentions": {**scores, "avg_f1": 44.4},
    }
    text = format_report(result)
    assert "predicted mentions" in text and "gold mentions" in text and "76.4" in text
    json.dumps(result)


@pytest.mark.slow
def test_heldout_average_f1_bar() -> None:
    result = evaluate(DATA)
    assert result["documents"] == 10
    # measured 76.3 (gold mentions) and 63.0 (predicted mentions) when this test was written
    assert result["gold_mentions"]["avg_f1"] >= 75.0
    if result["mentions_from"] == "ficlens_entities":
        assert result["avg_f1"] >= 61.0

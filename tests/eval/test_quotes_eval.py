"""LitBank quotation evaluation: matching rules, calibration table, paragraph recovery; slow: the bars."""

from __future__ import annotations

from pathlib import Path

import pytest

from ficlens.datasets.litbank import GoldMention, GoldQuote, LitBankDoc, head_in_cluster
from ficlens.datasets.litbank_layout import paragraph_ranges, paragraph_starts, token_starts
from ficlens.eval.quotes import (
    _match,
    _prf,
    evaluate,
    expected_calibration_error,
    format_report,
    reliability,
)

DATA = Path(__file__).resolve().parents[3] / "shared" / "data" / "litbank"


def tiny_doc() -> LitBankDoc:
    words = ("“", "Hi", ",", "”", "said", "his", "wife", ".", "He", "nodded", ".")
    return LitBankDoc(
        id="0_tiny_brat",
        sentences=(words[:8], words[8:]),
        entities=(),
        mentions=(
            GoldMention("T1", 5, 7, "PER", "NOM", "wife-1"),
            GoldMention("T2", 5, 6, "PER", "PRON", "husband-2"),
            GoldMention("T3", 8, 9, "PER", "PRON", "husband-2"),
        ),
        quotes=(GoldQuote("Q1", 0, 4, "wife-1"),),
    )


def test_head_matching_uses_the_smallest_gold_mention() -> None:
    doc = tiny_doc()
    offs = token_starts(doc)
    assert head_in_cluster(doc, offs, offs[6], "wife-1")  # "wife" → "his wife"
    assert not head_in_cluster(doc, offs, offs[5], "wife-1")  # "his" is the husband
    assert not head_in_cluster(doc, offs, offs[1], "wife-1")  # no mention there
    assert not head_in_cluster(doc, offs, offs[6], None)


def test_exact_and_overlapping_matches() -> None:
    m = _match([(0, 5), (10, 20), (30, 31)], [(0, 5), (12, 20), (40, 50)])
    assert m == {"exact": 1, "overlap": 2, "pred": 3, "gold": 3}
    assert _prf(1, 3, 3)["f1"] == pytest.approx(33.33, abs=0.01)
    assert _prf(0, 0, 0) == {"precision": 0.0, "recall": 0.0, "f1": 0.0}


def test_reliability_table_and_calibration_error() -> None:
    pairs = [(0.95, True)] * 9 + [(0.95, False)] + [(0.3, True)] * 3 + [(0.3, False)] * 7
    rows = reliability(pairs)
    high = next(r for r in rows if r["low"] == 0.9)
    low = next(r for r in rows if r["low"] == 0.2)
    assert high["count"] == 10 and high["accuracy"] == pytest.approx(0.9)
    assert low["count"] == 10 and low["accuracy"] == pytest.approx(0.3)
    assert sum(r["count"] for r in rows) == len(pairs)
    assert expected_calibration_error(pairs) == pytest.approx(0.025, abs=1e-6)  # (10 * 0.05 + 10 * 0) / 20
    assert expected_calibration_error([(0.9, False)] * 4) == pytest.approx(0.9)


def test_paragraphs_recovered_from_the_original_text() -> None:
    doc = tiny_doc()
    original = "“Hi,” said his\nwife.\n\nHe nodded.\n"
    assert paragraph_starts(doc, original) == [0, 8]


def test_paragraphs_fall_back_to_sentences(tmp_path: Path) -> None:
    doc = tiny_doc()
    ranges = paragraph_ranges(doc, tmp_path)
    text = " ".join(doc.words)
    assert [text[s:e] for s, e in ranges] == ["“ Hi , ” said his wife .", "He nodded ."]


def test_report_mentions_every_figure() -> None:
    result = {
        "split": "test",
        "documents": 1,
        "gold_quotes": 1,
        "predicted_quotes": 1,
        "exact": _prf(1, 1, 1),
        "overlap": _prf(1, 1, 1),
        "speaker_gold_spans": {
            "accuracy": 100.0,
            "quotes": 1,
            "by_type": {"explicit": {"accuracy": 100.0, "quotes": 1}},
            "by_rule": {"tag_after": {"accuracy": 100.0, "quotes": 1}},
        },
        "speaker_end_to_end": {
            "accuracy": 100.0,
            "quotes": 1,
            "by_type": {"anaphoric": {"accuracy": 100.0, "quotes": 1}},
        },
        "reliability": reliability([(0.95, True)]),
        "ece": 0.05,
    }
    text = format_report(result)
    for needle in ("F1", "gold spans", "end to end", "explicit", "anaphoric", "reliability", "BookNLP"):
        assert needle in text


@pytest.mark.slow
def test_bars_on_held_out_litbank() -> None:
    result = evaluate(DATA, split="test")
    assert result["gold_quotes"] == 229
    assert result["exact"]["f1"] >= 90.0
    assert result["speaker_gold_spans"]["accuracy"] >= 80.0
    assert result["speaker_end_to_end"]["accuracy"] >= 75.0
    e2e_types = result["speaker_end_to_end"]["by_type"]
    assert sum(v["quotes"] for v in e2e_types.values()) == 229
    assert {t: v["quotes"] for t, v in e2e_types.items()} == {
        t: v["quotes"] for t, v in result["speaker_gold_spans"]["by_type"].items()
    }
    assert result["ece"] <= 0.1
    everything = evaluate(DATA, split="all")
    assert everything["gold_quotes"] == 1765
    assert everything["exact"]["f1"] >= 90.0

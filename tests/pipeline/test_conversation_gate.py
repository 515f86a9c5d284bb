"""The conversation gate: the learned choice, turn by turn, between the scorer's speaker and the
conversation's (``ficlens.pipeline.quotes.structure.Gate``), its file, and its training rows."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from ficlens.errors import ModelError
from ficlens.pipeline.quotes.structure import GATE_FEATURES, Gate, _run_around


def test_a_missing_gate_file_is_named() -> None:
    missing = Path("/nowhere/conversation.json")
    with pytest.raises(ModelError, match=r"/nowhere/conversation\.json"):
        Gate.read(missing)


def test_a_malformed_gate_file_is_named(tmp_path: Path) -> None:
    bad = tmp_path / "conversation.json"
    bad.write_text('{"weights": {"no_such_feature": 1.0}, "bias": 0.0}', encoding="utf-8")
    with pytest.raises(ModelError, match=r"conversation\.json"):
        Gate.read(bad)
    bad.write_text("[]", encoding="utf-8")
    with pytest.raises(ModelError, match=r"conversation\.json"):
        Gate.read(bad)


def test_the_shipped_gate_reads_every_feature_and_keeps_a_stranger_s_pronoun_tag() -> None:
    gate = Gate.default()
    assert set(gate.weights) == set(GATE_FEATURES)
    # "he said" whose chain runs to no cast member, with nothing on stage that the pronoun fits: the
    # conversation's pick, however likely, does not take the line
    stranger = {
        "p_conversation": 0.8,
        "p_nobody": 0.1,
        "log_odds": 6.0,
        "scorer_confidence": 0.98,
        "scorer_margin": 0.9,
        "tag_pronoun": 1.0,
        "scorer_unknown": 1.0,
        "tag_pronoun_unknown": 1.0,
        "log_conversation": 1.5,
    }
    assert gate(stranger) < 0.5
    # a long untagged exchange where the scorer guessed from the turns around and the alternation is sure
    untagged = {
        "p_conversation": 0.9,
        "p_scorer_choice": 0.05,
        "p_nobody": 0.05,
        "log_odds": 2.9,
        "evidence_gap": 0.5,
        "scorer_confidence": 0.4,
        "scorer_margin": 0.1,
        "scorer_turn_taking": 1.0,
        "log_untagged_run": 1.8,
        "log_since_tag": 1.4,
        "log_until_tag": 1.4,
        "log_conversation": 2.0,
    }
    assert gate(untagged) > 0.5


def test_untagged_runs_and_the_distance_to_a_tag() -> None:
    flags = [True, False, False, False, True, False]
    assert _run_around(flags, 0) == (0, 0, 0)  # a tagged turn
    assert _run_around(flags, 2) == (3, 2, 2)  # middle of three untagged turns between two tags
    assert _run_around(flags, 5)[1:] == (1, 8)  # no tag ahead: the cap
    assert _run_around([False, False], 0) == (2, 8, 8)


def test_a_saved_speaker_component_without_its_gate_names_the_file(tmp_path: Path) -> None:
    from ficlens.pipeline.quotes.component import SpeakerAttributor

    pipe = SpeakerAttributor()
    pipe.to_disk(tmp_path)
    assert json.loads((tmp_path / "conversation.json").read_text(encoding="utf-8"))["weights"]
    (tmp_path / "conversation.json").unlink()
    empty = SpeakerAttributor(weights="")
    with pytest.raises(ModelError, match=r"conversation\.json"):
        empty.from_disk(tmp_path)


def test_the_speaker_component_round_trips_through_bytes() -> None:
    from ficlens.pipeline.quotes.component import SpeakerAttributor

    pipe = SpeakerAttributor()
    copy = SpeakerAttributor(weights="").from_bytes(pipe.to_bytes())
    assert copy.require_gate().weights == pipe.require_gate().weights
    assert copy.require().weights == pipe.require().weights
    with pytest.raises(ModelError, match="conversation gate"):
        SpeakerAttributor(weights="").require_gate()


def test_the_gate_never_trains_on_a_test_split() -> None:
    from ficlens.eval.fanfic_turns import fanfic_rows
    from ficlens.training.conversation import litbank_rows

    with pytest.raises(ValueError, match="held out"):
        fanfic_rows("test")
    with pytest.raises(ValueError, match="train or dev"):
        litbank_rows(Path("/nowhere"), "test")


def test_a_row_weighs_the_quotations_one_pick_wins_over_the_other() -> None:
    from ficlens.training.conversation import Row, fit, gain

    rows = [
        Row({"p_conversation": 0.9}, 2, 0, "fanfic", "a"),
        Row({"p_conversation": 0.2}, 0, 1, "litbank", "b"),
    ]
    assert [r.label for r in rows] == [1, 0] and [r.weight for r in rows] == [2, 1]
    weights, bias = fit(rows * 3)
    assert fit(rows * 3) == (weights, bias)  # deterministic
    assert gain(rows, weights, bias) == 2  # overrules the first turn only

"""``ficlens train coref``, ``speakers``, ``conversation``, ``emotions`` and ``entities`` give the shipped
models byte for byte (``encoder``, hours of training, is checked against its card and provenance in the
default suite).

Slow (each retrains from LitBank: minutes on 2 cores) and needs ``../shared/data/litbank``; without the data
these tests fail rather than skip, as every test of this project does.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from typer.testing import CliRunner

import ficlens
from ficlens.cli import app

# ../shared/data/litbank beside the checkout, as in CI; FICLENS_LITBANK points elsewhere (a git worktree)
BESIDE = Path(__file__).resolve().parents[3] / "shared" / "data" / "litbank"
DATA = Path(os.environ.get("FICLENS_LITBANK", BESIDE))
EMOTION_DATA = DATA.parent / "emotion"
MODELS = Path(ficlens.__file__).parent / "models"


def _train(command: str, out: Path, data: Path = DATA) -> None:
    result = CliRunner().invoke(app, ["train", command, "--data", str(data), "--out", str(out)])
    assert result.exit_code == 0, result.output


def _same_file(trained: Path, shipped: Path) -> None:
    got = json.loads(trained.read_text(encoding="utf-8"))
    want = json.loads(shipped.read_text(encoding="utf-8"))
    differ = sorted(k for k in set(got) | set(want) if got.get(k) != want.get(k))
    assert trained.read_bytes() == shipped.read_bytes(), f"{shipped.name}: {differ} differ; retrain, ship it"


@pytest.mark.slow
def test_train_coref_reproduces_the_shipped_model(tmp_path: Path) -> None:
    _train("coref", tmp_path)
    _same_file(tmp_path / "coref.json", MODELS / "coref" / "coref.json")


@pytest.mark.slow
def test_train_speakers_reproduces_the_shipped_model(tmp_path: Path) -> None:
    _train("speakers", tmp_path)
    _same_file(tmp_path / "speakers.json", MODELS / "speakers" / "speakers.json")


@pytest.mark.slow
def test_train_conversation_reproduces_the_shipped_model(tmp_path: Path) -> None:
    _train("conversation", tmp_path)
    _same_file(tmp_path / "conversation.json", MODELS / "conversation" / "conversation.json")


def _same_folder(trained: Path, shipped: Path, names: list[str]) -> None:
    for name in names:
        same = (trained / name).read_bytes() == (shipped / name).read_bytes()
        assert same, f"{name} differs; retrain, ship it"


@pytest.mark.slow
def test_train_emotions_reproduces_the_shipped_model(tmp_path: Path) -> None:
    _train("emotions", tmp_path, EMOTION_DATA)
    _same_folder(tmp_path, MODELS / "emotions", ["emotions.npz", "emotions.json", "provenance.json"])


@pytest.mark.slow
def test_train_entities_reproduces_the_shipped_model(tmp_path: Path) -> None:
    _train("entities", tmp_path)
    names = ["config.json", "vectors.npz", "weights/cfg", "weights/model", "provenance.json"]
    _same_folder(tmp_path, MODELS / "entities", names)


@pytest.mark.parametrize("command", ["entities", "coref", "speakers", "conversation", "emotions"])
def test_no_training_command_writes_into_the_package_by_default(command: str) -> None:
    result = CliRunner().invoke(app, ["train", command, "--data", str(DATA)])
    assert result.exit_code == 2 and "--out" in result.output

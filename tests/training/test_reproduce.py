"""``ficlens train coref`` and ``ficlens train speakers`` give the shipped models byte for byte.

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
MODELS = Path(ficlens.__file__).parent / "models"


def _train(command: str, out: Path) -> None:
    result = CliRunner().invoke(app, ["train", command, "--data", str(DATA), "--out", str(out)])
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


@pytest.mark.parametrize("command", ["entities", "coref", "speakers", "emotions"])
def test_no_training_command_writes_into_the_package_by_default(command: str) -> None:
    result = CliRunner().invoke(app, ["train", command, "--data", str(DATA)])
    assert result.exit_code == 2 and "--out" in result.output

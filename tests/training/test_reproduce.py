"""``ficlens train coref`` and ``ficlens train speakers`` give the shipped models byte for byte.

Slow (each retrains from LitBank: minutes on 2 cores) and needs ``../shared/data/litbank``; without the data
these tests fail rather than skip, as every test of this project does.
"""

from __future__ import annotations

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


@pytest.mark.slow
def test_train_coref_reproduces_the_shipped_model(tmp_path: Path) -> None:
    _train("coref", tmp_path)
    assert (tmp_path / "coref.json").read_bytes() == (MODELS / "coref" / "coref.json").read_bytes()


@pytest.mark.slow
def test_train_speakers_reproduces_the_shipped_model(tmp_path: Path) -> None:
    _train("speakers", tmp_path)
    assert (tmp_path / "speakers.json").read_bytes() == (MODELS / "speakers" / "speakers.json").read_bytes()


@pytest.mark.parametrize("command", ["entities", "coref", "speakers", "emotions"])
def test_no_training_command_writes_into_the_package_by_default(command: str) -> None:
    result = CliRunner().invoke(app, ["train", command, "--data", str(DATA)])
    assert result.exit_code == 2 and "--out" in result.output

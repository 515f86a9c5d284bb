"""`ficlens corpus`: help on every command, documented in the README, one-line errors before any cluster."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from ficlens.cli import app

runner = CliRunner()
COMMANDS = [["corpus"], ["corpus", "run"], ["corpus", "query"], ["corpus", "stats"], ["corpus", "report"]]


@pytest.mark.parametrize("command", COMMANDS, ids=" ".join)
def test_every_corpus_command_has_help_and_is_in_the_readme(command: list[str]) -> None:
    result = runner.invoke(app, [*command, "--help"])
    assert result.exit_code == 0, result.output
    assert "Usage:" in result.output
    readme = (Path(__file__).parents[2] / "README.md").read_text(encoding="utf-8")
    assert "ficlens " + " ".join(command) in readme


def _cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "ficlens.cli", "corpus", *args], capture_output=True, text=True, timeout=120
    )


def test_an_unknown_model_is_refused_in_one_line_and_nothing_is_written(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("Mara Vell smiled.", encoding="utf-8")
    out = _cli("run", str(tmp_path / "a.txt"), "--store", str(tmp_path / "st"), "--model", "best")
    assert out.returncode == 2
    assert out.stderr == "ficlens: error: --model best: unknown model; choose from fast, accurate\n"
    assert not (tmp_path / "st").exists()


def test_a_missing_accurate_model_is_an_error_naming_the_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from ficlens.corpus.engine import check_model
    from ficlens.errors import ModelError
    from ficlens.pipeline.encoder import model

    monkeypatch.setattr(model, "shipped_model_dir", lambda: tmp_path)
    with pytest.raises(ModelError, match=str(tmp_path / "encoder.onnx")):
        check_model("accurate")


def test_missing_inputs_and_stores_are_one_line_errors(tmp_path: Path) -> None:
    out = _cli("run", str(tmp_path / "nowhere"), "--store", str(tmp_path / "st"))
    assert (
        out.returncode == 2
        and out.stderr == f"ficlens: error: {tmp_path / 'nowhere'}: no such file or folder\n"
    )
    for command in (
        ["stats", str(tmp_path)],
        ["report", str(tmp_path)],
        ["query", str(tmp_path), "SELECT 1"],
    ):
        out = _cli(*command)
        assert out.returncode == 2, command
        assert out.stderr.startswith(f"ficlens: error: {tmp_path}: not a ficlens corpus store"), out.stderr

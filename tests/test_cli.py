"""The command line: --help and --version everywhere, and one-line errors with exit code 2 for bad input."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from ficlens import __version__
from ficlens.cli import app, expand_inputs, output_names

runner = CliRunner()

COMMANDS = [
    [],
    ["analyze"],
    ["report"],
    ["eval"],
    ["eval", "litbank"],
    ["eval", "litbank-quotes"],
    ["eval", "emotions"],
    ["train"],
    ["train", "entities"],
    ["train", "coref"],
    ["train", "speakers"],
    ["train", "emotions"],
]


@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: " ".join(c) or "ficlens")
def test_every_command_has_help(command: list[str]) -> None:
    result = runner.invoke(app, [*command, "--help"])
    assert result.exit_code == 0, result.output
    assert "Usage:" in result.output


@pytest.mark.parametrize("command", [c for c in COMMANDS if c], ids=lambda c: " ".join(c))
def test_every_command_is_documented_in_the_readme(command: list[str]) -> None:
    readme = (Path(__file__).parents[1] / "README.md").read_text(encoding="utf-8")
    assert "ficlens " + " ".join(command) in readme


def test_version() -> None:
    result = runner.invoke(app, ["--version"])
    assert result.exit_code == 0
    assert result.output.strip() == f"ficlens {__version__}"


def run_cli(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "ficlens.cli", *args], cwd=cwd, capture_output=True, text=True, timeout=300
    )


def test_bad_inputs_get_one_line_errors_and_the_good_input_is_still_analysed(tmp_path: Path) -> None:
    (tmp_path / "empty.txt").write_text("")
    (tmp_path / "binary.txt").write_bytes(b"\x00\x01\x02\xff" * 64)
    (tmp_path / "story.pdf").write_bytes(b"%PDF-1.4 not a story")
    (tmp_path / "nostories").mkdir()
    (tmp_path / "nostories" / "data.csv").write_text("a,b\n")
    (tmp_path / "broken.epub").write_bytes(b"PK\x03\x04 this is not a real zip archive")
    good = tmp_path / "good.txt"
    good.write_text(
        'Mara Quill walked into the kitchen.\n\n"Morning," Mara said to Tobin.\n', encoding="utf-8"
    )
    bad = ["missing.txt", "empty.txt", "binary.txt", "story.pdf", "nostories", "broken.epub"]
    result = run_cli("analyze", *bad, "good.txt", "--out", "out", "--quiet", cwd=tmp_path)
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == len(bad), result.stderr
    for name, line in zip(bad, lines, strict=True):
        assert line.startswith(f"ficlens: error: {name}"), line
    data = json.loads((tmp_path / "out" / "good.ficlens.json").read_text(encoding="utf-8"))
    assert data["schema"] == "ficlens.analysis/1"
    assert data["text"] == good.read_text(encoding="utf-8")


def test_an_output_never_overwrites_an_input(tmp_path: Path) -> None:
    story = tmp_path / "tale.ficlens.json"
    story.write_text("Not JSON at all, a story that happens to have this name.\n", encoding="utf-8")
    # ``tale.ficlens.json`` as a story would be written to ``tale.ficlens.ficlens.json``: safe; the
    # dangerous case is a story whose output name is itself, which output_names must never produce.
    names = output_names([story])
    assert f"{names[story]}.ficlens.json" != story.name


def test_report_rejects_a_file_that_is_not_an_analysis(tmp_path: Path) -> None:
    bad = tmp_path / "x.json"
    bad.write_text('{"hello": 1}')
    result = run_cli("report", str(bad), cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr.strip().startswith(f"ficlens: error: {bad}")
    assert "Traceback" not in result.stderr


def test_eval_with_a_wrong_data_folder_is_a_clear_error(tmp_path: Path) -> None:
    result = run_cli("eval", "litbank", "--data", str(tmp_path), cwd=tmp_path)
    assert result.returncode == 2
    assert "not the expected data folder" in result.stderr


def test_folders_are_expanded_to_their_story_files(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("x")
    (tmp_path / "b.html").write_text("x")
    (tmp_path / "notes.csv").write_text("x")
    files, errors = expand_inputs([tmp_path])
    assert [p.name for p in files] == ["a.txt", "b.html"]
    assert errors == []


def test_outputs_of_inputs_sharing_a_stem_stay_apart(tmp_path: Path) -> None:
    a, b = tmp_path / "s.txt", tmp_path / "s.html"
    names = output_names([a, b])
    assert names[a] != names[b]


def test_the_quick_start_writes_every_format_and_the_report_rebuilds_from_json(tmp_path: Path) -> None:
    result = run_cli(
        "analyze", "--example", "--out", "out", "--format", "json,script,html,graphml", cwd=tmp_path
    )
    assert result.returncode == 0, result.stderr
    assert "Cast" in result.stdout and "Marisol Vance" in result.stdout
    out = tmp_path / "out"
    names = sorted(p.name for p in out.iterdir())
    for expected in ("camp-reyes.ficlens.json", "camp-reyes.script.jsonl", "camp-reyes.script.txt"):
        assert expected in names
    assert "camp-reyes.report.html" in names and "camp-reyes.graphml" in names
    rebuilt = run_cli("report", "out/camp-reyes.ficlens.json", "--out", "again.html", cwd=tmp_path)
    assert rebuilt.returncode == 0, rebuilt.stderr
    assert (tmp_path / "again.html").read_bytes() == (out / "camp-reyes.report.html").read_bytes()

"""Every command's --help speaks in words a user knows: no Python types, the right data folders."""

from __future__ import annotations

import re

import pytest
from typer.testing import CliRunner

from ficlens.cli import app


def _commands() -> list[list[str]]:
    """Every command path of the CLI, found by walking it (sub-apps added later are checked too)."""
    import typer

    found: list[list[str]] = []

    def walk(command: object, path: list[str]) -> None:
        found.append(path)
        for name, sub in sorted(getattr(command, "commands", {}).items()):
            walk(sub, [*path, name])

    walk(typer.main.get_command(app), [])
    return found


COMMANDS = _commands()


@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: " ".join(c) or "ficlens")
def test_help_shows_no_python_types(command: list[str]) -> None:
    assert len(COMMANDS) >= 12
    result = CliRunner().invoke(app, [*command, "--help"], env={"COLUMNS": "160"})
    assert result.exit_code == 0, result.output
    assert "Usage:" in result.output
    assert not re.search(r"<(bool|str|int|float|path|list\[\w+\]|Path)>", result.output), result.output


@pytest.mark.parametrize("command", [["eval", "emotions"], ["train", "emotions"]])
def test_emotion_commands_name_the_emotion_data_folder(command: list[str]) -> None:
    result = CliRunner().invoke(app, [*command, "--help"], env={"COLUMNS": "160"})
    assert "data/emotion" in result.output and "litbank" not in result.output


def test_value_options_show_what_they_take() -> None:
    result = CliRunner().invoke(app, ["analyze", "--help"], env={"COLUMNS": "160"})
    assert re.search(r"--out\s+-o\s+DIR", result.output), result.output
    assert re.search(r"--cast\s+FILE", result.output)

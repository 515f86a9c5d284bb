"""The command line: --help and --version everywhere, and one-line errors with exit code 2 for bad input."""

from __future__ import annotations

import dataclasses
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
    ["train", "conversation"],
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


# --- issue 14: never lose a file, never crash on what a story holds ---------

STORY = '"We leave at dawn," Wren Halloway said to Ossian Vale.\n\nOssian nodded and packed the maps.\n'


def test_same_file_names_in_different_folders_get_outputs_of_their_own(tmp_path: Path) -> None:
    for folder, extra in (("a", "First."), ("b", "Second.")):
        (tmp_path / "corpus" / folder).mkdir(parents=True)
        (tmp_path / "corpus" / folder / "chapter1.txt").write_text(STORY + extra + "\n", encoding="utf-8")
    result = run_cli("analyze", "corpus", "--out", "out", "--quiet", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    for folder, extra in (("a", "First."), ("b", "Second.")):
        data = json.loads((tmp_path / "out" / folder / "chapter1.ficlens.json").read_text(encoding="utf-8"))
        assert data["text"].endswith(extra + "\n")


def test_a_script_named_like_an_output_beside_a_story_is_never_overwritten(tmp_path: Path) -> None:
    folder = tmp_path / "work"
    folder.mkdir()
    (folder / "tale.md").write_text(STORY, encoding="utf-8")
    mine = "Ossian walked to the harbour alone, and Wren Halloway watched him go.\n"
    (folder / "tale.script.txt").write_text(mine, encoding="utf-8")
    result = run_cli("analyze", "work", "--out", "work", "--format", "json,script", "--quiet", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert (folder / "tale.script.txt").read_text(encoding="utf-8") == mine
    texts = {json.loads(p.read_text(encoding="utf-8"))["text"] for p in folder.glob("*.ficlens.json")}
    assert texts == {STORY, mine}


def test_analyze_a_folder_into_itself_twice(tmp_path: Path) -> None:
    folder = tmp_path / "work"
    folder.mkdir()
    (folder / "tale.txt").write_text(STORY, encoding="utf-8")
    for _ in range(2):
        result = run_cli("analyze", "work", "--out", "work", "--format", "json,script,html", cwd=tmp_path)
        assert result.returncode == 0, result.stderr
        assert result.stderr == ""
    assert sorted(p.name for p in folder.iterdir()) == [
        "tale.ficlens.json",
        "tale.report.html",
        "tale.script.jsonl",
        "tale.script.txt",
        "tale.txt",
    ]


def test_plan_never_names_an_output_after_an_input_or_another_output(tmp_path: Path) -> None:
    from ficlens.output.files import OUTPUT_SUFFIXES

    (tmp_path / "x").mkdir()
    inputs = [tmp_path / n for n in ("s.txt", "s.html", "tale.md", "tale.script.txt", "x/s.txt", "n.ch1.txt")]
    names = output_names(inputs, tmp_path)
    outputs = [tmp_path / f"{names[p]}{suffix}" for p in inputs for suffix in OUTPUT_SUFFIXES]
    assert len(set(outputs)) == len(outputs)
    assert not set(outputs) & set(inputs)
    assert names[tmp_path / "x/s.txt"] == "x/s"


def test_out_that_is_a_file_is_refused_before_any_analysis(tmp_path: Path) -> None:
    (tmp_path / "tale.txt").write_text(STORY, encoding="utf-8")
    (tmp_path / "taken").write_text("mine\n", encoding="utf-8")
    result = run_cli("analyze", "tale.txt", "--out", "taken", cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr.splitlines() == ["ficlens: error: --out taken: is a file, not a folder"]
    assert (tmp_path / "taken").read_text(encoding="utf-8") == "mine\n"


def test_graphml_alone_into_a_folder_that_does_not_exist_yet(tmp_path: Path) -> None:
    (tmp_path / "tale.txt").write_text(STORY, encoding="utf-8")
    result = run_cli("analyze", "tale.txt", "--format", "graphml", "--quiet", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "ficlens-out" / "tale.graphml").is_file()


def test_markup_and_control_characters_from_a_story_print_inert(tmp_path: Path) -> None:
    fixture = Path(__file__).parent / "fixtures" / "ingest" / "ao3_single.html"
    hostile = "Night [/x] [bold]watch\x1b]0;owned\x07\x1b[2J"
    page = fixture.read_text(encoding="utf-8").replace("Salt on the Lamp Glass", hostile)
    (tmp_path / "hostile.html").write_text(page, encoding="utf-8")
    (tmp_path / "later.txt").write_text(STORY, encoding="utf-8")
    result = run_cli("analyze", "hostile.html", "later.txt", "--out", "out", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "\x1b" not in result.stdout and "\x07" not in result.stdout
    assert "Night [/x] [bold]watch\\x1b]0;owned\\x07\\x1b[2J" in result.stdout
    assert (tmp_path / "out" / "later.ficlens.json").is_file()


def test_an_unreadable_subfolder_is_reported_and_the_rest_analysed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import os

    (tmp_path / "open").mkdir()
    (tmp_path / "open" / "a.txt").write_text(STORY, encoding="utf-8")
    (tmp_path / "locked").mkdir()
    (tmp_path / "locked" / "b.txt").write_text(STORY, encoding="utf-8")
    real = os.scandir

    def scandir(path: object = ".") -> object:  # chmod 000 means nothing to root, so refuse here
        if str(path).endswith("locked"):
            raise PermissionError(13, "Permission denied", str(path))
        return real(path)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "scandir", scandir)
    files, errors = expand_inputs([tmp_path])
    assert [p.name for p in files] == ["a.txt"]
    assert errors == [f"{tmp_path / 'locked'}: cannot list the folder (Permission denied)"]


def test_an_unreadable_input_is_one_line_and_the_others_are_analysed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "locked.txt").write_text(STORY, encoding="utf-8")
    (tmp_path / "open.txt").write_text(STORY, encoding="utf-8")
    real = Path.read_bytes

    def read_bytes(self: Path) -> bytes:
        if self.name == "locked.txt":
            raise PermissionError(13, "Permission denied", str(self))
        return real(self)

    monkeypatch.setattr(Path, "read_bytes", read_bytes)
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(app, ["analyze", "locked.txt", "open.txt", "--out", "out", "--quiet"])
    assert result.exit_code == 2
    assert result.output.splitlines() == ["ficlens: error: locked.txt: permission denied"]
    assert (tmp_path / "out" / "open.ficlens.json").is_file()


def test_report_on_an_analysis_holding_nan_is_one_line(tmp_path: Path) -> None:
    import re

    (tmp_path / "tale.txt").write_text(STORY, encoding="utf-8")
    assert run_cli("analyze", "tale.txt", "--out", ".", "--quiet", cwd=tmp_path).returncode == 0
    saved = tmp_path / "tale.ficlens.json"
    body, count = re.subn(r'"confidence": [0-9.e-]+', '"confidence": NaN', saved.read_text(encoding="utf-8"))
    assert count
    saved.write_text(body, encoding="utf-8")
    result = run_cli("report", "tale.ficlens.json", cwd=tmp_path)
    assert result.returncode == 2
    assert len(result.stderr.splitlines()) == 1, result.stderr
    assert result.stderr.startswith("ficlens: error: tale.ficlens.json")


def test_report_on_deeply_nested_json_is_one_line(tmp_path: Path) -> None:
    body = '{"schema": "ficlens.analysis/1", "x": ' + "[" * 100_000 + "]" * 100_000 + "}"
    (tmp_path / "x.ficlens.json").write_text(body, encoding="utf-8")
    result = run_cli("report", "x.ficlens.json", cwd=tmp_path)
    assert result.returncode == 2
    assert len(result.stderr.splitlines()) == 1 and result.stderr.startswith("ficlens: error: x.ficlens.json")


def test_the_summary_says_how_many_minor_characters_were_kept_aside() -> None:
    from rich.console import Console

    from ficlens.cli import MINOR_NAMES_SHOWN, print_summary
    from ficlens.datamodel import (
        Alias,
        Character,
        MentionCounts,
        Metadata,
        MinorCharacter,
        Source,
        SourceFormat,
        StoryAnalysis,
    )

    text = "Ilsabet Crane met the ferryman. " * 4
    minor_names = [
        "Dorvan Ashe",
        "Captain [bold]Vey[/bold]",
        "Old Mother Hask",
        "Perrin",
        "Tamsin Rook",
        "Ulo",
    ]
    analysis = StoryAnalysis(
        source=Source("tale.txt", SourceFormat.TEXT, "0" * 64),
        metadata=Metadata(title="The Ferry at Crane's Reach"),
        text=text,
        characters=(
            Character(
                "C1", "Ilsabet Crane", (Alias("Ilsabet Crane", 4),), 4, MentionCounts(4, 0, 0), None, 0, 96, 1
            ),
        ),
        minor_characters=tuple(
            # "Perrin" is met twice, the others once: it comes first
            MinorCharacter(f"M{k}", name, (Alias(name, 1),), 2 if name == "Perrin" else 1, 10 * k, 10 * k)
            for k, name in enumerate(minor_names)
        ),
    )
    console = Console(record=True, width=200, color_system=None)
    print_summary(console, analysis, seconds=1.0)
    out = console.export_text()
    cast = out.split("Minor characters", 1)[0]
    assert "Ilsabet Crane" in cast and "Perrin" not in cast  # the minor tier stays out of the cast table
    line = next(row for row in out.splitlines() if row.startswith("Minor characters"))
    shown = ["Perrin", "Dorvan Ashe", "Captain [bold]Vey[/bold]", "Old Mother Hask", "Tamsin Rook"]
    assert len(shown) == MINOR_NAMES_SHOWN
    assert line == f"Minor characters kept out of the cast: 6 ({', '.join(shown)} and 1 more)"
    quiet = Console(record=True, width=200, color_system=None)
    print_summary(quiet, dataclasses.replace(analysis, minor_characters=()), seconds=1.0)
    assert "Minor characters" not in quiet.export_text()

"""Progress of a long run: the stages in order, the parse in step with the text, no bar off a terminal."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from rich.console import Console
from typer.testing import CliRunner

from ficlens import cli
from ficlens.ingest import story_from_text
from ficlens.pipeline.run import STAGES, load_pipeline

STORY = "\n\n".join(
    f'Mira Holt crossed the yard at dawn. "Odo," she said, "the well is dry again." Odo sighed. ({k})'
    for k in range(40)
)


def test_the_pipeline_reports_its_stages_in_order() -> None:
    events: list[tuple[str, int, int]] = []
    story = story_from_text(STORY)
    load_pipeline().process(story, progress=lambda stage, done, total: events.append((stage, done, total)))
    stages = list(dict.fromkeys(stage for stage, _, _ in events))
    assert stages == ["parsing", "characters", "coreference", "quotes", "feelings"]
    assert [STAGES.index(s) for s in stages] == sorted(STAGES.index(s) for s in stages)
    parse = [(done, total) for stage, done, total in events if stage == "parsing"]
    assert parse[0] == (0, len(STORY)) and parse[-1] == (len(STORY), len(STORY))
    assert [d for d, _ in parse] == sorted(d for d, _ in parse)  # never runs backwards
    rest = [(done, total) for stage, done, total in events if stage != "parsing"]
    assert [d for d, _ in rest] == list(range(rest[-1][1] + 1))  # one step per document-stage component


def test_the_parse_moves_in_proportion_to_the_text_done(monkeypatch: pytest.MonkeyPatch) -> None:
    from ficlens.pipeline import run

    monkeypatch.setattr(run, "CHUNK_CHARS", 1_000)  # several chunks from a short text
    parsed: list[int] = []

    def record(stage: str, done: int, total: int) -> None:
        if stage == "parsing":
            parsed.append(done)

    load_pipeline().process(story_from_text(STORY), progress=record)
    assert len(parsed) > 3 and parsed[1] < len(STORY) // 2


def test_the_bar_names_each_stage_on_a_terminal() -> None:
    out = io.StringIO()
    console = Console(file=out, force_terminal=True, width=100)
    with cli.stage_progress("tide.txt", console) as progress:
        assert progress is not None
        for stage in STAGES:
            progress(stage, 5, 10)
    shown = out.getvalue()
    for stage in STAGES:
        assert f"{stage} tide.txt" in shown


def test_no_bar_when_stderr_is_not_a_terminal(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(cli, "LONG_INPUT_CHARS", 10)  # this short story counts as long
    story = tmp_path / "tide.txt"
    story.write_text(STORY, encoding="utf-8")
    result = CliRunner().invoke(cli.app, ["analyze", str(story), "--out", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    assert not any(stage in result.stderr for stage in STAGES)
    assert "%" not in result.stderr

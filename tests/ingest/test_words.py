"""The one word count (AO3's rule), and where it is used: the metadata, the CLI summary, the report."""

from __future__ import annotations

from pathlib import Path

import pytest

from ficlens.datamodel import Metadata, Note, NoteKind, SceneBreak, Source, SourceFormat, Story
from ficlens.ingest import story_from_text
from ficlens.ingest.words import count_words, prose_words


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("", 0),
        ("Wren lit the lamp.", 4),
        ("one's well-known twenty-two-year-old", 3),  # apostrophes and hyphens join
        ("Don’t go — please.", 3),  # curly apostrophe; a dash alone is no word
        ("yes--no", 2),  # a double hyphen is a dash
        ("... !!! ¿? * * *", 0),  # punctuation and symbols are not words
        ("Chapter 12, 3:45 p.m.", 6),  # digits are words; "p.m." is two
        ("naïve café Zoë", 3),  # letters with accents, composed or not
        ("nai\u0308ve", 1),  # a combining mark stays inside its word
        ("她笑了 smile", 4),  # each Han character is a word
        ("ありがとう", 5),  # and each kana
        ("snake_case", 1),
    ],
)
def test_count_words_follows_ao3s_rule(text: str, words: int) -> None:
    assert count_words(text) == words


def test_prose_words_leave_out_notes_and_scene_breaks() -> None:
    text = "A/N: thanks all\n\nMira ran.\n\n***\n\nShe stopped."
    note_end = text.index("\n")
    brk = text.index("***")
    story = Story(
        text=text,
        source=Source(None, SourceFormat.TEXT, ""),
        notes=(Note(NoteKind.AUTHOR_NOTE, 0, note_end, text[:note_end], in_text=True),),
        scene_breaks=(SceneBreak(brk, brk + 3, "***"),),
    )
    assert prose_words(story) == 4


def test_a_read_story_holds_its_count_and_the_stated_one() -> None:
    story = story_from_text("Title: Low Tide\nWords: 900\n\nMira ran to the well-lit pier. She didn't stop.")
    assert story.metadata.stated_words == 900
    assert story.metadata.words == 9


def test_cli_summary_json_and_report_say_the_same_count(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from ficlens.cli import app
    from ficlens.output.json_io import load_analysis
    from ficlens.report import build_context

    story = tmp_path / "tide.txt"
    story.write_text("Mira ran to the well-lit pier -- she didn't stop.\n\nOdo waved.", encoding="utf-8")
    result = CliRunner().invoke(app, ["analyze", str(story), "--out", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    assert "— 11 words" in result.output
    analysis = load_analysis(tmp_path / "out" / "tide.ficlens.json")
    assert analysis.metadata.words == 11 and analysis.metadata.stated_words is None
    assert build_context(analysis).header.words == 11


def test_cli_summary_names_the_sources_own_count_when_it_differs(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from ficlens.cli import app

    story = tmp_path / "tide.txt"
    story.write_text("Title: Low Tide\nWords: 900\n\nMira ran to the well-lit pier.", encoding="utf-8")
    result = CliRunner().invoke(app, ["analyze", str(story), "--out", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    assert "Low Tide — 6 words (the source states 900)," in result.output


def test_report_counts_an_old_analysis_without_a_count() -> None:
    from ficlens.datamodel import StoryAnalysis
    from ficlens.report import build_context

    old = StoryAnalysis(
        source=Source(None, SourceFormat.TEXT, ""), metadata=Metadata(), text="It's late--go."
    )
    assert build_context(old).header.words == 3

"""The Python API (issues 13 and 14): what ``ficlens.analyze`` / ``analyze_text`` accept, and typed errors."""

from __future__ import annotations

from pathlib import Path

import pytest

import ficlens
from ficlens.errors import InputError
from ficlens.ingest import story_from_text

STORY = '"We leave at dawn," Wren Halloway said to Ossian Vale.\n\nOssian nodded. Wren packed the maps.\n'


def test_a_mistyped_file_name_is_file_not_found_with_a_hint(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError, match="analyze_text") as caught:
        ficlens.analyze(str(tmp_path / "storyy.txt"))
    assert caught.value.filename == str(tmp_path / "storyy.txt")
    with pytest.raises(FileNotFoundError):
        ficlens.analyze("")


def test_a_folder_is_is_a_directory_error(tmp_path: Path) -> None:
    with pytest.raises(IsADirectoryError):
        ficlens.analyze(tmp_path)
    with pytest.raises(IsADirectoryError):
        ficlens.analyze(str(tmp_path))


@pytest.mark.parametrize("bad", [None, b"Wren ran.", 42, ["story.txt"]], ids=repr)
def test_what_is_neither_a_path_nor_a_story_is_a_type_error(bad: object) -> None:
    with pytest.raises(TypeError, match=r"^analyze\(\) takes a path, a Story or text"):
        ficlens.analyze(bad)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match=r"^analyze_text\(\) takes"):
        ficlens.analyze_text(bad)  # type: ignore[arg-type]


def test_text_passed_to_analyze_is_refused_with_a_pointer_to_analyze_text() -> None:
    with pytest.raises(ValueError, match="analyze_text"):
        ficlens.analyze(STORY)


def test_path_str_story_and_text_all_give_the_same_analysis(tmp_path: Path) -> None:
    path = tmp_path / "tale.txt"
    path.write_text(STORY, encoding="utf-8")
    by_path = ficlens.analyze(path)
    assert ficlens.analyze(str(path)).characters == by_path.characters
    assert ficlens.analyze(story_from_text(STORY)).characters == by_path.characters
    assert ficlens.analyze_text(STORY).characters == by_path.characters
    assert by_path.characters[0].name == "Wren Halloway"


def test_characters_come_most_prominent_first() -> None:
    text = (
        "Tobin Ash nodded once. "
        + "Mara Quill ran to the gate. Mara Quill looked back. Mara shouted. Mara waited. " * 3
        + "\n"
    )
    analysis = ficlens.analyze_text(text)
    prominence = [c.prominence for c in analysis.characters]
    assert prominence == sorted(prominence) and len(prominence) >= 2
    assert analysis.characters[0].name.startswith("Mara")


def test_unreadable_text_is_an_input_error() -> None:
    with pytest.raises(InputError, match="empty text"):
        ficlens.analyze_text("   \n")


def test_lone_surrogates_are_repaired_with_a_warning() -> None:
    analysis = ficlens.analyze_text("Wren Halloway ran \ud800 home.\n\nOssian Vale waved.\n")
    assert "\ud800" not in analysis.text and "\ufffd" in analysis.text
    assert any("surrogate" in w for w in analysis.warnings)


def test_loaders_take_str_and_path(tmp_path: Path) -> None:
    from ficlens.output.json_io import load_analysis, write_json

    analysis = ficlens.analyze_text(STORY)
    write_json(analysis, tmp_path / "a.ficlens.json")
    assert load_analysis(str(tmp_path / "a.ficlens.json")) == load_analysis(tmp_path / "a.ficlens.json")

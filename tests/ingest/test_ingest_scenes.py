from __future__ import annotations

import pytest

from ficlens.ingest.scenes import find_scene_breaks, is_break_marker


@pytest.mark.parametrize(
    "line",
    [
        "***",
        "* * *",
        "~~~",
        "oOo",
        "OoO",
        "-x-",
        "xXx",
        "///",
        "---",
        "#",
        "   §   ",
        "❖",
        "<hr>",
        "<hr/>",
        "~o~",
        "———",
        "=====",
        "* o *",
    ],
)
def test_break_markers(line: str) -> None:
    assert is_break_marker(line)


@pytest.mark.parametrize(
    "line",
    [
        "",
        "   ",
        "...",
        "…",
        "-",
        "—",
        "--",
        "xxx",
        "ooo",
        "I",
        "A",
        "Mari",
        '"No."',
        "— Wait.",
        "* Note",
        "x",
    ],
)
def test_not_break_markers(line: str) -> None:
    assert not is_break_marker(line)


def test_find_scene_breaks_offsets_cover_the_marker() -> None:
    text = "She left.\n\n   * * *   \n\nHe stayed.\r\n~~~\r\nThe end.\n"
    breaks = find_scene_breaks(text)
    assert [b.marker for b in breaks] == ["* * *", "~~~"]
    for b in breaks:
        assert text[b.start : b.end] == b.marker


def test_find_scene_breaks_skips_ranges() -> None:
    text = "A/N: hi\n***\nStory.\n***\nMore."
    first = text.index("***")
    breaks = find_scene_breaks(text, skip=[(0, first + 3)])
    assert len(breaks) == 1 and breaks[0].start == text.rindex("***")

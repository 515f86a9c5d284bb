"""The one word count of ficlens, by the Archive of Our Own's rule, so a reader sees the figure they know.

AO3 counts a story's words like this (its public word counter, restated here in our own code):

- apostrophes (``'``, ``’``, ``‘``) and hyphens are removed first: ``one's`` and ``well-known`` are one word;
- a double hyphen ``--`` is a dash, so ``yes--no`` is two words;
- a word is then a run of letters, digits, marks or underscores; punctuation and symbols are not words;
- in scripts written without spaces (Han, Hiragana, Katakana, Thai) every character is a word.

ficlens counts the story's prose: the text without author's notes kept in it and without scene-break lines,
which is what AO3 counts too (its notes live outside the chapter text). The count the source itself states
(AO3's stats line, a header's "Words:") is kept beside it as ``Metadata.stated_words``; the two can differ
when a work was edited after its count was taken, or when a download adds or drops a line.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from ficlens.datamodel import Note, SceneBreak, Story


class _Prose(Protocol):
    """A ``Story`` or a ``StoryAnalysis``: a text with the notes and scene breaks inside it."""

    @property
    def text(self) -> str: ...
    @property
    def notes(self) -> Sequence[Note]: ...
    @property
    def scene_breaks(self) -> Sequence[SceneBreak]: ...


# Characters of the scripts AO3 counts one word per character.
_CHARACTER_SCRIPTS = (
    "\u2e80-\u2fdf"  # CJK radicals, Kangxi radicals
    "\u3005\u3007\u3021-\u3029\u3038-\u303b"  # ideographic marks and numerals
    "\u3040-\u309f"  # Hiragana
    "\u30a0-\u30ff\u31f0-\u31ff\uff66-\uff9d"  # Katakana (with its extensions and half-width forms)
    "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"  # CJK ideographs, extension A, compatibility ideographs
    "\U00020000-\U0003134f"  # CJK ideograph extensions B to G
    "\u0e00-\u0e7f"  # Thai
)
_JOINERS = re.compile(r"['\u2019\u2018-]")
_WORD = re.compile(rf"[{_CHARACTER_SCRIPTS}]|(?:(?![{_CHARACTER_SCRIPTS}])[\w\u0300-\u036f])+")


def count_words(text: str) -> int:
    """Words in ``text`` by AO3's rule (see the module's docstring)."""
    return len(_WORD.findall(_JOINERS.sub("", text.replace("--", " "))))


def prose_words(story: _Prose) -> int:
    """Words of a story's prose: its text without in-text notes and scene-break lines."""
    cuts = sorted(
        [(n.start, n.end) for n in story.notes if n.in_text and n.end > n.start]
        + [(b.start, b.end) for b in story.scene_breaks if b.end > b.start]
    )
    total = 0
    pos = 0
    for start, end in cuts:
        if start > pos:
            total += count_words(story.text[pos:start])
        pos = max(pos, end)
    return total + count_words(story.text[pos:])


def with_word_count(story: Story) -> Story:
    """``story`` with ``metadata.words`` set to ficlens's own count (the source's is in ``stated_words``)."""
    return replace(story, metadata=replace(story.metadata, words=prose_words(story)))

"""Per-sentence feelings: the emotion model's scores joined with whose feelings the parse says they are."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from ficlens.datamodel.inner import EMOTION_LABELS, Experiencer, SentenceFeeling

if TYPE_CHECKING:
    from ficlens.datamodel import Chapter
    from ficlens.pipeline.inner.raw import SentenceExperiencers


def sentence_feelings(
    chapters: Sequence[Chapter], sentences: Sequence[Any], experiencers: Sequence[SentenceExperiencers]
) -> tuple[SentenceFeeling, ...]:
    """One ``SentenceFeeling`` per scored sentence, in text order.

    ``sentences`` are the emotion model's outputs (objects with ``start``, ``end``, ``scores``, ``labels``,
    ``valence``), ``experiencers`` the inner-life pass's ties of sentences (by index) to characters.
    """
    who: dict[int, tuple[Experiencer, ...]] = {e.index: e.experiencers for e in experiencers}
    feelings = []
    c = 0
    order = sorted(range(len(sentences)), key=lambda k: (int(sentences[k].start), int(sentences[k].end)))
    for k in order:
        s = sentences[k]
        start = int(s.start)
        while c < len(chapters) and chapters[c].end <= start:
            c += 1
        chapter = chapters[c].index if c < len(chapters) and chapters[c].start <= start else None
        feelings.append(
            SentenceFeeling(
                start=start,
                end=int(s.end),
                scores={str(label): round(float(v), 4) for label, v in dict(s.scores).items()},
                labels=tuple(str(label) for label in s.labels),
                valence=round(float(s.valence), 4),
                experiencers=who.get(k, ()),
                chapter=chapter,
            )
        )
    return tuple(feelings)


def feeling_labels(feelings: Sequence[SentenceFeeling]) -> tuple[str, ...]:
    """The labels the sentences are scored on, in the datamodel's display order (unknown ones last)."""
    seen = {label for f in feelings for label in f.scores}
    known = tuple(label for label in EMOTION_LABELS if label in seen or not seen)
    return known + tuple(sorted(seen - set(EMOTION_LABELS)))

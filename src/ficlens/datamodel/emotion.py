"""What a sentence feels: emotion scores and valence per sentence, as ``ficlens_emotions`` finds them."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class SentenceEmotion:
    """The emotions of the sentence at ``start:end`` (character offsets into ``Story.text``).

    ``scores`` holds P(label) for every label of ``ficlens.pipeline.emotions.labels.LABELS`` (sadness, guilt,
    anger, fear, joy, relief, love, surprise, neutral); ``labels`` are those at or above their tuned
    thresholds, most probable first, or ``("neutral",)`` when none is; ``valence`` runs from -1 (negative)
    to 1 (positive).
    """

    start: int
    end: int
    scores: dict[str, float]
    labels: tuple[str, ...]
    valence: float

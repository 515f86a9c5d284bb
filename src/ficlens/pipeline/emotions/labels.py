"""ficlens's sentence emotion labels, and how the training corpora's labels map onto them.

ficlens reports nine multi-label emotions per sentence, chosen for what a reader wants to follow in a
character's head, plus a valence in [-1, 1]:

========  ==========================================================================
label     meaning
========  ==========================================================================
sadness   sadness, grief, disappointment
guilt     guilt, remorse, shame and embarrassment (the self-conscious emotions)
anger     anger, annoyance, disgust and contempt
fear      fear, nervousness, anxiety
joy       joy, amusement, excitement, pride
relief    relief
love      love, affection, caring
surprise  surprise
neutral   no emotion expressed
========  ==========================================================================

GoEmotions (Demszky et al. 2020; 27 emotions + neutral) maps as ``GOEMOTIONS_TO_FICLENS``. The choices that
are not obvious, and why:

- ``disappointment -> sadness``: a let-down is a small sadness; GoEmotions' own Ekman grouping agrees.
- ``embarrassment -> guilt``: shame and embarrassment are self-conscious emotions like guilt ("she flushed,
  mortified"); the Ekman grouping puts them under sadness, which would hide them from a reader seeking guilt.
- ``disgust -> anger``: ficlens has no disgust label; in fiction disgust at a person reads as contempt, which
  sits with anger. XED's disgust is mapped the same way so that both corpora agree.
- ``annoyance -> anger`` (a mild anger), ``nervousness -> fear`` (a mild fear), ``caring -> love``.
- ``amusement, excitement, pride -> joy``: pleasant, self-directed states.
- Left unmapped (they carry no ficlens label, but do feed the valence): ``admiration``, ``approval`` and
  ``gratitude`` (on Reddit mostly praise, agreement and thanks, which would teach "joy" to mean "great post,
  thanks"); ``desire`` and ``optimism`` (wanting and hoping are not joy yet); ``disapproval`` (mostly
  disagreement, "no, that's wrong", not anger); ``realization``, ``confusion`` and ``curiosity`` (cognitive
  states, not surprise; realization is also GoEmotions' least reliable label).

A text whose labels are all unmapped is *not* neutral: it expresses something outside the nine labels, so it
is a negative example for every label, neutral included.

XED (Öhman et al. 2020; Plutchik's eight + neutral) maps as ``XED_TO_FICLENS``: anger, disgust -> anger;
fear, joy, sadness, surprise -> themselves; neutral -> neutral; anticipation and trust unmapped. XED has no
guilt, relief or love, so its lines say nothing about those three labels (``XED_UNKNOWN``): they are left
out of those labels' training and evaluation rather than counted as negatives.

Valence comes from two more outputs of the model, ``positive`` and ``negative``, trained on GoEmotions'
``sentiment_dict.json`` grouping (positive / negative / ambiguous) over all 27 emotions and on XED's
(joy, trust -> positive; anger, disgust, fear, sadness -> negative; anticipation, surprise -> neither):
``valence = P(positive) - P(negative)``.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Final

from ficlens.datamodel.inner import EMOTION_LABELS

# one label set for the model and the saved analysis
LABELS: Final[tuple[str, ...]] = EMOTION_LABELS
NEUTRAL: Final = "neutral"

# The model's outputs: the nine labels, then the two valence poles.
POLARITIES: Final[tuple[str, ...]] = ("positive", "negative")
HEADS: Final[tuple[str, ...]] = LABELS + POLARITIES

GOEMOTIONS_LABELS: Final[tuple[str, ...]] = (
    "admiration",
    "amusement",
    "anger",
    "annoyance",
    "approval",
    "caring",
    "confusion",
    "curiosity",
    "desire",
    "disappointment",
    "disapproval",
    "disgust",
    "embarrassment",
    "excitement",
    "fear",
    "gratitude",
    "grief",
    "joy",
    "love",
    "nervousness",
    "optimism",
    "pride",
    "realization",
    "relief",
    "remorse",
    "sadness",
    "surprise",
    "neutral",
)

GOEMOTIONS_TO_FICLENS: Final[dict[str, str | None]] = {
    "admiration": None,
    "amusement": "joy",
    "anger": "anger",
    "annoyance": "anger",
    "approval": None,
    "caring": "love",
    "confusion": None,
    "curiosity": None,
    "desire": None,
    "disappointment": "sadness",
    "disapproval": None,
    "disgust": "anger",
    "embarrassment": "guilt",
    "excitement": "joy",
    "fear": "fear",
    "gratitude": None,
    "grief": "sadness",
    "joy": "joy",
    "love": "love",
    "nervousness": "fear",
    "optimism": None,
    "pride": "joy",
    "realization": None,
    "relief": "relief",
    "remorse": "guilt",
    "sadness": "sadness",
    "surprise": "surprise",
    "neutral": "neutral",
}

# GoEmotions' sentiment_dict.json grouping (the "ambiguous" group maps to neither pole).
GOEMOTIONS_POLARITY: Final[dict[str, str | None]] = {
    **dict.fromkeys(
        (
            "amusement",
            "excitement",
            "joy",
            "love",
            "desire",
            "optimism",
            "caring",
            "pride",
            "admiration",
            "gratitude",
            "relief",
            "approval",
        ),
        "positive",
    ),
    **dict.fromkeys(
        (
            "fear",
            "nervousness",
            "remorse",
            "embarrassment",
            "disappointment",
            "sadness",
            "grief",
            "disgust",
            "anger",
            "annoyance",
            "disapproval",
        ),
        "negative",
    ),
    **dict.fromkeys(("realization", "surprise", "curiosity", "confusion", "neutral"), None),
}

# XED's label ids as they appear in the files (neutral is 9 in neu_en.txt, though XED's README says 0).
XED_LABELS: Final[dict[int, str]] = {
    1: "anger",
    2: "anticipation",
    3: "disgust",
    4: "fear",
    5: "joy",
    6: "sadness",
    7: "surprise",
    8: "trust",
    9: "neutral",
}

XED_TO_FICLENS: Final[dict[str, str | None]] = {
    "anger": "anger",
    "anticipation": None,
    "disgust": "anger",
    "fear": "fear",
    "joy": "joy",
    "sadness": "sadness",
    "surprise": "surprise",
    "trust": None,
    "neutral": "neutral",
}

XED_POLARITY: Final[dict[str, str | None]] = {
    "anger": "negative",
    "anticipation": None,
    "disgust": "negative",
    "fear": "negative",
    "joy": "positive",
    "sadness": "negative",
    "surprise": None,
    "trust": "positive",
    "neutral": None,
}

# ficlens labels that XED cannot speak to.
XED_UNKNOWN: Final[frozenset[str]] = frozenset({"guilt", "relief", "love"})
XED_KNOWN: Final[tuple[str, ...]] = tuple(label for label in LABELS if label not in XED_UNKNOWN)


def map_labels(source_labels: Iterable[str], mapping: dict[str, str | None]) -> frozenset[str]:
    """The ficlens labels (or polarities) that a text with ``source_labels`` carries under ``mapping``."""
    return frozenset(m for label in source_labels if (m := mapping[label]) is not None)

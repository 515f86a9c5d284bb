"""Read the emotion corpora: GoEmotions (Apache-2.0) and XED's English lines (CC BY 4.0), from ``data``
(``../shared/data/emotion``), with their labels mapped onto ficlens's (``ficlens.pipeline.emotions.labels``).

XED has no held-out split of its own, so ficlens makes one from a hash of each line's text (the same line
always lands in the same part, duplicates included): 10% test, 10% dev, 80% train.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from ficlens.datasets.files import read_text
from ficlens.pipeline.emotions.labels import (
    GOEMOTIONS_LABELS,
    GOEMOTIONS_POLARITY,
    GOEMOTIONS_TO_FICLENS,
    XED_LABELS,
    XED_POLARITY,
    XED_TO_FICLENS,
    XED_UNKNOWN,
    map_labels,
)

Split = Literal["train", "dev", "test"]

_PLACEHOLDERS = re.compile(r"\[(?:NAME|PERSON|RELIGION)\]")


@dataclass(frozen=True, slots=True)
class Example:
    """One labelled text: its ficlens labels and polarities, and the outputs its corpus cannot speak to."""

    text: str
    labels: frozenset[str]
    polarities: frozenset[str]
    source: Literal["goemotions", "xed"]
    unknown: frozenset[str] = frozenset()


def _clean(text: str) -> str:
    # the corpora mask names; a masked name should weigh nothing, as an unseen name in a story does
    return " ".join(_PLACEHOLDERS.sub(" ", text).split())


def read_goemotions(data: Path, split: Split) -> list[Example]:
    """GoEmotions' ``train``/``dev``/``test`` split from ``data/goemotions/{split}.tsv``."""
    examples = []
    path = data / "goemotions" / f"{split}.tsv"
    for line in read_text(path).splitlines():
        if not line.strip():
            continue
        text, ids, _comment = line.split("\t")
        source = [GOEMOTIONS_LABELS[int(i)] for i in ids.split(",")]
        examples.append(
            Example(
                text=_clean(text),
                labels=map_labels(source, GOEMOTIONS_TO_FICLENS),
                polarities=map_labels(source, GOEMOTIONS_POLARITY),
                source="goemotions",
            )
        )
    return examples


def xed_split(text: str) -> Split:
    """ficlens's deterministic split of XED: by the SHA-1 of the line's text, 10% test, 10% dev, 80% train."""
    bucket = int(hashlib.sha1(text.encode("utf-8")).hexdigest(), 16) % 10
    return "test" if bucket == 0 else "dev" if bucket == 1 else "train"


def _xed_example(text: str, source: list[str]) -> Example:
    return Example(
        text=_clean(text),
        labels=map_labels(source, XED_TO_FICLENS),
        polarities=map_labels(source, XED_POLARITY),
        source="xed",
        unknown=XED_UNKNOWN,
    )


def read_xed(data: Path, split: Split) -> list[Example]:
    """XED's English lines (annotated, then neutral) that fall in ``split`` of ``xed_split``."""
    examples = []
    annotated = read_text(data / "xed" / "en-annotated.tsv")
    for line in annotated.splitlines():
        text, _, ids = line.rstrip("\r").rpartition("\t")
        if not text.strip() or xed_split(text) != split:
            continue
        examples.append(_xed_example(text, [XED_LABELS[int(i)] for i in ids.split(",")]))
    neutral = read_text(data / "xed" / "neu_en.txt")
    for line in neutral.splitlines():
        label, _, rest = line.rstrip("\r").partition("\t")
        text = rest.strip("\t ")
        if not text or xed_split(text) != split:
            continue
        examples.append(_xed_example(text, [XED_LABELS[int(label)]]))
    return examples

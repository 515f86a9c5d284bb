"""``ficlens_emotions``: scores every sentence of the Doc with the shipped emotion model.

Writes ``doc._.ficlens_sentence_emotions``: one ``SentenceEmotion`` per sentence that has any non-space
text, in Doc order, with offsets trimmed of surrounding whitespace. Whose emotions they are is decided later
(``ficlens_inner``).
"""

from __future__ import annotations

import io

from spacy.language import Language
from spacy.tokens import Doc

from ficlens.datamodel.emotion import SentenceEmotion
from ficlens.pipeline.docdata import set_sentence_emotions
from ficlens.pipeline.emotions.classify import EmotionModel, decide, valence
from ficlens.pipeline.emotions.labels import LABELS
from ficlens.pipeline.weights import WeightedPipe


def sentence_spans(doc: Doc) -> list[tuple[int, int]]:
    """Character offsets of each sentence's text without its surrounding whitespace; blank ones left out.

    A Doc without sentence boundaries (no parser or senter ran) counts as one sentence.
    """
    spans = []
    text = doc.text
    # without a parser or senter the Doc has no sentences; it is then scored as one
    bounds = (
        [(s.start_char, s.end_char) for s in doc.sents]
        if doc.has_annotation("SENT_START")
        else [(0, len(text))]
    )
    for start, end in bounds:
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        if start < end:
            spans.append((start, end))
    return spans


def score_sentences(text: str, spans: list[tuple[int, int]], model: EmotionModel) -> list[SentenceEmotion]:
    """The model's verdict on each ``text[start:end]``."""
    if not spans:
        return []
    heads = model.predict_heads([text[start:end] for start, end in spans])
    probs = heads[:, : len(LABELS)]
    labels = decide(probs, model.thresholds)
    valences = valence(heads)
    return [
        SentenceEmotion(
            start=start,
            end=end,
            scores={label: round(float(p), 4) for label, p in zip(LABELS, row, strict=True)},
            labels=chosen,
            valence=round(float(v), 4),
        )
        for (start, end), row, chosen, v in zip(spans, probs, labels, valences, strict=True)
    ]


class EmotionScorer(WeightedPipe[EmotionModel]):
    """Thin spaCy glue around ``score_sentences``."""

    file_name = "emotions.npz"
    shipped = "emotions/emotions.npz"
    what = "emotion"

    def __init__(
        self, nlp: Language | None = None, name: str = "ficlens_emotions", *, weights: str = "shipped"
    ) -> None:
        super().__init__(nlp, name, weights=weights)

    @classmethod
    def parse(cls, data: bytes) -> EmotionModel:
        import zipfile

        try:
            return EmotionModel.read(io.BytesIO(data))
        except zipfile.BadZipFile as exc:  # numpy's .npz is a zip archive
            raise ValueError(str(exc)) from exc

    def __call__(self, doc: Doc) -> Doc:
        set_sentence_emotions(doc, score_sentences(doc.text, sentence_spans(doc), self.require()))
        return doc

"""ficlens_emotions: the component contract, the shipped model, and the decision rule."""

from __future__ import annotations

import io

import numpy as np
import pytest
import spacy
from spacy.language import Language
from spacy.tokens import Doc

import ficlens.pipeline.factories  # noqa: F401  (registers the factories)
from ficlens.datamodel.emotion import SentenceEmotion
from ficlens.pipeline.docdata import get_sentence_emotions
from ficlens.pipeline.emotions.classify import EmotionModel, Featurizer, decide, load_model, predict, tokenize
from ficlens.pipeline.emotions.labels import (
    GOEMOTIONS_LABELS,
    GOEMOTIONS_POLARITY,
    GOEMOTIONS_TO_FICLENS,
    HEADS,
    LABELS,
    XED_LABELS,
    XED_POLARITY,
    XED_TO_FICLENS,
)
from ficlens.pipeline.emotions.lexicon import EMOTION_WORDS, emotion_words


@pytest.fixture(scope="module")
def nlp() -> Language:
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    nlp.add_pipe("ficlens_emotions")
    return nlp


def _emotions(nlp: Language, text: str) -> list[SentenceEmotion]:
    result = get_sentence_emotions(nlp(text))
    assert result is not None
    return list(result)


def test_empty_doc(nlp: Language) -> None:
    assert _emotions(nlp, "") == []


def test_whitespace_only_doc(nlp: Language) -> None:
    assert _emotions(nlp, "  \n\n  ") == []


def test_one_word_doc(nlp: Language) -> None:
    (only,) = _emotions(nlp, "Hello")
    assert (only.start, only.end) == (0, 5)
    assert set(only.scores) == set(LABELS)
    assert all(0.0 <= p <= 1.0 for p in only.scores.values())
    assert only.labels and set(only.labels) <= set(LABELS)
    assert -1.0 <= only.valence <= 1.0


def test_offsets_cover_each_sentence_trimmed(nlp: Language) -> None:
    text = "She opened the door.  He was gone!\n\nShe sat down and cried. Then she laughed."
    doc = nlp(text)
    emotions = get_sentence_emotions(doc)
    sentences = [s for s in doc.sents if s.text.strip()]
    assert len(emotions) == len(sentences)
    for emotion, sent in zip(emotions, sentences, strict=True):
        assert text[emotion.start : emotion.end] == sent.text.strip()
        assert sent.start_char <= emotion.start < emotion.end <= sent.end_char
    assert [e.start for e in emotions] == sorted(e.start for e in emotions)


def test_whitespace_sentence_is_skipped() -> None:
    nlp = spacy.blank("en")
    nlp.add_pipe("ficlens_emotions")
    words = ["He", "left", ".", "\n\n", "She", "stayed", "."]
    spaces = [True, False, False, False, True, False, False]
    starts = [True, False, False, True, True, False, False]
    doc = nlp(Doc(nlp.vocab, words=words, spaces=spaces, sent_starts=starts))
    emotions = get_sentence_emotions(doc)
    assert [doc.text[e.start : e.end] for e in emotions] == ["He left.", "She stayed."]


def test_doc_without_sentences_is_one_sentence() -> None:
    nlp = spacy.blank("en")
    nlp.add_pipe("ficlens_emotions")
    (only,) = get_sentence_emotions(nlp("She smiled at him. He smiled back. "))
    assert (only.start, only.end) == (0, len("She smiled at him. He smiled back."))


def test_pipeline_analysis_finds_no_problem(nlp: Language) -> None:
    analysis = nlp.analyze_pipes()
    assert not any(analysis["problems"].values())


@pytest.mark.parametrize(
    ("sentence", "label"),
    [
        ("She wept for her dead brother.", "sadness"),
        ("He was furious and screamed at them to get out.", "anger"),
        ("She was terrified and her hands shook.", "fear"),
        ("I'm so sorry, it was all my fault.", "guilt"),
        ("I love you so much.", "love"),
        ("They laughed and danced, happier than they had ever been.", "joy"),
        ("Tobias was furious.", "anger"),
        ("Guilt ate at him for weeks.", "guilt"),
        ("She let out a long breath, weak with relief.", "relief"),
        ("He stared at her, stunned.", "surprise"),
        ("He walked to the window and looked out at the street.", "neutral"),
    ],
)
def test_obvious_sentences(nlp: Language, sentence: str, label: str) -> None:
    (emotion,) = _emotions(nlp, sentence)
    # a reasonable model puts the obvious emotion among its labels, or at least among its two best scores
    top_two = sorted(emotion.scores, key=lambda k: -emotion.scores[k])[:2]
    assert label in emotion.labels or label in top_two, (emotion.labels, emotion.scores)


def test_valence_sign(nlp: Language) -> None:
    sad, happy = _emotions(nlp, "She wept for her dead brother. They laughed together, happy at last.")
    assert sad.valence < 0 < happy.valence


def test_predict_shapes_and_empty_text() -> None:
    probs = predict(["", "A storm broke over the hills.", "!!"])
    assert probs.shape == (3, len(LABELS))
    assert np.all((probs >= 0) & (probs <= 1))
    assert predict([]).shape == (0, len(LABELS))


def test_batch_equals_one_by_one() -> None:
    texts = ["He was angry.", "", "She hugged her mother tight and would not let go."]
    batch = predict(texts)
    single = np.vstack([predict([t]) for t in texts])
    np.testing.assert_allclose(batch, single, rtol=1e-5, atol=1e-6)


def test_shipped_model_is_ficlens_model() -> None:
    model = load_model()
    assert model.heads == HEADS
    assert np.all((model.thresholds > 0) & (model.thresholds < 1))


def test_tokenize_keeps_contractions_and_marks() -> None:
    assert tokenize("Didn\u2019t she SCREAM?!") == ["didn't", "she", "scream", "?", "!"]


def test_features_are_stable_across_instances() -> None:
    a = Featurizer(2**12).encode(["It was on the table, all of it."])
    b = Featurizer(2**12).encode(["It was on the table, all of it."])
    for x, y in zip(a, b, strict=True):
        np.testing.assert_array_equal(x, y)
    indptr, indices, values = a
    assert indptr.tolist() == [0, len(indices)]
    assert indices.max() < 2**12
    # every entry of each group (words, pairs, character n-grams; no emotion word here) weighs 1/sqrt(size)
    assert float(np.sum(values**2)) == pytest.approx(3.0, rel=1e-5)


def test_emotion_words_and_their_negation() -> None:
    assert emotion_words("furiously") == ("anger",)
    assert emotion_words("wept") == ("sadness",)
    assert emotion_words("table") == ()
    featurizer = Featurizer(2**16)
    afraid = featurizer.emotion_feature("fear", negated=False)
    not_afraid = featurizer.emotion_feature("fear", negated=True)
    _, plain, _ = featurizer.encode(["She was afraid."])
    _, negated, _ = featurizer.encode(["She wasn't at all afraid."])
    assert afraid in plain and not_afraid not in plain
    assert not_afraid in negated and afraid not in negated


def test_decide_falls_back_to_neutral_and_orders_by_probability() -> None:
    thresholds = np.full(len(LABELS), 0.5, dtype=np.float32)
    probs = np.zeros((3, len(LABELS)), dtype=np.float32)
    probs[1, LABELS.index("fear")] = 0.6
    probs[1, LABELS.index("anger")] = 0.9
    probs[2, LABELS.index("neutral")] = 0.9
    probs[2, LABELS.index("joy")] = 0.7
    assert decide(probs, thresholds) == [("neutral",), ("anger", "fear"), ("joy",)]


def test_model_round_trip() -> None:
    rng = np.random.default_rng(0)
    model = EmotionModel(
        heads=HEADS,
        weights=rng.normal(size=(64, len(HEADS))).astype(np.float32),
        bias=rng.normal(size=len(HEADS)).astype(np.float32),
        thresholds=np.full(len(LABELS), 0.3, dtype=np.float32),
        n_buckets=64,
    )
    buffer = io.BytesIO()
    model.write(buffer)
    buffer.seek(0)
    again = EmotionModel.read(buffer)
    texts = ["She screamed.", "They kissed."]
    np.testing.assert_allclose(again.predict(texts), model.predict(texts), atol=2e-3)
    np.testing.assert_array_equal(again.thresholds, model.thresholds)


def test_model_rejects_other_heads() -> None:
    with pytest.raises(ValueError):
        EmotionModel(
            heads=("joy",),
            weights=np.zeros((4, 1), dtype=np.float32),
            bias=np.zeros(1, dtype=np.float32),
            thresholds=np.zeros(len(LABELS), dtype=np.float32),
            n_buckets=4,
        )


def test_mappings_cover_every_source_label() -> None:
    assert set(GOEMOTIONS_TO_FICLENS) == set(GOEMOTIONS_LABELS) == set(GOEMOTIONS_POLARITY)
    assert set(XED_TO_FICLENS) == set(XED_LABELS.values()) == set(XED_POLARITY)
    targets = {v for v in (*GOEMOTIONS_TO_FICLENS.values(), *XED_TO_FICLENS.values()) if v is not None}
    assert targets == set(LABELS)
    assert set(EMOTION_WORDS) == set(LABELS) - {"neutral"}


def test_sentence_emotion_survives_json(nlp: Language) -> None:
    from ficlens.datamodel.serialize import from_jsonable, to_jsonable

    (emotion,) = _emotions(nlp, "She wept for her dead brother.")
    assert from_jsonable(SentenceEmotion, to_jsonable(emotion)) == emotion


def test_fast_path_matches_sparse_definition() -> None:
    model = load_model()
    texts = [
        "",
        "!!",
        "She wept for her dead brother.",
        "He wasn't afraid, not at all!",
        "I'm so sorry... it was my fault? Yes.",
        "the the the the",
        "Ça va? Très bien, merci.",
    ]
    fast = model.predict_heads(texts)
    sparse = 0.5 * (1.0 + np.tanh(0.5 * (model.logits_sparse(texts) + model.bias)))
    np.testing.assert_allclose(fast, sparse, atol=1e-5)

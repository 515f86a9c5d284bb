"""Every ficlens spaCy factory, registered in one place: a map of the pipeline.

The ficlens pipeline is one spaCy ``Language`` (see ``ficlens.pipeline.run``): en_core_web_sm's tok2vec,
tagger, parser, attribute_ruler and lemmatizer (its OntoNotes NER is left out), then the components below
in ``FICLENS_COMPONENTS`` order. ``requires``/``assigns`` say what each one really reads and writes, so
``nlp.analyze_pipes()`` checks the order. The hand-offs are Doc extensions holding plain data
(``ficlens.pipeline.docdata``); ``doc._.ficlens_story`` and ``doc._.ficlens_options`` are optional inputs
that the runner sets (a user's own pipeline can leave them out).

The same factories are exposed through the ``spacy_factories`` entry points in pyproject.toml, so
``nlp.add_pipe("ficlens_quotes")`` works in any spaCy pipeline once ficlens is installed. Components with
weights (entities, coref, speakers, emotions) load the package's trained ones unless ``weights = ""``;
each saves its own copy with ``nlp.to_disk`` and reads it back in ``spacy.load``.
"""

from __future__ import annotations

from typing import Any

from spacy.language import Language

from ficlens.pipeline.docdata import register_extensions

register_extensions()

# The first runs on paragraph-aligned chunks with sm's components (stage 1); the others once over the
# whole merged Doc (stage 2), in this order.
CHUNK_STAGE: tuple[str, ...] = ("ficlens_entities",)
DOC_STAGE: tuple[str, ...] = (
    "ficlens_names",
    "ficlens_quotes",
    "ficlens_characters",
    "ficlens_coref",
    "ficlens_speakers",
    "ficlens_quote_pronouns",
    "ficlens_emotions",
    "ficlens_inner",
)
FICLENS_COMPONENTS: tuple[str, ...] = CHUNK_STAGE + DOC_STAGE

# What the components read of sm's annotation. They read ``token.pos`` too, but en_core_web_sm's
# attribute_ruler, which maps tags to POS, declares no ``assigns``: naming token.pos would make
# ``analyze_pipes`` report a missing requirement that is met. ``token.tag`` stands for it.
_PARSE = ["token.dep", "token.tag", "token.lemma"]


# --- literary entities (pipeline/entities) ---
@Language.factory(
    "ficlens_entities",
    requires=["doc.tensor", "token.tag", "token.dep"],
    assigns=["doc.spans"],
    default_config={
        "hidden": 128,
        "own_width": 64,
        "own_depth": 2,
        "vectors": "",
        "vectors_width": 64,
        "weights": "shipped",
    },
)
def make_ficlens_entities(
    nlp: Language,
    name: str,
    hidden: int,
    own_width: int,
    own_depth: int,
    vectors: str,
    vectors_width: int,
    weights: str,
) -> Any:
    from ficlens.pipeline.entities.component import make_entity_recognizer

    return make_entity_recognizer(
        nlp,
        name,
        hidden=hidden,
        own_width=own_width,
        own_depth=own_depth,
        vectors=vectors,
        vectors_width=vectors_width,
        weights=weights,
    )


# --- accurate mode: the fine-tuned transformer encoder and its entity head (pipeline/encoder) ---
@Language.factory(
    "ficlens_encoder",
    requires=[],
    assigns=["doc._.ficlens_encoder"],
    default_config={"model_dir": "", "threads": 1, "weights": "shipped"},
)
def make_ficlens_encoder(nlp: Language, name: str, model_dir: str, threads: int, weights: str) -> Any:
    from ficlens.pipeline.encoder.component import EncoderPipe

    return EncoderPipe(name, model_dir=model_dir, threads=threads, weights=weights)


@Language.factory(
    "ficlens_encoder_entities",
    requires=["doc._.ficlens_encoder"],
    assigns=["doc.spans"],
)
def make_ficlens_encoder_entities(nlp: Language, name: str) -> Any:
    from ficlens.pipeline.encoder.component import EncoderEntities

    return EncoderEntities(name)


# --- person names the recogniser missed (pipeline/names) ---
@Language.factory(
    "ficlens_names",
    requires=["doc.spans", "token.tag", "token.dep", "token.lemma"],
    assigns=["doc.spans"],
)
def make_ficlens_names(nlp: Language, name: str) -> Any:
    from ficlens.pipeline.names.component import NamePropagator

    return NamePropagator(name)


# --- quotations (pipeline/quotes) ---
@Language.factory("ficlens_quotes", requires=[], assigns=["doc._.ficlens_quotes"])
def make_ficlens_quotes(nlp: Language, name: str) -> Any:
    from ficlens.pipeline.quotes.component import QuoteFinder

    return QuoteFinder(name)


# --- characters and coreference (pipeline/characters, pipeline/coref) ---
@Language.factory(
    "ficlens_characters",
    requires=["doc.spans", "token.tag", "token.is_sent_start"],
    assigns=["doc._.ficlens_cast"],
)
def make_ficlens_characters(nlp: Language, name: str) -> Any:
    from ficlens.pipeline.characters.component import CharacterFinder

    return CharacterFinder(name)


@Language.factory(
    "ficlens_coref",
    requires=["doc.spans", *_PARSE, "doc._.ficlens_cast", "doc._.ficlens_quotes"],
    assigns=["doc._.ficlens_coref", "doc._.ficlens_cast"],
    default_config={"weights": "shipped"},
)
def make_ficlens_coref(nlp: Language, name: str, weights: str) -> Any:
    from ficlens.pipeline.coref.component import CorefResolver

    return CorefResolver(nlp, name, weights=weights)


# --- speakers (pipeline/quotes) ---
@Language.factory(
    "ficlens_speakers",
    requires=[*_PARSE, "doc._.ficlens_quotes", "doc._.ficlens_coref", "doc._.ficlens_cast"],
    assigns=["doc._.ficlens_quotes"],
    default_config={"weights": "shipped"},
)
def make_ficlens_speakers(nlp: Language, name: str, weights: str) -> Any:
    from ficlens.pipeline.quotes.component import SpeakerAttributor

    return SpeakerAttributor(nlp, name, weights=weights)


@Language.factory(
    "ficlens_quote_pronouns",
    requires=["doc._.ficlens_coref", "doc._.ficlens_quotes"],
    assigns=["doc._.ficlens_coref"],
)
def make_ficlens_quote_pronouns(nlp: Language, name: str) -> Any:
    from ficlens.pipeline.coref.quote_pronouns import QuotePronouns

    return QuotePronouns(name)


# --- sentence emotions (pipeline/emotions) ---
@Language.factory(
    "ficlens_emotions",
    requires=["token.is_sent_start"],
    assigns=["doc._.ficlens_sentence_emotions"],
    default_config={"weights": "shipped"},
)
def make_ficlens_emotions(nlp: Language, name: str, weights: str) -> Any:
    from ficlens.pipeline.emotions.component import EmotionScorer

    return EmotionScorer(nlp, name, weights=weights)


# --- inner life (pipeline/inner) ---
@Language.factory(
    "ficlens_inner",
    requires=[
        *_PARSE,
        "doc._.ficlens_cast",
        "doc._.ficlens_coref",
        "doc._.ficlens_quotes",
        "doc._.ficlens_sentence_emotions",
    ],
    assigns=["doc._.ficlens_inner"],
)
def make_ficlens_inner(nlp: Language, name: str) -> Any:
    from ficlens.pipeline.inner.component import InnerLife

    return InnerLife(nlp, name)

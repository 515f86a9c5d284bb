"""Every ficlens spaCy factory, registered in one place: a map of the pipeline.

Components run in two stages (see ``ficlens.pipeline.run``):

1. the chunk stage, run with ``nlp.pipe`` over paragraph-aligned chunks of the story: en_core_web_sm's
   tok2vec, tagger, parser, attribute_ruler and lemmatizer (its OntoNotes NER is left out), then
   ``ficlens_entities``;
2. the document stage, run once over the whole merged Doc, in ``DOC_STAGE`` order.

Each factory imports its component lazily so that registering costs nothing.
"""

from __future__ import annotations

from typing import Any

from spacy.language import Language

from ficlens.pipeline.extensions import register_extensions

register_extensions()

# Document-stage components in the order they run. The runner adds those that are registered.
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

_: Any = Language  # the registrations below use it


# --- literary entities (pipeline/entities) ---
@Language.factory(
    "ficlens_entities",
    requires=["doc.tensor", "token.tag", "token.dep"],
    assigns=["doc.spans"],
    default_config={"hidden": 128, "own_width": 0, "own_depth": 2, "vectors": ""},
)
def make_ficlens_entities(
    nlp: Language, name: str, hidden: int, own_width: int, own_depth: int, vectors: str
) -> Any:
    from ficlens.pipeline.entities.component import make_entity_recognizer

    return make_entity_recognizer(
        nlp, name, hidden=hidden, own_width=own_width, own_depth=own_depth, vectors=vectors
    )


# --- sentence emotions (pipeline/emotions) ---
@Language.factory(
    "ficlens_emotions",
    requires=["token.is_sent_start"],
    assigns=["doc._.ficlens_sentence_emotions"],
)
def make_ficlens_emotions(nlp: Language, name: str) -> Any:
    from ficlens.pipeline.emotions.component import make_emotion_scorer

    return make_emotion_scorer(nlp, name)


# --- inner life (issue 5) ---------------------------------------------------------------------------------
@Language.factory(
    "ficlens_inner",
    requires=["token.dep", "token.tag", "token.lemma", "token.pos"],
    assigns=["doc._.ficlens_inner"],
)
def make_inner(nlp: Language, name: str) -> Any:
    from ficlens.pipeline.inner.component import InnerLife

    return InnerLife(nlp, name)


# --- characters and coreference (pipeline/characters, pipeline/coref) ---
@Language.factory(
    "ficlens_characters",
    requires=["doc.spans", "token.pos", "token.tag", "doc._.ficlens_story", "doc._.ficlens_options"],
    assigns=["doc._.ficlens_cast"],
)
def make_ficlens_characters(nlp: Language, name: str) -> Any:
    from ficlens.pipeline.characters.component import CharacterFinder

    return CharacterFinder(name)


@Language.factory(
    "ficlens_coref",
    requires=["doc.spans", "token.dep", "token.tag", "token.lemma", "doc._.ficlens_cast"],
    assigns=["doc._.ficlens_coref", "doc._.ficlens_cast"],
)
def make_ficlens_coref(nlp: Language, name: str) -> Any:
    from ficlens.pipeline.coref.component import CorefResolver

    return CorefResolver(name)


@Language.factory(
    "ficlens_quote_pronouns",
    requires=["doc._.ficlens_coref", "doc._.ficlens_quotes"],
    assigns=["doc._.ficlens_coref"],
)
def make_ficlens_quote_pronouns(nlp: Language, name: str) -> Any:
    from ficlens.pipeline.coref.quote_pronouns import QuotePronouns

    return QuotePronouns(name)


# --- person names the recogniser missed (pipeline/names) ---
@Language.factory(
    "ficlens_names",
    requires=["token.pos", "token.dep", "token.lemma"],
    assigns=["doc.spans"],
)
def make_ficlens_names(nlp: Language, name: str) -> Any:
    from ficlens.pipeline.names.component import NamePropagator

    return NamePropagator(name)


# --- quotations and speakers (pipeline/quotes) ---
@Language.factory(
    "ficlens_quotes",
    requires=["doc._.ficlens_story"],
    assigns=["doc._.ficlens_quotes"],
)
def make_ficlens_quotes(nlp: Language, name: str) -> Any:
    from ficlens.pipeline.quotes.component import QuoteFinder

    return QuoteFinder(name)


@Language.factory(
    "ficlens_speakers",
    requires=["token.dep", "token.pos", "token.lemma", "doc._.ficlens_quotes", "doc._.ficlens_coref"],
    assigns=["doc._.ficlens_quotes"],
)
def make_ficlens_speakers(nlp: Language, name: str) -> Any:
    from ficlens.pipeline.quotes.component import SpeakerAttributor

    return SpeakerAttributor(name)

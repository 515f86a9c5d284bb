"""spaCy glue for ``ficlens_characters``: proper-name PER mentions -> ``doc._.ficlens_cast``."""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from spacy.pipeline import Pipe

from ficlens.pipeline.characters.cast import INTERJECTIONS, Cast, CastEntry, load_cast_file
from ficlens.pipeline.characters.cluster import (
    NameClusterer,
    NameMention,
    Seed,
    build_cast,
    is_place_name,
)
from ficlens.pipeline.characters.gender import narrated_genders
from ficlens.pipeline.docdata import ENTITY_SPANS, get_options, get_story, set_cast
from ficlens.pipeline.lexicon import is_title

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

# AO3 character tags that name no one in particular
_NOT_A_CHARACTER = re.compile(
    r"original (female |male |non-binary |)characters?|\bocs?\b|ensemble|everyone|various|minor characters",
    re.IGNORECASE,
)
_QUALIFIER = re.compile(r"\s*\([^)]*\)\s*")


def tag_seeds(tags: tuple[str, ...]) -> list[Seed]:
    """AO3 character tags as seeds: "Jo March (Little Women)" -> "Jo March"; group tags dropped."""
    seeds: list[Seed] = []
    seen: set[str] = set()
    for tag in tags:
        if _NOT_A_CHARACTER.search(tag):
            continue
        name = " ".join(_QUALIFIER.sub(" ", tag).split())
        if "|" in name:  # "Alex | Alexander": alternatives of one character
            first, *rest = (n.strip() for n in name.split("|"))
            if first and first.lower() not in seen:
                seen.add(first.lower())
                seeds.append(Seed(first, tuple(r for r in rest if r), tag))
            continue
        if name and name.lower() not in seen:
            seen.add(name.lower())
            seeds.append(Seed(name, (), tag))
    return seeds


def is_proper_person(span: Span) -> bool:
    return span.label_ == "PER" and span.root.pos_ == "PROPN" and span.root.tag_ != "NNPS"


def name_mentions(doc: Doc) -> list[NameMention]:
    """Proper-name PER mentions that can be characters (not places after people, not plural names)."""
    spans = doc.spans.get(ENTITY_SPANS, [])
    sent_of = _sentence_index(doc)
    out: list[NameMention] = []
    seen: set[tuple[int, int]] = set()
    lower_words = {t.text for t in doc if t.is_lower}
    for span in sorted(spans, key=lambda s: (s.start, -s.end)):
        if not is_proper_person(span) or (span.start, span.end) in seen:
            continue
        tokens = list(span)
        if len(tokens) >= 2 and _glued_word(tokens[0], lower_words):
            tokens = tokens[1:]  # "Trust Ellis", "Oh Ellis": the verb or interjection is not the name
        words = tuple(t.text for t in tokens if _is_name_word(t, lower_words))
        before = doc[span.start - 1].text if span.start > 0 else None
        if not words or is_place_name(words, before):
            continue
        seen.add((span.start, span.end))
        out.append(NameMention(span.start, span.end, words, sent_of[span.start]))
    return out


def _glued_word(token: Token, lower_words: set[str]) -> bool:
    """A sentence's first word glued to the name after it: an interjection ("Oh Ellis") or a word the story
    also writes in lower case that is no given name ("Trust Ellis" beside "trust"; not "Will Turner")."""
    from ficlens.pipeline.characters.nicknames import is_given_name

    start = token.sent.start
    if any(not t.is_punct for t in token.doc[start : token.i]) or is_title(token.lower_):
        return False
    if token.lower_ in INTERJECTIONS or token.pos_ == "INTJ":
        return True
    return token.lower_ in lower_words and not is_given_name(token.text)


def _is_name_word(token: Token, lower_words: set[str] = frozenset()) -> bool:  # type: ignore[assignment]
    """Name words, titles and possessive marks; not "poor" in "Poor Thomas" nor "the" in "the Doctor".

    A capitalised word the tagger calls an adjective ("Lucía" in "Lucía Reyes") is a name word when the story
    never writes it in lower case."""
    if token.pos_ == "PROPN" or is_title(token.lower_) or token.text in ("'s", "’s", "'", "’"):
        return True
    if token.pos_ == "ADJ" and token.is_title and token.is_alpha:
        return token.lower_ not in lower_words
    return token.pos_ in ("NOUN", "X") and token.text[:1].isupper()


def _sentence_index(doc: Doc) -> list[int]:
    from ficlens.pipeline.coref.mentions import sentence_index

    return list(sentence_index(doc).tolist())


def find_cast(doc: Doc, *, cast_entries: Sequence[CastEntry] = (), cast_file: Path | None = None) -> Cast:
    """The cast of ``doc``: its proper-name mentions clustered, seeded by the user's cast file entries (or
    the file itself) and the story's AO3 character tags."""
    if cast_file is not None:
        cast_entries = [*cast_entries, *load_cast_file(cast_file)]
    story = get_story(doc)
    seeds: list[Seed] = [Seed(e.name, e.aliases, e.name) for e in cast_entries if e.character]
    if story is not None:
        known = {s.name.lower() for s in seeds}
        seeds += [s for s in tag_seeds(story.metadata.characters) if s.name.lower() not in known]
    mentions = name_mentions(doc)
    clusterer = NameClusterer(seeds)
    keys = clusterer.cluster(mentions)
    cast = build_cast(mentions, keys, clusterer)
    narrated_genders(doc, cast)
    return cast


class CharacterFinder(Pipe):
    """``ficlens_characters``: who the proper names in the story are."""

    def __init__(self, name: str = "ficlens_characters") -> None:
        self.name = name

    def __call__(self, doc: Doc) -> Doc:
        set_cast(doc, find_cast(doc, cast_entries=get_options(doc).cast))
        return doc

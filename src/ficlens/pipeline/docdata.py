"""The hand-offs between ficlens components, kept on the Doc as plain data.

Every value a component leaves for the next one sits in a Doc extension (``doc._.ficlens_*``, stored by
spaCy in ``doc.user_data``) as dicts, lists, strings and numbers only, so a Doc survives ``doc.to_bytes()``,
``DocBin`` and ``nlp.pipe(..., n_process=N)`` (which sends Docs between processes as bytes). This module
is the one place that turns the pipeline's working objects into that plain form and back: components call
``get_*`` at their start and ``set_*`` at their end, and never keep an object on the Doc.

The Doc's spans (``doc.spans["ficlens_entities"]``) are spaCy's own and need no conversion.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING, Any

from spacy.tokens import Doc

from ficlens.datamodel import EntityType, MentionKind

if TYPE_CHECKING:
    from pydantic import TypeAdapter

    from ficlens.datamodel import Story
    from ficlens.datamodel.emotion import SentenceEmotion
    from ficlens.pipeline.characters.cast import Cast, CastEntry
    from ficlens.pipeline.coref.result import CorefResult
    from ficlens.pipeline.inner.raw import InnerRaw
    from ficlens.pipeline.quotes.spans import QuoteSpan

ENTITY_SPANS = "ficlens_entities"

# extension name -> what it holds (plain data); the components' requires/assigns name these
DOC_EXTENSIONS: dict[str, str] = {
    "ficlens_story": "the Story being analysed (set by the runner; optional)",
    "ficlens_options": "run options: the user's cast file entries, gold-mention scoring",
    "ficlens_quotes": "quotations, by ficlens_quotes; speakers filled in by ficlens_speakers",
    "ficlens_cast": "the characters, by ficlens_characters; unnamed ones added by ficlens_coref",
    "ficlens_coref": "resolved mentions with cluster and character, by ficlens_coref",
    "ficlens_sentence_emotions": "emotion scores per sentence, by ficlens_emotions",
    "ficlens_inner": "profiles, acts, experiencers, POV and tense, by ficlens_inner",
    # the one exception to plain data: arrays too large to convert, read and cleared by the next pipe
    "ficlens_encoder": "accurate mode's span scores, by ficlens_encoder; cleared by ficlens_encoder_entities",
}


def register_extensions() -> None:
    """Register the Doc extensions; safe to call again (every worker process does)."""
    for name in DOC_EXTENSIONS:
        if not Doc.has_extension(name):
            Doc.set_extension(name, default=None)


register_extensions()


@cache
def _adapter(kind: str) -> TypeAdapter[Any]:
    from pydantic import TypeAdapter

    from ficlens.datamodel import Story
    from ficlens.datamodel.emotion import SentenceEmotion
    from ficlens.pipeline.inner.raw import InnerRaw
    from ficlens.pipeline.quotes.spans import QuoteSpan

    types: dict[str, Any] = {
        "story": Story,
        "quotes": list[QuoteSpan],
        "emotions": tuple[SentenceEmotion, ...],
        "inner": InnerRaw,
    }
    return TypeAdapter(types[kind])


def _dump(kind: str, value: Any) -> Any:
    return _adapter(kind).dump_python(value, mode="json")


def _load(kind: str, data: Any) -> Any:
    return _adapter(kind).validate_python(data)


# --- the story and the run options ---------------------------------------------------------------------


def get_story(doc: Doc) -> Story | None:
    data = doc._.ficlens_story
    return None if data is None else _load("story", data)


def set_story(doc: Doc, story: Story | None) -> None:
    doc._.ficlens_story = None if story is None else _dump("story", story)


@dataclass(frozen=True, slots=True)
class RunOptions:
    """What a run was asked for besides the text: the user's cast file, and scoring against gold mentions."""

    cast: tuple[CastEntry, ...] = ()
    coref_gold_mentions: bool = False


def get_options(doc: Doc) -> RunOptions:
    from ficlens.pipeline.characters.cast import CastEntry

    data = doc._.ficlens_options or {}
    return RunOptions(
        cast=tuple(
            CastEntry(str(name), tuple(aliases), *(bool(rest[0]),) if rest else ())
            for name, aliases, *rest in data.get("cast", ())
        ),
        coref_gold_mentions=bool(data.get("coref_gold_mentions", False)),
    )


def set_options(doc: Doc, options: RunOptions) -> None:
    doc._.ficlens_options = {
        "cast": [[e.name, list(e.aliases), e.character] for e in options.cast],
        "coref_gold_mentions": options.coref_gold_mentions,
    }


# --- quotations ------------------------------------------------------------------------------------------


def get_quotes(doc: Doc) -> list[QuoteSpan] | None:
    data = doc._.ficlens_quotes
    return None if data is None else _load("quotes", data)


def set_quotes(doc: Doc, quotes: list[QuoteSpan] | None) -> None:
    doc._.ficlens_quotes = None if quotes is None else _dump("quotes", list(quotes))


# --- the cast ---------------------------------------------------------------------------------------------


def get_cast(doc: Doc) -> Cast | None:
    from ficlens.pipeline.characters.cast import Cast, CastMember, MinorMember

    data = doc._.ficlens_cast
    if data is None:
        return None
    members = [
        CastMember(id=m[0], name=m[1], aliases=list(m[2]), tag=m[3], gender=m[4], named=bool(m[5]))
        for m in data["members"]
    ]
    minor = [
        MinorMember(m[0], m[1], tuple(m[2]), tuple((int(s), int(e)) for s, e in m[3]))
        for m in data.get("minor", ())
    ]
    return Cast(
        members=members,
        assignments={(int(s), int(e)): str(c) for s, e, c in data["assignments"]},
        minor=minor,
    )


def set_cast(doc: Doc, cast: Cast | None) -> None:
    if cast is None:
        doc._.ficlens_cast = None
        return
    doc._.ficlens_cast = {
        "members": [[m.id, m.name, list(m.aliases), m.tag, m.gender, m.named] for m in cast.members],
        "assignments": [[s, e, c] for (s, e), c in cast.assignments.items()],
        "minor": [[m.id, m.name, list(m.aliases), [list(sp) for sp in m.spans]] for m in cast.minor],
    }


# --- coreference -------------------------------------------------------------------------------------------

# one row per mention; rows rather than objects because a novel has tens of thousands of mentions
_MENTION_FIELDS = (
    "start",
    "end",
    "start_char",
    "end_char",
    "kind",
    "type",
    "cluster",
    "character",
    "text",
    "person",
    "quote",
    "plural",
)


def get_coref(doc: Doc) -> CorefResult | None:
    from ficlens.pipeline.coref.result import CorefResult, ResolvedMention

    data = doc._.ficlens_coref
    if data is None:
        return None
    kinds = {k.value: k for k in MentionKind}
    types = {t.value: t for t in EntityType}
    return CorefResult(
        [
            ResolvedMention(s, e, sc, ec, kinds[k], types[t], cl, ch, tx, p, q, bool(pl))
            for s, e, sc, ec, k, t, cl, ch, tx, p, q, pl in data["mentions"]
        ]
    )


def set_coref(doc: Doc, result: CorefResult | None) -> None:
    if result is None:
        doc._.ficlens_coref = None
        return
    doc._.ficlens_coref = {
        "fields": list(_MENTION_FIELDS),
        "mentions": [
            [
                m.start,
                m.end,
                m.start_char,
                m.end_char,
                m.kind.value,
                m.type.value,
                m.cluster,
                m.character,
                m.text,
                m.person,
                m.quote,
                m.plural,
            ]
            for m in result.mentions
        ],
    }


# --- emotions and the inner life ---------------------------------------------------------------------------


def get_sentence_emotions(doc: Doc) -> tuple[SentenceEmotion, ...] | None:
    data = doc._.ficlens_sentence_emotions
    return None if data is None else _load("emotions", data)


def set_sentence_emotions(doc: Doc, emotions: tuple[SentenceEmotion, ...] | list[SentenceEmotion]) -> None:
    doc._.ficlens_sentence_emotions = _dump("emotions", tuple(emotions))


def get_inner(doc: Doc) -> InnerRaw | None:
    data = doc._.ficlens_inner
    return None if data is None else _load("inner", data)


def set_inner(doc: Doc, raw: InnerRaw | None) -> None:
    doc._.ficlens_inner = None if raw is None else _dump("inner", raw)

"""What every inner-life pass needs to know about each token: its character, its quotation, its italics.

The other components' hand-offs are read through small protocols, so that tests can hand-build them.
Everything here is one linear sweep over the tokens.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Protocol

from ficlens.pipeline import lexicon
from ficlens.pipeline.ranges import mark

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

    from ficlens.datamodel import Story

# the pronoun sets the inner-life passes read, from the one pronoun table
FIRST_SINGULAR = lexicon.FIRST_SINGULAR
SECOND = lexicon.SECOND_PERSON
THIRD_SINGULAR = lexicon.THIRD_SINGULAR_GENDERED


class MentionLike(Protocol):
    start: int  # token indices
    end: int
    character: str | None


class QuoteLike(Protocol):
    start_char: int
    end_char: int
    speaker: str | None
    addressees: Sequence[str]


@dataclass(frozen=True, slots=True)
class QuoteView:
    """A quotation as the inner-life passes see it."""

    start: int
    end: int
    speaker: str | None = None
    addressees: tuple[str, ...] = ()
    thought: bool = False


@dataclass(slots=True)
class Context:
    """Per-token facts, indexed by token position (``doc[i]``)."""

    doc: Doc
    story: Story | None
    tokens: list[Token]  # ``list(doc)``, made once: iterating a Doc builds new Token objects each time
    text: str  # ``doc.text``, made once
    characters: list[str | None]  # the character a token's mention head resolves to
    quote_of: list[int]  # index into ``quotes`` of the quotation around a token, or -1
    italic: list[bool]  # the token lies inside italics (thoughts, texts, emphasis)
    quotes: list[QuoteView] = field(default_factory=list)
    cast: dict[str, str] = field(default_factory=dict)  # character id -> canonical name

    def character(self, i: int) -> str | None:
        return self.characters[i]

    def narration(self, i: int) -> bool:
        """The token is narration: outside quotations and italics."""
        return self.quote_of[i] < 0 and not self.italic[i]


def _value(obj: Any, *names: str, default: Any = None) -> Any:
    for name in names:
        if hasattr(obj, name):
            return getattr(obj, name)
    return default


def read_quotes(doc: Doc, text: str) -> list[QuoteView]:
    from ficlens.pipeline.docdata import get_quotes

    raw = get_quotes(doc)
    if raw is None:
        raise ValueError("ficlens_inner needs ficlens_quotes before it in the pipeline")
    views = []
    for q in raw:
        kind = _value(q, "kind", default=None)
        kind_value = str(getattr(kind, "value", kind) or "")
        views.append(
            QuoteView(
                start=int(_value(q, "start_char", "start")),
                end=int(_value(q, "end_char", "end")),
                speaker=_value(q, "speaker"),
                addressees=tuple(_value(q, "addressees", default=()) or ()),
                thought=kind_value == "thought",
            )
        )
    views.sort(key=lambda v: (v.start, v.end))
    return views


def _token_mask(tokens: Sequence[Token], ranges: Sequence[tuple[int, int]]) -> list[int]:
    """For each token, the index of the (sorted, non-overlapping) range holding its first char, or -1."""
    return mark((token.idx for token in tokens), ranges)


def build_context(doc: Doc) -> Context:
    from ficlens.pipeline.docdata import get_cast, get_coref, get_story

    story = get_story(doc)
    tokens = list(doc)
    text = doc.text
    quotes = read_quotes(doc, text)
    quote_of = _token_mask(tokens, [(q.start, q.end) for q in quotes])
    italics: list[tuple[int, int]] = []
    if story is not None:
        italics = sorted(
            (s.start, s.end) for s in story.styled if str(getattr(s.kind, "value", s.kind)) == "italic"
        )
    italic = [k >= 0 for k in _token_mask(tokens, italics)]

    characters: list[str | None] = [None] * len(tokens)
    coref = get_coref(doc)
    if coref is not None:
        for mention in coref.mentions:
            if mention.character is None or mention.end <= mention.start:
                continue
            # the head word stands for the mention; a name nested inside ("[Maren]'s mother") has its own
            characters[doc[mention.start : mention.end].root.i] = mention.character
    # First- and second-person pronouns inside a quotation belong to its speaker and addressee, when the
    # coreference component left them unresolved.
    for token in tokens:
        k = quote_of[token.i]
        if k < 0 or characters[token.i] is not None:
            continue
        lower = token.lower_
        quote = quotes[k]
        if lower in FIRST_SINGULAR and quote.speaker is not None:
            characters[token.i] = quote.speaker
        elif lower in SECOND and len(quote.addressees) == 1:
            characters[token.i] = quote.addressees[0]
    cast: dict[str, str] = {}
    members = getattr(get_cast(doc), "members", None) or ()
    for member in members:
        cast[str(member.id)] = str(getattr(member, "name", member.id))
    return Context(
        doc=doc,
        story=story,
        tokens=tokens,
        text=text,
        characters=characters,
        quote_of=quote_of,
        italic=italic,
        quotes=quotes,
        cast=cast,
    )

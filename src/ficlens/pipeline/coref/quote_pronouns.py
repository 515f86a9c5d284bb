"""Tie first- and second-person pronouns inside quotations to the quote's speaker and addressee.

Runs after speaker attribution. Each quote object needs ``start_char``, ``end_char``, ``speaker`` (a cast id
or None) and ``addressees`` (cast ids). "I/me/my/myself" inside a quote with a speaker join the speaker's
cluster; "you/your/yourself" join the addressee's when there is exactly one. "We" and plural "you" are
left alone: they include the speaker or addressee but are not them.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from spacy.pipeline import Pipe

from ficlens.datamodel import MentionKind
from ficlens.pipeline.coref.result import CorefResult
from ficlens.pipeline.lexicon import FIRST, PLURAL_YOU, SECOND

if TYPE_CHECKING:
    from spacy.tokens import Doc

_PLURAL_YOU = PLURAL_YOU


def attach_quote_pronouns(result: CorefResult, quotes: Iterable[Any]) -> int:
    """Move quoted first/second-person pronouns to their speaker's / addressee's cluster; returns how many."""
    cluster_of: dict[str, int] = {}
    for m in result.mentions:
        if m.character is not None:
            cluster_of.setdefault(m.character, m.cluster)
    next_cluster = max((m.cluster for m in result.mentions), default=-1) + 1
    moved = 0
    for quote in quotes:
        speaker = getattr(quote, "speaker", None)
        addressees = list(getattr(quote, "addressees", None) or ())
        addressee = addressees[0] if len(addressees) == 1 else None
        if speaker is None and addressee is None:
            continue
        for m in result.in_range(quote.start_char, quote.end_char):
            if (
                m.kind != MentionKind.PRONOUN
                or m.start_char < quote.start_char
                or m.end_char > quote.end_char
            ):
                continue
            if m.person == FIRST:
                target = speaker
            elif m.person == SECOND and m.text.lower() not in _PLURAL_YOU:
                target = addressee
            else:
                continue
            if target is None or m.character == target:
                continue
            if target not in cluster_of:
                cluster_of[target] = next_cluster
                next_cluster += 1
            m.cluster = cluster_of[target]
            m.character = target
            moved += 1
    return moved


class QuotePronouns(Pipe):
    """``ficlens_quote_pronouns``: quoted I/you to speaker/addressee, updating ``doc._.ficlens_coref``."""

    def __init__(self, name: str = "ficlens_quote_pronouns") -> None:
        self.name = name

    def __call__(self, doc: Doc) -> Doc:
        from ficlens.pipeline.docdata import get_coref, get_quotes, set_coref

        result = get_coref(doc)
        quotes = get_quotes(doc)
        if result is not None and quotes and attach_quote_pronouns(result, quotes):
            set_coref(doc, result)
        return doc

"""A gender for a named character whose name says none ("Robin", "Tam", "Sasha"), from how the narration
goes on after them.

A name alone often gives no gender (a unisex given name, a surname, a nickname). Fiction says it soon
enough: a sentence that has the character, and no one else named, for its subject is followed in the same
paragraph by a sentence opened by "he" or "she" ('"We're careful," said Robin. He pushed back his hood.').
Those openings vote; a clear majority of at least two sets the character's gender before coreference
runs, so that the pronouns of the story's other people do not fill the chain of a name of unknown gender.
"""

from __future__ import annotations

from bisect import bisect_right
from collections import Counter
from typing import TYPE_CHECKING

from ficlens.pipeline.lexicon import FEMALE, MALE, PRONOUNS, SUBJECT_PRONOUNS

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span

    from ficlens.pipeline.characters.cast import Cast

MIN_VOTES = 2
MAJORITY = 0.75  # share of the votes the winning gender needs
_GENDER = {MALE: "m", FEMALE: "f"}
_SUBJECT_DEPS = ("nsubj", "nsubjpass")


def narrated_genders(doc: Doc, cast: Cast) -> None:
    """Set ``gender`` on the cast members with none, from the sentences that follow them (in place)."""
    unknown = {m.id for m in cast.members if m.gender is None}
    if not unknown or not doc.has_annotation("SENT_START"):
        return
    from ficlens.pipeline.docdata import get_quotes

    text = doc.text  # Doc.text joins every token again on each use

    quotes = sorted((q.start_char, q.end_char) for q in get_quotes(doc) or [])
    starts = [a for a, _ in quotes]

    def quoted(char: int) -> bool:
        k = bisect_right(starts, char) - 1
        return k >= 0 and quotes[k][0] <= char < quotes[k][1]

    names: dict[int, list[tuple[int, int, str]]] = {}  # sentence start -> (start, end, id) outside quotes
    sents = list(doc.sents)
    sent_of = {s.start: k for k, s in enumerate(sents)}
    for (start, end), cid in cast.assignments.items():
        if quoted(doc[start].idx):
            continue
        names.setdefault(doc[start].sent.start, []).append((start, end, cid))
    votes: dict[str, Counter[str]] = {}
    for s_start, found in names.items():
        k = sent_of.get(s_start)
        if k is None or k + 1 >= len(sents) or len({cid for _, _, cid in found}) != 1:
            continue
        cid = found[0][2]
        if cid not in unknown or not any(doc[a:b].root.dep_ in _SUBJECT_DEPS for a, b, _ in found):
            continue
        nxt = sents[k + 1]
        if "\n" in text[sents[k].end_char : nxt.start_char]:
            continue  # the next paragraph
        g = _opening_pronoun(nxt)
        if g is not None and not quoted(nxt.start_char):
            votes.setdefault(cid, Counter())[g] += 1
    for member in cast.members:
        counts = votes.get(member.id)
        if not counts:
            continue
        g, n = counts.most_common(1)[0]
        if n >= MIN_VOTES and n >= MAJORITY * sum(counts.values()):
            member.gender = g


def _opening_pronoun(sent: Span) -> str | None:
    """ "m" or "f" when ``sent`` opens with "he" or "she" as its subject."""
    first = next((t for t in sent if not (t.is_space or t.is_punct)), None)
    if first is None or first.dep_ not in _SUBJECT_DEPS or first.lower_ not in SUBJECT_PRONOUNS:
        return None
    return _GENDER.get(PRONOUNS[first.lower_].gender)

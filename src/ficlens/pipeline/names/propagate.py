"""One name, one referent per story: find every occurrence of the person names a story is known to use.

A statistical recogniser misses a name here and there ("Marisol Vance" found once, missed four times).
Fan fiction names its people over and over, so a name word that is a person once is a person everywhere,
unless it stands inside a place ("Camp Reyes"). Name words become known from the recogniser's own person
spans, from the AO3 character tags or cast file, from a person title before them ("Dr. Eleanor Okafor"), and
from being the subject of a verb only people do ("Nell sighed", "Idris Duarte said").
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ficlens.pipeline.characters.cluster import is_place_name
from ficlens.pipeline.characters.nicknames import is_given_name
from ficlens.pipeline.lexicon import SUBJECT_PRONOUNS, TITLES

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

# verbs whose subject is a person (speech, expression, cognition): evidence that a name names someone
PERSON_VERBS = frozenset(
    """
    say ask answer reply whisper shout yell mutter murmur snap call tell laugh smile grin nod shrug
    sigh frown sob cry weep scowl wince gasp blink stare glance think know wonder realize realise
    remember decide admit insist agree promise lie swear kiss hug hold grab walk run sit stand turn
    look watch wait
    """.split()  # noqa: SIM905
)
_NOT_NAMES = frozenset(["god", "lord", "the", "a", "an"]) | SUBJECT_PRONOUNS


@dataclass(frozen=True, slots=True)
class NameRun:
    start: int
    end: int  # exclusive
    words: tuple[str, ...]  # the run's name words, titles excluded


def _is_name_token(token: Token) -> bool:
    return token.pos_ == "PROPN" and token.text[:1].isupper() and token.text.lower() not in _NOT_NAMES


def _is_title(token: Token) -> bool:
    return token.text[:1].isupper() and token.lower_.rstrip(".") in TITLES


def name_runs(doc: Doc) -> list[NameRun]:
    """Maximal runs of capitalised proper nouns, with a person title before them kept in the run."""
    runs: list[NameRun] = []
    i, n = 0, len(doc)
    while i < n:
        if not _is_name_token(doc[i]) and not (
            _is_title(doc[i]) and i + 1 < n and _is_name_token(doc[i + 1])
        ):
            i += 1
            continue
        start = i
        while i < n and (_is_name_token(doc[i]) or (i == start and _is_title(doc[i]))):
            i += 1
        words = tuple(t.text for t in doc[start:i] if not _is_title(t))
        if words:
            runs.append(NameRun(start, i, words))
        else:
            i = max(i, start + 1)
    return runs


def evidence_words(
    doc: Doc, runs: Iterable[NameRun], person_spans: Iterable[Span], seeds: Iterable[str]
) -> set[str]:
    """Name words known to name people in this story."""
    known: set[str] = set()
    for span in person_spans:
        if span.root.pos_ == "PROPN":
            known.update(t.text for t in span if _is_name_token(t))
    for seed in seeds:
        known.update(w for w in seed.split() if w[:1].isupper() and w.lower().rstrip(".") not in TITLES)
    for run in runs:
        first = doc[run.start]
        if _is_title(first):
            known.update(run.words)
            continue
        root = doc[run.end - 1]
        acts_like_a_person = root.dep_ == "nsubj" and root.head.lemma_.lower() in PERSON_VERBS
        named_like_a_person = len(run.words) >= 2 and is_given_name(run.words[0])  # "Ash Corrigan"
        if acts_like_a_person or named_like_a_person:
            known.update(run.words)
    return {w for w in known if len(w) > 1}


def missing_person_spans(doc: Doc, spans: list[Span], seeds: Iterable[str]) -> tuple[list[Span], list[Span]]:
    """PER spans to add, and the spans they replace (a first name inside the full name now found)."""
    from spacy.tokens import Span

    runs = name_runs(doc)
    person = [s for s in spans if s.label_ == "PER"]
    known = evidence_words(doc, runs, person, seeds)
    covered = {(s.start, s.end) for s in person}
    other = [s for s in spans if s.label_ != "PER"]
    # which spans cover each token, so that a name run looks only at the spans it touches (linear time:
    # scanning every span for every run made this stage quadratic on long works)
    other_at = _spans_by_token(other)
    person_at = _spans_by_token(person)
    added: list[Span] = []
    replaced: list[Span] = []
    for run in runs:
        if (run.start, run.end) in covered or not any(w in known for w in run.words):
            continue
        before = doc[run.start - 1].text if run.start > 0 else None
        if is_place_name(run.words, before):
            continue
        overlapping = _touching(other, other_at, run.start, run.end)
        same = [o for o in overlapping if (o.start, o.end) == (run.start, run.end)]
        if same and (run.words[-1] in known or is_given_name(run.words[0])):
            # the recogniser called a known person's name a place ("Idris Duarte" as GPE): a person
            replaced.extend(same)
            overlapping = [o for o in overlapping if o not in same]
        elif same:
            continue
        if any(run.start <= o.root.i < run.end for o in overlapping):
            continue  # the name heads a place, an organisation, a vehicle
        touching = _touching(person, person_at, run.start, run.end)
        inner = [p for p in touching if run.start <= p.start and p.end <= run.end]
        crossing = [p for p in touching if p not in inner]
        if crossing:
            continue
        added.append(Span(doc, run.start, run.end, label="PER"))
        replaced.extend(inner)
    return added, replaced


def _spans_by_token(spans: list[Span]) -> dict[int, list[int]]:
    """Token index -> indices (into ``spans``) of the spans that cover it."""
    at: dict[int, list[int]] = {}
    for index, span in enumerate(spans):
        for i in range(span.start, span.end):
            at.setdefault(i, []).append(index)
    return at


def _touching(spans: list[Span], at: dict[int, list[int]], start: int, end: int) -> list[Span]:
    """The spans that overlap tokens ``start:end``, in their order in ``spans``."""
    found = {index for i in range(start, end) for index in at.get(i, ())}
    return [spans[index] for index in sorted(found)]

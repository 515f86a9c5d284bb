"""What each character does and is: agent and patient verbs, possessions, descriptors; and who acts on whom.

One pass over the verbs of the parse and one over the nouns; each step looks only at a token's children
and head, so the cost is linear in the length of the story.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ficlens.datamodel.inner import (
    Act,
    DescriptorKind,
    KinshipCue,
    Offsets,
    Profile,
    ProfileItem,
    ToneKind,
)
from ficlens.pipeline.inner.lexicon import (
    ACT_PREPOSITIONS,
    BODY_PARTS,
    COPULAS,
    KIN_TERMS,
    PARTNER_TERMS,
    RECIPROCAL_VERBS,
)
from ficlens.pipeline.lexicon import SAYING_LEMMAS

if TYPE_CHECKING:
    from spacy.tokens import Token

    from ficlens.pipeline.inner.context import Context

MAX_EXAMPLES = 3
_AGENT, _PATIENT, _POSSESSION, _DESCRIPTOR = "agent", "patient", "possessions", "descriptors"


@dataclass(slots=True)
class _Tally:
    count: int = 0
    examples: list[Offsets] = field(default_factory=list)


def _is_word(token: Token) -> bool:
    """Has a letter: the tagger sometimes calls a dash or an ellipsis a verb, which no profile should list."""
    return any(ch.isalpha() for ch in token.text)


class _Profiles:
    def __init__(self) -> None:
        self.tallies: dict[str, dict[str, dict[tuple[str, DescriptorKind | None], _Tally]]] = defaultdict(
            lambda: defaultdict(dict)
        )

    def add(self, character: str, part: str, token: Token, *, kind: DescriptorKind | None = None) -> None:
        if not _is_word(token):
            return
        lemma = token.lemma_.lower() if token.lemma_ else token.lower_
        tally = self.tallies[character][part].setdefault((lemma, kind), _Tally())
        tally.count += 1
        if len(tally.examples) < MAX_EXAMPLES:
            tally.examples.append((token.idx, token.idx + len(token.text)))

    def build(self) -> tuple[Profile, ...]:
        def items(tallies: dict[tuple[str, DescriptorKind | None], _Tally]) -> tuple[ProfileItem, ...]:
            ranked = sorted(tallies.items(), key=lambda kv: (-kv[1].count, kv[1].examples[0][0]))
            return tuple(
                ProfileItem(lemma=lemma, count=t.count, examples=tuple(t.examples), kind=kind)
                for (lemma, kind), t in ranked
            )

        return tuple(
            Profile(
                character=character,
                agent=items(parts.get(_AGENT, {})),
                patient=items(parts.get(_PATIENT, {})),
                possessions=items(parts.get(_POSSESSION, {})),
                descriptors=items(parts.get(_DESCRIPTOR, {})),
            )
            for character, parts in sorted(self.tallies.items())
        )


def _with_conjuncts(token: Token) -> list[Token]:
    """``token`` and the tokens conjoined to it ("Maren and Tobias")."""
    out = [token]
    stack = [c for c in token.children if c.dep_ == "conj"]
    while stack:
        t = stack.pop()
        out.append(t)
        stack.extend(c for c in t.children if c.dep_ == "conj")
    return out


def _characters(ctx: Context, tokens: Iterable[Token]) -> list[str]:
    out = []
    for t in tokens:
        c = ctx.characters[t.i]
        if c is not None and c not in out:
            out.append(c)
    return out


def _subjects(ctx: Context, verb: Token, memo: dict[int, list[str]]) -> list[str]:
    if verb.i in memo:
        return memo[verb.i]
    found: list[str] = []
    for child in verb.children:
        if child.dep_ in ("nsubj", "csubj"):
            found.extend(_characters(ctx, _with_conjuncts(child)))
        elif child.dep_ == "agent":
            for pobj in child.children:
                if pobj.dep_ == "pobj":
                    found.extend(_characters(ctx, _with_conjuncts(pobj)))
    if not found and verb.dep_ == "conj" and verb.head.i < verb.i and verb.head.pos_ in ("VERB", "AUX"):
        # "Maren stood and walked away": the second verb shares the first one's subject
        found = _subjects(ctx, verb.head, memo)
    memo[verb.i] = found
    return found


def _possessor(ctx: Context, noun: Token) -> str | None:
    for child in noun.children:
        if child.dep_ == "poss":
            return ctx.characters[child.i]
    return None


def profile(ctx: Context) -> tuple[tuple[Profile, ...], tuple[Act, ...], tuple[KinshipCue, ...]]:
    profiles = _Profiles()
    acts: list[Act] = []
    memo: dict[int, list[str]] = {}
    chars = ctx.characters
    for verb in ctx.tokens:
        if verb.pos_ not in ("VERB", "AUX") or verb.dep_ in ("aux", "auxpass") or not _is_word(verb):
            continue
        if not ctx.narration(verb.i):
            continue  # what is said or thought is speech, not something done
        agents = _subjects(ctx, verb, memo)
        lemma = verb.lemma_.lower()
        copula = lemma in COPULAS
        patients: list[str] = []  # direct patients: objects and passive subjects
        acted_on: list[str] = []  # everyone this verb acts on, prepositions and body parts included
        objects: list[str] = []
        for child in verb.children:
            dep = child.dep_
            if dep in ("dobj", "dative", "nsubjpass"):
                found = _characters(ctx, _with_conjuncts(child))
                patients.extend(found)
                acted_on.extend(found)
                if not found and child.pos_ == "NOUN":
                    objects.append(child.lemma_.lower())
                    if child.lemma_.lower() in BODY_PARTS and (owner := _possessor(ctx, child)) is not None:
                        acted_on.append(owner)  # "took her hand"
            elif dep == "prep":
                for pobj in child.children:
                    if pobj.dep_ != "pobj":
                        continue
                    found = _characters(ctx, _with_conjuncts(pobj))
                    if found and child.lower_ in ACT_PREPOSITIONS and lemma not in SAYING_LEMMAS:
                        acted_on.extend(found)
                    elif not found and pobj.pos_ == "NOUN":
                        objects.append(pobj.lemma_.lower())
            elif copula and dep == "acomp" and child.pos_ == "ADJ":
                for a in agents:
                    for adj in _with_conjuncts(child):
                        profiles.add(a, _DESCRIPTOR, adj, kind=DescriptorKind.ADJECTIVE)
            elif copula and dep == "attr" and child.pos_ == "NOUN" and chars[child.i] in (None, *agents):
                for a in agents:
                    profiles.add(a, _DESCRIPTOR, child, kind=DescriptorKind.PREDICATE_NOMINAL)
        if verb.pos_ == "VERB":
            for a in agents:
                profiles.add(a, _AGENT, verb)
            for p in patients:
                profiles.add(p, _PATIENT, verb)
        start, end = verb.idx, verb.idx + len(verb.text)
        seen: set[tuple[str, str]] = set()
        for a in agents:
            for p in acted_on:
                if a != p and (a, p) not in seen:
                    seen.add((a, p))
                    acts.append(Act(a, p, lemma, start, end, tuple(objects)))
        if not acted_on and len(agents) >= 2 and lemma in RECIPROCAL_VERBS:
            for x, a in enumerate(agents):
                for b in agents[x + 1 :]:
                    acts.append(Act(a, b, lemma, start, end, tuple(objects), reciprocal=True))

    terms: list[KinshipCue] = []
    for token in ctx.tokens:
        c = chars[token.i]
        dep = token.dep_
        if c is not None and ctx.narration(token.i):
            if dep == "poss" and token.head.pos_ == "NOUN":
                profiles.add(c, _POSSESSION, token.head)
            for child in token.children:
                if child.dep_ == "amod" and child.pos_ == "ADJ":
                    profiles.add(c, _DESCRIPTOR, child, kind=DescriptorKind.ADJECTIVE)
                elif child.dep_ == "appos" and child.pos_ == "NOUN" and chars[child.i] in (None, c):
                    profiles.add(c, _DESCRIPTOR, child, kind=DescriptorKind.APPOSITION)
            if dep == "appos" and token.head.pos_ == "NOUN" and chars[token.head.i] in (None, c):
                profiles.add(c, _DESCRIPTOR, token.head, kind=DescriptorKind.APPOSITION)
        lower = token.lemma_.lower()
        if token.pos_ in ("NOUN", "PROPN") and (lower in KIN_TERMS or lower in PARTNER_TERMS):
            cue = _term_cue(ctx, token, lower)
            if cue is not None:
                terms.append(cue)
    return profiles.build(), tuple(acts), tuple(terms)


def _term_cue(ctx: Context, noun: Token, lemma: str) -> KinshipCue | None:
    chars = ctx.characters
    kind = ToneKind.FAMILY if lemma in KIN_TERMS else ToneKind.ROMANCE
    a = _possessor(ctx, noun)
    b = chars[noun.i]
    if b is None:
        for child in noun.children:
            if child.dep_ in ("appos", "compound") and chars[child.i] is not None:
                b = chars[child.i]
                break
    if b is None and noun.dep_ == "appos":
        b = chars[noun.head.i]
    if b is None and noun.dep_ == "attr":
        subjects = [c for c in noun.head.children if c.dep_ == "nsubj" and chars[c.i] is not None]
        if subjects:
            b = chars[subjects[0].i]
    k = ctx.quote_of[noun.i]
    if a is None and b is None and k >= 0:
        # a vocative: "Mom, listen." / "Come on, sis."
        quote = ctx.quotes[k]
        bare = not any(c.dep_ in ("det", "poss") for c in noun.children)
        tokens = ctx.tokens
        beside = (noun.i + 1 < len(tokens) and tokens[noun.i + 1].is_punct) or (
            noun.i > 0 and tokens[noun.i - 1].is_punct
        )
        if bare and beside and quote.speaker is not None and len(quote.addressees) == 1:
            a, b = quote.speaker, quote.addressees[0]
    if a is None or b is None or a == b:
        return None
    return KinshipCue(of=a, named=b, kind=kind, term=lemma, start=noun.idx, end=noun.idx + len(noun.text))

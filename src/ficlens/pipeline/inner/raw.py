"""What ``ficlens_inner`` leaves on ``doc._.ficlens_inner``: parse-derived facts for ``collect``.

Plain frozen dataclasses with no spaCy in them, so that ``ficlens.analysis`` can use them without a Doc.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ficlens.datamodel.inner import Experiencer, Pov, Profile, TenseReport, ToneKind


@dataclass(frozen=True, slots=True)
class Act:
    """One verb with a character as agent and another as patient: "Bellamy pulled her into a hug"."""

    agent: str
    patient: str
    lemma: str  # the verb's lemma ("pull")
    start: int  # the verb's offsets
    end: int
    objects: tuple[str, ...] = ()  # lemmas of nouns the verb governs ("hug", "hand")
    reciprocal: bool = False  # "Clarke and Lexa kissed": the act goes both ways


@dataclass(frozen=True, slots=True)
class TermCue:
    """A kinship or partner term tying two characters: "her brother" (resolved to Bellamy), "Mom,"."""

    a: str  # the one the term is relative to ("her" in "her brother")
    b: str  # the one the term names
    kind: ToneKind  # FAMILY for kin, ROMANCE for partners
    term: str
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class SentenceExperiencers:
    """Whose feelings a scored sentence holds (``index`` into ``doc._.ficlens_sentence_emotions``)."""

    index: int
    experiencers: tuple[Experiencer, ...]


@dataclass(frozen=True, slots=True)
class InnerRaw:
    experiencers: tuple[SentenceExperiencers, ...] = ()
    profiles: tuple[Profile, ...] = ()
    acts: tuple[Act, ...] = ()
    terms: tuple[TermCue, ...] = ()
    pov: Pov = field(default_factory=Pov)
    tense: TenseReport = field(default_factory=TenseReport)

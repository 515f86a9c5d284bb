"""What ``ficlens_inner`` leaves on ``doc._.ficlens_inner``: parse-derived facts for ``collect``.

Plain frozen dataclasses with no spaCy in them; acts and kinship cues are datamodel types, so they reach
the saved analysis and ``ficlens.analysis`` rebuilds interactions and relationships from it alone.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ficlens.datamodel.inner import Act, Experiencer, KinshipCue, Pov, Profile, TenseReport


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
    terms: tuple[KinshipCue, ...] = ()
    pov: Pov = field(default_factory=Pov)
    tense: TenseReport = field(default_factory=TenseReport)

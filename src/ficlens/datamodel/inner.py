"""Inner life: what characters feel, do and are, whom they are bound to, and whose eyes we see through.

All offsets are character offsets into ``StoryAnalysis.text``, end exclusive. Character ids are
``Character.id`` values. Every class here has defaults for all of its fields, so an analysis saved before
a part was computed still loads, and "not computed" reads as empty.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

# The emotion labels every sentence is scored on (the emotion model's label set), in display order.
EMOTION_LABELS: tuple[str, ...] = (
    "sadness",
    "guilt",
    "anger",
    "fear",
    "joy",
    "relief",
    "love",
    "surprise",
    "neutral",
)

Offsets = tuple[int, int]  # (start, end) of an example in the text


# --- Emotions --------------------------------------------------------------------------------------------


class ExperienceHow(StrEnum):
    """How a sentence's emotion was tied to a character."""

    SPEAKER = "speaker"  # the sentence is inside a quotation that this character speaks (or thinks)
    PREDICATE = "predicate"  # the character experiences an emotion predicate: "she cried", "guilt ate at him"
    POV = "pov"  # narration of inner states in a scene told through this character's eyes (or the narrator)


@dataclass(frozen=True, slots=True)
class Experiencer:
    """One character who feels a sentence's emotion, and how ficlens knows."""

    character: str = ""
    how: ExperienceHow = ExperienceHow.POV


@dataclass(frozen=True, slots=True)
class SentenceFeeling:
    """The emotions one sentence expresses, and whose they are.

    ``scores`` maps every label of ``Emotions.labels`` to a probability-like score in [0, 1];
    ``labels`` are the labels the model predicts for the sentence (may be ``("neutral",)``);
    ``valence`` is in [-1, 1] (negative to positive). ``experiencers`` may be empty (nobody's).
    """

    start: int = 0
    end: int = 0
    scores: dict[str, float] = field(default_factory=dict)
    labels: tuple[str, ...] = ()
    valence: float = 0.0
    experiencers: tuple[Experiencer, ...] = ()
    chapter: int | None = None  # 1-based chapter index, None for stories without chapters


@dataclass(frozen=True, slots=True)
class ArcPoint:
    """A character's feelings over one stretch of story time (a chapter or one of N equal segments).

    ``scores`` and ``valence`` are means over the ``count`` sentences the character experiences in the
    stretch; with ``count == 0`` the scores are empty and ``valence`` is 0.
    """

    index: int = 0  # chapter index (1-based) or segment index (0-based)
    start: int = 0  # offsets of the stretch of text
    end: int = 0
    count: int = 0
    scores: dict[str, float] = field(default_factory=dict)
    valence: float = 0.0


@dataclass(frozen=True, slots=True)
class EmotionArc:
    """One character's emotions over the story."""

    character: str = ""
    chapters: tuple[ArcPoint, ...] = ()  # one per chapter (empty for stories without chapters)
    segments: tuple[ArcPoint, ...] = ()  # ``Emotions.segments`` equal stretches of the text, in order
    overall: ArcPoint = field(default_factory=ArcPoint)  # the whole story (index 0)
    dominant: tuple[str, ...] = ()  # non-neutral labels with the highest mean score, strongest first (<= 3)


@dataclass(frozen=True, slots=True)
class Emotions:
    """Per-sentence emotions and per-character arcs."""

    labels: tuple[str, ...] = EMOTION_LABELS
    segments: int = 20  # how many equal segments (by characters of text) the arcs use
    sentences: tuple[SentenceFeeling, ...] = ()
    arcs: tuple[EmotionArc, ...] = ()  # one per character with at least one experienced sentence


# --- Profiles ----------------------------------------------------------------------------------------------


class DescriptorKind(StrEnum):
    ADJECTIVE = "adjective"  # "tired Maren", "Maren was tired"
    APPOSITION = "apposition"  # "Maren, the healer,"
    PREDICATE_NOMINAL = "predicate_nominal"  # "Maren was a healer"


@dataclass(frozen=True, slots=True)
class ProfileItem:
    """One verb, possession or descriptor of a character: its lemma, how often, and where (<= 3 examples).

    ``examples`` are the offsets of the word itself (the verb, the possessed noun, the adjective...).
    ``kind`` is set for descriptors only.
    """

    lemma: str = ""
    count: int = 0
    examples: tuple[Offsets, ...] = ()
    kind: DescriptorKind | None = None


@dataclass(frozen=True, slots=True)
class Profile:
    """What a character does, undergoes, has and is, each list sorted by count (highest first)."""

    character: str = ""
    agent: tuple[ProfileItem, ...] = ()  # verbs the character is the subject (agent) of
    patient: tuple[ProfileItem, ...] = ()  # verbs done to the character (object, passive subject)
    possessions: tuple[ProfileItem, ...] = ()  # nouns the character possesses ("her sketchbook")
    descriptors: tuple[ProfileItem, ...] = ()  # adjectives, appositions, predicate nominals


# --- Interactions ------------------------------------------------------------------------------------------


class InteractionType(StrEnum):
    SPEAKS_TO = "speaks_to"  # source speaks a quotation addressed to target
    ACTS_ON = "acts_on"  # source is the agent and target the patient of one verb
    MENTIONS = "mentions"  # source speaks of target (target mentioned inside source's quotation)
    CO_PRESENT = "co_present"  # both in one scene, long scenes cut into ~1,500-word windows (source < target)


@dataclass(frozen=True, slots=True)
class Interaction:
    """A typed, weighted edge between two characters.

    ``count`` is how many events (quotes, verbs, mentions, or shared scenes) support the edge;
    ``weight`` is ``count`` for directed types and, for ``co_present``, the sum over shared scenes of
    min(mentions of source, mentions of target) in the scene, so a walk-on weighs less than a scene partner.
    ``examples`` are offsets of up to 3 supporting quotes, verbs or scenes.
    """

    source: str = ""
    target: str = ""
    type: InteractionType = InteractionType.CO_PRESENT
    weight: float = 0.0
    count: int = 0
    chapter: int | None = None  # None: the whole story
    examples: tuple[Offsets, ...] = ()


@dataclass(frozen=True, slots=True)
class Interactions:
    edges: tuple[Interaction, ...] = ()  # whole story (chapter None)
    by_chapter: tuple[Interaction, ...] = ()  # the same edges split by chapter (chapter set); empty if none


# --- Relationships -----------------------------------------------------------------------------------------


class ToneKind(StrEnum):
    AFFECTION = "affection"
    CONFLICT = "conflict"
    FAMILY = "family"
    ROMANCE = "romance"


@dataclass(frozen=True, slots=True)
class Cue:
    """A piece of text that shows the tone of a bond: an embrace, a blow, "I love you", "my sister"."""

    kind: ToneKind = ToneKind.AFFECTION
    cue: str = ""  # the cue's lemma or phrase ("hug", "i love you", "sister")
    start: int = 0
    end: int = 0


@dataclass(frozen=True, slots=True)
class Tone:
    """Tone scores of a bond, each in [0, 1]."""

    affection: float = 0.0
    conflict: float = 0.0
    family: float = 0.0
    romance: float = 0.0


@dataclass(frozen=True, slots=True)
class Relationship:
    """The bond between two characters (``characters`` sorted by id).

    ``strength`` in [0, 1] is relative to the strongest pair of the story (1.0 for it). ``rank`` is 1 for the
    strongest. ``tagged`` is the AO3 relationship tag's kind when the pair is tagged (``tag`` its text);
    ``borne_out`` says whether the text supports the tag (for untagged pairs: whether the pair is strong
    enough that a tagger might have named it).
    """

    characters: tuple[str, str] = ("", "")
    rank: int = 0
    strength: float = 0.0
    tone: Tone = field(default_factory=Tone)
    cues: tuple[Cue, ...] = ()  # up to 10, in text order
    shared_scenes: int = 0
    lines_between: int = 0  # quotations one speaks to the other, both ways
    acts_between: int = 0  # verbs one does to the other, both ways
    tag: str | None = None
    tagged: str | None = None  # "romantic", "platonic" (AO3 "A/B" vs "A & B") or None
    borne_out: bool = False


@dataclass(frozen=True, slots=True)
class Act:
    """One verb with a character as agent and another as patient: "Ines pulled him into a hug".

    Found by the parse; ``ficlens.analysis`` builds ``acts_on`` edges and relationship cues from these.
    """

    agent: str = ""
    patient: str = ""
    lemma: str = ""  # the verb's lemma ("pull")
    start: int = 0  # the verb's offsets
    end: int = 0
    objects: tuple[str, ...] = ()  # lemmas of nouns the verb governs ("hug", "hand")
    reciprocal: bool = False  # "Ines and Tomas kissed": the act goes both ways


@dataclass(frozen=True, slots=True)
class KinshipCue:
    """A kinship or partner term tying two characters: "her brother" (resolved to a character), "Mom,".

    ``of`` is the one the term is relative to ("her" in "her brother"), ``named`` the one it names.
    ``kind`` is ``family`` for kin and ``romance`` for partners.
    """

    of: str = ""
    named: str = ""
    kind: ToneKind = ToneKind.FAMILY
    term: str = ""  # the term's lemma ("brother")
    start: int = 0
    end: int = 0


@dataclass(frozen=True, slots=True)
class Relationships:
    pairs: tuple[Relationship, ...] = ()  # ranked, strongest first: the top 100, and every tagged pair
    unmatched_tags: tuple[str, ...] = ()  # AO3 relationship tags whose characters ficlens could not find
    untagged_strong: tuple[tuple[str, str], ...] = ()  # strong pairs nobody tagged (only when tags exist)


# --- Point of view -----------------------------------------------------------------------------------------


class NarrativePerson(StrEnum):
    FIRST = "first"
    SECOND = "second"
    THIRD = "third"


# ``ScenePov.confidence`` is a calibrated probability: below this, the guess is more likely wrong than
# right, and readers of an analysis (the report) show the scene's POV as unclear rather than as a claim.
POV_UNCLEAR_BELOW = 0.5


@dataclass(frozen=True, slots=True)
class ScenePov:
    """Whose eyes one scene is told through (scenes are split at scene breaks and chapters)."""

    start: int = 0
    end: int = 0
    character: str | None = None  # the POV character's id, None when ficlens cannot tell
    confidence: float = 0.0  # in [0, 1]: the probability that ``character`` is right
    person: NarrativePerson | None = None
    chapter: int | None = None


@dataclass(frozen=True, slots=True)
class Pov:
    person: NarrativePerson | None = None  # for the whole story; None when there is no narration to judge
    person_counts: dict[str, int] = field(default_factory=dict)  # first/second/third pronouns outside quotes
    narrator: str | None = None  # character id of a first-person narrator, when known
    scenes: tuple[ScenePov, ...] = ()


# --- Tense -------------------------------------------------------------------------------------------------


class Tense(StrEnum):
    PAST = "past"
    PRESENT = "present"
    MIXED = "mixed"
    NONE = "none"  # no finite narration verbs (dialogue only, or fragments)


@dataclass(frozen=True, slots=True)
class ParagraphTense:
    """Tense of one paragraph's narration (quotations excluded), from its finite main verbs."""

    start: int = 0
    end: int = 0
    tense: Tense = Tense.NONE
    past: int = 0  # finite past verbs (VBD, and "had" + VBN)
    present: int = 0  # finite present verbs (VBP, VBZ)


@dataclass(frozen=True, slots=True)
class TenseShift:
    """A shift of the narration between past and present.

    ``start``/``end`` are the offsets of the first verb in the new tense; ``paragraph`` the offsets of the
    paragraph it is in. ``at_break`` is True when a scene break or chapter start lies between the two tenses
    (often deliberate, e.g. a flashback); False marks a likely slip.
    """

    start: int = 0
    end: int = 0
    from_tense: Tense = Tense.PAST
    to_tense: Tense = Tense.PRESENT
    paragraph: Offsets = (0, 0)
    at_break: bool = False


@dataclass(frozen=True, slots=True)
class TenseReport:
    dominant: Tense = Tense.NONE  # the narration's main tense
    paragraphs: tuple[ParagraphTense, ...] = ()
    shifts: tuple[TenseShift, ...] = ()
    # (start, end) of each flashback: a past block opened by a past perfect inside present-tense narration
    flashbacks: tuple[Offsets, ...] = ()

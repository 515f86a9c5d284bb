"""The pipeline-internal quotation object that detection creates and attribution fills in."""

from __future__ import annotations

from dataclasses import dataclass, field

from ficlens.datamodel.dialogue import AttributionType, QuoteKind


@dataclass(slots=True)
class QuoteSpan:
    """One quotation in the Doc: ``text[start_char:end_char]`` including its quote marks.

    Detection sets the span, ``kind`` and ``paragraph``; ``ficlens_speakers`` sets the rest.
    ``speaker_head`` is the head word of ``speaker_mention`` (what evaluation matches against gold mentions);
    ``sieve`` names the rule that chose the speaker.
    """

    start_char: int
    end_char: int
    kind: QuoteKind = QuoteKind.SPOKEN
    paragraph: int | None = None
    speaker: str | None = None
    addressees: list[str] = field(default_factory=list)
    type: AttributionType | None = None
    confidence: float = 0.0
    speaker_mention: tuple[int, int] | None = None
    speaker_head: tuple[int, int] | None = None
    addressee_mentions: list[tuple[int, int]] = field(default_factory=list)
    sieve: str | None = None
    mark: str = ""  # the opening mark ("“", "'", "—", "«", "" for italics)

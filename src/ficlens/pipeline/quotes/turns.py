"""Turns and conversations, and the sieves that read them: who spoke before, who was addressed, who answers.

A turn is one speaker's quotations in one paragraph; a conversation is a run of turns with no long
narration between them. Turn-taking proposes candidates from neighbouring turns:

- ``vocative_prev``: the previous turn addressed someone by name ("Wren, wait!"), who answers now;
- ``addressee_prev``: the previous turn was told to someone ("she told Tobin");
- ``alternation``: the speaker of the turn before last, in a conversation that alternates;
- ``alternation_next``: the speaker of the turn after next (its tag, or its decided speaker when refining);
- ``vocative_next``: the next turn addresses someone by name, so that someone spoke this turn;
- ``other_party``: a person named before the quote who is not the previous turn's speaker.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from ficlens.pipeline.quotes.candidates import TAG_SIEVES, Candidate, Sieves
from ficlens.pipeline.quotes.spans import QuoteSpan

# A paragraph's quotations make one turn; a story without paragraph breaks would make all of its quotations
# one turn, whose candidates are compared with one another. Past these bounds a new turn begins.
MAX_TURN_QUOTES = 12
MAX_TURN_CHARS = 6000
# narration this long between two quotations ends a conversation
CONVERSATION_BREAK_WORDS = 120


@dataclass(slots=True)
class Turn:
    quotes: list[int]  # indices into the quotations
    paragraph: int | None
    speaker_key: str | None = None
    cand: Candidate | None = None
    margin: float = 0.0  # the scorer's best score less the best for anyone else
    vocatives: list[Candidate] = field(default_factory=list)
    told: list[Candidate] = field(default_factory=list)
    local: list[Candidate] = field(default_factory=list)
    named: list[Candidate] = field(default_factory=list)
    conversation: int = 0


def group_turns(
    quotes: Sequence[QuoteSpan],
    spoken: Sequence[int],
    text: str,
    para_of: Callable[[int], int],
    *,
    has_paragraphs: bool,
    scene_of: Callable[[int], int] | None = None,
) -> list[Turn]:
    """The spoken quotations ``spoken`` (indices, in text order) grouped into turns and conversations;
    ``scene_of`` (char offset to scene index) ends a conversation at a scene break."""
    turns: list[Turn] = []
    conv = 0
    last_end = None
    last_para = None
    turn_start = 0
    for qi in spoken:
        q = quotes[qi]
        p = q.paragraph if q.paragraph is not None else para_of(q.start_char)
        adjacent = last_end is not None and not text[last_end : q.start_char].strip()
        full = turns and (
            len(turns[-1].quotes) >= MAX_TURN_QUOTES or q.end_char - turn_start > MAX_TURN_CHARS
        )
        if turns and last_para == p and not adjacent and not full:
            # a second quote in the same paragraph is the same turn unless narration names a new speaker
            turns[-1].quotes.append(qi)
        else:
            if last_end is not None:
                gap_paras = p - (last_para or 0) - 1
                if (
                    gap_paras > 1
                    or len(text[last_end : q.start_char].split()) > CONVERSATION_BREAK_WORDS
                    or (scene_of is not None and scene_of(last_end) != scene_of(q.start_char))
                ):
                    conv += 1
            turns.append(Turn([qi], p, conversation=conv))
            turn_start = q.start_char
        last_end = q.end_char
        last_para = para_of(q.end_char - 1) if has_paragraphs else p
    return turns


def conversation_sizes(turns: Sequence[Turn]) -> dict[int, int]:
    sizes: dict[int, int] = {}
    for turn in turns:
        sizes[turn.conversation] = sizes.get(turn.conversation, 0) + 1
    return sizes


def neighbour(turns: Sequence[Turn], t_idx: int, step: int) -> Turn | None:
    """The turn ``step`` turns away from turn ``t_idx``, if it is in the same conversation."""
    k = t_idx + step
    if 0 <= k < len(turns) and turns[k].conversation == turns[t_idx].conversation:
        return turns[k]
    return None


def neighbour_candidates(
    turns: Sequence[Turn], t_idx: int, q0: QuoteSpan, sieves: Sieves, *, refine: bool
) -> list[Candidate]:
    """Candidates for turn ``t_idx`` (whose first quotation is ``q0``) from the turns around it."""
    turn = turns[t_idx]
    prev, prev2 = neighbour(turns, t_idx, -1), neighbour(turns, t_idx, -2)
    nxt_turn, nxt2 = neighbour(turns, t_idx, 1), neighbour(turns, t_idx, 2)
    cands: list[Candidate] = []
    if prev is not None:
        cands.extend(sieves.relabel(v, "vocative_prev", q0) for v in prev.vocatives)
        cands.extend(sieves.relabel(v, "addressee_prev", q0) for v in prev.told)
    if prev2 is not None and prev2.cand is not None:
        alt = sieves.relabel(prev2.cand, "alternation", q0)
        alt.inherited = prev2.cand.score
        cands.append(alt)
    if nxt2 is not None:
        ahead = nxt2.cand if refine else next((c for c in nxt2.local if c.sieve in TAG_SIEVES), None)
        if ahead is not None:
            alt_next = sieves.relabel(ahead, "alternation_next", q0)
            alt_next.inherited = ahead.score if refine else 1.0
            cands.append(alt_next)
    if nxt_turn is not None:
        cands.extend(sieves.relabel(v, "vocative_next", q0) for v in nxt_turn.vocatives)
    if prev is not None and prev.cand is not None and prev.cand.key is not None:
        other = next((c for c in turn.named if c.key != prev.cand.key), None)
        if other is not None:
            cands.append(sieves.relabel(other, "other_party", q0))
    return cands

"""To whom each turn is spoken: the names it addresses or is told to, else the other party.

In order of preference: vocatives and "told X" objects of the turn (not the speaker themself); in a
two-person conversation (two characters on stage, or two speakers), the other person; otherwise the
speaker of the previous (or next) turn when it is someone else; a lone turn among several people on stage
is spoken to the most present of the others. One pass per conversation.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

from ficlens.pipeline.quotes.candidates import Candidate
from ficlens.pipeline.quotes.spans import QuoteSpan
from ficlens.pipeline.quotes.turns import Turn


def assign_addressees(
    turns: Sequence[Turn],
    quotes: Sequence[QuoteSpan],
    on_stage: Mapping[int, Sequence[str]] | None = None,
    text: str | None = None,
) -> None:
    """Set ``addressees`` and ``addressee_mentions`` of every quotation of ``turns`` (in place).

    ``on_stage`` gives each conversation's participants (character ids, most present first), when known;
    ``text`` (the Doc's) lets a line addressed to a group ("you two") go to everyone else on stage."""
    by_conv: dict[int, list[Turn]] = {}
    for t in turns:
        by_conv.setdefault(t.conversation, []).append(t)
    for conv_id, conv in by_conv.items():
        keys = {t.speaker_key for t in conv if t.speaker_key is not None}
        people = list((on_stage or {}).get(conv_id, ()))
        chars = {t.speaker_key: t.cand.character for t in conv if t.cand is not None and t.speaker_key}
        first: dict[str | None, Candidate] = {}  # each speaker's first chosen mention in the conversation
        for u in conv:
            if u.cand is not None:
                first.setdefault(u.speaker_key, u.cand)
        # two people on stage and every speaker one of them: each line is spoken to the other
        pair = people if len(people) == 2 and keys <= set(people) else None
        if pair is None and len(keys) == 2 and not (set(people) - keys and len(people) > 2):
            pair = sorted(keys)
        for i, t in enumerate(conv):
            ids: list[str] = []
            spans: list[tuple[int, int]] = []
            for v in [*t.vocatives, *t.told]:
                if v.key == t.speaker_key and v.key is not None:
                    continue
                spans.append((v.start, v.end))
                if v.character is not None and v.character not in ids:
                    ids.append(v.character)
            size = _group(text, quotes, t) if text is not None and not spans and len(people) > 2 else 0
            if size:
                # "you two", "both of you": spoken to the most present others on stage
                others = [p for p in people if p != t.speaker_key]
                ids.extend(others if size < 0 else others[:size])
            elif not spans and pair is not None and t.speaker_key in pair:
                other = next(k for k in pair if k != t.speaker_key)
                ch = chars.get(other, other if other in people else None)
                if ch is not None:
                    ids.append(ch)
                src = first.get(other)
                if src is not None:
                    spans.append((src.start, src.end))
            elif not spans:
                # the speaker of the previous or next turn, when different
                for near in (conv[i - 1] if i > 0 else None, conv[i + 1] if i + 1 < len(conv) else None):
                    if near is not None and near.cand is not None and near.speaker_key != t.speaker_key:
                        if near.cand.character is not None:
                            ids.append(near.cand.character)
                        spans.append((near.cand.start, near.cand.end))
                        break
                else:
                    other_p = next((p for p in people if p != t.speaker_key), None)
                    if other_p is not None and t.speaker_key is not None:
                        ids.append(other_p)
            for qi in t.quotes:
                quotes[qi].addressees = list(ids)
                quotes[qi].addressee_mentions = list(spans)


_TO_GROUP = re.compile(
    r"\b(?:you (?P<n>two|three|both|all|lot)|(?P<m>both|all|each) of you|y'all)\b", re.IGNORECASE
)
_GROUP_SIZE = {"two": 2, "both": 2, "three": 3}


def _group(text: str, quotes: Sequence[QuoteSpan], turn: Turn) -> int:
    """How many people a turn speaks to when it addresses a group ("you two": 2), else 0; -1 for all."""
    for qi in turn.quotes:
        m = _TO_GROUP.search(text[quotes[qi].start_char : quotes[qi].end_char])
        if m is not None:
            word = (m.group("n") or m.group("m") or "").lower()
            return _GROUP_SIZE.get(word, -1)
    return 0

"""Conversation structure: who takes each turn, given who is on stage and how talk alternates.

After the scorer has decided every turn on its own evidence, each conversation is read again as a whole.
Its participants are the characters on stage in its scene (``stage``): present in the narration around it,
named by its speech tags, or addressed by name in it. Over the turns a small hidden-Markov model runs, one
state per participant and one for someone not on stage: a turn's own evidence (its speech tag, the subject
of its beat, whom it addresses) scores each participant, and turns alternate (the next turn is taken by
someone else, far more often than not). Forward-backward gives each turn's most likely speaker and its
probability, which becomes the confidence. A speech tag that names its speaker ("…," Wren said; "the man
said") is kept as it is; a pronoun tag whose chain points off stage (to a character only remembered in the
scene) counts for the participants its pronoun fits instead.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence
from itertools import pairwise
from typing import TYPE_CHECKING

from ficlens.pipeline.quotes.candidates import TAG_SIEVES, Candidate
from ficlens.pipeline.quotes.stage import LOOKBACK_CHARS, Stage, pronoun_gender

if TYPE_CHECKING:
    from ficlens.pipeline.quotes.candidates import Sieves
    from ficlens.pipeline.quotes.spans import QuoteSpan
    from ficlens.pipeline.quotes.turns import Turn

# the chance that a turn is taken by someone other than the previous turn's speaker: next paragraph, and
# after narration between the two turns (a beat can hand the floor back to the same person)
SWITCH_ADJACENT = 0.85
SWITCH_AFTER_NARRATION = 0.65
MAX_PARTICIPANTS = 4
# how far back in its scene a conversation looks for who is on stage: a scene can be a whole unbroken book,
# and every look is bounded so that attribution stays linear in the length of the text
SCENE_REACH = 6000
BYSTANDER_SHARE = 4  # a participant is at least a quarter as present as the most present one
# a turn's speaker is changed only when the conversation makes another participant at least this likely
OVERRIDE_PROBABILITY = 0.6
OFF_STAGE_OVERRIDE = 0.4
RETURN_RATIO = 4.0  # a turn that changes speaker goes back to the one before this often against a newcomer
SIEVE = "conversation"

# log-odds a piece of a turn's own evidence gives the participant it names
_TAG_PROPER = 6.0
_TAG_OTHER = 3.0
_BEAT_AFTER = 2.0
_BEAT = 1.5
_NARRATION_PREV = 0.3
_SCORER_CHOICE = 0.5
_ADDRESSED = -5.0  # nobody addresses themself by name
_TOLD = -3.0
_REPLY_TO_VOCATIVE = 1.5  # the previous turn called this participant by name
_CALLED_NEXT = 1.0  # the next turn calls this participant by name: they probably just spoke
# share of a pronoun's weight for each participant it fits but the last named, when its chain is off stage
_PRONOUN_FIT = 0.3
_PRONOUN_BEAT = 0.5  # a beat's weight when its subject is a pronoun
_PRESENCE = 0.15  # times the log of a participant's presence relative to the most present one
# a last state stands for someone not on stage (or not known to be): it takes turns nobody on stage fits
_NOBODY = 0.0
_NOBODY_SHARE = 0.3  # how often a switch goes to someone not on stage, against 1 for each person on it


def participants(
    conv: Sequence[Turn], quotes: Sequence[QuoteSpan], stage: Stage, text_len: int
) -> Counter[str]:
    """How present each character on stage for a conversation is (the most present first, at most
    ``MAX_PARTICIPANTS``)."""
    first = quotes[conv[0].quotes[0]].start_char
    last = quotes[conv[-1].quotes[-1]].end_char
    s_lo, s_hi = stage.scene_span(first, text_len)
    counts: Counter[str] = stage.present(
        max(s_lo, first - LOOKBACK_CHARS),
        min(s_hi, last + 200),
        (max(s_lo, first - SCENE_REACH), min(s_hi, last + LOOKBACK_CHARS)),
    )
    reach = max(s_lo, first - SCENE_REACH)  # bounded, like every look into a scene
    for cid in [c for c in counts if stage.gone(c, reach, first)]:
        del counts[cid]  # left the scene before the talk began
    for t in conv:
        for c in t.local:
            if c.sieve in TAG_SIEVES and c.kind == "proper" and c.character is not None:
                counts[c.character] += 2
        for v in t.vocatives:
            if v.character is not None:
                counts[v.character] += 1
    ranked = counts.most_common(MAX_PARTICIPANTS)
    # someone named once while two others talk is a bystander: keeping them would blur the alternation
    top = ranked[0][1] if ranked else 0
    return Counter({cid: n for cid, n in ranked if n * BYSTANDER_SHARE >= top})


def _weight(c: Candidate) -> float:
    if c.sieve in TAG_SIEVES:
        return _TAG_PROPER if c.kind == "proper" else _TAG_OTHER
    # a beat's pronoun is only as good as its chain: a name in a beat says more
    scale = _PRONOUN_BEAT if c.kind == "pronoun" else 1.0
    if c.sieve == "beat_after":
        return _BEAT_AFTER * scale
    if c.sieve == "beat":
        return _BEAT * scale
    if c.sieve == "narration_prev":
        return _NARRATION_PREV
    return 0.0


def _evidence(
    t_idx: int,
    conv: Sequence[Turn],
    people: Counter[str],
    stage: Stage,
    text: str,
    first_char: int,
) -> list[float]:
    """Log-odds of each participant taking turn ``t_idx`` (and last, of nobody on stage), from how present
    they are, the turn's own text and its neighbours' vocatives."""
    turn = conv[t_idx]
    top = max(people.values())
    score = {p: _PRESENCE * math.log(n / top) for p, n in people.items()}
    strongest: dict[tuple[int, int], Candidate] = {}  # one mention found by two sieves counts once
    for c in turn.local:
        held = strongest.get(c.head)
        if held is None or _weight(c) > _weight(held):
            strongest[c.head] = c
    # the last narration subject before a turn may be the previous turn's own speech tag ('"Oh," said
    # Marsh.'): that names who just spoke, not who speaks now
    prev_tags = {c.head for c in conv[t_idx - 1].local if c.sieve in TAG_SIEVES} if t_idx > 0 else set()
    for c in strongest.values():
        w = _weight(c)
        if not w or (c.sieve == "narration_prev" and c.head in prev_tags):
            continue
        g = pronoun_gender(text[c.head[0] : c.head[1]]) if c.kind == "pronoun" else None
        misfit = g is not None and stage.gender.get(c.character or "", g) != g  # "she" chained to a man
        if c.character in score and not misfit:
            score[c.character] += w
        elif c.kind == "pronoun":
            # its chain runs off stage: the pronoun is read again among those on stage, as a reader would:
            # the last of them it fits that the narration named before it
            fits = {p for p in people if g is not None and stage.gender.get(p) == g}
            last = stage.last_of(fits, max(first_char, c.head[0] - SCENE_REACH), c.head[0])
            for p in fits:
                score[p] += w * (1.0 if p == last else _PRONOUN_FIT)
    if (
        turn.cand is not None
        and turn.cand.sieve not in TAG_SIEVES
        and turn.cand.character in score
        and not (turn.cand.sieve == "narration_prev" and turn.cand.head in prev_tags)
    ):
        score[turn.cand.character] += _SCORER_CHOICE
    for v in turn.vocatives:
        if v.character in score:
            score[v.character] += _ADDRESSED
    for v in turn.told:
        if v.character in score:
            score[v.character] += _TOLD
    if t_idx > 0:
        for v in conv[t_idx - 1].vocatives:
            if v.character in score:
                score[v.character] += _REPLY_TO_VOCATIVE
    if t_idx + 1 < len(conv):
        for v in conv[t_idx + 1].vocatives:
            if v.character in score:
                score[v.character] += _CALLED_NEXT
    return [score[p] for p in people] + [_NOBODY]


def _posteriors(
    emissions: list[list[float]], switches: list[float], floor: Sequence[float] | None = None
) -> list[list[float]]:
    """Forward-backward over turns: each turn's probability of being taken by each state.

    ``emissions`` are log-odds per turn and state; ``switches[k]`` is the chance that turn k+1's speaker
    differs from turn k's; ``floor`` weighs the states a switch goes to (all equal when None). The model is
    second order, over (previous speaker, speaker) pairs: a switch goes back to the previous speaker
    ``RETURN_RATIO`` times as often as to anyone else, so two people keep trading lines while others look on.
    """
    n = len(emissions[0])
    w = list(floor) if floor is not None else [1.0] * n
    probs = []
    for e in emissions:
        top = max(e)
        probs.append([math.exp(x - top) for x in e])
    pairs = [(i, j) for i in range(n) for j in range(n)]

    def move(switch: float) -> dict[tuple[int, int], list[tuple[int, float]]]:
        """For each pair (i, j), the speakers c that may follow and the chance of each."""
        out = {}
        for i, j in pairs:
            raw = {c: w[c] * (RETURN_RATIO if c == i else 1.0) for c in range(n) if c != j}
            total = sum(raw.values()) or 1.0
            out[(i, j)] = [(j, 1.0 - switch)] + [(c, switch * r / total) for c, r in raw.items()]
        return out

    def normal(v: dict[tuple[int, int], float]) -> dict[tuple[int, int], float]:
        s = sum(v.values()) or 1.0
        return {k: x / s for k, x in v.items()}

    fwd: list[dict[tuple[int, int], float]] = []
    for k, e in enumerate(probs):
        cur = dict.fromkeys(pairs, 0.0)
        if k == 0:
            for i, j in pairs:
                cur[(i, j)] = w[i] * w[j] * e[j]
        else:
            t = move(switches[k - 1])
            for (i, j), f in fwd[-1].items():
                if f:
                    for c, pr in t[(i, j)]:
                        cur[(j, c)] += f * pr * e[c]
        fwd.append(normal(cur))
    bwd: list[dict[tuple[int, int], float]] = [dict.fromkeys(pairs, 1.0) for _ in probs]
    for k in range(len(probs) - 2, -1, -1):
        t = move(switches[k])
        e = probs[k + 1]
        bwd[k] = normal(
            {(i, j): sum(pr * e[c] * bwd[k + 1][(j, c)] for c, pr in t[(i, j)]) for i, j in pairs}
        )
    out = []
    for ahead, behind in zip(fwd, bwd, strict=True):
        joint = [0.0] * n
        for (i, j), x in ahead.items():
            joint[j] += x * behind[(i, j)]
        s = sum(joint) or 1.0
        out.append([x / s for x in joint])
    return out


def restructure(
    conv: Sequence[Turn],
    quotes: Sequence[QuoteSpan],
    people: Counter[str],
    stage: Stage,
    sieves: Sieves,
) -> list[Candidate | None]:
    """For each turn of ``conv``, the candidate the conversation's structure picks instead of the
    scorer's, or None to keep the scorer's choice."""
    out: list[Candidate | None] = [None] * len(conv)
    if len(people) < 2:
        return out
    text = sieves.text
    s_lo, s_hi = stage.scene_span(quotes[conv[0].quotes[0]].start_char, len(text))
    emissions = [_evidence(k, conv, people, stage, text, s_lo) for k in range(len(conv))]
    names = list(people)
    switches = []
    for a, b in pairwise(conv):
        end_a = quotes[a.quotes[-1]].end_char
        start_b = quotes[b.quotes[0]].start_char
        narration = _has_words(text, end_a, start_b)
        switches.append(SWITCH_AFTER_NARRATION if narration else SWITCH_ADJACENT)
    post = _posteriors(emissions, switches, [1.0] * len(names) + [_NOBODY_SHARE])
    for k, turn in enumerate(conv):
        cand = turn.cand
        if cand is not None and cand.sieve in TAG_SIEVES and cand.kind != "pronoun":
            continue  # a speech tag naming its speaker ("Wren said", "the man said") is not second-guessed
        if cand is not None and cand.sieve in TAG_SIEVES and stage.in_memory(sieves.tok_at(cand.head[0])):
            continue  # "he had said": a line inside a memory, spoken by whoever is remembered
        best = max(range(len(names)), key=lambda i: post[k][i])
        on_stage = cand is not None and cand.character in people
        # the scorer's choice stands unless the conversation clearly wants someone else; a choice off stage
        # (nobody, or someone only remembered here) gives way to the likeliest person on stage
        needed = OVERRIDE_PROBABILITY if on_stage else OFF_STAGE_OVERRIDE
        if post[k][best] < needed or post[k][best] <= post[k][-1]:
            continue
        who = names[best]
        if cand is not None and cand.character == who:
            continue
        q0 = quotes[turn.quotes[0]]
        lo, hi = max(s_lo, q0.start_char - SCENE_REACH), min(s_hi, q0.end_char + LOOKBACK_CHARS)
        out[k] = _mention_of(who, turn, q0, stage, sieves, lo, hi, post[k][best])
    return out


def _has_words(text: str, lo: int, hi: int) -> bool:
    return any(ch.isalpha() for ch in text[lo:hi])


def _mention_of(
    who: str, turn: Turn, q0: QuoteSpan, stage: Stage, sieves: Sieves, lo: int, hi: int, prob: float
) -> Candidate | None:
    """A mention of ``who`` to stand for the turn's speaker: the turn's own candidate naming them, else the
    nearest narration mention in the scene."""
    for c in turn.local:
        if c.character == who:
            found = sieves.relabel(c, SIEVE, q0)
            found.score = prob
            return found
    m = stage.nearest(who, q0.start_char, lo, hi)
    if m is None:
        return None
    qs = sieves.tok_at(q0.start_char)
    return Candidate(
        SIEVE,
        m.start,
        m.end,
        m.head,
        m.kind,
        abs(qs - sieves.tok_at(m.head[0])),
        key=who,
        character=who,
        score=prob,
    )

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

import json
import math
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from functools import cache
from itertools import pairwise
from pathlib import Path
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
RETURN_RATIO = 4.0  # a turn that changes speaker goes back to the one before this often against a newcomer
SIEVE = "conversation"
# the sieves that take a speaker from the turns around (``turns.neighbour_candidates``)
TURN_TAKING = frozenset(
    {"alternation", "alternation_next", "vocative_prev", "vocative_next", "addressee_prev", "other_party"}
)
MAX_TAG_DISTANCE = 8  # turns to the nearest speech tag, when the conversation has none that way

# what the gate reads (``gate_features``), in the order of the shipped weights
GATE_FEATURES = (
    "p_conversation",
    "p_scorer_choice",
    "p_nobody",
    "log_odds",
    "evidence_gap",
    "scorer_confidence",
    "scorer_margin",
    "scorer_none",
    "tag_pronoun",
    "tag_in_memory",
    "scorer_turn_taking",
    "scorer_narration",
    "scorer_unknown",
    "scorer_off_stage",
    "tag_pronoun_unknown",
    "tag_pronoun_off_stage",
    "tag_pronoun_evidence_gap",
    "conversation_in_turn",
    "participants",
    "log_untagged_run",
    "log_since_tag",
    "log_until_tag",
    "log_conversation",
)
SHIPPED_GATE = "conversation/conversation.json"


class Gate:
    """Logistic regression over a turn's ``gate_features``: the chance that the conversation's pick, not the
    scorer's, is the speaker (trained by ``ficlens.training.conversation``)."""

    def __init__(self, weights: dict[str, float], bias: float) -> None:
        unknown = set(weights) - set(GATE_FEATURES)
        if unknown:
            raise ValueError(f"unknown gate features: {sorted(unknown)}")
        self.weights = weights
        self.bias = bias

    @classmethod
    def default(cls) -> Gate:
        return _load_gate()

    @classmethod
    def parse(cls, data: bytes) -> Gate:
        raw = json.loads(data)
        return cls({k: float(v) for k, v in raw["weights"].items()}, float(raw["bias"]))

    @classmethod
    def read(cls, path: Path) -> Gate:
        """The gate saved at ``path``; a missing or malformed file raises ``ModelError`` naming it."""
        from ficlens.errors import ModelError
        from ficlens.pipeline.weights import read_file

        data = read_file(path, "conversation gate")
        try:
            return cls.parse(data)
        except (ValueError, KeyError, TypeError, AttributeError) as exc:
            raise ModelError(str(path), f"not a valid conversation gate ({exc})") from exc

    def __call__(self, features: dict[str, float]) -> float:
        z = self.bias + sum(self.weights.get(k, 0.0) * v for k, v in features.items())
        return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))


@cache
def _load_gate() -> Gate:
    from ficlens.pipeline.weights import shipped_file

    return Gate.read(shipped_file(SHIPPED_GATE))


# the training hook: a turn where the conversation's pick differs (its quotations, the turn, its features)
# and the pick's mention
Recorder = Callable[[list["QuoteSpan"], "Turn", dict[str, float], Candidate], None]
# set while training reads whole analyses (``recording_turns``), where no call passes ``record`` down
_RECORDER: ContextVar[Recorder | None] = ContextVar("ficlens_conversation_recorder", default=None)


def current_recorder() -> Recorder | None:
    return _RECORDER.get()


@contextmanager
def recording_turns(record: Recorder) -> Iterator[None]:
    """Within the block, every attribution calls ``record`` for each turn the gate weighs."""
    token = _RECORDER.set(record)
    try:
        yield
    finally:
        _RECORDER.reset(token)


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
    gate: Gate,
    record: Recorder | None = None,
) -> list[Candidate | None]:
    """For each turn of ``conv``, the candidate the conversation's structure picks instead of the
    scorer's, or None to keep the scorer's choice.

    Wherever the conversation's likeliest participant is not the scorer's choice, ``gate`` (a small
    logistic model, ``ficlens/models/conversation/conversation.json``) weighs the two from the turn's features
    (``gate_features``) and the conversation's pick wins when the gate gives it more than even odds.
    ``record(its quotations, turn, features, conversation's candidate)`` sees every such turn: the
    training hook."""
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
    tagged = [any(c.sieve in TAG_SIEVES for c in t.local) for t in conv]
    for k, turn in enumerate(conv):
        cand = turn.cand
        if cand is not None and cand.sieve in TAG_SIEVES and cand.kind != "pronoun":
            continue  # a speech tag naming its speaker ("Wren said", "the man said") is not second-guessed
        best = max(range(len(names)), key=lambda i: post[k][i])
        who = names[best]
        if cand is not None and cand.character == who:
            continue
        q0 = quotes[turn.quotes[0]]
        lo, hi = max(s_lo, q0.start_char - SCENE_REACH), min(s_hi, q0.end_char + LOOKBACK_CHARS)
        found = _mention_of(who, turn, q0, stage, sieves, lo, hi, post[k][best])
        if found is None:
            continue
        said_by = cand.character if cand is not None else None
        mine = names.index(said_by) if said_by is not None and said_by in people else None
        memory = (
            cand is not None and cand.sieve in TAG_SIEVES and stage.in_memory(sieves.tok_at(cand.head[0]))
        )
        f = gate_features(
            turn,
            post[k],
            emissions[k],
            best,
            mine,
            tagged,
            k,
            n_people=len(names),
            memory=memory,
            conv_local=any(c.character == who for c in turn.local),
        )
        if record is not None:
            record([quotes[i] for i in turn.quotes], turn, f, found)
        p = gate(f)
        # a character named in the scene only inside a memory ("she had been the bravest") does not speak
        # there: the narration that proposed them tells what was, so the one on stage wins (issue 11)
        remembered = (
            "scorer_narration" in f and said_by is not None and stage.only_remembered(said_by, s_lo, s_hi)
        )
        if p > 0.5 or remembered:
            out[k] = found
    return out


def _run_around(flags: Sequence[bool], k: int) -> tuple[int, int, int]:
    """Untagged turns in a row around turn ``k`` (0 when it is tagged), and how many turns back and ahead
    the nearest tagged turn is (``MAX_TAG_DISTANCE`` when none)."""
    if flags[k]:
        return 0, 0, 0
    lo = k
    while lo > 0 and not flags[lo - 1]:
        lo -= 1
    hi = k
    while hi + 1 < len(flags) and not flags[hi + 1]:
        hi += 1
    back = k - lo + 1 if lo > 0 else MAX_TAG_DISTANCE
    ahead = hi - k + 1 if hi + 1 < len(flags) else MAX_TAG_DISTANCE
    return hi - lo + 1, min(back, MAX_TAG_DISTANCE), min(ahead, MAX_TAG_DISTANCE)


def gate_features(
    turn: Turn,
    post: Sequence[float],
    emission: Sequence[float],
    best: int,
    mine: int | None,
    tagged: Sequence[bool],
    k: int,
    *,
    n_people: int,
    memory: bool,
    conv_local: bool,
) -> dict[str, float]:
    """What the gate reads about turn ``k``: the conversation's posteriors (``post``, last: nobody on
    stage) for its pick ``best`` and for the scorer's choice (``mine``, None when off stage), the scorer's
    confidence and margin, the kind of speech tag behind the scorer's choice, and where the turn stands in
    a run of untagged turns (``tagged`` per turn of the conversation)."""
    cand = turn.cand
    f: dict[str, float] = {}
    p_best = post[best]
    p_mine = post[mine] if mine is not None else 0.0
    f["p_conversation"] = p_best
    f["p_scorer_choice"] = p_mine
    f["p_nobody"] = post[-1]
    f["log_odds"] = max(-6.0, min(6.0, math.log((p_best + 1e-4) / (p_mine + 1e-4))))
    gap = emission[best] - (emission[mine] if mine is not None else emission[-1])
    f["evidence_gap"] = max(-8.0, min(8.0, gap))
    f["scorer_confidence"] = cand.score if cand is not None else 0.0
    f["scorer_margin"] = turn.margin if cand is not None else 0.0
    if cand is None:
        f["scorer_none"] = 1.0
    elif cand.sieve in TAG_SIEVES:
        f["tag_pronoun"] = 1.0  # a tag that names its speaker never reaches the gate
        if memory:
            f["tag_in_memory"] = 1.0
    elif cand.sieve in TURN_TAKING:
        f["scorer_turn_taking"] = 1.0
    else:
        f["scorer_narration"] = 1.0
    if cand is not None and cand.character is None:
        f["scorer_unknown"] = 1.0  # a mention of nobody in the cast: "the guide", "he" of a stranger
    elif cand is not None and mine is None:
        f["scorer_off_stage"] = 1.0  # a character, but not one on stage here
    if "tag_pronoun" in f:
        # "he said" of a stranger is most likely his; of a character only remembered here, a chain gone astray
        if "scorer_unknown" in f:
            f["tag_pronoun_unknown"] = 1.0
        if "scorer_off_stage" in f:
            f["tag_pronoun_off_stage"] = 1.0
        f["tag_pronoun_evidence_gap"] = f["evidence_gap"]
    if conv_local:
        f["conversation_in_turn"] = 1.0
    f["participants"] = float(n_people - 2)
    run, back, ahead = _run_around(tagged, k)
    f["log_untagged_run"] = math.log1p(run)
    f["log_since_tag"] = math.log1p(back)
    f["log_until_tag"] = math.log1p(ahead)
    f["log_conversation"] = math.log1p(len(tagged))
    return f


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

"""The speaker scorer: a logistic regression over each candidate's features; the best candidate wins.

Weights are in ``ficlens/models/speakers/speakers.json``, trained by ``ficlens.training.speakers`` on LitBank
train+dev. A candidate's features are its sieve, its mention kind, its distance, and how it agrees with the
other candidates and the previous turn; they are computed in one pass over the candidates (counts, not pairs).
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence
from functools import cache
from importlib import resources
from pathlib import Path

from ficlens.pipeline.lexicon import FIRST, FIRST_PLURAL, PERSONAL, PRONOUNS, STANDARD, SUBJECT_PRONOUNS
from ficlens.pipeline.quotes.candidates import SIEVES, TAG_SIEVES, Candidate

# the pronoun candidates that get the "first_person" feature: I, me and we (the shipped weights were fitted
# without "us")
_FIRST_PERSON = frozenset(
    w
    for w, p in PRONOUNS.items()
    if p.form == PERSONAL
    and p.register == STANDARD
    and (p.person == FIRST or (p.person == FIRST_PLURAL and w in SUBJECT_PRONOUNS))
)

FEATURES = (
    *[f"sieve={s}" for s in SIEVES],
    "kind=proper",
    "kind=common",
    "kind=pronoun",
    "first_person",
    "log_distance",
    "agree",
    "disagree_tag",
    "same_as_prev_turn",
    "inherited_confidence",
    "log_conversation",
    "n_candidates",
    "speech_verb",
    "log_quote_tokens",
    "has_character",
    "gap_paragraphs",
)


class Scorer:
    """Logistic regression over candidate features, numpy-free at this size (pure Python dot products)."""

    def __init__(self, weights: dict[str, float], bias: float) -> None:
        self.weights = weights
        self.bias = bias

    @classmethod
    def default(cls) -> Scorer:
        return _load_scorer()

    def __call__(self, features: dict[str, float]) -> float:
        z = self.bias + sum(self.weights.get(k, 0.0) * v for k, v in features.items())
        return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))


SHIPPED_SCORER = "speakers/speakers.json"


@cache
def _load_scorer() -> Scorer:
    return read_scorer(Path(str(resources.files("ficlens.models").joinpath(SHIPPED_SCORER))))


def read_scorer(path: Path) -> Scorer:
    """The speaker scorer saved at ``path``; a missing or malformed file raises ``ModelError`` naming it."""
    from ficlens.pipeline.quotes.component import SpeakerAttributor

    return SpeakerAttributor.read(path)


def score_candidates(
    cands: Sequence[Candidate],
    scorer: Scorer,
    *,
    text: str,
    prev: Candidate | None,
    conv_len: int,
    n_tok: int,
    gap: int = 0,
) -> Candidate | None:
    """Set every candidate's features and score; return the best (the first of equals), or None.

    ``prev`` is the previous turn's chosen speaker, ``conv_len`` the number of turns in the conversation,
    ``n_tok`` the quotation's length in tokens and ``gap`` the paragraphs since the previous turn."""
    if not cands:
        return None
    tag_keys = {c.key for c in cands if c.sieve in TAG_SIEVES and c.key is not None}
    # "agree": how many other candidates name the same person (same key) or the same word (same head)
    by_key = Counter(c.key for c in cands if c.key is not None)
    by_head = Counter(c.head for c in cands)
    by_both = Counter((c.key, c.head) for c in cands if c.key is not None)
    for c in cands:
        f = {f"sieve={c.sieve}": 1.0, f"kind={c.kind}": 1.0}
        if c.kind == "pronoun" and text[c.head[0] : c.head[1]].lower() in _FIRST_PERSON:
            f["first_person"] = 1.0
        f["log_distance"] = math.log1p(c.distance)
        agree = by_head[c.head] - 1
        if c.key is not None:
            agree += (by_key[c.key] - 1) - (by_both[(c.key, c.head)] - 1)
        f["agree"] = float(min(agree, 3))
        f["disagree_tag"] = 1.0 if tag_keys and c.key not in tag_keys and c.sieve not in TAG_SIEVES else 0.0
        same = prev is not None and ((c.key is not None and c.key == prev.key) or c.head == prev.head)
        f["same_as_prev_turn"] = 1.0 if same else 0.0
        f["inherited_confidence"] = c.inherited if c.sieve == "alternation" else 0.0
        f["log_conversation"] = math.log1p(conv_len)
        f["n_candidates"] = float(min(len(cands), 6))
        f["speech_verb"] = 1.0 if c.speech_verb else 0.0
        f["log_quote_tokens"] = math.log1p(n_tok)
        f["has_character"] = 1.0 if c.character is not None else 0.0
        f["gap_paragraphs"] = float(min(gap, 2))
        c.features = f
        c.score = scorer(f)
    return max(cands, key=lambda c: c.score)

"""Resolve mentions into clusters: name rules for proper names, a mention-ranking model for the rest.

Each mention is scored against the ``WINDOW`` mentions before it by a logistic model (one weight vector per
mention class: third-person pronoun, first/second-person pronoun, proper name, common noun) and joins the
best-scoring compatible antecedent above its class threshold; otherwise it starts a new entity.
High-precision rules come first: proper names of one character share a cluster whatever the distance;
first-person narration is one narrator; first- and second-person pronouns inside one quotation share a
cluster (the quote stage later ties them to its speaker and addressee).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import numpy as np

from ficlens.datamodel import EntityType, MentionKind
from ficlens.pipeline.coref.features import (
    CLASSES,
    FEATURES,
    WINDOW,
    mention_class,
    pair_features,
)
from ficlens.pipeline.coref.mentions import TYPES, MentionTable
from ficlens.pipeline.lexicon import FEMALE, FIRST, MALE, NEUTER, PLURAL, SECOND, pronoun_group

MODEL_PATH = Path(__file__).resolve().parents[2] / "models" / "coref" / "coref.json"
BLOCK = 2048
THEY_GROUP = pronoun_group("they")  # mentions scored per numpy block: bounds memory on long works


@dataclass(frozen=True, slots=True)
class CorefModel:
    weights: np.ndarray  # (len(CLASSES), len(FEATURES))
    thresholds: np.ndarray  # (len(CLASSES),) probability needed to link
    window: int = WINDOW

    @classmethod
    def from_json(cls, data: dict[str, object]) -> CorefModel:
        feats = list(data["features"])  # type: ignore[call-overload]
        if feats != list(FEATURES):
            raise ValueError("coref model features do not match this version of ficlens")
        classes: dict[str, dict[str, object]] = data["classes"]  # type: ignore[assignment]
        weights = np.array([classes[c]["weights"] for c in CLASSES], dtype=np.float32)
        thresholds = np.array([float(classes[c]["threshold"]) for c in CLASSES], dtype=np.float32)  # type: ignore[arg-type]
        return cls(weights, thresholds, int(data.get("window", WINDOW)))  # type: ignore[call-overload]

    def to_json(self) -> dict[str, object]:
        return {
            "features": list(FEATURES),
            "window": self.window,
            "classes": {
                c: {
                    "weights": [round(float(w), 5) for w in self.weights[i]],
                    "threshold": float(self.thresholds[i]),
                }
                for i, c in enumerate(CLASSES)
            },
        }


@cache
def load_model(path: Path = MODEL_PATH) -> CorefModel:
    """The coreference model saved at ``path``; raises ``ModelError`` naming it when missing or malformed."""
    from ficlens.pipeline.coref.component import CorefResolver

    return CorefResolver.read(path)


def score_pairs(table: MentionTable, model: CorefModel, lo: int, hi: int) -> tuple[np.ndarray, np.ndarray]:
    """Link probabilities (hi-lo, window) of mentions lo..hi-1 to their candidates (-1 where not allowed)."""
    f, cand, allowed = pair_features(table, lo, hi, model.window)
    cls = mention_class(table)[lo:hi]
    w = model.weights[cls]  # (m, F)
    logits = np.einsum("mkf,mf->mk", f, w)
    probs = 1.0 / (1.0 + np.exp(-logits))
    return np.where(allowed, probs, -1.0), cand


class _Clusters:
    """Union-find over mentions, with each cluster's character and gender votes."""

    def __init__(self, n: int) -> None:
        self.parent = list(range(n))
        self.character: dict[int, int] = {}
        self.votes: dict[int, Counter[int]] = {}

    def find(self, i: int) -> int:
        root = i
        while self.parent[root] != root:
            root = self.parent[root]
        while self.parent[i] != root:
            self.parent[i], i = root, self.parent[i]
        return root

    def gender(self, root: int) -> int:
        votes = self.votes.get(root)
        if not votes:
            return 0
        (g, top), total = votes.most_common(1)[0], sum(votes.values())
        return g if top >= 2 and top * 4 >= total * 3 else 0

    def union(self, keep: int, other: int) -> None:
        a, b = self.find(keep), self.find(other)
        if a == b:
            return
        self.parent[b] = a
        if b in self.character:
            self.character.setdefault(a, self.character.pop(b))
        if b in self.votes:
            self.votes.setdefault(a, Counter()).update(self.votes.pop(b))

    def vote(self, i: int, gender: int) -> None:
        if gender in (MALE, FEMALE):
            self.votes.setdefault(self.find(i), Counter())[gender] += 1


def resolve(
    table: MentionTable,
    model: CorefModel | None,
    *,
    drop_unlinked_it: bool = True,
    people: Sequence[Person] = (),
) -> tuple[list[int], list[bool], dict[int, int]]:
    """The cluster root of each mention, whether to keep it (an unlinked "it" is seldom an entity), and the
    cast index of each cluster root that holds a named character. ``people`` (surnames, gender and titles
    of each cast member, by cast index) lets "her father" find Mr. Woodhouse when she is a Woodhouse."""
    n = len(table)
    clusters = _Clusters(n)
    cls = mention_class(table)
    keep = [True] * n
    char_root: dict[int, int] = {}
    narrator: int | None = None
    quote_first: dict[tuple[int, int], int] = {}
    group = table.pron_group.tolist()
    kind, person, quote, character, gender = (
        table.kind.tolist(),
        table.person.tolist(),
        table.quote.tolist(),
        table.character.tolist(),
        table.gender.tolist(),
    )
    probs = cand = None
    any_above: list[bool] = []
    block_lo = 0
    for i in range(n):
        if model is not None and (probs is None or i >= block_lo + BLOCK):
            block_lo = i
            probs, cand = score_pairs(table, model, i, min(n, i + BLOCK))
            any_above = (probs >= model.thresholds[cls[i : i + BLOCK]][:, None]).any(axis=1).tolist()
        c = character[i]
        if c >= 0:  # a named character: every mention of the name joins one cluster
            if c in char_root:
                clusters.union(char_root[c], i)
            else:
                char_root[c] = i
                clusters.character[i] = c
            clusters.vote(i, gender[i])
            continue
        if kind[i] == 2 and person[i] in (FIRST, SECOND, 2) and quote[i] >= 0:
            key = (quote[i], person[i])
            if key in quote_first:
                clusters.union(quote_first[key], i)
            else:
                quote_first[key] = i
            continue
        if kind[i] == 2 and person[i] == FIRST:  # first-person narration: the narrator
            if narrator is None:
                narrator = i
            else:
                clusters.union(narrator, i)
            continue
        if model is None or probs is None or cand is None:
            continue
        linked = False
        subject = _clause_subject(table, i) if kind[i] == 2 and gender[i] in (MALE, FEMALE) else None
        if subject is not None:
            root = clusters.find(subject)
            g = clusters.gender(root)
            if not g or g == gender[i]:
                clusters.union(root, i)
                clusters.vote(root, gender[i])
                continue
        row = probs[i - block_lo]
        threshold = model.thresholds[cls[i]]
        above = np.flatnonzero(row >= threshold) if any_above[i - block_lo] else ()
        for k in sorted(above, key=lambda k: -row[k])[:8]:
            j = int(cand[i - block_lo, k])
            root = clusters.find(j)
            if kind[i] == 2 and gender[i] in (MALE, FEMALE):
                g = clusters.gender(root)
                if g and g != gender[i]:
                    continue
            clusters.union(root, i)
            clusters.vote(root, gender[i])
            linked = True
            break
        if not linked and group[i] == THEY_GROUP:
            ante = _singular_they_antecedent(table, clusters, i)
            if ante is not None:
                clusters.union(clusters.find(ante), i)
                linked = True
        if not linked:
            clusters.vote(i, gender[i])
            if drop_unlinked_it and kind[i] == 2 and gender[i] == NEUTER:
                keep[i] = False
    kin = _join_kin(table, clusters)
    moves = _kin_to_named(kin, clusters, char_root, people) if people else {}
    roots = [clusters.find(moves.get(i, i)) for i in range(n)]
    return roots, keep, {root: c for root, c in clusters.character.items()}


# kin one person has only one of, so "her father" names the same man wherever "her" is the same woman
UNIQUE_KIN = frozenset(
    [
        "father",
        "mother",
        "husband",
        "wife",
        "papa",
        "mama",
        "mamma",
        "grandfather",
        "grandmother",
        "stepfather",
        "stepmother",
        "dad",
        "mum",
        "mom",
        "pa",
        "ma",
    ]
)


@dataclass(frozen=True, slots=True)
class Person:
    """What the kinship rule needs to know about a named character."""

    surnames: frozenset[str]
    gender: str | None  # "m" / "f"
    titles: frozenset[str]


_KIN_GENDER = {
    "father": "m",
    "papa": "m",
    "dad": "m",
    "pa": "m",
    "husband": "m",
    "mother": "f",
    "mama": "f",
    "mamma": "f",
    "mum": "f",
    "mom": "f",
    "ma": "f",
    "wife": "f",
}
_MARRIED_TITLES = {
    "m": frozenset(
        {
            "mr",
            "sir",
            "lord",
            "dr",
            "doctor",
            "captain",
            "colonel",
            "general",
            "admiral",
            "major",
            "reverend",
            "rev",
            "judge",
        }
    ),
    "f": frozenset({"mrs", "lady", "madame", "madam"}),
}


def _kin_to_named(
    kin: list[tuple[int, int, str]], clusters: _Clusters, char_root: dict[int, int], people: Sequence[Person]
) -> dict[int, int]:
    """A Woodhouse's father is the one Mr. Woodhouse; a Mr. Weston's wife the one Mrs. Weston.

    A kin mention whose cluster has no character joins the named one with its cluster; one that the model
    put with another character is moved alone (returned: mention -> the cluster root it moves to)."""
    moves: dict[int, int] = {}
    target_of: dict[tuple[int, str], int | None] = {}
    for mention, possessor, head in kin:
        owner = clusters.character.get(clusters.find(possessor))
        gender = _KIN_GENDER.get(head)
        if owner is None or gender is None:
            continue
        if (owner, head) not in target_of:
            surnames = people[owner].surnames
            found = [
                c
                for c, person in enumerate(people)
                if c != owner
                and c in char_root
                and person.surnames & surnames
                and person.gender == gender
                and person.titles & _MARRIED_TITLES[gender]
            ]
            target_of[(owner, head)] = found[0] if len(found) == 1 else None
        target = target_of[(owner, head)]
        if target is None:
            continue
        target_root = clusters.find(char_root[target])
        root = clusters.find(mention)
        current = clusters.character.get(root)
        if current is None:
            clusters.union(target_root, root)
        elif current != target:
            moves[mention] = target_root
    return moves


def _join_kin(table: MentionTable, clusters: _Clusters) -> list[tuple[int, int, str]]:
    """One cluster for every "X's father" / "her father" whose possessor is the same entity (among those the
    model left without a character); returns each (kin mention, possessor mention, kin word)."""
    starts, ends, kind = table.starts.tolist(), table.ends.tolist(), table.kind.tolist()
    first_of: dict[tuple[int, str], int] = {}
    found: list[tuple[int, int, str]] = []
    for i, head in enumerate(table.heads):
        if kind[i] != 1 or head not in UNIQUE_KIN or table.number[i] == PLURAL:
            continue
        j = i + 1  # the possessor is the next mention: nested at the same start ("[her] father")
        if j >= len(starts) or starts[j] != starts[i] or ends[j] >= ends[i]:
            continue
        found.append((i, j, head))
        if clusters.find(i) in clusters.character:
            continue
        key = (clusters.find(j), head)
        if key not in first_of:
            first_of[key] = i
            continue
        a, b = clusters.find(first_of[key]), clusters.find(i)
        if a != b and a not in clusters.character and b not in clusters.character:
            clusters.union(a, b)
    return found


def _clause_subject(table: MentionTable, i: int) -> int | None:
    """ "Nora turned it over in her fingers": a possessive he/she goes with the subject of its own clause when
    that subject has its gender and stands on the same side of every quotation mark; None otherwise. In a
    relative clause ("it was Nora who walked back with her hands in her pockets") the subject is the one
    the clause describes."""
    if table.role[i] != 3 or table.governor[i] < 0:
        return None
    described = int(table.relative_head[i])
    j = i - 1
    while j >= 0 and table.sentence[j] == table.sentence[i]:
        is_subject = table.governor[j] == table.governor[i] and table.role[j] == 1
        if is_subject or table.starts[j] <= described < table.ends[j]:
            named = table.character[j] >= 0 and table.quote[j] < 0 and table.quote[i] < 0
            return j if named and table.gender[j] == table.gender[i] else None
        j -= 1
    return None


def _singular_they_antecedent(table: MentionTable, clusters: _Clusters, i: int) -> int | None:
    """Singular "they": the one person of the last three sentences, when nothing plural is in sight there."""
    sent = int(table.sentence[i])
    roots: set[int] = set()
    last: int | None = None
    j = i - 1
    while j >= 0 and i - j <= WINDOW and sent - int(table.sentence[j]) <= 2:
        if table.type[j] == 0 and table.person[j] == 0:
            plural = table.number[j] == PLURAL and table.pron_group[j] != THEY_GROUP
            if plural or (table.pron_group[j] == THEY_GROUP and clusters.find(j) not in clusters.character):
                return None
            roots.add(clusters.find(j))
            last = j if last is None else last
        j -= 1
    return last if len(roots) == 1 else None


def kinds_and_types(table: MentionTable) -> tuple[list[MentionKind], list[EntityType]]:
    kinds = table.kinds
    types = [EntityType(TYPES[t]) for t in table.type.tolist()]
    return kinds, types

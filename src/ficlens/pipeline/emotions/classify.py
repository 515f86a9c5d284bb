"""The sentence emotion model: a linear classifier over hashed word, word-pair and character n-gram features.

Every output (the nine labels of ``labels.LABELS`` and the two valence poles) is an independent logistic
regression over the same features, so a sentence may carry several emotions. The weights ship inside the
package (``ficlens/models/emotions/emotions.npz``, trained by ``ficlens.training.emotions``); inference needs
only numpy.

Features of a text (lower-cased, curly apostrophes made straight):

- each word (``\\w+`` with inner apostrophes, so "didn't" stays whole) and each ``!`` and ``?``;
- each pair of neighbouring tokens, the start and end of the text counting as tokens, so negation
  ("not happy") and set phrases ("so sorry") get their own weights;
- the character 3- to 5-grams of each word padded as ``<word>``, so unseen forms of known words
  ("heartbroken", "furiously") share weight with the forms seen in training;
- for each word of ficlens's emotion word lists (``lexicon``), its emotion (``not-`` before it when one of
  the three words before it negates: "not afraid"), so that the weight learned from all of an emotion's
  words carries over to the rare ones.

Each feature is hashed (CRC-32) into ``n_buckets`` weights. Within each of the four groups, every occurrence
counts ``1/sqrt(group size)``, so long sentences and long words do not swamp short ones. A word's features are
computed once and cached, which is what keeps the model at well over 100,000 words/s on one core.
"""

from __future__ import annotations

import re
import zlib
from dataclasses import dataclass
from functools import cache
from importlib import resources
from itertools import pairwise
from typing import IO

import numpy as np
import numpy.typing as npt

from ficlens.pipeline.emotions.labels import HEADS, LABELS, NEUTRAL
from ficlens.pipeline.emotions.lexicon import emotion_words

MODEL_RESOURCE = "models/emotions/emotions.npz"
FEATURES_VERSION = 2

_TOKEN = re.compile(r"\w+(?:'\w+)*|[!?]")
_APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u02bc": "'"})
_CHAR_NGRAMS = (3, 4, 5)
_CACHE_LIMIT = 200_000
_NEGATORS = frozenset({"not", "no", "never", "without", "nothing", "nobody", "hardly", "barely", "nor"})


def tokenize(text: str) -> list[str]:
    """The tokens the model sees: lower-cased words (apostrophes kept inside) and ``!`` / ``?``."""
    return _TOKEN.findall(text.lower().translate(_APOSTROPHES))


def _hash(feature: str, n_buckets: int) -> int:
    return zlib.crc32(feature.encode("utf-8")) % n_buckets


class Featurizer:
    """Texts to a CSR sparse matrix (``indptr``, ``indices``, ``values``) over ``n_buckets`` columns."""

    def __init__(self, n_buckets: int) -> None:
        self.n_buckets = n_buckets
        self._words: dict[str, tuple[int, tuple[int, ...], tuple[str, ...]]] = {}
        self._pairs: dict[str, int] = {}

    def _word(self, token: str) -> tuple[int, tuple[int, ...], tuple[str, ...]]:
        cached = self._words.get(token)
        if cached is not None:
            return cached
        n = self.n_buckets
        unigram = _hash("w\x01" + token, n)
        chars: tuple[int, ...] = ()
        if token not in ("!", "?"):
            padded = "<" + token + ">"
            chars = tuple(
                _hash("c\x01" + padded[i : i + k], n)
                for k in _CHAR_NGRAMS
                for i in range(len(padded) - k + 1)
            )
        entry = (unigram, chars, emotion_words(token))
        if len(self._words) >= _CACHE_LIMIT:
            self._words.clear()
        self._words[token] = entry
        return entry

    def _pair(self, pair: str) -> int:
        cached = self._pairs.get(pair)
        if cached is None:
            if len(self._pairs) >= _CACHE_LIMIT:
                self._pairs.clear()
            cached = self._pairs[pair] = _hash("b\x01" + pair, self.n_buckets)
        return cached

    def emotion_feature(self, label: str, *, negated: bool) -> int:
        """The column of the feature "a word of ``label``'s list" (negated or not)."""
        return self._pair(("\x02not-" if negated else "\x02") + label)

    def encode(
        self, texts: list[str]
    ) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int32], npt.NDArray[np.float32]]:
        indptr = [0]
        indices: list[int] = []
        values: list[float] = []
        for text in texts:
            tokens = tokenize(text)
            if not tokens:
                indptr.append(len(indices))
                continue
            words: list[int] = []
            chars: list[int] = []
            emotions: list[int] = []
            for position, token in enumerate(tokens):
                unigram, grams, labels = self._word(token)
                words.append(unigram)
                chars.extend(grams)
                if labels:
                    before = tokens[max(0, position - 3) : position]
                    negated = any(t in _NEGATORS or t.endswith("n't") for t in before)
                    emotions.extend(self.emotion_feature(label, negated=negated) for label in labels)
            bounded = ["<s>", *tokens, "</s>"]
            pairs = [self._pair(a + " " + b) for a, b in pairwise(bounded)]
            for group in (words, pairs, chars, emotions):
                if group:
                    indices.extend(group)
                    values.extend([len(group) ** -0.5] * len(group))
            indptr.append(len(indices))
        return (
            np.asarray(indptr, dtype=np.int64),
            np.asarray(indices, dtype=np.int32),
            np.asarray(values, dtype=np.float32),
        )


def _sigmoid(x: npt.NDArray[np.float32]) -> npt.NDArray[np.float32]:
    return np.asarray(0.5 * (1.0 + np.tanh(0.5 * x)), dtype=np.float32)


@dataclass(frozen=True, slots=True, eq=False)
class EmotionModel:
    """Weights of every output (``heads``), per-label decision thresholds, and the feature settings."""

    heads: tuple[str, ...]
    weights: npt.NDArray[np.float32]  # (n_buckets, len(heads))
    bias: npt.NDArray[np.float32]  # (len(heads),)
    thresholds: npt.NDArray[np.float32]  # (len(LABELS),), on P(label)
    n_buckets: int

    def __post_init__(self) -> None:
        if self.heads != HEADS:
            raise ValueError(f"model outputs {self.heads} are not ficlens's {HEADS}")
        if self.weights.shape != (self.n_buckets, len(self.heads)) or self.thresholds.shape != (len(LABELS),):
            raise ValueError("emotion model arrays have the wrong shapes")

    @classmethod
    def read(cls, file: IO[bytes]) -> EmotionModel:
        with np.load(file, allow_pickle=False) as data:
            if int(data["features_version"]) != FEATURES_VERSION:
                raise ValueError("emotion model was trained with other features; retrain it")
            return cls(
                heads=tuple(str(h) for h in data["heads"]),
                weights=data["weights"].astype(np.float32),
                bias=data["bias"].astype(np.float32),
                thresholds=data["thresholds"].astype(np.float32),
                n_buckets=int(data["n_buckets"]),
            )

    def write(self, file: IO[bytes]) -> None:
        np.savez_compressed(
            file,
            heads=np.asarray(self.heads),
            weights=self.weights.astype(np.float16),
            bias=self.bias.astype(np.float32),
            thresholds=self.thresholds.astype(np.float32),
            n_buckets=np.int64(self.n_buckets),
            features_version=np.int64(FEATURES_VERSION),
        )

    def featurizer(self) -> Featurizer:
        return _featurizer(self.n_buckets)

    def predict_heads(self, texts: list[str]) -> npt.NDArray[np.float32]:
        """P(head) for every text and every output in ``heads``: shape (len(texts), len(heads))."""
        if not texts:
            return np.zeros((0, len(self.heads)), dtype=np.float32)
        indptr, indices, values = self.featurizer().encode(texts)
        contributions = self.weights[indices] * values[:, None]
        # one zero row at the end so that empty texts at the end still have a valid start
        padded = np.vstack([contributions, np.zeros((1, len(self.heads)), dtype=np.float32)])
        sums = np.add.reduceat(padded, indptr[:-1], axis=0)
        sums[indptr[:-1] == indptr[1:]] = 0.0
        return _sigmoid(sums + self.bias)

    def predict(self, texts: list[str]) -> npt.NDArray[np.float32]:
        """P(label) for every text and every label in ``LABELS``: shape (len(texts), len(LABELS))."""
        return self.predict_heads(texts)[:, : len(LABELS)]


def valence(head_probs: npt.NDArray[np.float32]) -> npt.NDArray[np.float32]:
    """Valence in [-1, 1] from the outputs of ``predict_heads``: P(positive) - P(negative)."""
    positive = head_probs[:, HEADS.index("positive")]
    negative = head_probs[:, HEADS.index("negative")]
    return np.asarray(np.clip(positive - negative, -1.0, 1.0), dtype=np.float32)


def decide(
    label_probs: npt.NDArray[np.float32], thresholds: npt.NDArray[np.float32]
) -> list[tuple[str, ...]]:
    """The labels at or above their thresholds, most probable first; ``("neutral",)`` when none is."""
    out: list[tuple[str, ...]] = []
    above = label_probs >= thresholds
    for row, mask in zip(label_probs, above, strict=True):
        chosen = [LABELS[i] for i in np.flatnonzero(mask)]
        chosen.sort(key=lambda label: -row[LABELS.index(label)])
        # neutral beside a real emotion says nothing more; the emotion wins
        if len(chosen) > 1 and NEUTRAL in chosen:
            chosen.remove(NEUTRAL)
        out.append(tuple(chosen) if chosen else (NEUTRAL,))
    return out


@cache
def _featurizer(n_buckets: int) -> Featurizer:
    return Featurizer(n_buckets)


@cache
def load_model() -> EmotionModel:
    """The model shipped inside the package (loaded once per process)."""
    resource = resources.files("ficlens").joinpath(MODEL_RESOURCE)
    with resource.open("rb") as file:
        return EmotionModel.read(file)


def predict(texts: list[str]) -> npt.NDArray[np.float32]:
    """P(label) of the shipped model for each text: shape (len(texts), len(LABELS)), in ``LABELS`` order."""
    return load_model().predict(texts)

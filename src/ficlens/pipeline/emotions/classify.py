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
counts ``1/sqrt(group size)`` (emotion words twice that), so long sentences and long words do not swamp
short ones. At inference each word type's weights (its own plus the sum of its character n-grams') are looked
up once and kept, so a sentence costs a few table rows per token: 50,000-150,000 words/s on one shared core
(``benchmarks/bench_emotions.py``).
"""

from __future__ import annotations

import io
import re
import zipfile
import zlib
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from itertools import pairwise
from pathlib import Path
from typing import IO

import numpy as np
import numpy.typing as npt

from ficlens.pipeline.emotions.labels import HEADS, LABELS, NEUTRAL
from ficlens.pipeline.emotions.lexicon import emotion_words

MODEL_RESOURCE = "models/emotions/emotions.npz"
FEATURES_VERSION = 3

_TOKEN = re.compile(r"\w+(?:'\w+)*|[!?]")
_APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u02bc": "'"})
_CHAR_NGRAMS = (3, 4, 5)
_CACHE_LIMIT = 50_000  # word types and word pairs kept (about 30 MB at most)
# Emotion-word features count this much more than the others: under the same L2 penalty the model may then
# lean on them more cheaply, a prior that naming an emotion matters (see ``lexicon``).
_EMOTION_WORD_VALUE = 2.0
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

    def context(self, tokens: list[str], emotions_of: list[tuple[str, ...]]) -> tuple[list[int], list[int]]:
        """The columns of a text's word pairs and of its emotion words (``emotions_of[i]``: token i's)."""
        emotions: list[int] = []
        for position, labels in enumerate(emotions_of):
            if labels:
                before = tokens[max(0, position - 3) : position]
                negated = any(t in _NEGATORS or t.endswith("n't") for t in before)
                emotions.extend(self.emotion_feature(label, negated=negated) for label in labels)
        bounded = ["<s>", *tokens, "</s>"]
        return [self._pair(a + " " + b) for a, b in pairwise(bounded)], emotions

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
            emotions_of: list[tuple[str, ...]] = []
            for token in tokens:
                unigram, grams, labels = self._word(token)
                words.append(unigram)
                chars.extend(grams)
                emotions_of.append(labels)
            pairs, emotions = self.context(tokens, emotions_of)
            for group, scale in ((words, 1.0), (pairs, 1.0), (chars, 1.0), (emotions, _EMOTION_WORD_VALUE)):
                if group:
                    indices.extend(group)
                    values.extend([scale * len(group) ** -0.5] * len(group))
            indptr.append(len(indices))
        return (
            np.asarray(indptr, dtype=np.int64),
            np.asarray(indices, dtype=np.int32),
            np.asarray(values, dtype=np.float32),
        )


def _segment_sums(rows: npt.NDArray[np.float32], indptr: npt.NDArray[np.int64]) -> npt.NDArray[np.float32]:
    """Sum of ``rows[indptr[i]:indptr[i+1]]`` for each i (zero for empty segments)."""
    # one zero row at the end so that empty segments at the end still have a valid start
    padded = np.vstack([rows, np.zeros((1, rows.shape[1]), dtype=rows.dtype)])
    sums = np.add.reduceat(padded, indptr[:-1], axis=0)
    sums[indptr[:-1] == indptr[1:]] = 0.0
    return np.asarray(sums, dtype=np.float32)


class _FastScorer:
    """The model's logits without building the sparse matrix: the weights of each word type (its own and
    the sum of its character n-grams') are looked up once and kept, so a text costs a few rows per token.
    Gives the same numbers as the sparse product (``EmotionModel.logits_sparse``), up to rounding."""

    def __init__(self, weights: npt.NDArray[np.float32], n_buckets: int) -> None:
        self.weights = weights
        self.featurizer = Featurizer(n_buckets)
        self._reset()

    def _reset(self) -> None:
        width = self.weights.shape[1]
        self.index: dict[str, int] = {}
        self.emotions_of: list[tuple[str, ...]] = []
        self.unigram = np.zeros((0, width), dtype=np.float32)
        self.chars = np.zeros((0, width), dtype=np.float32)
        self.n_chars = np.zeros(0, dtype=np.float32)

    def _add(self, new: list[str]) -> None:
        width = self.weights.shape[1]
        unigram = np.zeros((len(new), width), dtype=np.float32)
        chars = np.zeros((len(new), width), dtype=np.float32)
        n_chars = np.zeros(len(new), dtype=np.float32)
        for row, token in enumerate(new):
            uni, grams, _labels = self.featurizer._word(token)
            unigram[row] = self.weights[uni]
            if grams:
                chars[row] = self.weights[list(grams)].sum(axis=0)
            n_chars[row] = len(grams)
        self.unigram = np.vstack([self.unigram, unigram])
        self.chars = np.vstack([self.chars, chars])
        self.n_chars = np.concatenate([self.n_chars, n_chars])

    def logits(self, texts: list[str]) -> npt.NDArray[np.float32]:
        if len(self.index) > _CACHE_LIMIT:
            self._reset()
        index, emotions_of = self.index, self.emotions_of
        new: list[str] = []
        token_ids: list[int] = []
        token_ptr = [0]
        sparse: list[int] = []
        values: list[float] = []
        sparse_ptr = [0]
        for text in texts:
            tokens = tokenize(text)
            ids = []
            for token in tokens:
                tid = index.get(token)
                if tid is None:
                    tid = index[token] = len(index)
                    emotions_of.append(self.featurizer._word(token)[2])
                    new.append(token)
                ids.append(tid)
            token_ids.extend(ids)
            token_ptr.append(len(token_ids))
            if tokens:
                pairs, emotions = self.featurizer.context(tokens, [emotions_of[i] for i in ids])
                sparse.extend(pairs)
                values.extend([len(pairs) ** -0.5] * len(pairs))
                if emotions:
                    sparse.extend(emotions)
                    values.extend([_EMOTION_WORD_VALUE * len(emotions) ** -0.5] * len(emotions))
            sparse_ptr.append(len(sparse))
        if new:
            self._add(new)
        tok = np.asarray(token_ids, dtype=np.int64)
        tptr = np.asarray(token_ptr, dtype=np.int64)
        n_words = np.maximum(np.diff(tptr), 1).astype(np.float32)[:, None]
        n_chars = np.maximum(_segment_sums(self.n_chars[tok][:, None], tptr), 1.0)
        logits = _segment_sums(self.unigram[tok], tptr) / np.sqrt(n_words)
        logits += _segment_sums(self.chars[tok], tptr) / np.sqrt(n_chars)
        cols = np.asarray(sparse, dtype=np.int64)
        logits += _segment_sums(
            self.weights[cols] * np.asarray(values, dtype=np.float32)[:, None],
            np.asarray(sparse_ptr, dtype=np.int64),
        )
        return np.asarray(logits, dtype=np.float32)


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
    _scorer: _FastScorer | None = field(default=None, init=False, repr=False, compare=False)

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
        """An ``.npz`` (read by ``np.load``) whose bytes depend only on the arrays: ``np.savez_compressed``
        stamps each member with the clock, so the same training would never give the same file."""
        arrays = {
            "heads": np.asarray(self.heads),
            "weights": self.weights.astype(np.float16),
            "bias": self.bias.astype(np.float32),
            "thresholds": self.thresholds.astype(np.float32),
            "n_buckets": np.asarray(np.int64(self.n_buckets)),
            "features_version": np.asarray(np.int64(FEATURES_VERSION)),
        }
        with zipfile.ZipFile(file, "w", compression=zipfile.ZIP_DEFLATED) as archive:
            for name, array in arrays.items():
                member = zipfile.ZipInfo(f"{name}.npy", date_time=(1980, 1, 1, 0, 0, 0))
                member.compress_type = zipfile.ZIP_DEFLATED
                buffer = io.BytesIO()
                np.lib.format.write_array(buffer, array, allow_pickle=False)
                archive.writestr(member, buffer.getvalue())

    def logits_sparse(self, texts: list[str]) -> npt.NDArray[np.float32]:
        """The logits (bias left out) as the product of the features' sparse matrix and the weights: the
        definition that training uses; slower than ``predict_heads``'s path."""
        indptr, indices, values = Featurizer(self.n_buckets).encode(texts)
        return _segment_sums(self.weights[indices] * values[:, None], indptr)

    def predict_heads(self, texts: list[str]) -> npt.NDArray[np.float32]:
        """P(head) for every text and every output in ``heads``: shape (len(texts), len(heads))."""
        if not texts:
            return np.zeros((0, len(self.heads)), dtype=np.float32)
        return _sigmoid(_scorer(self).logits(texts) + self.bias)

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


def _scorer(model: EmotionModel) -> _FastScorer:
    # each model keeps its own table of word weights, made on first use
    if model._scorer is None:
        object.__setattr__(model, "_scorer", _FastScorer(model.weights, model.n_buckets))
    assert model._scorer is not None
    return model._scorer


@cache
def load_model() -> EmotionModel:
    """The model shipped inside the package (loaded once per process); ``ModelError`` when it is missing."""
    from ficlens.pipeline.emotions.component import EmotionScorer

    return EmotionScorer.read(Path(str(resources.files("ficlens").joinpath(MODEL_RESOURCE))))


def predict(texts: list[str]) -> npt.NDArray[np.float32]:
    """P(label) of the shipped model for each text: shape (len(texts), len(LABELS)), in ``LABELS`` order."""
    return load_model().predict(texts)

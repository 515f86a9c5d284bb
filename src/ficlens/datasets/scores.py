"""The scores the benchmarks are reported in: exact-span entity P/R/F1, and coreference with the CoNLL-2012
definitions (MUC, B-cubed and entity-based CEAF, CEAF-e).

A clustering is a list of clusters; a cluster is a collection of hashable mentions (e.g. ``(start, end)``).
Scores follow Pradhan et al. (2014), "Scoring Coreference Partitions of Predicted Mentions: A Reference
Implementation": key = gold, response = predicted; mentions that are in one partition but not the other
simply count as missing (MUC, B3) or unaligned (CEAF-e). Singletons count in B3 and CEAF-e (LitBank
annotates them) and contribute nothing to MUC.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

ENTITY_TYPES = ("PER", "FAC", "GPE", "LOC", "VEH", "ORG")

# One labelled span in one document: (document index, start token, end token exclusive, type).
LabelledSpan = tuple[int, int, int, str]


def _prf(tp: int, n_pred: int, n_gold: int) -> dict[str, float]:
    precision = 100.0 * tp / n_pred if n_pred else 0.0
    recall = 100.0 * tp / n_gold if n_gold else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": precision, "recall": recall, "f1": f1}


def score_spans(gold: Iterable[LabelledSpan], predicted: Iterable[LabelledSpan]) -> dict[str, Any]:
    """Micro precision/recall/F1 (percentages) for exact (document, start, end, type) matches, overall,
    for PER alone and for each type. Duplicates count once."""
    gold_set, pred_set = set(gold), set(predicted)
    hits = gold_set & pred_set
    by_type: dict[str, dict[str, float]] = {}
    types = sorted({s[3] for s in gold_set | pred_set}, key=lambda t: (t not in ENTITY_TYPES, t))
    for etype in types:
        by_type[etype] = _prf(
            sum(1 for s in hits if s[3] == etype),
            sum(1 for s in pred_set if s[3] == etype),
            sum(1 for s in gold_set if s[3] == etype),
        )
    return {
        "all": _prf(len(hits), len(pred_set), len(gold_set)),
        "per": by_type.get("PER", _prf(0, 0, 0)),
        "by_type": by_type,
        "gold": len(gold_set),
        "predicted": len(pred_set),
    }


Cluster = Iterable[Hashable]


@dataclass(frozen=True, slots=True)
class Score:
    """Numerator and denominator counts for recall and precision, summed over documents."""

    recall_num: float = 0.0
    recall_den: float = 0.0
    precision_num: float = 0.0
    precision_den: float = 0.0

    def __add__(self, other: Score) -> Score:
        return Score(
            self.recall_num + other.recall_num,
            self.recall_den + other.recall_den,
            self.precision_num + other.precision_num,
            self.precision_den + other.precision_den,
        )

    @property
    def recall(self) -> float:
        return self.recall_num / self.recall_den if self.recall_den else 0.0

    @property
    def precision(self) -> float:
        return self.precision_num / self.precision_den if self.precision_den else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def as_dict(self) -> dict[str, float]:
        """Precision, recall and F1 on a 0-100 scale."""
        return {
            "p": round(100 * self.precision, 2),
            "r": round(100 * self.recall, 2),
            "f1": round(100 * self.f1, 2),
        }


def _sets(clusters: Sequence[Cluster]) -> list[frozenset[Hashable]]:
    return [s for s in (frozenset(c) for c in clusters) if s]


def _muc_side(key: list[frozenset[Hashable]], response: list[frozenset[Hashable]]) -> tuple[float, float]:
    where: dict[Hashable, int] = {m: i for i, c in enumerate(response) for m in c}
    num = den = 0.0
    for cluster in key:
        # partitions of this key cluster by the response; mentions missing from the response are each alone
        parts = {where.get(m, ("missing", m)) for m in cluster}
        num += len(cluster) - len(parts)
        den += len(cluster) - 1
    return num, den


def muc(key: Sequence[Cluster], response: Sequence[Cluster]) -> Score:
    """Vilain et al. (1995): links kept, over links needed."""
    k, r = _sets(key), _sets(response)
    rn, rd = _muc_side(k, r)
    pn, pd = _muc_side(r, k)
    return Score(rn, rd, pn, pd)


def _b3_side(key: list[frozenset[Hashable]], response: list[frozenset[Hashable]]) -> tuple[float, float]:
    where: dict[Hashable, frozenset[Hashable]] = {m: c for c in response for m in c}
    num = 0.0
    den = 0.0
    for cluster in key:
        den += len(cluster)
        overlaps: dict[int, int] = {}
        for m in cluster:
            other = where.get(m)
            if other is not None:
                overlaps[id(other)] = overlaps.get(id(other), 0) + 1
        num += sum(n * n for n in overlaps.values()) / len(cluster)
    return num, den


def b_cubed(key: Sequence[Cluster], response: Sequence[Cluster]) -> Score:
    """Bagga and Baldwin (1998), per mention, with the reference scorer's treatment of twinless mentions."""
    k, r = _sets(key), _sets(response)
    rn, rd = _b3_side(k, r)
    pn, pd = _b3_side(r, k)
    return Score(rn, rd, pn, pd)


def ceaf_e(key: Sequence[Cluster], response: Sequence[Cluster]) -> Score:
    """Luo (2005), entity-based: the best one-to-one alignment of clusters under phi4 similarity."""
    k, r = _sets(key), _sets(response)
    if not k or not r:
        return Score(0.0, float(len(k)), 0.0, float(len(r)))
    import numpy as np

    where: dict[Hashable, list[int]] = {}
    for j, c in enumerate(r):
        for m in c:
            where.setdefault(m, []).append(j)
    sim = np.zeros((len(k), len(r)))
    for i, c in enumerate(k):
        counts: dict[int, int] = {}
        for m in c:
            for j in where.get(m, ()):
                counts[j] = counts.get(j, 0) + 1
        for j, n in counts.items():
            sim[i, j] = 2.0 * n / (len(c) + len(r[j]))
    total = _best_assignment(sim)
    return Score(total, float(len(k)), total, float(len(r)))


def _best_assignment(sim: object) -> float:
    import numpy as np

    matrix = np.asarray(sim)
    rows = np.flatnonzero(matrix.any(axis=1))
    cols = np.flatnonzero(matrix.any(axis=0))
    if rows.size == 0:
        return 0.0
    sub = matrix[np.ix_(rows, cols)]
    try:
        from scipy.optimize import linear_sum_assignment
    except ImportError:  # pragma: no cover - scipy comes with scikit-learn
        return float(_hungarian_max(sub))
    ri, ci = linear_sum_assignment(sub, maximize=True)
    return float(sub[ri, ci].sum())


def _hungarian_max(sim: object) -> float:
    """The maximum-weight one-to-one assignment (Kuhn-Munkres, O(n^3)) when scipy is absent."""
    import numpy as np

    matrix = np.asarray(sim, dtype=float)
    n_rows, n_cols = matrix.shape
    n = max(n_rows, n_cols)
    cost = np.zeros((n, n))
    cost[:n_rows, :n_cols] = matrix.max() - matrix if matrix.size else 0.0
    if n_rows < n or n_cols < n:
        cost[n_rows:, :] = matrix.max() if matrix.size else 0.0
        cost[:, n_cols:] = matrix.max() if matrix.size else 0.0
    inf = float("inf")
    u = [0.0] * (n + 1)
    v = [0.0] * (n + 1)
    p = [0] * (n + 1)
    way = [0] * (n + 1)
    for i in range(1, n + 1):
        p[0] = i
        j0 = 0
        minv = [inf] * (n + 1)
        used = [False] * (n + 1)
        while True:
            used[j0] = True
            i0, delta, j1 = p[j0], inf, 0
            for j in range(1, n + 1):
                if not used[j]:
                    cur = cost[i0 - 1, j - 1] - u[i0] - v[j]
                    if cur < minv[j]:
                        minv[j], way[j] = cur, j0
                    if minv[j] < delta:
                        delta, j1 = minv[j], j
            for j in range(n + 1):
                if used[j]:
                    u[p[j]] += delta
                    v[j] -= delta
                else:
                    minv[j] -= delta
            j0 = j1
            if p[j0] == 0:
                break
        while True:
            j1 = way[j0]
            p[j0] = p[j1]
            j0 = j1
            if j0 == 0:
                break
    total = 0.0
    for j in range(1, n + 1):
        i = p[j]
        if i and i <= n_rows and j <= n_cols:
            total += float(matrix[i - 1, j - 1])
    return total


def conll_scores(key: Sequence[Cluster], response: Sequence[Cluster]) -> dict[str, Score]:
    return {"muc": muc(key, response), "b3": b_cubed(key, response), "ceafe": ceaf_e(key, response)}

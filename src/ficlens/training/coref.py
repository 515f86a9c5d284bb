"""Train the coreference mention-ranking weights on LitBank (gold mentions), ship them as JSON.

``train(data, out)`` fits one logistic regression per mention class on (mention, candidate) pairs of the
NAACL 2019 train+dev documents, then picks each class's link threshold on the dev documents by the CoNLL
average F1. scikit-learn is needed here only; inference uses numpy.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from ficlens.training.provenance import single_threaded

if TYPE_CHECKING:
    from spacy.tokens import Doc

    from ficlens.datasets.litbank import LitBankDoc
    from ficlens.pipeline.coref.mentions import MentionTable
    from ficlens.pipeline.coref.resolve import CorefModel
    from ficlens.pipeline.run import Pipeline


@dataclass(slots=True)
class Prepared:
    """One LitBank document parsed, with its gold mentions as the entity spans and their gold clusters."""

    doc_id: str
    doc: Doc
    table: MentionTable
    gold: np.ndarray  # gold cluster number of each table mention (-1: not a gold mention)
    gold_clusters: list[list[tuple[int, int]]]


def prepare(ldoc: LitBankDoc, pipeline: Pipeline) -> Prepared:
    """Parse a LitBank document and build its gold-mention table (for training and gold-mention scoring)."""
    from ficlens.pipeline.characters.component import find_cast
    from ficlens.pipeline.coref.mentions import extract_mentions
    from ficlens.pipeline.extensions import ENTITY_SPANS
    from ficlens.pipeline.quotes.component import QuoteFinder

    doc = pipeline.parse(ldoc.to_doc(pipeline.vocab))
    spans = []
    cluster_no: dict[tuple[int, int], int] = {}
    names = {c: i for i, c in enumerate(ldoc.clusters())}
    for m in ldoc.mentions:
        key = (m.start, m.end)
        if key in cluster_no:
            continue
        cluster_no[key] = names[m.cluster]
        spans.append(doc[m.start : m.end])
        spans[-1].label_ = m.type
    doc.spans[ENTITY_SPANS] = spans
    doc = QuoteFinder("ficlens_quotes")(doc)  # the quotations, as ficlens_coref reads them at run time
    table = extract_mentions(doc, find_cast(doc), add_pronouns=False)
    gold = np.array(
        [cluster_no.get((s, e), -1) for s, e in zip(table.starts.tolist(), table.ends.tolist(), strict=True)],
        dtype=np.int64,
    )
    from ficlens.datasets.litbank import gold_clusters

    return Prepared(ldoc.id, doc, table, gold, gold_clusters(ldoc))


def pairs(prepared: Sequence[Prepared], window: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Features, labels and mention class of every allowed pair whose mention the model decides."""
    from ficlens.pipeline.coref.features import mention_class, pair_features
    from ficlens.pipeline.lexicon import FIRST

    xs, ys, cs = [], [], []
    for p in prepared:
        t = p.table
        n = len(t)
        if n == 0:
            continue
        f, cand, allowed = pair_features(t, 0, n, window)
        cls = mention_class(t)
        # mentions that rules decide are not the model's to learn
        ruled = (t.character >= 0) | ((t.kind == 2) & (t.person != 0) & (t.quote >= 0))
        ruled |= (t.kind == 2) & (t.person == FIRST)
        use = allowed & ~ruled[:, None] & (p.gold[:, None] >= 0)
        label = (p.gold[cand] == p.gold[:, None]) & (p.gold[cand] >= 0)
        xs.append(f[use])
        ys.append(label[use])
        cs.append(np.broadcast_to(cls[:, None], use.shape)[use])
    return np.concatenate(xs), np.concatenate(ys), np.concatenate(cs)


def fit(prepared: Sequence[Prepared], *, seed: int = 0, window: int | None = None) -> CorefModel:
    from sklearn.linear_model import LogisticRegression

    from ficlens.pipeline.coref.features import CLASSES, FEATURES, WINDOW
    from ficlens.pipeline.coref.resolve import CorefModel

    window = window or WINDOW
    x, y, c = pairs(prepared, window)
    weights = np.zeros((len(CLASSES), len(FEATURES)), dtype=np.float32)
    for k in range(len(CLASSES)):
        sel = c == k
        if sel.sum() < 10 or len(set(y[sel].tolist())) < 2:
            continue
        clf = LogisticRegression(C=1.0, max_iter=500, fit_intercept=False, random_state=seed)
        clf.fit(x[sel], y[sel])
        weights[k] = clf.coef_[0]
    return CorefModel(weights, np.full(len(CLASSES), 0.5, dtype=np.float32), window)


def decode_score(prepared: Sequence[Prepared], model: CorefModel) -> float:
    """CoNLL average F1 (0-100) of ``model`` on gold mentions."""
    from ficlens.datasets.scores import Score, b_cubed, ceaf_e, muc
    from ficlens.pipeline.coref.resolve import resolve

    totals = {"muc": Score(), "b3": Score(), "ceafe": Score()}
    for p in prepared:
        roots, keep, _ = resolve(p.table, model, drop_unlinked_it=False)
        response: dict[int, list[tuple[int, int]]] = {}
        for i, r in enumerate(roots):
            if keep[i]:
                response.setdefault(r, []).append((int(p.table.starts[i]), int(p.table.ends[i])))
        resp = list(response.values())
        totals["muc"] += muc(p.gold_clusters, resp)
        totals["b3"] += b_cubed(p.gold_clusters, resp)
        totals["ceafe"] += ceaf_e(p.gold_clusters, resp)
    return 100 * sum(s.f1 for s in totals.values()) / 3


def tune_thresholds(prepared: Sequence[Prepared], model: CorefModel) -> CorefModel:
    """Coordinate ascent on each class's link threshold, by the CoNLL average on ``prepared``."""
    from ficlens.pipeline.coref.resolve import CorefModel

    thresholds = model.thresholds.copy()
    grid = [0.15, 0.2, 0.25, 0.3, 0.35, 0.4, 0.45, 0.5, 0.55, 0.6, 0.7]
    best = decode_score(prepared, model)
    for _round in range(2):
        for k in range(len(thresholds)):
            for t in grid:
                trial = thresholds.copy()
                trial[k] = t
                score = decode_score(prepared, CorefModel(model.weights, trial, model.window))
                if score > best + 1e-6:
                    best, thresholds = score, trial
    return CorefModel(model.weights, thresholds, model.window)


def prepare_split(
    data: Path, split: str, *, fold: int | None = None, pipeline: Pipeline | None = None
) -> list[Prepared]:
    from ficlens.datasets.litbank import read_split
    from ficlens.pipeline.run import load_pipeline

    pipeline = pipeline or load_pipeline(entities=False, doc_stage=())
    return [prepare(d, pipeline) for d in read_split(data, split, fold=fold)]


@single_threaded("numpy", "scipy.optimize", "sklearn.linear_model")
def train(data: Path, out: Path, *, seed: int = 0) -> Path:
    """Train on NAACL 2019 train+dev, tune thresholds on dev, write the model JSON to ``out``.

    ``out`` may be a directory (the file is ``coref.json`` inside it) or a file path.
    """
    train_docs = prepare_split(data, "train")
    dev_docs = prepare_split(data, "dev")
    model = fit([*train_docs, *dev_docs], seed=seed)
    model = tune_thresholds(dev_docs, model)
    path = out / "coref.json" if out.suffix != ".json" else out
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(model.to_json(), indent=1) + "\n", encoding="utf-8")
    return path

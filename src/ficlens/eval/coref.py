"""Coreference on held-out LitBank: MUC, B3, CEAF-e and their average, with predicted and gold mentions.

``evaluate`` runs the shipped pipeline (en_core_web_sm parse, the literary entity recogniser when it is
installed, then ficlens_quotes, ficlens_characters, ficlens_coref, ficlens_speakers, ficlens_quote_pronouns
where registered) over the NAACL 2019 test documents, on LitBank's own tokens, and scores the clusters
against the gold coreference. "Predicted mentions" means entity spans from the recogniser plus pronouns
found by ficlens; "gold mentions" gives the resolver LitBank's mention spans and scores clustering alone.

``evaluate_folds`` is the LREC 2020 ten-fold cross-validation: the coreference weights are retrained on
each fold's train+dev and scored on its test documents with gold mentions (the entity recogniser was
trained on the NAACL split, which overlaps every fold's test documents, so predicted-mention figures per
fold would not be held out).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from ficlens.datasets.scores import Score, b_cubed, ceaf_e, muc
from ficlens.errors import DataError
from ficlens.pipeline.run import DEFAULT_MODEL

if TYPE_CHECKING:
    from spacy.tokens import Doc

    from ficlens.datasets.litbank import LitBankDoc
    from ficlens.pipeline.run import Pipeline

STAGES = (  # the shipped document stage up to coreference (what a real run does)
    "ficlens_names",
    "ficlens_quotes",
    "ficlens_characters",
    "ficlens_coref",
    "ficlens_speakers",
    "ficlens_quote_pronouns",
)
METRICS = ("muc", "b3", "ceafe")


class _Totals:
    def __init__(self) -> None:
        self.scores = {m: Score() for m in METRICS}

    def add(self, key: list[list[tuple[int, int]]], response: list[list[tuple[int, int]]]) -> None:
        self.scores["muc"] += muc(key, response)
        self.scores["b3"] += b_cubed(key, response)
        self.scores["ceafe"] += ceaf_e(key, response)

    def as_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {m: s.as_dict() for m, s in self.scores.items()}
        out["avg_f1"] = round(sum(100 * s.f1 for s in self.scores.values()) / 3, 2)
        return out


def _check(data: Path) -> None:
    if not (data / "coref" / "tsv").is_dir() or not (data / "splits").is_dir():
        raise DataError(f"{data}: not a LitBank checkout (expected coref/tsv/ and splits/)")


def _story_for(doc: Doc) -> Any:
    from ficlens.datamodel.story import Source, SourceFormat, Story

    return Story(text=doc.text, source=Source(None, SourceFormat.TEXT, ""))


def load_eval_pipeline(model: str = DEFAULT_MODEL) -> tuple[Pipeline, str]:
    """The pipeline to score, and where its entity mentions come from."""
    from ficlens.pipeline.run import load_pipeline

    pipeline = load_pipeline(entities=True, doc_stage=STAGES, model=model)
    return pipeline, "ficlens_entities" if model == "fast" else f"ficlens_encoder_entities ({model})"


def response_clusters(doc: Doc) -> list[list[tuple[int, int]]]:
    from ficlens.pipeline.docdata import get_coref

    result = get_coref(doc)
    if result is None:
        return []
    return [[(m.start, m.end) for m in ms] for ms in result.clusters().values()]


def run_doc(pipeline: Pipeline, ldoc: LitBankDoc, *, gold_mentions: bool) -> Doc:
    from ficlens.pipeline.extensions import ENTITY_SPANS

    doc = pipeline.parse(ldoc.to_doc(pipeline.vocab))
    options: dict[str, Any] = {}
    if gold_mentions:
        spans = []
        seen: set[tuple[int, int]] = set()
        for m in ldoc.mentions:
            if (m.start, m.end) not in seen:
                seen.add((m.start, m.end))
                span = doc[m.start : m.end]
                span.label_ = m.type
                spans.append(span)
        doc.spans[ENTITY_SPANS] = spans
        options["coref_gold_mentions"] = True
    return pipeline.annotate(doc, _story_for(doc), options=options)


def evaluate(data: Path, *, split: str = "test", model: str = DEFAULT_MODEL) -> dict[str, Any]:
    """Coreference scores (0-100) of the shipped pipeline on the NAACL 2019 ``split`` documents."""
    from ficlens.datasets.litbank import gold_clusters, read_split

    _check(data)
    docs = read_split(data, split)
    pipeline, source = load_eval_pipeline(model)
    predicted, gold = _Totals(), _Totals()
    for ldoc in docs:
        key = gold_clusters(ldoc)
        predicted.add(key, response_clusters(run_doc(pipeline, ldoc, gold_mentions=False)))
        gold.add(key, response_clusters(run_doc(pipeline, ldoc, gold_mentions=True)))
    return {
        "split": f"naacl2019/{split}",
        "documents": len(docs),
        "mentions_from": source,
        **predicted.as_dict(),
        "gold_mentions": gold.as_dict(),
    }


def evaluate_folds(data: Path, *, folds: range = range(10), seed: int = 0) -> dict[str, Any]:
    """LREC 2020 ten-fold cross-validation, gold mentions, coreference weights retrained per fold."""
    from ficlens.datasets.litbank import read_doc
    from ficlens.pipeline.coref.resolve import resolve
    from ficlens.pipeline.run import load_pipeline
    from ficlens.training.coref import fit, prepare, tune_thresholds

    _check(data)
    base = load_pipeline(entities=False, doc_stage=())
    split_dir = data / "splits" / "lrec2020_coref_10fold"

    def ids(fold: int, part: str) -> list[str]:
        path = split_dir / str(fold) / f"{part}.ids"
        return [s.strip().removesuffix(".tsv") for s in path.read_text().splitlines() if s.strip()]

    cache: dict[str, Any] = {}

    def get(doc_id: str) -> Any:
        if doc_id not in cache:
            cache[doc_id] = prepare(read_doc(data, doc_id), base)
        return cache[doc_id]

    total = _Totals()
    per_fold = []
    documents = 0
    for fold in folds:
        train_docs = [get(i) for i in ids(fold, "train")]
        dev_docs = [get(i) for i in ids(fold, "dev")]
        model = tune_thresholds(dev_docs, fit([*train_docs, *dev_docs], seed=seed))
        fold_totals = _Totals()
        for p in (get(i) for i in ids(fold, "test")):
            documents += 1
            roots, keep, _ = resolve(p.table, model, drop_unlinked_it=False)
            clusters: dict[int, list[tuple[int, int]]] = {}
            for i, r in enumerate(roots):
                if keep[i]:
                    clusters.setdefault(r, []).append((int(p.table.starts[i]), int(p.table.ends[i])))
            fold_totals.add(p.gold_clusters, list(clusters.values()))
            total.add(p.gold_clusters, list(clusters.values()))
        per_fold.append({"fold": fold, **fold_totals.as_dict()})
    return {
        "split": "lrec2020/10-fold",
        "documents": documents,
        "mentions": "gold (quoted I/you not tied to speakers: the fold runs have no speaker stage)",
        "folds": per_fold,
        **total.as_dict(),
    }


def format_report(result: dict[str, Any]) -> str:
    """Human-readable coreference figures beside BookNLP's published ones."""
    lines = [f"Coreference on LitBank {result['split']} ({result.get('documents', '?')} documents)"]

    def row(label: str, r: dict[str, Any]) -> str:
        cells = "  ".join(
            f"{m.upper():>5} P {r[m]['p']:5.1f} R {r[m]['r']:5.1f} F {r[m]['f1']:5.1f}" for m in METRICS
        )
        return f"  {label:<20} {cells}   avg F1 {r['avg_f1']:5.1f}"

    if "folds" in result:
        for fold in result["folds"]:
            lines.append(row(f"fold {fold['fold']} (gold m.)", fold))
        lines.append(row("all folds (gold m.)", result))
    else:
        lines.append(f"  predicted mentions from {result.get('mentions_from')} + pronouns")
        lines.append(row("predicted mentions", result))
        lines.append(row("gold mentions", result["gold_mentions"]))
    lines.append("  BookNLP (published, small / big model): avg F1 76.4 / 79.0")
    return "\n".join(lines)

"""Train the speaker-candidate scorer on LitBank train+dev (NAACL 2019 split; test stays held out).

Every gold quotation (gold span) gets the candidates of ``ficlens.pipeline.quotes`` (read through the
attribution's ``observe`` hook); a candidate is positive when its head word lies in the gold speaker's
coreference cluster. A logistic regression over the candidate features (scikit-learn, training only) is
fitted, and its weights are written as JSON so inference needs neither scikit-learn nor numpy. Several
passes: the alternation rule inherits the score of an earlier turn, so each pass recomputes features with
the previous model's scores; the first pass scores every candidate alike (never with the shipped model), so
the result depends only on the code and the data.

    ficlens train speakers --data ../shared/data/litbank --out DIR   (writes DIR/speakers.json)
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ficlens.datasets.litbank import LitBankDoc, gold_char_span, head_in_cluster, read_split
from ficlens.datasets.litbank_layout import paragraph_ranges, token_starts
from ficlens.pipeline.quotes.attribute import attribute
from ficlens.pipeline.quotes.candidates import Candidate
from ficlens.pipeline.quotes.scorer import FEATURES, Scorer
from ficlens.pipeline.quotes.spans import QuoteSpan
from ficlens.training.provenance import single_threaded

if TYPE_CHECKING:
    from spacy.tokens import Doc


def prepare(
    data: Path, docs: Iterable[LitBankDoc], *, with_coref: bool = False, model: str = "fast"
) -> list[tuple[LitBankDoc, Doc]]:
    """Parse LitBank documents (their own tokens) and run the document-stage components attribution needs."""
    from ficlens.pipeline.run import load_pipeline

    stages = ("ficlens_quotes", "ficlens_characters", "ficlens_coref") if with_coref else ()
    pipe = load_pipeline(entities=with_coref, doc_stage=stages, model=model)
    out = []
    for ld in docs:
        doc = ld.to_doc(pipe.vocab)
        doc = pipe.parse(doc)
        doc = pipe.annotate(doc, None)
        out.append((ld, doc))
    return out


def candidate_table(
    doc: Doc,
    quotes: Sequence[QuoteSpan],
    paragraphs: Sequence[tuple[int, int]],
    *,
    scorer: Scorer | None = None,
) -> list[tuple[int, list[Candidate]]]:
    """Every quote turn's candidates with their features, as the scorer saw them in a full attribution pass
    (keyed by the index of the turn's first quote)."""
    index = {id(q): i for i, q in enumerate(quotes)}
    latest: dict[int, list[Candidate]] = {}

    def observe(q: QuoteSpan, cands: list[Candidate]) -> None:
        latest[index.get(id(q), -1)] = list(cands)

    attribute(doc, quotes, paragraphs, scorer=scorer, observe=observe)
    return sorted(latest.items(), key=lambda kv: kv[0])


def gold_quotes(data: Path, ld: LitBankDoc) -> tuple[list[int], list[tuple[int, int]], list[QuoteSpan]]:
    """A LitBank document's token offsets, its paragraphs and its gold quotations (each in the paragraph it
    opens in), as the speaker training, the conversation gate and the cross-validation read them."""
    import bisect

    offs = token_starts(ld)
    paras = paragraph_ranges(ld, data)
    starts = [p[0] for p in paras]
    spans = [gold_char_span(ld, offs, q) for q in ld.quotes]
    quotes = [QuoteSpan(s, e, paragraph=max(0, bisect.bisect_right(starts, s) - 1)) for s, e in spans]
    return offs, paras, quotes


def rows(
    data: Path, prepared: list[tuple[LitBankDoc, Doc]], scorer: Scorer | None
) -> tuple[list[list[float]], list[int], list[int]]:
    """Feature rows, labels and a group id (one per quote turn) for every candidate."""
    xs: list[list[float]] = []
    ys: list[int] = []
    groups: list[int] = []
    g = 0
    for ld, doc in prepared:
        if not ld.quotes:
            continue
        offs, paras, quotes = gold_quotes(data, ld)
        for idx, cands in candidate_table(doc, quotes, paras, scorer=scorer):
            if idx < 0:
                continue
            gold = ld.quotes[idx].speaker
            for c in cands:
                xs.append([c.features.get(f, 0.0) for f in FEATURES])
                ys.append(int(head_in_cluster(ld, offs, c.head[0], gold)))
                groups.append(g)
            g += 1
    return xs, ys, groups


# passes after the neutral one, each recomputing the rows with the previous fit's scores
REFITS = 2


def fit(xs: list[list[float]], ys: list[int]) -> Scorer:
    from sklearn.linear_model import LogisticRegression

    model = LogisticRegression(C=1.0, max_iter=2000)
    model.fit(xs, ys)
    weights = {f: float(w) for f, w in zip(FEATURES, model.coef_[0], strict=True)}
    return Scorer(weights, float(model.intercept_[0]))


def fit_passes(data: Path, variants: Sequence[list[tuple[LitBankDoc, Doc]]]) -> tuple[Scorer, int, int]:
    """The scorer fitted on ``variants`` (prepared documents, pooled) in the neutral pass and ``REFITS``
    rescoring passes; also the number of candidates and of positives in the last pass."""
    xs: list[list[float]] = []
    ys: list[int] = []
    # pass 1 scores with a neutral scorer (every candidate 0.5, so the first of equals, the sieve order,
    # wins), not the shipped speakers.json: otherwise each retraining depends on the file it replaces
    for prepared in variants:
        x, y, _ = rows(data, prepared, Scorer({}, 0.0))
        xs += x
        ys += y
    scorer = fit(xs, ys)
    for _ in range(REFITS):
        xs, ys = [], []
        for prepared in variants:
            x, y, _ = rows(data, prepared, scorer)
            xs += x
            ys += y
        scorer = fit(xs, ys)
    return scorer, len(ys), sum(ys)


def prepare_variants(
    data: Path, docs: Sequence[LitBankDoc], coref: str
) -> list[list[tuple[LitBankDoc, Doc]]]:
    """The documents prepared without and/or with coreference, as ``coref`` ("no", "yes", "both") asks."""
    flags = {"no": [False], "yes": [True], "both": [False, True]}[coref]
    return [prepare(data, docs, with_coref=flag) for flag in flags]


@single_threaded("numpy", "scipy.optimize", "sklearn.linear_model")
def train(data: Path, *, out: Path, coref: str = "no") -> dict[str, Any]:
    """``coref``: "no" (attribution alone), "yes" (after ficlens_characters + ficlens_coref) or "both"
    (pooled, so the confidence holds with and without coreference)."""
    docs = read_split(data, "train") + read_split(data, "dev")
    scorer, n_candidates, n_positives = fit_passes(data, prepare_variants(data, docs, coref))
    out.parent.mkdir(parents=True, exist_ok=True)
    payload = {
        "model": "logistic regression over speaker candidates",
        "trained_on": "LitBank NAACL 2019 train+dev, gold quotation spans",
        "coreference": coref,
        "features": list(FEATURES),
        "weights": {k: round(v, 5) for k, v in scorer.weights.items()},
        "bias": round(scorer.bias, 5),
        "candidates": n_candidates,
        "positives": n_positives,
    }
    out.write_text(json.dumps(payload, indent=1) + "\n", encoding="utf-8")
    return payload


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--data", type=Path, required=True)
    parser.add_argument("--out", type=Path, required=True, help="the speakers.json to write")
    parser.add_argument("--coref", choices=("no", "yes", "both"), default="no")
    args = parser.parse_args()
    payload = train(args.data, out=args.out, coref=args.coref)
    print(json.dumps({k: v for k, v in payload.items() if k != "weights"}))


if __name__ == "__main__":
    main()

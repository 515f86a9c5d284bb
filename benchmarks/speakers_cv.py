"""Document-level k-fold cross-validation of the speaker scorer over LitBank train+dev (90 documents).

Dev alone (190 quotations) is too small to choose features or hyperparameters on, and the test split is
held out, so choices are made on this: the train+dev documents are dealt into ``--folds`` folds (sorted by
id, round robin); each fold is attributed with a scorer trained exactly as ``ficlens train speakers`` trains
(same passes, same coreference variants) on the other folds, over gold quotation spans. It reports speaker
accuracy by quote type (the eval's explicit/anaphoric/implicit), expected calibration error, and candidate
recall: how often the gold speaker is among the candidates the scorer saw for the quotation's turn.

    python benchmarks/speakers_cv.py --data ../shared/data/litbank [--folds 5] [--cache DIR] [--coref]

``--coref`` scores the held-out folds after ficlens's coreference (the eval's default is without, as the
gold-span bar is); coref.json is fitted on these same documents, so that figure overstates coreference.
``--cache DIR`` keeps the parsed documents (spaCy, cast, coreference) between runs; it goes stale when the
parser, the cast or the coreference change, not when attribution does.
"""

from __future__ import annotations

import argparse
import bisect
import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ficlens.datasets.litbank import LitBankDoc, head_in_cluster, read_split
from ficlens.eval.quotes import TYPES, expected_calibration_error, gold_type
from ficlens.pipeline.quotes.attribute import attribute
from ficlens.pipeline.quotes.candidates import Candidate
from ficlens.pipeline.quotes.scorer import Scorer
from ficlens.pipeline.quotes.spans import QuoteSpan
from ficlens.training.provenance import single_threaded
from ficlens.training.speakers import fit_passes, gold_quotes, prepare

if TYPE_CHECKING:
    from spacy.tokens import Doc

Prepared = list[tuple[LitBankDoc, "Doc"]]


def prepared(data: Path, docs: Sequence[LitBankDoc], *, with_coref: bool, cache: Path | None) -> Prepared:
    """``prepare`` (parse, cast, coreference), kept in ``cache`` as a DocBin when one is given."""
    if cache is None:
        return prepare(data, docs, with_coref=with_coref)
    from spacy.tokens import DocBin

    from ficlens.pipeline.run import load_pipeline

    path = cache / f"litbank-traindev-{'coref' if with_coref else 'plain'}.spacy"
    if not path.exists():
        pairs = prepare(data, docs, with_coref=with_coref)
        cache.mkdir(parents=True, exist_ok=True)
        DocBin(docs=[d for _, d in pairs], store_user_data=True).to_disk(path)
        return pairs
    vocab = load_pipeline(entities=False, doc_stage=()).vocab
    return list(zip(docs, DocBin().from_disk(path).get_docs(vocab), strict=True))


class _Seen:
    """The attribution's ``observe`` hook: each turn's candidates, by the index of its first quotation."""

    def __init__(self, quotes: Sequence[QuoteSpan]) -> None:
        self.index = {id(q): i for i, q in enumerate(quotes)}
        self.by_first: dict[int, list[Candidate]] = {}

    def __call__(self, q: QuoteSpan, cands: list[Candidate]) -> None:
        self.by_first[self.index[id(q)]] = list(cands)


def score_fold(data: Path, pairs: Prepared, scorer: Scorer) -> list[dict[str, Any]]:
    """One row per gold quotation of ``pairs``: type, correct, confidence, gold speaker among candidates."""
    out: list[dict[str, Any]] = []
    for ld, doc in pairs:
        if not ld.quotes:
            continue
        offs, paras, quotes = gold_quotes(data, ld)
        seen = _Seen(quotes)
        attribute(doc, quotes, paras, scorer=scorer, observe=seen)
        types = gold_type(doc, ld, offs, paras, quotes, ld.quotes)
        firsts = sorted(seen.by_first)
        for i, (q, g, t) in enumerate(zip(quotes, ld.quotes, types, strict=True)):
            # a turn's quotations follow its first one, so a quotation's turn is the last one begun by it
            k = bisect.bisect_right(firsts, i) - 1
            cands = seen.by_first[firsts[k]] if k >= 0 else []
            ok = q.speaker_head is not None and head_in_cluster(ld, offs, q.speaker_head[0], g.speaker)
            out.append(
                {
                    "doc": ld.id,
                    "quote": i,
                    "type": t,
                    "correct": bool(ok),
                    "confidence": q.confidence,
                    "sieve": q.sieve or "none",
                    "recall": any(head_in_cluster(ld, offs, c.head[0], g.speaker) for c in cands),
                    "candidates": len(cands),
                }
            )
    return out


def summary(rows: Sequence[dict[str, Any]]) -> dict[str, Any]:
    def pct(xs: Sequence[bool]) -> float:
        return round(100 * sum(xs) / len(xs), 2) if xs else 0.0

    by_type = {}
    for t in TYPES:
        sub = [r for r in rows if r["type"] == t]
        by_type[t] = {
            "quotes": len(sub),
            "accuracy": pct([r["correct"] for r in sub]),
            "candidate_recall": pct([r["recall"] for r in sub]),
        }
    return {
        "quotes": len(rows),
        "accuracy": pct([r["correct"] for r in rows]),
        "candidate_recall": pct([r["recall"] for r in rows]),
        "ece": expected_calibration_error([(r["confidence"], r["correct"]) for r in rows]),
        "by_type": by_type,
    }


@single_threaded("numpy", "scipy.optimize", "sklearn.linear_model")
def cross_validate(
    data: Path, *, folds: int = 5, coref: bool = False, cache: Path | None = None
) -> dict[str, Any]:
    docs = sorted(read_split(data, "train") + read_split(data, "dev"), key=lambda d: d.id)
    plain = prepared(data, docs, with_coref=False, cache=cache)
    with_coref = prepared(data, docs, with_coref=True, cache=cache)
    rows: list[dict[str, Any]] = []
    for k in range(folds):
        held = [i % folds == k for i in range(len(docs))]
        train = [[p for p, h in zip(v, held, strict=True) if not h] for v in (plain, with_coref)]
        scorer, _, _ = fit_passes(data, train)
        test = [p for p, h in zip(with_coref if coref else plain, held, strict=True) if h]
        rows += score_fold(data, test, scorer)
    result = summary(rows)
    result.update(folds=folds, documents=len(docs), with_coref=coref)
    return result


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--data", type=Path, required=True)
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--coref", action="store_true", help="score the held-out folds after coreference")
    parser.add_argument("--cache", type=Path, default=None, help="keep the parsed documents here")
    args = parser.parse_args(argv)
    result = cross_validate(args.data, folds=args.folds, coref=args.coref, cache=args.cache)
    json.dump(result, sys.stdout, indent=1)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()

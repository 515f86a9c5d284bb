"""Score quotation detection and speaker attribution on held-out LitBank documents.

``evaluate(data, split="test")`` runs en_core_web_sm's tagger and parser, then ``ficlens_quotes`` and
``ficlens_speakers`` (and ``ficlens_characters``/``ficlens_coref`` when asked) on each document of the
NAACL 2019 test split, over LitBank's own tokens. ``split="all"`` scores detection only, on all 100 documents.

Matching rules (documented here because the numbers depend on them):

- Paragraph breaks are recovered by aligning LitBank's tokens to ``original/<id>.txt`` (see
  ``ficlens.datasets.litbank_layout``); dialogue turns are paragraphs, and LitBank's tokens do not keep them.
- Detection: a predicted quotation matches a gold one exactly when both character spans are equal (marks
  included); it overlaps when the spans share at least one character (one-to-one, greedy in text order).
- Speaker: a prediction is correct when the head word of the predicted speaker mention lies in a gold mention
  (the smallest one containing it) whose coreference cluster is the gold speaker entity. Every predicted
  speaker carries the mention that chose it (for turn-taking, the mention that named the earlier speaker).
- Gold attribution type: LitBank has none. It is derived with our own explicit-cue detector run on the gold
  quote span: when a speech verb with a subject stands next to the quote ("…," Maren said / said his wife),
  the type is ``explicit`` (a name or noun phrase) or ``anaphoric`` (a pronoun); otherwise ``implicit``.
- End to end: each gold quotation is scored by the predicted quotation that overlaps it most (none = wrong).
"""

from __future__ import annotations

import bisect
import itertools
import json
import math
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ficlens.datamodel.dialogue import AttributionType
from ficlens.datasets.litbank import (
    GoldQuote,
    LitBankDoc,
    doc_ids,
    gold_char_span,
    head_in_cluster,
    read_doc,
    read_split,
)
from ficlens.datasets.litbank_layout import paragraph_ranges, token_starts
from ficlens.pipeline.quotes.spans import QuoteSpan
from ficlens.pipeline.run import DEFAULT_MODEL

if TYPE_CHECKING:
    from spacy.tokens import Doc

BINS = (0.0, 0.2, 0.4, 0.6, 0.7, 0.8, 0.9, 1.0001)
TYPES = ("explicit", "anaphoric", "implicit")


def run_quotes(
    doc: Doc, paragraphs: Sequence[tuple[int, int]], *, gold: Sequence[tuple[int, int]] | None = None
) -> list[QuoteSpan]:
    from ficlens.pipeline.quotes.attribute import attribute
    from ficlens.pipeline.quotes.detect import detect_quotes

    if gold is None:
        quotes = detect_quotes(doc.text, paragraphs)
    else:
        starts = [p[0] for p in paragraphs]
        quotes = [QuoteSpan(s, e, paragraph=max(0, bisect.bisect_right(starts, s) - 1)) for s, e in gold]
    return attribute(doc, quotes, paragraphs)


def gold_type(
    doc: Doc,
    ld: LitBankDoc,
    offs: Sequence[int],
    paragraphs: Sequence[tuple[int, int]],
    quotes: Sequence[QuoteSpan],
    golds: Sequence[GoldQuote],
) -> list[str]:
    """Derive explicit/anaphoric/implicit for gold quotes from the text (LitBank has no type label)."""
    from ficlens.pipeline.quotes.candidates import Sieves

    att = Sieves(doc, quotes)
    out = []
    for i, (q, _g) in enumerate(zip(quotes, golds, strict=True)):
        p = q.paragraph or 0
        plo, phi = paragraphs[p] if paragraphs else (0, len(att.text))
        nxt = quotes[i + 1].start_char if i + 1 < len(quotes) else phi
        prv = quotes[i - 1].end_char if i > 0 else plo
        found = None
        c, _, is_tag = att.tag_after(q, min(max(nxt, q.end_char), max(phi, q.end_char)))
        if c is not None and is_tag:
            found = c
        else:
            c2, _ = att.tag_before(q, max(prv, plo) if prv <= q.start_char else plo)
            found = c2
        label = "implicit"
        if found is not None:
            label = "anaphoric" if found.kind == "pronoun" else "explicit"
        out.append(label)
    return out


def _match(pred: list[tuple[int, int]], gold: list[tuple[int, int]]) -> dict[str, Any]:
    exact = len(set(pred) & set(gold))
    used: set[int] = set()
    overlap = 0
    for gs, ge in gold:
        for k, (ps, pe) in enumerate(pred):
            if k not in used and ps < ge and gs < pe:
                used.add(k)
                overlap += 1
                break
    return {"exact": exact, "overlap": overlap, "pred": len(pred), "gold": len(gold)}


def _prf(tp: int, n_pred: int, n_gold: int) -> dict[str, float]:
    p = tp / n_pred if n_pred else 0.0
    r = tp / n_gold if n_gold else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"precision": round(100 * p, 2), "recall": round(100 * r, 2), "f1": round(100 * f, 2)}


def reliability(pairs: Sequence[tuple[float, bool]]) -> list[dict[str, float]]:
    """Bins of confidence: how many quotes, their mean confidence, and how many were right."""
    rows = []
    for lo, hi in itertools.pairwise(BINS):
        inside = [(c, ok) for c, ok in pairs if lo <= c < hi]
        if not inside:
            rows.append({"low": lo, "high": min(hi, 1.0), "count": 0, "confidence": 0.0, "accuracy": 0.0})
            continue
        rows.append(
            {
                "low": lo,
                "high": round(min(hi, 1.0), 2),
                "count": len(inside),
                "confidence": round(sum(c for c, _ in inside) / len(inside), 4),
                "accuracy": round(sum(ok for _, ok in inside) / len(inside), 4),
            }
        )
    return rows


def expected_calibration_error(pairs: Sequence[tuple[float, bool]]) -> float:
    rows = reliability(pairs)
    n = sum(r["count"] for r in rows) or 1
    return round(sum(r["count"] * abs(r["confidence"] - r["accuracy"]) for r in rows) / n, 4)


def detection_only(data: Path, docs: Iterable[LitBankDoc]) -> dict[str, Any]:
    from ficlens.pipeline.quotes.detect import detect_quotes

    tot = {"exact": 0, "overlap": 0, "pred": 0, "gold": 0}
    n_docs = 0
    for ld in docs:
        offs = token_starts(ld)
        text = " ".join(ld.words)
        paras = paragraph_ranges(ld, data)
        pred = [(q.start_char, q.end_char) for q in detect_quotes(text, paras)]
        gold = [gold_char_span(ld, offs, g) for g in ld.quotes]
        m = _match(pred, gold)
        for k in tot:
            tot[k] += m[k]
        n_docs += 1
    return {
        "documents": n_docs,
        "gold_quotes": tot["gold"],
        "predicted_quotes": tot["pred"],
        "exact": _prf(tot["exact"], tot["pred"], tot["gold"]),
        "overlap": _prf(tot["overlap"], tot["pred"], tot["gold"]),
    }


def evaluate(
    data: Path, *, split: str = "test", with_coref: bool = False, model: str = DEFAULT_MODEL
) -> dict[str, Any]:
    """Detection P/R/F1 and speaker accuracy on LitBank ``split`` (``"all"``: detection only, 100 docs)."""
    data = Path(data)
    if split == "all":
        result = detection_only(data, (read_doc(data, d) for d in doc_ids(data)))
        result["split"] = "all"
        return result
    docs = read_split(data, split)
    result = detection_only(data, docs)
    result["split"] = split
    result["model"] = model
    from ficlens.training.speakers import prepare

    prepared = prepare(data, docs, with_coref=with_coref, model=model)
    by_type = {t: [0, 0] for t in TYPES}
    gold_pairs: list[tuple[float, bool]] = []
    e2e_ok = 0
    n_gold = 0
    e2e_by_type = {t: [0, 0] for t in TYPES}
    sieves: dict[str, list[int]] = {}
    for ld, doc in prepared:
        if not ld.quotes:
            continue
        offs = token_starts(ld)
        paras = paragraph_ranges(ld, data)
        golds = list(ld.quotes)
        spans = [gold_char_span(ld, offs, g) for g in golds]
        with_gold = run_quotes(doc, paras, gold=spans)
        types = gold_type(doc, ld, offs, paras, with_gold, golds)
        for q, g, t in zip(with_gold, golds, types, strict=True):
            ok = _correct(ld, offs, q, g)
            by_type[t][0] += ok
            by_type[t][1] += 1
            gold_pairs.append((q.confidence, ok))
            s = sieves.setdefault(q.sieve or "none", [0, 0])
            s[0] += ok
            s[1] += 1
        predicted = run_quotes(doc, paras)
        for g, (gs, ge), t in zip(golds, spans, types, strict=True):
            n_gold += 1
            e2e_by_type[t][1] += 1
            best = max(
                (q for q in predicted if q.start_char < ge and gs < q.end_char),
                key=lambda q: min(q.end_char, ge) - max(q.start_char, gs),
                default=None,
            )
            if best is not None and _correct(ld, offs, best, g):
                e2e_ok += 1
                e2e_by_type[t][0] += 1
    total_ok = sum(v[0] for v in by_type.values())
    total = sum(v[1] for v in by_type.values())
    result["speaker_gold_spans"] = {
        "accuracy": round(100 * total_ok / total, 2) if total else 0.0,
        "quotes": total,
        "by_type": {
            t: {"accuracy": round(100 * v[0] / v[1], 2) if v[1] else 0.0, "quotes": v[1]}
            for t, v in by_type.items()
        },
        "by_rule": {
            k: {"accuracy": round(100 * v[0] / v[1], 2), "quotes": v[1]} for k, v in sorted(sieves.items())
        },
    }
    result["speaker_end_to_end"] = {
        "accuracy": round(100 * e2e_ok / n_gold, 2) if n_gold else 0.0,
        "quotes": n_gold,
        # the gold quote's type (from its gold-span attribution), so the two figures compare type by type
        "by_type": {
            t: {"accuracy": round(100 * v[0] / v[1], 2) if v[1] else 0.0, "quotes": v[1]}
            for t, v in e2e_by_type.items()
        },
    }
    result["reliability"] = reliability(gold_pairs)
    result["ece"] = expected_calibration_error(gold_pairs)
    result["with_coref"] = with_coref
    return result


def _correct(ld: LitBankDoc, offs: Sequence[int], q: QuoteSpan, g: GoldQuote) -> bool:
    if q.speaker_head is not None:
        return head_in_cluster(ld, offs, q.speaker_head[0], g.speaker)
    return False


def format_report(result: dict[str, Any]) -> str:
    lines = [f"LitBank quotations, split={result['split']} ({result['documents']} documents)"]
    lines.append(f"  gold quotations {result['gold_quotes']}, predicted {result['predicted_quotes']}")
    for key in ("exact", "overlap"):
        m = result[key]
        lines.append(f"  detection {key:8s} P {m['precision']:6.2f}  R {m['recall']:6.2f}  F1 {m['f1']:6.2f}")
    if "speaker_gold_spans" in result:
        sg = result["speaker_gold_spans"]
        lines.append(f"  speaker accuracy, gold spans: {sg['accuracy']:.2f}% of {sg['quotes']}")
        for t, v in sg["by_type"].items():
            lines.append(
                f"    {t:10s} {v['accuracy']:6.2f}%  ({v['quotes']} quotes; type derived from the text)"
            )
        lines.append(
            "    by rule: "
            + ", ".join(f"{k} {v['accuracy']:.1f}% ({v['quotes']})" for k, v in sg["by_rule"].items())
        )
        e2e = result["speaker_end_to_end"]
        lines.append(f"  speaker accuracy, end to end: {e2e['accuracy']:.2f}% of {e2e['quotes']}")
        for t, v in e2e["by_type"].items():
            lines.append(f"    {t:10s} {v['accuracy']:6.2f}%  ({v['quotes']} quotes)")
        lines.append(f"  reliability (gold spans; expected calibration error {result['ece']:.3f}):")
        lines.append("    confidence      count  mean conf  accuracy")
        for r in result["reliability"]:
            lines.append(
                f"    [{r['low']:.1f}, {r['high']:.1f})  {r['count']:6d}  "
                f"{r['confidence']:9.3f}  {r['accuracy']:8.3f}"
            )
        lines.append(
            "  published: BookNLP speaker B3 86.4 (small) / 89.9 (big); Muzny et al. 2017 avg F 87.5; "
            "SpanBERT-large (full novels) 98.6 explicit / 70.2 anaphoric / 66.4 implicit"
        )
    return "\n".join(lines)


def to_json(result: dict[str, Any]) -> str:
    return json.dumps(result, sort_keys=True)


_: Any = (AttributionType, math)

"""The sentence emotion model scored on held-out data: per-label F1 and macro F1 (fractions 0-1).

- ``goemotions_test``: GoEmotions' test split, mapped onto ficlens's nine labels, all nine scored.
- ``xed_heldout``: the 10% test part of ficlens's hash split of XED (never trained on, nor used to tune),
  scored on the six labels XED can speak to (sadness, anger, fear, joy, surprise, neutral).
- ``valence``: on GoEmotions test texts whose emotions are all positive or all negative (by GoEmotions'
  sentiment grouping), how often the sign of the valence agrees; and, when ``data/emobank`` is there, the
  Pearson correlation of the valence with EmoBank's rated valence (1-5) over its fiction sentences and over
  all of it. EmoBank (CC BY-SA) is only read here, to measure; the model never sees it.

Predicted labels are what the component writes: each label at or above its threshold, ``neutral`` when none.
Run: ``ficlens eval emotions --data ../shared/data/emotion [--json]``.
"""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from ficlens.datasets.emotions import Example, read_goemotions, read_xed
from ficlens.pipeline.emotions.classify import EmotionModel, decide, load_model, valence
from ficlens.pipeline.emotions.labels import LABELS, XED_KNOWN
from ficlens.training.emotions import f1, targets


def score_labels(
    gold: npt.NDArray[np.bool_], predicted: npt.NDArray[np.bool_], labels: tuple[str, ...]
) -> dict[str, Any]:
    """Per-label F1 and their unweighted mean over ``labels`` (columns of ``gold`` and ``predicted``)."""
    if gold.shape != predicted.shape or gold.shape[1:] != (len(labels),):
        raise ValueError("gold and predicted must both be (n, len(labels))")
    per_label = {label: f1(gold[:, i], predicted[:, i]) for i, label in enumerate(labels)}
    macro = float(np.mean(list(per_label.values()))) if per_label else 0.0
    return {"per_label": per_label, "macro_f1": macro, "n": int(gold.shape[0])}


def predicted_labels(model: EmotionModel, texts: list[str]) -> npt.NDArray[np.bool_]:
    """(len(texts), len(LABELS)) booleans: the labels the component would write for each text."""
    chosen = decide(model.predict(texts), model.thresholds)
    return np.array([[label in row for label in LABELS] for row in chosen], dtype=bool).reshape(
        len(texts), len(LABELS)
    )


def _score(model: EmotionModel, examples: list[Example], labels: tuple[str, ...]) -> dict[str, Any]:
    gold, _known = targets(examples)
    predicted = predicted_labels(model, [e.text for e in examples])
    columns = [LABELS.index(label) for label in labels]
    return score_labels(gold[:, columns], predicted[:, columns], labels)


def _valence_sign(model: EmotionModel, examples: list[Example]) -> dict[str, Any]:
    polar = [e for e in examples if len(e.polarities) == 1]
    if not polar:
        return {"sign_accuracy": 0.0, "n": 0}
    scores = valence(model.predict_heads([e.text for e in polar]))
    gold = np.array(["positive" in e.polarities for e in polar])
    return {"sign_accuracy": float(np.mean((scores > 0) == gold)), "n": len(polar)}


def _emobank_valence(model: EmotionModel, folder: Path) -> dict[str, Any]:
    categories: dict[str, str] = {}
    with (folder / "meta.tsv").open(encoding="utf-8", newline="") as file:
        for row in csv.DictReader(file, delimiter="\t"):
            categories[row["id"]] = row["category"]
    with (folder / "emobank.csv").open(encoding="utf-8", newline="") as file:
        rows = [row for row in csv.DictReader(file) if row["text"].strip()]
    predicted = valence(model.predict_heads([row["text"] for row in rows]))
    rated = np.array([float(row["V"]) for row in rows])
    fiction = np.array([categories.get(row["id"]) == "fiction" for row in rows])

    def pearson(mask: npt.NDArray[np.bool_]) -> dict[str, Any]:
        return {"pearson_r": float(np.corrcoef(predicted[mask], rated[mask])[0, 1]), "n": int(mask.sum())}

    return {"fiction": pearson(fiction), "all": pearson(np.ones(len(rows), dtype=bool))}


def evaluate(data: Path, *, model: EmotionModel | None = None) -> dict[str, Any]:
    """Score the shipped model (or ``model``) on the held-out data under ``data`` (../shared/data/emotion)."""
    model = model or load_model()
    go_test = read_goemotions(data, "test")
    xed_test = read_xed(data, "test")
    result: dict[str, Any] = {
        "goemotions_test": _score(model, go_test, LABELS),
        "xed_heldout": _score(model, xed_test, XED_KNOWN),
        "valence": {"goemotions_test": _valence_sign(model, go_test)},
        "thresholds": {label: round(float(t), 3) for label, t in zip(LABELS, model.thresholds, strict=True)},
    }
    if (data / "emobank" / "emobank.csv").is_file():
        result["valence"]["emobank"] = _emobank_valence(model, data / "emobank")
    return result


def format_report(result: dict[str, Any]) -> str:
    """Human-readable table of an ``evaluate`` result."""
    sets = [("goemotions_test", "GoEmotions test"), ("xed_heldout", "XED held-out")]
    lines = ["Sentence emotions: F1 per label (thresholds tuned on GoEmotions dev + XED dev part)", ""]
    header = f"{'label':10}" + "".join(f"{title:>18}" for _key, title in sets)
    lines.append(header)
    for label in LABELS:
        cells = []
        for key, _title in sets:
            value = result[key]["per_label"].get(label)
            cells.append(f"{value:18.3f}" if value is not None else f"{'-':>18}")
        lines.append(f"{label:10}" + "".join(cells))
    lines.append(f"{'macro F1':10}" + "".join(f"{result[key]['macro_f1']:18.3f}" for key, _t in sets))
    lines.append(f"{'texts':10}" + "".join(f"{result[key]['n']:18d}" for key, _t in sets))
    lines.append("")
    lines.append("XED has no guilt, relief or love: its macro F1 is over the other six labels.")
    sign = result.get("valence", {}).get("goemotions_test")
    if sign:
        lines.append(
            f"Valence sign agrees with GoEmotions sentiment on {100 * sign['sign_accuracy']:.1f}% "
            f"of {sign['n']} clearly positive or negative test texts."
        )
    emobank = result.get("valence", {}).get("emobank")
    if emobank:
        lines.append(
            f"Valence vs EmoBank's rated valence: Pearson r {emobank['fiction']['pearson_r']:.3f} on "
            f"{emobank['fiction']['n']} fiction sentences, {emobank['all']['pearson_r']:.3f} on all "
            f"{emobank['all']['n']}."
        )
    return "\n".join(lines)

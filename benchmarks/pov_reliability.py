"""How well the POV confidence is calibrated: a reliability table over the fan-fiction gold set's scenes.

    python benchmarks/pov_reliability.py            # the dev split (the one the POV constants were set on)

Each gold scene is analysed as ``ficlens eval fanfic`` does (same reader, pipeline and character mapping)
and the predicted scene's ``confidence`` is binned against whether its character is the gold one. Prints,
per bin, the scenes, their mean confidence and their accuracy, then the expected calibration error, and
how the scenes below ``POV_UNCLEAR_BELOW`` (drawn "unclear" in the report) fared. Aggregates only.
"""

from __future__ import annotations

import argparse
import itertools
import json
from pathlib import Path

from ficlens.analysis.run import analyze
from ficlens.datamodel.inner import POV_UNCLEAR_BELOW
from ficlens.eval.fanfic import CastIndex, character_names, map_character
from ficlens.eval.fanfic_gold import DATA_DIR, Anchor, find_anchor, load_gold

BINS = (0.0, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0)


def scene_rows(data: Path, split: str) -> list[tuple[float, bool]]:
    """(confidence, right) for every gold scene of ``split``."""
    rows: list[tuple[float, bool]] = []
    for gold in load_gold(data, split):
        analysis = analyze(gold.path)
        index = CastIndex(gold.cast, gold.not_characters)
        mapping = {ch.id: map_character(index, character_names(ch)) for ch in analysis.characters}
        for scene in gold.scenes:
            pos = find_anchor(analysis.text, Anchor(scene.anchor.at, scene.anchor.n))
            hit = next((s for s in analysis.pov.scenes if pos is not None and s.start <= pos < s.end), None)
            if hit is None:
                rows.append((0.0, False))
                continue
            rows.append(
                (hit.confidence, hit.character is not None and mapping.get(hit.character) == scene.pov)
            )
    return rows


def reliability(rows: list[tuple[float, bool]]) -> dict[str, object]:
    table = []
    ece = 0.0
    for k, (lo, hi) in enumerate(itertools.pairwise(BINS)):
        last = k == len(BINS) - 2
        inside = [(c, r) for c, r in rows if lo <= c < hi or (last and c == hi)]
        if not inside:
            table.append({"bin": f"[{lo:.1f}, {hi:.1f}{']' if last else ')'}", "scenes": 0})
            continue
        confidence = sum(c for c, _ in inside) / len(inside)
        accuracy = sum(r for _, r in inside) / len(inside)
        ece += len(inside) / len(rows) * abs(accuracy - confidence)
        table.append(
            {
                "bin": f"[{lo:.1f}, {hi:.1f}{']' if last else ')'}",
                "scenes": len(inside),
                "confidence": round(confidence, 3),
                "accuracy": round(accuracy, 3),
            }
        )
    unclear = [r for c, r in rows if c < POV_UNCLEAR_BELOW]
    claimed = [r for c, r in rows if c >= POV_UNCLEAR_BELOW]
    return {
        "scenes": len(rows),
        "accuracy": round(sum(r for _, r in rows) / max(1, len(rows)), 3),
        "ece": round(ece, 3),
        "bins": table,
        "unclear_below": POV_UNCLEAR_BELOW,
        "unclear": {"scenes": len(unclear), "right": sum(unclear)},
        "claimed": {"scenes": len(claimed), "right": sum(claimed)},
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", type=Path, default=DATA_DIR)
    parser.add_argument("--split", default="dev", choices=("dev", "test", "all"))
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    result = reliability(scene_rows(args.data, args.split))
    if args.json:
        print(json.dumps(result, indent=1))
        return
    print(f"POV per scene, split {args.split}: {result['scenes']} scenes, accuracy {result['accuracy']:.1%}")
    print(f"{'confidence':>14}{'scenes':>8}{'mean conf':>11}{'accuracy':>10}")
    for row in result["bins"]:  # type: ignore[attr-defined]
        if row["scenes"]:
            print(f"{row['bin']:>14}{row['scenes']:>8}{row['confidence']:>11.2f}{row['accuracy']:>10.2f}")
        else:
            print(f"{row['bin']:>14}{0:>8}")
    print(f"expected calibration error {result['ece']:.3f}")
    u, c = result["unclear"], result["claimed"]
    print(
        f"below {POV_UNCLEAR_BELOW} (shown as unclear): {u['right']}/{u['scenes']} right;"  # type: ignore[index]
        f" at or above: {c['right']}/{c['scenes']} right"  # type: ignore[index]
    )


if __name__ == "__main__":
    main()

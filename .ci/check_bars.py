"""Hold every measured figure to its bar: exit 1 naming each figure that fell below.

Usage: python .ci/check_bars.py BARS.json NAME=RESULT.json [...]
BARS.json maps NAME -> {"dotted.path.to.figure": minimum}.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path


def lookup(data: object, dotted: str) -> float:
    for key in dotted.split("."):
        if not isinstance(data, dict) or key not in data:
            raise KeyError(dotted)
        data = data[key]
    if not isinstance(data, int | float):
        raise TypeError(f"{dotted} is not a number")
    return float(data)


def main(argv: list[str]) -> int:
    bars = json.loads(Path(argv[1]).read_text())
    failures = 0
    for arg in argv[2:]:
        name, _, path = arg.partition("=")
        result = json.loads(Path(path).read_text())
        for figure, minimum in bars.get(name, {}).items():
            try:
                value = lookup(result, figure)
            except (KeyError, TypeError) as exc:
                print(f"bar {name}:{figure}: missing from the eval output ({exc})")
                failures += 1
                continue
            ok = value >= minimum
            print(f"bar {name}:{figure} = {value:.4g} (bar {minimum}) {'ok' if ok else 'BELOW BAR'}")
            failures += not ok
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))

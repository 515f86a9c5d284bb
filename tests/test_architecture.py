"""Imports flow one way: datamodel <- ingest <- pipeline <- analysis <- output/report <- cli."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

SRC = Path(__file__).parents[1] / "src" / "ficlens"
LAYERS = ["datamodel", "ingest", "pipeline", "analysis", "output", "report", "cli"]
# layers that must never import a later one (training/eval sit beside and may import anything but cli)
FORBIDDEN = {layer: set(LAYERS[i + 1 :]) for i, layer in enumerate(LAYERS)}


def imported_layers(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = set()
    for node in ast.walk(tree):
        names: list[str] = []
        if isinstance(node, ast.Import):
            names = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module:
            names = [node.module]
        for name in names:
            parts = name.split(".")
            if parts[0] == "ficlens" and len(parts) > 1:
                found.add(parts[1])
    return found


def test_no_import_runs_backwards() -> None:
    problems = []
    for path in SRC.rglob("*.py"):
        rel = path.relative_to(SRC)
        layer = rel.parts[0].removesuffix(".py")
        if layer not in FORBIDDEN:
            continue
        bad = imported_layers(path) & FORBIDDEN[layer]
        # the report is reached from the datamodel only lazily, for Jupyter's _repr_html_
        if rel.as_posix() == "datamodel/analysis.py":
            bad -= {"report"}
        if bad:
            problems.append(f"{rel} imports {sorted(bad)}")
    assert not problems, problems


def test_import_ficlens_does_not_import_spacy() -> None:
    code = "import sys, ficlens; print('spacy' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"

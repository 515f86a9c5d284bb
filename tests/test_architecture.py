"""Imports flow one way, for every module of ficlens, with no exceptions.

Each module belongs to a layer (its top-level package or module under ``src/ficlens``) and may import only
from its own layer and earlier ones. Every import statement counts: at module level, inside functions and
under ``TYPE_CHECKING`` alike. The datamodel, the writers and the report read saved analyses; they never
import spaCy, thinc or numpy, directly or through what they import.
"""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

SRC = Path(__file__).parents[1] / "src" / "ficlens"
# earliest first; the package root (__init__) and the CLI come last and may import anything
LAYERS = [
    "version",
    "errors",
    "display",
    "datamodel",
    "ingest",
    "pipeline",
    "analysis",
    "output",
    "report",
    "corpus",
    "datasets",
    "training",
    "eval",
    "cli_corpus",
    "cli",
    "__init__",
]
NO_NUMERICS = ("datamodel", "output", "report")
NUMERIC_LIBRARIES = ("spacy", "thinc", "numpy")


def _modules() -> list[Path]:
    return sorted(SRC.rglob("*.py"))


def _layer(path: Path) -> str:
    return path.relative_to(SRC).parts[0].removesuffix(".py")


def _imports(path: Path) -> list[str]:
    """Every module named by an import statement in ``path``, relative imports resolved."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = ["ficlens", *path.relative_to(SRC).parent.parts]
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.extend(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package[: len(package) - node.level + 1]
                found.append(".".join([*base, node.module] if node.module else base))
            elif node.module == "ficlens":  # "from ficlens import display": a module, or the root's own name
                for alias in node.names:
                    is_module = (SRC / f"{alias.name}.py").exists() or (SRC / alias.name).is_dir()
                    found.append(f"ficlens.{alias.name}" if is_module else "ficlens")
            elif node.module:
                found.append(node.module)
    return found


def test_every_module_has_a_layer() -> None:
    unknown = sorted({_layer(p) for p in _modules()} - set(LAYERS))
    assert not unknown, f"place these in LAYERS: {unknown}"


def test_no_import_runs_backwards() -> None:
    problems = []
    for path in _modules():
        layer = _layer(path)
        allowed = set(LAYERS[: LAYERS.index(layer) + 1])
        for name in _imports(path):
            parts = name.split(".")
            if parts[0] != "ficlens" or len(parts) == 1:
                if name == "ficlens" and layer != "__init__":
                    problems.append(f"{path.relative_to(SRC)} imports the package root")
                continue
            if parts[1] not in allowed:
                problems.append(f"{path.relative_to(SRC)} ({layer}) imports {name}")
    assert not problems, "\n".join(problems)


def test_training_and_eval_do_not_import_each_other_in_a_circle() -> None:
    training = [p for p in _modules() if _layer(p) == "training"]
    back = [
        f"{p.relative_to(SRC)} imports {n}"
        for p in training
        for n in _imports(p)
        if n.startswith("ficlens.eval")
    ]
    assert not back, back


def test_readers_of_saved_analyses_import_no_numeric_library() -> None:
    problems = [
        f"{p.relative_to(SRC)} imports {n}"
        for p in _modules()
        if _layer(p) in NO_NUMERICS
        for n in _imports(p)
        if n.split(".")[0] in NUMERIC_LIBRARIES
    ]
    assert not problems, problems


def test_readers_of_saved_analyses_load_no_numeric_library_at_all() -> None:
    modules = [
        ".".join(("ficlens", *p.relative_to(SRC).with_suffix("").parts)).removesuffix(".__init__")
        for p in _modules()
        if _layer(p) in NO_NUMERICS
    ]
    code = (
        "import importlib, sys\n"
        f"for name in {modules!r}: importlib.import_module(name)\n"
        f"print(sorted(m for m in {NUMERIC_LIBRARIES!r} if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]", out.stdout


def test_import_ficlens_does_not_import_spacy() -> None:
    code = "import sys, ficlens; print('spacy' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"

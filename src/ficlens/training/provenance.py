"""What a training run read: ``provenance.json`` beside the weights it writes.

``ficlens train NAME`` runs the training inside ``ficlens.datasets.files.recording()`` and then writes, into
``--out``, the SHA-256 of every data file the run read (by path inside ``--data``), one digest over them
all, and the command. The file holds no time and no absolute path, so a rerun on the same data writes it
byte for byte again; the shipped copy (``ficlens/models/NAME/provenance.json``) goes into a saved
pipeline's ``meta.json``.
"""

from __future__ import annotations

import functools
import importlib
import json
from collections.abc import Callable
from pathlib import Path
from typing import ParamSpec, TypeVar

from ficlens.datasets.files import checksums, digest, recording

T = TypeVar("T")
P = ParamSpec("P")

FILE_NAME = "provenance.json"


def train_recorded(command: str, data: Path, out: Path, run: Callable[[], T]) -> T:
    """Run ``run`` (a training run reading under ``data`` and writing into the folder ``out``), then write
    ``out/provenance.json`` for ``ficlens train {command}``; returns what ``run`` returned."""
    with recording() as reads:
        result = run()
    write_provenance(out / FILE_NAME, command=command, data=data, reads=sorted(reads))
    return result


def write_provenance(path: Path, *, command: str, data: Path, reads: list[Path]) -> Path:
    files = checksums(data, reads)
    record = {
        "command": f"ficlens train {command} --data DATA --out DIR",
        "data": {"files": len(files), "sha256": digest(files), "file_sha256": files},
    }
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(record, indent=1) + "\n", encoding="utf-8")
    return path


def single_threaded(*libraries: str) -> Callable[[Callable[P, T]], Callable[P, T]]:
    """Run a training function with its numeric libraries (BLAS, OpenMP) held to one thread: a sum split
    over two threads rounds differently, so the same data gave slightly different weights with 1 and 2
    threads (measured on the emotion model) and nothing could be reproduced byte for byte. ``libraries``
    are imported first: a limit covers only the thread pools already loaded (scikit-learn's BLAS, say)."""

    def decorate(train: Callable[P, T]) -> Callable[P, T]:
        @functools.wraps(train)
        def run(*args: P.args, **kwargs: P.kwargs) -> T:
            from threadpoolctl import threadpool_limits

            for library in libraries:
                importlib.import_module(library)
            with threadpool_limits(limits=1):
                return train(*args, **kwargs)

        return run

    return decorate

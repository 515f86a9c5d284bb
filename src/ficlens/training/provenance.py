"""What a training run read: ``provenance.json`` beside the weights it writes.

``ficlens train NAME`` runs the training inside ``ficlens.datasets.files.recording()`` and then writes, into
``--out``, the SHA-256 of every data file the run read (by path inside ``--data``), one digest over them
all, and the command. The file holds no time and no absolute path, so a rerun on the same data writes it
byte for byte again; the shipped copy (``ficlens/models/NAME/provenance.json``) goes into a saved
pipeline's ``meta.json``.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from ficlens.datasets.files import checksums, digest, recording

T = TypeVar("T")

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

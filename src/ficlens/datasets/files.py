"""Every data file the readers open goes through ``read_text``, so a training run can say what it read.

``recording()`` collects the files read inside it; ``checksums`` gives their SHA-256 by path relative to the
data folder, as a model's provenance records them (``ficlens.training.provenance``).
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from pathlib import Path

_READS: ContextVar[set[Path] | None] = ContextVar("ficlens_data_reads", default=None)


def read_text(path: Path, *, errors: str = "strict") -> str:
    """The text of a data file (UTF-8), noted by the recording in force, if any."""
    reads = _READS.get()
    if reads is not None:
        reads.add(Path(path).resolve())
    return Path(path).read_text(encoding="utf-8", errors=errors)


@contextmanager
def recording() -> Iterator[set[Path]]:
    """The set of (resolved) paths ``read_text`` reads until the block ends."""
    reads: set[Path] = set()
    token = _READS.set(reads)
    try:
        yield reads
    finally:
        _READS.reset(token)


def checksums(root: Path, paths: Iterable[Path]) -> dict[str, str]:
    """SHA-256 of each file, keyed by its POSIX path relative to ``root``, in path order."""
    root = Path(root).resolve()
    out = {}
    for path in paths:
        name = Path(path).resolve().relative_to(root).as_posix()
        out[name] = hashlib.sha256(Path(path).read_bytes()).hexdigest()
    return dict(sorted(out.items()))


def digest(files: dict[str, str]) -> str:
    """One SHA-256 for a set of files: of their ``sha256sum`` lines (digest, two spaces, path), in order."""
    lines = "".join(f"{sha}  {name}\n" for name, sha in sorted(files.items()))
    return hashlib.sha256(lines.encode("utf-8")).hexdigest()

"""Writing output files safely: atomically, through exclusive temporary files, never over a user's input.

Every writer goes through ``atomic_writer`` (or ``atomic_write_text`` / ``atomic_write_bytes``): the content
goes to a temporary file that ``tempfile.mkstemp`` creates exclusively (``O_CREAT | O_EXCL``, a random name)
in the target's folder, so a symlink or file planted under a predictable name is never followed or
clobbered, and a killed run leaves the old file (or none) in place, never half a file.

``check_out_dir`` vets an output folder before any work; ``plan_outputs`` names every input's outputs up
front so that no two collide and none lands on an input; ``is_ficlens_output`` recognises what an earlier
run wrote, so that ``ficlens analyze DIR --out DIR`` can run twice.
"""

from __future__ import annotations

import os
import re
import tempfile
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any

from ficlens.errors import InputError

# The names ``ficlens analyze`` gives an input's outputs (``NAME`` + suffix), and the chapter GraphML files.
OUTPUT_SUFFIXES = (".ficlens.json", ".script.jsonl", ".script.txt", ".report.html", ".graphml")
_CHAPTER_GRAPHML = re.compile(r"\.ch\d+\.graphml$")
_REPORT_MARK = b'<meta name="generator" content="ficlens">'


@contextmanager
def atomic_writer(path: Path, *, binary: bool = False) -> Iterator[IO[Any]]:
    """A file handle whose content replaces ``path`` when the block ends without an error.

    The handle writes to an exclusively created temporary file in ``path``'s folder (UTF-8, no newline
    translation, unless ``binary``); on success the file is made readable by all (mkstemp makes it
    private: an analysis or a report is an ordinary document the user may share or serve) and renamed
    over ``path``; on any error it is removed and ``path`` is left as it was."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        handle: IO[Any] = os.fdopen(fd, "wb") if binary else os.fdopen(fd, "w", encoding="utf-8", newline="")
        with handle:
            yield handle
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def atomic_write_text(path: Path, text: str) -> None:
    """Write ``text`` (UTF-8) to ``path`` atomically, through an exclusive temporary file."""
    with atomic_writer(path) as handle:
        handle.write(text)


def atomic_write_bytes(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` atomically, through an exclusive temporary file."""
    with atomic_writer(path, binary=True) as handle:
        handle.write(data)


def check_out_dir(out: Path) -> None:
    """Make sure ``out`` is (or can be made) a folder ficlens can write into; ``InputError`` if not.

    Run before any analysis, so that a wrong ``--out`` costs nothing. The folder is created if missing.
    """
    where = f"--out {out}"
    if out.exists() and not out.is_dir():
        raise InputError(where, "is a file, not a folder")
    try:
        out.mkdir(parents=True, exist_ok=True)
    except FileExistsError:
        raise InputError(where, "a file is in the way of this folder") from None
    except OSError as err:
        raise InputError(where, f"cannot create the folder ({err.strerror or err})") from None
    try:
        # A real write, not os.access: access bits say nothing for root, read-only mounts or ACLs.
        with tempfile.TemporaryFile(dir=out):
            pass
    except OSError as err:
        raise InputError(where, f"cannot write into the folder ({err.strerror or err})") from None


def output_files(base: str) -> list[str]:
    """The relative names of every output ``ficlens analyze`` may write for an input named ``base``."""
    return [base + suffix for suffix in OUTPUT_SUFFIXES]


def is_ficlens_output(path: Path) -> bool:
    """Whether a file that looks like a story is one of ficlens's own outputs from an earlier run.

    Only ``.script.txt`` and ``.report.html`` can pass for stories. A report carries ficlens's generator
    tag in its head; a script text always has its ``.script.jsonl`` twin beside it."""
    name = path.name
    if name.endswith(".report.html"):
        try:
            with path.open("rb") as handle:
                head = handle.read(4096)
        except OSError:
            return False
        return _REPORT_MARK in head
    if name.endswith(".script.txt"):
        return path.with_name(name.removesuffix(".txt") + ".jsonl").is_file()
    return False


def plan_outputs(inputs: Sequence[Path], out: Path, *, flat: Sequence[Path] = ()) -> dict[Path, str]:
    """Each input's output name (relative to ``out``, without suffix), all distinct and none on an input.

    Names come from an input's path relative to the inputs' common folder, without its extension
    (``a/chapter1.txt`` -> ``a/chapter1``); inputs in ``flat`` (the bundled example) are named from their
    file name alone. Where two inputs would share a name (``s.txt`` and ``s.html``), or one of its outputs
    would land on an input (``NAME.md`` beside ``NAME.script.txt`` with ``--out`` that folder), the input
    keeps its extension in the name (``NAME.md.script.txt``), and failing that gets a number. Paths are
    compared without case, as a case-insensitive file system would.
    """
    resolved = {p: p.resolve() for p in inputs}
    rooted = [resolved[p] for p in inputs if p not in flat]
    root = Path(os.path.commonpath([str(r.parent) for r in rooted])) if rooted else None
    target = out.resolve()
    forbidden = {str(r).lower() for r in resolved.values()}

    def relative(path: Path) -> Path:
        if path in flat or root is None:
            return Path(path.name)
        return resolved[path].relative_to(root)

    def stem_of(rel: Path) -> str:
        return rel.with_suffix("").as_posix() if rel.suffix else rel.as_posix()

    shared: dict[str, int] = {}
    for path in inputs:
        key = stem_of(relative(path)).lower()
        shared[key] = shared.get(key, 0) + 1

    def files_of(base: str) -> list[str]:
        return [str(target / name).lower() for name in output_files(base)]

    def clashes(base: str) -> bool:
        # ``x.ch1`` would write ``x.ch1.graphml``, the name of chapter 1's graph of ``x``.
        return bool(_CHAPTER_GRAPHML.search(base + ".graphml")) or any(
            name in forbidden for name in files_of(base)
        )

    plan: dict[Path, str] = {}
    for path in inputs:
        rel = relative(path)
        stem = stem_of(rel)
        candidates = [stem] if shared[stem.lower()] == 1 else []
        candidates.append(rel.as_posix())
        base = next((c for c in candidates if not clashes(c)), None)
        number = 2
        while base is None:
            candidate = f"{rel.as_posix()}.{number}"
            base = None if clashes(candidate) else candidate
            number += 1
        plan[path] = base
        forbidden.update(files_of(base))
    return plan

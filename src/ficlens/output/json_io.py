"""The ``ficlens.analysis/1`` JSON file: write it, and read it back into a ``StoryAnalysis``."""

from __future__ import annotations

import json
from pathlib import Path

from ficlens.datamodel import SCHEMA, StoryAnalysis
from ficlens.datamodel.serialize import from_json, to_jsonable
from ficlens.errors import InputError
from ficlens.output.files import atomic_write_text


def analysis_to_dict(analysis: StoryAnalysis) -> dict[str, object]:
    data = to_jsonable(analysis)
    # the schema tag leads the file so that readers can check it first
    return {"schema": data.pop("schema"), **data}


def dumps(analysis: StoryAnalysis, *, indent: int | None = None) -> str:
    return json.dumps(analysis_to_dict(analysis), ensure_ascii=False, indent=indent)


def write_json(analysis: StoryAnalysis, path: Path, *, indent: int | None = None) -> None:
    atomic_write_text(path, dumps(analysis, indent=indent) + "\n")


def _no_constant(name: str) -> object:
    raise ValueError(f"{name} is not a JSON number")


def load_analysis(path: str | Path) -> StoryAnalysis:
    """Read a saved analysis; a file that is not one raises ``InputError`` naming the reason."""
    path = Path(path)
    try:
        raw = path.read_bytes()
        # NaN/Infinity are not JSON (the writer never emits them); nesting deeper than the schema's is
        # not an analysis: both are one-line errors, not tracebacks.
        data = json.loads(raw.decode("utf-8"), parse_constant=_no_constant)
    except FileNotFoundError:
        raise InputError(str(path), "no such file") from None
    except IsADirectoryError:
        raise InputError(str(path), "is a directory, not an analysis JSON file") from None
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise InputError(str(path), f"not JSON ({exc.__class__.__name__})") from None
    except ValueError as exc:
        raise InputError(str(path), f"not valid JSON ({exc})") from None
    except RecursionError:
        raise InputError(str(path), "not an analysis: JSON nested too deeply") from None
    except OSError as exc:
        raise InputError(str(path), f"cannot read file ({exc.strerror or exc})") from None
    if not isinstance(data, dict) or data.get("schema") != SCHEMA:
        raise InputError(str(path), f"not a ficlens analysis (expected schema {SCHEMA!r})")
    try:
        result: StoryAnalysis = from_json(StoryAnalysis, raw)
    except ValueError as exc:  # pydantic's ValidationError: say where, in one line
        raise InputError(str(path), f"malformed analysis: {_first_error(exc)}") from None
    except RecursionError:
        raise InputError(str(path), "malformed analysis: nested too deeply") from None
    return result


def _first_error(exc: ValueError) -> str:
    errors = getattr(exc, "errors", None)
    if not callable(errors):
        return str(exc)
    found = errors()
    if not found:
        return str(exc)
    where = ".".join(str(part) for part in found[0]["loc"])
    more = f" (and {len(found) - 1} more)" if len(found) > 1 else ""
    return f"{where}: {found[0]['msg']}{more}"

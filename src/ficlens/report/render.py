"""Render a ``StoryAnalysis`` as one self-contained HTML page: no network, no external file, inert story text.

The page is a small template (``templates/report.html``) with the stylesheet and script from ``assets/``
inlined, and the ``ReportContext`` as JSON in a ``<script type="application/json">`` block. The script
draws everything from that JSON with ``textContent`` and ``createElement`` only, so no story string is
ever parsed as HTML; the JSON escapes ``<``, ``>`` and ``&`` so ``</script>`` in a story cannot end the
block. A Content-Security-Policy forbids every fetch and allows only the one script, by its hash.
"""

from __future__ import annotations

import base64
import dataclasses
import hashlib
import html
import json
from functools import cache
from importlib import resources
from pathlib import Path
from string import Template
from typing import Any

from ficlens.datamodel import StoryAnalysis
from ficlens.output.files import atomic_write_text
from ficlens.report.context import ReportContext, build_context

_JSON_ESCAPES = str.maketrans(
    {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028", "\u2029": "\\u2029"}
)


def _plain(value: Any) -> Any:
    """The context as JSON-ready values; flat arrays of numbers (most of a long text's data) pass whole."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: _plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, tuple | list):
        if value and type(value[0]) in (int, float) and all(type(v) in (int, float) for v in value):
            return list(value)
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    return value


def script_json(value: object) -> str:
    """JSON that is safe inside a ``<script>`` element: no ``<``, ``>``, ``&`` or line separators."""
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"), allow_nan=False).translate(
        _JSON_ESCAPES
    )


@cache
def _resource(folder: str, name: str) -> str:
    return resources.files("ficlens.report").joinpath(folder, name).read_text(encoding="utf-8")


def _csp(script: str) -> str:
    digest = base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode("ascii")
    return (
        "default-src 'none'; "
        f"script-src 'sha256-{digest}'; "
        "style-src 'unsafe-inline'; "
        "img-src data:; "
        "base-uri 'none'; form-action 'none'"
    )


def render_context(context: ReportContext) -> str:
    """The page for an already built context."""
    script = _resource("assets", "report.js")
    style = _resource("assets", "report.css")
    if "</script" in script.lower() or "</style" in style.lower():
        raise ValueError("report assets must not contain closing script or style tags")
    return Template(_resource("templates", "report.html")).substitute(
        csp=_csp(script),  # plain ASCII without quotes or markup, safe in the attribute as is
        title=html.escape(context.header.title),
        style=style,
        script=script,
        data=script_json(_plain(context)),
    )


def render_report(analysis: StoryAnalysis) -> str:
    """One self-contained HTML page showing the analysis of a story."""
    return render_context(build_context(analysis))


def write_report(analysis: StoryAnalysis, path: Path) -> None:
    """Write the report to ``path`` atomically (a temporary file beside it, then a rename)."""
    atomic_write_text(Path(path), render_report(analysis))

"""How notebooks show ficlens objects, filled in by the package root.

The datamodel (the first layer) must not import the report (a later one), yet an analysis should show its
report's compact view in Jupyter. The root sets ``analysis_html`` (a function that imports the report only
when called), and ``StoryAnalysis._repr_html_`` calls it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

analysis_html: Callable[[Any], str] | None = None

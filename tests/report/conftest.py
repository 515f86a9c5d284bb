"""Fixtures of the report tests (the stories themselves are in report_stories.py)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from ficlens.datamodel import StoryAnalysis

# The suite runs with --import-mode=importlib, which does not put test folders on sys.path; the story
# builders beside this file (report_stories.py) are imported by name.
_HERE = str(Path(__file__).parent)
if _HERE not in sys.path:
    sys.path.insert(0, _HERE)

from report_stories import lantern_analysis, xss_analysis  # noqa: E402


@pytest.fixture
def lantern() -> StoryAnalysis:
    return lantern_analysis()


@pytest.fixture
def xss() -> StoryAnalysis:
    return xss_analysis()

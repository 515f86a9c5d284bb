"""Fixtures of the corpus tests (the generated stories are in corpus_stories.py)."""

from __future__ import annotations

import sys
from pathlib import Path

# The suite runs with --import-mode=importlib, which does not put test folders on sys.path; the story
# generator beside this file is imported by name.
_HERE = str(Path(__file__).parent)
if _HERE not in sys.path:
    sys.path.insert(0, _HERE)

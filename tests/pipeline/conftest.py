from __future__ import annotations

import sys
from pathlib import Path

# Shared test helpers beside this file (inner_helpers.py) are imported by name; the suite runs with
# --import-mode=importlib, which does not put test folders on sys.path.
_HERE = str(Path(__file__).parent)
if _HERE not in sys.path:
    sys.path.insert(0, _HERE)

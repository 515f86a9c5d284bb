"""The report of the bundled example (camp-reyes, the AO3 HTML download with its tags).

Skips while a pipeline piece is missing from this build. The golden context is regenerated only on purpose:
``FICLENS_REGENERATE_GOLDEN=1 pytest tests/report/test_example.py``.
"""

from __future__ import annotations

import json
import os
from importlib.resources import files
from pathlib import Path
from typing import Any

import pytest
from test_browser import CHROMIUM, _open, _outline, _shot
from test_context import _pretty

from ficlens.datamodel import StoryAnalysis
from ficlens.datamodel.serialize import from_jsonable, to_jsonable
from ficlens.report import build_context, render_report

EXAMPLE = Path(str(files("ficlens") / "examples" / "camp-reyes.html"))
GOLDEN = Path(__file__).parent / "golden" / "camp-reyes-context.json"
REGENERATE = os.environ.get("FICLENS_REGENERATE_GOLDEN") == "1"


@pytest.fixture(scope="module")
def camp() -> StoryAnalysis:
    import ficlens

    return ficlens.analyze(EXAMPLE)


def _context_json(analysis: StoryAnalysis) -> Any:
    data = json.loads(json.dumps(to_jsonable(build_context(analysis))))
    data["header"]["ficlens_version"] = ""  # a version bump is not a change of the report
    return data


def test_example_context_matches_golden(camp: StoryAnalysis) -> None:
    got = _context_json(camp)
    if REGENERATE:
        GOLDEN.write_text(_pretty(got) + "\n", encoding="utf-8")
    if not GOLDEN.exists():
        pytest.skip("no golden yet: FICLENS_REGENERATE_GOLDEN=1 pytest tests/report/test_example.py")
    want = json.loads(GOLDEN.read_text(encoding="utf-8"))
    assert got == want, (
        "the example's report context changed; if on purpose, regenerate (see module docstring)"
    )


def test_example_report_rebuilds_from_saved_json(camp: StoryAnalysis) -> None:
    saved = json.loads(json.dumps(to_jsonable(camp)))
    assert render_report(from_jsonable(StoryAnalysis, saved)) == render_report(camp)


@pytest.mark.browser
@pytest.mark.skipif(not CHROMIUM.exists(), reason="needs Debian's chromium at /usr/bin/chromium")
def test_example_page_in_chromium(camp: StoryAnalysis, tmp_path: Path) -> None:
    sync_api = pytest.importorskip("playwright.sync_api", reason="needs the playwright package")
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=str(CHROMIUM),
            args=[
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
            ],
        )
        opened = _open(browser, camp, tmp_path, "camp-reyes")
        page = opened.page
        assert opened.requests == [(tmp_path / "camp-reyes.html").as_uri()]
        assert page.locator("#net-svg .node").count() == len(camp.characters)
        assert page.locator(".card").count() == min(24, len(camp.characters))
        # Follow the most present character: their mentions are outlined, nobody else's.
        page.click('.who-list button[data-char="0"]')
        assert set(_outline(opened, ".story .m.c0")) == {"solid"}
        assert set(_outline(opened, ".story .m:not(.c0)")) <= {"none"}
        top = build_context(camp).cast[0].id
        drawn = page.locator(".story .m.c0").count()
        assert 0 < drawn <= sum(m.character == top for m in camp.mentions)
        selected = min(3, len(camp.emotions.arcs))
        assert page.locator("#emo-svg path.arc-line").count() == selected
        _shot(opened, tmp_path, "camp-reyes")
        assert opened.errors == []
        browser.close()

"""The report in a real headless Chromium (Debian's package), driven by Playwright's Python API.

Never ``playwright install``: the browser is /usr/bin/chromium. Screenshots go to artifacts/report/. A missing
browser fails these tests (it never skips them): CI installs Debian's chromium.
"""

from __future__ import annotations

import shutil
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright import sync_api
from report_stories import XSS, XSS_LINK, big_cast_analysis, harbour_analysis, lantern_analysis, xss_analysis
from test_render import _novel

from ficlens.datamodel import StoryAnalysis
from ficlens.datamodel.inner import POV_UNCLEAR_BELOW
from ficlens.report import write_report

CHROMIUM = Path("/usr/bin/chromium")
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
ARTIFACTS = Path(__file__).resolve().parents[2] / "artifacts" / "report"

pytestmark = [pytest.mark.browser]


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    if not CHROMIUM.exists():
        pytest.fail(
            f"the report's browser tests need Debian's chromium at {CHROMIUM} (apt-get install chromium)"
        )
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield b
        b.close()


class Opened:
    """A page opened from file://, with everything it logged and asked for."""

    def __init__(self, browser: Any, path: Path, viewport: tuple[int, int] = (1280, 900)) -> None:
        self.errors: list[str] = []
        self.requests: list[str] = []
        self.dialogs: list[str] = []
        self.page = browser.new_page(viewport={"width": viewport[0], "height": viewport[1]})
        self.page.on(
            "console", lambda m: self.errors.append(m.text) if m.type in ("error", "warning") else None
        )
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.on("dialog", self._dialog)

        def route(r: Any) -> None:
            self.requests.append(r.request.url)
            if r.request.url == path.as_uri():
                r.continue_()
            else:
                r.abort()

        self.page.route("**/*", route)
        self.page.goto(path.as_uri())
        self.page.wait_for_selector("#text")

    def _dialog(self, dialog: Any) -> None:
        self.dialogs.append(dialog.message)
        dialog.dismiss()


def _open(
    browser: Any, analysis: StoryAnalysis, tmp_path: Path, name: str, viewport: tuple[int, int] = (1280, 900)
) -> Opened:
    path = tmp_path / f"{name}.html"
    write_report(analysis, path)
    return Opened(browser, path, viewport)


def _shot(opened: Opened, tmp_path: Path, name: str) -> None:
    shot = tmp_path / f"{name}.png"
    opened.page.screenshot(path=str(shot), full_page=True)
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    shutil.copy(shot, ARTIFACTS / shot.name)


def test_page_loads_offline_without_errors(browser: Any, tmp_path: Path) -> None:
    opened = _open(browser, lantern_analysis(), tmp_path, "lantern")
    opened.page.wait_for_timeout(300)
    _shot(opened, tmp_path, "lantern")
    assert opened.errors == []
    assert opened.requests == [(tmp_path / "lantern.html").as_uri()]
    assert opened.page.locator("h1").text_content() == "The Lantern Keeper"
    assert opened.page.locator(".card").count() == 3
    # Two sentences feel something ("She was tired.", "Wren laughed."): two marks in the margin.
    moods = opened.page.locator(".story .mood")
    assert moods.count() == 2
    assert "sadness" in (moods.first.get_attribute("title") or "")


def test_network_has_one_node_per_character(browser: Any, tmp_path: Path) -> None:
    analysis = lantern_analysis()
    opened = _open(browser, analysis, tmp_path, "network")
    nodes = opened.page.locator("#net-svg .node")
    assert nodes.count() == len(analysis.characters)
    names = sorted(n.text_content() or "" for n in nodes.all())
    assert names == sorted(c.name for c in analysis.characters)
    assert opened.page.locator("#net-svg path.edge").count() == len(analysis.interactions.edges)
    # Filtering by chapter shows that chapter's edges only.
    opened.page.select_option("#network select", "2")
    assert opened.page.locator("#net-svg path.edge").count() == 2
    # Hover shows details; dragging moves the node.
    node = opened.page.locator('#net-svg .node[data-char="0"]')
    node.hover()
    assert "Wren Calloway" in (opened.page.locator("#network .tip").text_content() or "")
    before = node.get_attribute("transform")
    box = node.bounding_box()
    assert box
    opened.page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    opened.page.mouse.down()
    opened.page.mouse.move(box["x"] + 150, box["y"] + 60, steps=5)
    opened.page.mouse.up()
    assert node.get_attribute("transform") != before
    assert opened.errors == []


def _outline(opened: Opened, selector: str) -> list[str]:
    return opened.page.eval_on_selector_all(selector, "els => els.map(e => getComputedStyle(e).outlineStyle)")


def test_clicking_a_character_highlights_their_mentions(browser: Any, tmp_path: Path) -> None:
    opened = _open(browser, lantern_analysis(), tmp_path, "focus")
    assert set(_outline(opened, ".story .m.c1")) == {"none"}
    opened.page.click('.who-list button[data-char="1"]')
    jonah = _outline(opened, ".story .m.c1")
    assert len(jonah) == 4 and set(jonah) == {"solid"}
    assert set(_outline(opened, ".story .m.c0")) == {"none"}
    assert "Jonah Vale" in (opened.page.locator(".focusbar").text_content() or "")
    # Clicking a mention in the text follows that character instead.
    opened.page.locator(".story .m.c2").first.click()
    assert set(_outline(opened, ".story .m.c2")) == {"solid"}
    assert set(_outline(opened, ".story .m.c1")) == {"none"}
    # The keyboard reaches the cast cards.
    card = opened.page.locator(".card.c0")
    card.focus()
    opened.page.keyboard.press("Enter")
    assert card.get_attribute("aria-pressed") == "true"
    assert set(_outline(opened, ".story .m.c0")) == {"solid"}
    _shot(opened, tmp_path, "lantern-focus")
    assert opened.errors == []


def test_emotion_chart_draws_a_line_per_selected_character(browser: Any, tmp_path: Path) -> None:
    analysis = lantern_analysis()
    opened = _open(browser, analysis, tmp_path, "emotions")
    lines = opened.page.locator("#emo-svg path.arc-line")
    assert lines.count() == len(analysis.emotions.arcs) == 2
    assert sorted(lines.evaluate_all("ps => ps.map(p => p.dataset.char)")) == ["0", "2"]
    opened.page.click('#feelings .toggle[data-char="2"]')
    assert lines.count() == 1
    opened.page.select_option("#feelings select >> nth=0", "joy")
    assert lines.count() == 1
    opened.page.click('#feelings .toggle[data-char="2"]')
    assert lines.count() == 2
    opened.page.click("#feelings details.alt summary")
    rows = opened.page.locator("#feelings table.data tbody tr")
    rows.first.wait_for()  # the table is built on the details' toggle event, which the browser fires later
    assert rows.count() == analysis.emotions.segments
    assert opened.errors == []


def test_tense_shift_links_into_the_text(browser: Any, tmp_path: Path) -> None:
    opened = _open(browser, lantern_analysis(), tmp_path, "tense")
    opened.page.click("#pov .shifts button")
    opened.page.wait_for_timeout(200)
    assert opened.page.locator(".story .flash").count() == 1
    assert "worried" in (opened.page.locator(".story .flash").text_content() or "")


def test_hostile_story_runs_no_script(browser: Any, tmp_path: Path) -> None:
    opened = _open(browser, xss_analysis(), tmp_path, "xss")
    page = opened.page
    for link in page.locator("a").all():  # the only link is the skip link to #text
        assert (link.get_attribute("href") or "").startswith("#")
    page.locator("#cast .card").first.click()
    page.locator("#script .line button").first.click()
    page.locator("#minor > summary").click()
    assert page.locator("#minor tbody th").all_text_contents() == [XSS_LINK]
    page.wait_for_timeout(300)
    assert page.evaluate("typeof window.__pwned") == "undefined"
    assert opened.dialogs == []
    assert page.locator("img").count() == 0
    assert page.locator("h1").text_content() == XSS
    assert page.locator("#app script").count() == 0
    assert len(opened.requests) == 1
    _shot(opened, tmp_path, "xss")


@pytest.mark.parametrize(
    "paragraphs",
    [
        2_500,  # 230,000 characters: long enough to be drawn lazily
        pytest.param(20_000, marks=pytest.mark.slow),  # 1.8 million characters, about 340,000 words
    ],
)
def test_long_novel_is_drawn_lazily_and_stays_usable(browser: Any, tmp_path: Path, paragraphs: int) -> None:
    analysis = _novel(paragraphs)
    t0 = time.perf_counter()
    opened = _open(browser, analysis, tmp_path, "novel")
    load_s = time.perf_counter() - t0
    page = opened.page
    total = page.locator(".story .block").count()
    drawn = page.locator(".story .block:not(.pending)").count()
    assert total > paragraphs // 100 and drawn < 10
    page.evaluate(f"() => window.ficlensReport.jumpTo({len(analysis.text) - 50})")
    page.wait_for_timeout(300)
    assert page.locator(".story .flash").count() == 1
    assert page.locator(".story .block:not(.pending)").count() < 20
    assert load_s < 30, f"took {load_s:.1f}s to open"
    assert opened.errors == []


def test_chapter_title_lines_are_shown_once_as_headings(browser: Any, tmp_path: Path) -> None:
    from ficlens.datamodel import Chapter, Metadata, Source, SourceFormat

    text = "Chapter 1: Dawn\n\nAda woke.\n\nChapter 2: Dusk\n\nAda slept. Chapter two was short."
    second = text.index("Chapter 2")
    analysis = StoryAnalysis(
        source=Source(None, SourceFormat.TEXT, ""),
        metadata=Metadata(),
        text=text,
        chapters=(Chapter(1, "Dawn", 0, second), Chapter(2, "Dusk", second, len(text))),
    )
    opened = _open(browser, analysis, tmp_path, "chapters")
    assert opened.page.locator(".story h3.chapter").all_text_contents() == ["Chapter 1Dawn", "Chapter 2Dusk"]
    assert opened.page.locator(".story p").all_text_contents() == [
        "Ada woke.",
        "Ada slept. Chapter two was short.",
    ]
    assert opened.errors == []


def test_empty_story_page_draws_without_errors(browser: Any, tmp_path: Path) -> None:
    from ficlens.datamodel import Metadata, Source, SourceFormat

    analysis = StoryAnalysis(source=Source(None, SourceFormat.TEXT, ""), metadata=Metadata(), text="")
    opened = _open(browser, analysis, tmp_path, "empty")
    assert opened.page.locator("h1").text_content() == "Untitled story"
    assert opened.page.locator(".empty").count() >= 5
    assert opened.errors == []


# --- At every size: a phone and a desktop, a small cast and a 90-character one ----------------------------

PHONE, DESKTOP = (390, 844), (1400, 900)
SIZES = [pytest.param(PHONE, id="390x844"), pytest.param(DESKTOP, id="1400x900")]
STORIES = {"lantern": lantern_analysis, "ninety": big_cast_analysis}

# Every visible text of the charts: its rendered size in CSS pixels (computed size times the SVG's scale).
CHART_FONTS = """() => [...document.querySelectorAll('#presence svg text, #feelings svg text, #net-svg text')]
  .filter((t) => t.getBoundingClientRect().width > 0 && getComputedStyle(t).visibility !== 'hidden')
  .map((t) => [t.textContent, parseFloat(getComputedStyle(t).fontSize) * t.getScreenCTM().a])"""

# The label boxes of the network's nodes, most present first: [rank, visible, left, top, right, bottom].
LABEL_BOXES = """() => [...document.querySelectorAll('#net-svg .node')].map((g) => {
  const t = g.querySelector('text'), r = t.getBoundingClientRect();
  const seen = getComputedStyle(t).visibility !== 'hidden' && r.width > 0;
  return [Number(g.dataset.char), seen, r.left, r.top, r.right, r.bottom];
}).sort((a, b) => a[0] - b[0])"""


def _overlaps(boxes: list[list[float]]) -> list[tuple[float, float]]:
    found = []
    for k, a in enumerate(boxes):
        for b in boxes[k + 1 :]:
            if a[2] < b[4] and b[2] < a[4] and a[3] < b[5] and b[3] < a[5]:
                found.append((a[0], b[0]))
    return found


@pytest.fixture(scope="module")
def ninety() -> StoryAnalysis:
    return big_cast_analysis()


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("story", ["lantern", "ninety"])
def test_no_sideways_scrolling_and_readable_chart_text(
    browser: Any, tmp_path: Path, story: str, size: tuple[int, int]
) -> None:
    analysis = STORIES[story]()
    opened = _open(browser, analysis, tmp_path, f"{story}-{size[0]}", size)
    page = opened.page
    page.wait_for_timeout(200)
    assert page.evaluate("document.documentElement.scrollWidth") <= size[0]
    assert page.evaluate("document.body.scrollWidth") <= size[0]
    fonts = page.evaluate(CHART_FONTS)
    assert len(fonts) > 10
    small = [(text, px) for text, px in fonts if px < 11]
    assert not small, small
    # The charts are drawn at their box's width, not scaled into it.
    for chart in ("#feelings svg#emo-svg", "#presence svg"):
        box = page.eval_on_selector(chart, "s => [s.getBoundingClientRect().width, s.viewBox.baseVal.width]")
        assert abs(box[0] - box[1]) < 1.5, (chart, box)
    _shot(opened, tmp_path, f"{story}-{size[0]}")
    assert opened.errors == []


def test_desktop_network_labels_the_top_25_without_overlap(
    browser: Any, tmp_path: Path, ninety: StoryAnalysis
) -> None:
    opened = _open(browser, ninety, tmp_path, "ninety-net", DESKTOP)
    page = opened.page
    assert page.locator("#net-svg .node").count() == 25
    boxes = page.evaluate(LABEL_BOXES)
    top = [b for b in boxes if b[0] < 25]
    assert all(b[1] for b in top), [b[0] for b in top if not b[1]]
    assert _overlaps(top) == []
    # More on request: the top 50, then everyone; labels still never overlap.
    page.select_option("#net-top", "50")
    assert page.locator("#net-svg .node").count() == 50
    assert _overlaps([b for b in page.evaluate(LABEL_BOXES) if b[1]]) == []
    page.select_option("#net-top", str(len(ninety.characters)))
    assert page.locator("#net-svg .node").count() == 90
    assert _overlaps([b for b in page.evaluate(LABEL_BOXES) if b[1]]) == []
    _shot(opened, tmp_path, "ninety-net-all")
    assert opened.errors == []


def test_weak_links_are_hidden_until_asked_for(browser: Any, tmp_path: Path, ninety: StoryAnalysis) -> None:
    opened = _open(browser, ninety, tmp_path, "ninety-weak", DESKTOP)
    page = opened.page
    strong = page.locator("#net-svg path.edge").count()
    assert page.is_checked("#net-weak") is False
    page.check("#net-weak")
    assert page.locator("#net-svg path.edge").count() > strong > 0


def test_phone_network_is_a_ranked_list_with_a_small_graph_on_demand(
    browser: Any, tmp_path: Path, ninety: StoryAnalysis
) -> None:
    opened = _open(browser, ninety, tmp_path, "ninety-phone-net", PHONE)
    page = opened.page
    assert page.locator("#network .netlist li").count() == 10
    first = min(ninety.characters, key=lambda c: c.prominence)
    assert (page.locator("#network .netlist li").first.text_content() or "").startswith(first.name)
    assert not page.is_visible("#net-svg")
    page.click("#net-graph-toggle")
    assert page.is_visible("#net-svg")
    width = page.eval_on_selector(
        "#net-svg", "s => [s.getBoundingClientRect().width, s.viewBox.baseVal.width]"
    )
    assert abs(width[0] - width[1]) < 1.5 and width[0] < 390
    boxes = page.evaluate(LABEL_BOXES)
    assert len(boxes) == 10 and all(b[1] for b in boxes)
    assert _overlaps(boxes) == []
    # The top 25 on a phone: what is labelled never overlaps (a label with no room shows on touch).
    page.select_option("#net-top", "25")
    boxes = page.evaluate(LABEL_BOXES)
    assert len(boxes) == 25 and sum(b[1] for b in boxes) >= 10
    assert _overlaps([b for b in boxes if b[1]]) == []
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    _shot(opened, tmp_path, "ninety-phone-graph")
    assert opened.errors == []


@pytest.mark.parametrize("size", SIZES)
def test_cast_filter_drives_cards_presence_and_text(
    browser: Any, tmp_path: Path, ninety: StoryAnalysis, size: tuple[int, int]
) -> None:
    opened = _open(browser, ninety, tmp_path, f"ninety-filter-{size[0]}", size)
    page = opened.page
    cast = sorted(ninety.characters, key=lambda c: c.prominence)
    query = "Quenwright"
    wanted = [i for i, c in enumerate(cast) if query.lower() in c.name.lower()]
    assert 1 < len(wanted) < 20
    page.fill("#cast-filter", query)
    cards = page.eval_on_selector_all(
        "#cast .card", "cs => cs.filter(c => !c.hidden).map(c => Number(c.dataset.char))"
    )
    assert cards == wanted
    rows = page.eval_on_selector_all(
        "#presence svg g[data-char]", "gs => gs.map(g => Number(g.dataset.char))"
    )
    assert rows == wanted[:16]
    marks = page.evaluate(
        """(w) => { const out = {}; for (const m of document.querySelectorAll('.story .m')) {
          const c = Number(m.dataset.c); out[c] = getComputedStyle(m).borderBottomColor; } return out; }"""
    )
    for c, colour in marks.items():
        assert (colour == "rgba(0, 0, 0, 0)") == (int(c) not in wanted), (c, colour)
    # An alias matches too; clearing the filter brings everyone back.
    page.fill("#cast-filter", cast[0].name.split()[0].lower())
    assert cast[0].name in (page.locator("#cast .card:not([hidden])").first.text_content() or "")
    page.fill("#cast-filter", "")
    assert page.locator("#cast .card:not([hidden])").count() == 24
    assert page.locator("#presence svg g[data-char]").count() == 16
    assert opened.errors == []


def test_an_unsure_pov_guess_is_drawn_unclear(browser: Any, tmp_path: Path, ninety: StoryAnalysis) -> None:
    opened = _open(browser, ninety, tmp_path, "ninety-pov", DESKTOP)
    unclear = opened.page.locator("#pov .strip button.unclear")
    assert unclear.count() == sum(1 for s in ninety.pov.scenes if s.confidence < POV_UNCLEAR_BELOW) == 2
    title = unclear.first.get_attribute("title") or ""
    assert "unclear" in title and "20% sure" in title
    assert (unclear.first.text_content() or "") == "?"
    sure = opened.page.locator("#pov .strip button:not(.unclear)").first
    assert "70% sure" in (sure.get_attribute("title") or "")


@pytest.mark.parametrize("size", SIZES)
def test_cast_filter_on_a_small_cast_matches_aliases(
    browser: Any, tmp_path: Path, size: tuple[int, int]
) -> None:
    opened = _open(browser, lantern_analysis(), tmp_path, f"lantern-filter-{size[0]}", size)
    page = opened.page
    page.fill("#cast-filter", "birdie")  # an alias of Wren Calloway
    assert page.locator("#cast .card:not([hidden]) .name").all_text_contents() == ["Wren Calloway"]
    assert page.eval_on_selector_all("#presence svg g[data-char]", "gs => gs.map(g => g.dataset.char)") == [
        "0"
    ]
    jonah = page.eval_on_selector_all(
        ".story .m.c1", "ms => ms.map(m => getComputedStyle(m).borderBottomColor)"
    )
    assert jonah and set(jonah) == {"rgba(0, 0, 0, 0)"}
    assert "1 character match" in (page.locator(".filtercount").text_content() or "")
    page.fill("#cast-filter", "nobody here")
    assert page.locator("#cast .card:not([hidden])").count() == 0
    assert "no character matches" in (page.locator(".filtercount").text_content() or "")
    assert page.evaluate("document.documentElement.scrollWidth") <= size[0]
    assert opened.errors == []


@pytest.mark.parametrize("size", SIZES)
def test_minor_characters_are_listed_collapsed_after_the_cast_and_reachable_by_keyboard(
    browser: Any, tmp_path: Path, size: tuple[int, int]
) -> None:
    opened = _open(browser, harbour_analysis(), tmp_path, f"harbour-{size[0]}", size)
    page = opened.page
    minor = page.locator("#cast details#minor")
    assert minor.count() == 1
    # after the cards, closed: the cast stays the cast
    assert (
        page.evaluate(
            "document.querySelector('#cast .cast').compareDocumentPosition(document.getElementById('minor'))"
        )
        & 4
    )
    assert minor.get_attribute("open") is None
    assert not page.locator("#minor tbody tr").first.is_visible()
    assert "(3)" in (page.locator("#minor > summary").text_content() or "")
    assert page.locator("#cast .card").count() == 2
    page.focus("#minor > summary")
    page.keyboard.press("Enter")
    assert minor.get_attribute("open") is not None
    rows = page.locator("#minor tbody tr")
    assert page.locator("#minor tbody th").all_text_contents() == [
        "Tobiah Marsh",
        "Mistress Quillon",
        "Admiral Pennywhistle-Fairweather",
    ]
    assert rows.first.locator("td").all_text_contents()[:2] == ["Old Tobiah Marsh, Tobiah", "2"]
    assert page.evaluate("document.documentElement.scrollWidth") <= size[0]
    # the whole table is seen at once, without scrolling it sideways
    assert page.eval_on_selector("#minor .tablewrap", "w => w.scrollWidth <= w.clientWidth")
    _shot(opened, tmp_path, f"harbour-{size[0]}")
    # the first mention's place takes the keyboard into the text, at the paragraph that holds it
    go = rows.nth(1).locator("button")
    assert "first mention of Mistress Quillon" in (go.get_attribute("aria-label") or "")
    go.focus()
    page.keyboard.press("Enter")
    landed = page.evaluate("document.activeElement.closest('#text') && document.activeElement.textContent")
    assert landed and "Mistress Quillon" in landed
    # the cast filter finds a minor name too, and says where
    page.fill("#cast-filter", "quillon")
    assert page.locator(".filtercount").text_content() == "no character matches; 1 minor character does"
    assert page.locator("#minor tbody th:visible").all_text_contents() == ["Mistress Quillon"]
    page.fill("#cast-filter", "wren")
    assert page.locator(".filtercount").text_content() == "1 character match"
    assert page.locator("#minor tbody tr:visible").count() == 0
    page.fill("#cast-filter", "")
    assert page.locator("#minor tbody tr:visible").count() == 3
    assert opened.errors == []


def test_a_story_without_a_minor_tier_shows_no_minor_box(browser: Any, tmp_path: Path) -> None:
    opened = _open(browser, lantern_analysis(), tmp_path, "lantern-no-minor")
    assert opened.page.locator("#minor").count() == 0
    assert opened.errors == []

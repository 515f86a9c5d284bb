"""The page: self-contained, inert whatever the story holds, and linear in the size of the text."""

from __future__ import annotations

import base64
import hashlib
import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from report_stories import XSS, XSS_LINK, harbour_analysis, lantern_analysis

from ficlens.datamodel import (
    Character,
    Mention,
    MentionCounts,
    MentionKind,
    Metadata,
    Paragraph,
    Quote,
    QuoteKind,
    Source,
    SourceFormat,
    StoryAnalysis,
)
from ficlens.datamodel.serialize import from_jsonable, to_jsonable
from ficlens.report import build_context, render_compact, render_report, write_report
from ficlens.report.render import script_json


def _data_block(page: str) -> str:
    match = re.search(r'<script type="application/json" id="ficlens-data">(.*?)</script>', page, re.S)
    assert match
    return match.group(1)


def test_page_is_self_contained(lantern: StoryAnalysis) -> None:
    page = render_report(lantern)
    assert page.startswith("<!DOCTYPE html>")
    # Nothing that could fetch: no src/href to another file, no url(), no @import, no http.
    assert not re.search(r"\ssrc\s*=", page)
    assert not re.search(r"https?://", page.replace("http://www.w3.org/2000/svg", ""))
    assert "url(" not in page.replace("url(#arrow-", "")
    assert "@import" not in page and "@font-face" not in page
    assert [m for m in re.findall(r'href="([^"]*)"', page) if not m.startswith("#")] == []


def test_csp_forbids_network_and_allows_only_the_report_script(lantern: StoryAnalysis) -> None:
    page = render_report(lantern)
    csp = re.search(r'http-equiv="Content-Security-Policy" content="([^"]*)"', page)
    assert csp
    policy = csp.group(1)
    assert "default-src 'none'" in policy and "img-src data:" in policy
    assert "unsafe-inline" not in policy.split("script-src")[1].split(";")[0]
    scripts = re.findall(r"<script>(.*?)</script>", page, re.S)
    assert len(scripts) == 1
    digest = base64.b64encode(hashlib.sha256(scripts[0].encode()).digest()).decode()
    assert f"'sha256-{digest}'" in policy


def test_data_round_trips_to_the_context(lantern: StoryAnalysis) -> None:
    page = render_report(lantern)
    assert json.loads(_data_block(page)) == json.loads(json.dumps(to_jsonable(build_context(lantern))))


def test_script_json_escapes_what_could_end_the_block() -> None:
    raw = "</script><!-- & \u2028 \u2029 >"
    out = script_json({"k": raw})
    for bad in ("<", ">", "&", "\u2028", "\u2029"):
        assert bad not in out
    assert json.loads(out) == {"k": raw}


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))


def test_hostile_story_strings_stay_inside_the_data_block(xss: StoryAnalysis) -> None:
    page = render_report(xss)
    parser = _Tags()
    parser.feed(page)
    names = [t for t, _ in parser.tags]
    # Only the template's own elements: the story added none.
    assert names == [
        "html",
        "head",
        "meta",
        "meta",
        "meta",
        "meta",
        "meta",
        "title",
        "style",
        "body",
        "a",
        "noscript",
        "p",
        "div",
        "script",
        "script",
    ]
    assert not any(k.startswith("on") for _, attrs in parser.tags for k in attrs)
    assert page.lower().count("</script") == 2
    assert "<img" not in page and "<style>body" not in page and "\u2028" not in page
    title = re.search(r"<title>(.*?)</title>", page, re.S)
    assert title and "<" not in title.group(1) and "&lt;/script&gt;" in title.group(1)
    assert json.loads(_data_block(page))["header"]["title"] == XSS


def test_report_script_never_parses_html() -> None:
    from importlib import resources

    script = resources.files("ficlens.report").joinpath("assets", "report.js").read_text(encoding="utf-8")
    for sink in ("innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval(", "new Function"):
        assert sink not in script, sink


def test_compact_view_escapes_and_summarises(xss: StoryAnalysis, lantern: StoryAnalysis) -> None:
    bad = render_compact(xss)
    assert "<script" not in bad and "<img" not in bad and "<a " not in bad
    assert "&lt;/script&gt;" in bad
    good = lantern._repr_html_()
    assert "The Lantern Keeper" in good and "Wren Calloway" in good and "Jonah Vale" in good
    assert "<script" not in good
    assert "Minor characters" not in good  # the lantern has no minor tier


def test_compact_view_names_the_minor_tier_most_mentioned_first() -> None:
    view = render_compact(harbour_analysis())
    line = view.split("Minor characters", 1)[1].split("</div>", 1)[0]
    assert (
        line == ", kept out of the cast (3): Tobiah Marsh, Mistress Quillon, Admiral Pennywhistle-Fairweather"
    )
    assert "Tobiah Marsh" not in view.split("Minor characters", 1)[0]  # not in the cast table


def test_write_report_is_atomic_and_readable(tmp_path: Path, lantern: StoryAnalysis) -> None:
    target = tmp_path / "out" / "lantern.html"
    write_report(lantern, target)
    assert target.read_text(encoding="utf-8") == render_report(lantern)
    assert sorted(p.name for p in target.parent.iterdir()) == ["lantern.html"]
    assert target.stat().st_mode & 0o444 == 0o444


def test_write_report_leaves_no_temporary_file_on_failure(
    tmp_path: Path, lantern: StoryAnalysis, monkeypatch: pytest.MonkeyPatch
) -> None:
    import ficlens.output.files as files

    def boom(src: str, dst: str) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(files.os, "replace", boom)
    with pytest.raises(OSError):
        write_report(lantern, tmp_path / "x.html")
    assert list(tmp_path.iterdir()) == []


def test_report_renders_from_saved_json(lantern: StoryAnalysis) -> None:
    data = json.loads(json.dumps(to_jsonable(lantern)))
    assert render_report(from_jsonable(StoryAnalysis, data)) == render_report(lantern)


def _novel(paragraphs: int) -> StoryAnalysis:
    """A story of ``paragraphs`` copies of one paragraph with two mentions and a quotation each."""
    para = '"We should go," said Ada. Ben nodded and followed Ada down the long road toward the sea.'
    text = "\n\n".join([para] * paragraphs)
    step = len(para) + 2
    mentions, quotes, paras = [], [], []
    for k in range(paragraphs):
        base = k * step
        paras.append(Paragraph(base, base + len(para)))
        for name, cid in (("Ada", "a"), ("Ben", "b")):
            at = base + para.index(name)
            mentions.append(Mention(cid, at, at + 3, MentionKind.PROPER, name))
        quotes.append(Quote(f"q{k}", base, base + 16, para[:16], QuoteKind.SPOKEN, None, "a", ("b",), 0.8))
    cast = (
        Character("a", "Ada", (), paragraphs, MentionCounts(paragraphs, 0, 0), None, 0, None, 1),
        Character("b", "Ben", (), paragraphs, MentionCounts(paragraphs, 0, 0), None, 0, None, 2),
    )
    return StoryAnalysis(
        source=Source(None, SourceFormat.TEXT, ""),
        metadata=Metadata(title="Road"),
        text=text,
        paragraphs=tuple(paras),
        characters=cast,
        mentions=tuple(mentions),
        quotes=tuple(quotes),
    )


def test_page_size_grows_linearly_with_the_text() -> None:
    sizes = {n: len(render_report(_novel(n)).encode()) for n in (400, 800, 1600)}
    growth = [(sizes[2 * n] - sizes[n]) / n for n in (400, 800)]
    # Each added paragraph costs the same bytes, whatever the length already is ...
    assert abs(growth[1] - growth[0]) / growth[0] < 0.05
    # ... and not much more than the text itself (91 chars of prose, 2 mentions, 1 quotation).
    assert growth[0] < 91 + 2 + 3 * 2 * 6 + 5 * 6 + 8 + 2 * 6 + 40


def test_lantern_fixture_still_builds() -> None:
    assert "Wren Calloway" in render_report(lantern_analysis())
    assert XSS_LINK not in render_report(lantern_analysis())


def test_report_script_parses() -> None:
    """A syntax check where no browser is installed (the browser tests run it for real)."""
    import shutil
    import subprocess
    from importlib import resources

    node = shutil.which("node")
    if node is None:
        pytest.skip("needs node for a syntax check")
    script = resources.files("ficlens.report").joinpath("assets", "report.js")
    with resources.as_file(script) as path:
        done = subprocess.run([node, "--check", str(path)], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr

"""Report generation time and file size for a saved analysis (and, with ``--browser``, how it opens).

    python benchmarks/bench_report.py analysis.json [--browser] [--json]
    python benchmarks/bench_report.py --synthetic 300000 --browser

``analysis.json`` is a ``ficlens.analysis/1`` file (e.g. ``ficlens analyze`` of a LitBank novel);
``--synthetic N`` builds an invented story of about N words with two characters, a mention every ~8 words
and a quotation per paragraph, for a size check without any NLP. Times are the best of ``--repeat`` runs.
With ``--browser`` (needs /usr/bin/chromium and playwright) the page is opened from file:// in headless
Chromium: time until the page is drawn, long tasks (> 50 ms) while scrolling 40 screens, and the time to
jump to the end of the text.
"""

from __future__ import annotations

import argparse
import json
import tempfile
import time
from pathlib import Path
from typing import Any

CHROMIUM = "/usr/bin/chromium"
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def synthetic(words: int) -> Any:
    from ficlens.datamodel import (
        Chapter,
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

    para = '"We should go before the tide turns," said Ada. Ben nodded and followed her to the sea.'
    per = len(para.split())
    count = max(1, words // per)
    text = "\n\n".join([para] * count)
    step = len(para) + 2
    mentions, quotes, paras = [], [], []
    for k in range(count):
        base = k * step
        paras.append(Paragraph(base, base + len(para)))
        for name, cid in (("Ada", "a"), ("Ben", "b"), ("her", "a")):
            at = base + para.index(name)
            mentions.append(Mention(cid, at, at + len(name), MentionKind.PROPER, name))
        end = para.index(",") + 2
        quotes.append(Quote(f"q{k}", base, base + end, para[:end], QuoteKind.SPOKEN, None, "a", ("b",), 0.8))
    chapter_len = max(1, count // 40) * step
    chapters = tuple(
        Chapter(i + 1, f"Part {i + 1}", s, min(len(text), s + chapter_len))
        for i, s in enumerate(range(0, len(text), chapter_len))
    )
    cast = (
        Character("a", "Ada", (), 2 * count, MentionCounts(count, 0, count), "she/her", 0, None, 1),
        Character("b", "Ben", (), count, MentionCounts(count, 0, 0), "he/him", 0, None, 2),
    )
    return StoryAnalysis(
        source=Source(None, SourceFormat.TEXT, ""),
        metadata=Metadata(title=f"Synthetic ({words:,} words)"),
        text=text,
        chapters=chapters,
        paragraphs=tuple(paras),
        characters=cast,
        mentions=tuple(mentions),
        quotes=tuple(quotes),
    )


def best(fn: Any, repeat: int) -> tuple[float, Any]:
    times, result = [], None
    for _ in range(repeat):
        t0 = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - t0)
    return min(times), result


def browser_figures(path: Path) -> dict[str, float]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        page.add_init_script(
            "window.__long = []; new PerformanceObserver(l => l.getEntries().forEach(e => "
            "window.__long.push(e.duration))).observe({type: 'longtask', buffered: true});"
        )
        page.goto(path.as_uri())
        page.wait_for_function("window.ficlensReport && window.ficlensReport.drawnAt")
        drawn_ms = page.evaluate("window.ficlensReport.drawnAt")
        page.evaluate("document.getElementById('text').scrollIntoView()")
        page.wait_for_timeout(300)
        page.evaluate("window.__long = []")
        for _ in range(40):
            page.mouse.wheel(0, 900)
            page.wait_for_timeout(30)
        page.wait_for_timeout(300)
        long_tasks = page.evaluate("window.__long")
        jump_ms = page.evaluate(
            "() => { const t = performance.now(); "
            "window.ficlensReport.jumpTo(JSON.parse(document.getElementById('ficlens-data').textContent)"
            ".text.text.length - 10); return performance.now() - t; }"
        )
        browser.close()
    return {
        "drawn_ms": round(drawn_ms, 1),
        "scroll_long_tasks": len(long_tasks),
        "scroll_longest_task_ms": round(max(long_tasks, default=0.0), 1),
        "jump_to_end_ms": round(jump_ms, 1),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("analysis", type=Path, nargs="?", help="a saved ficlens.analysis/1 JSON file")
    parser.add_argument(
        "--synthetic", type=int, metavar="WORDS", help="an invented story of about WORDS words"
    )
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--browser", action="store_true", help="also open the page in headless Chromium")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    args = parser.parse_args()
    if (args.analysis is None) == (args.synthetic is None):
        parser.error("give an analysis JSON file or --synthetic WORDS")

    from ficlens.datamodel import StoryAnalysis
    from ficlens.datamodel.serialize import from_jsonable
    from ficlens.report import build_context, render_context

    figures: dict[str, Any] = {}
    if args.analysis:
        load_s, analysis = best(
            lambda: from_jsonable(StoryAnalysis, json.loads(args.analysis.read_text(encoding="utf-8"))), 1
        )
        figures["input"] = str(args.analysis)
        figures["load_json_s"] = round(load_s, 3)
    else:
        analysis = synthetic(args.synthetic)
        figures["input"] = f"synthetic:{args.synthetic}"
    context_s, context = best(lambda: build_context(analysis), args.repeat)
    render_s, page = best(lambda: render_context(context), args.repeat)
    size = len(page.encode("utf-8"))
    figures.update(
        words=len(analysis.text.split()),
        characters=len(analysis.characters),
        mentions=len(analysis.mentions),
        quotes=len(analysis.quotes),
        context_s=round(context_s, 3),
        render_s=round(render_s, 3),
        total_s=round(context_s + render_s, 3),
        bytes=size,
        bytes_per_text_char=round(size / max(1, len(analysis.text)), 2),
    )
    if args.browser:
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / "report.html"
            path.write_text(page, encoding="utf-8")
            figures.update(browser_figures(path))
    if args.json:
        print(json.dumps(figures))
        return
    print(
        f"{figures['input']}: {figures['words']:,} words, {figures['characters']} characters, "
        f"{figures['mentions']:,} mentions, {figures['quotes']:,} quotations"
    )
    print(
        f"  context {figures['context_s']:.3f}s + render {figures['render_s']:.3f}s"
        f" = {figures['total_s']:.3f}s"
    )
    print(f"  page {size / 1e6:.2f} MB ({figures['bytes_per_text_char']} bytes per character of text)")
    if args.browser:
        print(
            f"  Chromium: drawn after {figures['drawn_ms']} ms; scrolling 40 screens: "
            f"{figures['scroll_long_tasks']} long tasks, longest {figures['scroll_longest_task_ms']} ms; "
            f"jump to the end {figures['jump_to_end_ms']} ms"
        )


if __name__ == "__main__":
    main()

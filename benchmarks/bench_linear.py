"""Time per word from 2K to 1M words, for ordinary prose and for the shapes that used to be quadratic.

    nice -n 10 python benchmarks/bench_linear.py [--sizes 2000 20000 200000 1000000] [--shapes prose ...]

Three shapes of the same synthetic story (sentences written for this benchmark, invented names):

- ``prose``: paragraphs separated by blank lines (a plain-text file);
- ``single-line``: the same text with every line break replaced by a space (one 2 MB line at ~350K words);
- ``br-only``: an AO3 HTML page whose chapter is one ``<p>`` with its lines separated by ``<br/>``, so the
  reader sees one paragraph.

Each input is written to a temporary folder (never committed), analysed end to end with ``ficlens.analyze``
after a warm-up, and reported as seconds per 1,000 words, in total and per stage (timed through the progress
hook; ``quotes`` is speaker attribution and quote pronouns). Flat columns mean linear time.
"""

from __future__ import annotations

import argparse
import html
import json
import random
import tempfile
import time
from pathlib import Path

CAST = ("Wren", "Tobin", "Ysolde", "Kestrel", "Marisol", "Oduya")
NARRATION = (
    "{a} set the lantern on the sill and watched the rain come in over the marsh.",
    "The kettle had gone cold an hour ago, and nobody had thought to fill it again.",
    "{a} counted the coins twice, then a third time, as if they might multiply.",
    "Somewhere below, a door banged in the wind and {b} flinched at the sound.",
    "{a} did not answer at once; the map on the table held {a_obj} attention.",
    "They walked the length of the jetty without a word between them.",
    "{b} pulled the blanket tighter and stared at the embers.",
    "The ferry bell rang across the water, thin and far away.",
)
SPEECH = (
    '"We cannot stay here another night," {a} said.',
    '"{b}, listen to me," {a} whispered. "The tide turns at dawn."',
    '"And if the bridge is down?" {b} asked.',
    '"Then we swim," {a} replied, not smiling.',
    '"You always say that," {b} muttered, "and we never do."',
    '"Hand me the rope." {a} held out a hand.',
    '"Is it far?"',
    '"Far enough," {b} told {a_obj2}.',
    '"I kept your letter," {a} admitted after a while.',
)


def _sentence(rng: random.Random, pool: tuple[str, ...]) -> str:
    a, b = rng.sample(CAST, 2)
    return rng.choice(pool).format(a=a, b=b, a_obj="her", a_obj2=a)


def story_lines(words: int, seed: int = 7) -> list[str]:
    """Paragraphs (one per line) of about ``words`` words: narration and dialogue exchanges."""
    rng = random.Random(seed)
    lines: list[str] = []
    count = 0
    while count < words:
        if rng.random() < 0.55:
            line = " ".join(_sentence(rng, SPEECH) for _ in range(rng.randint(1, 2)))
        else:
            line = " ".join(_sentence(rng, NARRATION) for _ in range(rng.randint(2, 4)))
        lines.append(line)
        count += len(line.split())
    return lines


def write_input(shape: str, words: int, folder: Path) -> Path:
    lines = story_lines(words)
    if shape == "prose":
        path = folder / f"prose-{words}.txt"
        path.write_text("\n\n".join(lines) + "\n", encoding="utf-8")
    elif shape == "single-line":
        path = folder / f"single-line-{words}.txt"
        path.write_text(" ".join(lines), encoding="utf-8")
    elif shape == "br-only":
        path = folder / f"br-only-{words}.html"
        body = "<br/>\n".join(html.escape(line, quote=False) for line in lines)
        path.write_text(_AO3_PAGE.format(body=body, words=words), encoding="utf-8")
    else:
        raise ValueError(shape)
    return path


_AO3_PAGE = """<!DOCTYPE html>
<html><head><meta charset="utf-8"/><title>Tidewater - synthetic - Original Work</title></head>
<body>
<div id="preface"><div class="meta"><dl class="tags">
<dt>Fandoms:</dt><dd><a href="#">Original Work</a></dd>
<dt>Stats:</dt><dd>Words: {words} Chapters: 1/1</dd>
</dl><h1>Tidewater</h1><div class="byline">by <a rel="author" href="#">synthetic</a></div></div></div>
<div id="chapters" class="userstuff"><div class="userstuff">
<p>{body}</p>
</div></div>
</body></html>
"""


# the progress hook's stages; "quotes" is speaker attribution and quote pronouns (quotations are found with
# the characters), "reading" the file reader, "feelings" also holds building the analysis
STAGES = ("reading", "parsing", "characters", "coreference", "quotes", "feelings")


def run_one(path: Path) -> dict[str, float]:
    from ficlens import analyze

    marks: list[tuple[str, float]] = []

    def progress(stage: str, done: int, total: int) -> None:
        marks.append((stage, time.perf_counter()))

    t0 = time.perf_counter()
    marks.append(("reading", t0))
    analysis = analyze(path, progress=progress)
    total = time.perf_counter() - t0
    firsts: dict[str, float] = {}
    for stage, t in marks:
        firsts.setdefault(stage, t)
    order = sorted(firsts.items(), key=lambda kv: kv[1])
    spans = {s: (order[i + 1][1] if i + 1 < len(order) else t0 + total) - t for i, (s, t) in enumerate(order)}
    words = len(analysis.text.split())
    row: dict[str, float] = {
        "words": words,
        "quotations": len(analysis.quotes),
        "seconds": round(total, 2),
        "s_per_1k_words": round(1000 * total / words, 4),
    }
    for stage in STAGES:
        row[stage] = round(1000 * spans.get(stage, 0.0) / words, 4)
    return row


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[2_000, 20_000, 200_000, 1_000_000])
    parser.add_argument("--shapes", nargs="+", default=["prose", "single-line", "br-only"])
    parser.add_argument("--json", action="store_true", help="one JSON object per run instead of a table")
    args = parser.parse_args()

    from ficlens import analyze_text

    analyze_text('"Go," Wren said to Tobin. She ran.')  # warm-up: models load once
    with tempfile.TemporaryDirectory(prefix="ficlens-bench-linear-") as tmp:
        columns = ("words", "quotations", "seconds", "s_per_1k_words", *STAGES)
        if not args.json:
            print(f"{'shape':<12}" + "".join(f" {c[:11]:>11}" for c in columns))
        for size in args.sizes:
            for shape in args.shapes:
                path = write_input(shape, size, Path(tmp))
                row = run_one(path)
                path.unlink()
                if args.json:
                    print(json.dumps({"shape": shape, **row}), flush=True)
                else:
                    print(f"{shape:<12}" + "".join(f" {row[c]:>11}" for c in columns), flush=True)


if __name__ == "__main__":
    main()

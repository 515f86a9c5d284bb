"""A small generated corpus: short invented stories in invented fandoms, as AO3 downloads and plain text.

Every sentence here is written for ficlens's tests; the fandoms and their casts are made up.
"""

from __future__ import annotations

import html
import random
from pathlib import Path

FANDOMS = {
    "Saltmarsh Lanterns (Audio Drama)": [
        ("Odile Marchetti", "she"),
        ("Hanne Voss", "she"),
        ("Benedikt Saar", "he"),
    ],
    "The Copper Orchard": [("Tamsin Reel", "she"), ("Jory Caddick", "he"), ("Wren Aldous", "she")],
    "Starfall Academy": [("Kestrel Anand", "he"), ("Mirela Dusk", "she"), ("Pim Okafor", "he")],
}

_LINES = [
    '"Did you bring the {thing}?" {a} asked {b}.',
    '{b} shook {bpos} head. "I left it by the {place}," {bsub} said.',
    "{a} laughed and hugged {b}, and for a moment neither of them was afraid.",
    '"You always do this," {a} said angrily. "You never listen to me."',
    "{b} looked at the {place} and felt sad, then relieved when {a} came back.",
    '"I love you," {b} whispered. {a} smiled.',
    "{c} watched them from the {place}, worried and silent.",
    '"We should go," {c} told {a}. "The {thing} will not wait for us."',
]
_THINGS = ["lantern", "map", "key", "letter", "compass"]
_PLACES = ["harbour", "orchard gate", "library", "stairwell", "kitchen"]


def _possessive(pronoun: str) -> str:
    return {"she": "her", "he": "his"}.get(pronoun, "their")


def story_text(rng: random.Random, cast: list[tuple[str, str]], sentences: int) -> str:
    first, second, third = rng.sample(cast, 3)
    short = {name: name.split()[0] for name, _ in cast}
    paragraphs = []
    for _ in range(sentences):
        line = rng.choice(_LINES)
        paragraphs.append(
            line.format(
                a=rng.choice([first[0], short[first[0]]]),
                b=rng.choice([second[0], short[second[0]]]),
                c=third[0],
                bpos=_possessive(second[1]),
                bsub=second[1],
                thing=rng.choice(_THINGS),
                place=rng.choice(_PLACES),
            )
        )
    return "\n\n".join(paragraphs) + "\n"


def ao3_html(title: str, fandom: str, cast: list[tuple[str, str]], text: str, *, ship: bool) -> str:
    chars = ", ".join(
        f'<a href="#">{html.escape(name)} ({html.escape(fandom.split(" (")[0])})</a>' for name, _ in cast
    )
    rels = f'<a href="#">{html.escape(cast[0][0])}/{html.escape(cast[1][0])}</a>' if ship else ""
    body = "\n".join(f"<p>{html.escape(p)}</p>" for p in text.split("\n\n") if p.strip())
    return f"""<?xml version='1.0' encoding='utf-8'?>
<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Strict//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-strict.dtd">
<html xmlns="http://www.w3.org/1999/xhtml">
<head><meta http-equiv="Content-Type" content="text/html; charset=UTF-8"/>
<title>{html.escape(title)}</title></head>
<body>
<div id="preface">
<p class="message"><b>{html.escape(title)}</b><br/>Posted originally on the Archive of Our Own.</p>
<div class="meta">
<dl class="tags">
<dt>Rating:</dt><dd><a href="#">General Audiences</a></dd>
<dt>Archive Warnings:</dt><dd><a href="#">No Archive Warnings Apply</a></dd>
<dt>Fandoms:</dt><dd><a href="#">{html.escape(fandom)}</a></dd>
<dt>Relationships:</dt><dd>{rels}</dd>
<dt>Characters:</dt><dd>{chars}</dd>
<dt>Additional Tags:</dt><dd><a href="#">Fluff</a>, <a href="#">Found Family</a></dd>
<dt>Language:</dt><dd>English</dd>
<dt>Stats:</dt><dd>Published: 2025-03-01 Words: {len(text.split())} Chapters: 1/1</dd>
</dl>
<h1>{html.escape(title)}</h1>
<div class="byline">by <a rel="author" href="#">test_author</a></div>
</div>
</div>
<div id="chapters" class="userstuff"><div class="userstuff">
{body}
</div></div>
</body>
</html>
"""


def write_corpus(folder: Path, *, works: int = 12, sentences: int = 6, seed: int = 7) -> list[Path]:
    """``works`` stories spread over the fandoms (every fourth a plain text), plus one broken file."""
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    fandoms = list(FANDOMS.items())
    for index in range(works):
        fandom, cast = fandoms[index % len(fandoms)]
        text = story_text(rng, cast, sentences)
        if index % 4 == 3:
            path = folder / f"work{index:02d}.txt"
            path.write_text(text, encoding="utf-8")
        else:
            path = folder / f"work{index:02d}.html"
            path.write_text(
                ao3_html(f"Work {index}", fandom, cast, text, ship=index % 2 == 0), encoding="utf-8"
            )
        written.append(path)
    broken = folder / "broken.html"
    broken.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR not a story")
    written.append(broken)
    return written

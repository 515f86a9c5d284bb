"""Fuzz every reader for a fixed time: mutated stories must give a ``Story`` or an ``InputError``, in time.

    python benchmarks/fuzz_readers.py --seconds 60                 # every reader, 60 s each
    python benchmarks/fuzz_readers.py --reader epub --seconds 300 --crashes /tmp/crashes

Seeds are the test fixtures and the bundled example (one per reader: plain text, Markdown, AO3 HTML
download, AO3 work page, fanfiction.net page, AO3 EPUB built in memory). Each round applies a few random
mutations (byte flips, cut, duplicated or deleted slices, inserted markup, control characters, stray bytes,
deep nesting; EPUB members mutated inside the archive) and reads the result with ``story_from_bytes``.
Anything but a Story or an ``InputError`` is a crash; so is a read slower than ``--slow`` seconds. Each is
written to ``--crashes`` (to keep as a regression test) and counted; the exit code is 1 if any was found.
"""

from __future__ import annotations

import argparse
import io
import json
import random
import sys
import time
import traceback
import zipfile
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "fixtures" / "ingest"
EXAMPLES = ROOT / "src" / "ficlens" / "examples"

SNIPPETS = [
    b"<div>",
    b"</div>",
    b"<p>",
    b"<br/>",
    b"<hr>",
    b"<i>",
    b"<script>x()</script>",
    b"<style>p{}</style>",
    b"<!--",
    b"-->",
    b"&amp;",
    b"&#0;",
    b"&#xD800;",
    b"\x00",
    b"\x1b[2J",
    b"\xe9",
    b"\xff\xfe",
    b"\xef\xbb\xbf",
    b"\r\n",
    b"\n\n* * *\n\n",
    b"Chapter 7\n\n",
    b"A/N: ",
    "“Wait,” said Ines.".encode(),
    b"[/x]",
    b"<h2>Chapter 2: Rain</h2>",
    b'<div class="userstuff">',
    b'<div id="chapters">',
]


def _epub_seed() -> bytes:
    sys.path.insert(0, str(ROOT / "tests" / "ingest"))
    from conftest import build_epub  # the test suite's invented EPUB

    data: bytes = build_epub()
    return data


def seeds() -> dict[str, Callable[[], tuple[bytes, str]]]:
    return {
        "text": lambda: ((EXAMPLES / "camp-reyes.txt").read_bytes(), ".txt"),
        "markdown": lambda: ((FIXTURES / "story.md").read_bytes(), ".md"),
        "ao3_html": lambda: ((FIXTURES / "ao3_multi.html").read_bytes(), ".html"),
        "ao3_page": lambda: ((FIXTURES / "ao3_page.html").read_bytes(), ".html"),
        "ffn_html": lambda: ((FIXTURES / "ffn_page.html").read_bytes(), ".html"),
        "epub": lambda: (_epub_seed(), ".epub"),
    }


def mutate(data: bytes, rng: random.Random) -> bytes:
    buf = bytearray(data)
    for _ in range(rng.randint(1, 6)):
        op = rng.randrange(8)
        pos = rng.randrange(len(buf) + 1)
        if op == 0 and buf:  # flip a byte
            buf[min(pos, len(buf) - 1)] = rng.randrange(256)
        elif op == 1:  # insert a snippet
            buf[pos:pos] = rng.choice(SNIPPETS) * rng.choice([1, 1, 1, 3, 50])
        elif op == 2:  # delete a slice
            del buf[pos : pos + rng.randint(1, 400)]
        elif op == 3:  # duplicate a slice
            buf[pos:pos] = buf[pos : pos + rng.randint(1, 2000)] * rng.randint(1, 4)
        elif op == 4:  # cut the file
            del buf[pos:]
        elif op == 5:  # deep nesting
            buf[pos:pos] = rng.choice([b"<div>", b"<b>", b"<blockquote>", b"<span>"]) * rng.randint(50, 2000)
        elif op == 6:  # a run of one character
            buf[pos:pos] = bytes([rng.choice(b" \n<>\"'*-")]) * rng.randint(1, 5000)
        else:  # swap two slices
            a, b = sorted(rng.randrange(len(buf) + 1) for _ in range(2))
            buf[a:b] = buf[a:b][::-1]
    return bytes(buf)


def mutate_epub(data: bytes, rng: random.Random) -> bytes:
    """Mutate the archive itself now and then, else one of its members (re-zipped)."""
    if rng.random() < 0.2:
        return mutate(data, rng)
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        names = source.namelist()
        victim = rng.choice(names)
        for name in names:
            body = source.read(name)
            if name == victim:
                body = mutate(body, rng)
            target.writestr(name, body, compress_type=zipfile.ZIP_DEFLATED)
    return out.getvalue()


def fuzz(reader: str, seconds: float, *, seed: int, slow: float, crashes: Path | None) -> dict[str, object]:
    from ficlens.errors import InputError
    from ficlens.ingest import story_from_bytes

    rng = random.Random(seed)
    original, suffix = seeds()[reader]()
    deadline = time.monotonic() + seconds
    rounds = refused = 0
    found: list[str] = []
    while time.monotonic() < deadline:
        data = mutate_epub(original, rng) if reader == "epub" else mutate(original, rng)
        rounds += 1
        started = time.perf_counter()
        problem = None
        try:
            story = story_from_bytes(data, path=f"fuzz{suffix}", suffix=suffix)
            story.text.encode("utf-8")
            n = len(story.text)
            for part in (
                *story.paragraphs,
                *story.chapters,
                *story.scene_breaks,
                *story.notes,
                *story.styled,
            ):
                if not 0 <= part.start <= part.end <= n:
                    problem = f"offsets out of range: {part!r}"
                    break
        except InputError:
            refused += 1
        except Exception:
            problem = traceback.format_exc(limit=3).strip().splitlines()[-1]
        took = time.perf_counter() - started
        if problem is None and took > slow:
            problem = f"slow: {took:.1f} s for {len(data):,} bytes"
        if problem is not None:
            found.append(problem)
            if crashes is not None:
                crashes.mkdir(parents=True, exist_ok=True)
                (crashes / f"{reader}-{seed}-{rounds}{suffix}").write_bytes(data)
    return {
        "reader": reader,
        "rounds": rounds,
        "refused": refused,
        "crashes": len(found),
        "examples": found[:5],
    }


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--reader", choices=[*seeds(), "all"], default="all")
    parser.add_argument("--seconds", type=float, default=30.0, help="per reader")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--slow", type=float, default=10.0, help="seconds a read may take")
    parser.add_argument("--crashes", type=Path, help="write crashing inputs here")
    args = parser.parse_args()
    readers = list(seeds()) if args.reader == "all" else [args.reader]
    failed = False
    for reader in readers:
        result = fuzz(reader, args.seconds, seed=args.seed, slow=args.slow, crashes=args.crashes)
        print(json.dumps(result, ensure_ascii=False))
        failed = failed or bool(result["crashes"])
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()

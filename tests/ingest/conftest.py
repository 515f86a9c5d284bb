# ruff: noqa: E501  (HTML fixture text is easier to read unwrapped)
"""Fixture builders for the ingest tests: EPUBs (good and hostile) are generated here, never committed."""

from __future__ import annotations

import io
import sys
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest

# ingest_helpers.py beside this file is imported by name; --import-mode=importlib leaves this folder off sys.path.
_HERE = str(Path(__file__).parent)
if _HERE not in sys.path:
    sys.path.insert(0, _HERE)

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "ingest"
EXAMPLES = Path(__file__).resolve().parents[2] / "src" / "ficlens" / "examples"

_CONTAINER = """<?xml version="1.0"?>
<container version="1.0" xmlns="urn:oasis:names:tc:opendocument:xmlns:container">
  <rootfiles><rootfile full-path="OEBPS/content.opf" media-type="application/oebps-package+xml"/></rootfiles>
</container>"""

_XHTML = """<?xml version='1.0' encoding='utf-8'?>
<html xmlns="http://www.w3.org/1999/xhtml"><head><title>The Quiet Mill</title>
<link href="stylesheet.css" rel="stylesheet" type="text/css"/></head>
<body class="calibre">{body}</body></html>"""

# Calibre renames AO3's classes; the labels ("Summary", "Chapter 1: ...") survive.
PREFACE = """<div class="calibre1" id="preface">
<h2 class="calibre2" id="calibre_toc_1">Preface</h2>
<p class="calibre3"><b class="calibre4">The Quiet Mill</b><br class="calibre5"/>Posted originally on the Archive of Our Own at <a href="https://archiveofourown.org/works/42424242" class="calibre6">https://archiveofourown.org/works/42424242</a>.</p>
<div class="calibre7"><dl class="calibre8">
<dt class="calibre9">Rating:</dt><dd class="calibre10"><a class="calibre6" href="#">Teen And Up Audiences</a></dd>
<dt class="calibre9">Archive Warning:</dt><dd class="calibre10"><a class="calibre6" href="#">No Archive Warnings Apply</a></dd>
<dt class="calibre9">Category:</dt><dd class="calibre10"><a class="calibre6" href="#">F/M</a></dd>
<dt class="calibre9">Fandom:</dt><dd class="calibre10"><a class="calibre6" href="#">Millstream (Podcast)</a></dd>
<dt class="calibre9">Relationships:</dt><dd class="calibre10"><a class="calibre6" href="#">Agnes Thorn/Matthias Bell</a>, <a class="calibre6" href="#">Agnes Thorn &amp; Rook</a></dd>
<dt class="calibre9">Characters:</dt><dd class="calibre10"><a class="calibre6" href="#">Agnes Thorn</a>, <a class="calibre6" href="#">Matthias Bell</a>, <a class="calibre6" href="#">Rook (Millstream)</a></dd>
<dt class="calibre9">Additional Tags:</dt><dd class="calibre10"><a class="calibre6" href="#">Millers</a>, <a class="calibre6" href="#">Slow Burn</a></dd>
<dt class="calibre9">Language:</dt><dd class="calibre10">English</dd>
<dt class="calibre9">Stats:</dt><dd class="calibre10">Published: 2023-03-03 Completed: 2023-04-04 Words: 1,050 Chapters: 2/2</dd>
</dl>
<h1 class="calibre11">The Quiet Mill</h1>
<div class="calibre12">by <a class="calibre6" rel="author" href="#">wheelwright</a></div>
<p class="calibre3">Summary</p>
<blockquote class="calibre13"><p class="calibre3">The wheel stops. Agnes does not.</p></blockquote>
<p class="calibre3">Notes</p>
<blockquote class="calibre13"><p class="calibre3">Written in one sitting.</p></blockquote>
</div></div>"""

CHAPTER_1 = """<div class="calibre1"><div class="calibre14">
<h2 class="calibre2" id="calibre_toc_2">Chapter 1: The Wheel</h2>
<p class="calibre3">Chapter Notes</p>
<blockquote class="calibre13"><p class="calibre3">Mind the water.</p></blockquote>
</div>
<div class="calibre15">
<p class="calibre3">Agnes Thorn heard the wheel stop before she saw it.</p>
<p class="calibre3">"It's the sluice," Matthias said. <i class="calibre16">It's always the sluice.</i></p>
<hr class="calibre17"/>
<p class="calibre3">Rook fetched the lantern without being asked.</p>
</div></div>"""

CHAPTER_2 = """<div class="calibre1"><div class="calibre14">
<h2 class="calibre2" id="calibre_toc_3">Chapter 2: Flour</h2>
</div>
<div class="calibre15">
<p class="calibre3">By morning the flour lay on everything like snow.</p>
</div>
<div class="calibre7"><p class="calibre3">Chapter End Notes</p>
<blockquote class="calibre13"><p class="calibre3">One more to come, maybe.</p></blockquote></div></div>"""

AFTERWORD = """<div class="calibre1"><h2 class="calibre2" id="calibre_toc_4">Afterword</h2>
<div class="calibre7"><div class="calibre1"><p class="calibre3">End Notes</p>
<blockquote class="calibre13"><p class="calibre3">Thanks for reading.</p></blockquote></div></div>
<p class="calibre3">Please drop by the Archive and comment to let the creator know if you enjoyed their work!</p></div>"""

_SUBJECTS = [
    "Teen And Up Audiences",
    "Millstream (Podcast)",
    "Agnes Thorn/Matthias Bell",
    "Agnes Thorn & Rook",
    "Agnes Thorn",
    "Matthias Bell",
    "Rook (Millstream)",
    "Millers",
    "Slow Burn",
    "F/M",
    "No Archive Warnings Apply",
]


def _opf(files: list[str]) -> str:
    subjects = "\n".join(f"<dc:subject>{s.replace('&', '&amp;')}</dc:subject>" for s in _SUBJECTS)
    items = "\n".join(
        f'<item href="{name}" id="id{i}" media-type="application/xhtml+xml"/>' for i, name in enumerate(files)
    )
    refs = "\n".join(f'<itemref idref="id{i}"/>' for i in range(len(files)))
    return f"""<?xml version='1.0' encoding='utf-8'?>
<package xmlns="http://www.idpf.org/2007/opf" version="2.0" unique-identifier="uuid_id">
<metadata xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:opf="http://www.idpf.org/2007/opf">
<dc:title>The Quiet Mill</dc:title>
<dc:creator opf:role="aut">wheelwright</dc:creator>
<dc:publisher>Archive of Our Own</dc:publisher>
<dc:description>&lt;p&gt;The wheel stops. Agnes does not.&lt;/p&gt;</dc:description>
<dc:date>2023-03-03T00:00:00+00:00</dc:date>
<dc:language>en</dc:language>
<dc:identifier opf:scheme="URI">https://archiveofourown.org/works/42424242</dc:identifier>
{subjects}
</metadata>
<manifest>
<item href="toc.ncx" id="ncx" media-type="application/x-dtbncx+xml"/>
{items}
</manifest>
<spine toc="ncx">
{refs}
</spine>
</package>"""


def build_epub(
    *,
    with_preface: bool = True,
    extra: dict[str, bytes] | None = None,
    compression: int = zipfile.ZIP_DEFLATED,
) -> bytes:
    """A small AO3-style EPUB from invented content."""
    bodies = [
        PREFACE if with_preface else "<p class='calibre3'>The Quiet Mill</p>",
        CHAPTER_1,
        CHAPTER_2,
        AFTERWORD,
    ]
    files = [f"The_Quiet_Mill_split_{i:03d}.xhtml" for i in range(len(bodies))]
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr(zipfile.ZipInfo("mimetype"), "application/epub+zip", compress_type=zipfile.ZIP_STORED)
        zf.writestr("META-INF/container.xml", _CONTAINER, compress_type=compression)
        zf.writestr("OEBPS/content.opf", _opf(files), compress_type=compression)
        zf.writestr("OEBPS/toc.ncx", "<ncx/>", compress_type=compression)
        for name, body in zip(files, bodies, strict=True):
            zf.writestr(f"OEBPS/{name}", _XHTML.format(body=body), compress_type=compression)
        for name, data in (extra or {}).items():
            zf.writestr(name, data, compress_type=compression)
    return buf.getvalue()


@pytest.fixture
def write(tmp_path: Path) -> Callable[[str, bytes], Path]:
    def _write(name: str, data: bytes) -> Path:
        path = tmp_path / name
        path.write_bytes(data)
        return path

    return _write


@pytest.fixture
def make_epub() -> Callable[..., bytes]:
    return build_epub


@pytest.fixture
def fixture_path() -> Callable[[str], Path]:
    return lambda name: FIXTURES / name


@pytest.fixture
def example_path() -> Callable[[str], Path]:
    return lambda name: EXAMPLES / name


@pytest.fixture
def check_offsets() -> Callable[[object], None]:
    from ingest_helpers import assert_offsets

    return assert_offsets

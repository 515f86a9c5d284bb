"""Issue 14: the readers' limits and repairs — each test failed on the code before the fix."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from ficlens.errors import InputError
from ficlens.ingest import read_story, story_from_bytes, story_from_text

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "ingest"


def test_utf8_with_one_stray_latin1_byte_is_read_with_a_replacement_and_a_warning() -> None:
    data = "“Hello,” said Mara. “The café is shut.”\n".encode().replace(b"caf\xc3\xa9", b"caf\xe9")
    story = story_from_bytes(data, path="stray.txt", suffix=".txt")
    assert story.text == "“Hello,” said Mara. “The caf\ufffd is shut.”\n"
    assert story.warnings == ("1 byte(s) not valid UTF-8 replaced by U+FFFD (the first at byte 34)",)


def test_script_and_style_never_reach_the_metadata() -> None:
    page = (FIXTURES / "ao3_single.html").read_text(encoding="utf-8")
    page = page.replace(
        "<h1>Salt on the Lamp Glass</h1>",
        "<h1>Salt on the <script>steal()</script>Lamp Glass<style>h1{color:red}</style></h1>",
    )
    page = page.replace('rel="author"', 'rel="author"><script>var a=1</script><span') + ""
    story = story_from_bytes(page.encode(), path="x.html", suffix=".html")
    m = story.metadata
    assert m.title == "Salt on the Lamp Glass"
    everything = " ".join([m.title or "", *m.authors, *m.tags, *m.characters, *m.fandoms])
    assert "steal" not in everything and "color" not in everything and "var a" not in everything


def test_deeply_nested_unclosed_divs_are_refused_quickly() -> None:
    html = (
        '<html><body><div id="preface"><p class="message">Posted originally on the Archive of Our Own</p>'
        '</div><div id="chapters">' + "<div>x" * 160_000 + "</body></html>"
    )
    assert len(html) > 800_000
    started = time.perf_counter()
    with pytest.raises(InputError, match="nested too deeply"):
        story_from_bytes(html.encode(), path="deep.html", suffix=".html")
    assert time.perf_counter() - started < 5


def test_sloppy_but_shallow_html_is_not_mistaken_for_deep_nesting() -> None:
    from ficlens.ingest.limits import html_depth

    paragraphs = "".join(f"<p>line {i}<br><li>item<img src=x>" for i in range(5000))
    assert html_depth(f"<html><body><div>{paragraphs}</div><!-- <div><div> --></body></html>") == 1


def test_text_over_the_character_limit_is_one_line() -> None:
    data = b"Mara ran. " * 200
    with pytest.raises(InputError, match=r"^long\.txt: text too long: 2,000 characters \(limit 1,000"):
        story_from_bytes(data, path="long.txt", suffix=".txt", max_chars=1000)
    with pytest.raises(InputError, match="text too long"):
        story_from_text(data.decode(), max_chars=1000)
    page = (FIXTURES / "ao3_single.html").read_bytes()
    story = story_from_bytes(page, path="ok.html", suffix=".html")
    with pytest.raises(InputError, match="text too long"):
        story_from_bytes(page, path="ok.html", suffix=".html", max_chars=len(story.text) - 1)


def test_html_over_the_size_limit_is_one_line(monkeypatch: pytest.MonkeyPatch) -> None:
    import ficlens.ingest.limits as limits

    monkeypatch.setattr(limits, "MAX_HTML_CHARS", 1000)
    page = (FIXTURES / "ao3_single.html").read_bytes()
    with pytest.raises(InputError, match="HTML too large"):
        story_from_bytes(page, path="big.html", suffix=".html")


def test_an_epub_of_many_small_members_that_expands_too_far_is_refused(make_epub, write) -> None:
    extra = {f"OEBPS/pad{i}.xhtml": b"<p>" + b"a" * 900_000 + b"</p>" for i in range(40)}
    with pytest.raises(InputError, match="zip bomb"):
        read_story(write("bomb.epub", make_epub(extra=extra)))


def test_lone_surrogates_are_repaired_with_a_warning() -> None:
    story = story_from_text("Mara ran \ud800 home.\n\nTobin \ud83d\ude00 waved.")
    assert story.text == "Mara ran \ufffd home.\n\nTobin \U0001f600 waved."
    assert story.warnings == ("1 lone surrogate code point(s) replaced by U+FFFD",)
    story.text.encode("utf-8")


def test_a_corrupt_deflate_stream_in_an_epub_is_one_line(make_epub) -> None:
    """Found by benchmarks/fuzz_readers.py: zlib.error escaped the EPUB reader."""
    import io
    import zipfile

    data = bytearray(make_epub())
    info = zipfile.ZipFile(io.BytesIO(bytes(data))).getinfo("OEBPS/The_Quiet_Mill_split_001.xhtml")
    data[info.header_offset + 30 + len(info.filename) + len(info.extra) + 30] ^= 0xFF
    with pytest.raises(InputError, match=r"^x\.epub: malformed EPUB: cannot read"):
        story_from_bytes(bytes(data), path="x.epub", suffix=".epub")


def test_an_epub_asking_for_an_unknown_zip_version_is_one_line(make_epub) -> None:
    """Found by benchmarks/fuzz_readers.py: NotImplementedError escaped the EPUB reader."""
    data = bytearray(make_epub())
    central = data.index(b"PK\x01\x02")
    data[central + 6 : central + 8] = (236).to_bytes(2, "little")  # "needs zip 23.6"
    with pytest.raises(InputError, match=r"^x\.epub: malformed EPUB: unreadable zip archive"):
        story_from_bytes(bytes(data), path="x.epub", suffix=".epub")

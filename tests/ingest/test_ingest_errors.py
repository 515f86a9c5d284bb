from __future__ import annotations

from pathlib import Path

import pytest

from ficlens.errors import InputError
from ficlens.ingest import read_story, story_from_text


def _reason(path: Path | str) -> str:
    with pytest.raises(InputError) as info:
        read_story(path)
    err = info.value
    assert err.path == str(path)
    assert "\n" not in str(err) and str(path) in str(err)
    return err.reason


def test_missing_file(tmp_path: Path) -> None:
    assert _reason(tmp_path / "nope.txt") == "no such file"


def test_directory(tmp_path: Path) -> None:
    assert "directory" in _reason(tmp_path)


@pytest.mark.parametrize("data", [b"", b"   \n\t\r\n  "])
def test_empty_file(write, data: bytes) -> None:
    assert "empty" in _reason(write("empty.txt", data))


def test_whitespace_only_utf16_file(write) -> None:
    assert "empty" in _reason(write("blank16.txt", b"\xff\xfe" + "  \n ".encode("utf-16-le")))


def test_binary_file(write) -> None:
    assert "binary" in _reason(write("story.txt", bytes(range(256)) * 8))


@pytest.mark.parametrize(
    ("name", "data", "what"),
    [
        ("story.pdf", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "PDF"),
        ("cover.png", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "PNG"),
        ("story.rtf", b"{\\rtf1\\ansi Hello}", "RTF"),
    ],
)
def test_unsupported_formats(write, name: str, data: bytes, what: str) -> None:
    reason = _reason(write(name, data))
    assert reason.startswith("unsupported format") and what in reason


def test_unknown_html_page_is_unsupported(fixture_path) -> None:
    reason = _reason(fixture_path("generic_page.html"))
    assert reason.startswith("unsupported format") and "HTML" in reason


def test_malformed_ao3_html(fixture_path) -> None:
    reason = _reason(fixture_path("malformed_ao3.html"))
    assert reason.startswith("malformed") and "no chapter text" in reason


def test_ffn_page_without_story_text(write) -> None:
    page = b"<html><body><div id=profile_top><b class=xcontrast_txt>T</b></div> fanfiction.net storytext"
    assert "storytext" in _reason(write("ffn.html", page))


def test_unreadable_file(write, monkeypatch) -> None:
    # CI runs as root, where chmod 0 still reads: the refusal is made by the OS call, so fake that call
    path = write("locked.txt", b"A story.")
    real_read_bytes = Path.read_bytes

    def read_bytes(self: Path) -> bytes:
        if self.name == "locked.txt":
            raise PermissionError(13, "Permission denied", str(self))
        return real_read_bytes(self)

    monkeypatch.setattr(Path, "read_bytes", read_bytes)
    assert "permission" in _reason(path)


def test_story_from_text_empty() -> None:
    with pytest.raises(InputError, match="empty"):
        story_from_text("  \n ")


def test_reader_bug_becomes_one_line_error(write, monkeypatch) -> None:
    from ficlens.ingest import read as read_module

    def broken(*args: object, **kwargs: object) -> None:
        raise ValueError("unexpected markup")

    monkeypatch.setattr(read_module.ao3_html, "parse_ao3_html", broken)
    reason = _reason(
        write("x.html", b"<html><body><p>Posted originally on the Archive of Our Own</p></body></html>")
    )
    assert "unexpected markup" in reason


def test_deeply_nested_markup_is_an_input_error(write) -> None:
    html = (
        '<html><body><div id="preface"><p class="message">Posted originally on the Archive of Our Own</p>'
        + '</div><div id="chapters">'
        + "<div>" * 5000
        + "<p>Deep.</p>"
        + "</div>" * 5001
        + "</body></html>"
    )
    assert "nested too deeply" in _reason(write("deep.html", html.encode()))

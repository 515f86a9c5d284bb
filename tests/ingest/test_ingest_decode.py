from __future__ import annotations

import codecs

import pytest

from ficlens.errors import InputError
from ficlens.ingest import read_story
from ficlens.ingest.decode import decode_bytes

STORY = "Zoë waited by the café door.\r\n\r\n“Late again,” she said — twice.\n"


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        (STORY.encode("utf-8"), "utf-8"),
        (codecs.BOM_UTF8 + STORY.encode("utf-8"), "utf-8-bom"),
        (codecs.BOM_UTF16_LE + STORY.encode("utf-16-le"), "utf-16-le-bom"),
        (codecs.BOM_UTF16_BE + STORY.encode("utf-16-be"), "utf-16-be-bom"),
        (codecs.BOM_UTF32_LE + STORY.encode("utf-32-le"), "utf-32-le-bom"),
    ],
)
def test_unicode_encodings_decode_exactly(data: bytes, encoding: str) -> None:
    decoded = decode_bytes(data)
    assert decoded.text == STORY
    assert decoded.encoding == encoding
    assert decoded.warnings == ()


def test_bomless_utf16_is_recognised() -> None:
    decoded = decode_bytes(STORY.encode("utf-16-le"))
    assert decoded.text == STORY
    assert decoded.warnings


def test_cp1252_falls_back_with_a_warning() -> None:
    text = "Zoë said “hello” — and left.\n"
    decoded = decode_bytes(text.encode("cp1252"))
    assert decoded.text == text
    assert decoded.encoding == "cp1252"
    assert any("cp1252" in w for w in decoded.warnings)


def test_cp1252_file_warning_reaches_the_story(write) -> None:
    path = write("old.txt", "Zoë said “hello”.\n\nThen she left.\n".encode("cp1252"))
    story = read_story(path)
    assert story.text.startswith("Zoë said “hello”.")
    assert any("cp1252" in w for w in story.warnings)


def test_utf16_file_text_is_unchanged_after_bom(write) -> None:
    path = write("u16.txt", codecs.BOM_UTF16_LE + STORY.encode("utf-16-le"))
    story = read_story(path)
    assert story.text == STORY
    assert story.warnings == ()


@pytest.mark.parametrize(
    "data",
    [
        b"\x00\x01\x02\x03binary\x00data" * 20,
        bytes(range(256)) * 4,
        b"text then \x00 a NUL byte in the middle of a story",
        b"\x01\x02\x03\x04\x05\x06\x07\x08 control characters everywhere \x0e\x0f\x10\x11\x12",
    ],
)
def test_binary_data_is_refused(data: bytes) -> None:
    with pytest.raises(InputError) as info:
        decode_bytes(data, path="x.bin")
    assert "binary" in info.value.reason
    assert info.value.path == "x.bin"


def test_bad_utf16_after_bom_is_an_input_error() -> None:
    with pytest.raises(InputError, match="byte-order mark"):
        decode_bytes(codecs.BOM_UTF16_LE + b"\x00\xd8\x41")

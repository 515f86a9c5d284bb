"""Bytes to text: UTF-8 (with or without BOM), UTF-16/32 with BOM, else cp1252 with a warning.

UTF-8 with a few stray bytes (a Latin-1 "é" pasted into a UTF-8 story) is read as UTF-8, each stray byte
replaced by U+FFFD, with a warning: cp1252 would garble every curly quote of the story instead. Binary data
(NUL bytes without a UTF-16 byte-order mark, many control characters) is refused.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass

from ficlens.errors import InputError

# Control characters that never appear in a story; a few strays are tolerated (old cp1252 files have them).
_CONTROL = frozenset(chr(c) for c in range(32) if chr(c) not in "\t\n\r\f\v") | {"\x7f"}
_MAX_CONTROL_SHARE = 0.01


@dataclass(frozen=True, slots=True)
class Decoded:
    text: str
    encoding: str
    warnings: tuple[str, ...] = ()


_SURROGATE = re.compile("[\ud800-\udfff]")


def repair_surrogates(text: str) -> tuple[str, str | None]:
    """``text`` with surrogate pairs joined and lone surrogates replaced by U+FFFD, and a warning if any
    were found (``None`` if not). Lone surrogates cannot be encoded, so spaCy and every writer fail on them.
    """
    if _SURROGATE.search(text) is None:
        return text, None
    lone = len(_SURROGATE.findall(text))
    repaired = text.encode("utf-16-le", "surrogatepass").decode("utf-16-le", "replace")
    left = repaired.count("\ufffd") - text.count("\ufffd")
    return repaired, (
        f"{left} lone surrogate code point(s) replaced by U+FFFD"
        if left
        else f"{lone // 2} surrogate pair(s) joined"
    )


def _decode_utf8_with_strays(data: bytes, first: int) -> tuple[str, str] | None:
    """UTF-8 with a few invalid bytes (the first at ``first``): the text with each replaced, and a warning;
    ``None`` when the data does not look like UTF-8 at all (then it is some other encoding)."""
    text = data.decode("utf-8", "replace")
    bad = text.count("\ufffd") - data.count("\ufffd".encode())
    wide = sum(1 for ch in text if ord(ch) > 0x7F) - bad
    # Valid multi-byte characters must outnumber the invalid bytes: a cp1252 file has next to none.
    if bad <= 0 or wide < bad:
        return None
    return text, f"{bad} byte(s) not valid UTF-8 replaced by U+FFFD (the first at byte {first})"


def _looks_binary(text: str) -> bool:
    if "\x00" in text:
        return True
    sample = text[:65536]
    bad = sum(1 for ch in sample if ch in _CONTROL)
    return bad > max(2, int(len(sample) * _MAX_CONTROL_SHARE))


def _bomless_utf16(data: bytes) -> str | None:
    """Text in UTF-16 without a byte-order mark shows NULs in every other byte; anything else is binary."""
    sample = data[:4096]
    if len(sample) < 4 or len(sample) % 2:
        return None
    even = sample[0::2].count(0) / (len(sample) / 2)
    odd = sample[1::2].count(0) / (len(sample) / 2)
    encoding = (
        "utf-16-le" if odd > 0.4 and even < 0.05 else "utf-16-be" if even > 0.4 and odd < 0.05 else None
    )
    if encoding is None:
        return None
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError:
        return None
    return None if _looks_binary(text) else text


def decode_bytes(data: bytes, *, path: str | None = None) -> Decoded:
    """Decode a story file's bytes; raise ``InputError`` for binary data."""
    boms = (
        (codecs.BOM_UTF32_LE, "utf-32-le"),
        (codecs.BOM_UTF32_BE, "utf-32-be"),
        (codecs.BOM_UTF8, "utf-8"),
        (codecs.BOM_UTF16_LE, "utf-16-le"),
        (codecs.BOM_UTF16_BE, "utf-16-be"),
    )
    for bom, encoding in boms:
        if data.startswith(bom):
            try:
                text = data[len(bom) :].decode(encoding)
            except UnicodeDecodeError as err:
                raise InputError(
                    path,
                    f"not valid {encoding.upper()} after its byte-order mark (byte {err.start})",
                ) from None
            if _looks_binary(text):
                raise InputError(path, "binary file (control characters in the text)")
            return Decoded(text, f"{encoding}-bom")
    if b"\x00" in data:
        text16 = _bomless_utf16(data)
        if text16 is not None:
            return Decoded(text16, "utf-16", ("decoded as UTF-16 without a byte-order mark",))
        raise InputError(path, "binary file (contains NUL bytes), not a text story")
    try:
        text = data.decode("utf-8")
        encoding = "utf-8"
        warnings: tuple[str, ...] = ()
    except UnicodeDecodeError as err:
        strays = _decode_utf8_with_strays(data, err.start)
        if strays is not None:
            if _looks_binary(strays[0]):
                raise InputError(path, "binary file (control characters in the text)") from None
            return Decoded(strays[0], "utf-8", (strays[1],))
        try:
            text = data.decode("cp1252")
        except UnicodeDecodeError:
            raise InputError(path, "binary file or unknown encoding (neither UTF-8 nor cp1252)") from None
        encoding = "cp1252"
        warnings = ("not valid UTF-8; decoded as cp1252 (Windows Western European)",)
    if _looks_binary(text):
        raise InputError(path, "binary file (control characters in the text)")
    return Decoded(text, encoding, warnings)

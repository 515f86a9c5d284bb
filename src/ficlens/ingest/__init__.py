"""Readers: one module per source format, each returning a ``Story``. ``read_story`` picks the reader."""

from ficlens.ingest.read import read_story, sniff_bytes, sniff_text, story_from_bytes, story_from_text

__all__ = ["read_story", "sniff_bytes", "sniff_text", "story_from_bytes", "story_from_text"]

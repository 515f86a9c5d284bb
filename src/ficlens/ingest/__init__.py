"""Readers: one module per source format, each returning a ``Story``. ``read_story`` picks the reader."""

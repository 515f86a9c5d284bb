"""Doc extensions that ficlens components read and write: see ``ficlens.pipeline.docdata``."""

from __future__ import annotations

from ficlens.pipeline.docdata import DOC_EXTENSIONS, ENTITY_SPANS, register_extensions

__all__ = ["DOC_EXTENSIONS", "ENTITY_SPANS", "register_extensions"]

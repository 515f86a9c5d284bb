"""Doc extensions that ficlens components read and write, registered once (safe to call again).

The hand-offs between components, in pipeline order:

- ``doc.spans["ficlens_entities"]``: nested literary entity mentions (labels PER FAC GPE LOC VEH ORG),
  set by ``ficlens_entities`` on each chunk.
- ``doc._.ficlens_story``: the ``Story`` being analysed (paragraphs, italics, metadata), set by the runner.
- ``doc._.ficlens_options``: run options (e.g. ``{"cast": Path}``), set by the runner.
- ``doc._.ficlens_quotes``: quotations found by ``ficlens_quotes`` (pipeline-internal objects).
- ``doc._.ficlens_cast``: the characters found by ``ficlens_characters`` (pipeline-internal objects).
- ``doc._.ficlens_coref``: coreference result of ``ficlens_coref`` (pipeline-internal objects).
- ``doc._.ficlens_sentence_emotions``: per-sentence emotion scores set by ``ficlens_emotions``.
- ``doc._.ficlens_inner``: what ``ficlens_inner`` derives from the parse (profiles, experiencers, tense, POV).
"""

from __future__ import annotations

from spacy.tokens import Doc

DOC_EXTENSIONS = (
    "ficlens_story",
    "ficlens_options",
    "ficlens_quotes",
    "ficlens_cast",
    "ficlens_coref",
    "ficlens_sentence_emotions",
    "ficlens_inner",
)

ENTITY_SPANS = "ficlens_entities"


def register_extensions() -> None:
    for name in DOC_EXTENSIONS:
        if not Doc.has_extension(name):
            Doc.set_extension(name, default=None)

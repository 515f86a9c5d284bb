"""spaCy glue for ``ficlens_quotes`` (find quotations) and ``ficlens_speakers`` (who says them, to whom)."""

from __future__ import annotations

import bisect
import json
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from spacy.language import Language
from spacy.pipeline import Pipe

from ficlens.errors import ModelError
from ficlens.pipeline.docdata import get_story, set_quotes
from ficlens.pipeline.quotes.detect import detect_quotes, paragraphs_from_text
from ficlens.pipeline.quotes.structure import SHIPPED_GATE
from ficlens.pipeline.weights import WeightedPipe, shipped_file

if TYPE_CHECKING:
    from spacy.tokens import Doc

    from ficlens.datamodel.story import Story
    from ficlens.pipeline.quotes.attribute import Scorer
    from ficlens.pipeline.quotes.structure import Gate


def doc_paragraphs(doc: Doc, text: str | None = None, story: Story | None = None) -> list[tuple[int, int]]:
    """The story's paragraphs, or paragraphs from line breaks (then sentences) when the Doc has no Story."""
    if story is not None and story.paragraphs:
        return [(p.start, p.end) for p in story.paragraphs]
    paras = paragraphs_from_text(doc.text if text is None else text)
    if len(paras) <= 1 and doc.has_annotation("SENT_START") and len(doc) > 0:
        # one line of text (e.g. a Doc over pre-tokenised words): a sentence is the best guess at a paragraph
        return [(s.start_char, s.end_char) for s in doc.sents]
    return paras


def doc_italics(story: Story | None) -> list[tuple[int, int]]:
    from ficlens.datamodel.story import StyleKind

    if story is None:
        return []
    prose = story.prose_ranges()
    starts = [a for a, _ in prose]

    def in_prose(pos: int) -> bool:
        k = bisect.bisect_right(starts, pos) - 1
        return k >= 0 and prose[k][0] <= pos < prose[k][1]

    return [(s.start, s.end) for s in story.styled if s.kind == StyleKind.ITALIC and in_prose(s.start)]


class QuoteFinder(Pipe):
    """``ficlens_quotes``: sets ``doc._.ficlens_quotes``, every quotation in text order (no speakers yet)."""

    def __init__(self, name: str = "ficlens_quotes") -> None:
        self.name = name

    def __call__(self, doc: Doc) -> Doc:
        text = doc.text
        story = get_story(doc)
        quotes = detect_quotes(text, doc_paragraphs(doc, text, story), italics=doc_italics(story))
        set_quotes(doc, quotes)
        return doc


class SpeakerAttributor(WeightedPipe["Scorer"]):
    """``ficlens_speakers``: fills in speaker, addressees, type and confidence of ``doc._.ficlens_quotes``.

    Needs ``ficlens_quotes`` before it; uses the cast and coreference when ``ficlens_characters`` and
    ``ficlens_coref`` ran. It holds two files: the scorer's weights (``speakers.json``) and the conversation
    gate's (``conversation.json``, ``structure.Gate``); a saved pipeline carries both, byte for byte."""

    file_name = "speakers.json"
    shipped = "speakers/speakers.json"
    what = "speaker"
    gate_file = "conversation.json"

    def __init__(
        self, nlp: Language | None = None, name: str = "ficlens_speakers", *, weights: str = "shipped"
    ) -> None:
        self._gate: Gate | None = None
        self._gate_raw: bytes | None = None
        super().__init__(nlp, name, weights=weights)
        if weights == "shipped":
            self.load_gate(shipped_file(SHIPPED_GATE))

    def load_gate(self, path: Path) -> None:
        from ficlens.pipeline.quotes.structure import Gate

        self._gate = Gate.read(path)
        self._gate_raw = path.read_bytes()

    def require_gate(self) -> Gate:
        if self._gate is None:
            raise ModelError(
                None,
                f"{self.name} has no conversation gate: it was created with weights='' and neither "
                "initialize() nor from_disk() gave it one",
            )
        return self._gate

    def initialize(
        self,
        get_examples: Callable[[], Iterable[Any]] | None = None,
        *,
        nlp: Language | None = None,
        model_dir: str | Path | None = None,
    ) -> None:
        super().initialize(get_examples, nlp=nlp, model_dir=model_dir)
        self.load_gate(Path(model_dir) / self.gate_file if model_dir else shipped_file(SHIPPED_GATE))

    def to_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> None:
        super().to_disk(path, exclude=exclude)
        self.require_gate()
        assert self._gate_raw is not None
        (Path(path) / self.gate_file).write_bytes(self._gate_raw)

    def from_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> SpeakerAttributor:
        super().from_disk(path, exclude=exclude)
        self.load_gate(Path(path) / self.gate_file)
        return self

    def to_bytes(self, *, exclude: Iterable[str] = ()) -> bytes:
        import srsly

        self.require_gate()
        return srsly.msgpack_dumps({"speakers": super().to_bytes(), "conversation": self._gate_raw})

    def from_bytes(self, bytes_data: bytes, *, exclude: Iterable[str] = ()) -> SpeakerAttributor:
        import srsly

        from ficlens.pipeline.quotes.structure import Gate

        try:
            both = srsly.msgpack_loads(bytes_data)
            scorer, gate = both["speakers"], both["conversation"]
        except (ValueError, KeyError, TypeError) as exc:
            raise ModelError(f"{self.name} (bytes)", "not the scorer and the conversation gate") from exc
        super().from_bytes(scorer)
        self._gate, self._gate_raw = Gate.parse(gate), gate
        return self

    @classmethod
    def parse(cls, data: bytes) -> Scorer:
        from ficlens.pipeline.quotes.attribute import Scorer

        raw = json.loads(data)
        return Scorer({k: float(v) for k, v in raw["weights"].items()}, float(raw["bias"]))

    def __call__(self, doc: Doc) -> Doc:
        from ficlens.pipeline.docdata import get_quotes
        from ficlens.pipeline.quotes.attribute import attribute

        scorer = self.require()
        quotes = get_quotes(doc)
        if quotes is None:
            raise ValueError(f"{self.name} needs ficlens_quotes before it in the pipeline")
        paragraphs = doc_paragraphs(doc, story=get_story(doc))
        attribute(doc, quotes, paragraphs, scorer=scorer, gate=self.require_gate())
        set_quotes(doc, quotes)
        return doc

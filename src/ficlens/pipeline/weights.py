"""The base of the components whose weights are one file (coreference, speakers, emotions).

A component starts with the weights shipped in the package (``weights = "shipped"``, the factory default)
or with none (``weights = ""``: then ``initialize(model_dir=...)`` or ``from_disk`` must give it some, and
running it before raises ``ModelError``). ``to_disk`` writes the file byte for byte as it was read, so a
saved pipeline carries its own copy and loads without the package's. A missing or unreadable file raises
``ModelError`` naming it: there is no fallback to rules or hand-set weights.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from importlib import resources
from pathlib import Path
from typing import Any, ClassVar, Generic, TypeVar

from spacy.language import Language
from spacy.pipeline import Pipe
from spacy.tokens import Doc

from ficlens.datamodel import ModelRecord
from ficlens.errors import ModelError

M = TypeVar("M")

SHIPPED = "shipped"


def shipped_file(relative: str) -> Path:
    """A file under the package's ``ficlens/models``."""
    return Path(str(resources.files("ficlens") / "models" / relative))


def read_file(path: Path, what: str) -> bytes:
    try:
        return path.read_bytes()
    except FileNotFoundError as exc:
        raise ModelError(str(path), f"the {what} model file is missing") from exc
    except OSError as exc:
        raise ModelError(str(path), f"the {what} model file cannot be read ({exc.strerror or exc})") from exc


class WeightedPipe(Pipe, Generic[M]):
    """A Pipe holding a model parsed from one file; subclasses say how to parse it and what to do."""

    file_name: ClassVar[str]  # the file's name in the component's folder of a saved pipeline
    shipped: ClassVar[str]  # its path under ficlens/models
    what: ClassVar[str]  # "coreference", "speaker", ...

    def __init__(self, nlp: Language | None, name: str, *, weights: str = SHIPPED) -> None:
        self.name = name
        self._model: M | None = None
        self._raw: bytes | None = None
        if weights == SHIPPED:
            self.load(shipped_file(self.shipped))
        elif weights:
            raise ModelError(None, f"{name}: weights must be {SHIPPED!r} or '' (got {weights!r})")

    # --- parsing, by the subclass ---
    @classmethod
    def parse(cls, data: bytes) -> M:
        """The model in ``data``; raises ValueError/KeyError/TypeError/OSError when it is not one."""
        raise NotImplementedError

    @classmethod
    def checked(cls, data: bytes, where: str) -> M:
        try:
            return cls.parse(data)
        except (ValueError, KeyError, TypeError, AttributeError, IndexError, OSError, EOFError) as exc:
            raise ModelError(
                where, f"not a valid {cls.what} model ({exc.__class__.__name__}: {exc})"
            ) from exc

    @classmethod
    def read(cls, path: Path) -> M:
        """The model in the file at ``path`` (no component needed: training and evaluation use this)."""
        return cls.checked(read_file(path, cls.what), str(path))

    def require(self) -> M:
        """The model; ``ModelError`` when the component has none. (Not ``.model``: spaCy takes a component's
        ``model`` attribute for a thinc Model.)"""
        if self._model is None:
            raise ModelError(
                None,
                f"{self.name} has no weights: it was created with weights='' and neither initialize() "
                "nor from_disk() gave it any",
            )
        return self._model

    def load(self, path: Path) -> None:
        self._set(read_file(path, self.what), str(path))

    def _set(self, data: bytes, where: str) -> None:
        self._model, self._raw = self.checked(data, where), data

    # --- spaCy's life cycle ---
    def initialize(
        self,
        get_examples: Callable[[], Iterable[Any]] | None = None,
        *,
        nlp: Language | None = None,
        model_dir: str | Path | None = None,
    ) -> None:
        """Load the weights from ``model_dir`` (a folder holding ``file_name``), else the shipped ones."""
        self.load(Path(model_dir) / self.file_name if model_dir else shipped_file(self.shipped))

    def to_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> None:
        path = Path(path)
        path.mkdir(parents=True, exist_ok=True)
        (path / self.file_name).write_bytes(self._raw_bytes())

    def from_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> WeightedPipe[M]:
        self.load(Path(path) / self.file_name)
        return self

    def to_bytes(self, *, exclude: Iterable[str] = ()) -> bytes:
        return self._raw_bytes()

    def from_bytes(self, bytes_data: bytes, *, exclude: Iterable[str] = ()) -> WeightedPipe[M]:
        self._set(bytes_data, f"{self.name} (bytes)")
        return self

    def model_record(self) -> ModelRecord:
        """Name, version and SHA-256 of the weights this component runs with, for the analysis to record."""
        import hashlib

        return ModelRecord(f"ficlens-{self.what}", "1", hashlib.sha256(self._raw_bytes()).hexdigest())

    def _raw_bytes(self) -> bytes:
        self.require()  # raises when there are no weights to write
        assert self._raw is not None
        return self._raw

    def __call__(self, doc: Doc) -> Doc:
        raise NotImplementedError


# The shipped models: the files holding each one's weights, and the JSON its training run wrote
SHIPPED_MODELS: dict[str, tuple[tuple[str, ...], str]] = {
    "ficlens_entities": (
        ("entities/weights/cfg", "entities/weights/model", "entities/vectors.npz"),
        "entities/config.json",
    ),
    "ficlens_coref": (("coref/coref.json",), "coref/coref.json"),
    "ficlens_speakers": (
        ("speakers/speakers.json", "conversation/conversation.json"),
        "speakers/speakers.json",
    ),
    "ficlens_emotions": (("emotions/emotions.npz",), "emotions/emotions.json"),
    # accurate mode's encoder: its training run's record is the provenance it wrote
    "ficlens_encoder": (("encoder/encoder.onnx", "encoder/tokenizer.json"), "encoder/provenance.json"),
}
# the weights themselves and per-epoch logs: not a record
_NOT_RECORD = frozenset({"weights", "features", "classes", "history", "heads", "c_by_head"})


def model_records(components: Iterable[str]) -> dict[str, Any]:
    """Per shipped model: its files' SHA-256, the record its training run left in the JSON beside the weights,
    the data it was trained on (``provenance.json``: every data file's SHA-256, as ``ficlens train`` wrote
    them), its held-out figures and its model card's table (data, split, seed, command, figures, licence)."""
    import hashlib
    import json

    def read_json(path: Path, what: str) -> Any:
        try:
            return json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise ModelError(str(path), f"cannot read the model's {what} ({exc.__class__.__name__})") from exc

    out: dict[str, Any] = {}
    for name in components:
        if name not in SHIPPED_MODELS:
            continue
        files, record_file = SHIPPED_MODELS[name]
        record = read_json(shipped_file(record_file), "record")
        folder = shipped_file(record_file).parent
        provenance = read_json(folder / "provenance.json", "provenance")
        card = read_card(folder / "README.md")
        if "figures" not in card:
            raise ModelError(str(folder / "README.md"), "the model card has no figures row")
        out[name] = {
            "files": {f: hashlib.sha256(read_file(shipped_file(f), name)).hexdigest() for f in files},
            "record": {k: v for k, v in record.items() if k not in _NOT_RECORD},
            "training_data": provenance["data"],
            "training_command": provenance["command"],
            "figures": card["figures"],
            "card": card,
        }
    return out


def read_card(path: Path) -> dict[str, str]:
    """The two-column table of a model card (``| data | ... |``, ``| figures | ... |``) as a dict."""
    rows: dict[str, str] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")] if line.startswith("|") else []
        if len(cells) == 2 and cells[0] and not set(cells[0]) <= {"-", ":"}:
            rows[cells[0]] = cells[1]
    return rows

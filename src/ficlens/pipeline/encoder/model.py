"""The fine-tuned encoder at run time: one int8 ONNX file run with onnxruntime, WordPiece via ``tokenizers``.

No torch here. The ONNX graph takes one window of wordpieces (ids, case ids, attention mask) and, per
token, the positions of its first and last wordpiece, and returns span logits [1, tokens, max_width,
1 + types]. The settings the run time needs (labels, widths, the dev-chosen threshold) travel in the ONNX
file's metadata, so the weights and their settings cannot drift apart.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy

from ficlens.datamodel import ModelRecord
from ficlens.errors import ModelError
from ficlens.pipeline.encoder.windows import Alignment, Window, align, load_tokenizer, window_input, windows

if TYPE_CHECKING:
    from collections.abc import Sequence

MODEL_FILE = "encoder.onnx"
TOKENIZER_FILE = "tokenizer.json"
MODEL_NAME = "ficlens-encoder-entities"
RUN_CONTEXT = 32  # wordpieces of context either side of a window's core at run time


def shipped_model_dir() -> Path:
    return Path(str(resources.files("ficlens") / "models" / "encoder"))


@dataclass
class WindowScores:
    window: Window
    logits: numpy.ndarray  # float32 [tokens in window, max_width, 1 + types]


@dataclass
class EncoderOutput:
    """What the encoder computed for one Doc, for the heads to read."""

    alignment: Alignment
    windows: list[WindowScores]
    labels: tuple[str, ...]
    max_width: int
    threshold: float


@cache
def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


class EncoderModel:
    """The loaded ONNX session and tokenizer. Raises :class:`ModelError` naming the file that is missing
    or unreadable."""

    def __init__(self, model_dir: Path | None = None, *, threads: int = 1) -> None:
        import onnxruntime

        directory = model_dir or shipped_model_dir()
        self.model_path = directory / MODEL_FILE
        self.tokenizer_path = directory / TOKENIZER_FILE
        for path in (self.model_path, self.tokenizer_path):
            if not path.is_file():
                raise ModelError(
                    str(path),
                    "accurate-mode model file is missing (train one with `ficlens train encoder`, "
                    "or use --model fast)",
                )
        try:
            self.tokenizer = load_tokenizer(str(self.tokenizer_path))
        except Exception as exc:
            raise ModelError(str(self.tokenizer_path), f"not a readable tokenizer ({exc})") from exc
        cls_id = self.tokenizer.token_to_id("[CLS]")
        sep_id = self.tokenizer.token_to_id("[SEP]")
        if cls_id is None or sep_id is None:
            raise ModelError(str(self.tokenizer_path), "not a WordPiece tokenizer with [CLS] and [SEP]")
        self.cls_id, self.sep_id = int(cls_id), int(sep_id)
        options = onnxruntime.SessionOptions()
        options.intra_op_num_threads = max(1, threads)
        options.inter_op_num_threads = 1
        options.log_severity_level = 3
        try:
            self.session = onnxruntime.InferenceSession(
                str(self.model_path), options, providers=["CPUExecutionProvider"]
            )
            meta: dict[str, str] = dict(self.session.get_modelmeta().custom_metadata_map)
            self.labels = tuple(meta["ficlens.labels"].split(","))
            self.max_width = int(meta["ficlens.max_width"])
            self.max_len = int(meta["ficlens.max_len"])
            self.threshold = float(meta["ficlens.threshold"])
            self.version = meta.get("ficlens.version", "1")
        except Exception as exc:
            raise ModelError(str(self.model_path), f"not a readable ficlens encoder model ({exc})") from exc

    @property
    def record(self) -> ModelRecord:
        """Name, version and weights checksum, for the analysis to record."""
        return ModelRecord(MODEL_NAME, self.version, file_sha256(self.model_path))

    def encode(self, text: str, token_spans: Sequence[tuple[int, int]]) -> EncoderOutput:
        """Run the encoder over ``text`` whose tokens sit at ``token_spans`` (character start, end)."""
        alignment = align(self.tokenizer, text, token_spans)
        out: list[WindowScores] = []
        for window in windows(alignment, max_len=self.max_len, context=RUN_CONTEXT):
            if window.core_end <= window.core_start:
                continue
            arrays = window_input(alignment, window, cls_id=self.cls_id, sep_id=self.sep_id)
            feed: dict[str, Any] = {
                "input_ids": arrays.input_ids,
                "case_ids": arrays.case_ids,
                "attention_mask": arrays.attention_mask,
                "token_first": arrays.token_first,
                "token_last": arrays.token_last,
            }
            (logits,) = self.session.run(["span_logits"], feed)
            out.append(WindowScores(window, numpy.asarray(logits[0], dtype=numpy.float32)))
        return EncoderOutput(alignment, out, self.labels, self.max_width, self.threshold)

"""A tiny stand-in for the trained encoder: an ONNX graph with the shipped model's inputs, outputs and
metadata, whose span logits say PER for a one-token span whose first wordpiece is one chosen id."""

from __future__ import annotations

from pathlib import Path

import numpy
import onnx
from onnx import TensorProto, helper, numpy_helper

LABELS = ("PER", "FAC", "GPE", "LOC", "VEH", "ORG")


def write_toy_model(
    directory: Path, *, vocab_size: int, person_id: int, max_width: int = 4, max_len: int = 64
) -> None:
    """``encoder.onnx`` into ``directory``: logits [1, tokens, max_width, 7], "none" everywhere except
    (token, width 0) when the token's first piece is ``person_id``."""
    table = numpy.zeros((vocab_size, 7), dtype=numpy.float32)
    table[:, 0] = 4.0
    table[person_id] = [0.0, 5.0, 0, 0, 0, 0, 0]
    width_bias = numpy.zeros((1, 1, max_width, 7), dtype=numpy.float32)
    width_bias[0, 0, 1:, 0] = 20.0  # only one-token spans can be entities
    nodes = [
        helper.make_node("Gather", ["table", "input_ids"], ["piece_logits"], axis=0),  # [1, n, 7]
        helper.make_node("Squeeze", ["piece_logits", "axis0"], ["piece_logits2"]),  # [n, 7]
        helper.make_node("Gather", ["piece_logits2", "token_first"], ["token_logits"], axis=0),  # [1, T, 7]
        helper.make_node("Unsqueeze", ["token_logits", "axis2"], ["token_logits4"]),  # [1, T, 1, 7]
        helper.make_node("Add", ["token_logits4", "width_bias"], ["span_logits"]),  # [1, T, W, 7]
    ]
    # the other inputs must be read, or onnxruntime would not accept them
    nodes += [
        helper.make_node("ReduceSum", [name], [f"{name}_sum"], keepdims=0)
        for name in ("case_ids", "attention_mask", "token_last")
    ]
    graph = helper.make_graph(
        nodes,
        "toy",
        [
            helper.make_tensor_value_info(name, TensorProto.INT64, [1, axis])
            for name, axis in (
                ("input_ids", "pieces"),
                ("case_ids", "pieces"),
                ("attention_mask", "pieces"),
                ("token_first", "tokens"),
                ("token_last", "tokens"),
            )
        ],
        [helper.make_tensor_value_info("span_logits", TensorProto.FLOAT, [1, "tokens", max_width, 7])]
        + [
            helper.make_tensor_value_info(f"{name}_sum", TensorProto.INT64, [])
            for name in ("case_ids", "attention_mask", "token_last")
        ],
        [
            numpy_helper.from_array(table, "table"),
            numpy_helper.from_array(width_bias, "width_bias"),
            numpy_helper.from_array(numpy.array([0], dtype=numpy.int64), "axis0"),
            numpy_helper.from_array(numpy.array([2], dtype=numpy.int64), "axis2"),
        ],
    )
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)])
    model.ir_version = 8
    meta = {
        "ficlens.labels": ",".join(LABELS),
        "ficlens.max_width": str(max_width),
        "ficlens.max_len": str(max_len),
        "ficlens.threshold": "0.5",
    }
    for key, value in meta.items():
        entry = model.metadata_props.add()
        entry.key, entry.value = key, value
    onnx.checker.check_model(model)
    onnx.save(model, str(directory / "encoder.onnx"))

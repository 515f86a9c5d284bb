"""Read LitBank (Bamman et al. 2019, 2020; CC BY 4.0): tokens, nested entities, coreference and quotations,
and the gold views training and evaluation both score against.

Token positions are document-level token indices (sentences flattened), end exclusive. The three layers
share one tokenisation, so an entity, a coreference mention and a quotation can be compared directly.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from ficlens.datasets.files import read_text

if TYPE_CHECKING:
    from spacy.tokens import Doc
    from spacy.vocab import Vocab

LITBANK_TYPES = ("PER", "FAC", "GPE", "LOC", "VEH", "ORG")


@dataclass(frozen=True, slots=True)
class GoldEntity:
    start: int
    end: int
    type: str  # PER, FAC, GPE, LOC, VEH, ORG
    layer: int  # 0 = innermost column of the layered TSV


@dataclass(frozen=True, slots=True)
class GoldMention:
    id: str  # brat id, e.g. T12
    start: int
    end: int
    type: str  # entity type
    kind: str  # PROP, NOM, PRON
    cluster: str  # entity id, e.g. Mrs_Bennet-7


@dataclass(frozen=True, slots=True)
class GoldQuote:
    id: str
    start: int
    end: int
    speaker: str | None  # coreference entity id of the speaker


@dataclass(frozen=True, slots=True)
class LitBankDoc:
    id: str  # e.g. 1342_pride_and_prejudice_brat
    sentences: tuple[tuple[str, ...], ...]
    entities: tuple[GoldEntity, ...]
    mentions: tuple[GoldMention, ...]
    quotes: tuple[GoldQuote, ...]

    @property
    def words(self) -> list[str]:
        return [w for sent in self.sentences for w in sent]

    def sentence_offsets(self) -> list[int]:
        offsets, pos = [], 0
        for sent in self.sentences:
            offsets.append(pos)
            pos += len(sent)
        return offsets

    def clusters(self) -> dict[str, list[GoldMention]]:
        out: dict[str, list[GoldMention]] = {}
        for m in self.mentions:
            out.setdefault(m.cluster, []).append(m)
        return out

    def to_doc(self, vocab: Vocab) -> Doc:
        """A spaCy Doc over LitBank's own tokens and sentences, so gold and predicted spans line up."""
        from spacy.tokens import Doc

        words = self.words
        sent_starts: list[bool | int | None] = [i == 0 for sent in self.sentences for i in range(len(sent))]
        return Doc(vocab, words=words, spaces=[True] * len(words), sent_starts=sent_starts)


def _read_layers(path: Path) -> tuple[list[list[str]], list[GoldEntity]]:
    sentences: list[list[str]] = []
    entities: list[GoldEntity] = []
    current: list[str] = []
    columns: list[list[str]] = []
    offset = 0

    def flush() -> None:
        nonlocal current, columns, offset
        if not current:
            return
        for layer in range(len(columns[0]) if columns else 0):
            tags = [row[layer] for row in columns]
            start = None
            label = ""
            for i, tag in enumerate([*tags, "O"]):
                if start is not None and not tag.startswith("I-"):
                    entities.append(GoldEntity(offset + start, offset + i, label, layer))
                    start = None
                if tag.startswith("B-"):
                    start, label = i, tag[2:]
        sentences.append(current)
        offset += len(current)
        current, columns = [], []

    for line in read_text(path).split("\n"):
        if not line.strip():
            flush()
            continue
        parts = line.split("\t")
        current.append(parts[0])
        columns.append([p for p in parts[1:] if p])
    flush()
    return sentences, entities


def _read_coref(path: Path, sent_offsets: list[int]) -> list[GoldMention]:
    raw: dict[str, tuple[int, int, str, str]] = {}
    clusters: dict[str, str] = {}
    for line in read_text(path).splitlines():
        parts = line.split("\t")
        if parts[0] == "MENTION":
            _, mid, s_sent, s_tok, e_sent, e_tok, _text, etype, kind = parts[:9]
            start = sent_offsets[int(s_sent)] + int(s_tok)
            end = sent_offsets[int(e_sent)] + int(e_tok) + 1
            raw[mid] = (start, end, etype, kind)
        elif parts[0] == "COREF":
            clusters[parts[1]] = parts[2]
    return [
        GoldMention(mid, start, end, etype, kind, clusters.get(mid, f"singleton-{mid}"))
        for mid, (start, end, etype, kind) in sorted(raw.items(), key=lambda kv: (kv[1][0], kv[1][1]))
    ]


def _read_quotes(path: Path, sent_offsets: list[int]) -> list[GoldQuote]:
    spans: dict[str, tuple[int, int]] = {}
    speakers: dict[str, str] = {}
    for line in read_text(path).splitlines():
        parts = line.split("\t")
        if parts[0] == "QUOTE":
            _, qid, s_sent, s_tok, e_sent, e_tok = parts[:6]
            spans[qid] = (sent_offsets[int(s_sent)] + int(s_tok), sent_offsets[int(e_sent)] + int(e_tok) + 1)
        elif parts[0] == "ATTRIB":
            speakers[parts[1]] = parts[2]
    return sorted(
        (GoldQuote(qid, s, e, speakers.get(qid)) for qid, (s, e) in spans.items()), key=lambda q: q.start
    )


def doc_ids(data: Path) -> list[str]:
    return sorted(p.name[: -len(".tsv")] for p in (data / "entities" / "tsv").glob("*.tsv"))


def read_doc(data: Path, doc_id: str) -> LitBankDoc:
    sentences, entities = _read_layers(data / "entities" / "tsv" / f"{doc_id}.tsv")
    offsets, pos = [], 0
    for sent in sentences:
        offsets.append(pos)
        pos += len(sent)
    coref_path = data / "coref" / "tsv" / f"{doc_id}.ann"
    mentions = _read_coref(coref_path, offsets) if coref_path.exists() else []
    quote_path = data / "quotations" / "tsv" / f"{doc_id}.ann"
    quotes = _read_quotes(quote_path, offsets) if quote_path.exists() else []
    return LitBankDoc(
        doc_id,
        tuple(tuple(s) for s in sentences),
        tuple(entities),
        tuple(mentions),
        tuple(quotes),
    )


def split_ids(data: Path, split: str, *, fold: int | None = None) -> list[str]:
    """The document ids of a split (see ``read_split``), without reading the documents."""
    if fold is None:
        ids_path = data / "splits" / "naacl2019_entities_80_10_10" / f"{split}.ids"
    else:
        ids_path = data / "splits" / "lrec2020_coref_10fold" / str(fold) / f"{split}.ids"
    return [line.strip().removesuffix(".tsv") for line in read_text(ids_path).splitlines() if line.strip()]


def read_split(data: Path, split: str, *, fold: int | None = None) -> list[LitBankDoc]:
    """Documents of a split: ``train``/``dev``/``test`` of the NAACL 2019 80/10/10 entity split, or of
    fold ``fold`` (0-9) of the LREC 2020 ten-fold coreference split when ``fold`` is given."""
    return [read_doc(data, doc_id) for doc_id in split_ids(data, split, fold=fold)]


def iter_all(data: Path) -> Iterator[LitBankDoc]:
    for doc_id in doc_ids(data):
        yield read_doc(data, doc_id)


# --- gold views, shared by training and evaluation ---


def gold_clusters(ldoc: LitBankDoc) -> list[list[tuple[int, int]]]:
    """The gold coreference clusters as lists of (start, end) token spans."""
    return [[(m.start, m.end) for m in ms] for ms in ldoc.clusters().values()]


def gold_spans(docs: Sequence[LitBankDoc]) -> list[tuple[int, int, int, str]]:
    """Every gold entity as (document index, start, end, type), the form ``scores.score_spans`` takes."""
    return [(index, e.start, e.end, e.type) for index, ldoc in enumerate(docs) for e in ldoc.entities]


def gold_char_span(ld: LitBankDoc, offs: Sequence[int], q: GoldQuote) -> tuple[int, int]:
    """A gold quotation's character span in the text of ``ld.to_doc`` (``offs``: ``token_starts(ld)``)."""
    words = ld.words
    return offs[q.start], offs[q.end - 1] + len(words[q.end - 1])


def head_in_cluster(ld: LitBankDoc, offs: Sequence[int], head_char: int, cluster: str | None) -> bool:
    """Does the smallest gold mention containing the token at ``head_char`` belong to ``cluster``?"""
    if cluster is None:
        return False
    tok = bisect.bisect_right(offs, head_char) - 1
    best = None
    for m in ld.mentions:
        if m.start <= tok < m.end and (best is None or m.end - m.start < best.end - best.start):
            best = m
    return best is not None and best.cluster == cluster

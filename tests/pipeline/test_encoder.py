"""Accurate mode's encoder: WordPiece alignment, windows, decoding, the spaCy pipes and model errors.

The alignment tests build a small WordPiece tokenizer here (same normaliser and pre-tokenizer as the
shipped uncased BERT one), so they need no model files.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING

import numpy
import pytest
from tokenizers import Tokenizer, normalizers, pre_tokenizers
from tokenizers.models import WordPiece

from ficlens.errors import ModelError
from ficlens.pipeline.encoder.decode import ScoredSpan, candidates, select
from ficlens.pipeline.encoder.windows import (
    CASE_LOWER,
    CASE_OTHER,
    CASE_SPECIAL,
    CASE_TITLE,
    CASE_UPPER,
    align,
    span_mask,
    window_input,
    windows,
)

if TYPE_CHECKING:
    from spacy.language import Language

VOCAB = [
    "[PAD]",
    "[UNK]",
    "[CLS]",
    "[SEP]",
    "the",
    "cafe",
    "elodie",
    "##s",
    "'",
    ".",
    ",",
    "!",
    "said",
    "she",
    "zo",
    "##e",
    "met",
    "and",
    "a",
    "b",
    "c",
    "naive",
    "ok",
]


def small_tokenizer() -> Tokenizer:
    tokenizer = Tokenizer(WordPiece({w: i for i, w in enumerate(VOCAB)}, unk_token="[UNK]"))
    tokenizer.normalizer = normalizers.BertNormalizer(lowercase=True, strip_accents=True)
    tokenizer.pre_tokenizer = pre_tokenizers.BertPreTokenizer()
    return tokenizer


def whitespace_tokens(text: str) -> list[tuple[int, int]]:
    """Tokens as spaCy would give them for these texts: words and punctuation, by character offsets."""
    return [(m.start(), m.end()) for m in re.finditer(r"\w+|[^\w\s]|\s+", text)]


def test_alignment_with_accents_combining_marks_and_emoji() -> None:
    # Composed and decomposed accents, curly quotes, an emoji and a zero-width joiner: the tokenizer
    # strips accents and drops some characters, but every offset must still point into the original text.
    text = "Zoe\u0301 met Élodie’s café 🙂 and naïve\u200dok."
    tokens = whitespace_tokens(text)
    alignment = align(small_tokenizer(), text, tokens)
    encoding = small_tokenizer().encode(text, add_special_tokens=False)
    assert alignment.n_tokens == len(tokens)
    for t, (start, end) in enumerate(tokens):
        if not alignment.has_pieces[t]:
            continue
        first, last = alignment.first[t], alignment.last[t]
        assert first <= last
        # the token's first piece overlaps the token's characters, and so does its last
        for piece in (first, last):
            p_start, p_end = encoding.offsets[piece]
            assert p_start < end and p_end > start, (text[start:end], piece)
    by_text = {text[s:e]: t for t, (s, e) in enumerate(tokens)}
    assert [
        VOCAB[i]
        for i in alignment.ids[alignment.first[by_text["café"]] : alignment.last[by_text["café"]] + 1]
    ] == ["cafe"]
    # whitespace tokens and a lone emoji have no wordpiece of their own (or only [UNK])
    assert not alignment.has_pieces[by_text[" "]]
    # the case of the original characters is kept although the ids are lowercased
    assert alignment.cases[alignment.first[by_text["Élodie"]]] == CASE_TITLE
    assert alignment.cases[alignment.first[by_text["met"]]] == CASE_LOWER
    assert alignment.cases[alignment.first[by_text["."]]] == CASE_OTHER


def test_case_of_all_capitals() -> None:
    text = "THE cafe"
    alignment = align(small_tokenizer(), text, whitespace_tokens(text))
    assert list(alignment.cases) == [CASE_UPPER, CASE_LOWER]


def test_alignment_of_empty_text_and_tokens_that_split_a_wordpiece() -> None:
    empty = align(small_tokenizer(), "", [])
    assert empty.n_tokens == 0 and empty.n_pieces == 0
    assert list(windows(empty)) == []
    # spaCy splits "elodies" differently from WordPiece ("elodie" "##s"): both tokens map onto pieces
    text = "elodies"
    alignment = align(small_tokenizer(), text, [(0, 5), (5, 7)])
    assert list(alignment.first) == [0, 0]
    assert list(alignment.last) == [0, 1]


def long_text(n_words: int) -> str:
    words = ["the", "cafe", "said", "she", "Zoe", "met", "Elodie", "and", "a", "b", "c", "naive", "ok"]
    rng = numpy.random.default_rng(0)
    return " ".join(str(words[i]) for i in rng.integers(0, len(words), n_words)) + "."


@pytest.mark.parametrize(("max_len", "context"), [(64, 8), (256, 32), (512, 32)])
def test_windows_cover_every_token_once_with_context(max_len: int, context: int) -> None:
    text = long_text(3000)
    tokens = whitespace_tokens(text)
    alignment = align(small_tokenizer(), text, tokens)
    owner = numpy.zeros(alignment.n_tokens, dtype=int)
    found = list(windows(alignment, max_len=max_len, context=context))
    assert len(found) > 1
    for k, window in enumerate(found):
        assert window.piece_end - window.piece_start <= max_len - 2
        assert window.token_start <= window.core_start <= window.core_end <= window.token_end
        owner[window.core_start : window.core_end] += 1
        for t in range(window.core_start, window.core_end):
            if not alignment.has_pieces[t]:
                continue
            # a core token has context on both sides, except at the text's own ends
            if k > 0:
                assert alignment.first[t] - window.piece_start >= context
            if k < len(found) - 1:
                assert window.piece_end - alignment.first[t] > context
        arrays = window_input(alignment, window, cls_id=2, sep_id=3)
        assert arrays.input_ids.shape[1] <= max_len
        assert arrays.input_ids[0, 0] == 2 and arrays.input_ids[0, -1] == 3
        assert arrays.case_ids[0, 0] == CASE_SPECIAL
        n_pieces = arrays.input_ids.shape[1]
        assert (arrays.token_first >= 1).all() and (arrays.token_last <= n_pieces - 2).all()
    assert (owner == 1).all()


def test_span_mask_keeps_spans_that_start_in_the_core() -> None:
    text = long_text(400)
    tokens = whitespace_tokens(text)
    alignment = align(small_tokenizer(), text, tokens)
    found = list(windows(alignment, max_len=64, context=8))
    starts: list[int] = []
    for window in found:
        mask = span_mask(alignment, window, max_width=5)
        assert mask.shape == (window.token_end - window.token_start, 5)
        for i, w in numpy.argwhere(mask):
            start, end = window.token_start + i, window.token_start + i + w
            assert window.core_start <= start < window.core_end
            assert end < window.token_end
            assert alignment.has_pieces[start] and alignment.has_pieces[end]
            if w == 0:
                starts.append(int(start))
    # every token that has pieces can be predicted as a one-token entity exactly once
    assert sorted(starts) == [t for t in range(alignment.n_tokens) if alignment.has_pieces[t]]


def test_decoding_keeps_nested_spans_and_drops_crossing_ones() -> None:
    logits = numpy.full((4, 3, 3), -5.0)
    logits[..., 0] = 5.0  # "none" everywhere ...
    logits[0, 2] = [-5, 4, 0]  # tokens 0-2: type 0, confident
    logits[1, 0] = [-5, 0, 3]  # token 1 alone: type 1, nested inside
    logits[1, 2] = [-2, 0, 1]  # tokens 1-3 cross 0-2: less confident, dropped
    mask = numpy.ones((4, 3), dtype=bool)
    mask[3, 1:] = False
    found = candidates(logits, mask, offset=10, threshold=0.5)
    assert {(s.start, s.end) for s in found} == {(10, 13), (11, 12), (11, 14)}
    kept = select(found)
    assert [(s.start, s.end, s.label) for s in kept] == [(10, 13, 0), (11, 12, 1)]
    assert select([ScoredSpan(0, 2, 0, 0.9), ScoredSpan(0, 2, 1, 0.6)]) == [ScoredSpan(0, 2, 0, 0.9)]


def test_missing_model_files_raise_model_error_naming_the_file(tmp_path: Path) -> None:
    from ficlens.pipeline.encoder.model import EncoderModel

    with pytest.raises(ModelError, match=re.escape(str(tmp_path / "encoder.onnx"))):
        EncoderModel(tmp_path)
    (tmp_path / "encoder.onnx").write_bytes(b"\x08\x01garbage")
    with pytest.raises(ModelError, match=re.escape(str(tmp_path / "tokenizer.json"))):
        EncoderModel(tmp_path)


def test_corrupt_model_files_raise_model_error_naming_the_file(tmp_path: Path) -> None:
    from ficlens.pipeline.encoder.model import EncoderModel

    small_tokenizer().save(str(tmp_path / "tokenizer.json"))
    (tmp_path / "encoder.onnx").write_bytes(b"\x08\x01 this is not an onnx graph")
    with pytest.raises(ModelError, match=re.escape(str(tmp_path / "encoder.onnx"))):
        EncoderModel(tmp_path)
    (tmp_path / "tokenizer.json").write_text("{not json", encoding="utf-8")
    with pytest.raises(ModelError, match=re.escape(str(tmp_path / "tokenizer.json"))):
        EncoderModel(tmp_path)


def toy_pipeline(tmp_path: Path, *, max_len: int = 96) -> Language:
    import spacy

    from ficlens.pipeline.encoder import add_encoder

    from .encoder_helpers import write_toy_model

    small_tokenizer().save(str(tmp_path / "tokenizer.json"))
    write_toy_model(tmp_path, vocab_size=len(VOCAB), person_id=VOCAB.index("elodie"), max_len=max_len)
    nlp = spacy.blank("en")
    add_encoder(nlp, model_dir=tmp_path)
    return nlp


def test_encoder_pipe_writes_entities_on_a_tiny_text(tmp_path: Path) -> None:
    from ficlens.pipeline.encoder.component import ENCODER_OUTPUT
    from ficlens.pipeline.extensions import ENTITY_SPANS

    nlp = toy_pipeline(tmp_path)
    assert nlp.pipe_names == ["ficlens_encoder", "ficlens_encoder_entities"]
    doc = nlp("Zoé met Élodie at the café.")
    assert [(s.text, s.label_) for s in doc.spans[ENTITY_SPANS]] == [("Élodie", "PER")]
    assert doc._.get(ENCODER_OUTPUT) is None  # the head consumed the scores
    empty = nlp("")
    assert list(empty.spans[ENTITY_SPANS]) == []
    assert [list(d.spans[ENTITY_SPANS]) for d in nlp.pipe(["  ", "Élodie"])][1][0].text == "Élodie"


def test_encoder_pipe_stitches_windows_on_a_long_text(tmp_path: Path) -> None:
    from ficlens.pipeline.extensions import ENTITY_SPANS

    nlp = toy_pipeline(tmp_path, max_len=96)
    text = long_text(5000)
    doc = nlp(text)
    expected = [t.i for t in doc if t.text == "Elodie"]
    assert len(expected) > 100
    found = [(s.start, s.end) for s in doc.spans[ENTITY_SPANS]]
    # one entity per occurrence, none lost or doubled where the windows overlap
    assert found == [(i, i + 1) for i in expected]


def test_encoder_model_metadata_is_required(tmp_path: Path) -> None:
    import onnx

    from ficlens.pipeline.encoder.model import EncoderModel

    from .encoder_helpers import write_toy_model

    small_tokenizer().save(str(tmp_path / "tokenizer.json"))
    write_toy_model(tmp_path, vocab_size=len(VOCAB), person_id=4)
    model = onnx.load(str(tmp_path / "encoder.onnx"))
    del model.metadata_props[:]
    onnx.save(model, str(tmp_path / "encoder.onnx"))
    with pytest.raises(ModelError, match="not a readable ficlens encoder model"):
        EncoderModel(tmp_path)


def test_cli_rejects_an_unknown_model_in_one_line(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from ficlens.cli import app

    story = tmp_path / "story.txt"
    story.write_text("Zoe met Elodie.", encoding="utf-8")
    result = CliRunner().invoke(app, ["analyze", str(story), "--model", "huge", "--out", str(tmp_path)])
    assert result.exit_code == 2
    assert "--model huge: choose one of fast, accurate" in result.output
    assert not list(tmp_path.glob("*.json"))


def test_the_encoder_is_recorded_with_its_checksum(tmp_path: Path) -> None:
    import hashlib

    from ficlens.datamodel import Metadata, ModelRecord, Source, SourceFormat, StoryAnalysis
    from ficlens.output.json_io import load_analysis, write_json
    from ficlens.pipeline.run import model_records

    nlp = toy_pipeline(tmp_path)
    digest = hashlib.sha256((tmp_path / "encoder.onnx").read_bytes()).hexdigest()
    records = model_records(nlp)
    assert records == (ModelRecord("ficlens-encoder-entities", "1", digest),)

    analysis = StoryAnalysis(Source(None, SourceFormat.TEXT, ""), Metadata(), "text", models=records)
    write_json(analysis, tmp_path / "a.ficlens.json")
    assert load_analysis(tmp_path / "a.ficlens.json").models == records


def test_fast_mode_records_every_trained_model() -> None:
    import hashlib

    from ficlens.pipeline.entities.component import shipped_model_dir
    from ficlens.pipeline.run import load_pipeline, model_records
    from ficlens.pipeline.weights import shipped_file

    def sha(path: Path) -> str:
        return hashlib.sha256(path.read_bytes()).hexdigest()

    records = {r.name: r.sha256 for r in model_records(load_pipeline(model="fast").nlp)}
    assert records == {
        "ficlens-entities-fast": sha(shipped_model_dir() / "weights" / "model"),
        "ficlens-coreference": sha(shipped_file("coref/coref.json")),
        "ficlens-speaker": sha(shipped_file("speakers/speakers.json")),
        "ficlens-emotion": sha(shipped_file("emotions/emotions.npz")),
    }


def test_accurate_mode_without_its_model_names_the_missing_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A missing encoder must be named, never replaced by the fast recogniser.
    from ficlens.pipeline.encoder import model as encoder_model
    from ficlens.pipeline.run import build_nlp

    monkeypatch.setattr(encoder_model, "shipped_model_dir", lambda: tmp_path)
    with pytest.raises(ModelError, match=re.escape(str(tmp_path / encoder_model.MODEL_FILE))):
        build_nlp(doc_stage=(), model="accurate")


def test_cli_accurate_mode_fails_in_one_line_naming_the_missing_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from typer.testing import CliRunner

    from ficlens.cli import app
    from ficlens.pipeline.encoder import model as encoder_model
    from ficlens.pipeline.run import _load_pipeline

    empty = tmp_path / "no-model"
    empty.mkdir()
    monkeypatch.setattr(encoder_model, "shipped_model_dir", lambda: empty)
    _load_pipeline.cache_clear()
    story = tmp_path / "story.txt"
    story.write_text("Zoe met Elodie.", encoding="utf-8")
    try:
        result = CliRunner().invoke(
            app, ["analyze", str(story), "--model", "accurate", "--out", str(tmp_path)]
        )
    finally:
        _load_pipeline.cache_clear()
    assert result.exit_code == 2
    assert encoder_model.MODEL_FILE in result.output and "--model fast" in result.output
    assert "Traceback" not in result.output
    assert not list(tmp_path.glob("*.json"))


def test_the_shipped_encoder_is_the_one_its_card_describes() -> None:
    # the card names the SHA-256 of both files, and the training command's provenance ships beside them
    import hashlib
    import json

    from ficlens.pipeline.encoder.model import MODEL_FILE, TOKENIZER_FILE, shipped_model_dir

    folder = shipped_model_dir()
    card = (folder / "README.md").read_text(encoding="utf-8")
    for name in (MODEL_FILE, TOKENIZER_FILE):
        assert hashlib.sha256((folder / name).read_bytes()).hexdigest() in card, name
    provenance = json.loads((folder / "provenance.json").read_text(encoding="utf-8"))
    assert provenance["command"].startswith("ficlens train encoder")
    assert provenance["data"]["files"] > 0


def test_accurate_mode_finds_people_in_a_story_it_never_saw() -> None:
    # invented names, so no list could know them: the fine-tuned encoder must read them as people
    from ficlens.pipeline.run import build_nlp

    nlp = build_nlp(doc_stage=(), model="accurate")
    assert "ner" not in nlp.pipe_names  # the encoder's entity head replaces en_core_web_sm's NER
    doc = nlp(
        "Orla Vantreece pushed open the door of the forge. Idris was already there, sleeves rolled. "
        '"You are late," he said, and Orla laughed at him.'
    )
    people = {s.text for s in doc.spans["ficlens_entities"] if s.label_ == "PER"}
    assert {"Orla Vantreece", "Idris"} <= people, people

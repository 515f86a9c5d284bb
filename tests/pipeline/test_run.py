"""The runner: chunks concatenate back to the text exactly (so Doc offsets are text offsets), and several
worker processes give what one gives."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ficlens.pipeline.run import chunk_text

texts = st.text(alphabet=st.sampled_from(list("ab c\n\n.")), max_size=2000)


@given(texts, st.integers(min_value=8, max_value=300))
def test_pieces_concatenate_to_the_text_and_stay_near_the_size(text: str, size: int) -> None:
    pieces = list(chunk_text(text, size))
    assert "".join(pieces) == text
    assert all(piece for piece in pieces)
    assert all(len(piece) <= size for piece in pieces)


def test_pieces_end_at_a_paragraph_break_when_there_is_one() -> None:
    text = ("word " * 30 + "\n\n") * 10
    pieces = list(chunk_text(text, 200))
    assert len(pieces) > 1
    assert all(piece.endswith("\n\n") for piece in pieces[:-1])


EXAMPLE = Path(__file__).resolve().parents[2] / "src" / "ficlens" / "examples" / "camp-reyes.txt"


def test_process_many_in_two_processes_gives_what_process_gives() -> None:
    from ficlens.analysis.build import build_analysis
    from ficlens.analysis.run import load_story
    from ficlens.ingest import story_from_text
    from ficlens.output.json_io import dumps
    from ficlens.pipeline.run import load_pipeline

    pipeline = load_pipeline()
    stories = [load_story(EXAMPLE), story_from_text('"Go," Mara said to Tobin.\n\nHe went.\n')]
    want = [dumps(build_analysis(s, pipeline.process(s))) for s in stories]
    got = [dumps(build_analysis(None, doc)) for doc in pipeline.process_many(stories, n_process=2)]
    assert got == want


def test_cli_processes_writes_what_one_process_writes(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text('"Go now," Mara said to Tobin.\n\nHe went. She smiled.\n', encoding="utf-8")
    (folder / "b.md").write_text('# One\n\nIdris Vale laughed. "Stay," he told Ines.\n', encoding="utf-8")
    (folder / "c.txt").write_text("", encoding="utf-8")  # bad input: reported, the others still written
    outs = {}
    for n in (1, 2):
        out = tmp_path / f"out{n}"
        cmd = [
            sys.executable,
            "-m",
            "ficlens.cli",
            "analyze",
            str(folder),
            "--out",
            str(out),
            "-q",
            "-p",
            str(n),
        ]
        done = subprocess.run(cmd, capture_output=True, text=True)
        assert (
            done.returncode == 2 and done.stderr.strip() == f"ficlens: error: {folder / 'c.txt'}: empty file"
        )
        outs[n] = {p.name: p.read_text(encoding="utf-8") for p in sorted(out.iterdir())}
    assert sorted(outs[1]) == ["a.ficlens.json", "b.ficlens.json"]
    assert outs[2] == outs[1]


def test_equal_pipelines_are_one_cache_entry() -> None:
    from ficlens.pipeline.factories import DOC_STAGE
    from ficlens.pipeline.run import DEFAULT_MODEL, load_pipeline

    assert DEFAULT_MODEL == "accurate"
    assert load_pipeline() is load_pipeline(model="accurate")
    default = load_pipeline(model="fast")
    assert load_pipeline(model="fast", doc_stage=DOC_STAGE, threads=4) is default
    assert load_pipeline(model="fast", doc_stage=list(DOC_STAGE)) is default  # type: ignore[arg-type]
    bare = load_pipeline(entities=False, doc_stage=())
    assert load_pipeline(entities=False, doc_stage=(), model="accurate") is bare
    assert bare is not default


def test_chunks_are_parsed_one_a_batch_and_the_batch_changes_nothing(monkeypatch: pytest.MonkeyPatch) -> None:
    """One chunk per ``nlp.pipe`` batch bounds the parse's memory (tok2vec holds a whole batch's arrays);
    the analysis is what batches of four give."""
    from ficlens.analysis.build import build_analysis
    from ficlens.analysis.run import load_story
    from ficlens.output.json_io import dumps
    from ficlens.pipeline import run

    pipeline = run.load_pipeline()
    story = load_story(EXAMPLE)
    monkeypatch.setattr(run, "CHUNK_CHARS", 1500)  # the example in several chunks
    assert len(list(run.chunk_text(story.prose_text(), run.CHUNK_CHARS))) > 4
    asked: list[int] = []
    pipe = pipeline.nlp.pipe

    def spy(*args: Any, **kwargs: Any) -> Any:
        asked.append(kwargs["batch_size"])
        return pipe(*args, **kwargs)

    monkeypatch.setattr(pipeline.nlp, "pipe", spy)
    one = dumps(build_analysis(story, pipeline.process(story)))
    assert asked == [1]
    monkeypatch.setattr(run, "PARSE_BATCH", 4)
    monkeypatch.setattr(run.Pipeline.parse_texts, "__kwdefaults__", {"batch_size": 4})
    four = dumps(build_analysis(story, pipeline.process(story)))
    assert asked == [1, 4]
    assert one == four


@pytest.mark.parametrize(("model", "chunk_chars"), [("fast", None), ("fast", 1500), ("accurate", 1500)])
def test_two_threads_give_the_analysis_one_thread_gives(
    monkeypatch: pytest.MonkeyPatch, model: str, chunk_chars: int | None
) -> None:
    """``threads=2`` parses the chunks in two processes: the same analysis, byte for byte, for the example
    in one chunk and in several, in both modes."""
    from ficlens.analysis.run import analyze_story, load_story
    from ficlens.output.json_io import dumps
    from ficlens.pipeline import run

    story = load_story(EXAMPLE)
    if chunk_chars is not None:
        monkeypatch.setattr(run, "CHUNK_CHARS", chunk_chars)
        assert len(list(run.chunk_text(story.prose_text(), run.CHUNK_CHARS))) > 4
    forked: list[int] = []
    parse = run.Pipeline._parse_in_workers

    def spy(self: Any, pieces: list[str], workers: int) -> Any:
        forked.append(workers)
        return parse(self, pieces, workers)

    monkeypatch.setattr(run.Pipeline, "_parse_in_workers", spy)
    one = dumps(analyze_story(story, model=model, threads=1))
    assert forked == []
    two = dumps(analyze_story(story, model=model, threads=2))
    assert forked == ([] if chunk_chars is None else [2])  # one chunk: nothing to share out
    assert two == one


def _raise_model_error(text: str) -> bytes:
    from ficlens.errors import ModelError

    raise ModelError("encoder.onnx", "unreadable in the worker")


def _die(text: str) -> bytes:
    os._exit(3)


def test_a_worker_error_is_raised_as_it_was_and_a_dead_worker_is_a_worker_error(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """What goes wrong in a chunk worker surfaces in the caller, never as a hang: its exception with its
    type and message, or ``WorkerError`` when the process itself dies."""
    from ficlens.analysis.run import analyze_story, load_story
    from ficlens.errors import ModelError, WorkerError
    from ficlens.pipeline import run

    story = load_story(EXAMPLE)
    monkeypatch.setattr(run, "CHUNK_CHARS", 1500)
    monkeypatch.setattr(run, "_parse_chunk", _raise_model_error)  # what a worker runs on a chunk
    with pytest.raises(ModelError, match=r"^encoder\.onnx: unreadable in the worker$"):
        analyze_story(story, threads=2)
    monkeypatch.setattr(run, "_parse_chunk", _die)
    with pytest.raises(WorkerError, match="worker process stopped"):
        analyze_story(story, threads=2)


def test_cli_threads_writes_what_one_thread_writes(tmp_path: Path) -> None:
    """``ficlens analyze --threads 2`` on a story of two chunks (the example three times over) writes the
    files ``--threads 1`` writes."""
    story = tmp_path / "long.txt"
    story.write_text("\n\n".join([EXAMPLE.read_text(encoding="utf-8").strip()] * 3) + "\n", encoding="utf-8")
    outs = {}
    for n in (1, 2):
        out = tmp_path / f"out{n}"
        cmd = [sys.executable, "-m", "ficlens.cli", "analyze", str(story), "--out", str(out), "-q"]
        done = subprocess.run([*cmd, "--threads", str(n)], capture_output=True, text=True)
        assert done.returncode == 0, done.stderr
        outs[n] = {p.name: p.read_text(encoding="utf-8") for p in sorted(out.iterdir())}
    assert list(outs[1]) == ["long.ficlens.json"]
    assert outs[2] == outs[1]

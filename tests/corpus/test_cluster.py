"""`ficlens corpus run` on real Dask clusters: an external scheduler with two workers, and the embedded
LocalCluster killed mid-run (a worker, then the client, with SIGKILL) and resumed; the stores are compared
row by row."""

from __future__ import annotations

import contextlib
import json
import os
import shlex
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import psutil
import pytest
from corpus_stories import write_corpus

from ficlens.corpus import store
from ficlens.corpus.query import connect, run_query, write_query

WORKS = 10
SENTENCES = 20  # a few tenths of a second a work
LONG_WORKS = 40  # the interrupted runs: enough works that the kill lands mid-run on an idle machine too
CLI = [sys.executable, "-m", "ficlens.cli", "corpus"]
# columns that differ between two runs of the same corpus: where and when a row was committed and computed
VOLATILE = {"batch", "committed_at", "seconds", "cpu_seconds", "worker", "worker_peak_rss_mb"}


def _run(*args: str, timeout: float = 240) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*CLI, *args], capture_output=True, text=True, timeout=timeout)


def _table(root: Path, table: str) -> list[tuple[object, ...]]:
    con = connect(root, identities=False)
    columns = [c for c in con.sql(f"SELECT * FROM {table}").columns if c not in VOLATILE]
    quoted = ", ".join('"' + column + '"' for column in columns)
    rows = con.sql(f"SELECT {quoted} FROM {table} ORDER BY ALL").fetchall()
    con.close()
    return rows


def _works_in_several_batches(root: Path, table: str) -> list[tuple[object, ...]]:
    con = connect(root, identities=False)
    rows = con.sql(
        f"SELECT work_hash FROM raw_{table} GROUP BY work_hash HAVING count(DISTINCT batch) > 1"
    ).fetchall()
    con.close()
    return rows


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("corpus")
    write_corpus(folder, works=WORKS, sentences=SENTENCES)
    return folder


def _kill_tree(pid: int) -> None:
    try:
        process = psutil.Process(pid)
        family = [process, *process.children(recursive=True)]
    except psutil.NoSuchProcess:
        return
    for member in family:
        with contextlib.suppress(psutil.NoSuchProcess):
            member.send_signal(signal.SIGKILL)
    psutil.wait_procs(family, timeout=10)


@pytest.fixture(scope="module")
def cluster(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A `dask scheduler` and two `dask worker` processes on localhost, as a user with a cluster runs them."""
    folder = tmp_path_factory.mktemp("cluster")
    file = folder / "scheduler.json"
    dask = [sys.executable, "-m", "dask"]
    quiet = {"stdout": subprocess.DEVNULL, "stderr": subprocess.DEVNULL}
    procs = [
        subprocess.Popen(
            [
                *dask,
                "scheduler",
                "--host",
                "127.0.0.1",
                "--port",
                "0",
                "--no-dashboard",
                "--scheduler-file",
                str(file),
            ],
            **quiet,  # type: ignore[call-overload]
        )
    ]
    try:
        deadline = time.monotonic() + 60
        while not file.exists() and time.monotonic() < deadline:
            time.sleep(0.2)
        address = json.loads(file.read_text())["address"]
        for _ in range(2):
            procs.append(
                subprocess.Popen(
                    [*dask, "worker", address, "--nthreads", "1", "--no-dashboard", "--host", "127.0.0.1"],
                    **quiet,  # type: ignore[call-overload]
                )
            )
        wait = (
            f"from distributed import Client; c = Client({address!r}); "
            "c.wait_for_workers(2, timeout=120); c.close()"
        )
        subprocess.run([sys.executable, "-c", wait], check=True, timeout=150, **quiet)  # type: ignore[call-overload]
        yield address
    finally:
        for proc in procs:
            _kill_tree(proc.pid)
            proc.wait()


@pytest.fixture(scope="module")
def long_corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("long_corpus")
    write_corpus(folder, works=LONG_WORKS, sentences=SENTENCES)
    return folder


@pytest.fixture(scope="module")
def long_reference(long_corpus: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The long corpus analysed in one uninterrupted local run."""
    root = tmp_path_factory.mktemp("long_reference") / "store"
    out = _run("run", str(long_corpus), "--store", str(root), "--workers", "2", "--quiet")
    assert out.returncode == 1, out.stderr  # the broken file
    assert f"{LONG_WORKS} stored, 1 failed" in out.stdout
    return root


@pytest.fixture(scope="module")
def reference(corpus: Path, cluster: str, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The corpus analysed in one uninterrupted run on the external cluster."""
    root = tmp_path_factory.mktemp("reference") / "store"
    out = _run("run", str(corpus), "--store", str(root), "--scheduler", cluster, "--quiet")
    assert out.returncode == 1, out.stderr  # one work failed: the broken file
    assert f"{WORKS} stored, 1 failed" in out.stdout
    assert "on 2 workers" in out.stdout
    assert "broken.html: unsupported format" in out.stderr
    return root


def test_an_external_cluster_stores_every_work_and_records_the_broken_one(reference: Path) -> None:
    con = connect(reference, identities=False)
    assert con.sql("SELECT count(*), count(DISTINCT work_hash) FROM works").fetchone() == (WORKS, WORKS)
    assert con.sql("SELECT count(DISTINCT worker) FROM works").fetchone() == (2,)
    errors = con.sql("SELECT path, stage, reason FROM errors").fetchall()
    assert len(errors) == 1 and errors[0][0].endswith("broken.html") and errors[0][1] == "read"
    assert con.sql("SELECT count(*) FROM characters").fetchone()[0] >= WORKS * 2  # type: ignore[index]
    assert con.sql("SELECT count(*) FROM quotes").fetchone()[0] > 0  # type: ignore[index]
    assert con.sql("SELECT count(DISTINCT fandom) FROM works").fetchone() == (3,)


def test_a_rerun_skips_stored_and_failed_works_and_retry_errors_tries_again(
    corpus: Path, cluster: str, reference: Path
) -> None:
    out = _run("run", str(corpus), "--store", str(reference), "--scheduler", cluster, "--quiet")
    assert out.returncode == 0, out.stderr
    assert f"0 stored, 0 failed, {WORKS} already in the store, 1 failed before" in out.stdout
    out = _run(
        "run", str(corpus), "--store", str(reference), "--scheduler", cluster, "--quiet", "--retry-errors"
    )
    assert out.returncode == 1
    assert f"0 stored, 1 failed, {WORKS} already in the store, 0 failed before" in out.stdout
    con = connect(reference, identities=False)
    assert con.sql("SELECT count(*) FROM raw_errors").fetchone() == (2,)  # tried twice, recorded twice
    assert con.sql("SELECT count(*) FROM errors").fetchone() == (1,)  # read as its latest failure
    assert con.sql("SELECT count(*) FROM raw_works").fetchone() == (WORKS,)


def test_a_local_run_killed_mid_way_resumes_to_exactly_the_same_rows(
    long_corpus: Path, long_reference: Path, tmp_path: Path
) -> None:
    root = tmp_path / "store"
    command = [
        *CLI,
        "run",
        str(long_corpus),
        "--store",
        str(root),
        "--workers",
        "2",
        "--batch-works",
        "1",
        "--quiet",
    ]
    client = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 180
        while time.monotonic() < deadline and len(store.done_hashes(root) if root.exists() else ()) < 3:
            assert client.poll() is None, (
                f"the run ended (exit {client.returncode}) before it could be killed"
            )
            time.sleep(0.1)
        done = store.done_hashes(root)
        assert 3 <= len(done) < LONG_WORKS, "the run should be stopped mid-way"
        # first a worker (its pid is in the rows it committed), then the client with all it started
        worker = connect(root, identities=False).sql("SELECT any_value(worker) FROM works").fetchone()[0]  # type: ignore[index]
        os.kill(int(worker.rsplit(":", 1)[1]), signal.SIGKILL)
        time.sleep(0.5)
    finally:
        _kill_tree(client.pid)
        client.wait()
    stored_before = len(store.done_hashes(root))
    assert stored_before < LONG_WORKS
    out = _run("run", str(long_corpus), "--store", str(root), "--workers", "2", "--quiet")
    # the broken file fails now, or failed before the kill and is not retried
    assert out.returncode in (0, 1), out.stderr
    assert f"{LONG_WORKS - stored_before} stored, " in out.stdout
    assert f"{stored_before} already in the store" in out.stdout
    # every work exactly once, in the deduplicated views and in the raw files alike
    for table in store.TABLES:
        if table == "mentions":
            continue
        assert _works_in_several_batches(root, table) == [], f"a work committed twice in raw {table}"
        assert _table(root, table) == _table(long_reference, table), table
    con = connect(root, identities=False)
    counts = con.sql("SELECT count(*), count(DISTINCT work_hash) FROM raw_works").fetchone()
    assert counts == (LONG_WORKS, LONG_WORKS)


def test_the_readme_queries_run_and_return_rows(reference: Path, tmp_path: Path) -> None:
    readme = (Path(__file__).parents[2] / "README.md").read_text(encoding="utf-8")
    commands = [
        line for line in readme.splitlines() if line.startswith("ficlens corpus query ficlens-corpus ")
    ]
    assert len(commands) >= 6
    for line in commands:
        args = shlex.split(line)[4:]
        sql = args[0]
        if "--out" in args:
            out = tmp_path / Path(args[args.index("--out") + 1]).name
            assert write_query(reference, sql, out) > 0, line
            assert out.stat().st_size > 0
        else:
            assert run_query(reference, sql)[1], f"no rows: {line}"


def test_ctrl_c_stops_the_run_cleanly_and_keeps_what_was_committed(long_corpus: Path, tmp_path: Path) -> None:
    root = tmp_path / "store"
    command = [*CLI, "run", str(long_corpus), "--store", str(root), "--batch-works", "1", "--quiet"]
    # a session of its own, so the SIGINT reaches the client and its workers, as Ctrl-C in a terminal does
    run = subprocess.Popen(
        command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True
    )
    try:
        deadline = time.monotonic() + 180
        while time.monotonic() < deadline and len(store.done_hashes(root) if root.exists() else ()) < 2:
            assert run.poll() is None, f"the run ended (exit {run.returncode}) before Ctrl-C"
            time.sleep(0.1)
        os.killpg(run.pid, signal.SIGINT)
        out, err = run.communicate(timeout=60)
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(run.pid, signal.SIGKILL)
        run.wait()
    assert run.returncode == 130, err
    assert "Traceback" not in err
    assert err.endswith(
        "ficlens: error: interrupted; finished works are stored, rerun the same command to resume\n"
    )
    stored = len(store.done_hashes(root))
    assert 2 <= stored < LONG_WORKS
    assert f"{stored} stored" in out
    assert not any((root / store.TMP).iterdir()) if (root / store.TMP).exists() else True

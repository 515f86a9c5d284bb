"""One writer per store, readers never disturb it, an interrupted commit never commits twice."""

from __future__ import annotations

from pathlib import Path

import pytest

from ficlens.corpus import store
from ficlens.corpus.query import connect
from ficlens.errors import InputError


def _error(n: int) -> store.Rows:
    return store.error_rows(work_hash=f"{n:064x}", path=f"w{n}.txt", stage="read", reason="unreadable")


def test_a_query_leaves_a_batch_being_written_alone(tmp_path: Path) -> None:
    root = store.open_store(tmp_path / "s", create=True)
    staging = root / store.TMP / "0123abcd"
    staging.mkdir(parents=True)
    (staging / "works.parquet").write_bytes(b"being written")
    connect(root, identities=False).close()
    assert (staging / "works.parquet").read_bytes() == b"being written"
    # the next run (the store's one writer) clears what a crash left
    with store.run_lock(root):
        store.open_store(root, create=False, writer=True)
    assert not staging.exists()


def test_a_second_run_on_the_same_store_is_refused(tmp_path: Path) -> None:
    root = store.open_store(tmp_path / "s", create=True)
    with (
        store.run_lock(root),
        pytest.raises(InputError, match="another ficlens corpus run"),
        store.run_lock(root),
    ):
        pass
    with store.run_lock(root):  # released when the first run ends
        pass


def test_an_interrupt_after_the_rename_does_not_commit_the_batch_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = store.open_store(tmp_path / "s", create=True)
    writer = store.BatchWriter(root, max_works=10)
    writer.add(_error(1))
    writer.add(_error(2))
    real_fsync = store._fsync

    def interrupted(path: Path) -> None:
        if path.name != store.TMP and path.parent.name == store.BATCHES:  # the fsync after the rename
            raise KeyboardInterrupt
        real_fsync(path)

    monkeypatch.setattr(store, "_fsync", interrupted)
    with pytest.raises(KeyboardInterrupt):
        writer.commit()
    monkeypatch.setattr(store, "_fsync", real_fsync)
    assert writer.commit() is None  # what the interrupt handler does: nothing is left to commit twice
    assert len(list(store.batch_dirs(root))) == 1
    assert (writer.works_committed, writer.errors_committed) == (0, 2)
    con = connect(root, identities=False)
    assert con.sql("SELECT count(*), count(DISTINCT batch) FROM raw_errors").fetchone() == (2, 1)


def test_an_interrupt_before_the_rename_leaves_no_half_batch_and_keeps_the_rows(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = store.open_store(tmp_path / "s", create=True)
    writer = store.BatchWriter(root, max_works=10)
    writer.add(_error(1))
    real_stage = store.BatchWriter._stage

    def interrupted(self: store.BatchWriter, staging: Path, batch: str, pending: store.Rows) -> None:
        staging.mkdir(parents=True)
        raise KeyboardInterrupt  # one that had arrived before the commit held Ctrl-C back

    monkeypatch.setattr(store.BatchWriter, "_stage", interrupted)
    with pytest.raises(KeyboardInterrupt):
        writer.commit()
    assert not any((root / store.TMP).iterdir())
    monkeypatch.setattr(store.BatchWriter, "_stage", real_stage)
    assert writer.commit() is not None  # the interrupt handler's commit stores the rows, once
    assert (writer.works_committed, writer.errors_committed) == (0, 1)
    assert len(list(store.batch_dirs(root))) == 1

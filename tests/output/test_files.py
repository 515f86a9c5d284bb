from __future__ import annotations

import stat
from pathlib import Path

import pytest

from ficlens.output.files import atomic_write_text


def test_writes_the_text_readable_by_all_and_replaces_an_older_file(tmp_path: Path) -> None:
    target = tmp_path / "sub" / "a.json"
    atomic_write_text(target, "one")
    atomic_write_text(target, "two\r\n")
    assert target.read_bytes() == b"two\r\n"
    assert stat.S_IMODE(target.stat().st_mode) == 0o644
    assert [p.name for p in target.parent.iterdir()] == ["a.json"]


def test_a_failed_write_leaves_the_old_file_and_no_temporary(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import ficlens.output.files as files

    target = tmp_path / "a.json"
    target.write_text("old")

    def boom(src: str, dst: str) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(files.os, "replace", boom)
    with pytest.raises(OSError):
        atomic_write_text(target, "new")
    assert target.read_text() == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["a.json"]


def test_the_temporary_file_is_created_exclusively_and_never_follows_a_planted_link(tmp_path: Path) -> None:
    import os

    from ficlens.output.files import atomic_writer

    victim = tmp_path / "victim.txt"
    victim.write_text("keep me\n", encoding="utf-8")
    # A fixed temporary name (the old ``NAME.partial``) could be planted as a link to another file.
    for planted in ("g.graphml.partial", ".g.graphml.tmp", "g.graphml.tmp"):
        os.symlink(victim, tmp_path / planted)
    before = set(tmp_path.iterdir())
    with atomic_writer(tmp_path / "g.graphml", binary=True) as handle:
        handle.write(b"<graphml/>")
        handle.flush()
        (temporary,) = set(tmp_path.iterdir()) - before
        assert not temporary.is_symlink() and temporary.read_bytes() == b"<graphml/>"
    assert victim.read_text(encoding="utf-8") == "keep me\n"
    assert (tmp_path / "g.graphml").read_bytes() == b"<graphml/>"
    assert set(tmp_path.iterdir()) - before == {tmp_path / "g.graphml"}


def test_an_out_folder_that_is_a_file_or_not_writable_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import tempfile

    from ficlens.errors import InputError
    from ficlens.output.files import check_out_dir

    (tmp_path / "file").write_text("x")
    with pytest.raises(InputError, match="is a file, not a folder"):
        check_out_dir(tmp_path / "file")
    with pytest.raises(InputError, match="cannot create the folder"):
        check_out_dir(tmp_path / "file" / "below")
    check_out_dir(tmp_path / "new" / "deeper")
    assert (tmp_path / "new" / "deeper").is_dir()

    def refuse(*args: object, **kwargs: object) -> None:  # root ignores chmod, so refuse here
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(tempfile, "TemporaryFile", refuse)
    with pytest.raises(InputError, match=r"cannot write into the folder \(Permission denied\)"):
        check_out_dir(tmp_path / "new")

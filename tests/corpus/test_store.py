"""The store's commit unit, its read-side deduplication, and the one-line errors of the query commands."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from ficlens.corpus import store
from ficlens.corpus.query import connect, run_query, stats, write_query
from ficlens.errors import InputError


def _work(work_hash: str, name: str = "Mara Vell", fandom: str | None = "Invented Fandom") -> store.Rows:
    rows: store.Rows = {table: [] for table in store.TABLES}
    rows["works"].append(
        {
            "work_hash": work_hash,
            "path": f"{work_hash}.txt",
            "status": "ok",
            "words": 100,
            "fandom": fandom,
            "character_tags": [],
        }
    )
    rows["characters"].append(
        {
            "work_hash": work_hash,
            "character": "C1",
            "name": name,
            "fandom": fandom,
            "mention_count": 3,
            "prominence": 1,
        }
    )
    rows["quotes"].append({"work_hash": work_hash, "quote": "Q1", "speaker": "C1", "text": "Hello."})
    return rows


def _commit(root: Path, *works: store.Rows) -> Path:
    writer = store.BatchWriter(root, max_works=10_000, max_seconds=10_000)
    for rows in works:
        writer.add(rows)
    batch = writer.commit()
    assert batch is not None
    return batch


def test_a_batch_is_one_directory_renamed_into_place(tmp_path: Path) -> None:
    root = store.open_store(tmp_path / "st", create=True)
    batch = _commit(root, _work("aa" * 32), _work("bb" * 32))
    assert batch.parent.name == batch.name[:2]
    assert sorted(p.name for p in batch.iterdir()) == sorted(
        f"{t}.parquet" for t in store.TABLES if t != "mentions"
    )
    assert not any((root / store.TMP).iterdir())
    assert store.done_hashes(root) == {"aa" * 32, "bb" * 32}


def test_a_half_written_batch_left_by_a_crash_is_invisible_and_cleared(tmp_path: Path) -> None:
    root = store.open_store(tmp_path / "st", create=True)
    _commit(root, _work("aa" * 32))
    torn = root / store.TMP / "deadbeef"
    torn.mkdir(parents=True)
    (torn / "works.parquet").write_bytes(b"PAR1 torn")
    assert store.done_hashes(root) == {"aa" * 32}
    store.open_store(root, create=False)  # a reader leaves it: a run may be writing it
    assert torn.exists()
    store.open_store(root, create=False, writer=True)  # the next run clears it
    assert not torn.exists()
    assert run_query(root, "SELECT count(*) FROM works")[1] == [(1,)]


def test_a_work_committed_twice_reads_once_with_the_rows_of_one_batch(tmp_path: Path) -> None:
    root = store.open_store(tmp_path / "st", create=True)
    first = _commit(root, _work("aa" * 32))
    _commit(root, _work("aa" * 32, name="Someone Else"), _work("cc" * 32))
    rows = run_query(root, "SELECT work_hash, batch FROM works ORDER BY work_hash")[1]
    assert [r[0] for r in rows] == ["aa" * 32, "cc" * 32]
    assert rows[0][1] == first.name
    assert run_query(root, "SELECT name FROM characters WHERE work_hash = '" + "aa" * 32 + "'")[1] == [
        ("Mara Vell",)
    ]
    assert stats(root)["duplicate_work_rows_ignored"] == 1


def test_errors_keep_the_latest_failure_and_vanish_once_the_work_is_stored(tmp_path: Path) -> None:
    root = store.open_store(tmp_path / "st", create=True)
    _commit(root, store.error_rows(work_hash="dd" * 32, path="x.txt", stage="analyse", reason="first"))
    _commit(root, store.error_rows(work_hash="dd" * 32, path="x.txt", stage="analyse", reason="second"))
    assert run_query(root, "SELECT reason FROM errors")[1] == [("second",)]
    assert store.failed_hashes(root) == {"dd" * 32}
    _commit(root, _work("dd" * 32))
    assert run_query(root, "SELECT count(*) FROM errors")[1] == [(0,)]
    assert store.failed_hashes(root) == set()


def test_an_empty_store_has_every_view(tmp_path: Path) -> None:
    root = store.open_store(tmp_path / "st", create=True)
    con = connect(root)
    for table in (*store.TABLES, "identities"):
        assert con.sql(f"SELECT count(*) FROM {table}").fetchone() == (0,)


def test_query_output_is_written_atomically_as_csv_or_parquet(tmp_path: Path) -> None:
    root = store.open_store(tmp_path / "st", create=True)
    _commit(root, _work("aa" * 32), _work("bb" * 32))
    assert write_query(root, "SELECT work_hash, words FROM works", tmp_path / "out.csv") == 2
    assert (tmp_path / "out.csv").read_text().splitlines()[0] == "work_hash,words"
    assert write_query(root, "SELECT * FROM characters", tmp_path / "out.parquet") == 2
    import pyarrow.parquet as pq

    assert pq.read_table(tmp_path / "out.parquet").num_rows == 2
    with pytest.raises(InputError, match=r"csv or \.parquet"):
        write_query(root, "SELECT 1", tmp_path / "out.json")
    assert not list(tmp_path.glob(".out*"))


def test_bad_sql_and_a_folder_that_is_not_a_store_are_one_line_errors(tmp_path: Path) -> None:
    root = store.open_store(tmp_path / "st", create=True)
    with pytest.raises(InputError, match=r"^SQL: .*nope"):
        run_query(root, "SELECT * FROM nope")
    (tmp_path / "other").mkdir()
    (tmp_path / "other" / "mine.txt").write_text("keep me")
    with pytest.raises(InputError, match="not a ficlens corpus store"):
        run_query(tmp_path / "other", "SELECT 1")
    with pytest.raises(InputError, match="not an empty folder"):
        store.open_store(tmp_path / "other", create=True)
    assert (tmp_path / "other" / "mine.txt").read_text() == "keep me"
    out = subprocess.run(
        [sys.executable, "-m", "ficlens.cli", "corpus", "query", str(root), "SELECT * FROM nope"],
        capture_output=True,
        text=True,
    )
    assert out.returncode == 2
    assert out.stderr.startswith("ficlens: error: SQL: ") and out.stderr.count("\n") == 1


def test_store_query_identity_and_report_never_import_spacy() -> None:
    code = (
        "import sys; import ficlens.corpus.store, ficlens.corpus.query, ficlens.corpus.identity, "
        "ficlens.corpus.report; print(sorted(m for m in ('spacy', 'thinc') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_every_column_is_documented() -> None:
    doc = (Path(__file__).parents[2] / "docs" / "corpus-store.md").read_text(encoding="utf-8")
    assert store.STORE_SCHEMA in doc
    for table in store.TABLES:
        section = doc.split(f"### `{table}`", 1)
        assert len(section) == 2, f"no section for {table}"
        body = section[1].split("\n### ", 1)[0]
        for column in store.schema(table).names:
            assert f"`{column}`" in body, f"{table}.{column} is not documented"


def test_rows_from_an_analysis_fit_the_schema_and_count_what_it_holds() -> None:
    import importlib.util

    import pyarrow as pa

    helper = Path(__file__).parents[1] / "report" / "report_stories.py"
    spec = importlib.util.spec_from_file_location("corpus_report_stories", helper)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    analysis = module.lantern_analysis()  # hand-built, inner life filled in
    rows = store.rows_from_analysis(analysis, work_hash="ab" * 32, seconds=1.0, worker="h:1", mentions=True)
    for table in store.TABLES:
        pa.Table.from_pylist(rows[table], schema=store.schema(table))  # raises on a column of the wrong type
    assert rows["works"][0]["words"] == len(analysis.text.split())
    assert len(rows["characters"]) == len(analysis.characters) > 0
    assert len(rows["mentions"]) == len(analysis.mentions) > 0
    assert len(rows["quotes"]) == len(analysis.quotes) > 0
    assert len(rows["interactions"]) == len(analysis.interactions.edges) > 0
    assert len(rows["relationships"]) == len(analysis.relationships.pairs) > 0
    felt = [p for arc in analysis.emotions.arcs for p in arc.segments if p.count]
    assert len(rows["emotions"]) == len(felt) > 0
    names = {c.id: c.name for c in analysis.characters}
    assert all(q["speaker_name"] == names.get(q["speaker"]) for q in rows["quotes"])
    assert not rows["errors"]
    without = store.rows_from_analysis(
        analysis, work_hash="ab" * 32, seconds=1.0, worker="h:1", mentions=False
    )
    assert without["mentions"] == []


def _report_stories() -> object:
    import importlib.util

    helper = Path(__file__).parents[1] / "report" / "report_stories.py"
    spec = importlib.util.spec_from_file_location("corpus_report_stories", helper)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_minor_tier_has_a_table_of_its_own_apart_from_the_cast(tmp_path: Path) -> None:
    import pyarrow as pa

    harbour = _report_stories().harbour_analysis()  # type: ignore[attr-defined]
    rows = store.rows_from_analysis(harbour, work_hash="ee" * 32, seconds=1.0, worker="h:1", mentions=True)
    for table in store.TABLES:
        pa.Table.from_pylist(rows[table], schema=store.schema(table))
    assert [r["name"] for r in rows["minor_characters"]] == [
        "Tobiah Marsh",
        "Mistress Quillon",
        "Admiral Pennywhistle-Fairweather",
    ]
    assert rows["minor_characters"][0]["aliases"] == ["Old Tobiah Marsh", "Tobiah"]
    assert rows["minor_characters"][0]["mention_count"] == 2
    assert rows["works"][0]["n_minor_characters"] == 3
    assert [r["name"] for r in rows["characters"]] == ["Wren Calloway", "Jonah"]
    root = store.open_store(tmp_path / "st", create=True)
    writer = store.BatchWriter(root)
    writer.add(rows)
    writer.commit()
    assert run_query(root, "SELECT count(*) FROM minor_characters")[1] == [(3,)]
    assert run_query(root, "SELECT n_characters, n_minor_characters FROM works")[1] == [(2, 3)]
    # a minor name is no character: the identities across works leave it out
    assert run_query(root, "SELECT name FROM identities ORDER BY name")[1] == [("Jonah",), ("Wren Calloway",)]


def test_a_store_of_the_first_schema_is_read_and_written_as_it_is(tmp_path: Path) -> None:
    import json

    import pyarrow.parquet as pq

    root = store.open_store(tmp_path / "st", create=True)
    assert store.store_schema(root) == store.STORE_SCHEMA == "ficlens.corpus/2"
    # a store as ficlens.corpus/1 wrote it: its manifest, and batches without the minor tier
    old = _commit(root, _work("aa" * 32))
    (old / "minor_characters.parquet").unlink()
    works = pq.read_table(old / "works.parquet")
    pq.write_table(works.drop_columns(["n_minor_characters"]), old / "works.parquet")
    (root / store.MANIFEST).write_text(json.dumps({"schema": "ficlens.corpus/1"}), encoding="utf-8")
    assert run_query(root, "SELECT count(*) FROM minor_characters")[1] == [(0,)]
    assert run_query(root, "SELECT n_minor_characters FROM works")[1] == [(None,)]
    # a run of this version adds to it, minor tier and all, and leaves its manifest at /1
    harbour = _report_stories().harbour_analysis()  # type: ignore[attr-defined]
    store.open_store(root, create=False, writer=True)
    _commit(
        root,
        store.rows_from_analysis(harbour, work_hash="bb" * 32, seconds=1.0, worker="h:1", mentions=False),
    )
    got = run_query(root, "SELECT work_hash, n_minor_characters FROM works ORDER BY work_hash")[1]
    assert got == [("aa" * 32, None), ("bb" * 32, 3)]
    assert run_query(root, "SELECT DISTINCT work_hash FROM minor_characters")[1] == [("bb" * 32,)]
    assert store.store_schema(root) == "ficlens.corpus/1" == stats(root)["schema"]
    assert stats(root)["rows"]["minor_characters"] == 3
    (root / store.MANIFEST).write_text(json.dumps({"schema": "ficlens.corpus/9"}), encoding="utf-8")
    with pytest.raises(InputError, match="not a ficlens corpus store of schema"):
        store.open_store(root, create=False)

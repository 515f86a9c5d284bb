"""SQL over a corpus store with DuckDB: one view per table, named after it, deduplicated by content hash.

Each view reads its table's Parquet files across all committed batches (``union_by_name``, so files of a
later schema version with more columns read together with older ones). ``works`` keeps one row per
``work_hash`` (the first committed); every other table keeps only the rows of that row's batch, so a work
committed twice still reads as one. ``errors`` keeps the latest error of each hash that has no stored work.
``identities`` maps each character of each work to its identity across the works of its fandom.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from ficlens.corpus import store
from ficlens.errors import InputError

if TYPE_CHECKING:
    import duckdb

VIEWS = (*store.TABLES, "identities")


def _sql_string(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def connect(root: Path, *, identities: bool = True) -> duckdb.DuckDBPyConnection:
    """An in-memory DuckDB connection with the store's tables as views (the store is only read).

    ``identities`` costs one pass over ``characters``; leave it out when the SQL does not use it."""
    import duckdb

    store.open_store(root, create=False)
    con = duckdb.connect(":memory:")
    for table in store.TABLES:
        raw = f"raw_{table}"
        con.register(f"empty_{table}", store.schema(table).empty_table())
        if store.table_files(root, table):
            # the empty table of this version's schema gives a store whose files are all of an earlier one
            # the columns added since (null), so a query reads old and new stores alike
            source = f"read_parquet({_sql_string(store.table_glob(root, table))}, union_by_name = true)"
            con.execute(
                f"CREATE VIEW {raw} AS SELECT * FROM {source} UNION ALL BY NAME SELECT * FROM empty_{table}"
            )
        else:
            con.execute(f"CREATE VIEW {raw} AS SELECT * FROM empty_{table}")
    con.execute(
        "CREATE VIEW works AS SELECT * EXCLUDE (_rank) FROM (SELECT *, row_number() OVER "
        "(PARTITION BY work_hash ORDER BY committed_at, batch) AS _rank FROM raw_works) WHERE _rank = 1"
    )
    for table in store.TABLES:
        if table in ("works", "errors"):
            continue
        con.execute(
            f"CREATE VIEW {table} AS SELECT t.* FROM raw_{table} AS t "
            "SEMI JOIN works AS w ON t.work_hash = w.work_hash AND t.batch = w.batch"
        )
    con.execute(
        "CREATE VIEW errors AS SELECT * EXCLUDE (_rank) FROM (SELECT e.*, row_number() OVER "
        "(PARTITION BY e.work_hash ORDER BY e.committed_at DESC, e.batch DESC) AS _rank FROM raw_errors AS e "
        "ANTI JOIN works AS w ON e.work_hash = w.work_hash) WHERE _rank = 1"
    )
    if identities:
        from ficlens.corpus.identity import identity_table

        con.register("identity_map", identity_table(con))
        con.execute(
            "CREATE VIEW identities AS SELECT c.work_hash, c.character, c.fandom, c.name, c.tag, m.identity "
            "FROM characters AS c JOIN identity_map AS m ON c.fandom IS NOT DISTINCT FROM m.fandom "
            "AND c.name = m.name AND c.tag IS NOT DISTINCT FROM m.tag"
        )
    return con


def _uses_identities(sql: str) -> bool:
    return "identities" in sql.lower()


def run_query(root: Path, sql: str) -> tuple[list[str], list[tuple[Any, ...]]]:
    """Column names and rows of one SQL statement over the store."""
    import duckdb

    con = connect(root, identities=_uses_identities(sql))
    try:
        relation = con.sql(sql)
        if relation is None:
            return [], []
        return list(relation.columns), relation.fetchall()
    except duckdb.Error as exc:
        raise InputError("SQL", str(exc).splitlines()[0]) from None
    finally:
        con.close()


def write_query(root: Path, sql: str, out: Path) -> int:
    """Write the result to ``out`` (CSV or Parquet by its extension) atomically; the number of rows."""
    import os
    import tempfile

    import duckdb

    kind = out.suffix.lower()
    if kind not in (".csv", ".parquet"):
        raise InputError(str(out), "--out must end in .csv or .parquet")
    out.parent.mkdir(parents=True, exist_ok=True)
    con = connect(root, identities=_uses_identities(sql))
    fd, tmp = tempfile.mkstemp(prefix=f".{out.name}.", suffix=kind, dir=out.parent)
    os.close(fd)
    try:
        relation = con.sql(sql)
        if relation is None:
            raise InputError("SQL", "the statement returns no rows to write")
        count = len(relation)
        if kind == ".csv":
            relation.write_csv(tmp, header=True)
        else:
            relation.write_parquet(tmp)
        os.chmod(tmp, 0o644)
        os.replace(tmp, out)
        return count
    except duckdb.Error as exc:
        raise InputError("SQL", str(exc).splitlines()[0]) from None
    finally:
        Path(tmp).unlink(missing_ok=True)
        con.close()


def stats(root: Path) -> dict[str, Any]:
    """A summary of the store: counts per table, words, errors by stage, fandoms, size on disk."""
    con = connect(root, identities=False)
    try:
        counts = {table: con.sql(f"SELECT count(*) FROM {table}").fetchone()[0] for table in store.TABLES}  # type: ignore[index]
        raw_works = con.sql("SELECT count(*) FROM raw_works").fetchone()[0]  # type: ignore[index]
        words, seconds = con.sql(
            "SELECT coalesce(sum(words), 0), coalesce(sum(seconds), 0) FROM works"
        ).fetchone()  # type: ignore[misc]
        stages = dict(con.sql("SELECT stage, count(*) FROM errors GROUP BY stage ORDER BY 2 DESC").fetchall())
        fandoms = con.sql(
            "SELECT coalesce(fandom, '(none)'), count(*) AS n, sum(words) FROM works "
            "GROUP BY 1 ORDER BY n DESC, 1 LIMIT 10"
        ).fetchall()
    finally:
        con.close()
    size = sum(p.stat().st_size for d in store.batch_dirs(root) for p in d.iterdir())
    return {
        "store": str(root),
        "schema": store.store_schema(root),
        "batches": sum(1 for _ in store.batch_dirs(root)),
        "works": counts["works"],
        "duplicate_work_rows_ignored": raw_works - counts["works"],
        "words": int(words),
        "analysis_seconds": round(float(seconds), 1),
        "rows": counts,
        "errors_by_stage": stages,
        "fandoms": [{"fandom": f, "works": n, "words": int(w or 0)} for f, n, w in fandoms],
        "bytes": size,
        "bytes_per_1000_words": round(size / words * 1000, 1) if words else None,
    }

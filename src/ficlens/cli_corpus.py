"""``ficlens corpus``: analyse many works on a Dask cluster into a Parquet store; query it, report on it."""

from __future__ import annotations

import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from ficlens.errors import FiclensError
from ficlens.pipeline.run import DEFAULT_MODEL

if TYPE_CHECKING:
    from ficlens.corpus.engine import Outcome, RunSummary

corpus_app = typer.Typer(
    help="Many works at once: analyse a fandom on a Dask cluster, keep it as Parquet, query it with SQL.",
    no_args_is_help=True,
)

StoreArgument = Annotated[
    Path, typer.Argument(help="A corpus store folder (written by `ficlens corpus run`).")
]


def _fail(message: str) -> None:
    print(f"ficlens: error: {message}", file=sys.stderr)


def _need(*modules: str) -> None:
    """Corpus mode's libraries come with the ``corpus`` extra: say so in one line when one is missing."""
    import importlib.util

    missing = [m for m in modules if importlib.util.find_spec(m) is None]
    if missing:
        _fail(f"corpus mode needs {', '.join(missing)}: pip install 'ficlens[corpus]'")
        raise typer.Exit(2)


@corpus_app.command("run")
def run(
    inputs: Annotated[
        list[Path] | None, typer.Argument(help="Story files or folders of them (walked recursively).")
    ] = None,
    store: Annotated[Path, typer.Option("--store", help="The store folder (created if missing).")] = Path(
        "ficlens-corpus"
    ),
    workers: Annotated[int, typer.Option("--workers", "-w", min=1, help="Local worker processes.")] = 2,
    scheduler: Annotated[
        str | None,
        typer.Option(
            "--scheduler", help="Use a running Dask cluster (tcp://host:8786) instead of local workers."
        ),
    ] = None,
    model: Annotated[
        str,
        typer.Option(
            "--model",
            metavar="fast|accurate",
            help="Entity recogniser: accurate (fine-tuned encoder, the default) or fast.",
        ),
    ] = DEFAULT_MODEL,
    retry_errors: Annotated[
        bool, typer.Option("--retry-errors", help="Try again the works recorded in `errors`.")
    ] = False,
    mentions: Annotated[bool, typer.Option("--mentions", help="Also store every mention (large).")] = False,
    listing: Annotated[
        Path | None, typer.Option("--list", help="A text file of story paths, one per line.")
    ] = None,
    batch_works: Annotated[
        int, typer.Option("--batch-works", min=1, help="Works per committed batch.")
    ] = 200,
    batch_seconds: Annotated[
        float, typer.Option("--batch-seconds", min=0.0, help="Commit a batch at least this often.")
    ] = 30.0,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar.")] = False,
) -> None:
    """Analyse every story not yet in --store; a rerun resumes where a run stopped (keyed by content)."""
    _need("distributed", "pyarrow")
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    from ficlens.corpus.engine import RunOptions, check_model, count_inputs, run_corpus

    paths = list(inputs or [])
    if not paths and listing is None:
        _fail("no input: give story files or folders, or --list FILE")
        raise typer.Exit(2)
    for path in paths:
        if not path.exists():
            _fail(f"{path}: no such file or folder")
            raise typer.Exit(2)
    if listing is not None and not listing.is_file():
        _fail(f"{listing}: list file not found")
        raise typer.Exit(2)
    options = RunOptions(
        workers=workers,
        scheduler=scheduler,
        model=model,
        retry_errors=retry_errors,
        mentions=mentions,
        batch_works=batch_works,
        batch_seconds=batch_seconds,
    )
    console = Console(stderr=True, highlight=False)
    try:
        check_model(model)
        total = count_inputs(paths, listing=listing)
        progress = Progress(
            TextColumn("[bold]{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TextColumn("{task.fields[rate]}"),
            TimeElapsedColumn(),
            console=console,
            disable=quiet,
        )
        task = progress.add_task("starting workers", total=total, rate="")
        counts = {"words": 0, "stored": 0, "failed": 0}
        clock = {"started": time.perf_counter()}

        def started(summary: RunSummary) -> None:
            clock["started"] = time.perf_counter()
            progress.update(task, description=f"analysing ({summary.workers} workers)")

        def advance(outcome: Outcome) -> None:
            if outcome.kind == "stored":
                counts["stored"] += 1
                counts["words"] += outcome.words
            elif outcome.kind == "failed":
                counts["failed"] += 1
                progress.console.print(
                    f"ficlens: error: {outcome.reason}", highlight=False, markup=False, soft_wrap=True
                )
            elapsed = max(time.perf_counter() - clock["started"], 1e-9)
            rate = f"{counts['stored'] / elapsed:.2f} works/s, {counts['words'] / elapsed:,.0f} words/s"
            progress.update(task, advance=1, rate=rate)

        with progress:
            summary = run_corpus(
                paths, store, options, listing=listing, on_outcome=advance, on_started=started
            )
    except FiclensError as exc:
        _fail(str(exc))
        raise typer.Exit(2) from None
    words_per_s = summary.words / max(summary.seconds - summary.startup_seconds, 1e-9)
    print(
        f"{summary.stored} stored, {summary.failed} failed, {summary.skipped} already in the store, "
        f"{summary.skipped_failed} failed before (not retried; --retry-errors), "
        f"{summary.duplicates} duplicates; "
        f"{summary.words:,} words in {summary.seconds:.1f} s ({words_per_s:,.0f} words/s after "
        f"{summary.startup_seconds:.1f} s start-up) on {summary.workers} workers; {summary.batches} batches "
        f"committed to {store}"
    )
    if summary.interrupted:
        _fail("interrupted; finished works are stored, rerun the same command to resume")
        raise typer.Exit(130)
    if summary.failed:
        raise typer.Exit(1)


@corpus_app.command("query")
def query(
    store: StoreArgument,
    sql: Annotated[
        str, typer.Argument(help="One SQL statement over the views works, characters, quotes, ...")
    ],
    out: Annotated[
        Path | None, typer.Option("--out", "-o", help="Write the result to FILE.csv or FILE.parquet instead.")
    ] = None,
    max_rows: Annotated[int, typer.Option("--max-rows", min=1, help="Rows to print at most.")] = 100,
) -> None:
    """Run SQL (DuckDB) over the store: print a table, or write CSV/Parquet with --out."""
    _need("duckdb", "pyarrow")
    from rich.console import Console
    from rich.table import Table

    from ficlens.corpus.query import run_query, write_query

    try:
        if out is not None:
            count = write_query(store, sql, out)
            print(f"Wrote {count} rows to {out}")
            return
        columns, rows = run_query(store, sql)
    except FiclensError as exc:
        _fail(str(exc))
        raise typer.Exit(2) from None
    table = Table(show_lines=False)
    for column in columns:
        table.add_column(column, overflow="ellipsis", no_wrap=True, max_width=48)
    for row in rows[:max_rows]:
        table.add_row(*("" if v is None else str(v) for v in row))
    console = Console(highlight=False, width=max(Console().width, 100))
    console.print(table)
    if len(rows) > max_rows:
        console.print(f"... {len(rows) - max_rows} more rows (--max-rows, or --out FILE.csv)")


@corpus_app.command("stats")
def stats(
    store: StoreArgument,
    as_json: Annotated[bool, typer.Option("--json", help="Print one JSON object.")] = False,
) -> None:
    """Summarise the store: works, words, rows per table, errors by stage, fandoms, size on disk."""
    _need("duckdb", "pyarrow")
    import json

    from ficlens.corpus.query import stats as store_stats

    try:
        result = store_stats(store)
    except FiclensError as exc:
        _fail(str(exc))
        raise typer.Exit(2) from None
    if as_json:
        print(json.dumps(result, ensure_ascii=False))
        return
    rows = ", ".join(f"{k} {v:,}" for k, v in result["rows"].items())
    print(
        f"{result['store']} ({result['schema']}): {result['works']:,} works, {result['words']:,} words, "
        f"{result['batches']:,} batches, {result['bytes']:,} bytes "
        f"({result['bytes_per_1000_words']} bytes per 1,000 words)"
    )
    print(f"rows: {rows}")
    if result["errors_by_stage"]:
        print("errors: " + ", ".join(f"{k} {v}" for k, v in result["errors_by_stage"].items()))
    for fandom in result["fandoms"]:
        print(f"  {fandom['fandom']}: {fandom['works']:,} works, {fandom['words']:,} words")


@corpus_app.command("report")
def report(
    store: StoreArgument,
    out: Annotated[
        Path | None,
        typer.Option("--out", "-o", help="The HTML file to write (default: DIR/corpus-report.html)."),
    ] = None,
) -> None:
    """Write a fandom-level HTML page: prominent characters, pairs and ships, emotion profiles, tags."""
    _need("duckdb", "pyarrow")
    from ficlens.corpus.report import write_corpus_report

    target = out or store / "corpus-report.html"
    try:
        write_corpus_report(store, target)
    except FiclensError as exc:
        _fail(str(exc))
        raise typer.Exit(2) from None
    print(f"Wrote {target}")

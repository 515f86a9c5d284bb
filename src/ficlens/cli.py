"""The ``ficlens`` command: thin — parse options, call the library, print."""

from __future__ import annotations

import json
import os
import sys
import time
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from typer.core import TyperGroup

from ficlens.cli_corpus import corpus_app
from ficlens.errors import FiclensError, InputError
from ficlens.pipeline.run import DEFAULT_MODEL
from ficlens.version import __version__

if TYPE_CHECKING:
    from collections.abc import Iterator

    from rich.console import Console

    from ficlens.datamodel import Story, StoryAnalysis
    from ficlens.pipeline.run import Progress


class _Help(TyperGroup):
    """Help without Python type names: typer >= 0.2x prints ``<list[Path]>`` or ``--version <bool>`` beside
    options; a flag needs no type and a value is described by its metavar (``--out DIR``)."""

    # typer >= 0.2x carries its own copy of click, so parameters are told apart by duck typing
    def get_command(self, ctx: Any, cmd_name: str) -> Any:
        command = super().get_command(ctx, cmd_name)
        if command is not None:
            _plain_types(command, ctx)
        return command

    def get_params(self, ctx: Any) -> Any:
        params = super().get_params(ctx)
        for param in params:
            _plain_type(param)
        return params


def _plain_types(command: Any, ctx: Any) -> None:
    """Every parameter of ``command`` and of the commands under it (sub-apps added with ``add_typer``)."""
    for param in [*command.params, command.get_help_option(ctx)]:
        if param is not None:
            _plain_type(param)
    for sub in getattr(command, "commands", {}).values():
        _plain_types(sub, ctx)


def _plain_type(param: Any) -> None:
    shown = None
    if param.param_type_name == "option" and not getattr(param, "is_flag", False):
        shown = param.metavar or (param.name or "value").upper()
    param.display_type_rich = lambda ctx: shown


app = typer.Typer(
    cls=_Help,
    name="ficlens",
    help="See what is going on in every character's head: characters, dialogue, feelings, relationships.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
eval_app = typer.Typer(
    cls=_Help, help="Measure ficlens's accuracy on held-out data (figures printed, or JSON with --json)."
)
train_app = typer.Typer(cls=_Help, help="Train ficlens's models reproducibly from ../shared data.")
app.add_typer(eval_app, name="eval")
app.add_typer(train_app, name="train")
app.add_typer(corpus_app, name="corpus")

STORY_SUFFIXES = (".txt", ".md", ".markdown", ".html", ".htm", ".xhtml", ".epub")
FORMATS = ("json", "script", "html", "graphml")
LONG_INPUT_CHARS = 50_000
MAX_CHARS = 10_000_000  # ingest.limits.MAX_CHARS, repeated so that --help needs no import
EXAMPLE = "camp-reyes.txt"

DataOption = Annotated[
    Path, typer.Option("--data", metavar="DIR", help="The data folder (e.g. ../shared/data/litbank).")
]
EmotionData = Annotated[
    Path, typer.Option("--data", metavar="DIR", help="The emotion data folder (e.g. ../shared/data/emotion).")
]
JsonOption = Annotated[bool, typer.Option("--json", help="Print one JSON object instead of text.")]


def _stderr() -> Console:
    from rich.console import Console

    return Console(stderr=True, highlight=False, soft_wrap=True)


def _stdout() -> Console:
    from rich.console import Console

    return Console(highlight=False)


def _fail(message: str) -> None:
    from ficlens.output.terminal import for_terminal

    print(f"ficlens: error: {for_terminal(message)}", file=sys.stderr)


def _version_callback(value: bool) -> None:
    if value:
        print(f"ficlens {__version__}")
        raise typer.Exit()


@app.callback()
def _main(
    version: Annotated[
        bool, typer.Option("--version", help="Print the version and exit.", callback=_version_callback)
    ] = False,
) -> None:
    """ficlens reads stories (plain text, Markdown, AO3 HTML/EPUB/web page, fanfiction.net page)."""


def bundled_example() -> Path:
    from importlib.resources import files

    return Path(str(files("ficlens") / "examples" / EXAMPLE))


def expand_inputs(paths: list[Path]) -> tuple[list[Path], list[str]]:
    """Files to analyse, and one error line for each input that holds none or cannot be listed."""
    found: list[Path] = []
    errors: list[str] = []
    for item in expand_in_order(paths):
        if isinstance(item, Path):
            found.append(item)
        else:
            errors.append(item)
    return found, errors


def _folder_stories(folder: Path) -> tuple[list[Path], list[str]]:
    """The story files under ``folder`` (sorted, ficlens's own outputs left out), and a line per subfolder
    that cannot be listed."""
    from ficlens.output.files import is_ficlens_output

    stories: list[Path] = []
    errors: list[str] = []

    def unreadable(err: OSError) -> None:
        errors.append(f"{err.filename or folder}: cannot list the folder ({err.strerror or err})")

    # os.walk, not rglob: rglob passes over a folder it cannot list without a word.
    for here, subfolders, names in os.walk(folder, onerror=unreadable):
        subfolders.sort()
        for name in names:
            path = Path(here) / name
            if path.suffix.lower() in STORY_SUFFIXES and path.is_file() and not is_ficlens_output(path):
                stories.append(path)
    return sorted(stories), sorted(errors)


def expand_in_order(paths: list[Path]) -> list[Path | str]:
    """Each input in order: a file, the story files of a folder, or an error line (a folder without any
    stories, a subfolder that cannot be listed). A file named twice is analysed once."""
    items: list[Path | str] = []
    seen: set[Path] = set()
    for path in paths:
        try:
            is_dir = path.is_dir()
        except OSError:  # a path the OS refuses to look at is the reader's to report, one line
            is_dir = False
        if not is_dir:
            found = [path]
        else:
            found, errors = _folder_stories(path)
            items.extend(errors)
            if not found and not errors:
                items.append(f"{path}: a directory with no story files ({', '.join(STORY_SUFFIXES)})")
        for story in found:
            try:
                key = story.resolve()
            except OSError:
                key = story.absolute()
            if key not in seen:
                seen.add(key)
                items.append(story)
    return items


def output_names(
    inputs: list[Path], out: Path = Path("."), *, flat: list[Path] | None = None
) -> dict[Path, str]:
    """Name each output after its input's path relative to the inputs' common folder (see
    ``ficlens.output.files.plan_outputs``): names never collide and no output lands on an input."""
    from ficlens.output.files import plan_outputs

    return plan_outputs(inputs, out, flat=flat or [])


def _parse_formats(value: str) -> list[str]:
    formats = [f.strip().lower() for f in value.split(",") if f.strip()]
    unknown = [f for f in formats if f not in FORMATS]
    if unknown or not formats:
        raise typer.BadParameter(
            f"unknown format {', '.join(unknown) or value!r}; choose from {', '.join(FORMATS)}"
        )
    return formats


def write_outputs(analysis: StoryAnalysis, out: Path, name: str, formats: list[str]) -> list[Path]:
    """Write the chosen formats for one story as ``out/name.*`` (``name`` may hold subfolders)."""
    written: list[Path] = []
    base = out / name
    if "json" in formats:
        from ficlens.output.json_io import write_json

        path = base.with_name(f"{base.name}.ficlens.json")
        write_json(analysis, path)
        written.append(path)
    if "script" in formats:
        from ficlens.output.script import write_script_jsonl, write_script_text

        jsonl, txt = base.with_name(f"{base.name}.script.jsonl"), base.with_name(f"{base.name}.script.txt")
        write_script_jsonl(analysis, jsonl)
        write_script_text(analysis, txt)
        written += [jsonl, txt]
    if "html" in formats:
        from ficlens.report import write_report

        path = base.with_name(f"{base.name}.report.html")
        write_report(analysis, path)
        written.append(path)
    if "graphml" in formats:
        from ficlens.output.graphml import write_graphml

        base.parent.mkdir(parents=True, exist_ok=True)
        written += write_graphml(analysis, base.parent, base.name)
    return written


MINOR_NAMES_SHOWN = 5


def print_summary(console: Console, analysis: StoryAnalysis, *, seconds: float) -> None:
    from rich.table import Table

    from ficlens.output.terminal import for_rich

    title = analysis.metadata.title or (Path(analysis.source.path).name if analysis.source.path else "story")
    from ficlens.ingest.words import prose_words

    words = analysis.metadata.words if analysis.metadata.words is not None else prose_words(analysis)
    stated = analysis.metadata.stated_words
    said = f" (the source states {stated:,})" if stated is not None and stated != words else ""
    console.print(
        f"[bold]{for_rich(title)}[/bold] — {words:,} words{said}, {len(analysis.chapters) or 1} chapter(s), "
        f"{len(analysis.characters)} characters, {len(analysis.quotes)} quotes, "
        f"{len(analysis.notes)} notes, {len(analysis.scene_breaks)} scene breaks "
        f"({seconds:.1f} s, {words / max(seconds, 1e-9):,.0f} words/s)"
    )
    if analysis.characters:
        spoken: dict[str, int] = {}
        for quote in analysis.quotes:
            if quote.speaker:
                spoken[quote.speaker] = spoken.get(quote.speaker, 0) + 1
        table = Table(title="Cast", title_justify="left")
        for column in ("#", "character", "also called", "mentions", "lines"):
            table.add_column(column, justify="right" if column in ("#", "mentions", "lines") else "left")
        for char in sorted(analysis.characters, key=lambda c: c.prominence)[:12]:
            aliases = ", ".join(a.name for a in char.aliases if a.name != char.name)[:60]
            table.add_row(
                str(char.prominence),
                for_rich(char.name),
                for_rich(aliases),
                str(char.mention_count),
                str(spoken.get(char.id, 0)),
            )
        console.print(table)
    if analysis.minor_characters:
        # the most mentioned first: the names a reader most likely misses in the cast above
        minor = sorted(analysis.minor_characters, key=lambda m: (-m.mention_count, m.first_mention))
        shown = ", ".join(for_rich(m.name) for m in minor[:MINOR_NAMES_SHOWN])
        more = f" and {len(minor) - MINOR_NAMES_SHOWN} more" if len(minor) > MINOR_NAMES_SHOWN else ""
        console.print(f"Minor characters kept out of the cast: {len(minor)} ({shown}{more})")
    if analysis.notes:
        kinds: dict[str, int] = {}
        for note in analysis.notes:
            kinds[note.kind.value] = kinds.get(note.kind.value, 0) + 1
        console.print("Notes kept apart: " + ", ".join(f"{k} ×{v}" for k, v in sorted(kinds.items())))


ModelOption = Annotated[
    str,
    typer.Option(
        "--model",
        metavar="fast|accurate",
        help="Entity recogniser: accurate (fine-tuned transformer, default) or fast (en_core_web_sm).",
    ),
]
ThreadsOption = Annotated[
    int,
    typer.Option(
        "--threads",
        min=1,
        metavar="N",
        help="CPU cores for one long story: its 20,000-character chunks are parsed in N processes at once.",
    ),
]


def _check_model(model: str) -> None:
    """Reject an unknown --model, and load the accurate model once up front, so a missing or corrupt
    model file is one error naming the file, not one per input."""
    from ficlens.pipeline.run import MODELS, load_pipeline

    if model not in MODELS:
        _fail(f"--model {model}: choose one of {', '.join(MODELS)}")
        raise typer.Exit(2)
    if model == "accurate":
        try:
            load_pipeline(model=model)
        except FiclensError as exc:
            _fail(str(exc))
            raise typer.Exit(2) from None


@app.command()
def analyze(
    paths: Annotated[
        list[Path] | None,
        typer.Argument(
            help="Story files or folders (txt, md, AO3 HTML/EPUB/page, fanfiction.net page).",
        ),
    ] = None,
    out: Annotated[Path, typer.Option("--out", "-o", metavar="DIR", help="Folder for the outputs.")] = Path(
        "ficlens-out"
    ),
    format: Annotated[
        str,
        typer.Option(
            "--format", "-f", metavar="LIST", help="Comma-separated outputs: json, script, html, graphml."
        ),
    ] = "json",
    cast: Annotated[
        Path | None,
        typer.Option("--cast", metavar="FILE", help="A YAML cast file: canonical names with their aliases."),
    ] = None,
    example: Annotated[bool, typer.Option("--example", help="Analyse the bundled example story.")] = False,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="Print no summary.")] = False,
    max_chars: Annotated[
        int,
        typer.Option(
            "--max-chars", min=1, help="Refuse a work whose text is longer than this many characters."
        ),
    ] = MAX_CHARS,
    model: ModelOption = DEFAULT_MODEL,
    threads: ThreadsOption = 1,
    processes: Annotated[
        int,
        typer.Option(
            "--processes",
            "-p",
            min=1,
            metavar="N",
            help="Worker processes: parse and analyse N chunks or stories at once (each loads the models).",
        ),
    ] = 1,
) -> None:
    """Analyse stories and write one output set per input (named after its path) into --out."""
    formats = _parse_formats(format)
    _check_model(model)
    inputs = list(paths or [])
    example_path = bundled_example() if example else None
    if example_path is not None:
        inputs.append(example_path)
    if not inputs:
        _fail("no input: give story files or folders, or --example")
        raise typer.Exit(2)
    if cast is not None and not cast.is_file():
        _fail(f"{cast}: cast file not found")
        raise typer.Exit(2)
    from ficlens.output.files import check_out_dir

    # Everything is enumerated and named, and --out vetted, before the first file is written.
    items = expand_in_order(inputs)
    files = [item for item in items if isinstance(item, Path)]
    try:
        check_out_dir(out)
        names = output_names(files, out, flat=[example_path] if example_path else [])
    except FiclensError as exc:
        _fail(str(exc))
        raise typer.Exit(2) from None
    failed = False
    crashed = False
    console = _stdout()
    from ficlens.analysis.run import analyze_story
    from ficlens.ingest import read_story
    from ficlens.output.terminal import for_rich

    if processes > 1:
        failed, crashed = _analyze_in_processes(
            items,
            names,
            out=out,
            formats=formats,
            cast=cast,
            processes=processes,
            quiet=quiet,
            max_chars=max_chars,
            model=model,
        )
        items = []  # all done
    for path in items:
        if isinstance(path, str):
            _fail(path)
            failed = True
            continue
        try:
            bar = _stderr() if _progress_wanted(path, quiet) else None
            with stage_progress(for_rich(path.name), bar) as progress:
                story = read_story(path, max_chars=max_chars)
                started = time.perf_counter()
                analysis = analyze_story(story, cast=cast, progress=progress, model=model, threads=threads)
                seconds = time.perf_counter() - started
                if progress is not None:
                    progress("writing", 0, 0)
                written = write_outputs(analysis, out, names[path], formats)
        except FiclensError as exc:
            _fail(str(exc))
            failed = True
            continue
        except Exception as exc:  # a bug, not bad input: say so in one line, go on with the other inputs
            if os.environ.get("FICLENS_DEBUG"):
                raise
            _fail(
                f"{path}: internal error ({exc.__class__.__name__}: {exc}); "
                "rerun with FICLENS_DEBUG=1 and report it"
            )
            crashed = True
            continue
        if not quiet:
            print_summary(console, analysis, seconds=seconds)
            console.print("Wrote " + ", ".join(for_rich(p) for p in written))
    if crashed:
        raise typer.Exit(1)
    if failed:
        raise typer.Exit(2)


def _analyze_in_processes(
    items: list[Path | str],
    names: dict[Path, str],
    *,
    out: Path,
    formats: list[str],
    cast: Path | None,
    processes: int,
    quiet: bool,
    max_chars: int,
    model: str,
) -> tuple[bool, bool]:
    """``analyze`` with ``--processes N``: the stories stream through the pipeline's ``nlp.pipe`` with N
    worker processes, and each analysis is written as it comes back, in input order. Returns (failed,
    crashed)."""
    from ficlens.analysis.run import analyze_stories
    from ficlens.ingest import read_story
    from ficlens.output.terminal import for_rich

    failed = crashed = False
    console = _stdout()
    sent: list[Path] = []  # the inputs whose stories went to the pipeline, in order

    def stories() -> Iterator[Story]:
        nonlocal failed
        for path in items:
            if isinstance(path, str):
                _fail(path)
                failed = True
                continue
            try:
                story = read_story(path, max_chars=max_chars)
            except FiclensError as exc:
                _fail(str(exc))
                failed = True
                continue
            sent.append(path)
            yield story

    started = time.perf_counter()
    analyses = analyze_stories(stories(), cast=cast, processes=processes, model=model)
    try:
        for k, analysis in enumerate(analyses):
            path = sent[k]
            seconds = time.perf_counter() - started  # since the one before came back
            started = time.perf_counter()
            try:
                written = write_outputs(analysis, out, names[path], formats)
            except FiclensError as exc:
                _fail(str(exc))
                failed = True
                continue
            if not quiet:
                print_summary(console, analysis, seconds=seconds)
                console.print("Wrote " + ", ".join(for_rich(p) for p in written))
    except FiclensError as exc:
        _fail(str(exc))
        failed = True
    except Exception as exc:  # a bug, not bad input: one line, as for one story at a time
        if os.environ.get("FICLENS_DEBUG"):
            raise
        _fail(f"internal error ({exc.__class__.__name__}: {exc}); rerun with FICLENS_DEBUG=1 and report it")
        crashed = True
    return failed, crashed


def _progress_wanted(path: Path, quiet: bool) -> bool:
    """A bar only on a terminal (never in a log or a pipe), and only for an input long enough to wait for."""
    try:
        long = path.stat().st_size >= LONG_INPUT_CHARS
    except OSError:
        return False
    return not quiet and long and sys.stderr.isatty()


@contextmanager
def stage_progress(label: str, console: Console | None) -> Iterator[Progress | None]:
    """A progress line naming the stage that runs (see ``ficlens.pipeline.run.STAGES``), or None."""
    if console is None:
        yield None
        return
    from rich.progress import BarColumn, TextColumn, TimeElapsedColumn
    from rich.progress import Progress as Bar

    with Bar(
        TextColumn("[bold]{task.description}"),
        BarColumn(),
        TextColumn("{task.percentage:>3.0f}%"),
        TimeElapsedColumn(),
        console=console,
        transient=True,
        # No refresh thread: each stage's update redraws the line. ``--threads`` forks worker processes,
        # and a fork while that thread held the console's stream lock would leave the lock held in the
        # worker, which would then hang on its way out (it flushes stderr).
        auto_refresh=False,
    ) as bar:
        task = bar.add_task(f"reading {label}", total=None)

        def update(stage: str, done: int, total: int) -> None:
            bar.update(
                task, description=f"{stage} {label}", completed=done, total=total or None, refresh=True
            )

        yield update


@app.command()
def report(
    analysis_json: Annotated[Path, typer.Argument(help="A saved analysis (NAME.ficlens.json).")],
    out: Annotated[
        Path | None,
        typer.Option(
            "--out", "-o", metavar="FILE", help="The HTML file to write (default: beside the JSON)."
        ),
    ] = None,
) -> None:
    """Render the self-contained HTML report from a saved analysis, without running any NLP."""
    from ficlens.output.json_io import load_analysis
    from ficlens.report import write_report

    try:
        analysis = load_analysis(analysis_json)
        target = out or analysis_json.with_name(
            analysis_json.name.removesuffix(".ficlens.json").removesuffix(".json") + ".report.html"
        )
        if target.resolve() == analysis_json.resolve():
            raise InputError(str(analysis_json), "the report would overwrite its input; give --out")
        write_report(analysis, target)
    except FiclensError as exc:
        _fail(str(exc))
        raise typer.Exit(2) from None
    _stdout().print(f"Wrote {target}")


def _emit(result: dict[str, Any], as_json: bool, formatter: Any) -> None:
    if as_json:
        print(json.dumps(result, ensure_ascii=False))
    else:
        print(formatter(result))


def _check_data(data: Path, marker: str) -> None:
    if not (data / marker).exists():
        _fail(f"{data}: not the expected data folder (no {marker})")
        raise typer.Exit(2)


@eval_app.command("litbank")
def eval_litbank(
    data: DataOption,
    as_json: JsonOption = False,
    folds: Annotated[
        bool, typer.Option("--folds", help="Ten-fold cross-validation on the LREC 2020 splits (hours).")
    ] = False,
    model: Annotated[
        str | None,
        typer.Option(
            "--model",
            metavar="fast|accurate",
            help="Entity recogniser: accurate (the default) or fast; --folds retrains and scores fast.",
        ),
    ] = None,
) -> None:
    """Entity P/R/F1 and coreference MUC/B3/CEAF-e on held-out LitBank documents (NAACL 2019 test split)."""
    _check_data(data, "entities")
    from ficlens.eval import coref as coref_eval
    from ficlens.eval import entities as entity_eval

    model = model or ("fast" if folds else DEFAULT_MODEL)
    _check_model(model)
    if folds and model != "fast":
        _fail("--folds retrains the fast model per fold; it has no --model accurate")
        raise typer.Exit(2)
    if folds:
        result = {"entities": entity_eval.evaluate_folds(data), "coref": coref_eval.evaluate_folds(data)}
    else:
        result = {
            "entities": entity_eval.evaluate(data, model=model),
            "coref": coref_eval.evaluate(data, model=model),
        }

    def fmt(r: dict[str, Any]) -> str:
        if folds:
            return json.dumps(r, indent=2)
        return entity_eval.format_report(r["entities"]) + "\n\n" + coref_eval.format_report(r["coref"])

    _emit(result, as_json, fmt)


@eval_app.command("litbank-quotes")
def eval_litbank_quotes(
    data: DataOption,
    as_json: JsonOption = False,
    split: Annotated[
        str,
        typer.Option(
            "--split", metavar="NAME", help="test (held out), or all (detection only, all 1,765 quotations)."
        ),
    ] = "test",
    coref: Annotated[
        bool, typer.Option("--coref", help="Attribute through ficlens's coreference, as in a real run.")
    ] = False,
    model: ModelOption = DEFAULT_MODEL,
) -> None:
    """Quotation detection and speaker attribution on held-out LitBank documents."""
    _check_data(data, "quotations")
    if split not in ("test", "all"):
        _fail(f"--split {split}: choose test or all")
        raise typer.Exit(2)
    _check_model(model)
    from ficlens.eval import quotes as quote_eval

    _emit(
        quote_eval.evaluate(data, split=split, with_coref=coref, model=model),
        as_json,
        quote_eval.format_report,
    )


@eval_app.command("emotions")
def eval_emotions(data: EmotionData, as_json: JsonOption = False) -> None:
    """Per-label and macro F1 of the emotion model on GoEmotions test and XED held-out lines."""
    _check_data(data, "goemotions")
    from ficlens.eval import emotions as emotion_eval

    _emit(emotion_eval.evaluate(data), as_json, emotion_eval.format_report)


@eval_app.command("fanfic")
def eval_fanfic(
    data: Annotated[
        Path | None,
        typer.Option(
            "--data", metavar="DIR", help="A gold-set folder (default: the set shipped with ficlens)."
        ),
    ] = None,
    split: Annotated[
        str, typer.Option("--split", metavar="NAME", help="dev, test (held out) or all.")
    ] = "all",
    as_json: JsonOption = False,
    model: ModelOption = DEFAULT_MODEL,
) -> None:
    """Cast, speakers, addressees, POV, tense slips and notes scored on the hand-annotated fan-fiction set."""
    from functools import partial

    from ficlens.analysis.run import analyze as analyse
    from ficlens.eval import fanfic as fanfic_eval
    from ficlens.eval.fanfic_gold import DATA_DIR, GoldError

    if split not in ("dev", "test", "all"):
        _fail(f"--split must be dev, test or all, not {split!r}")
        raise typer.Exit(2)
    _check_model(model)
    folder = data if data is not None else DATA_DIR
    try:
        scores = fanfic_eval.evaluate(folder, split, analyse=partial(analyse, model=model))
    except GoldError as exc:
        _fail(f"{folder}: {exc}")
        raise typer.Exit(2) from None
    _emit({"model": model, **scores}, as_json, fanfic_eval.format_report)


OutOption = Annotated[
    Path, typer.Option("--out", metavar="DIR", help="Folder to write the trained model into.")
]


@train_app.command("entities")
def train_entities(data: DataOption, out: OutOption) -> None:
    """Train the literary entity recogniser on LitBank (NAACL 2019 train split)."""
    _check_data(data, "entities")
    from ficlens.training.entities import train
    from ficlens.training.provenance import train_recorded

    print(f"Wrote {train_recorded('entities', data, out, lambda: train(data, out))}")


@train_app.command("coref")
def train_coref(data: DataOption, out: OutOption) -> None:
    """Train the coreference model on LitBank (NAACL 2019 train + dev)."""
    _check_data(data, "coref")
    from ficlens.training.coref import train
    from ficlens.training.provenance import train_recorded

    print(f"Wrote {train_recorded('coref', data, out, lambda: train(data, out))}")


@train_app.command("speakers")
def train_speakers(data: DataOption, out: OutOption) -> None:
    """Train the quote speaker attribution model on LitBank (NAACL 2019 train + dev)."""
    _check_data(data, "quotations")
    from ficlens.training.provenance import train_recorded
    from ficlens.training.speakers import train

    target = out / "speakers.json"
    train_recorded("speakers", data, out, lambda: train(data, out=target, coref="both"))
    print(f"Wrote {target}")


@train_app.command("conversation")
def train_conversation(data: DataOption, out: OutOption) -> None:
    """Train the gate that lets a conversation's turn-taking overrule the speaker scorer (LitBank train +
    the fan-fiction gold set's dev split; both models)."""
    _check_data(data, "quotations")
    from ficlens.eval.fanfic_turns import fanfic_digest, fanfic_rows
    from ficlens.training.conversation import train
    from ficlens.training.provenance import train_recorded

    target = out / "conversation.json"
    train_recorded(
        "conversation",
        data,
        out,
        lambda: train(
            data,
            out=target,
            fanfic_rows=lambda model: fanfic_rows("dev", model=model),
            fanfic_sha256=fanfic_digest(),
        ),
    )
    print(f"Wrote {target}")


@train_app.command("encoder")
def train_encoder(
    data: DataOption,
    out: OutOption,
    epochs: Annotated[int, typer.Option("--epochs", help="Training epochs (dev picks the best).")] = 10,
    seed: Annotated[int, typer.Option("--seed", help="Random seed.")] = 0,
    threads: Annotated[int, typer.Option("--threads", min=1, help="torch threads.")] = 1,
    init_from: Annotated[
        Path | None,
        typer.Option(
            "--init-from",
            help="Second stage: start from an earlier run's weights (its best.pt).",
        ),
    ] = None,
    lr: Annotated[float | None, typer.Option("--lr", min=0.0, help="Peak encoder learning rate.")] = None,
    head_lr: Annotated[
        float | None, typer.Option("--head-lr", min=0.0, help="Peak span-head learning rate.")
    ] = None,
    warmup: Annotated[
        float | None, typer.Option("--warmup", min=0.0, max=1.0, help="Warm-up share of all steps.")
    ] = None,
    span_pool: Annotated[
        bool, typer.Option("--span-pool", help="Also score a span from the mean of its tokens.")
    ] = False,
) -> None:
    """Fine-tune the encoder (all-MiniLM-L6-v2, all layers) on LitBank's nested entities (NAACL 2019
    train split, dev for epoch and threshold); resumable: rerun the same command to continue. With
    --init-from it continues an earlier run's weights (the card's second stage)."""
    _check_data(data, "entities")
    import logging

    from ficlens.training.encoder import Recipe, train
    from ficlens.training.provenance import train_recorded

    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(message)s")
    first = Recipe()
    recipe = Recipe(
        epochs=epochs,
        seed=seed,
        init_from=str(init_from) if init_from else "",
        span_pool=span_pool,
        encoder_lr=first.encoder_lr if lr is None else lr,
        head_lr=first.head_lr if head_lr is None else head_lr,
        warmup=first.warmup if warmup is None else warmup,
    )
    # provenance names the second stage's options (the first stage's weights by role, not by path; their
    # SHA-256 is in the ONNX metadata as ficlens.init_sha256)
    command = "encoder"
    if init_from:
        command += f" --epochs {epochs} --init-from FIRST_STAGE/best.pt"
        options = {"--lr": lr, "--head-lr": head_lr, "--warmup": warmup}
        command += "".join(f" {flag} {value:g}" for flag, value in options.items() if value is not None)
        command += " --span-pool" if span_pool else ""
    model = train_recorded(
        command, data, out / "model", lambda: train(data, out, recipe=recipe, threads=threads)
    )
    print(f"Wrote {model}")


@train_app.command("emotions")
def train_emotions(data: EmotionData, out: OutOption) -> None:
    """Train the sentence emotion model on GoEmotions and XED."""
    _check_data(data, "goemotions")
    from ficlens.training.emotions import train
    from ficlens.training.provenance import train_recorded

    print(f"Wrote {train_recorded('emotions', data, out, lambda: train(data, out))}")


def main() -> None:
    try:
        app()
    except FiclensError as exc:
        _fail(str(exc))
        sys.exit(2)
    except KeyboardInterrupt:
        _fail("interrupted")
        sys.exit(130)


if __name__ == "__main__":
    main()

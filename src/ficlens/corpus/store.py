"""The corpus store: Parquet tables of many analysed works, committed in atomic batches.

Layout (``docs/corpus-store.md`` documents every column)::

    STORE/ficlens-corpus.json                      the store's schema version
    STORE/batches/<bb>/<batch>/<table>.parquet     one committed batch (bb: the id's first two hex digits)
    STORE/.tmp/<batch>/                            a batch being written (removed when a store is opened)

A batch directory is the unit of commit: its tables are written into ``.tmp`` and the directory is renamed
into ``batches/`` in one ``rename``, so after a crash at any point a batch is either wholly there or not
at all. Every row carries its work's content hash (``work_hash``, the SHA-256 of the file's bytes) and its
``batch``; a work is done when a committed ``works`` row holds its hash, which is how a rerun resumes.
Readers (``query.py``) keep one ``works`` row per hash and only the rows of that row's batch, so even a
work committed twice (two runs on one store at once) reads as one.

This module reads a ``StoryAnalysis`` and never imports spaCy.
"""

from __future__ import annotations

import json
import os
import shutil
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ficlens.datamodel.inner import EMOTION_LABELS
from ficlens.errors import InputError

if TYPE_CHECKING:
    import pyarrow as pa

    from ficlens.datamodel import StoryAnalysis

# /2 added the minor_characters table and works.n_minor_characters; every change is additive, so a store of
# an earlier schema is read and written as it is (its manifest is left alone, for the versions that made it).
STORE_SCHEMA = "ficlens.corpus/2"
KNOWN_SCHEMAS = ("ficlens.corpus/1", STORE_SCHEMA)
MANIFEST = "ficlens-corpus.json"
BATCHES = "batches"
TMP = ".tmp"
LOCK = ".lock"  # held (flock) by the one run writing to the store
TABLES = (
    "works",
    "characters",
    "minor_characters",
    "mentions",
    "quotes",
    "interactions",
    "relationships",
    "emotions",
    "errors",
)

Rows = dict[str, list[dict[str, Any]]]


def _schemas() -> dict[str, pa.Schema]:
    import pyarrow as pa

    s, i, f, b = pa.string(), pa.int64(), pa.float64(), pa.bool_()
    strings = pa.list_(pa.string())
    key = [("work_hash", s), ("batch", s)]
    emotion = [(label, f) for label in EMOTION_LABELS]
    columns: dict[str, list[tuple[str, pa.DataType]]] = {
        "works": [
            *key,
            ("committed_at", pa.timestamp("ms")),  # UTC
            ("path", s),
            ("format", s),
            ("status", s),
            ("title", s),
            ("authors", strings),
            ("fandoms", strings),
            ("fandom", s),
            ("rating", s),
            ("warnings", strings),
            ("categories", strings),
            ("relationship_tags", strings),
            ("character_tags", strings),
            ("tags", strings),
            ("language", s),
            ("summary", s),
            ("words", i),
            ("words_tagged", i),
            ("chapters", i),
            ("published", s),
            ("updated", s),
            ("url", s),
            ("pov_person", s),
            ("tense", s),
            ("n_characters", i),
            ("n_minor_characters", i),
            ("n_quotes", i),
            ("seconds", f),
            ("cpu_seconds", f),
            ("worker", s),
            ("worker_peak_rss_mb", f),
            ("ficlens_version", s),
        ],
        "characters": [
            *key,
            ("fandom", s),
            ("character", s),
            ("name", s),
            ("aliases", strings),
            ("tag", s),
            ("prominence", i),
            ("mention_count", i),
            ("proper", i),
            ("common", i),
            ("pronoun", i),
            ("pronouns", s),
            ("first_mention", i),
            ("last_mention", i),
            ("lines", i),
        ],
        "minor_characters": [
            *key,
            ("fandom", s),
            ("character", s),
            ("name", s),
            ("aliases", strings),
            ("mention_count", i),
            ("first_mention", i),
            ("last_mention", i),
        ],
        "mentions": [*key, ("character", s), ("start_char", i), ("end_char", i), ("kind", s), ("text", s)],
        "quotes": [
            *key,
            ("quote", s),
            ("start_char", i),
            ("end_char", i),
            ("kind", s),
            ("type", s),
            ("speaker", s),
            ("speaker_name", s),
            ("addressees", strings),
            ("confidence", f),
            ("chapter", i),
            ("words", i),
            ("text", s),
        ],
        "interactions": [
            *key,
            ("source", s),
            ("target", s),
            ("source_name", s),
            ("target_name", s),
            ("type", s),
            ("weight", f),
            ("count", i),
        ],
        "relationships": [
            *key,
            ("a", s),
            ("b", s),
            ("a_name", s),
            ("b_name", s),
            ("rank", i),
            ("strength", f),
            ("affection", f),
            ("conflict", f),
            ("family", f),
            ("romance", f),
            ("shared_scenes", i),
            ("lines_between", i),
            ("acts_between", i),
            ("tag", s),
            ("tagged", s),
            ("borne_out", b),
        ],
        "emotions": [
            *key,
            ("character", s),
            ("name", s),
            ("segment", i),
            ("start_char", i),
            ("end_char", i),
            ("sentences", i),
            ("valence", f),
            *emotion,
        ],
        "errors": [
            *key,
            ("committed_at", pa.timestamp("ms")),  # UTC
            ("path", s),
            ("stage", s),
            ("reason", s),
        ],
    }
    return {name: pa.schema(cols) for name, cols in columns.items()}


_SCHEMA_CACHE: dict[str, pa.Schema] = {}


def schema(table: str) -> pa.Schema:
    """The Arrow schema of one store table."""
    if not _SCHEMA_CACHE:
        _SCHEMA_CACHE.update(_schemas())
    return _SCHEMA_CACHE[table]


# --- From an analysis to rows (runs on the workers) ------------------------------------------------------


def rows_from_analysis(
    analysis: StoryAnalysis,
    *,
    work_hash: str,
    seconds: float,
    worker: str,
    mentions: bool,
    cpu_seconds: float | None = None,
    peak_rss_mb: float | None = None,
) -> Rows:
    """The store rows of one analysed work (``batch`` and ``committed_at`` are set at commit)."""
    meta = analysis.metadata
    names = {c.id: c.name for c in analysis.characters}
    fandom = meta.fandoms[0] if meta.fandoms else None
    lines: dict[str, int] = {}
    for quote in analysis.quotes:
        if quote.speaker:
            lines[quote.speaker] = lines.get(quote.speaker, 0) + 1
    key = {"work_hash": work_hash}
    rows: Rows = {name: [] for name in TABLES}
    rows["works"].append(
        {
            **key,
            "path": analysis.source.path,
            "format": analysis.source.format.value,
            "status": "ok",
            "title": meta.title,
            "authors": list(meta.authors),
            "fandoms": list(meta.fandoms),
            "fandom": fandom,
            "rating": meta.rating,
            "warnings": list(meta.warnings),
            "categories": list(meta.categories),
            "relationship_tags": [r.tag for r in meta.relationships],
            "character_tags": list(meta.characters),
            "tags": list(meta.tags),
            "language": meta.language,
            "summary": meta.summary,
            "words": len(analysis.text.split()),
            "words_tagged": meta.words,
            "chapters": len(analysis.chapters) or 1,
            "published": meta.published,
            "updated": meta.updated,
            "url": meta.url,
            "pov_person": analysis.pov.person.value if analysis.pov.person else None,
            "tense": analysis.tense.dominant.value,
            "n_characters": len(analysis.characters),
            "n_minor_characters": len(analysis.minor_characters),
            "n_quotes": len(analysis.quotes),
            "seconds": round(seconds, 4),
            "cpu_seconds": None if cpu_seconds is None else round(cpu_seconds, 4),
            "worker": worker,
            "worker_peak_rss_mb": peak_rss_mb,
            "ficlens_version": analysis.ficlens_version,
        }
    )
    for c in analysis.characters:
        rows["characters"].append(
            {
                **key,
                "fandom": fandom,
                "character": c.id,
                "name": c.name,
                "aliases": [a.name for a in c.aliases],
                "tag": c.tag,
                "prominence": c.prominence,
                "mention_count": c.mention_count,
                "proper": c.mention_counts.proper,
                "common": c.mention_counts.common,
                "pronoun": c.mention_counts.pronoun,
                "pronouns": c.pronouns,
                "first_mention": c.first_mention,
                "last_mention": c.last_mention,
                "lines": lines.get(c.id, 0),
            }
        )
    for m in analysis.minor_characters:
        rows["minor_characters"].append(
            {
                **key,
                "fandom": fandom,
                "character": m.id,
                "name": m.name,
                "aliases": [a.name for a in m.aliases],
                "mention_count": m.mention_count,
                "first_mention": m.first_mention,
                "last_mention": m.last_mention,
            }
        )
    if mentions:
        rows["mentions"] = [
            {
                **key,
                "character": m.character,
                "start_char": m.start,
                "end_char": m.end,
                "kind": m.kind.value,
                "text": m.text,
            }
            for m in analysis.mentions
        ]
    for q in analysis.quotes:
        rows["quotes"].append(
            {
                **key,
                "quote": q.id,
                "start_char": q.start,
                "end_char": q.end,
                "kind": q.kind.value,
                "type": q.type.value if q.type else None,
                "speaker": q.speaker,
                "speaker_name": names.get(q.speaker) if q.speaker else None,
                "addressees": list(q.addressees),
                "confidence": q.confidence,
                "chapter": q.chapter,
                "words": len(q.text.split()),
                "text": q.text,
            }
        )
    for e in analysis.interactions.edges:
        rows["interactions"].append(
            {
                **key,
                "source": e.source,
                "target": e.target,
                "source_name": names.get(e.source),
                "target_name": names.get(e.target),
                "type": e.type.value,
                "weight": e.weight,
                "count": e.count,
            }
        )
    for r in analysis.relationships.pairs:
        a, b = r.characters
        rows["relationships"].append(
            {
                **key,
                "a": a,
                "b": b,
                "a_name": names.get(a),
                "b_name": names.get(b),
                "rank": r.rank,
                "strength": r.strength,
                "affection": r.tone.affection,
                "conflict": r.tone.conflict,
                "family": r.tone.family,
                "romance": r.tone.romance,
                "shared_scenes": r.shared_scenes,
                "lines_between": r.lines_between,
                "acts_between": r.acts_between,
                "tag": r.tag,
                "tagged": r.tagged,
                "borne_out": r.borne_out,
            }
        )
    for arc in analysis.emotions.arcs:
        for point in arc.segments:
            if point.count == 0:
                continue  # a segment the character feels nothing in: most of them, and nothing to average
            rows["emotions"].append(
                {
                    **key,
                    "character": arc.character,
                    "name": names.get(arc.character),
                    "segment": point.index,
                    "start_char": point.start,
                    "end_char": point.end,
                    "sentences": point.count,
                    "valence": point.valence,
                    **{label: point.scores.get(label) for label in EMOTION_LABELS},
                }
            )
    return rows


def error_rows(*, work_hash: str, path: str | None, stage: str, reason: str) -> Rows:
    rows: Rows = {name: [] for name in TABLES}
    rows["errors"].append({"work_hash": work_hash, "path": path, "stage": stage, "reason": reason})
    return rows


# --- The store on disk -----------------------------------------------------------------------------------


def open_store(root: Path, *, create: bool, writer: bool = False) -> Path:
    """Check (or create) a store folder; a ``writer`` (a run, which holds ``run_lock``) also clears the
    batches a crash left half written. Readers never touch ``.tmp``: a run may be writing there."""
    manifest = root / MANIFEST
    if manifest.is_file():
        try:
            found = json.loads(manifest.read_text(encoding="utf-8")).get("schema")
        except (OSError, ValueError):
            found = None
        if found not in KNOWN_SCHEMAS:
            raise InputError(
                str(root), f"not a ficlens corpus store of schema {STORE_SCHEMA!r} (found {found!r})"
            )
    elif not create:
        raise InputError(str(root), f"not a ficlens corpus store (no {MANIFEST})")
    elif root.exists() and (not root.is_dir() or any(root.iterdir())):
        raise InputError(str(root), "exists and is not an empty folder or a ficlens corpus store")
    else:
        root.mkdir(parents=True, exist_ok=True)
        from ficlens.version import __version__

        body = json.dumps({"schema": STORE_SCHEMA, "created_by": f"ficlens {__version__}"}, indent=2) + "\n"
        tmp = root / f".{MANIFEST}.tmp"
        tmp.write_text(body, encoding="utf-8")
        os.replace(tmp, manifest)
    if writer:
        shutil.rmtree(root / TMP, ignore_errors=True)
    return root


def store_schema(root: Path) -> str | None:
    """The schema named in the store's manifest: the one it was created with."""
    try:
        found = json.loads((root / MANIFEST).read_text(encoding="utf-8")).get("schema")
    except (OSError, ValueError, AttributeError):
        return None
    return found if isinstance(found, str) else None


@contextmanager
def run_lock(root: Path) -> Iterator[None]:
    """Hold the store for one run at a time: two runs would each clear and fill the other's ``.tmp``. The
    lock is the kernel's (``flock``), so a run killed with SIGKILL leaves no stale lock behind."""
    import fcntl

    fd = os.open(root / LOCK, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise InputError(str(root), "another ficlens corpus run is writing to this store") from None
        yield
    finally:
        os.close(fd)  # closing the descriptor releases the lock


def batch_dirs(root: Path) -> Iterator[Path]:
    base = root / BATCHES
    if not base.is_dir():
        return
    for prefix in sorted(base.iterdir()):
        if prefix.is_dir():
            yield from sorted(p for p in prefix.iterdir() if p.is_dir())


def table_files(root: Path, table: str) -> list[Path]:
    return [p for d in batch_dirs(root) if (p := d / f"{table}.parquet").is_file()]


def table_glob(root: Path, table: str) -> str:
    return str(root / BATCHES / "*" / "*" / f"{table}.parquet")


def _column(root: Path, table: str, columns: list[str]) -> pa.Table | None:
    import pyarrow.dataset as ds

    files = [str(p) for p in table_files(root, table)]
    if not files:
        return None
    return ds.dataset(files, format="parquet", schema=schema(table)).to_table(columns=columns)


def done_hashes(root: Path) -> set[str]:
    """Content hashes of every work already in the store."""
    table = _column(root, "works", ["work_hash"])
    return set() if table is None else set(table.column("work_hash").to_pylist())


def failed_hashes(root: Path) -> set[str]:
    """Content hashes with a recorded error and no stored work."""
    table = _column(root, "errors", ["work_hash"])
    return set() if table is None else set(table.column("work_hash").to_pylist()) - done_hashes(root)


def _fsync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


@contextmanager
def _interrupts_held() -> Iterator[None]:
    """Hold Ctrl-C (SIGINT) back while a batch is written and renamed, so a commit is never cut in half; the
    interrupt arrives as soon as the batch is in (or left as it was, outside the main thread)."""
    import signal
    import threading

    if threading.current_thread() is not threading.main_thread():
        yield
        return
    signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})


@dataclass
class BatchWriter:
    """Collects the rows of finished works and commits them as one batch directory at a time."""

    root: Path
    max_works: int = 200
    max_seconds: float = 30.0
    with_mentions: bool = False
    pending: Rows = field(default_factory=lambda: {name: [] for name in TABLES})
    pending_works: int = 0
    opened: float = 0.0
    batches_written: int = 0
    works_committed: int = 0  # what is in the store, whatever an interrupt cut short
    errors_committed: int = 0

    def add(self, rows: Rows) -> None:
        if self.pending_works == 0:
            self.opened = time.monotonic()
        for name, table_rows in rows.items():
            self.pending[name].extend(table_rows)
        self.pending_works += 1
        if self.pending_works >= self.max_works or time.monotonic() - self.opened >= self.max_seconds:
            self.commit()

    def commit(self) -> Path | None:
        """Write the pending rows as one batch (tables to .tmp, then one rename); None if nothing pends.

        Ctrl-C is held back while the batch is written. One that had already arrived breaks off the writing
        before the rename: the half-written batch is removed and the rows go back to ``pending``, so the
        interrupt handler's ``commit`` writes them once. After the rename the rows are no longer pending,
        so nothing can write them twice."""
        if self.pending_works == 0:
            return None
        with _interrupts_held():
            pending, works = self.pending, self.pending_works
            self.pending = {name: [] for name in TABLES}
            self.pending_works = 0
            batch = uuid.uuid4().hex
            staging = self.root / TMP / batch
            try:
                self._stage(staging, batch, pending)
            except BaseException:
                shutil.rmtree(staging, ignore_errors=True)
                self.pending, self.pending_works = pending, works
                raise
            final = self.root / BATCHES / batch[:2] / batch
            final.parent.mkdir(parents=True, exist_ok=True)
            os.rename(staging, final)  # the commit: one atomic rename of the whole batch
            self.batches_written += 1
            self.works_committed += len(pending["works"])
            self.errors_committed += works - len(pending["works"])
            _fsync(final.parent)
            return final

    def _stage(self, staging: Path, batch: str, pending: Rows) -> None:
        import pyarrow as pa
        import pyarrow.parquet as pq

        now = datetime.now(UTC).replace(tzinfo=None)  # stored as UTC without a zone: no tz database needed
        staging.mkdir(parents=True)
        for name in TABLES:
            if name == "mentions" and not self.with_mentions:
                continue
            table_rows = pending[name]
            for row in table_rows:
                row["batch"] = batch
                if name in ("works", "errors"):
                    row["committed_at"] = now
            table = pa.Table.from_pylist(table_rows, schema=schema(name))
            target = staging / f"{name}.parquet"
            pq.write_table(table, target, compression="zstd")
            _fsync(target)
        _fsync(staging)

"""What a run will find, decided before it imports Prefect or spaCy: above all, that it
has nothing to do.

Running `chronicle run` again over input it has already loaded is the common case (a
repeated command, a scheduled inbox), and it should cost about what opening the warehouse
costs, not a Prefect server's start. `survey` reads and hashes the files and asks the
warehouse the same questions the `ingest` flow asks of every batch (`pipeline.batches`:
every text stored at this extractor version, every path recorded, no path holding a text
it no longer holds), plus the flow's two end-of-run questions (story groups or event
clusters stale; charts wanted but never drawn). When every answer is "nothing",
`record_unchanged` writes the run's `runs` row (and refreshes the quarantine rows of
inputs still unreadable) without a flow; otherwise the caller runs the flow, and the
survey says how much extraction to prepare for.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import duckdb

from pipeline.batches import batches, plan_batch
from pipeline.files import discover_files, read_documents, read_file
from pipeline.runs import RunSummary
from pipeline.version import extractor_version
from transforms.ingestion.identity import document_id, normalise_text
from transforms.ingestion.sources import parse_source
from transforms.model import Document, Rejection, SourceText
from warehouse import freshness, reads, runs
from warehouse.lock import open_warehouse


@dataclass
class Survey:
    """What a run over `paths` would do to the warehouse, as far as it was read.

    `current` is True when the run has nothing to extract, load, regroup or draw. When
    every batch is current (even if the derived tables or the charts are not), `summary`
    holds the counts the flow would report and `rejections` the inputs it would quarantine
    again. Otherwise reading stopped at the first batch with work, and `first_batch_texts`
    is how many texts that batch will extract (every file found, when there is no
    warehouse yet).
    """

    files: int
    current: bool
    first_batch_texts: int = 0
    summary: RunSummary | None = None
    rejections: list[Rejection] = field(default_factory=list)


def survey(
    paths: Sequence[str],
    db: str,
    *,
    batch_size: int,
    max_bytes: int,
    follow_symlinks: bool = False,
    charts: str | None = None,
) -> Survey:
    """Read and plan the run's batches against the warehouse at `db`, stopping at the first
    one with work. `charts` is the chart folder when the run draws charts."""
    found, rejections = discover_files(list(paths), follow_symlinks=follow_symlinks)
    if not Path(db).exists():
        return Survey(
            files=len(found), current=False, first_batch_texts=min(len(found), batch_size)
        )
    version = extractor_version()
    summary = RunSummary(run_id=str(uuid.uuid4()), database=os.path.abspath(db), charts=[])
    seen: dict[str, list[str]] = {}
    for batch in batches(found, batch_size):
        documents, rejected = _read_batch(db, batch, max_bytes, version)
        plan = plan_batch(documents, seen)
        if not _checked(db, lambda con, plan=plan: plan.check(con, version).current):
            return Survey(files=len(found), current=False, first_batch_texts=len(plan.todo))
        summary.documents_seen += len(documents)
        summary.documents_skipped += plan.skipped
        rejections += rejected
    stale = not _checked(db, lambda con: not freshness.clusters_stale(con))
    undrawn = charts is not None and not (Path(charts) / "index.html").exists()
    summary.quarantined_this_run = len(rejections)
    return Survey(
        files=len(found),
        current=not (stale or undrawn),
        summary=summary,
        rejections=rejections,
    )


def _read_batch(
    db: str, batch: list[Path], max_bytes: int, version: str
) -> tuple[list[Document], list[Rejection]]:
    """A batch's documents as far as planning needs them, and its rejections.

    Cleaning a text (language detection, page layout, dateline and DCT) is most of what
    reading a folder costs, and for a text the warehouse already holds at this extractor
    version its outcome is already known: `clean` is a function of the text and of the
    extraction code that version hashes, and it did not reject the text. So each file is
    read and split into texts first, and only a file with a text the warehouse does not
    hold as it is (new, edited, or quarantined before) is read again and cleaned whole.
    """
    held: dict[Path, list[tuple[str, str, str]]] = {}  # (doc_id, text, path) of each text
    for path in batch:
        records = _texts(path, max_bytes)
        if records is None:
            continue
        texts = [(normalise_text(record.text), record.path) for record in records]
        held[path] = [(document_id(text), text, where) for text, where in texts]
    stored = _stored(db, [doc_id for found in held.values() for doc_id, _, _ in found], version)
    documents: list[Document] = []
    rejections: list[Rejection] = []
    for path in batch:  # in the batch's order, as the flow reads it
        found = held.get(path)
        if found and all(stored.get(i) == freshness.content_sha(text) for i, text, _ in found):
            documents += [_as_held(*item) for item in found]
        else:
            cleaned, rejected = read_documents([path], max_bytes=max_bytes)
            documents += cleaned
            rejections += rejected
    return documents, rejections


def _texts(path: Path, max_bytes: int) -> list[SourceText] | None:
    """A file's texts as its reader splits them, or None when reading it gives any
    rejection (`read_documents` then says why)."""
    data = read_file(path, max_bytes)
    if isinstance(data, Rejection):
        return None
    try:
        records = parse_source(str(path), data, max_bytes=max_bytes)
    except Exception:  # noqa: BLE001 - read_documents quarantines it with the exception
        return None
    texts = [record for record in records if isinstance(record, SourceText)]
    return texts if texts and len(texts) == len(records) else None


def _stored(db: str, doc_ids: list[str], version: str) -> dict[str, str]:
    """The content digests of the texts `doc_ids` the warehouse holds at `version`."""
    if not doc_ids:
        return {}
    try:
        with open_warehouse(db, read_only=True) as con:
            rows = freshness.stored_versions(con, doc_ids)
    except duckdb.CatalogException:
        return {}
    return {doc_id: sha for doc_id, stored_version, sha in rows if stored_version == version}


def _as_held(doc_id: str, text: str, path: str) -> Document:
    """A text the warehouse holds as it is, found at `path`: what planning reads of a
    document (its id, text and path), the rest left as the warehouse has it."""
    return Document(
        doc_id=doc_id,
        text=text,
        content=(),
        title=None,
        source=None,
        url=None,
        language="",
        byline=None,
        place=None,
        dct=None,
        dct_basis="none",
        path=path,
    )


def _checked(db: str, question: Callable[[duckdb.DuckDBPyConnection], bool]) -> bool:
    """Ask the warehouse, read-only; a warehouse whose tables predate this code's schema
    answers no (the flow's writable connection brings it up to date)."""
    try:
        with open_warehouse(db, read_only=True) as con:
            return question(con)
    except duckdb.CatalogException:
        return False


def record_unchanged(db: str, surveyed: Survey) -> RunSummary:
    """Record a run that found nothing to load: its `runs` row, completed, with the counts
    of the survey, and the quarantine rows of the inputs it could not read."""
    summary = surveyed.summary
    if summary is None:
        raise ValueError("record_unchanged needs a survey that found every batch current")
    with open_warehouse(db) as con:
        runs.start_run(con, summary.run_id, extractor_version())
        runs.quarantine(con, surveyed.rejections, summary.run_id)
        runs.finish_run(con, summary.run_id, "completed", summary)
        summary.totals = reads.counts(con)
    return summary

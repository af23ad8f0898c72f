"""The Chronicle pipeline as a Prefect flow: ingest → extract → load → render.

Tasks take batches of documents: per-task overhead stays negligible, a batch's rows commit
together, and memory is bounded by the batch size rather than the corpus.
"""

from __future__ import annotations

import os
import uuid
from collections import deque
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Generic, TypeVar

from prefect import flow, get_run_logger, task
from prefect.artifacts import (
    create_link_artifact,
    create_markdown_artifact,
    create_table_artifact,
)
from prefect.futures import PrefectFuture
from prefect.runtime import flow_run
from prefect.task_runners import TaskRunner

from flows import progress
from flows.defaults import DEFAULT_CHARTS, DEFAULT_DB, DEFAULT_PATHS
from flows.ingest import discover_files, read_documents
from flows.nlp import model_name, stage_documents
from flows.version import extractor_version
from transforms.documents import DEFAULT_MAX_BYTES
from transforms.model import Document
from warehouse import staging, store
from warehouse.lock import open_warehouse

T = TypeVar("T")


@dataclass
class RunSummary:
    run_id: str
    database: str
    charts: list[str]
    documents_seen: int = 0
    documents_new: int = 0
    documents_changed: int = 0
    documents_skipped: int = 0
    events_written: int = 0
    quarantined_this_run: int = 0
    totals: dict[str, int] = field(default_factory=dict)


class Box(Generic[T]):
    """An opaque wrapper for a batch crossing a task boundary.

    Prefect walks every nested dataclass of a task's arguments looking for futures, which
    cost seconds per batch of extractions; it does not look inside an object like this.
    (`prefect.utilities.annotations.quote` does the same but arrives still wrapped on Dask.)
    """

    __slots__ = ("value",)

    def __init__(self, value: T) -> None:
        self.value = value


@task
def extract_batch(
    documents: Box[list[Document]],
    model: str,
    version: str,
    folder: str,
    processes: int | None = None,
) -> Box[staging.StagedBatch]:
    """Extract a batch and stage its warehouse tables as Parquet files under `folder`.

    The tables are built and written where the extraction ran (worker processes, Dask
    workers), so what comes back to the flow is a small manifest, not the extractions.
    """
    return Box(stage_documents(documents.value, model, version, folder, processes=processes))


@task(retries=2, retry_delay_seconds=2)
def load_batch(
    db: str,
    staged: Box[staging.StagedBatch | None],
    paths: Box[dict[str, list[str]]],
    holdings: Box[dict[str, list[str]]] | None = None,
) -> store.LoadStats:
    """Load a staged batch, then delete its files; `holdings` (path -> doc_ids it holds
    now) retires edited texts first.

    The files are read before the warehouse is opened, so other processes wait only for
    the SQL. They are deleted only once the load committed: a retry finds them again.
    """
    tables = staging.read_batch(staged.value)
    with open_warehouse(db) as con:
        retired = store.retire_replaced(con, holdings.value if holdings else {})
        stats = store.load_tables(con, tables, paths.value)
    staging.remove(staged.value)
    return replace(
        stats,
        documents_new=max(0, stats.documents_new - retired),
        documents_changed=stats.documents_changed + retired,
    )


@task(retries=2, retry_delay_seconds=2)
def cluster_duplicates(db: str) -> None:
    """Regroup reports of the same happening, once per run and only when events changed."""
    with open_warehouse(db) as con:
        if store.clusters_stale(con):
            store.recluster(con)


@task(retries=1, retry_delay_seconds=2)
def render(db: str, charts_dir: str) -> list[str]:
    """Draw the charts and dashboard; publish a link to it and the busiest actors."""
    # Imported here: Altair and vl-convert take 0.3 s to import, which a run that draws
    # nothing (the warehouse unchanged) and every other `chronicle` command would pay.
    from warehouse.render import render_dashboard

    with open_warehouse(db, read_only=True) as con:
        dashboard = render_dashboard(con, Path(charts_dir))
    create_link_artifact(
        key="chronicle-dashboard",
        link=dashboard.index_path.resolve().as_uri(),
        link_text="Chronicle dashboard",
        description=f"Charts of {dashboard.counts.get('events', 0)} events, drawn offline.",
    )
    create_table_artifact(
        key="chronicle-busiest-actors",
        table=[
            {k: str(v) if v is not None else "" for k, v in row.items() if k != "actor_key"}
            for row in dashboard.busiest_actors
        ],
        description="The actors with the most events in the warehouse.",
    )
    return [str(p) for p in dashboard.paths]


def dask_runner(address: str | None = None) -> TaskRunner:
    """Extraction tasks on a Dask cluster: the one at `address`, else a local one.

    Each Dask worker is its own process, so extraction then uses one process per task
    (`worker_processes=1`); reading files and loading the warehouse stay in the flow's
    process, the warehouse's one writer. Workers write their batches' tables into the
    staging folder (`staging.default_root`), which must therefore be at the same path on
    every worker host and the flow's: shared storage on a multi-node cluster.
    """
    from prefect_dask import DaskTaskRunner

    if address:
        return DaskTaskRunner(address=address)
    return DaskTaskRunner(
        cluster_kwargs={"n_workers": os.cpu_count() or 1, "threads_per_worker": 1}
    )


def _batches(items: Sequence[Path], size: int) -> Iterator[list[Path]]:
    for i in range(0, len(items), size):
        yield list(items[i : i + size])


@contextmanager
def _recorded_run(db: str, artifact_key: str) -> Iterator[RunSummary]:
    """A `runs` row and a markdown artifact for the run, whether it completes or fails."""
    run_id = str(flow_run.id or uuid.uuid4())
    summary = RunSummary(run_id=run_id, database=os.path.abspath(db), charts=[])
    with open_warehouse(db) as con:
        store.start_run(con, run_id, extractor_version())
    state = "FAILED"
    try:
        yield summary
        state = "COMPLETED"
    finally:
        with open_warehouse(db) as con:
            store.finish_run(con, run_id, state, summary)
            summary.totals = store.counts(con)
        create_markdown_artifact(key=artifact_key, markdown=summary_markdown(summary))


@flow(name="chronicle-pipeline", log_prints=True)
def pipeline(
    paths: list[str] | None = None,
    db: str = DEFAULT_DB,
    charts: str = DEFAULT_CHARTS,
    batch_size: int = 200,
    model: str | None = None,
    render_charts_after: bool = True,
    follow_symlinks: bool = False,
    max_bytes: int = DEFAULT_MAX_BYTES,
    worker_processes: int | None = None,
    staging_root: str | None = None,
    batches_in_flight: int = 2,
) -> RunSummary:
    """Ingest documents from files and directories into the warehouse, then draw the charts.

    Symbolic links that lead outside the given paths are quarantined unless
    `follow_symlinks`; files over `max_bytes` (also once decompressed) are quarantined.
    `worker_processes` is how many processes parse a batch (default: every core for big
    batches); a task runner that already spreads tasks over processes, like Dask's, wants 1.
    `staging_root` is where workers leave batches for the loader (default: $CHRONICLE_STAGING,
    else `<db>.staging`). `batches_in_flight` is how many batches may be extracting while the
    flow loads the oldest: 2 keeps this machine's worker pool busy (each batch uses every
    core); on a Dask cluster it bounds how many workers get a batch at once.
    """
    logger = get_run_logger()
    version = extractor_version()
    chosen_model = model_name(model)
    files, missing = discover_files(paths or list(DEFAULT_PATHS), follow_symlinks=follow_symlinks)
    seen: dict[str, list[str]] = {}
    root = staging_root or staging.default_root(db)
    with _recorded_run(db, "chronicle-run") as summary, staging.run_folder(root) as run_dir:
        with open_warehouse(db) as con:
            store.quarantine(con, missing, summary.run_id)
        summary.quarantined_this_run += len(missing)
        for rejection in missing:
            logger.warning("quarantined %s: %s", rejection.path, rejection.reason)
        progress.started(len(files))
        in_flight: deque[_Pending] = deque()
        for index, batch in enumerate(_batches(files, batch_size)):
            documents, rejections = read_documents(batch, max_bytes=max_bytes)
            fresh = _first_of_each(documents, seen)
            summary.documents_seen += len(documents)
            # every path of every text, copies of earlier batches' texts included
            paths = {d.doc_id: seen[d.doc_id] for d in documents}
            holdings: dict[str, list[str]] = {}
            for document in documents:
                holdings.setdefault(document.path, []).append(document.doc_id)
            with open_warehouse(db) as con:
                store.quarantine(con, rejections, summary.run_id)
                todo = store.documents_needing_extraction(con, fresh, version)
                # nothing to extract or record: the batch needs no load task at all
                current = not todo and store.sources_current(con, paths, holdings)
            for rejection in rejections:
                logger.warning("quarantined %s: %s", rejection.path, rejection.reason)
            for document in todo:
                if document.dct is None:
                    logger.warning(
                        "%s has no publication date: its relative dates stay underspecified",
                        document.path,
                    )
            summary.quarantined_this_run += len(rejections)
            in_flight.append(
                _Pending(
                    staged=extract_batch.submit(
                        Box(todo),
                        chosen_model,
                        version,
                        staging.batch_folder(run_dir, index),
                        worker_processes,
                    )
                    if todo
                    else None,
                    paths=paths,
                    holdings=holdings,
                    skipped=len(fresh) - len(todo),
                    files=len(batch),
                    current=current,
                )
            )
            # Extraction of later batches overlaps loading of this one; the flow holds only
            # their documents and manifests (the extractions are staged on disk).
            while len(in_flight) >= max(1, batches_in_flight):
                _load_pending(db, in_flight.popleft(), summary)
        while in_flight:
            _load_pending(db, in_flight.popleft(), summary)
        cluster_duplicates(db)
        wrote = summary.documents_new + summary.documents_changed + summary.events_written
        if render_charts_after and (wrote or not (Path(charts) / "index.html").exists()):
            summary.charts = render(db, charts)
        elif render_charts_after:
            logger.info("warehouse unchanged: charts in %s are current", charts)
    return summary


@dataclass
class _Pending:
    """A batch whose extraction may still be running, with what its load will need."""

    staged: PrefectFuture | None
    paths: dict[str, list[str]]
    holdings: dict[str, list[str]]
    skipped: int
    files: int
    current: bool = False  # already in the warehouse as read: nothing to load


def _load_pending(db: str, pending: _Pending, summary: RunSummary) -> None:
    if pending.current:
        summary.documents_skipped += pending.skipped
        progress.advanced(pending.files)
        return
    staged = pending.staged.result() if pending.staged is not None else Box(None)
    stats = load_batch(db, staged, Box(pending.paths), Box(pending.holdings))
    summary.documents_new += stats.documents_new
    summary.documents_changed += stats.documents_changed
    summary.documents_skipped += pending.skipped + stats.documents_skipped
    summary.events_written += stats.events_written
    progress.advanced(pending.files)


def _first_of_each(documents: list[Document], seen: dict[str, list[str]]) -> list[Document]:
    """One document per text: a copy found under another path only adds that path."""
    fresh: list[Document] = []
    for document in documents:
        paths = seen.setdefault(document.doc_id, [])
        if not paths:
            fresh.append(document)
        if document.path not in paths:
            paths.append(document.path)
    return fresh


def summary_markdown(summary: RunSummary) -> str:
    totals = summary.totals
    rows = [
        ("documents seen this run", summary.documents_seen),
        ("new", summary.documents_new),
        ("changed", summary.documents_changed),
        ("unchanged (skipped)", summary.documents_skipped),
        ("events written", summary.events_written),
        ("quarantined this run", summary.quarantined_this_run),
        ("documents in warehouse", totals.get("documents", 0)),
        ("events in warehouse", totals.get("events", 0)),
        ("actors in warehouse", totals.get("actors", 0)),
        ("quarantine rows", totals.get("quarantined", 0)),
    ]
    table = "\n".join(f"| {name} | {value} |" for name, value in rows)
    charts = "\n".join(f"- `{c}`" for c in summary.charts) or "- (charts not rendered)"
    return (
        f"# Chronicle run `{summary.run_id}`\n\n| | |\n|---|---|\n{table}\n\n"
        f"Warehouse: `{summary.database}`\n\nCharts:\n{charts}\n"
    )


@flow(name="chronicle-render", log_prints=True)
def render_flow(db: str = DEFAULT_DB, charts: str = DEFAULT_CHARTS) -> list[str]:
    """Redraw the charts and dashboard from the warehouse as it is now."""
    return render(db, charts)


@flow(name="chronicle-rebuild", log_prints=True)
def rebuild(
    db: str = DEFAULT_DB,
    charts: str = DEFAULT_CHARTS,
    batch_size: int = 200,
    model: str | None = None,
    staging_root: str | None = None,
) -> RunSummary:
    """Re-extract stored documents whose extractor version is not the code's."""
    version = extractor_version()
    chosen_model = model_name(model)
    root = staging_root or staging.default_root(db)
    with _recorded_run(db, "chronicle-rebuild") as summary, staging.run_folder(root) as run_dir:
        with open_warehouse(db, read_only=True) as con:
            stale = store.stored_documents(con, not_version=version)
        progress.started(len(stale))
        for i in range(0, len(stale), batch_size):
            batch = stale[i : i + batch_size]
            summary.documents_seen += len(batch)
            folder = staging.batch_folder(run_dir, i // batch_size)
            staged = extract_batch(Box(batch), chosen_model, version, folder)
            stats = load_batch(db, staged, Box({}))
            summary.documents_changed += stats.documents_changed + stats.documents_new
            summary.events_written += stats.events_written
            progress.advanced(len(batch))
        cluster_duplicates(db)
        summary.charts = render(db, charts)
    return summary

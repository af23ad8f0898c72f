"""The Prefect tasks the flows are made of, and the run record every flow keeps.

Each task is a thin wrapper around a plain function (in `pipeline/`, `warehouse/` or
`presentation/`) that can be run and tested without Prefect. Tasks take batches of
documents: per-task overhead stays negligible, a batch's rows commit together, and memory
is bounded by the batch size rather than the corpus.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path
from typing import Generic, TypeVar

from prefect import get_run_logger, task
from prefect.artifacts import (
    create_link_artifact,
    create_markdown_artifact,
    create_table_artifact,
)
from prefect.runtime import flow_run
from prefect.task_runners import TaskRunner

from pipeline import files
from pipeline.runs import RunSummary, summary_markdown
from pipeline.version import extractor_version
from pipeline.workers import extraction_failed, stage_documents, stopped_with_the_run
from transforms.model import Document, Rejection
from transforms.summarization.summarize import summarize
from warehouse import deduplication, freshness, load, reads, runs, staging, summaries
from warehouse.lock import open_warehouse

T = TypeVar("T")


class Box(Generic[T]):
    """An opaque wrapper for a batch crossing a task boundary.

    Prefect walks every nested dataclass of a task's arguments looking for futures, which
    cost seconds per batch of extractions; it does not look inside an object like this.
    (`prefect.utilities.annotations.quote` does the same but arrives still wrapped on Dask.)
    """

    __slots__ = ("value",)

    def __init__(self, value: T) -> None:
        self.value = value


read_documents = task(retries=2, retry_delay_seconds=1)(files.read_documents)


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


def extract_one_by_one(
    documents: list[Document], model: str, version: str, folder: str, processes: int | None
) -> staging.StagedBatch:
    """A batch whose extraction task failed (on Dask: a worker that died, after Dask's own
    retries), extracted again one document per task: a document whose task fails too is
    quarantined, the others are staged as usual, in sub-folders of the batch's folder."""
    parts: list[staging.StagedPart] = []
    paths: dict[str, list[str]] = {}
    failed: list[Rejection] = []
    for index, document in enumerate(documents):
        alone = str(Path(folder) / f"one-{index:04d}")
        try:
            staged = extract_batch.submit(Box([document]), model, version, alone, processes)
            batch = staged.result().value
        except Exception as error:  # noqa: BLE001 - this document's task, quarantined
            failed.append(extraction_failed(document, version, error, "extracting"))
            continue
        parts.extend(batch.parts)
        paths.update(batch.paths)
    return staging.StagedBatch(folder=folder, parts=tuple(parts), paths=paths, failed=tuple(failed))


@task(retries=2, retry_delay_seconds=2)
def load_batch(
    db: str,
    staged: Box[staging.StagedBatch | None],
    paths: Box[dict[str, list[str]]],
    holdings: Box[dict[str, list[str]]] | None = None,
) -> load.LoadStats:
    """Load a staged batch, then delete its files; `holdings` (path -> doc_ids it holds
    now) retires edited texts first.

    The files are read before the warehouse is opened, so other processes wait only for
    the SQL. They are deleted only once the load committed: a retry finds them again.
    """
    tables = staging.read_batch(staged.value)
    with open_warehouse(db) as con:
        retired = load.retire_replaced(con, holdings.value if holdings else {})
        stats = load.load_tables(con, tables, paths.value)
    staging.remove(staged.value)
    return replace(
        stats,
        documents_new=max(0, stats.documents_new - retired),
        documents_changed=stats.documents_changed + retired,
    )


def quarantine_failed(db: str, staged: staging.StagedBatch | None, run_id: str) -> int:
    """Quarantine the documents of a staged batch whose extraction failed, each with one
    warning; returns how many. The rest of the batch is loaded as usual."""
    if staged is None or not staged.rejections:
        return 0
    logger = get_run_logger()
    with open_warehouse(db) as con:
        runs.quarantine(con, staged.rejections, run_id)
    for rejection in staged.rejections:
        logger.warning("quarantined %s: %s", rejection.path, rejection.reason)
    return len(staged.rejections)


@task(retries=2, retry_delay_seconds=2)
def cluster_duplicates(db: str) -> None:
    """Regroup reports of the same happening, once per run and only when events changed."""
    with open_warehouse(db) as con:
        if freshness.clusters_stale(con):
            deduplication.recluster(con)


@task(retries=2, retry_delay_seconds=2)
def refresh_key_dates(db: str) -> None:
    """Recompute the corpus's key-event timeline (`key_dates`, `key_date_sentences`), once
    per run and only when documents changed since it was computed; after the duplicate
    clusters, since syndicated copies count once."""
    with open_warehouse(db, read_only=True) as con:
        records = summaries.articles(con) if summaries.stale(con) else None
    if records is None:
        return
    summary = summarize(records)  # outside the lock: other processes may read meanwhile
    with open_warehouse(db) as con:
        summaries.write(con, summary)


@task(retries=1, retry_delay_seconds=2)
def draw_charts(db: str, charts_dir: str, run_id: str | None = None) -> list[str]:
    """Draw the charts and dashboard; publish a link to it and the busiest actors.

    `run_id` is the run whose finished row the page's header tells about (by default the
    latest finished run)."""
    # Imported here: Altair and vl-convert take 0.3 s to import, which a run that draws
    # nothing (the warehouse unchanged) and every other `chronicle` command would pay.
    from presentation.dashboard import render_dashboard

    with open_warehouse(db, read_only=True) as con:
        dashboard = render_dashboard(con, Path(charts_dir), run_id=run_id)
    for failure in dashboard.failures:
        get_run_logger().warning("%s; its HTML page was drawn, without PNG and SVG", failure)
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


@contextmanager
def recorded_run(
    db: str, artifact_key: str, *, then: Callable[[RunSummary], None] | None = None
) -> Iterator[RunSummary]:
    """A `runs` row and a markdown artifact for the run, whether it completes or fails.

    A flow's helper rather than a plain function because what it adds is Prefect's: the
    run id is the flow run's and the summary becomes a Prefect artifact. What it records
    is built without Prefect (`pipeline.runs`, the warehouse's `start_run`/`finish_run`).
    `then` runs once the run completed and its row is final, before the artifact is
    written: drawing the charts there lets the dashboard report this run's own counts.
    """
    run_id = str(flow_run.id or uuid.uuid4())
    summary = RunSummary(run_id=run_id, database=os.path.abspath(db), charts=[])
    with open_warehouse(db) as con:
        for abandoned in runs.abandon_dead_runs(con):
            get_run_logger().warning("run %s was left running by a process that is gone", abandoned)
        runs.start_run(con, run_id, extractor_version())
    state = "FAILED"
    try:
        with stopped_with_the_run():
            yield summary
        state = "COMPLETED"
    finally:
        with open_warehouse(db) as con:
            runs.finish_run(con, run_id, state, summary)
            summary.totals = reads.counts(con)
        try:
            if state == "COMPLETED" and then is not None:
                then(summary)
        finally:
            create_markdown_artifact(key=artifact_key, markdown=summary_markdown(summary))

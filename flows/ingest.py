"""The `ingest` flow: files in, documents extracted and loaded, charts drawn.

`chronicle run` runs it in-process; the `ingest` deployment runs it on the inbox folder
every 15 minutes. Extraction of later batches overlaps the loading of earlier ones.
"""

from __future__ import annotations

import logging
from collections import deque
from dataclasses import dataclass
from pathlib import Path

from prefect import flow, get_run_logger
from prefect.futures import PrefectFuture

from flows.tasks import (
    Box,
    cluster_duplicates,
    draw_charts,
    extract_batch,
    extract_one_by_one,
    load_batch,
    quarantine_failed,
    read_documents,
    recorded_run,
    refresh_key_dates,
)
from pipeline import progress
from pipeline.batches import BatchPlan, batches, plan_batch
from pipeline.defaults import DEFAULT_CHARTS, DEFAULT_DB, DEFAULT_PATHS
from pipeline.files import discover_files
from pipeline.nlp import model_name
from pipeline.runs import RunSummary
from pipeline.terminal import printable
from pipeline.version import extractor_version
from transforms.ingestion.size_limit import DEFAULT_MAX_BYTES
from transforms.model import Rejection
from warehouse import reads, runs, staging
from warehouse.lock import open_warehouse


@flow(name="chronicle-ingest", log_prints=True)
def ingest(
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
    found, missing = discover_files(paths or list(DEFAULT_PATHS), follow_symlinks=follow_symlinks)
    seen: dict[str, list[str]] = {}
    root = staging_root or staging.default_root(db)
    before: dict[str, int] = {}

    def draw(summary: RunSummary) -> None:
        """After the run's row is final, so the page shows this run's counts; only when
        the warehouse changed (or no page exists), else the page on disk is still true."""
        if not render_charts_after:
            return
        wrote = summary.documents_new + summary.documents_changed + summary.events_written
        changed = wrote or summary.totals != before  # counts move with new paths, quarantine
        if changed or not (Path(charts) / "index.html").exists():
            summary.charts = draw_charts(db, charts, summary.run_id)
        else:
            logger.info("warehouse unchanged: charts in %s are current", charts)

    with (
        recorded_run(db, "chronicle-run", then=draw) as summary,
        staging.run_folder(root) as run_dir,
    ):
        with open_warehouse(db) as con:
            before.update(reads.counts(con))
            runs.quarantine(con, missing, summary.run_id)
        summary.quarantined_this_run += len(missing)
        _warn_quarantined(logger, missing)
        progress.started(len(found))
        in_flight: deque[_Pending] = deque()
        for index, batch in enumerate(batches(found, batch_size)):
            documents, rejections = read_documents(batch, max_bytes=max_bytes)
            plan = plan_batch(documents, seen)
            summary.documents_seen += len(documents)
            with open_warehouse(db) as con:
                runs.quarantine(con, rejections, summary.run_id)
                plan.check(con, version)
            _warn_quarantined(logger, rejections)
            for document in plan.todo:
                if document.dct is None:
                    summary.undated += 1
                    logger.warning(
                        "%s has no publication date: its relative dates stay underspecified",
                        printable(document.path),
                    )
            summary.quarantined_this_run += len(rejections)
            extraction = (
                chosen_model,
                version,
                staging.batch_folder(run_dir, index),
                worker_processes,
            )
            in_flight.append(
                _Pending(
                    staged=extract_batch.submit(Box(plan.todo), *extraction) if plan.todo else None,
                    plan=plan,
                    extraction=extraction,
                    files=len(batch),
                )
            )
            # Extraction of later batches overlaps loading of this one; the flow holds only
            # their documents and manifests (the extractions are staged on disk).
            while len(in_flight) >= max(1, batches_in_flight):
                _load_pending(db, in_flight.popleft(), summary)
        while in_flight:
            _load_pending(db, in_flight.popleft(), summary)
        cluster_duplicates(db)
        refresh_key_dates(db)
    return summary


def _warn_quarantined(
    logger: logging.Logger | logging.LoggerAdapter, rejections: list[Rejection]
) -> None:
    """One warning per quarantined input, in Prefect's log and to whoever watches the run."""
    for rejection in rejections:
        message = f"quarantined {printable(rejection.path)}: {printable(rejection.reason)}"
        logger.warning(message)
        progress.warned(message)


@dataclass
class _Pending:
    """A batch whose extraction may still be running, with what its load will need."""

    staged: PrefectFuture | None
    plan: BatchPlan
    extraction: tuple[str, str, str, int | None]  # model, version, folder, processes
    files: int


def _load_pending(db: str, pending: _Pending, summary: RunSummary) -> None:
    plan = pending.plan
    if plan.current:  # already in the warehouse as read: nothing to load
        summary.documents_skipped += plan.skipped
        progress.advanced(pending.files)
        return
    staged = _extracted(pending)
    summary.quarantined_this_run += quarantine_failed(db, staged.value, summary.run_id)
    stats = load_batch(db, staged, Box(plan.paths), Box(plan.holdings))
    summary.documents_new += stats.documents_new
    summary.documents_changed += stats.documents_changed
    summary.documents_skipped += plan.skipped + stats.documents_skipped
    summary.events_written += stats.events_written
    progress.advanced(pending.files)


def _extracted(pending: _Pending) -> Box:
    """The batch's staged manifest; when its extraction task failed, its documents
    extracted one per task, so only the one that fails again is lost (quarantined)."""
    if pending.staged is None:
        return Box(None)
    try:
        return pending.staged.result()
    except Exception as error:  # noqa: BLE001 - the batch is retried document by document
        get_run_logger().warning(
            "extracting a batch of %d documents failed (%s: %s); extracting them one by one",
            len(pending.plan.todo),
            type(error).__name__,
            error,
        )
        return Box(extract_one_by_one(pending.plan.todo, *pending.extraction))

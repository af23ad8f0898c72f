"""The `rebuild` flow: re-extract stored documents with the current rules (nightly)."""

from __future__ import annotations

from prefect import flow

from flows.tasks import (
    Box,
    cluster_duplicates,
    draw_charts,
    extract_batch,
    load_batch,
    quarantine_failed,
    recorded_run,
    refresh_key_dates,
)
from pipeline import progress
from pipeline.defaults import DEFAULT_CHARTS, DEFAULT_DB
from pipeline.nlp import model_name
from pipeline.runs import RunSummary
from pipeline.version import extractor_version
from warehouse import reads, staging
from warehouse.lock import open_warehouse


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

    def draw(summary: RunSummary) -> None:
        summary.charts = draw_charts(db, charts, summary.run_id)

    with (
        recorded_run(db, "chronicle-rebuild", then=draw) as summary,
        staging.run_folder(root) as run_dir,
    ):
        with open_warehouse(db, read_only=True) as con:
            stale = reads.stored_documents(con, not_version=version)
        progress.started(len(stale))
        for i in range(0, len(stale), batch_size):
            batch = stale[i : i + batch_size]
            summary.documents_seen += len(batch)
            folder = staging.batch_folder(run_dir, i // batch_size)
            staged = extract_batch(Box(batch), chosen_model, version, folder)
            summary.quarantined_this_run += quarantine_failed(db, staged.value, summary.run_id)
            stats = load_batch(db, staged, Box({}))
            summary.documents_changed += stats.documents_changed + stats.documents_new
            summary.events_written += stats.events_written
            progress.advanced(len(batch))
        cluster_duplicates(db)
        refresh_key_dates(db)
    return summary

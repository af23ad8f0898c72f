"""The Dask runner writes the same warehouse rows as the default runner."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from tests.flows.test_concurrency import _write_inbox

pytestmark = pytest.mark.slow


def _rows(db: Path) -> dict[str, list[tuple]]:
    with duckdb.connect(str(db), read_only=True) as con:
        return {
            "documents": con.execute("SELECT doc_id FROM documents ORDER BY 1").fetchall(),
            "events": con.execute(
                "SELECT event_id, doc_id, trigger, date_value, date_basis FROM events ORDER BY 1"
            ).fetchall(),
            "roles": con.execute(
                "SELECT event_id, actor_key, role FROM event_actors ORDER BY 1, 2, 3"
            ).fetchall(),
            "actors": con.execute("SELECT actor_key, name FROM actors ORDER BY 1").fetchall(),
            "timexes": con.execute(
                "SELECT doc_id, char_start, value FROM timexes ORDER BY 1, 2"
            ).fetchall(),
        }


def test_a_local_dask_cluster_of_two_workers_gives_the_same_rows(
    prefect_harness, tmp_path: Path
) -> None:
    from distributed import LocalCluster
    from prefect_dask import DaskTaskRunner

    from flows.ingest import ingest as pipeline

    inbox = tmp_path / "inbox"
    _write_inbox(inbox, 12)
    default_db, dask_db = tmp_path / "default.duckdb", tmp_path / "dask.duckdb"
    pipeline(paths=[str(inbox)], db=str(default_db), batch_size=3, render_charts_after=False)
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True) as cluster:
        on_dask = pipeline.with_options(
            task_runner=DaskTaskRunner(address=cluster.scheduler_address)
        )
        summary = on_dask(
            paths=[str(inbox)],
            db=str(dask_db),
            batch_size=3,
            render_charts_after=False,
            worker_processes=1,
        )
    assert summary.documents_new == 12
    default_rows = _rows(default_db)
    assert default_rows["events"], "the corpus should give events"
    assert _rows(dask_db) == default_rows

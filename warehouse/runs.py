"""The record of runs and of what they could not read: `runs` and `quarantine`."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any, Literal, Protocol

import duckdb

from transforms.model import Rejection
from warehouse import sql

RunState = Literal["running", "completed", "failed", "cancelled"]
RUN_STATES: tuple[RunState, ...] = ("running", "completed", "failed", "cancelled")


class RunTotals(Protocol):
    """The counters `finish_run` records; `LoadStats` and a flow's run summary both fit."""

    @property
    def documents_seen(self) -> int: ...
    @property
    def documents_new(self) -> int: ...
    @property
    def documents_changed(self) -> int: ...
    @property
    def documents_skipped(self) -> int: ...
    @property
    def events_written(self) -> int: ...


def quarantine(
    con: duckdb.DuckDBPyConnection,
    rejections: Sequence[Rejection],
    run_id: str,
    *,
    at: datetime | None = None,
) -> int:
    """Record rejected inputs; the same (path, line, reason) again only updates run and time.

    Returns the number of distinct rejections in this call.
    """
    moment = sql.utc_naive(at)
    rows: dict[tuple[str, int, str], dict[str, Any]] = {}
    for rejection in rejections:
        line_key = rejection.line or 0
        rows[(rejection.path, line_key, rejection.reason)] = {
            "path": rejection.path,
            "line_key": line_key,
            "line": rejection.line,
            "reason": rejection.reason,
            "error_class": rejection.error_class,
            "run_id": run_id,
            "first_quarantined_at": moment,
            "quarantined_at": moment,
        }
    if not rows:
        return 0
    sql.insert(con, "quarantine", list(rows.values()), "runs/quarantine")
    return len(rows)


def start_run(
    con: duckdb.DuckDBPyConnection,
    run_id: str,
    extractor_version: str,
    *,
    started_at: datetime | None = None,
) -> None:
    """Record a run as running. A retried run (same id) starts over rather than failing."""
    sql.run(
        con,
        "runs/start",
        {
            "run_id": run_id,
            "started_at": sql.utc_naive(started_at),
            "extractor_version": extractor_version,
        },
    )


def finish_run(
    con: duckdb.DuckDBPyConnection,
    run_id: str,
    state: str,
    totals: RunTotals | None = None,
    *,
    quarantined: int | None = None,
    finished_at: datetime | None = None,
) -> None:
    """Close a run with its totals; raises LookupError for a run that was never started.

    `state` is case-insensitive (Prefect's "COMPLETED" works). `totals` is anything with the
    `RunTotals` counters: a `LoadStats` sum or the flow's own summary (none: all zero).
    `quarantined` defaults to the quarantine rows this run last touched.
    """
    normalised = state.lower()
    if normalised not in RUN_STATES:
        raise ValueError(f"unknown run state {state!r}; expected one of {RUN_STATES}")
    counters = {
        "seen": "documents_seen",
        "new": "documents_new",
        "changed": "documents_changed",
        "skipped": "documents_skipped",
        "events": "events_written",
    }
    updated = sql.run(
        con,
        "runs/finish",
        {
            "finished_at": sql.utc_naive(finished_at),
            "state": normalised,
            **{key: getattr(totals, name) if totals else 0 for key, name in counters.items()},
            "quarantined": quarantined,
            "run_id": run_id,
        },
    )
    if not updated:
        raise LookupError(f"no run {run_id!r} to finish; call start_run first")

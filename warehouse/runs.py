"""The record of runs and of what they could not read: `runs` and `quarantine`.

A run's row is always closed: by the run itself when it ends, however it ends, or, when
its process was killed or crashed and could not, by the next run, which finds the row
`running` with a process (`pid` on `host`) that no longer exists and marks it `abandoned`.
"""

from __future__ import annotations

import os
import socket
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Literal, Protocol

import duckdb

from transforms.model import Rejection
from warehouse import sql

RunState = Literal["running", "completed", "failed", "cancelled", "abandoned"]
RUN_STATES: tuple[RunState, ...] = ("running", "completed", "failed", "cancelled", "abandoned")


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
    """Record a run as running, by this process. A retried run (same id) starts over rather
    than failing."""
    sql.run(
        con,
        "runs/start",
        {
            "run_id": run_id,
            "started_at": sql.utc_naive(started_at),
            "extractor_version": extractor_version,
            "pid": os.getpid(),
            "host": socket.gethostname(),
        },
    )


ProcessCheck = Callable[[int, datetime], bool]


def abandon_dead_runs(
    con: duckdb.DuckDBPyConnection,
    *,
    alive: ProcessCheck | None = None,
    host: str | None = None,
    at: datetime | None = None,
) -> list[str]:
    """Close as `abandoned` the rows of runs left `running` by a process that is gone;
    returns their ids.

    A run of this host is gone when `alive(pid, started_at)` says so (by default: no such
    process, or one started after the run did, i.e. its pid was reused). A row without a
    pid was written before runs recorded theirs: no run of this version left it, so it is
    abandoned too. Runs of other hosts cannot be checked from here and are left alone.
    """
    check = alive or process_alive
    here = host or socket.gethostname()
    gone = [
        run_id
        for run_id, started_at, pid, run_host in sql.run(con, "runs/running")
        if pid is None or (run_host == here and not check(pid, started_at))
    ]
    if not gone:
        return []
    closed = sql.run(con, "runs/abandon", {"run_ids": gone, "finished_at": sql.utc_naive(at)})
    return sorted(run_id for (run_id,) in closed)


def process_alive(pid: int, started_at: datetime) -> bool:
    """Whether process `pid` exists and is the one that started a run at `started_at`
    (UTC): a process that started later only reuses the dead run's pid."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        pass  # it exists, under another user
    began = _process_start(pid)
    return began is None or began <= started_at.replace(tzinfo=UTC).timestamp() + 1


def _process_start(pid: int) -> float | None:
    """When process `pid` started (epoch seconds), from Linux's /proc; None elsewhere."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        boot = next(
            float(line.split()[1])
            for line in Path("/proc/stat").read_text().splitlines()
            if line.startswith("btime ")
        )
    except (OSError, IndexError, StopIteration, ValueError):
        return None
    return boot + int(fields[19]) / os.sysconf("SC_CLK_TCK")


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

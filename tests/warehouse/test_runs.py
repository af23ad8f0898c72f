"""Every run's row is closed: rows left `running` by a process that is gone become
`abandoned` when the next run starts; a warehouse made before runs recorded their process
gains the columns and keeps its rows."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import duckdb

from warehouse import runs, sql
from warehouse.connection import connect


def _states(con: duckdb.DuckDBPyConnection) -> dict[str, str]:
    return dict(con.execute("SELECT run_id, state FROM runs").fetchall())


def _dead_pid() -> int:
    process = subprocess.Popen([sys.executable, "-c", "pass"])
    process.wait()
    return process.pid


def test_rows_of_runs_whose_process_is_gone_become_abandoned(tmp_path: Path) -> None:
    con = connect(tmp_path / "w.duckdb")
    runs.start_run(con, "live", "v")  # this process: alive
    here = socket.gethostname()
    now = datetime.now(UTC).replace(tzinfo=None)
    rows = {
        "killed": (_dead_pid(), here, now),
        "reused": (os.getpid(), here, now - timedelta(days=3650)),  # pid now someone else's
        "elsewhere": (_dead_pid(), "another-host", now),
        "before-pids": (None, None, now),
    }
    for run_id, (pid, host, started) in rows.items():
        con.execute(
            "INSERT INTO runs (run_id, started_at, state, extractor_version, pid, host) "
            "VALUES (?, ?, 'running', 'v', ?, ?)",
            [run_id, started, pid, host],
        )
    runs.finish_run(con, "live", "completed")
    runs.start_run(con, "still", "v")
    assert runs.abandon_dead_runs(con) == ["before-pids", "killed", "reused"]
    assert _states(con) == {
        "live": "completed",
        "still": "running",
        "killed": "abandoned",
        "reused": "abandoned",
        "before-pids": "abandoned",
        "elsewhere": "running",
    }
    finished = con.execute("SELECT finished_at FROM runs WHERE run_id = 'killed'").fetchone()[0]
    assert finished is not None
    assert runs.abandon_dead_runs(con) == []  # closed once
    con.close()


def test_a_warehouse_from_before_pids_gains_the_columns_and_keeps_its_runs(
    tmp_path: Path,
) -> None:
    path = tmp_path / "old.duckdb"
    old = duckdb.connect(str(path))
    old.execute(
        "CREATE TABLE runs (run_id VARCHAR PRIMARY KEY, started_at TIMESTAMP NOT NULL, "
        "finished_at TIMESTAMP, state VARCHAR NOT NULL CHECK (state IN ('running', "
        "'completed', 'failed', 'cancelled')), documents_seen INTEGER NOT NULL DEFAULT 0, "
        "documents_new INTEGER NOT NULL DEFAULT 0, documents_changed INTEGER NOT NULL "
        "DEFAULT 0, documents_skipped INTEGER NOT NULL DEFAULT 0, quarantined INTEGER NOT "
        "NULL DEFAULT 0, events_written INTEGER NOT NULL DEFAULT 0, extractor_version "
        "VARCHAR NOT NULL)"
    )
    old.execute("INSERT INTO runs (run_id, started_at, state, extractor_version) VALUES "
                "('old', TIMESTAMP '2024-01-01 10:00', 'running', 'v0'), "
                "('done', TIMESTAMP '2024-01-01 09:00', 'completed', 'v0')")  # fmt: skip
    old.close()
    con = connect(path)
    columns = [
        name for (name,) in con.execute("SELECT name FROM pragma_table_info('runs')").fetchall()
    ]
    assert columns[-2:] == ["pid", "host"]
    assert runs.abandon_dead_runs(con) == ["old"]
    assert _states(con) == {"old": "abandoned", "done": "completed"}
    tables = {name for (name,) in con.execute("SHOW TABLES").fetchall()}
    assert not [name for name in tables if name.endswith("__previous")]
    assert sql.run(con, "runs/running") == []
    con.close()

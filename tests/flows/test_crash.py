"""A run killed with SIGKILL in the middle of loading leaves nothing half-written: a re-run
ends with the same warehouse as one clean run."""

from __future__ import annotations

import fcntl
import os
import signal
import subprocess
import time
from pathlib import Path

import duckdb
import pytest

from tests.flows.test_concurrency import _run, _write_inbox
from warehouse.lock import lock_path

pytestmark = pytest.mark.slow


def _start(inbox: Path, db: Path, env: dict[str, str]) -> subprocess.Popen[str]:
    return _run(inbox, db, env, batch_size=4)


def _documents_if_free(db: Path) -> int | None:
    """Documents loaded so far, read between two of the run's batches (None: it is writing)."""
    if not db.exists():
        return 0
    with lock_path(db).open("a+") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return None
        try:
            with duckdb.connect(str(db), read_only=True) as con:
                return con.execute("SELECT count(*) FROM documents").fetchone()[0]
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _state(db: Path) -> dict[str, list[tuple]]:
    with duckdb.connect(str(db), read_only=True) as con:
        return {
            "documents": con.execute("SELECT doc_id, title FROM documents ORDER BY 1").fetchall(),
            "sources": con.execute("SELECT doc_id, path FROM sources ORDER BY 1, 2").fetchall(),
            "events": con.execute(
                "SELECT event_id, date_value, trigger FROM events ORDER BY 1"
            ).fetchall(),
            "event_actors": con.execute(
                "SELECT event_id, actor_key, role FROM event_actors ORDER BY 1, 2, 3"
            ).fetchall(),
            "actors": con.execute("SELECT actor_key, name FROM actors ORDER BY 1").fetchall(),
        }


def test_sigkill_mid_load_then_rerun_equals_a_clean_run(
    prefect_harness, tmp_path: Path, repo: Path
) -> None:
    from prefect.settings import PREFECT_API_URL

    inbox, db, clean_db = tmp_path / "inbox", tmp_path / "w.duckdb", tmp_path / "clean.duckdb"
    _write_inbox(inbox, 40)
    env = {**os.environ, "PREFECT_API_URL": PREFECT_API_URL.value(), "PYTHONPATH": str(repo)}

    victim = _start(inbox, db, env)
    deadline = time.monotonic() + 300
    loaded_some = False
    while victim.poll() is None and time.monotonic() < deadline:
        count = _documents_if_free(db)
        if count:
            loaded_some = True
        elif count is None and loaded_some:
            os.kill(victim.pid, signal.SIGKILL)  # it holds the warehouse: it is writing
            break
        time.sleep(0.02)
    victim.wait(timeout=60)
    assert victim.returncode == -signal.SIGKILL, "the run ended before it could be killed"
    killed_at = _documents_if_free(db)
    assert killed_at is not None and 0 < killed_at < 40
    staged = Path(f"{db}.staging")
    assert any(staged.glob("run-*")), "the killed run should leave its staging folder"

    rerun = _start(inbox, db, env)
    assert rerun.wait(timeout=600) == 0, rerun.communicate()[0]
    clean = _start(inbox, clean_db, env)
    assert clean.wait(timeout=600) == 0, clean.communicate()[0]
    assert _state(db) == _state(clean_db)
    assert len(_state(db)["documents"]) == 40
    assert list(staged.iterdir()) == [], "the re-run should sweep the killed run's batches"
    with duckdb.connect(str(db), read_only=True) as con:
        rows = con.execute("SELECT state FROM runs ORDER BY started_at").fetchall()
    states = [state for (state,) in rows]
    assert states == ["abandoned", "completed"], "the re-run closes the killed run's row"

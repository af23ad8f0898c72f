"""The deployments on a real Prefect server: schedules as the server reports them, and an
`ingest` run triggered through the API and executed by a process worker."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import ExitStack
from pathlib import Path

import duckdb
import pytest

from pipeline.prefect_server import local_server

pytestmark = pytest.mark.slow

EXPECTED_CRONS = {
    "chronicle-ingest/ingest": "*/15 * * * *",
    "chronicle-render/render": "5 * * * *",
    "chronicle-rebuild/rebuild": "30 2 * * *",
}


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory, repo: Path) -> Iterator[dict[str, str]]:
    home = tmp_path_factory.mktemp("prefect-home")
    prefect = str(Path(sys.executable).with_name("prefect"))
    with ExitStack() as stack:
        log = stack.enter_context((home / "server.log").open("w"))
        try:
            api = stack.enter_context(local_server(home, log))
        except RuntimeError:
            pytest.fail(f"Prefect server did not start: {(home / 'server.log').read_text()}")
        env = {
            **os.environ,
            "PREFECT_HOME": str(home),
            "PREFECT_API_URL": api,
            "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
            "CHRONICLE_HOME": str(repo),
        }
        for command in (
            [prefect, "work-pool", "create", "chronicle", "--type", "process", "--overwrite"],
            [prefect, "--no-prompt", "deploy", "--all"],
        ):
            done = subprocess.run(command, env=env, cwd=repo, capture_output=True, text=True)
            assert done.returncode == 0, done.stdout + done.stderr
        yield {"api": api, "prefect": prefect, **{f"env:{k}": v for k, v in env.items()}}


def _client(api: str):
    from prefect.client.orchestration import get_client
    from prefect.settings import PREFECT_API_URL, temporary_settings

    with temporary_settings({PREFECT_API_URL: api}):
        return get_client(sync_client=True)


def _stop(worker: subprocess.Popen[str]) -> str:
    """Stop the worker as an operator does: SIGTERM, which lets it wait for the flow runs it
    started; a second SIGTERM, Prefect's way to stop it at once, if that takes over a minute
    (in full `make test` runs it sometimes has, after the run had finished)."""
    worker.terminate()
    try:
        return worker.communicate(timeout=60)[0]
    except subprocess.TimeoutExpired:
        worker.terminate()
        return worker.communicate(timeout=60)[0]


def test_each_deployment_has_its_schedule_on_the_server(server: dict[str, str]) -> None:
    with _client(server["api"]) as client:
        for name, cron in EXPECTED_CRONS.items():
            deployment = client.read_deployment_by_name(name)
            assert [s.schedule.cron for s in deployment.schedules] == [cron]
            assert all(s.active for s in deployment.schedules)
            assert deployment.work_pool_name == "chronicle"


def test_ingest_triggered_through_the_api_runs_on_a_worker(
    server: dict[str, str], tmp_path: Path, repo: Path
) -> None:
    inbox, db = tmp_path / "inbox", tmp_path / "w.duckdb"
    shutil.copytree(repo / "seeds", inbox)
    with _client(server["api"]) as client:
        deployment = client.read_deployment_by_name("chronicle-ingest/ingest")
        flow_run = client.create_flow_run_from_deployment(
            deployment.id, parameters={"paths": [str(inbox)], "db": str(db)}
        )
    env = {k.removeprefix("env:"): v for k, v in server.items() if k.startswith("env:")}
    worker = subprocess.Popen(
        [server["prefect"], "worker", "start", "--pool", "chronicle"],
        env=env,
        cwd=repo,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        deadline = time.monotonic() + 300
        with _client(server["api"]) as client:
            while True:
                state = client.read_flow_run(flow_run.id).state
                if state is not None and state.is_final():
                    break
                assert time.monotonic() < deadline, "flow run did not finish in 300 s"
                time.sleep(1)
    finally:
        output = _stop(worker)
    assert state.is_completed(), f"{state}\n{output}"
    with duckdb.connect(str(db), read_only=True) as con:
        documents = con.execute("SELECT count(*) FROM documents").fetchone()[0]
        kim = con.execute(
            "SELECT count(*) FROM timeline WHERE actor = 'Kim Jong Un' "
            "AND date_start = DATE '2025-05-09'"
        ).fetchone()[0]
        run_states = con.execute("SELECT state FROM runs").fetchall()
    assert documents == 1
    assert kim > 0
    assert run_states == [("completed",)]

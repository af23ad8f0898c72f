"""`make serve` stops cleanly every time: started, given a run, then stopped with SIGTERM
to its process group (as a terminal's job control or a supervisor stops it), three times
over, it leaves no server, worker or flow-run process behind and frees its port.

Stopping the group sends SIGTERM to make and to `bin/serve` at once, and make forwards
one more to `bin/serve`: the second signal arriving mid-cleanup is what used to leave the
server running.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import time
from pathlib import Path

import pytest

from pipeline.prefect_server import free_port
from tests.flows.test_server import _client

pytestmark = [pytest.mark.slow, pytest.mark.minutes]

# Each cycle costs one to two minutes (three took 343 s on one core at stop 37, against
# CI's 20-minute budget); each still sends the doubled SIGTERM that once left the server
# running.
CYCLES = 3


def _processes_with(marker: str) -> list[str]:
    """Command lines of the processes whose environment holds `marker`."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit() or int(entry.name) == os.getpid():
            continue
        try:
            environ = (entry / "environ").read_bytes()
            command = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode()
        except OSError:
            continue  # gone meanwhile, or not ours to read
        if marker.encode() in environ.split(b"\0"):
            found.append(f"{entry.name}: {command}")
    return found


def _port_free(port: int) -> bool:
    with socket.socket() as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


def _wait_for(predicate, seconds: float, what: str, serve: subprocess.Popen[str]) -> None:
    deadline = time.monotonic() + seconds
    while not predicate():
        assert serve.poll() is None, f"make serve exited early while waiting for {what}"
        assert time.monotonic() < deadline, f"no {what} within {seconds:.0f} s"
        time.sleep(0.5)


def test_make_serve_stops_with_everything_it_started(tmp_path: Path, repo: Path) -> None:
    inbox = tmp_path / "inbox"
    shutil.copytree(repo / "seeds", inbox)
    for cycle in range(CYCLES):
        home, port = tmp_path / f"prefect-home-{cycle}", free_port()
        marker = f"PREFECT_HOME={home}"
        log_path = tmp_path / f"serve-{cycle}.log"
        env = {k: v for k, v in os.environ.items() if k != "PREFECT_API_URL"}
        env |= {
            "PREFECT_HOME": str(home),
            "PREFECT_PORT": str(port),
            # no scheduled runs of the repo's own inbox while the test runs
            "PREFECT_SERVER_SERVICES_SCHEDULER_ENABLED": "false",
        }
        with log_path.open("w") as log:
            serve = subprocess.Popen(
                ["make", "--no-print-directory", "serve"],
                cwd=repo,
                env=env,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,  # make leads its own group, as in a terminal
                text=True,
            )
        try:
            _wait_for(
                lambda log_path=log_path: "worker running" in log_path.read_text(),
                600,
                "worker",
                serve,
            )
            api = f"http://127.0.0.1:{port}/api"
            with _client(api) as client:
                deployment = client.read_deployment_by_name("chronicle-ingest/ingest")
                flow_run = client.create_flow_run_from_deployment(
                    deployment.id,
                    parameters={"paths": [str(inbox)], "db": str(tmp_path / f"w{cycle}.duckdb")},
                )

                def started(flow_run=flow_run) -> bool:
                    state = client.read_flow_run(flow_run.id).state
                    return state is not None and (state.is_running() or state.is_final())

                _wait_for(started, 300, "flow run start", serve)
        finally:
            os.killpg(serve.pid, signal.SIGTERM)
            try:
                serve.wait(timeout=120)
            except subprocess.TimeoutExpired:
                os.killpg(serve.pid, signal.SIGKILL)
                raise
        deadline = time.monotonic() + 60
        while _processes_with(marker) and time.monotonic() < deadline:
            time.sleep(0.5)
        left = _processes_with(marker)
        assert not left, f"cycle {cycle}: left running:\n" + "\n".join(left)
        assert _port_free(port), f"cycle {cycle}: port {port} still taken"
        assert "chronicle serve: stopped" in log_path.read_text(), log_path.read_text()

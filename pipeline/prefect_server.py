"""Prefect servers that Chronicle starts and stops itself.

`local_server` is a full `prefect server start`, the way `bin/serve` runs one, for the
benchmark and the server tests. `ServerProcess.temporary` is the API a `chronicle run` or
`chronicle evaluate tls` needs when no server is configured (`flow_api`): Prefect's own
"temporary server" (the same uvicorn application, UI and background services off), but
started by Chronicle so that the run can load spaCy and import Prefect while it comes up,
waits for it as long as a loaded machine needs, and never leaves it behind.

Either runs in its own process group (stopping the group stops whatever it started) and
is tied to this process by Linux's parent-death signal, set before the server's program
starts: when this process dies, even by SIGKILL, the server gets SIGTERM. The signal
fires when the thread that started the server ends, so start servers from the main
thread.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator, Sequence
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import IO

# Seconds to wait for a server to answer. Prefect's own wait for its temporary server is 20
# s, which a machine busy with other work exceeds ("Timed out while attempting to connect
# to ephemeral Prefect API server"); a server that started late costs only that wait.
START_TIMEOUT_ENV = "CHRONICLE_SERVER_START_TIMEOUT"
DEFAULT_START_TIMEOUT = 300.0
STOP_TIMEOUT = 30.0

# What a server that lives for one run can do without, each a part of its start-up cost:
# - registering block types (Prefect first imports every installed collection for them:
#   prefect-dask brings in Dask's `distributed`, about 1 s of CPU); a run uses no blocks,
#   and a lasting server (`make serve`) registers them when it starts;
# - the automations' triggers and actions: they would act on events after the run, when
#   this server is gone.
# Flow runs, task runs, logs, artifacts and events are recorded as before.
TEMPORARY_SERVER_SETTINGS = {
    "PREFECT_SERVER_REGISTER_BLOCKS_ON_START": "false",
    "PREFECT_SERVER_MEMOIZE_BLOCK_AUTO_REGISTRATION": "false",
    "PREFECT_SERVER_SERVICES_TRIGGERS_ENABLED": "false",
}

# Runs first in the server's process: asks the kernel for SIGTERM when the parent dies,
# gives up if the parent died already, then becomes the server's program.
_TIED_TO_PARENT = """\
import ctypes, os, signal, sys
try:
    ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
except (AttributeError, OSError):
    pass  # not Linux: the server is stopped by the parent's own cleanup only
if os.getppid() != int(sys.argv[1]):
    sys.exit(1)
os.execv(sys.argv[2], sys.argv[2:])
"""


class ServerDidNotStart(RuntimeError):
    """The server exited, or did not answer within the timeout; the message says which."""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_timeout() -> float:
    configured = os.environ.get(START_TIMEOUT_ENV)
    return float(configured) if configured else DEFAULT_START_TIMEOUT


class ServerProcess:
    """A Prefect API server in its own process group, started at construction; `ready()`
    waits until it answers, `stop()` (or leaving a `with` block) stops it."""

    def __init__(
        self,
        command: Sequence[str],
        port: int,
        env: dict[str, str],
        log: IO[str] | int | None = None,
    ) -> None:
        self.port = port
        self.api = f"http://127.0.0.1:{port}/api"
        # Without a log of its own, output goes to a scratch file, read back if it fails.
        self._scratch = tempfile.TemporaryFile("w+") if log is None else None  # noqa: SIM115
        self.process = subprocess.Popen(
            [sys.executable, "-c", _TIED_TO_PARENT, str(os.getpid()), *command],
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=self._scratch if log is None else log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )

    @classmethod
    def temporary(cls, home: str | Path | None = None) -> ServerProcess:
        """The API alone, as Prefect's temporary server runs it (no UI, no services that
        schedule or react), with its state in `home` (default: $PREFECT_HOME)."""
        port = free_port()
        command = [
            sys.executable,
            "-m",
            "uvicorn",
            "--factory",
            "prefect.server.api.server:create_app",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--log-level",
            "error",
            "--lifespan",
            "on",
        ]
        env = (
            _server_env(home)
            | {
                "PREFECT_UI_ENABLED": "0",
                "PREFECT__SERVER_EPHEMERAL": "1",  # what Prefect sets for its temporary server
                "PREFECT__SERVER_FINAL": "1",
            }
            | TEMPORARY_SERVER_SETTINGS
        )
        return cls(command, port, env)

    def ready(self, timeout: float | None = None) -> str:
        """Wait until the server answers its health check; its API URL.

        Raises ServerDidNotStart, with the end of the server's output, when it exits or
        does not answer within `timeout` seconds (default: `start_timeout()`).
        """
        limit = start_timeout() if timeout is None else timeout
        deadline = time.monotonic() + limit
        while True:
            try:
                urllib.request.urlopen(f"{self.api}/health", timeout=2).close()
                return self.api
            except OSError:
                if self.process.poll() is not None:
                    raise ServerDidNotStart(
                        f"the Prefect server exited with code {self.process.returncode}"
                        + self._output_tail()
                    ) from None
                if time.monotonic() > deadline:
                    raise ServerDidNotStart(
                        f"the Prefect server did not answer within {limit:.0f} s (set "
                        f"{START_TIMEOUT_ENV} to wait longer)" + self._output_tail()
                    ) from None
                time.sleep(0.1)

    def stop(self) -> None:
        """SIGTERM to the server's process group, SIGKILL if it is still there after
        STOP_TIMEOUT seconds."""
        if self.process.poll() is None:
            _signal_group(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=STOP_TIMEOUT)
            except subprocess.TimeoutExpired:
                _signal_group(self.process.pid, signal.SIGKILL)
                self.process.wait()
        if self._scratch is not None:
            self._scratch.close()
            self._scratch = None

    def __enter__(self) -> ServerProcess:
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def _output_tail(self) -> str:
        if self._scratch is None:
            return ""
        self._scratch.seek(0)
        lines = [line.strip() for line in self._scratch.read().splitlines() if line.strip()]
        return f": {lines[-1]}" if lines else ""


def send_pending(timeout: float = 10.0) -> None:
    """Send the logs and events this process has queued for the Prefect API, waiting at
    most `timeout` seconds for each: call it before stopping a server this process used,
    or they are sent to nothing at exit (and Prefect prints an error for each batch)."""
    from prefect.events.worker import EventsWorker
    from prefect.logging.handlers import APILogWorker

    APILogWorker.drain_all(timeout=timeout)
    EventsWorker.drain_all(timeout=timeout)


class FlowApi:
    """The Prefect API this process's flow runs report to (`flow_api`)."""

    def __init__(self, server: ServerProcess | None) -> None:
        self.server = server

    @contextmanager
    def flow_run(self) -> Iterator[None]:
        """Around a flow run. The first one waits for the temporary server, if there is
        one, and points Prefect at it: entered right before the run, the caller's slow
        imports overlap the server's start. Against a temporary server, no flow-run
        heartbeats: they let a lasting server mark a run whose process died as crashed,
        but a temporary server dies with the run's process, and the heartbeat thread,
        which sleeps in 1-second steps, held up the end of every run by up to a second."""
        if self.server is None:
            yield
            return
        from prefect.context import refresh_global_settings_context
        from prefect.settings import temporary_settings

        if not os.environ.get("PREFECT_API_URL"):
            os.environ["PREFECT_API_URL"] = self.server.ready()
            refresh_global_settings_context()
        with temporary_settings(updates={"flows.heartbeat_frequency": None}):
            yield


@contextmanager
def flow_api() -> Iterator[FlowApi]:
    """The API for the flow runs of a command: the server that `PREFECT_API_URL` or the
    Prefect profile names, else a temporary one (`ServerProcess.temporary`) started now,
    waited for by the first `FlowApi.flow_run` as long as a loaded machine needs
    (`start_timeout`), and stopped on leaving, after this process has sent it its pending
    logs and events. Prefect's own temporary server gives up after 20 s: "Timed out while
    attempting to connect to ephemeral Prefect API server", as `chronicle evaluate tls` did
    on the first run of a new machine."""
    api = FlowApi(None if os.environ.get("PREFECT_API_URL") else ServerProcess.temporary())
    try:
        from prefect.settings import PREFECT_API_URL

        if api.server is not None and PREFECT_API_URL.value():  # a profile names a server
            api.server.stop()
            api.server = None
        yield api
    finally:
        if api.server is not None:
            if os.environ.get("PREFECT_API_URL") == api.server.api:
                send_pending()
                del os.environ["PREFECT_API_URL"]  # a later command starts its own again
                from prefect.context import refresh_global_settings_context

                refresh_global_settings_context()
            api.server.stop()


@contextmanager
def local_server(
    home: Path, log: IO[str] | int = subprocess.DEVNULL, *, timeout: float | None = None
) -> Iterator[str]:
    """Start `prefect server start` on a free port with its state in `home`; yield the API
    URL once it answers; stop it (and whatever it started) on leaving.

    Raises ServerDidNotStart when the server exits or does not answer within `timeout`
    seconds (default: `start_timeout()`).
    """
    port = free_port()
    prefect = str(Path(sys.executable).with_name("prefect"))
    command = [prefect, "server", "start", "--host", "127.0.0.1", "--port", str(port)]
    with ServerProcess(command, port, _server_env(home), log) as server:
        yield server.ready(timeout)


def _server_env(home: str | Path | None) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "PREFECT_API_URL"}
    if home is not None:
        env["PREFECT_HOME"] = str(home)
    return env | {"PREFECT_SERVER_ANALYTICS_ENABLED": "false"}


def _signal_group(pid: int, signum: int) -> None:
    with suppress(ProcessLookupError):
        os.killpg(pid, signum)

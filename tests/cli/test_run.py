"""`chronicle run` as a user runs it, with no Prefect server configured: a run with work
is a Prefect flow run against a temporary server it starts and stops; a run with nothing
to do records its `runs` row without importing Prefect or spaCy; a run stopped by SIGTERM
or SIGKILL leaves no server (nor anything else) behind."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import pytest

from bench.pipeline_bench import build_corpus
from pipeline.prefect_server import local_server
from tests.flows.test_serve import _processes_with
from tests.flows.test_server import _client

pytestmark = pytest.mark.slow

EVIL_NAME = "evil\x1b[31m.json"  # an escape sequence in a file name, and broken JSON in it
# Runs `chronicle` and fails if it imported Prefect or spaCy.
WITHOUT_PREFECT = (
    "import sys\n"
    "from cli.main import main\n"
    "code = main(sys.argv[1:])\n"
    "heavy = sorted(m for m in ('prefect', 'spacy') if m in sys.modules)\n"
    "sys.exit(f'imported {heavy}' if heavy else code)\n"
)


def _env(home: Path, repo: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "PREFECT_API_URL"}
    # PREFECT_LOGGING_LEVEL comes from the test session; a user has Prefect's default
    env.pop("PREFECT_LOGGING_LEVEL", None)
    return env | {"PREFECT_HOME": str(home), "PYTHONPATH": str(repo), "COLUMNS": "100"}


def _chronicle(args: list[str], env: dict[str, str], repo: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, *args], env=env, cwd=repo, capture_output=True, text=True, timeout=900
    )


def _gone(marker: str, seconds: float = 60) -> list[str]:
    deadline = time.monotonic() + seconds
    while (left := _processes_with(marker)) and time.monotonic() < deadline:
        time.sleep(0.5)
    return left


def test_a_run_with_work_is_a_flow_run_and_an_unchanged_run_skips_prefect(
    tmp_path: Path, repo: Path
) -> None:
    home, inbox, db = tmp_path / "prefect", tmp_path / "inbox", tmp_path / "w.duckdb"
    shutil.copytree(repo / "seeds", inbox)
    (inbox / EVIL_NAME).write_text("{not json", encoding="utf-8")
    env = _env(home, repo)
    command = ["run", str(inbox), "--db", str(db), "--charts", str(tmp_path / "charts")]

    first = _chronicle(["-m", "cli.main", *command], env, repo)
    assert first.returncode == 0, first.stderr
    assert "documents: 1 seen, 1 new, 0 changed, 0 unchanged" in first.stdout
    assert "charts:" in first.stdout
    # quiet by default: the warning, escaped, and none of Prefect's log lines
    assert first.stderr.count("chronicle: warning: quarantined") == 1
    assert "evil\\x1b[31m.json" in first.stderr
    assert "\x1b" not in first.stderr + first.stdout
    assert "| INFO" not in first.stderr and "Flow run" not in first.stderr

    second = _chronicle(["-c", WITHOUT_PREFECT, *command], env, repo)
    assert second.returncode == 0, second.stderr
    assert "nothing changed since the last run" in second.stdout
    assert "documents: 1 seen, 0 new, 0 changed, 1 unchanged" in second.stdout
    assert "evil\\x1b[31m.json" in second.stderr  # still unreadable: still said

    with duckdb.connect(str(db), read_only=True) as con:
        runs = con.execute(
            "SELECT run_id, state, documents_new, documents_skipped FROM runs ORDER BY started_at"
        ).fetchall()
        [(quarantined_by,)] = con.execute("SELECT run_id FROM quarantine").fetchall()
    assert [row[1:] for row in runs] == [("completed", 1, 0), ("completed", 0, 1)]
    assert quarantined_by == runs[1][0]  # the unchanged run refreshed the quarantine row
    assert _gone(f"PREFECT_HOME={home}") == []

    # The first run is a flow run in the Prefect database the temporary server used.
    with local_server(home) as api, _client(api) as client:
        flow_run = client.read_flow_run(runs[0][0])
        assert flow_run.state is not None and flow_run.state.is_completed()
        assert client.read_flow(flow_run.flow_id).name == "chronicle-ingest"


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGKILL], ids=["SIGTERM", "SIGKILL"])
def test_a_run_stopped_by_a_signal_leaves_no_prefect_server_behind(
    signum: int, tmp_path: Path, repo: Path
) -> None:
    home, db = tmp_path / "prefect", tmp_path / "w.duckdb"
    corpus = tmp_path / "corpus"
    build_corpus(corpus, 150, None)  # the seed's sentences, recombined: work for a while
    run = subprocess.Popen(
        [sys.executable, "-m", "cli.main", "run", str(corpus), "--db", str(db), "--no-charts"]
        + ["--batch-size", "10"],
        env=_env(home, repo),
        cwd=repo,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
    )
    marker = f"PREFECT_HOME={home}"
    staging = Path(f"{db}.staging")
    deadline = time.monotonic() + 600
    # the flow runs (the server answered) once its staging folder for the run exists
    while not (staging.is_dir() and any(staging.iterdir())):
        assert run.poll() is None, run.communicate()[0]
        assert time.monotonic() < deadline, "the flow did not start within 600 s"
        time.sleep(0.2)
    assert any("uvicorn" in line for line in _processes_with(marker)), "no temporary server"
    os.kill(run.pid, signum)
    output = run.communicate(timeout=120)[0]
    assert run.returncode == -signum or run.returncode == 128 + signum, output
    assert _gone(marker) == [], "left running after the run died"
    if signum == signal.SIGTERM:
        assert "Traceback" not in output
        with duckdb.connect(str(db), read_only=True) as con:
            assert con.execute("SELECT state FROM runs").fetchall() == [("failed",)]

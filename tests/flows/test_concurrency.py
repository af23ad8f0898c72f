"""Overlapping runs take turns in the warehouse: nothing fails, nothing is lost or doubled."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

pytestmark = pytest.mark.slow

PEOPLE = ["Ana Lopez", "Bo Chen", "Cara Diaz", "Dev Patel", "Eli Cohen", "Fay Wong"]
PLACES = ["Madrid", "Beijing", "Lima", "Delhi", "Haifa", "Taipei"]


def _write_inbox(inbox: Path, count: int) -> None:
    inbox.mkdir()
    for i in range(count):
        person, place = PEOPLE[i % len(PEOPLE)], PLACES[(i * 5) % len(PLACES)]
        (inbox / f"story-{i:03d}.md").write_text(
            f"---\ntitle: Story {i}\npublished: 2024-03-{1 + i % 28:02d}\n---\n"
            f"{person} visited {place} on Monday, officials said. "
            f"Story number {i} says {person} met the mayor of {place} on Tuesday.\n",
            encoding="utf-8",
        )


def _run(inbox: Path, db: Path, env: dict[str, str], batch_size: int = 5) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [
            sys.executable,
            "-m",
            "cli.main",
            "run",
            str(inbox),
            "--db",
            str(db),
            "--no-charts",
            "--batch-size",
            str(batch_size),
            "--quiet",
        ],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )


def test_two_runs_at_once_store_every_document_exactly_once(
    prefect_harness, tmp_path: Path, repo: Path
) -> None:
    from prefect.settings import PREFECT_API_URL

    inbox, db = tmp_path / "inbox", tmp_path / "w.duckdb"
    _write_inbox(inbox, 30)
    env = {**os.environ, "PREFECT_API_URL": PREFECT_API_URL.value(), "PYTHONPATH": str(repo)}
    runs = [_run(inbox, db, env), _run(inbox, db, env)]
    outputs = [run.communicate(timeout=600)[0] for run in runs]
    assert [run.returncode for run in runs] == [0, 0], outputs

    with duckdb.connect(str(db), read_only=True) as con:
        per_doc = con.execute("SELECT count(*), count(DISTINCT doc_id) FROM documents").fetchone()
        sources = con.execute("SELECT count(*), count(DISTINCT path) FROM sources").fetchone()
        events = con.execute("SELECT count(*), count(DISTINCT event_id) FROM events").fetchone()
        runs_rows = con.execute("SELECT state FROM runs").fetchall()
    assert per_doc == (30, 30)
    assert sources == (30, 30)
    assert events[0] == events[1] > 0
    assert sorted(s for (s,) in runs_rows) == ["completed", "completed"]

    clean_db = tmp_path / "clean.duckdb"
    single = _run(inbox, clean_db, env)
    assert single.wait(timeout=600) == 0, single.communicate()[0]
    with duckdb.connect(str(clean_db), read_only=True) as con:
        assert con.execute("SELECT count(*) FROM events").fetchone()[0] == events[0]


def test_readers_during_a_run_wait_their_turn_and_never_break_it(
    prefect_harness, tmp_path: Path, repo: Path
) -> None:
    """`chronicle export` during a run used to kill the run on DuckDB's lock and leave its
    row `running`; now every reading verb takes the warehouse lock between batches."""
    from prefect.settings import PREFECT_API_URL

    inbox, db = tmp_path / "inbox", tmp_path / "w.duckdb"
    _write_inbox(inbox, 40)
    env = {**os.environ, "PREFECT_API_URL": PREFECT_API_URL.value(), "PYTHONPATH": str(repo)}
    run = _run(inbox, db, env, batch_size=4)
    readers = [
        ["status"],
        ["sql", "SELECT count(*) FROM timeline"],
        ["timeline", "Ana Lopez"],
        ["export", "--format", "jsonl", "--out", str(tmp_path / "out.jsonl")],
    ]
    results: list[tuple[list[str], int, str]] = []
    while run.poll() is None:
        for verb in readers:
            if not db.exists():
                continue
            reader = subprocess.run(
                [sys.executable, "-m", "cli.main", *verb, "--db", str(db)],
                env=env,
                capture_output=True,
                text=True,
                timeout=600,
            )
            results.append((verb, reader.returncode, reader.stderr))
    assert run.returncode == 0, run.communicate()[0]
    assert results, "no reader ran during the run"
    # A reader may find no events for the actor yet (exit 1, "no events"), nothing else.
    failed = [r for r in results if r[1] != 0 and "no events for" not in r[2]]
    assert failed == []
    with duckdb.connect(str(db), read_only=True) as con:
        assert con.execute("SELECT count(*) FROM documents").fetchone() == (40,)
        assert con.execute("SELECT state FROM runs").fetchall() == [("completed",)]

"""One lock for every entry point: readers wait their turn or fail with one clear line."""

from __future__ import annotations

import fcntl
import os
import re
import subprocess
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from cli.main import main
from tests.browser.warehouses import build, hostile_extractions
from warehouse.lock import WAIT_ENV, WarehouseBusy, lock_path, open_warehouse

REPO = Path(__file__).resolve().parents[2]


def _verbs(db: Path, out: Path) -> dict[str, list[str]]:
    return {
        "status": ["status", "--db", str(db)],
        "sql": ["sql", "SELECT count(*) FROM events", "--db", str(db)],
        "timeline": ["timeline", "Acme", "--db", str(db)],
        "export": ["export", "--format", "csv", "--out", str(out), "--db", str(db)],
    }


@pytest.fixture
def db(tmp_path: Path) -> Path:
    return build(tmp_path / "w.duckdb", hostile_extractions())


@contextmanager
def _held(db: Path, note: str = "pid 4242: chronicle run inbox") -> Iterator[None]:
    """The warehouse lock held as another process would hold it (its own open file)."""
    with lock_path(db).open("a+") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        handle.seek(0)
        handle.truncate()
        handle.write(note + "\n")
        handle.flush()
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def test_every_reader_waits_its_turn(db: Path, tmp_path: Path) -> None:
    """Each verb, started while another process holds the warehouse, blocks, then takes
    the lock (it signs the lock file) once it is free, and succeeds."""
    for name, argv in _verbs(db, tmp_path / "out.csv").items():
        result: list[int] = []
        verb = threading.Thread(target=lambda a=argv, r=result: r.append(main(a)))
        with _held(db):
            verb.start()
            verb.join(timeout=2)
            assert verb.is_alive() and not result, f"{name} did not wait for the lock"
        verb.join(timeout=120)
        assert result == [0], name
        signed = lock_path(db).read_text(encoding="utf-8")
        assert signed.startswith(f"pid {os.getpid()}:"), (name, signed)


def test_every_reader_that_cannot_wait_longer_fails_with_one_line_naming_the_holder(
    db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv(WAIT_ENV, "0.2")
    with _held(db):
        for name, argv in _verbs(db, tmp_path / "out.csv").items():
            assert main(argv) == 1, name
            err = capsys.readouterr().err
            assert err.count("\n") == 1, err
            assert re.match(rf"chronicle: error: {re.escape(str(db))} is in use by", err), err
            assert "pid 4242: chronicle run inbox" in err and WAIT_ENV in err
    assert not (tmp_path / "out.csv").exists()


def test_a_process_holding_duckdbs_own_lock_is_waited_out(db: Path) -> None:
    """A program outside Chronicle (here a plain duckdb connection) holds the file."""
    script = (
        "import duckdb, sys, time; con = duckdb.connect(sys.argv[1]); "
        "print('open', flush=True); time.sleep(float(sys.argv[2])); con.close()"
    )
    holder = subprocess.Popen(
        [sys.executable, "-c", script, str(db), "1.5"], stdout=subprocess.PIPE, text=True
    )
    assert holder.stdout is not None and holder.stdout.readline() == "open\n"
    with open_warehouse(db, read_only=True, wait_seconds=120) as con:
        assert con.execute("SELECT count(*) FROM documents").fetchone() == (3,)
    holder.wait(timeout=60)
    holder = subprocess.Popen(
        [sys.executable, "-c", script, str(db), "30"], stdout=subprocess.PIPE, text=True
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline() == "open\n"
        with (
            pytest.raises(WarehouseBusy, match="a process outside Chronicle"),
            open_warehouse(db, wait_seconds=0.5),
        ):
            pass
    finally:
        holder.kill()
        holder.wait()


def test_nothing_opens_the_warehouse_but_through_the_lock() -> None:
    """Every entry point (flows, every `chronicle` verb, charts, exports) goes through
    `open_warehouse`: the only call that opens a DuckDB file is in `connection.connect`,
    and the only caller of that is the lock."""
    opens = re.compile(r"\bduckdb\.connect\(|\bconnection\.connect\(|import connect\b")
    found = {
        str(path.relative_to(REPO))
        for folder in ("cli", "flows", "pipeline", "presentation", "evaluation", "warehouse")
        for path in (REPO / folder).rglob("*.py")
        if opens.search(path.read_text(encoding="utf-8"))
    }
    assert found == {"warehouse/connection.py", "warehouse/lock.py"}

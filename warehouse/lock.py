"""One process at a time in the warehouse file.

DuckDB lets a single process open a database file for writing, and while it does no other
process can open it at all, not even read-only. Every entry point (the flows' tasks, and
the `chronicle` verbs that read: `status`, `sql`, `timeline`, `export`) therefore opens
the warehouse only through `open_warehouse`, which takes an advisory lock on a file beside
the database first, held only for one short connection (one batch), so runs and readers
interleave batch by batch instead of failing on DuckDB's own lock.

A process waiting for its turn waits up to `wait_seconds` (default `DEFAULT_WAIT_SECONDS`,
or $CHRONICLE_WAIT_SECONDS), then fails with one line that says who holds the warehouse.
The holder writes its pid and command into the lock file for that message. A process that
opens the file without this lock (the `duckdb` shell, another program) makes DuckDB refuse
with "Conflicting lock"; that too is waited out rather than failing a run's batch.
"""

from __future__ import annotations

import fcntl
import os
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO

import duckdb

from warehouse import connection

WAIT_ENV = "CHRONICLE_WAIT_SECONDS"
DEFAULT_WAIT_SECONDS = 600.0
_POLL_SECONDS = 0.05


class WarehouseBusy(RuntimeError):
    """Another process held the warehouse for longer than this one was willing to wait."""


def lock_path(db: str | Path) -> Path:
    return Path(f"{db}.lock")


def default_wait() -> float:
    """$CHRONICLE_WAIT_SECONDS when set to a number, else `DEFAULT_WAIT_SECONDS`."""
    try:
        return max(0.0, float(os.environ.get(WAIT_ENV, DEFAULT_WAIT_SECONDS)))
    except ValueError:
        return DEFAULT_WAIT_SECONDS


@contextmanager
def open_warehouse(
    db: str | Path,
    *,
    read_only: bool = False,
    wait_seconds: float | None = None,
    sandbox: connection.Sandbox | None = None,
) -> Iterator[duckdb.DuckDBPyConnection]:
    """A connection to the warehouse, held alone among processes that use this function
    (`sandbox`: see `connection.Sandbox`)."""
    wait = default_wait() if wait_seconds is None else wait_seconds
    deadline = time.monotonic() + wait
    path = lock_path(db)
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("a+") as handle:
        while True:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    raise WarehouseBusy(_busy(db, wait, _holder(handle))) from None
                time.sleep(_POLL_SECONDS)
        try:
            _sign(handle)
            con = _connect(db, read_only, sandbox, deadline, wait)
            try:
                yield con
            finally:
                con.close()
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _connect(
    db: str | Path,
    read_only: bool,
    sandbox: connection.Sandbox | None,
    deadline: float,
    wait: float,
) -> duckdb.DuckDBPyConnection:
    """Open the file, waiting out a process that holds DuckDB's own lock without ours."""
    while True:
        try:
            return connection.connect(db, read_only=read_only, sandbox=sandbox)
        except duckdb.IOException as error:
            if "lock" not in str(error).lower():
                raise
            if time.monotonic() >= deadline:
                held = str(error).splitlines()[0]
                busy = _busy(db, wait, f"a process outside Chronicle ({held})")
                raise WarehouseBusy(busy) from None
            time.sleep(_POLL_SECONDS * 4)


def _busy(db: str | Path, wait: float, holder: str) -> str:
    return (
        f"{db} is in use by {holder}; waited {wait:.0f} s (set ${WAIT_ENV} to wait longer), "
        "try again when it is done"
    )


def _sign(handle: IO[str]) -> None:
    """Write who holds the lock into the lock file, for the message of those who wait."""
    words = [os.path.basename(sys.argv[0]), *sys.argv[1:]] if sys.argv else []
    command = "".join(c if c.isprintable() else "?" for c in " ".join(words)[:200])
    handle.seek(0)
    handle.truncate()
    handle.write(f"pid {os.getpid()}: {command}\n")
    handle.flush()


def _holder(handle: IO[str]) -> str:
    handle.seek(0)
    written = handle.read(300).strip()
    return f"another process ({written})" if written else "another process"

"""One process at a time in the warehouse file.

DuckDB lets a single process open a database file for writing, and while it does no other
process can open it at all, not even read-only. Overlapping runs (a scheduled ingest and
a rebuild, two `chronicle run`s, a render) therefore take turns through an advisory lock
on a file beside the database, held only for one short connection (one batch), so they
interleave batch by batch instead of failing on DuckDB's own lock.
"""

from __future__ import annotations

import fcntl
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import duckdb

from warehouse import connection

DEFAULT_WAIT_SECONDS = 600.0


class WarehouseBusy(RuntimeError):
    """Another process held the warehouse for longer than this one was willing to wait."""


def lock_path(db: str | Path) -> Path:
    return Path(f"{db}.lock")


@contextmanager
def open_warehouse(
    db: str | Path, *, read_only: bool = False, wait_seconds: float = DEFAULT_WAIT_SECONDS
) -> Iterator[duckdb.DuckDBPyConnection]:
    """A connection to the warehouse, held alone among processes that use this function."""
    path = lock_path(db)
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("a+") as handle:
        deadline = time.monotonic() + wait_seconds
        while True:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    raise WarehouseBusy(
                        f"{db} is in use by another process (waited {wait_seconds:.0f} s)"
                    ) from None
                time.sleep(0.05)
        try:
            con = connection.connect(db, read_only=read_only)
            try:
                yield con
            finally:
                con.close()
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)

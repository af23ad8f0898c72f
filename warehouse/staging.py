"""Staged batches: a batch's Arrow tables as Parquet files between the workers and the loader.

Workers (processes of the flow's pool, or Dask workers) build a batch's tables where they
extracted it and write them here; what crosses back to the flow is a `StagedBatch`, a
manifest of a few paths and counts, instead of every extracted object pickled. The flow's
one writer reads the files and loads them (`load.load_tables`), then removes them.

Layout, under a staging root (default: `<database>.staging` beside the warehouse):

    <root>/<run>.lock                   held (flock) by the live run that owns <run>/
    <root>/<run>/<batch>/<part>/<table>.parquet

Robustness rules:

- A loader reads only the parts its manifest names, never what happens to lie in a folder,
  so leftovers of a crashed run, or of a retried task, are never loaded, let alone twice.
- Part folders have random names, so a task run twice never writes over a part whose
  manifest is in use; files are written completely before their manifest exists.
- A batch's files are removed only after its load committed; a failed load keeps them for
  the task's retry. Loading is idempotent anyway (a document stored at the same version
  and text is skipped), so a batch loaded again after a crash between commit and removal
  writes nothing.
- A run owns its folder through a lock file held while it runs, so runs sharing the root
  (overlapping `chronicle run`s) never remove each other's batches; the folders of dead
  runs (killed, crashed hosts) are removed by the next run that starts.

The root must be reachable at the same path from every worker and from the flow; on one
machine any local folder is, on a cluster see docs/scale.md (shared storage).
"""

from __future__ import annotations

import fcntl
import os
import shutil
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

import pyarrow as pa
import pyarrow.parquet as pq

from transforms.model import Rejection
from warehouse.tables import (
    STAGED_SCHEMAS,
    STAGED_TABLES,
    Tables,
    concat,
    empty_tables,
    sources_table,
)

STAGING_ENV = "CHRONICLE_STAGING"
_LOCK_SUFFIX = ".lock"


@dataclass(frozen=True)
class StagedPart:
    """One worker's share of a batch: a folder with one Parquet file per staged table."""

    folder: str
    rows: dict[str, int]
    build_seconds: float = 0.0  # building the Arrow tables, in the worker
    write_seconds: float = 0.0  # writing them as Parquet, in the worker
    # Documents of this share whose extraction failed: quarantined by the flow, not loaded.
    rejections: tuple[Rejection, ...] = ()


@dataclass(frozen=True)
class StagedBatch:
    """The manifest of a staged batch: what the loader reads, and nothing else.

    `paths` are further (doc_id -> paths) sources of the batch, e.g. copies of a text left
    out of extraction because the same text was in the batch already.
    """

    folder: str
    parts: tuple[StagedPart, ...] = ()
    paths: dict[str, list[str]] = field(default_factory=dict)
    failed: tuple[Rejection, ...] = ()  # documents whose extraction task itself failed

    def rows(self, table: str) -> int:
        return sum(part.rows.get(table, 0) for part in self.parts)

    @property
    def rejections(self) -> tuple[Rejection, ...]:
        """The batch's documents that could not be extracted, to be quarantined."""
        return (*(rejection for part in self.parts for rejection in part.rejections), *self.failed)


def default_root(db: str | Path) -> str:
    """$CHRONICLE_STAGING when set, else a folder beside the warehouse file."""
    configured = os.environ.get(STAGING_ENV)
    return os.path.abspath(configured or f"{db}.staging")


def write_part(
    tables: Tables,
    batch_folder: str | Path,
    *,
    build_seconds: float = 0.0,
    rejections: tuple[Rejection, ...] = (),
) -> StagedPart:
    """Write a batch's (or a worker's share of a batch's) tables into a new part folder;
    `rejections` are its documents that could not be extracted."""
    started = time.perf_counter()
    folder = Path(batch_folder) / f"part-{uuid.uuid4().hex}"
    folder.mkdir(parents=True)
    for table in STAGED_TABLES:
        # zstd: half the plain size for about the same read time, which counts when
        # the staging folder is shared storage on a cluster.
        pq.write_table(tables[table], folder / f"{table}.parquet", compression="zstd")
    return StagedPart(
        folder=str(folder),
        rows={table: tables[table].num_rows for table in STAGED_TABLES},
        build_seconds=build_seconds,
        write_seconds=time.perf_counter() - started,
        rejections=rejections,
    )


def read_batch(batch: StagedBatch | None) -> Tables:
    """The batch's tables, its parts concatenated; an empty batch for None."""
    tables = empty_tables()
    if batch is not None and batch.parts:
        tables = concat(
            [
                {table: _read(Path(part.folder), table) for table in STAGED_TABLES}
                for part in batch.parts
            ]
        )
    if batch is not None and batch.paths:
        tables["sources"] = pa.concat_tables([tables["sources"], sources_table(batch.paths)])
    return tables


def _read(folder: Path, table: str) -> pa.Table:
    """One staged file, in the staged schema (a worker running other code may have written
    another; a cast that cannot be made fails the load rather than load wrong columns)."""
    found = pq.ParquetFile(folder / f"{table}.parquet").read()
    schema = STAGED_SCHEMAS[table]
    return found if found.schema.equals(schema) else found.select(schema.names).cast(schema)


def remove(batch: StagedBatch | None) -> None:
    """Delete a loaded batch's files. A failure only leaves files the next run removes."""
    if batch is not None:
        shutil.rmtree(batch.folder, ignore_errors=True)


def batch_folder(run_folder: str | Path, index: int) -> str:
    return str(Path(run_folder) / f"batch-{index:06d}")


@contextmanager
def run_folder(root: str | Path) -> Iterator[Path]:
    """A folder for one run's batches, removed when the run ends however it ends.

    The run holds `<root>/<run>.lock` while it lives; folders of runs whose lock nobody
    holds are removed first (a run killed with SIGKILL cannot clean up after itself).
    """
    base = Path(root).absolute()  # workers may run elsewhere, in another directory
    base.mkdir(parents=True, exist_ok=True)
    sweep(base)
    handle, lock = _locked_name(base)
    with handle:
        folder = base / lock.name.removesuffix(_LOCK_SUFFIX)
        folder.mkdir()
        try:
            yield folder
        finally:
            shutil.rmtree(folder, ignore_errors=True)
            with suppress(OSError):
                lock.unlink()
            fcntl.flock(handle, fcntl.LOCK_UN)


def _locked_name(base: Path) -> tuple[IO[str], Path]:
    """A new run's lock file, open and locked. A sweep may remove the file between its
    creation and the lock (it looked free); then the lock holds nothing and a new name is
    tried, so a live run never goes without a lock file that says so."""
    while True:
        lock = base / f"run-{uuid.uuid4().hex}{_LOCK_SUFFIX}"
        handle = lock.open("a+")
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            if os.stat(lock).st_ino == os.fstat(handle.fileno()).st_ino:
                return handle, lock
        except FileNotFoundError:
            pass
        handle.close()


def sweep(root: str | Path) -> list[str]:
    """Remove the run folders (and lock files) of runs that are no longer running."""
    base = Path(root)
    if not base.is_dir():
        return []
    names = {
        entry.name.removesuffix(_LOCK_SUFFIX)
        for entry in base.iterdir()
        if entry.name.startswith("run-")
    }
    removed = []
    for name in sorted(names):
        lock = base / f"{name}{_LOCK_SUFFIX}"
        try:
            handle = lock.open("a+")
        except OSError:
            continue
        with handle:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                continue  # a live run
            shutil.rmtree(base / name, ignore_errors=True)
            with suppress(OSError):
                lock.unlink()
            fcntl.flock(handle, fcntl.LOCK_UN)
            removed.append(name)
    return removed

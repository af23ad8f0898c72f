"""Staged loading: tables built apart from the loader, Parquet batches, one set-based load.

The staged path must load exactly what `load_extractions` loads (it is the same loader fed
from files), and leftovers of crashed runs must never be loaded twice nor break a run.
"""

from __future__ import annotations

import fcntl
import os
import subprocess
import sys
from dataclasses import replace
from datetime import datetime
from pathlib import Path

import duckdb
import pyarrow as pa
import pytest

from tests.warehouse.test_store import (
    LOADED_AT,
    make_first,
    make_first_without_acme,
    make_second,
    row_counts,
)
from transforms.model import Extraction
from warehouse import load, staging
from warehouse.connection import connect
from warehouse.contract import SCHEMAS
from warehouse.tables import (
    STAGED_SCHEMAS,
    STAGED_TABLES,
    Tables,
    build_tables,
    concat,
)

# Every table a load writes, with the columns that identify its rows (all but the times).
CONTENT = {
    "documents": "doc_id, title, text, content_spans, meta, content_sha, extractor_version",
    "sources": "doc_id, path",
    "sentences": "*",
    "timexes": "*",
    "events": "*",
    "actors": "*",
    "actor_aliases": "*",
    "actor_mentions": "*",
    "event_actors": "*",
    "document_signatures": "*",
    "document_bands": "*",
}


def contents(con: duckdb.DuckDBPyConnection) -> dict[str, list[tuple]]:
    return {
        table: sorted(con.execute(f"SELECT {columns} FROM {table}").fetchall(), key=repr)
        for table, columns in CONTENT.items()
    }


def stage(tmp_path: Path, *parts: list[Extraction]) -> staging.StagedBatch:
    """A batch staged as the workers do it: one Parquet part per list of extractions."""
    folder = tmp_path / "staging" / "run" / "batch-000000"
    written = tuple(staging.write_part(build_tables(part), folder) for part in parts)
    return staging.StagedBatch(folder=str(folder), parts=written)


def load_staged(
    con: duckdb.DuckDBPyConnection,
    batch: staging.StagedBatch,
    paths: dict[str, list[str]] | None = None,
    loaded_at: datetime = LOADED_AT,
) -> load.LoadStats:
    return load.load_tables(con, staging.read_batch(batch), paths, loaded_at=loaded_at)


@pytest.fixture
def con(tmp_path: Path) -> duckdb.DuckDBPyConnection:
    connection = connect(tmp_path / "w.duckdb")
    yield connection
    connection.close()


@pytest.fixture
def reference(tmp_path: Path) -> duckdb.DuckDBPyConnection:
    """The same two documents loaded through `load_extractions`."""
    connection = connect(tmp_path / "reference.duckdb")
    load.load_extractions(connection, [make_first(), make_second()], loaded_at=LOADED_AT)
    yield connection
    connection.close()


def test_built_tables_have_the_staged_schemas_and_the_warehouse_columns() -> None:
    tables = build_tables([make_first(), make_second()])
    assert list(tables) == list(STAGED_TABLES)
    for table, built in tables.items():
        assert built.schema == STAGED_SCHEMAS[table]
        assert set(SCHEMAS[table].names) <= set(built.schema.names)
    counts = {table: built.num_rows for table, built in tables.items()}
    assert counts | {"actor_aliases": 0, "document_bands": 0} == {
        "documents": 2,
        "sources": 2,
        "sentences": 4,
        "timexes": 3,
        "events": 4,
        "actors": 4,  # one per (document, key): the loader picks the batch's last naming
        "actor_aliases": 0,
        "actor_mentions": 5,
        "event_actors": 5,
        "document_signatures": 2,
        "document_bands": 0,
    }
    # The loader's times are NULL until it loads.
    assert tables["documents"]["first_seen"].null_count == 2


def test_a_staged_batch_loads_the_same_rows_as_load_extractions(
    tmp_path: Path, con: duckdb.DuckDBPyConnection, reference: duckdb.DuckDBPyConnection
) -> None:
    batch = stage(tmp_path, [make_first(), make_second()])
    stats = load_staged(con, batch)
    assert stats == load.LoadStats(documents_new=2, events_written=4, sources_added=2)
    assert contents(con) == contents(reference)
    assert row_counts(con) == row_counts(reference)
    assert con.execute("SELECT DISTINCT first_seen, loaded_at FROM documents").fetchall() == [
        (LOADED_AT, LOADED_AT)
    ]


def test_parts_from_several_workers_load_as_one_batch_and_the_last_naming_wins(
    tmp_path: Path, con: duckdb.DuckDBPyConnection, reference: duckdb.DuckDBPyConnection
) -> None:
    batch = stage(tmp_path, [make_first()], [make_second()])
    assert len(batch.parts) == 2 and batch.rows("events") == 4
    load_staged(con, batch)
    assert contents(con) == contents(reference)
    # make_second (the later part) calls Acme "ACME Corporation".
    assert con.execute("SELECT name FROM actors WHERE actor_key = 'acme'").fetchone() == (
        "ACME Corporation",
    )


def test_a_text_in_two_parts_keeps_the_first_parts_rows_and_both_paths(
    tmp_path: Path, con: duckdb.DuckDBPyConnection
) -> None:
    first = make_first(path="in/a.jsonl")
    changed = replace(
        make_first(path="mirror/a.json"), events=first.events[:1], extractor_version="other"
    )
    stats = load_staged(con, stage(tmp_path, [first], [changed]))
    assert (stats.documents_new, stats.events_written, stats.sources_added) == (1, 3, 2)
    assert con.execute("SELECT extractor_version FROM documents").fetchall() == [("v1",)]


def test_an_unchanged_staged_batch_loaded_again_writes_nothing(
    tmp_path: Path, con: duckdb.DuckDBPyConnection
) -> None:
    """What happens to a batch loaded by a run that died before deleting its files: even
    if something loaded it again, nothing would change."""
    batch = stage(tmp_path, [make_first(), make_second()])
    load_staged(con, batch)
    before = contents(con)
    again = load_staged(con, batch, loaded_at=datetime(2024, 5, 1))
    assert again == load.LoadStats(documents_skipped=2)
    assert contents(con) == before
    assert con.execute("SELECT DISTINCT loaded_at FROM documents").fetchall() == [(LOADED_AT,)]


def test_a_changed_document_is_replaced_keeping_first_seen(
    tmp_path: Path, con: duckdb.DuckDBPyConnection
) -> None:
    load_staged(con, stage(tmp_path, [make_first(), make_second()]))
    fewer = make_first_without_acme()
    later = datetime(2024, 5, 1)
    batch = staging.StagedBatch(
        folder=str(tmp_path / "second"),
        parts=(staging.write_part(build_tables([fewer, make_second()]), tmp_path / "second"),),
    )
    stats = load_staged(con, batch, loaded_at=later)
    assert (stats.documents_changed, stats.documents_skipped, stats.events_written) == (1, 1, 2)
    assert con.execute(
        "SELECT extractor_version, first_seen, loaded_at FROM documents WHERE doc_id = 'd1'"
    ).fetchone() == ("v2", LOADED_AT, later)
    assert {e for (e,) in con.execute("SELECT event_id FROM events").fetchall()} == {
        "d1-e2",
        "d1-e3",
        "d2-e1",
    }
    # Acme is still named by d2's rows, so it stays; no orphan rows of the old d1 remain.
    assert row_counts(con)["actors"] == 3
    assert con.execute("SELECT count(*) FROM event_actors WHERE event_id = 'd1-e1'").fetchone() == (
        0,
    )


def test_an_actor_only_the_replaced_rows_named_is_removed(
    tmp_path: Path, con: duckdb.DuckDBPyConnection
) -> None:
    load_staged(con, stage(tmp_path, [make_first()]))
    load_staged(con, stage(tmp_path / "again", [make_first_without_acme()]))
    assert con.execute("SELECT actor_key FROM actors").fetchall() == [("globex",)]


def test_a_batch_with_no_documents_only_records_paths_of_stored_ones(
    tmp_path: Path, con: duckdb.DuckDBPyConnection
) -> None:
    load_staged(con, stage(tmp_path, [make_first()]))
    nothing = staging.StagedBatch(folder=str(tmp_path / "none"))
    stats = load_staged(con, nothing, {"d1": ["copy/a.txt"], "never-stored": ["x.txt"]})
    assert stats == load.LoadStats(sources_added=1)
    assert load.load_tables(con, staging.read_batch(None)) == load.LoadStats()


def test_a_failed_load_writes_nothing_and_keeps_the_connection_usable(
    tmp_path: Path, con: duckdb.DuckDBPyConnection
) -> None:
    clash = replace(make_second(), events=(replace(make_second().events[0], event_id="d1-e1"),))
    with pytest.raises(duckdb.ConstraintException):
        load_staged(con, stage(tmp_path, [make_first()], [clash]))
    assert all(count == 0 for count in row_counts(con).values())
    assert load_staged(con, stage(tmp_path / "again", [make_first()])).documents_new == 1


def test_a_batch_staging_one_text_twice_is_refused(con: duckdb.DuckDBPyConnection) -> None:
    tables = build_tables([make_first()])
    doubled: Tables = tables | {
        "documents": pa.concat_tables([tables["documents"], tables["documents"]])
    }
    with pytest.raises(ValueError, match="staged twice"):
        load.load_tables(con, doubled)
    assert row_counts(con)["documents"] == 0


def test_concat_shifts_actor_ordinals_so_later_parts_win() -> None:
    one, two = build_tables([make_second()]), build_tables([make_first()])
    merged = concat([one, two])
    ordinals = dict(
        zip(
            merged["actors"]["doc_id"].to_pylist(),
            merged["actors"]["ordinal"].to_pylist(),
            strict=False,
        )
    )
    assert ordinals["d1"] > ordinals["d2"]


# --- staging folders ------------------------------------------------------------------


def test_a_run_folder_is_removed_when_the_run_ends(tmp_path: Path) -> None:
    root = tmp_path / "staging"
    with staging.run_folder(root) as folder:
        batch = stage(folder, [make_first()])
        assert Path(batch.parts[0].folder, "events.parquet").is_file()
    assert list(root.iterdir()) == []


def test_a_loaded_batch_is_removed(tmp_path: Path, con: duckdb.DuckDBPyConnection) -> None:
    batch = stage(tmp_path, [make_first()])
    load_staged(con, batch)
    staging.remove(batch)
    assert not Path(batch.folder).exists()
    staging.remove(batch)  # twice is harmless


def test_leftovers_of_a_killed_run_are_swept_but_a_live_runs_batches_are_not(
    tmp_path: Path,
) -> None:
    root = tmp_path / "staging"
    root.mkdir()
    # A run killed with SIGKILL: its lock file and folder stay, nobody holds the lock.
    dead = root / "run-dead"
    staging.write_part(build_tables([make_first()]), dead / "batch-000000")
    (root / "run-dead.lock").touch()
    # A live run in another process holds its lock.
    live = root / "run-live"
    staging.write_part(build_tables([make_second()]), live / "batch-000000")
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import fcntl, sys; f = open(sys.argv[1], 'a+'); fcntl.flock(f, fcntl.LOCK_EX); "
            "print('locked', flush=True); sys.stdin.read()",
            str(root / "run-live.lock"),
        ],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "locked"
        with staging.run_folder(root) as mine:
            assert not dead.exists() and not (root / "run-dead.lock").exists()
            assert live.is_dir() and (root / "run-live.lock").exists()
            assert mine.is_dir() and mine.parent == root
    finally:
        holder.communicate("")
    assert staging.sweep(root) == ["run-live"]
    assert list(root.iterdir()) == []


def test_the_staging_root_defaults_beside_the_warehouse(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv(staging.STAGING_ENV, raising=False)
    assert staging.default_root(tmp_path / "w.duckdb") == f"{tmp_path}/w.duckdb.staging"
    monkeypatch.setenv(staging.STAGING_ENV, str(tmp_path / "shared"))
    assert staging.default_root(tmp_path / "w.duckdb") == str(tmp_path / "shared")


def test_a_lock_lost_to_a_sweep_is_not_used(tmp_path: Path, monkeypatch) -> None:
    """If a sweep deletes a new run's lock file between its creation and its locking, the
    run must pick another name rather than live without a lock file."""
    real_flock = fcntl.flock
    unlinked: list[str] = []

    def racing_flock(handle, operation):  # the sweep wins the race once
        if not unlinked and operation == fcntl.LOCK_EX:
            unlinked.append(handle.name)
            os.unlink(handle.name)
        return real_flock(handle, operation)

    monkeypatch.setattr(staging.fcntl, "flock", racing_flock)
    with staging.run_folder(tmp_path) as folder:
        assert Path(f"{folder}.lock").exists()
        assert f"{folder}.lock" != unlinked[0]


def test_staged_files_are_read_in_the_staged_schema(tmp_path: Path) -> None:
    """A worker on other code may write wider types or extra columns: the loader reads
    what it needs in its own schema, or fails."""
    import pyarrow.parquet as pq

    batch = stage(tmp_path, [make_first()])
    path = Path(batch.parts[0].folder, "sentences.parquet")
    written = pq.read_table(path)
    wider = written.cast(
        pa.schema([f.with_type(pa.int64()) if f.type == pa.int32() else f for f in written.schema])
    ).append_column("extra", pa.array(["x"] * written.num_rows))
    pq.write_table(wider, path)
    assert staging.read_batch(batch)["sentences"].schema == STAGED_SCHEMAS["sentences"]
    pq.write_table(written.drop_columns(["text"]), path)
    with pytest.raises(KeyError):
        staging.read_batch(batch)

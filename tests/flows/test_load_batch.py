"""The flow's load task: staged files go once their batch committed, and only then."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import duckdb
import pytest

from flows.tasks import Box, load_batch
from tests.warehouse.test_store import make_first, make_second
from warehouse import staging
from warehouse.tables import build_tables


def _stage(folder: Path, *extractions) -> staging.StagedBatch:
    part = staging.write_part(build_tables(list(extractions)), folder)
    return staging.StagedBatch(folder=str(folder), parts=(part,))


def test_a_committed_batch_is_deleted_and_a_failed_one_kept_for_the_retry(
    tmp_path: Path,
) -> None:
    db = str(tmp_path / "w.duckdb")
    batch = _stage(tmp_path / "staging" / "batch-1", make_first(), make_second())
    stats = load_batch.fn(db, Box(batch), Box({}), Box({}))
    assert (stats.documents_new, stats.events_written) == (2, 4)
    assert not Path(batch.folder).exists()

    clash = replace(make_second(), events=(replace(make_second().events[0], event_id="d1-e1"),))
    edited = replace(
        make_first(), extractor_version="v2", document=replace(make_first().document, title="x")
    )
    failing = _stage(
        tmp_path / "staging" / "batch-2", edited, replace(clash, extractor_version="v2")
    )
    with pytest.raises(duckdb.ConstraintException):
        load_batch.fn(db, Box(failing), Box({}), Box({}))
    assert Path(failing.parts[0].folder, "events.parquet").is_file()
    with duckdb.connect(db, read_only=True) as con:
        assert con.execute("SELECT DISTINCT extractor_version FROM documents").fetchall() == [
            ("v1",)
        ]


def test_an_edited_file_retires_its_old_text(tmp_path: Path) -> None:
    db = str(tmp_path / "w.duckdb")
    load_batch.fn(db, Box(_stage(tmp_path / "b1", make_first())), Box({}), Box({}))
    second = make_second()
    moved = replace(second, document=replace(second.document, path="in/a.jsonl"))
    stats = load_batch.fn(
        db, Box(_stage(tmp_path / "b2", moved)), Box({}), Box({"in/a.jsonl": ["d2"]})
    )
    # d1 is gone (its only path now holds d2): counted as a change, not as new.
    assert (stats.documents_new, stats.documents_changed) == (0, 1)
    with duckdb.connect(db, read_only=True) as con:
        assert con.execute("SELECT doc_id FROM documents").fetchall() == [("d2",)]

"""`chronicle export`: documents from event rows (JSON Lines and CSV with spreadsheet
formulas defused), then the export from a warehouse: filters bound into SQL, every format
written (TimelineJS as the key-event timeline, `tests/summarization/test_formats.py`),
Parquet by year, and the warehouse's lock taken like every other entry point's."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
import time
from datetime import date
from pathlib import Path
from typing import Any

import duckdb
import pytest

from presentation.exports import (
    CSV_COLUMNS,
    csv_lines,
    export,
    jsonl_lines,
)
from tests.browser.warehouses import HOSTILE_ACTOR, build, hostile_extractions


def _row(**overrides: Any) -> dict[str, Any]:
    row: dict[str, Any] = {
        "event_id": "d1-0",
        "doc_id": "d1",
        "title": "Summit",
        "source": "Wire",
        "url": "https://example.org/a?b=1&c=2",
        "published": date(2024, 5, 10),
        "date_value": "2024-05-09",
        "date_start": date(2024, 5, 9),
        "date_end": date(2024, 5, 9),
        "date_precision": "day",
        "date_text": "on Friday",
        "date_basis": "relative",
        "trigger": "met",
        "lemma": "meet",
        "event_type": "CONSULT",
        "actors": [
            {"name": "Kim", "actor_key": "kim", "actor_type": "person", "role": "agent"},
            {"name": "Putin", "actor_key": "putin", "actor_type": "person", "role": "patient"},
        ],
        "sentence": "Kim met Putin on Friday.",
        "char_start": 4,
        "char_end": 7,
        "year": 2024,
    }
    return {**row, **overrides}


def test_jsonl_is_one_event_per_line_with_iso_dates() -> None:
    lines = list(jsonl_lines([_row(), _row(event_id="d1-1", date_start=None, date_end=None)]))
    assert len(lines) == 2 and all(line.endswith("\n") and line.count("\n") == 1 for line in lines)
    record = json.loads(lines[0])
    assert record["date_start"] == "2024-05-09" and record["published"] == "2024-05-10"
    assert record["actors"][1] == {
        "name": "Putin",
        "actor_key": "putin",
        "actor_type": "person",
        "role": "patient",
    }
    assert "year" not in record
    assert json.loads(lines[1])["date_start"] is None


def test_csv_flattens_actors_and_defuses_formulas() -> None:
    rows = [
        _row(),
        _row(event_id="d1-1", sentence='=HYPERLINK("http://evil")', title="+1", source="@x"),
    ]
    parsed = list(csv.reader(io.StringIO("".join(csv_lines(rows)))))
    assert parsed[0] == list(CSV_COLUMNS)
    first = dict(zip(CSV_COLUMNS, parsed[1], strict=True))
    assert first["actors"] == "Kim (agent); Putin (patient)"
    assert first["actor_keys"] == "kim; putin"
    assert first["date_start"] == "2024-05-09" and first["char_start"] == "4"
    second = dict(zip(CSV_COLUMNS, parsed[2], strict=True))
    assert second["sentence"] == '\'=HYPERLINK("http://evil")'
    assert (second["title"], second["source"]) == ("'+1", "'@x")
    assert len(parsed) == 3


# --- from the warehouse ----------------------------------------------------------------


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build(tmp_path_factory.mktemp("export") / "w.duckdb", hostile_extractions())


def _ids(path: Path) -> list[str]:
    return [json.loads(line)["event_id"] for line in path.read_text().splitlines()]


def test_jsonl_holds_every_event_once_dated_first(db: Path, tmp_path: Path) -> None:
    out = tmp_path / "all.jsonl"
    assert export(db, "jsonl", out) == 9
    ids = _ids(out)
    assert len(ids) == len(set(ids)) == 9
    assert ids[0] == "plain-2-0"  # founded in 2023: the earliest date
    assert ids[-2:] == ["plain-3-0", "undated-0-0"]  # undated last, by publication date


def test_actor_and_date_filters(db: Path, tmp_path: Path) -> None:
    out = tmp_path / "bob.jsonl"
    # Bob: hired (5 Mar), met (March), fled (May); since 10 March keeps the overlapping month.
    assert export(db, "jsonl", out, actor="BOB", since=date(2024, 3, 10)) == 2
    assert _ids(out) == ["plain-1-0", "hostile-2-0"]
    assert export(db, "jsonl", out, until=date(2023, 12, 31)) == 1
    assert _ids(out) == ["plain-2-0"]
    # An actor name is a bound value, never SQL: quotes and markup match nothing or match.
    assert export(db, "jsonl", out, actor="x' OR '1'='1") == 0
    assert export(db, "jsonl", out, actor=HOSTILE_ACTOR) == 2


def test_timelinejs_and_csv(db: Path, tmp_path: Path) -> None:
    timeline = tmp_path / "t.json"
    slides = export(db, "timelinejs", timeline)  # the key dates, one slide each
    document = json.loads(timeline.read_text())
    assert len(document["events"]) == slides >= 2
    days = [slide["start_date"] for slide in document["events"]]
    assert {"year": 2024, "month": 5, "day": 9} in days  # Kim attacked Acme on 9 May 2024
    assert days == sorted(days, key=lambda d: (d["year"], d["month"], d["day"]))
    assert "<img" not in timeline.read_text()  # the hostile story's text is escaped
    assert export(db, "timelinejs", timeline, actor="Bob", until=date(2024, 3, 31)) >= 1
    bob = json.loads(timeline.read_text())["events"]
    assert all(slide["start_date"]["month"] == 3 for slide in bob)
    table = tmp_path / "t.csv"
    assert export(db, "csv", table, actor="kim") == 2
    rows = list(csv.DictReader(table.open(newline="")))
    assert [row["event_id"] for row in rows] == ["plain-1-0", "hostile-0-0"]


def test_parquet_is_partitioned_by_year(db: Path, tmp_path: Path) -> None:
    out = tmp_path / "parquet"
    assert export(db, "parquet", out) == 9
    folders = sorted(path.name for path in out.iterdir())
    assert folders == ["year=2023", "year=2024", "year=__HIVE_DEFAULT_PARTITION__"]
    counts = duckdb.sql(
        "SELECT year, count(*) FROM read_parquet($glob, hive_partitioning = true) "
        "GROUP BY year ORDER BY year",
        params={"glob": str(out / "*" / "*.parquet")},
    ).fetchall()
    assert counts == [(2023, 1), (2024, 6), (None, 2)]
    with pytest.raises(FileExistsError):
        export(db, "parquet", out)  # never mixed with, or written over, an earlier export
    filtered = tmp_path / "bob"
    assert export(db, "parquet", filtered, actor="bob", since=date(2024, 3, 10)) == 2


def test_bad_arguments(db: Path, tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="unknown format"):
        export(db, "xml", tmp_path / "x")
    with pytest.raises(ValueError, match="after"):
        export(db, "csv", tmp_path / "x", since=date(2024, 2, 1), until=date(2024, 1, 1))
    with pytest.raises(FileNotFoundError):
        export(tmp_path / "missing.duckdb", "csv", tmp_path / "x")


WRITER = """
import sys, time
from pathlib import Path
from tests.browser.warehouses import hostile_extractions
from warehouse import load
from warehouse.lock import open_warehouse

db, ready = sys.argv[1], Path(sys.argv[2])
with open_warehouse(db) as con:  # as a run holds it to load one batch
    ready.touch()
    time.sleep(1.5)
    load.load_extractions(con, hostile_extractions()[2:])
"""


def test_export_waits_for_a_writer_holding_the_warehouse(tmp_path: Path, repo: Path) -> None:
    db = build(tmp_path / "w.duckdb", hostile_extractions()[:2])  # 8 events
    ready = tmp_path / "writer-holds-the-lock"
    writer = subprocess.Popen(
        [sys.executable, "-c", WRITER, str(db), str(ready)],
        cwd=repo,
        env={**os.environ, "PYTHONPATH": str(repo)},
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    deadline = time.monotonic() + 120
    while not ready.exists():
        assert writer.poll() is None, writer.communicate()[0]
        assert time.monotonic() < deadline, "the writer never took the lock"
        time.sleep(0.05)

    out = tmp_path / "all.jsonl"
    # Past the lock, DuckDB would refuse to open a file another process writes; through
    # it, the export waits for the writer's batch and then sees it whole.
    assert export(db, "jsonl", out) == 9
    assert "undated-0-0" in _ids(out)
    assert writer.wait(timeout=120) == 0, writer.communicate()[0]

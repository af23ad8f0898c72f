"""`chronicle export`: filters bound into SQL, every format written, Parquet by year."""

from __future__ import annotations

import argparse
import csv
import json
from datetime import date
from pathlib import Path

import duckdb
import pytest

from presentation.export import FORMATS, add_export_parser, export, run_export
from tests.browser.warehouses import HOSTILE_ACTOR, build, hostile_extractions


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
    assert export(db, "timelinejs", timeline) == 7  # the two undated events cannot be placed
    document = json.loads(timeline.read_text())
    assert len(document["events"]) == 7
    founded = next(event for event in document["events"] if event["unique_id"] == "plain-2-0")
    assert founded["start_date"] == {"year": 2023}
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


def test_cli_parser(db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    parser = argparse.ArgumentParser(prog="chronicle")
    add_export_parser(parser.add_subparsers(dest="command", required=True))
    out = tmp_path / "cli.jsonl"
    args = parser.parse_args(
        ["export", "--db", str(db), "--format", "jsonl", "--actor", "Bob",
         "--since", "2024-03-10", "--until", "2024-12-31", "--out", str(out)]
    )  # fmt: skip
    assert (args.fmt, args.actor, args.since, args.until) == (
        "jsonl",
        "Bob",
        date(2024, 3, 10),
        date(2024, 12, 31),
    )
    assert args.handler(args) == 0
    assert "wrote 2 events" in capsys.readouterr().out
    reversed_dates = parser.parse_args(
        ["export", "--db", str(db), "--format", "csv", "--out", str(out),
         "--since", "2024-05-01", "--until", "2024-01-01"]
    )  # fmt: skip
    assert run_export(reversed_dates) == 2
    with pytest.raises(SystemExit):
        parser.parse_args(["export", "--format", "pdf", "--out", "x"])
    with pytest.raises(SystemExit):
        parser.parse_args(["export", "--format", "csv", "--out", "x", "--since", "May"])
    assert set(FORMATS) == {"timelinejs", "csv", "parquet", "jsonl"}

"""The `chronicle` command's non-flow subcommands, called as a user would."""

from __future__ import annotations

import json
import signal
from datetime import date
from pathlib import Path

import pytest

from cli.main import _terminated, build_parser, main
from pipeline.runs import RunSummary
from presentation.exports import FORMATS
from tests.browser.warehouses import build, hostile_extractions
from warehouse.connection import connect


def test_extract_prints_one_documents_extraction_with_the_given_dct(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    article = tmp_path / "story.txt"
    article.write_text("Vladimir Putin met the generals in Moscow on Friday.\n", encoding="utf-8")
    assert main(["extract", str(article), "--published", "2025-05-09", "--json"]) == 0
    result = json.loads(capsys.readouterr().out)
    assert result["document"]["dct"] == "2025-05-09"
    assert result["document"]["dct_basis"] == "metadata"
    [friday] = result["timexes"]
    assert (friday["text"], friday["value"]) == ("Friday", "2025-05-09")
    met = [e for e in result["events"] if e["lemma"] == "meet"]
    assert met and met[0]["date"]["value"] == "2025-05-09"


def test_extract_without_a_dct_keeps_dates_underspecified(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    article = tmp_path / "story.txt"
    article.write_text("Vladimir Putin met the generals in Moscow on Friday.\n", encoding="utf-8")
    assert main(["extract", str(article), "--json"]) == 0
    result = json.loads(capsys.readouterr().out)
    assert result["document"]["dct"] is None
    assert result["timexes"][0]["basis"] == "unanchored"
    assert "X" in result["timexes"][0]["value"]


def test_sql_prints_a_table_from_the_warehouse(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "w.duckdb"
    connect(db).close()
    assert main(["sql", "SELECT count(*) AS documents FROM documents", "--db", str(db)]) == 0
    out = capsys.readouterr().out
    assert "documents" in out and "0" in out


def test_sql_on_a_missing_warehouse_fails_with_a_clear_message(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["sql", "SELECT 1", "--db", str(tmp_path / "none.duckdb")]) == 1
    assert "no warehouse" in capsys.readouterr().err


def test_a_bad_query_is_an_error_not_a_traceback(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "w.duckdb"
    connect(db).close()
    assert main(["sql", "SELECT * FROM no_such_table", "--db", str(db)]) == 1
    assert "no_such_table" in capsys.readouterr().err


def test_usage_errors_exit_2() -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["run", "--batch-size", "lots"])
    assert exit_info.value.code == 2


def test_sql_is_read_only_unless_asked_to_write(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "w.duckdb"
    connect(db).close()
    assert main(["sql", "DELETE FROM documents", "--db", str(db)]) == 1
    assert "read-only" in capsys.readouterr().err
    assert main(["sql", "DELETE FROM documents", "--db", str(db), "--write"]) == 0


def _run_with_flow(flow: object, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> list[str]:
    """`chronicle run`'s arguments over a one-file inbox, its ingest flow replaced by `flow`
    and a server "configured", so the run starts none of its own."""
    import flows.ingest
    from pipeline import workers

    monkeypatch.setattr(flows.ingest, "ingest", flow)
    monkeypatch.setattr(workers, "warm_up", lambda *args, **kwargs: None)
    monkeypatch.setenv("PREFECT_API_URL", "http://127.0.0.1:9/api")
    inbox = tmp_path / "in"
    inbox.mkdir()
    (inbox / "a.txt").write_text("Ana met Bo on Monday.\n", encoding="utf-8")
    return [str(inbox), "--db", str(tmp_path / "w.duckdb"), "--no-charts", "--quiet"]


def test_run_passes_staging_and_batches_in_flight_to_the_flow(monkeypatch, tmp_path) -> None:
    seen: dict = {}

    class FakeFlow:
        def __call__(self, **kwargs):
            seen.update(kwargs)
            return RunSummary(run_id="fake", database="w.duckdb", charts=[])

        def with_options(self, **options):
            seen["task_runner"] = options["task_runner"]
            return self

    common = _run_with_flow(FakeFlow(), monkeypatch, tmp_path)
    inbox = common[0]
    shared = str(tmp_path / "shared-staging")
    assert main(["run", *common, "--staging", shared]) == 0
    assert seen["staging_root"] == shared and seen["paths"] == [inbox]
    assert seen["batches_in_flight"] == 2  # this machine's pool: every batch uses every core
    assert main(["run", *common]) == 0
    assert seen["staging_root"] is None  # the flow's default: $CHRONICLE_STAGING or DB.staging
    # On a Dask cluster, enough batches to keep its workers busy, unless told otherwise.
    assert main(["run", *common, "--runner", "dask", "--address", "tcp://h:8786"]) == 0
    assert seen["batches_in_flight"] == 16 and seen["worker_processes"] == 1
    assert main(["run", *common, "--runner", "dask", "--batches-in-flight", "5"]) == 0
    assert seen["batches_in_flight"] == 5


def test_a_run_stopped_by_sigterm_exits_143_whatever_its_unwinding_raises(
    monkeypatch, tmp_path
) -> None:
    class StoppedFlow:
        """SIGTERM lands as a task starts, and the library's cleanup raises an error of
        its own while the stop unwinds (Prefect: "Task run is not set")."""

        def __call__(self, **kwargs):
            try:
                _terminated(signal.SIGTERM, None)
            finally:
                raise RuntimeError("Task run is not set")

        def with_options(self, **options):
            return self

    assert main(["run", *_run_with_flow(StoppedFlow(), monkeypatch, tmp_path)]) == 143
    # ... and a later command's error in the same process is an error, not a stop
    assert main(["sql", "SELECT 1", "--db", str(tmp_path / "none.duckdb")]) == 1


def test_export_parses_its_options_and_refuses_reversed_dates(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = build(tmp_path / "w.duckdb", hostile_extractions())
    parser = build_parser()
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
    assert reversed_dates.handler(reversed_dates) == 2
    with pytest.raises(SystemExit):
        parser.parse_args(["export", "--format", "pdf", "--out", "x"])
    with pytest.raises(SystemExit):
        parser.parse_args(["export", "--format", "csv", "--out", "x", "--since", "May"])
    assert set(FORMATS) == {"timelinejs", "csv", "parquet", "jsonl"}

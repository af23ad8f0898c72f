"""Usage errors, as a new user makes them: one line naming the problem, exit 2, nothing
left behind; and what is not an error said plainly (an empty folder, a bad query)."""

from __future__ import annotations

from pathlib import Path

import pytest

from cli.main import main
from warehouse.connection import connect


def _left_behind(db: Path) -> list[str]:
    """The warehouse, its lock and its staging folder, where any of them exists."""
    return [str(p) for p in (db, Path(f"{db}.lock"), Path(f"{db}.staging")) if p.exists()]


def _one_line(text: str) -> str:
    lines = text.strip().splitlines()
    assert len(lines) == 1, text
    assert "Traceback" not in text
    return lines[0]


def test_a_missing_input_path_is_named_and_nothing_is_created(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "w.duckdb"
    missing = tmp_path / "no" / "such.txt"
    assert main(["run", str(missing), "--db", str(db)]) == 2
    assert str(missing) in _one_line(capsys.readouterr().err)
    assert _left_behind(db) == []


@pytest.mark.parametrize(
    "where",
    [
        lambda tmp: tmp,  # a directory
        lambda tmp: tmp / "a-file" / "w.duckdb",  # under something that is not a folder
        lambda tmp: Path("/proc/chronicle-test/w.duckdb"),  # a file system without new files
    ],
    ids=["directory", "under-a-file", "unwritable"],
)
def test_a_db_where_no_warehouse_can_be_is_one_line_and_leaves_nothing(
    where, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "a-file").write_text("not a folder", encoding="utf-8")
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / "a.txt").write_text("Ana met Bo on Monday.\n", encoding="utf-8")
    db = where(tmp_path)
    before = sorted(p.name for p in tmp_path.iterdir())
    assert main(["run", str(inbox), "--db", str(db)]) == 2
    assert "--db" in _one_line(capsys.readouterr().err)
    assert sorted(p.name for p in tmp_path.iterdir()) == before
    assert not Path(f"{db}.lock").exists() and not Path(f"{db}.staging").exists()


def test_an_empty_folder_says_no_documents_found_and_creates_no_warehouse(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    empty, db = tmp_path / "empty", tmp_path / "w.duckdb"
    empty.mkdir()
    (empty / ".hidden").write_text("skipped: hidden", encoding="utf-8")
    assert main(["run", str(empty), "--db", str(db)]) == 0
    assert _one_line(capsys.readouterr().err) == f"chronicle: no documents found in {empty}"
    assert main(["run", str(empty), "--db", str(db), "--strict"]) == 3
    assert _left_behind(db) == []


def test_an_empty_folder_against_an_existing_warehouse_still_records_the_run(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    empty, db = tmp_path / "empty", tmp_path / "w.duckdb"
    empty.mkdir()
    connect(db).close()
    assert main(["run", str(empty), "--db", str(db)]) == 0
    assert "no documents found" in capsys.readouterr().err
    with connect(db, read_only=True) as con:
        assert con.execute("SELECT state, documents_seen FROM runs").fetchall() == [
            ("completed", 0)
        ]


def test_a_bad_query_is_duckdbs_first_line_and_exit_1(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "w.duckdb"
    connect(db).close()
    assert main(["sql", "SELEC 1", "--db", str(db)]) == 1
    assert _one_line(capsys.readouterr().err).startswith("chronicle: error: Parser Error")
    assert main(["sql", "SELECT * FROM timelin", "--db", str(db)]) == 1
    line = _one_line(capsys.readouterr().err)
    assert "timelin" in line and 'Did you mean "timeline"' in line


@pytest.mark.parametrize(
    ("typed", "meant"), [("rn", "run"), ("stauts", "status"), ("exprot", "export")]
)
def test_a_mistyped_command_gets_a_suggestion(
    typed: str, meant: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main([typed]) == 2
    assert f"did you mean '{meant}'" in _one_line(capsys.readouterr().err)


@pytest.mark.parametrize(
    "arguments",
    [
        ["run", "--batch-size", "0"],
        ["run", "--batch-size", "-5"],
        ["run", "--batch-size", "lots"],
        ["run", "--max-bytes", "0"],
        ["run", "--batches-in-flight", "0"],
        ["sql", "SELECT 1", "--max-rows", "0"],
        ["status", "--runs", "-1"],
    ],
)
def test_numeric_options_must_be_whole_numbers_of_at_least_one(
    arguments: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(arguments)
    assert exit_info.value.code == 2
    error = capsys.readouterr().err.strip().splitlines()[-1]
    assert arguments[-2] in error and "Traceback" not in error


def test_address_without_dask_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["run", "seeds", "--address", "tcp://h:8786"]) == 2
    assert "--runner dask" in _one_line(capsys.readouterr().err)


def test_extract_of_a_missing_file_is_a_usage_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["extract", str(tmp_path / "none.txt")]) == 2
    assert "does not exist" in _one_line(capsys.readouterr().err)

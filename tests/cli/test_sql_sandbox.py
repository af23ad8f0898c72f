"""`chronicle sql` reaches the warehouse and nothing else: each way out is tried and refused,
with one line and exit 1, and leaves nothing behind."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from cli.main import main
from warehouse.connection import connect


@pytest.fixture
def places(tmp_path: Path) -> dict[str, Path]:
    db = tmp_path / "w.duckdb"
    connect(db).close()
    other = tmp_path / "other.duckdb"
    with duckdb.connect(str(other)) as con:
        con.execute("CREATE TABLE precious AS SELECT 42 AS answer")
    secret = tmp_path / "secret" / "notes.csv"
    secret.parent.mkdir()
    secret.write_text("name,pin\nann,1234\n", encoding="utf-8")
    shared = tmp_path / "shared"
    shared.mkdir()
    (shared / "list.csv").write_text("name\nkim\n", encoding="utf-8")
    return {"db": db, "other": other, "secret": secret, "shared": shared, "tmp": tmp_path}


def _attacks(p: dict[str, Path]) -> dict[str, str]:
    return {
        "read a file": f"SELECT * FROM read_text('{p['secret']}')",
        "read /etc/passwd": "SELECT * FROM read_csv('/etc/passwd', sep = ':')",
        "list files": f"SELECT * FROM glob('{p['tmp']}/**')",
        "sniff a file": f"SELECT * FROM sniff_csv('{p['secret']}')",
        "read a blob": f"SELECT * FROM read_blob('{p['secret']}')",
        "write a file": f"COPY (SELECT 1) TO '{p['tmp']}/written.csv'",
        "export the warehouse": f"EXPORT DATABASE '{p['tmp']}/exported'",
        "attach to write": f"ATTACH '{p['other']}' AS o (READ_WRITE)",
        "attach": f"ATTACH '{p['other']}' AS o",
        "install from the network": "INSTALL httpfs",
        "load an extension": "LOAD httpfs",
        "read over http": "SELECT * FROM read_parquet('https://example.com/x.parquet')",
        "turn access back on": "SET enable_external_access = true",
        "unlock": "SET lock_configuration = false",
    }


@pytest.mark.parametrize("write", [False, True], ids=["read-only", "--write"])
def test_every_way_past_the_warehouse_is_refused(
    places: dict[str, Path], write: bool, capsys: pytest.CaptureFixture[str]
) -> None:
    flags = ["--write"] if write else []
    for name, query in _attacks(places).items():
        assert main(["sql", query, "--db", str(places["db"]), *flags]) == 1, name
        captured = capsys.readouterr()
        assert "1234" not in captured.out and "root:" not in captured.out, name
        assert captured.err.count("\n") == 1 and captured.err.startswith("chronicle: error:")
    assert not (places["tmp"] / "written.csv").exists()
    assert not (places["tmp"] / "exported").exists()
    with duckdb.connect(str(places["other"]), read_only=True) as con:
        assert con.execute("SELECT answer FROM precious").fetchall() == [(42,)]


def test_the_warehouse_itself_still_answers(
    places: dict[str, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    db = str(places["db"])
    assert main(["sql", "SELECT count(*) AS n FROM timeline", "--db", db]) == 0
    assert main(["sql", "DELETE FROM quarantine", "--db", db, "--write"]) == 0
    assert main(["sql", "DELETE FROM quarantine", "--db", db]) == 1
    assert "read-only" in capsys.readouterr().err


def test_files_under_a_named_directory_open_and_no_others(
    places: dict[str, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    db, shared = str(places["db"]), str(places["shared"])
    query = f"SELECT name FROM read_csv('{shared}/list.csv')"
    assert main(["sql", query, "--db", db, "--files", shared]) == 0
    assert "kim" in capsys.readouterr().out
    for outside in (f"{places['secret']}", f"{shared}/../secret/notes.csv"):
        query = f"SELECT * FROM read_csv('{outside}')"
        assert main(["sql", query, "--db", db, "--files", shared]) == 1
        assert "1234" not in capsys.readouterr().out

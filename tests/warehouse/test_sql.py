"""The statement runner: statements by name from .sql files, tables only from the contract."""

from __future__ import annotations

import re
from pathlib import Path

import duckdb
import pytest

from warehouse import sql
from warehouse.connection import connect

WAREHOUSE = Path(sql.__file__).parent
STATEMENTS = sorted(
    path.relative_to(sql.STATEMENTS_DIR).with_suffix("").as_posix()
    for path in sql.STATEMENTS_DIR.rglob("*.sql")
)


def test_every_statement_file_is_run_by_the_module_its_folder_names() -> None:
    for name in STATEMENTS:
        folder = name.split("/")[0] if "/" in name else "sql"
        module = WAREHOUSE / f"{folder}.py"
        assert module.is_file(), f"statements/{name}.sql: no module {module.name}"
        assert f'"{name}"' in module.read_text(encoding="utf-8"), f"{name} is never run"


def test_no_module_of_the_warehouse_runs_inline_sql() -> None:
    inline = re.compile(r"\.execute\(\s*[rbf]*[\"']")
    for module in WAREHOUSE.glob("*.py"):
        assert not inline.search(module.read_text(encoding="utf-8")), module.name


def test_a_statement_takes_only_a_contract_table_and_only_a_known_name() -> None:
    text = sql.statement("load/delete_document_rows", "events")
    assert "DELETE FROM events WHERE" in text and "{table}" not in text
    with pytest.raises(ValueError, match="not a warehouse table"):
        sql.statement("load/delete_document_rows", "events; DROP TABLE documents")
    with pytest.raises(ValueError, match="needs a table"):
        sql.statement("load/delete_document_rows")
    for name in ("../schema", "load/../../schema", "load/nope", "LOAD/plan"):
        with pytest.raises(KeyError):
            sql.statement(name)


def test_values_are_bound_never_formatted() -> None:
    con = connect(":memory:")
    hostile = "x'); DROP TABLE documents; --"
    sql.run(con, "load/delete_source", {"doc_id": hostile, "path": hostile})
    assert sql.run(con, "load/sources_at_paths", {"paths": [hostile]}) == []
    assert sql.records(con, "reads/counts")[0]["documents"] == 0
    con.close()


def test_insert_appends_rows_and_a_failed_insert_leaves_no_registered_view() -> None:
    con = connect(":memory:")
    rows = [{"doc_id": "d1", "group_id": "d1"}, {"doc_id": "d2", "group_id": "d1"}]
    assert sql.insert(con, "story_groups", rows) == 2
    assert sql.insert(con, "story_groups", []) == 0
    with pytest.raises(duckdb.ConstraintException):
        sql.insert(con, "story_groups", rows)  # the primary key refuses them again
    assert con.execute("SELECT count(*) FROM story_groups").fetchone() == (2,)
    assert not con.execute(
        "SELECT * FROM duckdb_views() WHERE view_name LIKE '_incoming%'"
    ).fetchall()
    con.close()

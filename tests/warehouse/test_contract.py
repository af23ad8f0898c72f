"""The column contract: schema.sql's tables and the Arrow schemas have the same columns."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pyarrow as pa
import pytest

import warehouse
from warehouse.contract import SCHEMAS
from warehouse.tables import LOADER_FILLED, STAGED_SCHEMAS, STAGED_TABLES, _table

SCHEMA_SQL = Path(warehouse.__file__).parent / "schema.sql"


@pytest.fixture(scope="module")
def con() -> duckdb.DuckDBPyConnection:
    connection = duckdb.connect(":memory:")
    connection.execute(SCHEMA_SQL.read_text(encoding="utf-8"))
    yield connection
    connection.close()


def _columns_in_duckdb(con: duckdb.DuckDBPyConnection, table: str) -> list[tuple[str, str]]:
    return con.execute(
        "SELECT column_name, data_type FROM duckdb_columns() "
        "WHERE table_name = $table ORDER BY column_index",
        {"table": table},
    ).fetchall()


def _columns_from_arrow(con: duckdb.DuckDBPyConnection, schema: pa.Schema) -> list[tuple[str, str]]:
    """The columns DuckDB sees in an Arrow table of this schema (its own type mapping)."""
    con.register("contract_probe", schema.empty_table())
    try:
        return [
            (name, kind) for name, kind, *_ in con.execute("DESCRIBE contract_probe").fetchall()
        ]
    finally:
        con.unregister("contract_probe")


def test_schema_sql_creates_exactly_the_contracts_tables(con: duckdb.DuckDBPyConnection) -> None:
    created = {
        name
        for (name,) in con.execute(
            "SELECT table_name FROM duckdb_tables() WHERE NOT temporary"
        ).fetchall()
    }
    assert created == set(SCHEMAS)


@pytest.mark.parametrize("table", sorted(SCHEMAS))
def test_schema_sql_columns_match_the_contract(con: duckdb.DuckDBPyConnection, table: str) -> None:
    assert _columns_in_duckdb(con, table) == _columns_from_arrow(con, SCHEMAS[table])


def test_staged_schemas_are_the_contracts_plus_what_the_loader_needs() -> None:
    for table in STAGED_TABLES:
        contract, staged = SCHEMAS[table], STAGED_SCHEMAS[table]
        assert list(staged)[: len(contract)] == list(contract)
    assert STAGED_SCHEMAS["actors"].names[len(SCHEMAS["actors"]) :] == ["doc_id", "ordinal"]
    for table, filled in LOADER_FILLED.items():
        assert set(filled) <= set(SCHEMAS[table].names)


def test_a_table_is_built_by_column_name_and_refuses_a_missing_or_unknown_column() -> None:
    built = _table("sources", {"path": ["a.txt"], "doc_id": ["d1"]})
    assert built.to_pylist() == [{"doc_id": "d1", "path": "a.txt", "first_seen": None}]
    with pytest.raises(ValueError, match="sources"):
        _table("sources", {"doc_id": ["d1"]})
    with pytest.raises(ValueError, match="sources"):
        _table("sources", {"doc_id": ["d1"], "path": ["a.txt"], "paht": ["a.txt"]})

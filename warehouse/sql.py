"""The one way the warehouse runs a statement: by name, from a `.sql` file, values bound.

Every statement lives in `statements/`, one statement (or one step) per file, in a folder
named after the module that runs it: `statements/load/plan.sql` is `"load/plan"`, run by
`load.py`. Values are always bound as `$name` parameters, never formatted into the text.
The one thing a parameter cannot be, a table's name, is written `{table}` in a file and
filled only with a table of the column contract (`contract.SCHEMAS`), checked here.

The schema and the views are not statements: `connection.py` applies `schema.sql` and
`models/` whole. Named read queries for the presentation are `queries/` (`reads.fetch`).
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from contextlib import contextmanager, suppress
from datetime import UTC, datetime
from functools import cache
from pathlib import Path
from typing import Any

import duckdb
import pyarrow as pa

from warehouse.contract import SCHEMAS

STATEMENTS_DIR = Path(__file__).parent / "statements"
_NAME = re.compile(r"^[a-z_]+(/[a-z0-9_]+)?$")
_TABLE = "{table}"


@cache
def statement(name: str, table: str | None = None) -> str:
    """The text of statement `name`, with `{table}` filled in by `table`.

    Raises KeyError for a name with no file (the name cannot reach outside `statements/`)
    and ValueError for a table outside the contract, or none for a statement that needs one.
    """
    path = STATEMENTS_DIR / f"{name}.sql"
    if not _NAME.match(name) or not path.is_file():
        raise KeyError(f"no statement named {name!r} in {STATEMENTS_DIR}")
    text = path.read_text(encoding="utf-8")
    if table is not None and table not in SCHEMAS:
        raise ValueError(f"{table!r} is not a warehouse table")
    if _TABLE in text and table is None:
        raise ValueError(f"statement {name!r} needs a table name for {_TABLE}")
    return text if table is None else text.replace(_TABLE, table)


def run(
    con: duckdb.DuckDBPyConnection,
    name: str,
    params: Mapping[str, Any] | None = None,
    *,
    table: str | None = None,
) -> list[tuple[Any, ...]]:
    """Run statement `name` with `params` bound; its rows, fetched (DuckDB refuses other
    work on a connection while a result is pending)."""
    text = statement(name, table)
    cursor = con.execute(text, dict(params)) if params else con.execute(text)
    return cursor.fetchall()


def arrow(
    con: duckdb.DuckDBPyConnection, name: str, params: Mapping[str, Any] | None = None
) -> pa.Table:
    """Run statement `name` with `params` bound; its rows as an Arrow table, for columns
    read whole rather than row by row."""
    return con.sql(statement(name), params=dict(params) if params else None).to_arrow_table()


def records(
    con: duckdb.DuckDBPyConnection, name: str, params: Mapping[str, Any] | None = None
) -> list[dict[str, Any]]:
    """Run statement `name` with `params` bound; its rows as dicts by column name."""
    text = statement(name)
    return as_records(con.execute(text, dict(params)) if params else con.execute(text))


def as_records(cursor: duckdb.DuckDBPyConnection) -> list[dict[str, Any]]:
    """A query's pending rows, fetched, as dicts by column name."""
    columns = [column[0] for column in cursor.description or ()]
    return [dict(zip(columns, row, strict=True)) for row in cursor.fetchall()]


def insert(
    con: duckdb.DuckDBPyConnection,
    table: str,
    rows: list[dict[str, Any]] | pa.Table,
    name: str = "insert_rows",
) -> int:
    """Bulk-insert rows via Arrow: they are registered as `_incoming_<table>` for the
    statement `name` (by default a plain append); returns how many it inserted.

    Row-by-row inserts are orders of magnitude slower in DuckDB than one INSERT ... SELECT.
    """
    if not len(rows):
        return 0
    if not isinstance(rows, pa.Table):
        rows = pa.Table.from_pylist(rows, schema=SCHEMAS[table])
    text = statement(name, table)
    with registered(con, f"_incoming_{table}", rows):
        inserted = con.execute(text).fetchall()
    return int(inserted[0][0]) if inserted else 0


@contextmanager
def registered(con: duckdb.DuckDBPyConnection, view_name: str, rows: pa.Table) -> Iterator[None]:
    """Expose an Arrow table to SQL as `view_name` while the block runs."""
    con.register(view_name, rows)
    try:
        yield
    except BaseException:
        # An aborted transaction refuses even `unregister`; the caller's rollback drops the
        # view, and raising here would hide the error that matters.
        with suppress(duckdb.Error):
            con.unregister(view_name)
        raise
    con.unregister(view_name)


@contextmanager
def transaction(con: duckdb.DuckDBPyConnection) -> Iterator[None]:
    """One transaction: committed when the block ends, rolled back when it raises."""
    con.begin()
    try:
        yield
    except BaseException:
        con.rollback()
        raise
    con.commit()


def utc_naive(moment: datetime | None) -> datetime:
    """Columns are UTC TIMESTAMPs without zone: convert aware times, assume naive are UTC;
    now when no time is given."""
    if moment is None:
        return datetime.now(UTC).replace(tzinfo=None)
    if moment.tzinfo is not None:
        return moment.astimezone(UTC).replace(tzinfo=None)
    return moment

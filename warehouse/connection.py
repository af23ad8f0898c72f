"""Opening the warehouse: the connection, and the schema and views brought up to date.

`schema.sql` creates the tables (their columns are the column contract's, `contract.py`).
The views are models, one per file under `models/`, in layers the way dbt projects lay
them out: `staging/` cleans the base tables (one participant row per actor, one canonical
key per actor), `timeline/` builds the timeline and its duplicate-folded forms on them,
`marts/` aggregates the timeline for charts and the command line. Layers are applied in
`MODEL_LAYERS` order and the files of a layer by name; a model reads only tables and
models of earlier layers (checked by `tests/warehouse/test_models.py`), so that order is
always a valid one.
"""

from __future__ import annotations

import hashlib
import os
import re
from dataclasses import dataclass
from pathlib import Path

import duckdb

from warehouse import sql
from warehouse.contract import SCHEMAS

WAREHOUSE_DIR = Path(__file__).parent
SCHEMA_FILE = WAREHOUSE_DIR / "schema.sql"
MODELS_DIR = WAREHOUSE_DIR / "models"
MODEL_LAYERS = ("staging", "timeline", "marts")

_CREATE_TABLE = re.compile(r"CREATE TABLE IF NOT EXISTS (\w+) \((.*?)\n\);", re.DOTALL)


@dataclass(frozen=True)
class Sandbox:
    """A connection that reaches nothing but the warehouse: no files (`read_text`,
    `glob`, `read_csv`, `COPY ... TO`, `EXPORT DATABASE`), no `ATTACH`, no extension
    installed or loaded, no network; locked so a query cannot undo it. `directories`
    opens files under them, to read and to write, for users who ask."""

    directories: tuple[str, ...] = ()


def connect(
    path: str | Path, read_only: bool = False, *, sandbox: Sandbox | None = None
) -> duckdb.DuckDBPyConnection:
    """Open the warehouse; a writable connection also brings schema and views up to date.

    DuckDB allows one writing process per file, so readers (chart rendering, ad-hoc
    queries) should pass `read_only=True` while a flow may be loading. A `sandbox` is for
    queries a user types (`chronicle sql`).
    """
    database = str(path)
    if database != ":memory:" and not read_only:
        Path(database).parent.mkdir(parents=True, exist_ok=True)
    config = {} if sandbox is None else dict(_NO_EXTENSIONS)
    con = duckdb.connect(database, read_only=read_only, config=config)
    if not read_only and _applied_schema(con) != _schema_digest():
        apply_schema(con)
    if sandbox is not None:
        if sandbox.directories:
            directories = [os.path.join(os.path.realpath(d), "") for d in sandbox.directories]
            sql.run(con, "connection/allow_directories", {"directories": directories})
        sql.run(con, "connection/seal")
    return con


# Extensions are neither fetched nor loaded behind a query's back (both default to on).
_NO_EXTENSIONS = {"autoinstall_known_extensions": False, "autoload_known_extensions": False}


def apply_schema(con: duckdb.DuckDBPyConnection) -> None:
    """Create missing tables and (re)create the views; safe to run on every start. Tables
    schema.sql now defines otherwise (a primary key dropped, columns added) are rebuilt
    from it, rows kept.

    Records which text it applied, so `connect` skips it while the files are unchanged:
    re-creating the views rewrites the catalog, a cost every batch's connection paid.
    """
    digest = _schema_digest()
    schema = SCHEMA_FILE.read_text(encoding="utf-8")
    with sql.transaction(con):
        changed = _set_aside_changed_tables(con, schema)
        con.execute(schema)
        for table in changed:
            sql.run(con, "connection/restore_rows", table=table)
        for model in model_files():
            con.execute(model.read_text(encoding="utf-8"))
        sql.run(con, "connection/record_applied_schema", {"sha": digest})


def model_files() -> list[Path]:
    """The view definitions in the order they are applied: by layer, then by name."""
    return [path for layer in MODEL_LAYERS for path in sorted((MODELS_DIR / layer).glob("*.sql"))]


def _set_aside_changed_tables(con: duckdb.DuckDBPyConnection, schema: str) -> list[str]:
    """Rename the tables schema.sql now defines otherwise; returns them.

    A table changes when schema.sql no longer declares its primary key, or when its
    columns are not the column contract's (a column added, and with it perhaps a CHECK
    widened, as `runs` gained `pid`, `host` and the `abandoned` state). DuckDB can neither
    drop a key nor change a CHECK, and `CREATE TABLE IF NOT EXISTS` leaves an existing
    table as it is, so the caller re-creates each table from schema.sql and copies its
    rows back.
    """
    definitions = dict(_CREATE_TABLE.findall(schema))
    keyed_in_schema = {name for name, body in definitions.items() if "PRIMARY KEY" in body}
    keyed_now = {name for (name,) in sql.run(con, "connection/primary_keys")}
    retired = (keyed_now & definitions.keys()) - keyed_in_schema
    columns_now = dict(sql.run(con, "connection/table_columns"))
    other_columns = {
        table
        for table, columns in columns_now.items()
        if table in definitions and table in SCHEMAS and columns != SCHEMAS[table].names
    }
    changed = sorted(retired | other_columns)
    for table in changed:
        sql.run(con, "connection/set_aside_table", table=table)
    return changed


def _schema_digest() -> str:
    """A digest of schema.sql and every model (read each time: a long-lived worker process
    must see a deployment's new files)."""
    digest = hashlib.sha256(SCHEMA_FILE.read_bytes())
    for model in model_files():
        digest.update(b"\0" + model.relative_to(MODELS_DIR).as_posix().encode())
        digest.update(b"\0" + model.read_bytes())
    return digest.hexdigest()


def _applied_schema(con: duckdb.DuckDBPyConnection) -> str | None:
    try:
        rows = sql.run(con, "connection/applied_schema")
    except duckdb.CatalogException:  # a new warehouse, or one older than this table
        return None
    return rows[0][0] if rows else None

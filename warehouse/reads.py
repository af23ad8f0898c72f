"""Reading the warehouse: named queries for charts and the command line, headline counts,
an actor's timeline, and stored documents rebuilt for re-extraction."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import duckdb

from transforms.model import Document, Span
from warehouse import sql

QUERY_DIR = Path(__file__).parent / "queries"
_QUERY_NAME = re.compile(r"^[a-z0-9_]+$")


def query_names() -> list[str]:
    return sorted(path.stem for path in QUERY_DIR.glob("*.sql"))


def fetch(con: duckdb.DuckDBPyConnection, query_name: str, **params: Any) -> list[dict[str, Any]]:
    """Run `queries/<query_name>.sql` with `params` bound as `$name` parameters.

    Values are always bound, never formatted into the SQL; the name is checked against
    the files present, so it cannot reach outside the queries folder.
    """
    _check_query_name(query_name)
    text = (QUERY_DIR / f"{query_name}.sql").read_text(encoding="utf-8")
    return sql.as_records(con.execute(text, params) if params else con.execute(text))


def _check_query_name(query_name: str) -> None:
    if not _QUERY_NAME.match(query_name) or query_name not in query_names():
        raise KeyError(f"no query named {query_name!r}; known: {', '.join(query_names())}")


def write_parquet(
    con: duckdb.DuckDBPyConnection,
    query_name: str,
    out: Path,
    *,
    partition_by: str,
    **params: Any,
) -> int:
    """Write the rows of `queries/<query_name>.sql` to a folder of Parquet files, one
    `<partition_by>=VALUE/` folder per value (DuckDB writes them); return the row count."""
    _check_query_name(query_name)
    text = (QUERY_DIR / f"{query_name}.sql").read_text(encoding="utf-8")
    con.sql(text, params=params or None).write_parquet(str(out), partition_by=[partition_by])
    # Counted from the files' metadata: the rows stream from DuckDB to disk, never held here.
    import pyarrow.dataset  # here: 0.1 s to import, which every reader of counts would pay

    return pyarrow.dataset.dataset(out, format="parquet", partitioning="hive").count_rows()


def entity_timeline(
    con: duckdb.DuckDBPyConnection, entity: str, *, key_only: bool = False
) -> list[dict[str, Any]]:
    """The ordered events of the actor named `entity` (its name, key or any alias); with
    `key_only`, only its documents' key events."""
    return fetch(con, "entity_timeline", entity=entity, key_only=key_only)


def counts(con: duckdb.DuckDBPyConnection) -> dict[str, int]:
    """Headline numbers for logs and run summaries."""
    (row,) = sql.records(con, "reads/counts")
    return {name: int(value) for name, value in row.items()}


def stored_documents(
    con: duckdb.DuckDBPyConnection, *, not_version: str | None = None
) -> list[Document]:
    """Documents as stored, for re-extraction; only those not at `not_version` when given."""
    return _documents(con, version=not_version, unsigned=False)


def unsigned_documents(con: duckdb.DuckDBPyConnection) -> list[Document]:
    """Documents stored without a signature (warehouses older than signatures), to sign."""
    return _documents(con, version=None, unsigned=True)


def _documents(
    con: duckdb.DuckDBPyConnection, *, version: str | None, unsigned: bool
) -> list[Document]:
    rows = sql.records(con, "reads/stored_documents", {"version": version, "unsigned": unsigned})
    return [
        Document(
            doc_id=row["doc_id"],
            text=row["text"],
            content=tuple(Span(span["start"], span["end"]) for span in row["content_spans"]),
            title=row["title"],
            source=row["source"],
            url=row["url"],
            language=row["language"],
            byline=row["byline"],
            place=row["place"],
            dct=row["published"],
            dct_basis=row["dct_basis"],
            path=row["path"] or "",
            meta=dict(row["meta"] or {}),
        )
        for row in rows
    ]

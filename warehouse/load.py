"""Loading extracted rows: idempotent, one transaction per batch, set-based SQL only.

A batch's Arrow tables (`tables.build_tables`, built where the extraction ran, or read
from a staged batch's Parquet files) are registered as relations `staged_<table>`, and
the statements of `statements/load/` run over them, in the order `_load_registered`
gives, in one transaction: the batch lands whole or not at all. Temporary tables hold the
load's plan and vanish with it (dropped at the end, or rolled back with everything else).

Also here: what a re-read path no longer holds (`retire_replaced`). The questions a run
asks before extracting a batch are in `freshness.py`.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from datetime import datetime

import duckdb
import pyarrow as pa

from transforms.model import Extraction
from warehouse import sql
from warehouse.tables import STAGED_TABLES, Tables, build_tables, sources_table

# Tables holding a document's rows, children first: deleted together when the document is
# replaced or retired. `sources` is not here: a path that held a document still held it
# after the document is re-extracted. `story_groups` is derived (written by
# `deduplication.regroup_stories`, never by a load): deleting a replaced document's row is
# what marks the groups stale, since its text, and so its near duplicates, may have changed.
DOCUMENT_TABLES = (
    "story_groups",
    "document_bands",
    "document_signatures",
    "actor_aliases",
    "event_actors",
    "actor_mentions",
    "events",
    "timexes",
    "sentences",
    "documents",
)
# What a load writes, in this order, and with which statement of `statements/load/`.
# Actors come first (the rows naming them follow), sources last.
_WRITES = (
    ("actors", "load/write_actors"),
    ("documents", "load/write_documents"),
    ("sentences", "load/write_document_rows"),
    ("timexes", "load/write_document_rows"),
    ("events", "load/write_document_rows"),
    ("actor_aliases", "load/write_document_rows"),
    ("actor_mentions", "load/write_document_rows"),
    ("event_actors", "load/write_document_rows"),
    ("document_signatures", "load/write_document_rows"),
    ("document_bands", "load/write_document_rows"),
    ("sources", "load/write_sources"),
)


@dataclass(frozen=True)
class LoadStats:
    """What a load did, per document; summable so a flow can total its batches."""

    documents_new: int = 0
    documents_changed: int = 0
    documents_skipped: int = 0
    events_written: int = 0
    sources_added: int = 0

    @property
    def documents_seen(self) -> int:
        return self.documents_new + self.documents_changed + self.documents_skipped

    def __add__(self, other: LoadStats) -> LoadStats:
        return LoadStats(
            documents_new=self.documents_new + other.documents_new,
            documents_changed=self.documents_changed + other.documents_changed,
            documents_skipped=self.documents_skipped + other.documents_skipped,
            events_written=self.events_written + other.events_written,
            sources_added=self.sources_added + other.sources_added,
        )


def load_extractions(
    con: duckdb.DuckDBPyConnection,
    extractions: Sequence[Extraction],
    paths: Mapping[str, Iterable[str]] | None = None,
    *,
    loaded_at: datetime | None = None,
) -> LoadStats:
    """Load a batch of extractions built into tables here, in this process: the same load as
    a staged batch's (`load_tables`), for callers that extracted in process (tests, tools).

    The same doc_id twice in a batch is loaded once, with the paths of both; `paths` maps
    doc_id to further paths (see `load_tables`). Dangling references raise ValueError
    before anything is written.
    """
    return load_tables(con, build_tables(extractions), paths, loaded_at=loaded_at)


def load_tables(
    con: duckdb.DuckDBPyConnection,
    tables: Tables,
    paths: Mapping[str, Iterable[str]] | None = None,
    *,
    loaded_at: datetime | None = None,
) -> LoadStats:
    """Load a batch's tables (`tables.build_tables`) idempotently, in one transaction: the
    batch lands whole or not at all. The one way extracted rows reach the warehouse.

    Set-based (`statements/load/`): the staged documents are joined with the stored ones.
    A document stored with the same extractor version and the same text is skipped (only
    new source paths are recorded), so re-running a flow writes nothing. Otherwise its old
    rows are deleted from every table and the new ones inserted, keeping its `first_seen`;
    actors only the old rows named go. `paths` maps doc_id to further paths the same text
    was found under; it may name documents left out of the batch because
    `documents_needing_extraction` found them current (their paths are recorded; ids not
    stored at all are ignored).
    """
    loaded = sql.utc_naive(loaded_at)
    if paths:
        extra = sources_table(paths)
        tables = tables | {"sources": pa.concat_tables([tables["sources"], extra])}
    if not tables["documents"].num_rows and not tables["sources"].num_rows:
        return LoadStats()
    with _one_thread(con), sql.transaction(con):
        for table in STAGED_TABLES:
            con.register(f"staged_{table}", tables[table])
        try:
            return _load_registered(con, loaded)
        finally:
            # An aborted transaction refuses even `unregister`; its rollback drops the
            # views, and raising here would hide the error that matters.
            with suppress(duckdb.Error):
                for table in STAGED_TABLES:
                    con.unregister(f"staged_{table}")


def _load_registered(con: duckdb.DuckDBPyConnection, loaded_at: datetime) -> LoadStats:
    duplicate = sql.run(con, "load/duplicate_documents")
    if duplicate:
        raise ValueError(f"{duplicate[0][0]}: staged twice in one batch")
    sql.run(con, "load/plan")
    actions = sql.run(con, "load/actions")
    changed = [doc_id for doc_id, action in actions if action == "changed"]
    if changed:
        sql.run(con, "load/changed_formerly_named")
        _delete_documents(con, changed)
    written = {table: _write(con, table, name, loaded_at) for table, name in _WRITES}
    if changed:
        sql.run(con, "load/changed_unnamed_actors")
        sql.run(con, "load/changed_drop_formerly_named")
    sql.run(con, "load/drop_plan")
    return LoadStats(
        documents_new=sum(1 for _, action in actions if action == "new"),
        documents_changed=len(changed),
        documents_skipped=sum(1 for _, action in actions if action == "skipped"),
        events_written=written["events"],
        sources_added=written["sources"],
    )


def _write(con: duckdb.DuckDBPyConnection, table: str, name: str, loaded_at: datetime) -> int:
    """Write one table's staged rows of the documents the plan writes; how many."""
    if name == "load/write_document_rows":
        rows = sql.run(con, name, table=table)
    elif table in ("documents", "sources"):  # stamped with the load's time
        rows = sql.run(con, name, {"loaded_at": loaded_at})
    else:
        rows = sql.run(con, name)
    return int(rows[0][0])


@contextmanager
def _one_thread(con: duckdb.DuckDBPyConnection) -> Iterator[None]:
    """Run a batch's load on one DuckDB thread, then restore the connection's setting.

    A load is a few dozen statements over a few thousand rows each: spreading each over
    threads cost more than it saved (load statements 0.83 s with two threads, 0.68 s with
    one, over a 2,000-document bench's ten batches), and the parse workers already keep
    every core busy while the flow loads.
    """
    threads = sql.run(con, "load/current_threads")[0][0]
    sql.run(con, "load/set_threads", {"threads": 1})
    try:
        yield
    finally:
        sql.run(con, "load/set_threads", {"threads": int(threads)})


def retire_replaced(con: duckdb.DuckDBPyConnection, holdings: Mapping[str, Iterable[str]]) -> int:
    """Forget what a re-read path held before and holds no more; returns documents removed.

    `holdings` maps each path read in this batch to the doc_ids it holds now. A source row
    for an older text under that path is dropped, and a document left with no source at all
    (the article was edited in place) is deleted with all its rows, in one transaction.
    Paths that yielded no document (unreadable now, say) are not passed, so a file that
    turned bad never takes its good earlier version with it.
    """
    if not holdings:
        return 0
    with sql.transaction(con):
        held = sql.run(con, "load/sources_at_paths", {"paths": list(holdings)})
        current = {path: set(ids) for path, ids in holdings.items()}
        replaced = [(doc_id, path) for doc_id, path in held if doc_id not in current[path]]
        for doc_id, path in replaced:
            sql.run(con, "load/delete_source", {"doc_id": doc_id, "path": path})
        orphans = [
            doc_id
            for (doc_id,) in sql.run(
                con,
                "load/sourceless_documents",
                {"doc_ids": sorted({doc_id for doc_id, _ in replaced})},
            )
        ]
        if orphans:
            actor_keys = [
                key for (key,) in sql.run(con, "load/actors_named_by", {"doc_ids": orphans})
            ]
            _delete_documents(con, orphans)
            if actor_keys:
                sql.run(con, "load/retired_unnamed_actors", {"actor_keys": actor_keys})
    return len(orphans)


def _delete_documents(con: duckdb.DuckDBPyConnection, doc_ids: list[str]) -> None:
    for table in DOCUMENT_TABLES:
        sql.run(con, "load/delete_document_rows", {"doc_ids": doc_ids}, table=table)

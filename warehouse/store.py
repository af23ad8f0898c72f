"""The only module that talks to DuckDB: schema, idempotent loads, quarantine, runs, queries.

SQL lives in `schema.sql`, `views.sql`, `load.sql` and `queries/*.sql` next to this file so
it can be read, linted and run by hand; this module only binds values into it. Rows are
written in bulk from pyarrow tables because row-by-row inserts are orders of magnitude
slower in DuckDB; the tables of extracted rows are built beforehand (`tables.py`), where
the extraction ran, so loading is set-based SQL only.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import cache
from pathlib import Path
from typing import Any, Literal, Protocol

import duckdb
import pyarrow as pa

from transforms.deduplication.components import groups_of_several
from transforms.deduplication.event_clusters import ClusterEvent, clusters_with_copies
from transforms.deduplication.near_duplicates import group_stories
from transforms.extraction.signature import document_signature
from transforms.model import Document, Extraction, Rejection, Signature, Span
from warehouse.contract import SCHEMAS
from warehouse.tables import (
    STAGED_TABLES,
    Tables,
    build_tables,
    content_sha,
    signature_tables,
    sources_table,
)

SQL_DIR = Path(__file__).parent
QUERY_DIR = SQL_DIR / "queries"

RunState = Literal["running", "completed", "failed", "cancelled"]
RUN_STATES: tuple[RunState, ...] = ("running", "completed", "failed", "cancelled")

# Tables holding a document's rows, children first: deleted together when the document is
# replaced or retired. `sources` is not here: a path that held a document still held it
# after the document is re-extracted. `story_groups` is derived (written by
# `regroup_stories`, never by a load): deleting a replaced document's row is what marks the
# groups stale, since its text, and so its near duplicates, may have changed.
_DOCUMENT_TABLES = (
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
_QUERY_NAME = re.compile(r"^[a-z0-9_]+$")


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


class RunTotals(Protocol):
    """The counters `finish_run` records; `LoadStats` and a flow's run summary both fit."""

    @property
    def documents_seen(self) -> int: ...
    @property
    def documents_new(self) -> int: ...
    @property
    def documents_changed(self) -> int: ...
    @property
    def documents_skipped(self) -> int: ...
    @property
    def events_written(self) -> int: ...


# --- connection and schema -------------------------------------------------------------


def connect(path: str | Path, read_only: bool = False) -> duckdb.DuckDBPyConnection:
    """Open the warehouse; a writable connection also brings schema and views up to date.

    DuckDB allows one writing process per file, so readers (chart rendering, ad-hoc
    queries) should pass `read_only=True` while a flow may be loading.
    """
    database = str(path)
    if database != ":memory:" and not read_only:
        Path(database).parent.mkdir(parents=True, exist_ok=True)
    con = duckdb.connect(database, read_only=read_only)
    if not read_only and _applied_schema(con) != _schema_sql()[2]:
        apply_schema(con)
    return con


def apply_schema(con: duckdb.DuckDBPyConnection) -> None:
    """Create missing tables and (re)create the views; safe to run on every start. Tables
    whose primary key schema.sql dropped are rebuilt without it, rows kept.

    Records which text it applied, so `connect` skips it while the files are unchanged:
    re-creating the views rewrites the catalog, a cost every batch's connection paid.
    """
    schema, views, digest = _schema_sql()
    with _transaction(con):
        keyless = _set_aside_retired_keys(con, schema)
        con.execute(schema)
        for table in keyless:
            con.execute(f'INSERT INTO "{table}" BY NAME SELECT * FROM "{table}{_KEYED_SUFFIX}"')
            con.execute(f'DROP TABLE "{table}{_KEYED_SUFFIX}"')
        con.execute(views)
        con.execute("DELETE FROM schema_applied")
        con.execute("INSERT INTO schema_applied VALUES ($sha)", {"sha": digest})


_KEYED_SUFFIX = "__keyed"
_CREATE_TABLE = re.compile(r"CREATE TABLE IF NOT EXISTS (\w+) \((.*?)\n\);", re.DOTALL)


def _set_aside_retired_keys(con: duckdb.DuckDBPyConnection, schema: str) -> list[str]:
    """Rename the tables whose primary key schema.sql no longer declares; returns them.

    DuckDB cannot drop a primary key, and `CREATE TABLE IF NOT EXISTS` leaves an existing
    table as it is, so a warehouse made before a key was dropped would keep paying for its
    index on every load. The caller re-creates each table from schema.sql and copies its
    rows back.
    """
    definitions = dict(_CREATE_TABLE.findall(schema))
    keyed_in_schema = {name for name, body in definitions.items() if "PRIMARY KEY" in body}
    keyed_now = {
        name
        for (name,) in con.execute(
            "SELECT DISTINCT table_name FROM duckdb_constraints() "
            "WHERE constraint_type = 'PRIMARY KEY' AND database_name = current_database()"
        ).fetchall()
    }
    retired = sorted((keyed_now & definitions.keys()) - keyed_in_schema)
    for table in retired:
        con.execute(f'ALTER TABLE "{table}" RENAME TO "{table}{_KEYED_SUFFIX}"')
    return retired


def _schema_sql() -> tuple[str, str, str]:
    """schema.sql, views.sql and a digest of both (read each time: a long-lived worker
    process must see a deployment's new files)."""
    schema = (SQL_DIR / "schema.sql").read_text(encoding="utf-8")
    views = (SQL_DIR / "views.sql").read_text(encoding="utf-8")
    return schema, views, hashlib.sha256(f"{schema}\0{views}".encode()).hexdigest()


def _applied_schema(con: duckdb.DuckDBPyConnection) -> str | None:
    try:
        rows = con.execute("SELECT max(sha) FROM schema_applied").fetchall()
    except duckdb.CatalogException:  # a new warehouse, or one older than this table
        return None
    return rows[0][0] if rows else None


@contextmanager
def _transaction(con: duckdb.DuckDBPyConnection) -> Iterator[None]:
    con.begin()
    try:
        yield
    except BaseException:
        con.rollback()
        raise
    con.commit()


@contextmanager
def _one_thread(con: duckdb.DuckDBPyConnection) -> Iterator[None]:
    """Run a batch's load on one DuckDB thread, then restore the connection's setting.

    A load is a few dozen statements over a few thousand rows each: spreading each over
    threads cost more than it saved (load statements 0.83 s with two threads, 0.68 s with
    one, over a 2,000-document bench's ten batches), and the parse workers already keep
    every core busy while the flow loads.
    """
    threads = con.execute("SELECT current_setting('threads')").fetchone()[0]
    con.execute("SET threads = 1")
    try:
        yield
    finally:
        con.execute(f"SET threads = {int(threads)}")


@contextmanager
def _registered(
    con: duckdb.DuckDBPyConnection, table: str, rows: list[dict[str, Any]] | pa.Table
) -> Iterator[str]:
    """Expose rows as a temporary view `_incoming_<table>` for one INSERT ... SELECT."""
    view_name = f"_incoming_{table}"
    if not isinstance(rows, pa.Table):
        rows = pa.Table.from_pylist(rows, schema=SCHEMAS[table])
    con.register(view_name, rows)
    try:
        yield view_name
    except BaseException:
        # An aborted transaction refuses even `unregister`; the caller's rollback drops the
        # view, and raising here would hide the error that matters.
        with suppress(duckdb.Error):
            con.unregister(view_name)
        raise
    con.unregister(view_name)


def _insert(
    con: duckdb.DuckDBPyConnection,
    table: str,
    rows: list[dict[str, Any]] | pa.Table,
    conflict: str = "",
) -> int:
    """Bulk-insert rows via arrow; `table` and `conflict` are constants, never user input.

    Returns the number of rows DuckDB inserted (fewer than given with ON CONFLICT DO NOTHING).
    """
    if not len(rows):
        return 0
    with _registered(con, table, rows) as view_name:
        inserted = con.execute(
            f"INSERT INTO {table} BY NAME SELECT * FROM {view_name} {conflict}"
        ).fetchone()
    return int(inserted[0]) if inserted else 0


def _utc_naive(moment: datetime | None) -> datetime:
    """Columns are UTC TIMESTAMPs without zone: convert aware times, assume naive are UTC."""
    if moment is None:
        return datetime.now(UTC).replace(tzinfo=None)
    if moment.tzinfo is not None:
        return moment.astimezone(UTC).replace(tzinfo=None)
    return moment


# --- loading extractions ---------------------------------------------------------------


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

    Set-based (`load.sql`): the staged documents are joined with the stored ones. A document
    stored with the same extractor version and the same text is skipped (only new source
    paths are recorded), so re-running a flow writes nothing. Otherwise its old rows are
    deleted from every table and the new ones inserted, keeping its `first_seen`; actors
    only the old rows named go. `paths` maps doc_id to further paths the same text was
    found under; it may name documents left out of the batch because
    `documents_needing_extraction` found them current (their paths are recorded; ids not
    stored at all are ignored).
    """
    loaded = _utc_naive(loaded_at)
    if paths:
        extra = sources_table(paths)
        tables = tables | {"sources": pa.concat_tables([tables["sources"], extra])}
    if not tables["documents"].num_rows and not tables["sources"].num_rows:
        return LoadStats()
    with _one_thread(con), _transaction(con):
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
    duplicate = _load_step(con, "duplicate_documents")
    if duplicate:
        raise ValueError(f"{duplicate[0][0]}: staged twice in one batch")
    _load_step(con, "plan")
    actions = _load_step(con, "actions")
    changed = [doc_id for doc_id, action in actions if action == "changed"]
    if changed:
        _load_step(con, "changed_formerly_named")
        _delete_documents(con, changed)
    written = {
        step.removeprefix("write_"): _load_step(con, step, loaded_at)[0][0]
        for step in _load_sql()
        if step.startswith("write_")
    }
    if changed:
        _load_step(con, "changed_unnamed_actors")
        _load_step(con, "changed_drop_formerly_named")
    _load_step(con, "drop_plan")
    return LoadStats(
        documents_new=sum(1 for _, action in actions if action == "new"),
        documents_changed=len(changed),
        documents_skipped=sum(1 for _, action in actions if action == "skipped"),
        events_written=int(written["events"]),
        sources_added=int(written["sources"]),
    )


@cache
def _load_sql() -> dict[str, str]:
    """`load.sql`'s statements by name, in file order (the `write_` ones run in it)."""
    statements: dict[str, str] = {}
    name = None
    for line in (SQL_DIR / "load.sql").read_text(encoding="utf-8").splitlines():
        if line.startswith("-- name:"):
            name = line.removeprefix("-- name:").strip()
            statements[name] = ""
        elif name is not None:
            statements[name] += line + "\n"
    return {name: sql.strip().removesuffix(";") for name, sql in statements.items()}


def _load_step(
    con: duckdb.DuckDBPyConnection, name: str, loaded_at: datetime | None = None
) -> list[tuple[Any, ...]]:
    """Run one statement of `load.sql`; its rows (fetched, so none is left pending)."""
    sql = _load_sql()[name]
    cursor = con.execute(sql, {"loaded_at": loaded_at}) if "$loaded_at" in sql else con.execute(sql)
    return cursor.fetchall()


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
    with _transaction(con):
        held = con.execute(
            "SELECT doc_id, path FROM sources WHERE list_contains($paths, path)",
            {"paths": list(holdings)},
        ).fetchall()
        current = {path: set(ids) for path, ids in holdings.items()}
        replaced = [(doc_id, path) for doc_id, path in held if doc_id not in current[path]]
        for doc_id, path in replaced:
            con.execute("DELETE FROM sources WHERE doc_id = ? AND path = ?", [doc_id, path])
        orphans = [
            doc_id
            for (doc_id,) in con.execute(
                "SELECT doc_id FROM documents d WHERE list_contains($ids, doc_id) "
                "AND NOT EXISTS (SELECT 1 FROM sources s WHERE s.doc_id = d.doc_id)",
                {"ids": sorted({doc_id for doc_id, _ in replaced})},
            ).fetchall()
        ]
        if orphans:
            actor_keys = _actor_keys_of(con, orphans)
            _delete_documents(con, orphans)
            _delete_unnamed_actors(con, actor_keys)
    return len(orphans)


def sources_current(
    con: duckdb.DuckDBPyConnection,
    paths: Mapping[str, Iterable[str]],
    holdings: Mapping[str, Iterable[str]],
) -> bool:
    """Whether a batch with nothing to extract would change nothing if loaded: every
    (document, path) pair is recorded, and no path read holds a text it no longer holds
    (what `retire_replaced` would act on). Lets an unchanged run skip the batch's load."""
    pairs = {(doc_id, path) for doc_id, found in paths.items() for path in found}
    read = {path: set(ids) for path, ids in holdings.items()}
    wanted = sorted({path for _, path in pairs} | set(read))
    if not wanted:
        return True
    recorded = set(
        con.execute(
            "SELECT doc_id, path FROM sources WHERE list_contains($paths, path)",
            {"paths": wanted},
        ).fetchall()
    )
    if not pairs <= recorded:
        return False
    return all(doc_id in read[path] for doc_id, path in recorded if path in read)


def documents_needing_extraction(
    con: duckdb.DuckDBPyConnection, documents: Sequence[Document], extractor_version: str
) -> list[Document]:
    """The documents whose stored rows are missing or stale, so parsing can skip the rest.

    Uses the same test as `load_extractions`' skip: same extractor version and same text.
    """
    if not documents:
        return []
    stored = _stored_versions(con, [document.doc_id for document in documents])
    return [
        document
        for document in documents
        if stored.get(document.doc_id, (None, None))[:2]
        != (extractor_version, content_sha(document.text))
    ]


def _stored_versions(
    con: duckdb.DuckDBPyConnection, doc_ids: list[str]
) -> dict[str, tuple[str, str, datetime]]:
    """doc_id -> (extractor_version, content_sha, first_seen) for the ids already stored."""
    rows = con.execute(
        "SELECT doc_id, extractor_version, content_sha, first_seen FROM documents "
        "WHERE list_contains($doc_ids, doc_id)",
        {"doc_ids": doc_ids},
    ).fetchall()
    return {doc_id: (version, sha, first_seen) for doc_id, version, sha, first_seen in rows}


def _actor_keys_of(con: duckdb.DuckDBPyConnection, doc_ids: list[str]) -> list[str]:
    if not doc_ids:
        return []
    rows = con.execute(
        "SELECT actor_key FROM actor_mentions WHERE list_contains($doc_ids, doc_id) "
        "UNION SELECT actor_key FROM event_actors WHERE list_contains($doc_ids, doc_id)",
        {"doc_ids": doc_ids},
    ).fetchall()
    return [actor_key for (actor_key,) in rows]


def _delete_documents(con: duckdb.DuckDBPyConnection, doc_ids: list[str]) -> None:
    if not doc_ids:
        return
    for table in _DOCUMENT_TABLES:
        con.execute(
            f"DELETE FROM {table} WHERE list_contains($doc_ids, doc_id)", {"doc_ids": doc_ids}
        )


def _delete_unnamed_actors(con: duckdb.DuckDBPyConnection, actor_keys: list[str]) -> None:
    """Drop actors that only the replaced rows named, so re-extraction leaves no orphans."""
    if not actor_keys:
        return
    con.execute(
        "DELETE FROM actors WHERE list_contains($keys, actor_key) "
        "AND actor_key NOT IN (SELECT actor_key FROM actor_mentions) "
        "AND actor_key NOT IN (SELECT actor_key FROM event_actors)",
        {"keys": actor_keys},
    )


def story_groups_stale(con: duckdb.DuckDBPyConnection) -> bool:
    """Whether some document has no story group row, or a group row names a deleted one.

    A replaced document loses its row (see `_DOCUMENT_TABLES`), so an edited text is
    regrouped too.
    """
    row = con.execute(
        "SELECT EXISTS (SELECT 1 FROM documents d ANTI JOIN story_groups g USING (doc_id)) "
        "OR EXISTS (SELECT 1 FROM story_groups g ANTI JOIN documents d USING (doc_id))"
    ).fetchone()
    return bool(row and row[0])


def regroup_stories(con: duckdb.DuckDBPyConnection) -> int:
    """Recompute the near-duplicate story groups over every stored document, in one
    transaction; returns how many groups hold more than one document.

    Candidates are pairs sharing an LSH band key (a self-join on `document_bands`), so no
    run compares every pair; each candidate is then checked on its stored signatures with
    `is_near_duplicate`. Groups are connected components, named by their earliest-loaded
    document (`first_seen`, then `doc_id`) so a group keeps its id when later copies join.
    Documents loaded before signatures were stored get theirs computed here, once.
    """
    with _transaction(con):
        _backfill_signatures(con)
        candidates = con.execute(
            "SELECT DISTINCT a.doc_id, b.doc_id FROM document_bands AS a "
            "JOIN document_bands AS b ON b.band_key = a.band_key AND a.doc_id < b.doc_id "
            "SEMI JOIN documents AS da ON da.doc_id = a.doc_id "
            "SEMI JOIN documents AS db ON db.doc_id = b.doc_id"
        ).fetchall()
        signatures = {
            doc_id: Signature(tuple(minhashes), shingles)
            for doc_id, minhashes, shingles in con.execute(
                "SELECT doc_id, minhashes, shingles FROM document_signatures "
                "WHERE list_contains($ids, doc_id)",
                {"ids": sorted({doc_id for pair in candidates for doc_id in pair})},
            ).fetchall()
        }
        first_seen = dict(con.execute("SELECT doc_id, first_seen FROM documents").fetchall())
        groups = group_stories(candidates, signatures, first_seen)
        rows = [{"doc_id": doc_id, "group_id": group_id} for doc_id, group_id in groups.items()]
        con.execute("DELETE FROM story_groups")
        _insert(con, "story_groups", rows)
    return groups_of_several(groups)


def _backfill_signatures(con: duckdb.DuckDBPyConnection) -> None:
    """Sign the documents stored without a signature (warehouses older than signatures)."""
    missing = _documents_where(
        con, "NOT EXISTS (SELECT 1 FROM document_signatures s WHERE s.doc_id = d.doc_id)"
    )
    if not missing:
        return
    signatures = {document.doc_id: document_signature(document) for document in missing}
    rows = signature_tables(signatures)
    con.execute(
        "DELETE FROM document_bands WHERE list_contains($ids, doc_id)",
        {"ids": list(signatures)},
    )
    _insert(con, "document_signatures", rows["document_signatures"])
    _insert(con, "document_bands", rows["document_bands"])


def clusters_stale(con: duckdb.DuckDBPyConnection) -> bool:
    """Whether some event has no cluster row, a cluster row names a deleted event, or the
    story groups are stale (copies of one story fold their mentions, see `recluster`).

    Loads do not recluster (clustering looks at the whole warehouse, so doing it per batch
    made a large load quadratic); a run reclusters once at its end when this says so, and
    a run killed before that leaves the warehouse stale, so the next run still does it.
    """
    row = con.execute(
        "SELECT EXISTS (SELECT 1 FROM events e ANTI JOIN event_clusters c USING (event_id)) "
        "OR EXISTS (SELECT 1 FROM event_clusters c ANTI JOIN events e USING (event_id))"
    ).fetchone()
    return bool(row and row[0]) or story_groups_stale(con)


def recluster(con: duckdb.DuckDBPyConnection) -> int:
    """Recompute the duplicate clusters over every stored event; returns how many clusters
    hold more than one mention. Actors are compared by their cross-document canonical key
    (`actor_canonical`), so "Putin" in one story meets "Vladimir Putin" in another.

    Story groups are brought up to date first, because the same mention in syndicated
    copies of one story (`event_copies`) is one happening even when the clustering rule
    cannot see it (undated, no actor, or dated differently from two publication dates);
    without this a chart would count every copy's undated events again.
    """
    if story_groups_stale(con):
        regroup_stories(con)
    events = con.execute(
        "SELECT e.event_id, e.doc_id, e.lemma, e.event_type, e.date_start, e.date_end, "
        "coalesce(e.background, false), "
        "list(ac.canonical_key) FILTER (WHERE ea.role = 'agent'), "
        "list(ac.canonical_key) FILTER (WHERE ac.canonical_key IS NOT NULL) "
        "FROM events AS e LEFT JOIN event_actors AS ea ON ea.event_id = e.event_id "
        "LEFT JOIN actor_canonical AS ac ON ac.actor_key = ea.actor_key "
        "GROUP BY ALL"
    ).fetchall()
    records = [
        ClusterEvent(
            event_id=event_id,
            doc_id=doc_id,
            lemma=lemma,
            event_type=event_type,
            start=start,
            end=end,
            agents=frozenset(agents or ()),
            actors=frozenset(actors or ()),
            background=bool(background),
        )
        for event_id, doc_id, lemma, event_type, start, end, background, agents, actors in events
    ]
    copies = con.execute(
        "SELECT list(event_id ORDER BY event_id) FROM event_copies "
        "GROUP BY copy_key HAVING count(DISTINCT doc_id) > 1"
    ).fetchall()
    clusters = clusters_with_copies(records, [ids for (ids,) in copies])
    with _transaction(con):
        con.execute("DELETE FROM event_clusters")
        _insert(
            con,
            "event_clusters",
            [{"event_id": e, "cluster_id": c} for e, c in sorted(clusters.items())],
        )
    return groups_of_several(clusters)


# --- quarantine and runs ---------------------------------------------------------------


def quarantine(
    con: duckdb.DuckDBPyConnection,
    rejections: Sequence[Rejection],
    run_id: str,
    *,
    at: datetime | None = None,
) -> int:
    """Record rejected inputs; the same (path, line, reason) again only updates run and time.

    Returns the number of distinct rejections in this call.
    """
    moment = _utc_naive(at)
    rows: dict[tuple[str, int, str], dict[str, Any]] = {}
    for rejection in rejections:
        line_key = rejection.line or 0
        rows[(rejection.path, line_key, rejection.reason)] = {
            "path": rejection.path,
            "line_key": line_key,
            "line": rejection.line,
            "reason": rejection.reason,
            "error_class": rejection.error_class,
            "run_id": run_id,
            "first_quarantined_at": moment,
            "quarantined_at": moment,
        }
    if not rows:
        return 0
    _insert(
        con,
        "quarantine",
        list(rows.values()),
        "ON CONFLICT (path, line_key, reason) DO UPDATE SET "
        "error_class = excluded.error_class, run_id = excluded.run_id, "
        "quarantined_at = excluded.quarantined_at",
    )
    return len(rows)


def start_run(
    con: duckdb.DuckDBPyConnection,
    run_id: str,
    extractor_version: str,
    *,
    started_at: datetime | None = None,
) -> None:
    """Record a run as running. A retried run (same id) starts over rather than failing."""
    con.execute(
        "INSERT INTO runs (run_id, started_at, state, extractor_version) "
        "VALUES ($run_id, $started_at, 'running', $extractor_version) "
        "ON CONFLICT (run_id) DO UPDATE SET started_at = excluded.started_at, "
        "finished_at = NULL, state = 'running', extractor_version = excluded.extractor_version, "
        "documents_seen = 0, documents_new = 0, documents_changed = 0, "
        "documents_skipped = 0, quarantined = 0, events_written = 0",
        {
            "run_id": run_id,
            "started_at": _utc_naive(started_at),
            "extractor_version": extractor_version,
        },
    )


def finish_run(
    con: duckdb.DuckDBPyConnection,
    run_id: str,
    state: str,
    totals: RunTotals | None = None,
    *,
    quarantined: int | None = None,
    finished_at: datetime | None = None,
) -> None:
    """Close a run with its totals; raises LookupError for a run that was never started.

    `state` is case-insensitive (Prefect's "COMPLETED" works). `totals` is anything with the
    `RunTotals` counters: a `LoadStats` sum or the flow's own summary. `quarantined`
    defaults to the quarantine rows this run last touched.
    """
    normalised = state.lower()
    if normalised not in RUN_STATES:
        raise ValueError(f"unknown run state {state!r}; expected one of {RUN_STATES}")
    totals = totals or LoadStats()
    updated = con.execute(
        "UPDATE runs SET finished_at = $finished_at, state = $state, "
        "documents_seen = $seen, documents_new = $new, documents_changed = $changed, "
        "documents_skipped = $skipped, events_written = $events, quarantined = coalesce("
        "$quarantined, (SELECT count(*) FROM quarantine WHERE quarantine.run_id = $run_id)) "
        "WHERE run_id = $run_id RETURNING run_id",
        {
            "finished_at": _utc_naive(finished_at),
            "state": normalised,
            "seen": totals.documents_seen,
            "new": totals.documents_new,
            "changed": totals.documents_changed,
            "skipped": totals.documents_skipped,
            "events": totals.events_written,
            "quarantined": quarantined,
            "run_id": run_id,
        },
    ).fetchall()
    if not updated:
        raise LookupError(f"no run {run_id!r} to finish; call start_run first")


# --- reading ---------------------------------------------------------------------------


def query_names() -> list[str]:
    return sorted(path.stem for path in QUERY_DIR.glob("*.sql"))


def fetch(con: duckdb.DuckDBPyConnection, query_name: str, **params: Any) -> list[dict[str, Any]]:
    """Run `queries/<query_name>.sql` with `params` bound as `$name` parameters.

    Values are always bound, never formatted into the SQL; the name is checked against
    the files present, so it cannot reach outside the queries folder.
    """
    if not _QUERY_NAME.match(query_name) or query_name not in query_names():
        raise KeyError(f"no query named {query_name!r}; known: {', '.join(query_names())}")
    sql = (QUERY_DIR / f"{query_name}.sql").read_text(encoding="utf-8")
    cursor = con.execute(sql, params) if params else con.execute(sql)
    columns = [column[0] for column in cursor.description or ()]
    return [dict(zip(columns, row, strict=True)) for row in cursor.fetchall()]


def entity_timeline(con: duckdb.DuckDBPyConnection, entity: str) -> list[dict[str, Any]]:
    """The ordered events of the actor named `entity` (its name, key or any alias)."""
    return fetch(con, "entity_timeline", entity=entity)


def counts(con: duckdb.DuckDBPyConnection) -> dict[str, int]:
    """Headline numbers for logs and run summaries."""
    row = con.execute(
        "SELECT (SELECT count(*) FROM documents), (SELECT count(*) FROM sources), "
        "(SELECT count(*) FROM events), (SELECT count(*) FROM actors), "
        "(SELECT count(*) FROM quarantine)"
    ).fetchone()
    assert row is not None
    names = ("documents", "sources", "events", "actors", "quarantined")
    return dict(zip(names, (int(value) for value in row), strict=True))


def stored_documents(
    con: duckdb.DuckDBPyConnection, *, not_version: str | None = None
) -> list[Document]:
    """Documents as stored, for re-extraction; only those not at `not_version` when given."""
    return _documents_where(
        con, "$version IS NULL OR d.extractor_version <> $version", {"version": not_version}
    )


def _documents_where(
    con: duckdb.DuckDBPyConnection, condition: str, params: dict[str, Any] | None = None
) -> list[Document]:
    """Stored documents rebuilt as `Document`s; `condition` is a constant of this module."""
    rows = con.execute(
        "SELECT d.doc_id, d.text, d.content_spans, d.title, d.source, d.url, d.language, "
        "d.byline, d.place, d.published, d.dct_basis, d.meta, "
        "(SELECT min(path) FROM sources s WHERE s.doc_id = d.doc_id) AS path "
        f"FROM documents d WHERE {condition} ORDER BY d.doc_id",
        params or {},
    ).fetchall()
    return [
        Document(
            doc_id=doc_id,
            text=text,
            content=tuple(Span(s["start"], s["end"]) for s in spans),
            title=title,
            source=source,
            url=url,
            language=language,
            byline=byline,
            place=place,
            dct=published,
            dct_basis=dct_basis,
            path=path or "",
            meta=dict(meta or {}),
        )
        for (
            doc_id,
            text,
            spans,
            title,
            source,
            url,
            language,
            byline,
            place,
            published,
            dct_basis,
            meta,
            path,
        ) in rows
    ]

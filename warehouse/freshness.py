"""Whether the warehouse already holds what a run would give it: the questions a run asks
before doing any work.

The `ingest` flow asks them of every batch before extracting it, and `pipeline.unchanged`
asks them before a run imports Prefect or spaCy at all, so this module imports nothing
but DuckDB: a re-run over unchanged input costs about what opening the warehouse costs.
A text is current when it is stored at the same extractor version with the same content
digest (`content_sha`, which the load stores); a batch is current when, on top, every
(text, path) pair is recorded and no path read holds a text it no longer holds; the
derived tables (story groups, event clusters) are current when every row they are derived
from has its group or cluster and none is left over.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping, Sequence

import duckdb

from transforms.model import Document
from warehouse import sql


def content_sha(text: str) -> str:
    """Digest of a document's text: a different text stored under the same doc_id shows."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


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
    recorded = set(sql.run(con, "load/sources_at_paths", {"paths": wanted}))
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
    rows = stored_versions(con, [document.doc_id for document in documents])
    stored = {doc_id: (version, sha) for doc_id, version, sha in rows}
    return [
        document
        for document in documents
        if stored.get(document.doc_id) != (extractor_version, content_sha(document.text))
    ]


def stored_versions(
    con: duckdb.DuckDBPyConnection, doc_ids: Sequence[str]
) -> list[tuple[str, str, str]]:
    """(doc_id, extractor_version, content_sha) of each of `doc_ids` the warehouse holds."""
    return sql.run(con, "freshness/stored_versions", {"doc_ids": list(doc_ids)})


def story_groups_stale(con: duckdb.DuckDBPyConnection) -> bool:
    """Whether some document has no story group row, or a group row names a deleted one.

    A replaced document loses its row (see `load.DOCUMENT_TABLES`), so an edited text is
    regrouped too.
    """
    return bool(sql.run(con, "freshness/story_groups_stale")[0][0])


def clusters_stale(con: duckdb.DuckDBPyConnection) -> bool:
    """Whether some event has no cluster row, a cluster row names a deleted event, or the
    story groups are stale (copies of one story fold their mentions, see `recluster`)."""
    return bool(sql.run(con, "freshness/clusters_stale")[0][0]) or story_groups_stale(con)

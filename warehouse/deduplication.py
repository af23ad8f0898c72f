"""The warehouse's side of deduplication: it reads what grouping and clustering need, and
writes `story_groups` and `event_clusters`. What links what is decided by the plain
functions of `transforms/deduplication` (`group_stories`, `clusters_with_copies`).

Both tables are derived from the whole warehouse, so loads do not write them (doing it
per batch made a large load quadratic): a run recomputes them once at its end when they
are stale, and a run killed before that leaves them stale, so the next run still does it.
"""

from __future__ import annotations

import duckdb

from transforms.deduplication.components import groups_of_several
from transforms.deduplication.event_clusters import ClusterEvent, clusters_with_copies
from transforms.deduplication.near_duplicates import group_stories
from transforms.extraction.signature import document_signature
from transforms.model import Signature
from warehouse import reads, sql
from warehouse.freshness import story_groups_stale
from warehouse.tables import signature_tables


def regroup_stories(con: duckdb.DuckDBPyConnection) -> int:
    """Recompute the near-duplicate story groups over every stored document, in one
    transaction; returns how many groups hold more than one document.

    Candidates are pairs sharing an LSH band key (a self-join on `document_bands`), so no
    run compares every pair; `group_stories` checks them on their stored signatures and
    names each group by its earliest-loaded document. Documents loaded before signatures
    were stored get theirs computed here, once.
    """
    with sql.transaction(con):
        _backfill_signatures(con)
        candidates = sql.run(con, "deduplication/candidate_pairs")
        candidate_ids = sorted({doc_id for pair in candidates for doc_id in pair})
        signatures = {
            doc_id: Signature(tuple(minhashes), shingles)
            for doc_id, minhashes, shingles in sql.run(
                con, "deduplication/signatures_of", {"doc_ids": candidate_ids}
            )
        }
        first_seen = dict(sql.run(con, "deduplication/first_seen"))
        groups = group_stories(candidates, signatures, first_seen)
        sql.run(con, "deduplication/clear", table="story_groups")
        sql.insert(
            con,
            "story_groups",
            [{"doc_id": doc_id, "group_id": group_id} for doc_id, group_id in groups.items()],
        )
    return groups_of_several(groups)


def _backfill_signatures(con: duckdb.DuckDBPyConnection) -> None:
    """Sign the documents stored without a signature (warehouses older than signatures)."""
    missing = reads.unsigned_documents(con)
    if not missing:
        return
    rows = signature_tables({document.doc_id: document_signature(document) for document in missing})
    sql.run(
        con, "deduplication/delete_bands_of", {"doc_ids": [document.doc_id for document in missing]}
    )
    sql.insert(con, "document_signatures", rows["document_signatures"])
    sql.insert(con, "document_bands", rows["document_bands"])


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
    events = [
        ClusterEvent(
            **row
            | {"agents": frozenset(row["agents"] or ()), "actors": frozenset(row["actors"] or ())}
        )
        for row in sql.records(con, "deduplication/cluster_events")
    ]
    copies = [ids for (ids,) in sql.run(con, "deduplication/event_copy_groups")]
    clusters = clusters_with_copies(events, copies)
    with sql.transaction(con):
        sql.run(con, "deduplication/clear", table="event_clusters")
        sql.insert(
            con,
            "event_clusters",
            [{"event_id": e, "cluster_id": c} for e, c in sorted(clusters.items())],
        )
    return groups_of_several(clusters)

"""The column contract: every warehouse table's columns, in order, with their types.

Written once, here, as Arrow schemas: the loader builds its Arrow tables from them
(`tables.py`), staged Parquet files are read back in them (`staging.py`), and
`tests/warehouse/test_contract.py` checks that the tables `schema.sql` creates have
exactly these columns, in this order, with the DuckDB types DuckDB gives these Arrow
types. `schema.sql` stays the place for what Arrow cannot say (keys, NOT NULL, CHECKs,
comments); a column added to one and not the other fails that test.
"""

from __future__ import annotations

import pyarrow as pa

_SPAN = pa.struct([("start", pa.int32()), ("end", pa.int32())])
SCHEMAS: dict[str, pa.Schema] = {
    "documents": pa.schema(
        [
            ("doc_id", pa.string()),
            ("title", pa.string()),
            ("source", pa.string()),
            ("url", pa.string()),
            ("language", pa.string()),
            ("byline", pa.string()),
            ("place", pa.string()),
            ("published", pa.date32()),
            ("dct_basis", pa.string()),
            ("text", pa.string()),
            ("content_spans", pa.list_(_SPAN)),
            ("meta", pa.map_(pa.string(), pa.string())),
            ("content_sha", pa.string()),
            ("extractor_version", pa.string()),
            ("first_seen", pa.timestamp("us")),
            ("loaded_at", pa.timestamp("us")),
        ]
    ),
    "sources": pa.schema(
        [("doc_id", pa.string()), ("path", pa.string()), ("first_seen", pa.timestamp("us"))]
    ),
    "sentences": pa.schema(
        [
            ("doc_id", pa.string()),
            ("sentence_index", pa.int32()),
            ("char_start", pa.int32()),
            ("char_end", pa.int32()),
            ("text", pa.string()),
        ]
    ),
    "timexes": pa.schema(
        [
            ("doc_id", pa.string()),
            ("char_start", pa.int32()),
            ("char_end", pa.int32()),
            ("text", pa.string()),
            ("type", pa.string()),
            ("value", pa.string()),
            ("mod", pa.string()),
            ("basis", pa.string()),
            ("date_start", pa.date32()),
            ("date_end", pa.date32()),
            ("precision", pa.string()),
        ]
    ),
    "events": pa.schema(
        [
            ("event_id", pa.string()),
            ("doc_id", pa.string()),
            ("sentence_index", pa.int32()),
            ("trigger", pa.string()),
            ("lemma", pa.string()),
            ("char_start", pa.int32()),
            ("char_end", pa.int32()),
            ("event_type", pa.string()),
            ("date_value", pa.string()),
            ("date_start", pa.date32()),
            ("date_end", pa.date32()),
            ("date_precision", pa.string()),
            ("date_text", pa.string()),
            ("date_basis", pa.string()),
            ("timex_start", pa.int32()),
            ("timex_end", pa.int32()),
            ("event_class", pa.string()),
            ("polarity", pa.string()),
            ("modality", pa.string()),
            ("attribution", pa.string()),
            ("quad_class", pa.string()),
            ("anchor_basis", pa.string()),
            ("trigger_pos", pa.string()),
            ("background", pa.bool_()),
            ("salience", pa.float64()),
            ("is_key", pa.bool_()),
        ]
    ),
    "event_clusters": pa.schema([("event_id", pa.string()), ("cluster_id", pa.string())]),
    "document_signatures": pa.schema(
        [("doc_id", pa.string()), ("minhashes", pa.list_(pa.int64())), ("shingles", pa.int32())]
    ),
    "document_bands": pa.schema([("doc_id", pa.string()), ("band_key", pa.string())]),
    "story_groups": pa.schema([("doc_id", pa.string()), ("group_id", pa.string())]),
    "actor_aliases": pa.schema(
        [("doc_id", pa.string()), ("alias", pa.string()), ("actor_key", pa.string())]
    ),
    "actors": pa.schema(
        [("actor_key", pa.string()), ("name", pa.string()), ("actor_type", pa.string())]
    ),
    "actor_mentions": pa.schema(
        [
            ("doc_id", pa.string()),
            ("char_start", pa.int32()),
            ("char_end", pa.int32()),
            ("text", pa.string()),
            ("actor_key", pa.string()),
        ]
    ),
    "event_actors": pa.schema(
        [
            ("event_id", pa.string()),
            ("doc_id", pa.string()),
            ("actor_key", pa.string()),
            ("role", pa.string()),
            ("mention_start", pa.int32()),
            ("mention_end", pa.int32()),
        ]
    ),
    "quarantine": pa.schema(
        [
            ("path", pa.string()),
            ("line_key", pa.int32()),
            ("line", pa.int32()),
            ("reason", pa.string()),
            ("error_class", pa.string()),
            ("run_id", pa.string()),
            ("first_quarantined_at", pa.timestamp("us")),
            ("quarantined_at", pa.timestamp("us")),
        ]
    ),
    "runs": pa.schema(
        [
            ("run_id", pa.string()),
            ("started_at", pa.timestamp("us")),
            ("finished_at", pa.timestamp("us")),
            ("state", pa.string()),
            ("documents_seen", pa.int32()),
            ("documents_new", pa.int32()),
            ("documents_changed", pa.int32()),
            ("documents_skipped", pa.int32()),
            ("quarantined", pa.int32()),
            ("events_written", pa.int32()),
            ("extractor_version", pa.string()),
            ("pid", pa.int32()),
            ("host", pa.string()),
        ]
    ),
    "schema_applied": pa.schema([("sha", pa.string())]),
    "key_dates": pa.schema(
        [
            ("scope", pa.string()),
            ("date", pa.date32()),
            ("rank", pa.int32()),
            ("score", pa.float64()),
            ("referring_stories", pa.float64()),
            ("stories_published", pa.int32()),
            ("salience", pa.float64()),
            ("computed_at", pa.timestamp("us")),
        ]
    ),
    "key_date_sentences": pa.schema(
        [
            ("scope", pa.string()),
            ("date", pa.date32()),
            ("rank", pa.int32()),
            ("score", pa.float64()),
            ("doc_id", pa.string()),
            ("sentence_index", pa.int32()),
            ("char_start", pa.int32()),
            ("char_end", pa.int32()),
            ("text", pa.string()),
            ("published", pa.date32()),
            ("support", pa.int32()),
            ("computed_at", pa.timestamp("us")),
        ]
    ),
}

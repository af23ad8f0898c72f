"""Extractions as Arrow tables, one per warehouse table, built column by column.

This is the per-row Python work of a load, split from the loading itself so it can run
where the extraction ran (a worker process or a Dask worker) instead of in the warehouse's
one writer: the loader then only moves columns from Arrow into DuckDB with set-based SQL
(`store.load_tables`). No DuckDB here, and no files (`staging.py` writes these as Parquet).

`SCHEMAS` are the warehouse tables' Arrow schemas (`schema.sql` is the truth; these match
it column for column). `STAGED_SCHEMAS` are what `build_tables` produces: the same, except
that `actors` carries the naming document and its position in the batch (the loader
upserts only actors of documents it writes, and the batch's last naming wins), and the
loader fills in the times (`first_seen`, `loaded_at`), left NULL here because a worker
does not know when, or whether, its rows will be loaded.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc

from transforms.deduplication.near_duplicates import band_keys
from transforms.extraction.signature import document_signature
from transforms.extraction.timex import interval
from transforms.model import Extraction, Signature

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
}

# What a batch stages, one file each. `sources` holds the paths each text was found under
# (first_seen NULL); every other table a document's extracted rows.
STAGED_TABLES = (
    "documents",
    "sources",
    "sentences",
    "timexes",
    "events",
    "actors",
    "actor_aliases",
    "actor_mentions",
    "event_actors",
    "document_signatures",
    "document_bands",
)
STAGED_SCHEMAS: dict[str, pa.Schema] = {
    table: SCHEMAS[table] for table in STAGED_TABLES if table != "actors"
} | {
    "actors": SCHEMAS["actors"]
    .append(pa.field("doc_id", pa.string()))
    .append(pa.field("ordinal", pa.int32()))
}

Tables = dict[str, pa.Table]


def content_sha(text: str) -> str:
    """Digest of a document's text: a different text stored under the same doc_id shows."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def empty_tables() -> Tables:
    """A batch with no rows, for a load that only records paths."""
    return {table: STAGED_SCHEMAS[table].empty_table() for table in STAGED_TABLES}


def sources_table(paths: Mapping[str, Iterable[str]]) -> pa.Table:
    """(doc_id, path) rows for further paths a text was found under."""
    rows = [(doc_id, path) for doc_id, found in paths.items() for path in found]
    return _table("sources", rows, fill=1)


def build_tables(
    extractions: Sequence[Extraction], paths: Mapping[str, Iterable[str]] | None = None
) -> Tables:
    """One Arrow table per `STAGED_TABLES` entry for a batch of extractions.

    The same doc_id twice is built once (the first), with the paths of both; `paths` adds
    further (doc_id, path) source rows. Dangling references (a mention of an actor the
    extraction does not list, an event in no sentence) raise ValueError, because the schema
    has no foreign keys to refuse them.

    Rows are gathered as tuples and turned into columns once per table: the cheapest way
    from Python objects to Arrow arrays short of writing it in C.
    """
    rows: dict[str, list[tuple[Any, ...]]] = {table: [] for table in STAGED_TABLES}
    built: set[str] = set()
    for position, extraction in enumerate(extractions):
        document = extraction.document
        doc_id = document.doc_id
        rows["sources"].append((doc_id, document.path))
        if doc_id in built:
            continue
        check_extraction(extraction)
        built.add(doc_id)
        rows["documents"].append(
            (
                doc_id,
                document.title,
                document.source,
                document.url,
                document.language,
                document.byline,
                document.place,
                document.dct,
                document.dct_basis,
                document.text,
                [(span.start, span.end) for span in document.content],
                list(document.meta.items()),
                content_sha(document.text),
                extraction.extractor_version,
            )
        )
        _signature_rows(rows, doc_id, extraction.signature or document_signature(document))
        rows["sentences"].extend(
            (doc_id, sentence.index, sentence.start, sentence.end, sentence.text)
            for sentence in extraction.sentences
        )
        for timex in extraction.timexes:
            span = interval(timex.value)
            rows["timexes"].append(
                (
                    doc_id,
                    timex.start,
                    timex.end,
                    timex.text,
                    timex.type,
                    timex.value,
                    timex.mod,
                    timex.basis,
                    span.start,
                    span.end,
                    span.precision,
                )
            )
        # One row per key and document, the last listing winning, as across the batch.
        named = {actor.key: actor for actor in extraction.actors}
        rows["actors"].extend(
            (actor.key, actor.name, actor.type, doc_id, position) for actor in named.values()
        )
        aliases = {(m.text, m.actor_key) for m in extraction.mentions}
        aliases |= {(alias, a.key) for a in extraction.actors for alias in a.aliases}
        aliases |= {(a.name, a.key) for a in extraction.actors}
        rows["actor_aliases"].extend((doc_id, alias, key) for alias, key in sorted(aliases))
        rows["actor_mentions"].extend(
            (doc_id, mention.start, mention.end, mention.text, mention.actor_key)
            for mention in extraction.mentions
        )
        for event in extraction.events:
            when = event.date
            rows["events"].append(
                (
                    event.event_id,
                    doc_id,
                    event.sentence_index,
                    event.trigger,
                    event.lemma,
                    event.start,
                    event.end,
                    event.event_type,
                    when.value,
                    when.start,
                    when.end,
                    when.precision,
                    when.text,
                    when.basis,
                    when.timex_start,
                    when.timex_end,
                    event.event_class,
                    event.polarity,
                    event.modality,
                    event.attribution,
                    event.quad_class,
                    event.anchor_basis,
                    event.pos,
                    event.background,
                )
            )
            rows["event_actors"].extend(
                (
                    event.event_id,
                    doc_id,
                    participant.actor_key,
                    participant.role,
                    participant.mention_start,
                    participant.mention_end,
                )
                for participant in event.participants
            )
    for doc_id, found in (paths or {}).items():
        rows["sources"].extend((doc_id, path) for path in found)
    fills = {"documents": 2, "sources": 1}  # the loader's times, NULL until loaded
    return {
        table: _table(table, table_rows, fill=fills.get(table, 0))
        for table, table_rows in rows.items()
    }


def concat(parts: Sequence[Tables]) -> Tables:
    """Several batches' (or one batch's parts') tables as one batch, in order.

    A text in more than one part keeps the rows of its first part only (paths from all),
    as `build_tables` does within a part; actors' ordinals are shifted past the previous
    parts', so the last naming still wins. Vectorised: no per-row Python.
    """
    if len(parts) == 1:
        return parts[0]
    merged: dict[str, list[pa.Table]] = {table: [] for table in STAGED_TABLES}
    seen = pa.array([], pa.string())
    base = 0
    for part in parts:
        fresh = pc.invert(pc.is_in(part["documents"]["doc_id"], value_set=seen))
        keep = part["documents"]["doc_id"].filter(fresh)
        for table in STAGED_TABLES:
            rows = part[table]
            if table != "sources" and len(seen):
                rows = rows.filter(pc.is_in(rows["doc_id"], value_set=keep))
            if table == "actors" and rows.num_rows:
                ordinal = rows.schema.get_field_index("ordinal")
                shifted = pc.add(rows["ordinal"], pa.scalar(base, pa.int32()))
                rows = rows.set_column(ordinal, "ordinal", shifted)
            merged[table].append(rows)
        if part["actors"].num_rows:
            base += pc.max(part["actors"]["ordinal"]).as_py() + 1
        seen = pa.concat_arrays([seen, keep.combine_chunks()])
    return {table: pa.concat_tables(tables) for table, tables in merged.items()}


def check_extraction(extraction: Extraction) -> None:
    """Refuse what the schema no longer refuses itself (see the note on keys in schema.sql):
    dangling references (there are no foreign keys) and rows that repeat a key."""
    doc_id = extraction.document.doc_id
    actor_keys = {actor.key for actor in extraction.actors}
    sentence_indexes = {sentence.index for sentence in extraction.sentences}
    _unique(doc_id, "sentence", [s.index for s in extraction.sentences])
    _unique(doc_id, "timex", [(t.start, t.end) for t in extraction.timexes])
    _unique(doc_id, "mention", [(m.start, m.end, m.actor_key) for m in extraction.mentions])
    for mention in extraction.mentions:
        if mention.actor_key not in actor_keys:
            raise ValueError(f"{doc_id}: mention {mention.text!r} names unknown actor")
    for event in extraction.events:
        if event.doc_id != doc_id:
            raise ValueError(f"{doc_id}: event {event.event_id} belongs to {event.doc_id}")
        if sentence_indexes and event.sentence_index not in sentence_indexes:
            raise ValueError(f"{doc_id}: event {event.event_id} is in no known sentence")
        _unique(
            doc_id,
            f"participant of event {event.event_id}",
            [(p.actor_key, p.role, p.mention_start, p.mention_end) for p in event.participants],
        )
        for participant in event.participants:
            if participant.actor_key not in actor_keys:
                raise ValueError(
                    f"{doc_id}: event {event.event_id} has unknown actor {participant.actor_key!r}"
                )


def _unique(doc_id: str, what: str, keys: list[Any]) -> None:
    if len(set(keys)) != len(keys):
        repeated = next(key for key in keys if keys.count(key) > 1)
        raise ValueError(f"{doc_id}: {what} {repeated!r} is listed twice")


def signature_tables(signatures: Mapping[str, Signature]) -> Tables:
    """`document_signatures` and `document_bands` rows for signatures computed elsewhere
    (the backfill of documents stored before signatures were)."""
    rows: dict[str, list[tuple[Any, ...]]] = {"document_signatures": [], "document_bands": []}
    for doc_id, sig in signatures.items():
        _signature_rows(rows, doc_id, sig)
    return {table: _table(table, table_rows) for table, table_rows in rows.items()}


def _signature_rows(rows: dict[str, list[tuple[Any, ...]]], doc_id: str, sig: Signature) -> None:
    """A document's signature and LSH band keys, stored so no later run recomputes them."""
    rows["document_signatures"].append((doc_id, list(sig.minhashes), sig.shingles))
    rows["document_bands"].extend((doc_id, key) for key in band_keys(sig))


def _table(table: str, rows: list[tuple[Any, ...]], fill: int = 0) -> pa.Table:
    """Rows (tuples in schema order, the last `fill` columns left out and NULL) as a table."""
    schema = STAGED_SCHEMAS.get(table, SCHEMAS[table])
    given = list(schema)[: len(schema) - fill]
    columns = list(zip(*rows, strict=True)) if rows else [()] * len(given)
    arrays = [
        pa.array(column, type=field.type) for column, field in zip(columns, given, strict=True)
    ]
    arrays += [pa.nulls(len(rows), field.type) for field in list(schema)[len(given) :]]
    return pa.Table.from_arrays(arrays, schema=schema)

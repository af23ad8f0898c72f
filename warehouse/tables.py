"""Extractions as Arrow tables, one per warehouse table, built column by column.

This is the per-row Python work of a load, split from the loading itself so it can run
where the extraction ran (a worker process or a Dask worker) instead of in the warehouse's
one writer: the loader then only moves columns from Arrow into DuckDB with set-based SQL
(`load.load_tables`). No DuckDB here, and no files (`staging.py` writes these as Parquet).

Every table is built by column name against the column contract (`contract.SCHEMAS`):
a column missing or unknown is an error, never a value in the wrong place.
`STAGED_SCHEMAS` are what `build_tables` produces: the contract's schemas, except
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
from warehouse.contract import SCHEMAS

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
# Columns the loader fills in when it writes (its time), NULL in a staged batch.
LOADER_FILLED = {"documents": ("first_seen", "loaded_at"), "sources": ("first_seen",)}
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
    return _sources([(doc_id, path) for doc_id, found in paths.items() for path in found])


def build_tables(
    extractions: Sequence[Extraction], paths: Mapping[str, Iterable[str]] | None = None
) -> Tables:
    """One Arrow table per `STAGED_TABLES` entry for a batch of extractions.

    The same doc_id twice is built once (the first), with the paths of both; `paths` adds
    further (doc_id, path) source rows. Dangling references (a mention of an actor the
    extraction does not list, an event in no sentence) raise ValueError, because the schema
    has no foreign keys to refuse them.

    Each column is one list comprehension over the batch's records, named by its column:
    the cheapest way from Python objects to Arrow arrays short of writing it in C.
    """
    sources: list[tuple[str, str]] = []
    batch: list[tuple[int, Extraction]] = []  # (position in the input, extraction)
    built: set[str] = set()
    for position, extraction in enumerate(extractions):
        doc_id = extraction.document.doc_id
        sources.append((doc_id, extraction.document.path))
        if doc_id not in built:
            check_extraction(extraction)
            built.add(doc_id)
            batch.append((position, extraction))
    for doc_id, found in (paths or {}).items():
        sources.extend((doc_id, path) for path in found)
    extracted = [extraction for _, extraction in batch]
    signed = [(e.document.doc_id, e.signature or document_signature(e.document)) for e in extracted]
    return {
        "documents": _documents(extracted),
        "sources": _sources(sources),
        "sentences": _sentences(extracted),
        "timexes": _timexes(extracted),
        "events": _events(extracted),
        "actors": _actors(batch),
        "actor_aliases": _actor_aliases(extracted),
        "actor_mentions": _actor_mentions(extracted),
        "event_actors": _event_actors(extracted),
    } | _signature_tables(signed)


def _documents(extracted: list[Extraction]) -> pa.Table:
    documents = [e.document for e in extracted]
    return _table(
        "documents",
        {
            "doc_id": [d.doc_id for d in documents],
            "title": [d.title for d in documents],
            "source": [d.source for d in documents],
            "url": [d.url for d in documents],
            "language": [d.language for d in documents],
            "byline": [d.byline for d in documents],
            "place": [d.place for d in documents],
            "published": [d.dct for d in documents],
            "dct_basis": [d.dct_basis for d in documents],
            "text": [d.text for d in documents],
            "content_spans": [[(s.start, s.end) for s in d.content] for d in documents],
            "meta": [list(d.meta.items()) for d in documents],
            "content_sha": [content_sha(d.text) for d in documents],
            "extractor_version": [e.extractor_version for e in extracted],
        },
    )


def _sources(pairs: list[tuple[str, str]]) -> pa.Table:
    return _table(
        "sources", {"doc_id": [doc_id for doc_id, _ in pairs], "path": [p for _, p in pairs]}
    )


def _sentences(extracted: list[Extraction]) -> pa.Table:
    rows = [(e.document.doc_id, s) for e in extracted for s in e.sentences]
    return _table(
        "sentences",
        {
            "doc_id": [doc_id for doc_id, _ in rows],
            "sentence_index": [s.index for _, s in rows],
            "char_start": [s.start for _, s in rows],
            "char_end": [s.end for _, s in rows],
            "text": [s.text for _, s in rows],
        },
    )


def _timexes(extracted: list[Extraction]) -> pa.Table:
    rows = [(e.document.doc_id, t, interval(t.value)) for e in extracted for t in e.timexes]
    return _table(
        "timexes",
        {
            "doc_id": [doc_id for doc_id, _, _ in rows],
            "char_start": [t.start for _, t, _ in rows],
            "char_end": [t.end for _, t, _ in rows],
            "text": [t.text for _, t, _ in rows],
            "type": [t.type for _, t, _ in rows],
            "value": [t.value for _, t, _ in rows],
            "mod": [t.mod for _, t, _ in rows],
            "basis": [t.basis for _, t, _ in rows],
            "date_start": [span.start for _, _, span in rows],
            "date_end": [span.end for _, _, span in rows],
            "precision": [span.precision for _, _, span in rows],
        },
    )


def _events(extracted: list[Extraction]) -> pa.Table:
    events = [event for e in extracted for event in e.events]
    dates = [event.date for event in events]
    return _table(
        "events",
        {
            "event_id": [v.event_id for v in events],
            "doc_id": [v.doc_id for v in events],  # the document's (`check_extraction`)
            "sentence_index": [v.sentence_index for v in events],
            "trigger": [v.trigger for v in events],
            "lemma": [v.lemma for v in events],
            "char_start": [v.start for v in events],
            "char_end": [v.end for v in events],
            "event_type": [v.event_type for v in events],
            "date_value": [d.value for d in dates],
            "date_start": [d.start for d in dates],
            "date_end": [d.end for d in dates],
            "date_precision": [d.precision for d in dates],
            "date_text": [d.text for d in dates],
            "date_basis": [d.basis for d in dates],
            "timex_start": [d.timex_start for d in dates],
            "timex_end": [d.timex_end for d in dates],
            "event_class": [v.event_class for v in events],
            "polarity": [v.polarity for v in events],
            "modality": [v.modality for v in events],
            "attribution": [v.attribution for v in events],
            "quad_class": [v.quad_class for v in events],
            "anchor_basis": [v.anchor_basis for v in events],
            "trigger_pos": [v.pos for v in events],
            "background": [v.background for v in events],
        },
    )


def _actors(batch: list[tuple[int, Extraction]]) -> pa.Table:
    # One row per key and document, the last listing winning, as across the batch.
    rows = [
        (e.document.doc_id, position, actor)
        for position, e in batch
        for actor in {actor.key: actor for actor in e.actors}.values()
    ]
    return _table(
        "actors",
        {
            "actor_key": [a.key for _, _, a in rows],
            "name": [a.name for _, _, a in rows],
            "actor_type": [a.type for _, _, a in rows],
            "doc_id": [doc_id for doc_id, _, _ in rows],
            "ordinal": [position for _, position, _ in rows],
        },
    )


def _actor_aliases(extracted: list[Extraction]) -> pa.Table:
    rows = [(e.document.doc_id, alias, key) for e in extracted for alias, key in _aliases(e)]
    return _table(
        "actor_aliases",
        {
            "doc_id": [doc_id for doc_id, _, _ in rows],
            "alias": [alias for _, alias, _ in rows],
            "actor_key": [key for _, _, key in rows],
        },
    )


def _aliases(extraction: Extraction) -> list[tuple[str, str]]:
    """Every (written form, actor key) of a document: mentions, listed aliases, names."""
    aliases = {(m.text, m.actor_key) for m in extraction.mentions}
    aliases |= {(alias, a.key) for a in extraction.actors for alias in a.aliases}
    aliases |= {(a.name, a.key) for a in extraction.actors}
    return sorted(aliases)


def _actor_mentions(extracted: list[Extraction]) -> pa.Table:
    rows = [(e.document.doc_id, m) for e in extracted for m in e.mentions]
    return _table(
        "actor_mentions",
        {
            "doc_id": [doc_id for doc_id, _ in rows],
            "char_start": [m.start for _, m in rows],
            "char_end": [m.end for _, m in rows],
            "text": [m.text for _, m in rows],
            "actor_key": [m.actor_key for _, m in rows],
        },
    )


def _event_actors(extracted: list[Extraction]) -> pa.Table:
    rows = [(v, p) for e in extracted for v in e.events for p in v.participants]
    return _table(
        "event_actors",
        {
            "event_id": [v.event_id for v, _ in rows],
            "doc_id": [v.doc_id for v, _ in rows],
            "actor_key": [p.actor_key for _, p in rows],
            "role": [p.role for _, p in rows],
            "mention_start": [p.mention_start for _, p in rows],
            "mention_end": [p.mention_end for _, p in rows],
        },
    )


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
    return _signature_tables(list(signatures.items()))


def _signature_tables(signed: list[tuple[str, Signature]]) -> Tables:
    """Documents' signatures and LSH band keys, stored so no later run recomputes them."""
    bands = [(doc_id, key) for doc_id, sig in signed for key in band_keys(sig)]
    return {
        "document_signatures": _table(
            "document_signatures",
            {
                "doc_id": [doc_id for doc_id, _ in signed],
                "minhashes": [list(sig.minhashes) for _, sig in signed],
                "shingles": [sig.shingles for _, sig in signed],
            },
        ),
        "document_bands": _table(
            "document_bands",
            {"doc_id": [doc_id for doc_id, _ in bands], "band_key": [key for _, key in bands]},
        ),
    }


def _table(table: str, columns: dict[str, list[Any]]) -> pa.Table:
    """A table from its columns by name, in the staged schema's order; the columns the
    loader fills in (`LOADER_FILLED`) are NULL. A column missing or unknown raises."""
    schema = STAGED_SCHEMAS.get(table, SCHEMAS[table])
    filled = LOADER_FILLED.get(table, ())
    expected = [name for name in schema.names if name not in filled]
    if set(columns) != set(expected):
        raise ValueError(f"{table}: built columns {sorted(columns)}, the contract has {expected}")
    rows = len(next(iter(columns.values())))
    arrays = [
        pa.array(columns[field.name], type=field.type)
        if field.name in columns
        else pa.nulls(rows, field.type)
        for field in schema
    ]
    return pa.Table.from_arrays(arrays, schema=schema)

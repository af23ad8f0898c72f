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

from collections.abc import Callable, Iterable, Mapping, Sequence
from operator import attrgetter
from typing import Any, TypeVar

import pyarrow as pa
import pyarrow.compute as pc

from transforms.deduplication.near_duplicates import band_keys
from transforms.extraction.signature import document_signature
from transforms.extraction.timex import interval
from transforms.ingestion.identity import first_found_at
from transforms.model import Actor, Event, Extraction, Participant, Signature
from warehouse.contract import SCHEMAS
from warehouse.freshness import content_sha

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
_Record = TypeVar("_Record")


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

    Each column is built whole and named (`_columns`: one attribute of every record, in
    order), never as a position in a row: the cheapest way from Python objects to Arrow
    arrays short of writing it in C, and a column cannot land in its neighbour's place.
    """
    found_at: dict[str, list[str]] = {}  # doc_id -> the paths its text came by
    batch: list[tuple[int, Extraction]] = []  # (position in the input, extraction)
    for position, extraction in enumerate(extractions):
        if first_found_at(found_at, extraction.document.doc_id, extraction.document.path):
            check_extraction(extraction)
            batch.append((position, extraction))
    extracted = [extraction for _, extraction in batch]
    sources = [(doc_id, path) for doc_id, found in found_at.items() for path in found]
    for doc_id, found in (paths or {}).items():
        sources.extend((doc_id, path) for path in found)
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
    names = ("doc_id", "title", "source", "url", "language", "byline", "place", "dct_basis", "text")
    return _table(
        "documents",
        _columns(documents, names, published="dct")
        | {
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
    doc_ids, sentences = _of_documents(extracted, lambda e: e.sentences)
    columns = _columns(
        sentences, ("text",), sentence_index="index", char_start="start", char_end="end"
    )
    return _table("sentences", {"doc_id": doc_ids} | columns)


def _timexes(extracted: list[Extraction]) -> pa.Table:
    doc_ids, timexes = _of_documents(extracted, lambda e: e.timexes)
    days = [interval(timex.value) for timex in timexes]  # the days each value denotes
    return _table(
        "timexes",
        {"doc_id": doc_ids}
        | _columns(
            timexes, ("text", "type", "value", "mod", "basis"), char_start="start", char_end="end"
        )
        | _columns(days, ("start", "end"), prefix="date_")
        | _columns(days, ("precision",)),
    )


def _events(extracted: list[Extraction]) -> pa.Table:
    events = [event for e in extracted for event in e.events]
    dates = [event.date for event in events]
    names = (
        "event_id", "doc_id", "sentence_index", "trigger", "lemma", "event_type", "event_class",
        "polarity", "modality", "attribution", "quad_class", "anchor_basis", "background",
        "salience", "is_key",
    )  # fmt: skip
    return _table(
        "events",
        _columns(events, names, char_start="start", char_end="end", trigger_pos="pos")
        | _columns(dates, ("value", "start", "end", "precision", "text", "basis"), prefix="date_")
        | _columns(dates, ("timex_start", "timex_end")),
    )


def _actors(batch: list[tuple[int, Extraction]]) -> pa.Table:
    """One row per key and document, the last listing winning, as across the batch; with
    the document and its position in the batch (`ordinal`) the loader upserts by."""
    actors: list[Actor] = []
    doc_ids: list[str] = []
    ordinals: list[int] = []
    for position, extraction in batch:
        named = list({actor.key: actor for actor in extraction.actors}.values())
        actors += named
        doc_ids += [extraction.document.doc_id] * len(named)
        ordinals += [position] * len(named)
    columns = _columns(actors, ("name",), actor_key="key", actor_type="type")
    return _table("actors", columns | {"doc_id": doc_ids, "ordinal": ordinals})


def _actor_aliases(extracted: list[Extraction]) -> pa.Table:
    doc_ids, aliases = _of_documents(extracted, _aliases)
    return _table(
        "actor_aliases",
        {
            "doc_id": doc_ids,
            "alias": [alias for alias, _ in aliases],
            "actor_key": [key for _, key in aliases],
        },
    )


def _aliases(extraction: Extraction) -> list[tuple[str, str]]:
    """Every (written form, actor key) of a document: mentions, listed aliases, names."""
    aliases = {(" ".join(m.text.split()), m.actor_key) for m in extraction.mentions}
    aliases |= {(alias, a.key) for a in extraction.actors for alias in a.aliases}
    aliases |= {(a.name, a.key) for a in extraction.actors}
    return sorted(aliases)


def _actor_mentions(extracted: list[Extraction]) -> pa.Table:
    doc_ids, mentions = _of_documents(extracted, lambda e: e.mentions)
    columns = _columns(mentions, ("text", "actor_key"), char_start="start", char_end="end")
    return _table("actor_mentions", {"doc_id": doc_ids} | columns)


def _event_actors(extracted: list[Extraction]) -> pa.Table:
    events: list[Event] = []  # each participant's event
    participants: list[Participant] = []
    for extraction in extracted:
        for event in extraction.events:
            events += [event] * len(event.participants)
            participants += event.participants
    return _table(
        "event_actors",
        _columns(events, ("event_id", "doc_id"))
        | _columns(participants, ("actor_key", "role", "mention_start", "mention_end")),
    )


def _of_documents(
    extracted: list[Extraction], records_of: Callable[[Extraction], Sequence[_Record]]
) -> tuple[list[str], list[_Record]]:
    """Every document's records of one kind, in order, and the id of each one's document."""
    doc_ids: list[str] = []
    records: list[_Record] = []
    for extraction in extracted:
        found = records_of(extraction)
        doc_ids += [extraction.document.doc_id] * len(found)
        records += found
    return doc_ids, records


def _columns(
    records: Sequence[Any], names: Iterable[str] = (), *, prefix: str = "", **renamed: str
) -> dict[str, list[Any]]:
    """Columns named after record attributes: column `prefix + name` holds every record's
    attribute `name`, and a keyword `column="attribute"` one named otherwise."""
    pairs = [(prefix + name, name) for name in names] + list(renamed.items())
    return {column: list(map(attrgetter(attribute), records)) for column, attribute in pairs}


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

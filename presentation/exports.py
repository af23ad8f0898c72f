"""`chronicle export`: the timeline's events as TimelineJS JSON, CSV, Parquet or JSON Lines.

`export` reads the events from the warehouse (filters bound into
`warehouse/queries/export_events.sql`, one row per event, with `actors` as a list of
{name, actor_key, actor_type, role}) and writes one file, or for Parquet one folder. The
warehouse is opened through its lock like every other entry point's, so an export waits
for a run's batch to commit instead of failing on DuckDB's own lock, and a run waits for
the export's query. Parquet is written by DuckDB itself (`reads.write_parquet`, a folder
per year), so a large export never passes through Python. The other formats are built by
pure functions:

* TimelineJS JSON, as Knight Lab's TimelineJS 3 reads it: the key-event timeline of the
  events' slice (`chronicle summarize`, `presentation.key_dates`), one slide per key date
  with the sentences that say what happened, rather than a slide per event mention, which
  no reader could page through.
* JSON Lines: one event per line, dates as ISO strings.
* CSV: one event per line, actors flattened; cells a spreadsheet would read as a formula
  (starting with `=`, `+`, `-`, `@`, tab or CR) are prefixed with `'`, because the text
  comes from scraped articles.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Iterator, Mapping, Sequence
from datetime import date, datetime
from pathlib import Path
from typing import Any

FORMATS = ("timelinejs", "csv", "parquet", "jsonl")
_QUERY = "export_events"

CSV_COLUMNS = (
    "event_id",
    "doc_id",
    "date_start",
    "date_end",
    "date_precision",
    "date_value",
    "date_text",
    "date_basis",
    "trigger",
    "lemma",
    "event_type",
    "is_key",
    "salience",
    "actors",
    "actor_keys",
    "sentence",
    "title",
    "source",
    "url",
    "published",
    "char_start",
    "char_end",
)
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _json_value(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, list | tuple):
        return [_json_value(item) for item in value]
    if isinstance(value, Mapping):
        return {key: _json_value(item) for key, item in value.items()}
    return value


def jsonl_lines(rows: Iterable[Mapping[str, Any]]) -> Iterator[str]:
    """One JSON object per event, each ending in a newline; `year` (a partition key) is
    left out as it repeats `date_start`."""
    for row in rows:
        record = {key: _json_value(value) for key, value in row.items() if key != "year"}
        yield json.dumps(record, ensure_ascii=False) + "\n"


def _cell(value: Any) -> str:
    if value is None:
        return ""
    text = value.isoformat() if isinstance(value, datetime | date) else str(value)
    if isinstance(value, str) and text.startswith(_FORMULA_START):
        return "'" + text
    return text


def csv_lines(
    rows: Iterable[Mapping[str, Any]], columns: Sequence[str] = CSV_COLUMNS
) -> Iterator[str]:
    """A header line, then one CSV line per event; actors as "name (role); ..."."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")

    def line(cells: Sequence[str]) -> str:
        buffer.seek(0)
        buffer.truncate()
        writer.writerow(cells)
        return buffer.getvalue()

    yield line(list(columns))
    for row in rows:
        actors = row.get("actors") or ()
        flat = {
            **row,
            "actors": "; ".join(f"{actor['name']} ({actor['role']})" for actor in actors),
            "actor_keys": "; ".join(str(actor["actor_key"]) for actor in actors),
        }
        yield line([_cell(flat.get(column)) for column in columns])


# --- the export: query the warehouse, write the file -----------------------------------


def export(
    db: Path,
    fmt: str,
    out: Path,
    actor: str | None = None,
    since: date | None = None,
    until: date | None = None,
    key_only: bool = False,
) -> int:
    """Write the events matching the filters to `out`; return how many were written.
    `key_only` keeps the key events (the 1-3 of each document an editor would show).

    TimelineJS writes the slice's key dates instead, one slide each, and returns how many.
    Parquet writes a folder of `year=YYYY/` partitions (undated
    events under `year=__HIVE_DEFAULT_PARTITION__/`) and refuses a folder that already
    holds files, rather than mixing two exports or deleting what is there.
    """
    # Imported here: the CLI imports this module for FORMATS when it builds its parser.
    from warehouse import reads
    from warehouse.lock import open_warehouse

    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")
    if since and until and since > until:
        raise ValueError(f"--since {since} is after --until {until}")
    if not Path(db).exists():
        raise FileNotFoundError(f"no warehouse at {db}: run `chronicle run` first")
    if fmt == "timelinejs":
        return _export_timelinejs(db, out, actor, since, until)
    params: dict[str, Any] = {
        "actor": actor,
        "since": since,
        "until": until,
        "key_only": key_only,
    }
    with open_warehouse(db, read_only=True) as con:
        if fmt == "parquet":
            if out.exists() and (not out.is_dir() or any(out.iterdir())):
                raise FileExistsError(f"{out} exists and is not an empty folder")
            return reads.write_parquet(con, _QUERY, out, partition_by="year", **params)
        rows = reads.fetch(con, _QUERY, **params)

    out.parent.mkdir(parents=True, exist_ok=True)
    lines = jsonl_lines(rows) if fmt == "jsonl" else csv_lines(rows)
    # newline="" so the csv module's own line ends are written as they are.
    with out.open("w", encoding="utf-8", newline="") as handle:
        handle.writelines(lines)
    return len(rows)


def _export_timelinejs(
    db: Path, out: Path, actor: str | None, since: date | None, until: date | None
) -> int:
    """The key-event timeline of the slice as TimelineJS; returns how many slides."""
    from presentation.key_dates import summary_timelinejs
    from transforms.summarization.scope import Scope
    from warehouse import summaries
    from warehouse.lock import open_warehouse

    with open_warehouse(db, read_only=True) as con:
        summary = summaries.summary_of(con, Scope(actor=actor, since=since, until=until))
        documents = summaries.documents_of(con, summary)
    document = summary_timelinejs(summary, documents, headline=_headline(actor, since, until))
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(document, ensure_ascii=False, indent=1), encoding="utf-8")
    return len(document["events"])


def _headline(actor: str | None, since: date | None, until: date | None) -> str:
    parts = ["Chronicle timeline"]
    if actor:
        parts.append(f"with {actor}")
    if since or until:
        parts.append(f"from {since or 'the start'} to {until or 'the end'}")
    return " ".join(parts)

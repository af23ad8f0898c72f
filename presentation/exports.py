"""`chronicle export`: the timeline's events as TimelineJS JSON, CSV, Parquet or JSON Lines.

`export` reads the events from the warehouse (filters bound into
`warehouse/queries/export_events.sql`, one row per event, with `actors` as a list of
{name, actor_key, actor_type, role}) and writes one file, or for Parquet one folder. The
warehouse is opened through its lock like every other entry point's, so an export waits
for a run's batch to commit instead of failing on DuckDB's own lock, and a run waits for
the export's query. Parquet is written by DuckDB itself (`reads.write_parquet`, a folder per year),
so a large export never passes through Python. The three other formats are built by pure
functions from query rows:

* TimelineJS JSON, as Knight Lab's TimelineJS 3 reads it: `events[]` of `start_date`,
  optional `end_date`, `text {headline, text}`, `group`. A date is kept as precise as the
  text gave it: "March 2024" is `{year: 2024, month: 3}`, not the 1st of March. TimelineJS
  inserts `headline`, `text` and `display_date` as HTML, so all document text is escaped.
* JSON Lines: one event per line, dates as ISO strings.
* CSV: one event per line, actors flattened; cells a spreadsheet would read as a formula
  (starting with `=`, `+`, `-`, `@`, tab or CR) are prefixed with `'`, because the text
  comes from scraped articles.
"""

from __future__ import annotations

import csv
import html
import io
import json
from collections.abc import Iterable, Iterator, Mapping, Sequence
from datetime import date, datetime
from pathlib import Path
from typing import Any

from presentation.values import as_date

FORMATS = ("timelinejs", "csv", "parquet", "jsonl")
_QUERY = "export_events"
TimelineDate = dict[str, int]

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
# Precisions whose range is best told in months, and those best told in years.
_MONTH_PRECISIONS = {"month", "quarter", "season", "half"}
_YEAR_PRECISIONS = {"year", "decade", "century", "millennium"}


def timeline_dates(
    start: date | None, end: date | None, precision: str | None
) -> tuple[TimelineDate | None, TimelineDate | None]:
    """TimelineJS `start_date` and `end_date` as precise as the event's date, no more.

    A month or a year is one partial date and no end ("2024-03" → {year, month}); a
    quarter or season spans months, a decade years, a week days. None when undated.
    """
    if start is None:
        return None, None
    end = end or start
    if precision in _YEAR_PRECISIONS:
        first: TimelineDate = {"year": start.year}
        last: TimelineDate = {"year": end.year}
    elif precision in _MONTH_PRECISIONS:
        first = {"year": start.year, "month": start.month}
        last = {"year": end.year, "month": end.month}
    else:
        first = {"year": start.year, "month": start.month, "day": start.day}
        last = {"year": end.year, "month": end.month, "day": end.day}
    return first, (None if last == first else last)


def _actor_names(row: Mapping[str, Any]) -> list[str]:
    return [str(actor["name"]) for actor in row.get("actors") or ()]


def _text(value: Any) -> str:
    return "" if value is None else html.escape(str(value), quote=True)


def timeline_event(row: Mapping[str, Any]) -> dict[str, Any] | None:
    """One TimelineJS slide for an event, or None for an undated one (TimelineJS needs a
    start date). Headline: who and what; text: the sentence and where it was read."""
    start, end = timeline_dates(
        as_date(row.get("date_start")), as_date(row.get("date_end")), row.get("date_precision")
    )
    if start is None:
        return None
    names = _actor_names(row)
    headline = f"{', '.join(names)}: {row['trigger']}" if names else str(row["trigger"])
    where = _text(row.get("title") or row.get("doc_id"))
    url = row.get("url")
    if isinstance(url, str) and url.lower().startswith(("http://", "https://")):
        where = f'<a href="{_text(url)}">{where}</a>'
    if row.get("source"):
        where += f" ({_text(row['source'])})"
    event: dict[str, Any] = {
        "unique_id": str(row["event_id"]),
        "start_date": start,
        "text": {
            "headline": _text(headline),
            "text": f"<p>{_text(row.get('sentence'))}</p><p>{where}</p>",
        },
        "group": str(row.get("event_type") or "OTHER"),
    }
    if end is not None:
        event["end_date"] = end
    if row.get("date_text"):
        event["display_date"] = _text(row["date_text"])
    return event


def timelinejs(rows: Iterable[Mapping[str, Any]], *, headline: str) -> dict[str, Any]:
    """A TimelineJS 3 document of the dated events, in the rows' order, with a title slide."""
    events = [event for row in rows if (event := timeline_event(row)) is not None]
    return {
        "title": {
            "text": {
                "headline": _text(headline),
                "text": f"<p>{len(events)} dated events</p>",
            }
        },
        "events": events,
    }


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

    TimelineJS leaves undated events out (it cannot place them), so its count can be lower
    than the other formats'. Parquet writes a folder of `year=YYYY/` partitions (undated
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
    if fmt == "timelinejs":
        document = timelinejs(rows, headline=_headline(actor, since, until))
        out.write_text(json.dumps(document, ensure_ascii=False, indent=1), encoding="utf-8")
        return len(document["events"])
    lines = jsonl_lines(rows) if fmt == "jsonl" else csv_lines(rows)
    # newline="" so the csv module's own line ends are written as they are.
    with out.open("w", encoding="utf-8", newline="") as handle:
        handle.writelines(lines)
    return len(rows)


def _headline(actor: str | None, since: date | None, until: date | None) -> str:
    parts = ["Chronicle timeline"]
    if actor:
        parts.append(f"with {actor}")
    if since or until:
        parts.append(f"from {since or 'the start'} to {until or 'the end'}")
    return " ".join(parts)

"""What every chart spec shares: JSON-ready rows, tooltips, the row cap, and the chart an
empty warehouse gets ("no events yet", never an empty frame or a NaN legend)."""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping, Sequence
from datetime import date, datetime
from decimal import Decimal
from typing import Any

import altair as alt

# Altair refuses to embed more than 5000 rows; every chart stays under it.
MAX_CHART_ROWS = 5000
CHART_WIDTH = 800
EMPTY_MESSAGE = "No events yet"


def json_value(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, list | tuple):
        return [json_value(item) for item in value]
    return value


def json_rows(rows: Sequence[Mapping[str, Any]]) -> list[dict[str, Any]]:
    return [{key: json_value(value) for key, value in row.items()} for row in rows]


def capped(
    rows: Sequence[Mapping[str, Any]], title: str, max_rows: int
) -> tuple[Sequence[Mapping[str, Any]], str]:
    if len(rows) <= max_rows:
        return rows, title
    return rows[:max_rows], f"{title} (first {max_rows:,} rows shown; more were left out)"


def csv_data(rows: Sequence[Mapping[str, Any]], numbers: Sequence[str] = ()) -> alt.Data:
    """Rows embedded as one CSV string rather than a list of objects: every field name is
    written once instead of once per row, which halves a chart of a few thousand marks.
    Vega parses it back; `numbers` are the fields read as numbers (dates are parsed from
    the encodings, everything else stays text, an empty field the empty string). Values
    must be scalars."""
    columns = list(dict.fromkeys(key for row in rows for key in row))
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow(["" if row.get(c) is None else json_value(row.get(c)) for c in columns])
    return alt.Data(
        values=buffer.getvalue(),
        format=alt.DataFormat(type="csv", parse={field: "number" for field in numbers}),
    )


def tooltip(fields: Sequence[tuple[str, str]], counts: Sequence[str] = ("events",)) -> list:
    """vega-tooltip rows, label per field; `counts` are shown as integers. No label may be
    "title" or "image": vega-tooltip gives those two keys special treatment."""
    return [
        alt.Tooltip(f"{field}:Q", title=label, format=",d")
        if field in counts
        else alt.Tooltip(f"{field}:N", title=label)
        for field, label in fields
    ]


def link(field: str = "url") -> Any:
    """A click opens the row's address, when it has one: a row without one (null, or empty
    in CSV data) gets no link at all, where a plain `href` would make "null" a link
    relative to the page."""
    test = f"isValid(datum[{field!r}]) && datum[{field!r}] != ''"
    return alt.condition(test, alt.Href(f"{field}:N"), alt.value(None))


def integer_axis(**extra: Any) -> alt.Axis:
    """A count axis: whole numbers only, never "0.5 events"."""
    return alt.Axis(format=",d", tickMinStep=1, **extra)


def titled(title: str, notes: Sequence[str] = ()) -> alt.TitleParams:
    """A chart title with its notes (what lies off the axis, what was left out) beneath."""
    lines = [note for note in notes if note]
    return alt.TitleParams(
        text=title,
        subtitle=lines or alt.Undefined,
        anchor="start",
        subtitleColor="#555",
    )


# Charts whose height follows the filters (lanes, cards) lay themselves out again when a
# filter changes, instead of keeping the space of everything they showed before.
RESIZING = alt.AutoSizeParams(type="pad", resize=True)


def empty_chart(name: str, title: str, message: str = EMPTY_MESSAGE) -> alt.Chart:
    """A chart with nothing to draw says so in words, in the page and in its PNG and SVG."""
    return (
        alt.Chart(alt.Data(values=[{"message": message}]))
        .mark_text(fontSize=16, color="#666", align="left", baseline="middle")
        .encode(x=alt.value(10), y=alt.value(30), text="message:N")
        .properties(name=f"{name}_empty", title=titled(title), width=CHART_WIDTH, height=60)
    )

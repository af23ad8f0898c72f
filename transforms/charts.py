"""Altair chart specs built from query rows: pure functions, no I/O, no warehouse access.

Rows arrive as dicts (as `warehouse.store.fetch` returns them). Dates are turned into ISO
strings so the data embeds as JSON and Vega-Lite parses them as temporal values again; the
time scales are UTC so a day never slides into the previous one in a western time zone.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date, datetime
from decimal import Decimal
from typing import Any

import altair as alt

# Altair refuses to embed more than 5000 rows; stay under it and say so in the title.
MAX_CHART_ROWS = 5000
CHART_WIDTH = 800
LANE_HEIGHT = 28

SWIMLANE_TOOLTIP = (
    ("date_text", "Date as written"),
    ("date_value", "Date value"),
    ("trigger", "Event"),
    ("event_type", "Event type"),
    ("actor", "Actor"),
    ("role", "Role"),
    ("sentence", "Sentence"),
    ("title", "Document"),
    ("source", "Source"),
)


def _json_value(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return float(value)
    return value


def _json_rows(rows: Sequence[Mapping[str, Any]]) -> list[dict[str, Any]]:
    return [{key: _json_value(value) for key, value in row.items()} for row in rows]


def _capped(
    rows: Sequence[Mapping[str, Any]], title: str, max_rows: int
) -> tuple[Sequence[Mapping[str, Any]], str]:
    if len(rows) <= max_rows:
        return rows, title
    return rows[:max_rows], f"{title} (first {max_rows:,} rows shown; more were left out)"


def _is_single_day(row: Mapping[str, Any]) -> bool:
    """Day-precision dates (and ranges that collapse to one day) are points, not bars."""
    return (
        row.get("date_precision") == "day"
        or row.get("date_end") is None
        or row.get("date_end") == row.get("date_start")
    )


def _lanes_by_first_appearance(rows: Sequence[Mapping[str, Any]]) -> list[str]:
    """Actors by their earliest date; on the same day, by which the rows mention first."""
    first: dict[str, tuple[str, int]] = {}
    for position, row in enumerate(rows):
        actor, start = row.get("actor"), row.get("date_start")
        if actor is None or start is None:
            continue
        key = (str(_json_value(start)), position)
        if actor not in first or key < first[actor]:
            first[actor] = key
    return sorted(first, key=first.__getitem__)


def actor_swimlane(
    rows: Sequence[Mapping[str, Any]], *, title: str, max_rows: int = MAX_CHART_ROWS
) -> alt.LayerChart:
    """One lane per actor, one mark per event: a point for a day, a bar for a coarser range.

    Coarse dates ("in March") drawn as points would claim a precision the text never
    gave, so they span their whole range instead. Rows without `date_start` are dropped.
    """
    dated = [row for row in rows if row.get("date_start") is not None]
    dated, title = _capped(dated, title, max_rows)
    if not dated:
        title = f"{title}: nothing to show (no dated events)"
    values = [
        {**row, "mark": "point" if _is_single_day(row) else "bar"} for row in _json_rows(dated)
    ]
    lanes = _lanes_by_first_appearance(dated)

    x_scale = alt.Scale(type="utc")
    base = alt.Chart(alt.Data(values=values)).encode(
        y=alt.Y("actor:N", sort=lanes, title=None),
        color=alt.Color("event_type:N", title="Event type"),
        tooltip=[alt.Tooltip(f"{field}:N", title=label) for field, label in SWIMLANE_TOOLTIP],
    )
    points = (
        base.transform_filter(alt.datum.mark == "point")
        .mark_point(filled=True, size=70, opacity=0.85)
        .encode(x=alt.X("date_start:T", title="Date", scale=x_scale))
    )
    bars = (
        base.transform_filter(alt.datum.mark == "bar")
        .mark_bar(height=10, opacity=0.5, cornerRadius=2)
        .encode(
            x=alt.X("date_start:T", title="Date", scale=x_scale),
            x2=alt.X2("date_end:T"),
        )
    )
    return alt.layer(bars, points).properties(
        title=title, width=CHART_WIDTH, height=max(1, len(lanes)) * LANE_HEIGHT
    )


def actor_event_counts(
    rows: Sequence[Mapping[str, Any]], *, title: str, max_rows: int = MAX_CHART_ROWS
) -> alt.Chart:
    """Who appears most: one horizontal bar per actor, longest first."""
    rows, title = _capped(rows, title, max_rows)
    if not rows:
        title = f"{title}: nothing to show (no actors)"
    return (
        alt.Chart(alt.Data(values=_json_rows(rows)))
        .mark_bar()
        .encode(
            x=alt.X("events:Q", title="Events"),
            y=alt.Y("actor:N", sort="-x", title=None),
            color=alt.Color("actor_type:N", title="Actor type"),
            tooltip=[
                alt.Tooltip("actor:N", title="Actor"),
                alt.Tooltip("actor_type:N", title="Type"),
                alt.Tooltip("events:Q", title="Events"),
                alt.Tooltip("documents:Q", title="Documents"),
                alt.Tooltip("first_date:N", title="First date"),
                alt.Tooltip("last_date:N", title="Last date"),
            ],
        )
        .properties(title=title, width=CHART_WIDTH, height=max(1, len(rows)) * LANE_HEIGHT)
    )

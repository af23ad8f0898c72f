"""Altair chart specs built from query rows: pure functions, no I/O, no warehouse access.

Rows arrive as dicts (as `warehouse.reads.fetch` returns them), already aggregated by the
warehouse so that a chart embeds at most a few thousand rows however large the warehouse
is. Dates are turned into ISO strings so the data embeds as JSON and Vega-Lite parses them
as temporal values again; the time scales are UTC so a day never slides into the previous
one in a western time zone. Time axes come from `timeaxis.py` (the bulk of the events,
with a note of what lies outside), colours and shapes from `palette.py`, the filters from
`controls.py`. The key-event timeline (the dashboard's first view and "One story") is in
`key_events.py`.

Document text (titles, sentences, actor names) only ever reaches Vega as data values and
title strings, which Vega draws as SVG/canvas text and vega-tooltip escapes; nothing here
builds HTML or expressions from it. Every mark has a `name` so the browser test can find
it in the rendered scenegraph (Vega calls it `<name>_marks`) and count its items.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date, timedelta
from typing import Any, Literal

import altair as alt

from presentation import controls
from presentation.chartkit import (
    CHART_WIDTH,
    MAX_CHART_ROWS,
    RESIZING,
    capped,
    csv_data,
    empty_chart,
    integer_axis,
    json_rows,
    json_value,
    link,
    titled,
    tooltip,
)
from presentation.palette import (
    actor_type_colour,
    category_colour,
    category_shape,
    category_styles,
    quad_colour,
)
from presentation.timeaxis import TimeDomain, count_outside, outside_note
from presentation.values import as_date, day_label, how_anchored

__all__ = [
    "MAX_CHART_ROWS",
    "MAX_SWIMLANE_MARKS",
    "actor_cooccurrence",
    "actor_event_counts",
    "actor_swimlane",
    "event_volume",
    "swimlane_title",
    "volume_unit",
]

# The swimlane embeds text for each mark's tooltip, so it keeps fewer rows than Altair
# allows: at this size its spec file stays well under 5 MB.
MAX_SWIMLANE_MARKS = 3000
LANE_HEIGHT = 28
OVERVIEW_HEIGHT = 60
# A volume chart over more days than this uses weeks, over more weeks months: thinner bars
# stop being readable.
MAX_DAILY_PERIODS = 31
MAX_WEEKLY_PERIODS = 40

VolumeUnit = Literal["day", "week", "month"]

SWIMLANE_TOOLTIP = (
    ("date_range", "Date"),
    ("date_text", "Date as written"),
    ("anchoring", "How it was dated"),
    ("trigger", "Event"),
    ("event_type", "Category"),
    ("actors", "Actors"),
    ("events", "Events in this mark"),
    ("sentence", "Sentence"),
    ("title", "Document"),
    ("source", "Source"),
)
SWIMLANE_SEARCHED = ("sentence", "title", "actors", "trigger", "source")
# Only what the marks, tooltips and filters use is embedded: every key is in every row.
_SWIMLANE_KEYS = (
    "actor",
    "actor_key",
    "date_start",
    "date_text",
    "trigger",
    "event_type",
    "actors",
    "sentence",
    "title",
    "source",
    "url",
)


def _period_end(period: str, unit: VolumeUnit) -> str:
    """The first day after a day, week or month that starts on `period` (ISO date)."""
    start = date.fromisoformat(period)
    if unit in ("day", "week"):
        return (start + timedelta(days=1 if unit == "day" else 7)).isoformat()
    year, month = divmod(start.month, 12)
    return date(start.year + year, month + 1, 1).isoformat()


def _is_single_day(row: Mapping[str, Any]) -> bool:
    """Day-precision dates (and ranges that collapse to one day) are points, not bars."""
    return (
        row.get("date_precision") == "day"
        or row.get("date_end") is None
        or row.get("date_end") == row.get("date_start")
    )


def _date_range(row: Mapping[str, Any]) -> str:
    start, end = as_date(row.get("date_start")), as_date(row.get("date_end"))
    if start is None:
        return "undated"
    if end is None or end == start:
        return day_label(start)
    return f"{day_label(start)} to {day_label(end)}"


def _lanes_by_first_appearance(rows: Sequence[Mapping[str, Any]]) -> list[str]:
    """Actors by their earliest date; on the same day, by which the rows mention first."""
    first: dict[str, tuple[str, int]] = {}
    for position, row in enumerate(rows):
        actor, start = row.get("actor"), row.get("date_start")
        if actor is None or start is None:
            continue
        key = (str(json_value(start)), position)
        if actor not in first or key < first[actor]:
            first[actor] = key
    return sorted(first, key=first.__getitem__)


def _size_legend_values(largest: int) -> list[int]:
    """Whole numbers for the size legend: 1, the largest and a round value between."""
    middle = round(largest / 2)
    return sorted({1, middle, largest} - {0})


# --- a. actor swimlanes ----------------------------------------------------------------


def swimlane_title(heading: str, rows: Sequence[Mapping[str, Any]], top_actors: int) -> str:
    """Say how many actors the lanes show and, when some were left out, of how many; and
    when day-precise events were grouped by week or month, say that too.

    `actors_total` and `bin` come from the query, so a reader of a big warehouse learns
    the chart is a selection and a summary, not the whole cast event by event.
    """
    shown = len({row["actor_key"] if "actor_key" in row else row["actor"] for row in rows})
    total = max((int(row.get("actors_total") or 0) for row in rows), default=0)
    if total > shown:
        title = f"{heading}: who did what, when (the {shown} most active of {total:,} actors"
    else:
        title = f"{heading}: who did what, when ({shown} actors; top {top_actors} requested"
    binned = {row.get("bin") for row in rows} - {None, "day"}
    if binned:
        title += f"; day-precise events grouped by {binned.pop()}"
    return title + ")"


def _mark_span(row: Mapping[str, Any]) -> tuple[date, date]:
    start = as_date(row["date_start"])
    assert start is not None
    return start, as_date(row.get("date_end")) or start


def actor_swimlane(
    rows: Sequence[Mapping[str, Any]],
    *,
    title: str,
    domain: TimeDomain | None,
    max_rows: int = MAX_SWIMLANE_MARKS,
) -> alt.TopLevelMixin:
    """One lane per actor, one mark per event (or per actor, day and category when the
    warehouse aggregated several): a point for a day, a bar for a coarser range.

    Coarse dates ("in March") drawn as points would claim a precision the text never gave,
    so they span their whole range instead (to the end of their last day). Under the lanes
    an overview strip of events per day carries an interval brush: dragging on it zooms
    the lanes to that stretch of time. Marks wholly off the time axis are left out and
    counted in the subtitle; rows without `date_start` are dropped.
    """
    dated = [row for row in rows if row.get("date_start") is not None]
    dated, title = capped(dated, title, max_rows)
    if not dated or domain is None:
        return empty_chart("swimlane", title)
    spans = [(_mark_span(row), row) for row in dated]
    before, after = count_outside(
        ((*span, int(row.get("events") or 1)) for span, row in spans), domain
    )
    drawn = [row for span, row in spans if domain.overlaps(*span)]
    lanes = {actor: lane for lane, actor in enumerate(_lanes_by_first_appearance(drawn))}
    values = []
    for row in drawn:
        end = as_date(row.get("date_end")) or as_date(row["date_start"])
        values.append(
            {
                **{key: json_value(row.get(key)) for key in _SWIMLANE_KEYS},
                "events": int(row.get("events") or 1),
                "date_range": _date_range(row),
                "anchoring": how_anchored(
                    row.get("date_basis"), row.get("anchor_basis"), row.get("published")
                ),
                # Bars run to the end of their last day, so "March" covers all of March.
                "date_stop": (end + timedelta(days=1)).isoformat() if end else None,
                "mark": "point" if _is_single_day(row) else "bar",
                "lane": lanes.get(row.get("actor"), len(lanes)),
            }
        )
    styles = category_styles(value["event_type"] for value in values)
    largest = max((value["events"] for value in values), default=1)
    filters = controls.event_filter(actor_field="actor_key", search_fields=SWIMLANE_SEARCHED)
    brush = alt.selection_interval(encodings=["x"], name="brush")
    # The brush's dates when one is drawn, else the bulk of the events.
    x_scale = domain.scale(
        domainRaw={"expr": "brush && brush.date_start ? brush.date_start : null"}
    )
    base = (
        alt.Chart()
        .encode(
            # Sorted by a number in the data, not by a list of names: Vega-Lite turns a sort
            # list into an expression, and document text has no place in expressions.
            y=alt.Y("actor:N", sort=alt.EncodingSortField("lane", op="min"), title=None),
            color=category_colour(styles),
            tooltip=tooltip(SWIMLANE_TOOLTIP),
            href=link(),
        )
        .transform_filter(filters)
    )
    points = (
        base.transform_filter(alt.datum.mark == "point")
        .mark_point(filled=True, opacity=0.85, clip=True, cursor="pointer")
        .encode(
            x=alt.X("date_start:T", title=None, scale=x_scale, axis=domain.axis()),
            shape=category_shape(styles),
            size=alt.Size(
                "events:Q",
                title="Events in a mark",
                scale=alt.Scale(domain=[1, max(largest, 2)], range=[50, 400]),
                legend=alt.Legend(values=_size_legend_values(largest), format=",d")
                if largest > 1
                else None,
            ),
        )
        .properties(name="swimlane_points")
    )
    bars = (
        base.transform_filter(alt.datum.mark == "bar")
        .mark_bar(height=10, opacity=0.5, clip=True, cursor="pointer")
        .encode(x=alt.X("date_start:T"), x2=alt.X2("date_stop:T"))
        .properties(name="swimlane_bars")
    )
    # A lane's height per actor shown, so a chosen actor's lane is not lost in empty space.
    lanes_chart = alt.layer(bars, points).properties(
        width=CHART_WIDTH, height=alt.Step(LANE_HEIGHT)
    )
    overview = (
        alt.Chart()
        .mark_bar(color="#888", width=3, clip=True)
        .encode(
            x=alt.X(
                "date_start:T",
                title="Date (drag here to zoom the lanes; double-click to undo)",
                scale=domain.scale(),
                axis=domain.axis(),
            ),
            y=alt.Y("sum(events):Q", title="Events", axis=integer_axis(tickCount=2)),
            tooltip=[
                alt.Tooltip("date_start:T", title="Day", format="%-d %b %Y"),
                alt.Tooltip("sum(events):Q", title="Events", format=",d"),
            ],
        )
        .transform_filter(filters)
        .add_params(brush)
        .properties(name="swimlane_overview", width=CHART_WIDTH, height=OVERVIEW_HEIGHT)
    )
    notes = [outside_note(before, after, domain, "events")]
    return (
        alt.vconcat(lanes_chart, overview, data=csv_data(values, ("events", "lane")))
        .add_params(*controls.params())
        .properties(title=titled(title, notes), autosize=RESIZING)
    )


# --- b. event volume -------------------------------------------------------------------


def volume_unit(first: date | None, last: date | None) -> VolumeUnit:
    """Days for a story of a few weeks, weeks for a few months, months beyond that."""
    if first is None or last is None:
        return "week"
    days = (last - first).days
    if days <= MAX_DAILY_PERIODS:
        return "day"
    return "week" if days <= MAX_WEEKLY_PERIODS * 7 else "month"


def _period_span(period: date | str, unit: VolumeUnit) -> tuple[date, date]:
    """The first and last day of a day, week or month that starts on `period`."""
    start = date.fromisoformat(str(json_value(period)))
    return start, date.fromisoformat(_period_end(start.isoformat(), unit)) - timedelta(days=1)


def _period_label(period: str, unit: VolumeUnit) -> str:
    start = date.fromisoformat(period)
    if unit == "month":
        return start.strftime("%B %Y")
    return f"week of {day_label(start)}" if unit == "week" else day_label(start)


def event_volume(
    rows: Sequence[Mapping[str, Any]],
    *,
    title: str,
    unit: VolumeUnit,
    domain: TimeDomain | None,
    max_rows: int = MAX_CHART_ROWS,
) -> alt.TopLevelMixin:
    """Events per day, week or month, stacked by category: how the story's activity moved.

    Rows are (period, actor_key, event_type, quad_class, events) counted by the warehouse:
    `actor_key` "" counts every happening, another key that actor's (see
    `event_volume.sql`), so the actor control shows one actor's slice and the category
    control one category, with no event counted twice. `period` is the first day of its
    week (Monday, as DuckDB counts weeks) or month; each bar spans its own period.
    """
    rows, title = capped(rows, title, max_rows)
    totals = [row for row in rows if not row.get("actor_key")]
    if not totals or domain is None:
        return empty_chart("volume", title)
    before, after = count_outside(
        ((*_period_span(row["period"], unit), int(row["events"])) for row in totals), domain
    )
    # Periods wholly off the axis are counted above, not drawn.
    rows = [row for row in rows if domain.overlaps(*_period_span(row["period"], unit))]
    label = unit.capitalize()
    values = [
        {
            "period": row["period"],
            "period_end": _period_end(row["period"], unit),
            "period_label": _period_label(row["period"], unit),
            "actor_key": row.get("actor_key") or "",
            "event_type": row["event_type"],
            "quad_class": row.get("quad_class") or "neutral",
            "events": int(row["events"]),
        }
        for row in json_rows(rows)
    ]
    filters = controls.event_filter(actor_slice_field="actor_key")
    return (
        alt.Chart(csv_data(values, ("events",)))
        .mark_bar(stroke="#fff", strokeWidth=0.5, clip=True)
        .encode(
            # Each bar spans its own period, Monday to Monday: Vega-Lite's week time unit
            # starts on Sunday, which drew every week one day early.
            x=alt.X("period:T", title=label, scale=domain.scale(), axis=domain.axis()),
            x2="period_end:T",
            y=alt.Y("sum(events):Q", title="Events", stack="zero", axis=integer_axis()),
            # Bars carry no shape, so the colour is the quad class; a white edge parts the
            # categories within it, and the tooltip names each.
            color=quad_colour(value["quad_class"] for value in values),
            tooltip=[
                alt.Tooltip("period_label:N", title=label),
                alt.Tooltip("event_type:N", title="Category"),
                alt.Tooltip("quad_class:N", title="Kind of event"),
                alt.Tooltip("sum(events):Q", title="Events", format=",d"),
            ],
        )
        .transform_filter(filters)
        .add_params(*controls.params(controls.ACTOR, controls.CATEGORY))
        .properties(
            name="volume_bars",
            title=titled(title, [outside_note(before, after, domain, "events")]),
            width=CHART_WIDTH,
            height=240,
        )
    )


# --- c. actor co-occurrence ------------------------------------------------------------


def actor_cooccurrence(
    rows: Sequence[Mapping[str, Any]], *, title: str, max_rows: int = MAX_CHART_ROWS
) -> alt.Chart:
    """Which actors act together: a cell per pair, darker the more events name both.

    Rows hold both orders of each pair, so the matrix reads the same from either axis;
    both axes list actors by activity (`actor_rank`), busiest first.
    """
    rows, title = capped(rows, title, max_rows)
    if not rows:
        return empty_chart("cooccurrence", title, "No actors share an event yet")
    size = max(1, len({row["actor"] for row in rows} | {row["other"] for row in rows})) * 22
    largest = max(int(row["events"]) for row in rows)
    return (
        alt.Chart(alt.Data(values=json_rows(rows)))
        .mark_rect()
        .encode(
            # Sorted by rank fields, not name lists (see actor_swimlane).
            x=alt.X(
                "other:N",
                sort=alt.EncodingSortField("other_rank", op="min"),
                title=None,
                axis=alt.Axis(labelAngle=-45),
            ),
            y=alt.Y("actor:N", sort=alt.EncodingSortField("actor_rank", op="min"), title=None),
            color=alt.Color(
                "events:Q",
                title="Shared events",
                scale=alt.Scale(scheme="blues", domain=[0, largest]),
                legend=alt.Legend(format=",d", tickMinStep=1),
            ),
            tooltip=[
                alt.Tooltip("actor:N", title="Actor"),
                alt.Tooltip("other:N", title="With"),
                alt.Tooltip("events:Q", title="Shared events", format=",d"),
            ],
        )
        .properties(name="cooccurrence_cells", title=titled(title), width=size, height=size)
    )


# --- d. actor counts -------------------------------------------------------------------


def actor_event_counts(
    rows: Sequence[Mapping[str, Any]], *, title: str, max_rows: int = MAX_CHART_ROWS
) -> alt.Chart:
    """Who appears most: one horizontal bar per actor, longest first."""
    rows, title = capped(rows, title, max_rows)
    if not rows:
        return empty_chart("counts", title, "No actors yet")
    return (
        alt.Chart(alt.Data(values=json_rows(rows)))
        .mark_bar()
        .encode(
            x=alt.X("events:Q", title="Events", axis=integer_axis()),
            y=alt.Y("actor:N", sort="-x", title=None),
            color=actor_type_colour(row["actor_type"] for row in rows),
            tooltip=[
                alt.Tooltip("actor:N", title="Actor"),
                alt.Tooltip("actor_type:N", title="Type"),
                alt.Tooltip("events:Q", title="Events", format=",d"),
                alt.Tooltip("documents:Q", title="Documents", format=",d"),
                alt.Tooltip("first_date:N", title="First date"),
                alt.Tooltip("last_date:N", title="Last date"),
            ],
        )
        .properties(
            name="count_bars",
            title=titled(title),
            width=CHART_WIDTH,
            height=max(1, len(rows)) * LANE_HEIGHT,
        )
    )

"""Altair chart specs built from query rows: pure functions, no I/O, no warehouse access.

Rows arrive as dicts (as `warehouse.reads.fetch` returns them), already aggregated by the
warehouse so that a chart embeds at most a few thousand rows however large the warehouse
is. Dates are turned into ISO strings so the data embeds as JSON and Vega-Lite parses them
as temporal values again; the time scales are UTC so a day never slides into the previous
one in a western time zone.

Document text (titles, sentences, actor names) only ever reaches Vega as data values and
title strings, which Vega draws as SVG/canvas text and vega-tooltip escapes; nothing here
builds HTML or expressions from it. Every mark has a `name` so the browser test can find
it in the rendered scenegraph (Vega calls it `<name>_marks`) and count its items.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any, Literal

import altair as alt

from presentation.values import as_date

# Altair refuses to embed more than 5000 rows; every chart stays under it.
MAX_CHART_ROWS = 5000
# The swimlane embeds its marks twice over (tooltip texts included), so it keeps fewer rows
# than Altair allows: at this size its HTML file stays well under 5 MB.
MAX_SWIMLANE_MARKS = 3000
MAX_STORY_EVENTS = 400
CHART_WIDTH = 800
LANE_HEIGHT = 28
STORY_ROW_HEIGHT = 22
# Characters of a story label that fit the text column (about 7 px a character at Vega's
# default 11 px font). Cutting them here, not only by the mark's pixel `limit`, matters for
# speed: the static SVG/PNG export measures and re-measures every overlong label, which
# took 15 s for one 145-event story; the whole sentence stays in the tooltip.
STORY_LABEL_CHARS = (CHART_WIDTH - 20) // 7
OVERVIEW_HEIGHT = 60
# A volume chart over more weeks than this uses months: thinner bars stop being readable.
MAX_WEEKLY_PERIODS = 40

VolumeUnit = Literal["week", "month"]

# Labels are the keys of the tooltip object vega-tooltip shows. None may be "title" or
# "image": vega-tooltip gives those two keys special treatment (a heading, an <img>).
SWIMLANE_TOOLTIP = (
    ("date_text", "Date as written"),
    ("date_value", "Date value"),
    ("date_range", "Mark covers"),
    ("trigger", "Event"),
    ("event_type", "Category"),
    ("actors", "Actors"),
    ("events", "Events in this mark"),
    ("sentence", "Sentence"),
    ("title", "Document"),
    ("source", "Source"),
)
STORY_TOOLTIP = (
    ("date_text", "Date as written"),
    ("date_value", "Date value"),
    ("date_range", "Dates"),
    ("trigger", "Event"),
    ("event_type", "Category"),
    ("actors", "Actors"),
    ("sentence", "Sentence"),
    ("title", "Document"),
    ("source", "Source"),
)
# Only what the marks and tooltips use is embedded: every key is repeated in every row.
_TEXT_KEYS = ("date_text", "date_value", "trigger", "event_type", "actors", "sentence", "title")
_SWIMLANE_KEYS = ("actor", "date_start", "date_end", "date_precision", *_TEXT_KEYS, "source")
_STORY_KEYS = ("doc_id", "date_start", "date_end", *_TEXT_KEYS, "source", "is_key")
# The story timeline's checkbox: only the events a timeline editor would show (`is_key`).
KEY_ONLY_PARAM = "key_only"


def _json_value(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return float(value)
    return value


def _period_end(period: str, unit: VolumeUnit) -> str:
    """The first day after a week or month that starts on `period` (ISO date)."""
    start = date.fromisoformat(period)
    if unit == "week":
        return (start + timedelta(days=7)).isoformat()
    year, month = divmod(start.month, 12)
    return date(start.year + year, month + 1, 1).isoformat()


def _shortened(label: str, limit: int = STORY_LABEL_CHARS) -> str:
    return label if len(label) <= limit else label[: limit - 1].rstrip() + "…"


def _json_rows(rows: Sequence[Mapping[str, Any]]) -> list[dict[str, Any]]:
    return [{key: _json_value(value) for key, value in row.items()} for row in rows]


def _capped(
    rows: Sequence[Mapping[str, Any]], title: str, max_rows: int
) -> tuple[Sequence[Mapping[str, Any]], str]:
    if len(rows) <= max_rows:
        return rows, title
    return rows[:max_rows], f"{title} (first {max_rows:,} rows shown; more were left out)"


def _tooltip(fields: Sequence[tuple[str, str]]) -> list[alt.Tooltip]:
    return [
        alt.Tooltip(f"{field}:{'Q' if field == 'events' else 'N'}", title=label)
        for field, label in fields
    ]


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
        return start.isoformat()
    return f"{start.isoformat()} to {end.isoformat()}"


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


def _overview_rows(rows: Sequence[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """Events per start day across all lanes: the strip the brush is drawn on."""
    per_day: dict[str, int] = {}
    for row in rows:
        day = str(_json_value(row["date_start"]))
        per_day[day] = per_day.get(day, 0) + int(row.get("events") or 1)
    return [{"day": day, "events": events} for day, events in sorted(per_day.items())]


def actor_swimlane(
    rows: Sequence[Mapping[str, Any]], *, title: str, max_rows: int = MAX_SWIMLANE_MARKS
) -> alt.VConcatChart:
    """One lane per actor, one mark per event (or per actor, day and category when the
    warehouse aggregated several): a point for a day, a bar for a coarser range.

    Coarse dates ("in March") drawn as points would claim a precision the text never gave,
    so they span their whole range instead (to the end of their last day). Under the lanes
    an overview strip of events per day carries an interval brush: dragging on it zooms
    the lanes to that stretch of time. Rows without `date_start` are dropped.
    """
    dated = [row for row in rows if row.get("date_start") is not None]
    dated, title = _capped(dated, title, max_rows)
    if not dated:
        title = f"{title}: nothing to show (no dated events)"
    lanes = {actor: lane for lane, actor in enumerate(_lanes_by_first_appearance(dated))}
    values = []
    for row in dated:
        end = as_date(row.get("date_end")) or as_date(row["date_start"])
        values.append(
            {
                **{key: _json_value(row.get(key)) for key in _SWIMLANE_KEYS},
                "events": int(row.get("events") or 1),
                "date_range": _date_range(row),
                # Bars run to the end of their last day, so "March" covers all of March.
                "date_stop": (end + timedelta(days=1)).isoformat() if end else None,
                "mark": "point" if _is_single_day(row) else "bar",
                "lane": lanes.get(row.get("actor"), len(lanes)),
            }
        )

    brush = alt.selection_interval(encodings=["x"], name="brush")
    x_scale = alt.Scale(type="utc", domain=brush)
    base = alt.Chart(alt.Data(values=values)).encode(
        # Sorted by a number in the data, not by a list of names: Vega-Lite turns a sort
        # list into an expression, and document text has no place in expressions.
        y=alt.Y("actor:N", sort=alt.EncodingSortField("lane", op="min"), title=None),
        color=alt.Color("event_type:N", title="Category"),
        tooltip=_tooltip(SWIMLANE_TOOLTIP),
    )
    points = (
        base.transform_filter(alt.datum.mark == "point")
        .mark_point(filled=True, opacity=0.85, clip=True)
        .encode(
            x=alt.X("date_start:T", title=None, scale=x_scale),
            size=alt.Size("events:Q", title="Events", scale=alt.Scale(range=[50, 400])),
        )
        .properties(name="swimlane_points")
    )
    bars = (
        base.transform_filter(alt.datum.mark == "bar")
        .mark_bar(height=10, opacity=0.5, cornerRadius=2, clip=True)
        .encode(
            x=alt.X("date_start:T", title=None, scale=x_scale),
            x2=alt.X2("date_stop:T"),
        )
        .properties(name="swimlane_bars")
    )
    lanes_chart = alt.layer(bars, points).properties(
        width=CHART_WIDTH, height=max(1, len(lanes)) * LANE_HEIGHT
    )
    overview = (
        alt.Chart(alt.Data(values=_overview_rows(dated)))
        .mark_bar(color="#888")
        .encode(
            x=alt.X(
                "day:T", title="Date (drag here to zoom the lanes)", scale=alt.Scale(type="utc")
            ),
            y=alt.Y("events:Q", title="Events", axis=alt.Axis(tickCount=2)),
            tooltip=[alt.Tooltip("day:N", title="Day"), alt.Tooltip("events:Q", title="Events")],
        )
        .add_params(brush)
        .properties(name="swimlane_overview", width=CHART_WIDTH, height=OVERVIEW_HEIGHT)
    )
    return alt.vconcat(lanes_chart, overview).properties(title=title)


# --- b. one story's timeline -----------------------------------------------------------


def story_timeline(
    rows: Sequence[Mapping[str, Any]], *, title: str, max_rows: int = MAX_STORY_EVENTS
) -> alt.HConcatChart:
    """One story's events in the order it tells them, each beside its sentence.

    Rows come one per event, in story order (one document, or a cluster's documents
    oldest first). Left, each dated event is a point on a time axis at its row, so jumps
    back in time (background, flashbacks) show as points left of their predecessors;
    right, the event's date, trigger and sentence as text. Undated events keep their row
    and their sentence but have no point. A checkbox keeps only the key events (the 1-3
    of each document a timeline editor would show).
    """
    rows, title = _capped(rows, title, max_rows)
    if not rows:
        title = f"{title}: nothing to show (no events)"
    values = []
    for order, row in enumerate(_json_rows(rows), start=1):
        when = row.get("date_value") or "undated"
        trigger, sentence = row.get("trigger") or "", row.get("sentence") or ""
        values.append(
            {
                **{key: row.get(key) for key in _STORY_KEYS},
                "order": order,
                "date_range": _date_range(row),
                "label": _shortened(f"{order}. [{when}] {trigger}: {sentence}"),
            }
        )
    height = max(1, len(values)) * STORY_ROW_HEIGHT
    key_only = alt.param(
        name=KEY_ONLY_PARAM,
        value=False,
        bind=alt.binding_checkbox(name="Key events only "),
    )
    base = (
        alt.Chart(alt.Data(values=values))
        .encode(y=alt.Y("order:O", axis=None), tooltip=_tooltip(STORY_TOOLTIP))
        .transform_filter(f"!{KEY_ONLY_PARAM} || datum.is_key")
    )
    points = (
        base.transform_filter("isValid(datum.date_start)")
        .mark_point(filled=True, size=80)
        .encode(
            x=alt.X("date_start:T", title="Date", scale=alt.Scale(type="utc")),
            color=alt.Color("event_type:N", title="Category"),
        )
        .properties(name="story_points", width=260, height=height)
        .add_params(key_only)
    )
    text = (
        base.mark_text(align="left", baseline="middle", limit=CHART_WIDTH - 20)
        .encode(x=alt.value(0), text=alt.Text("label:N"))
        .properties(name="story_text", width=CHART_WIDTH, height=height)
    )
    return alt.hconcat(points, text, spacing=10).resolve_scale(y="shared").properties(title=title)


# --- c. event volume -------------------------------------------------------------------


def volume_unit(first: date | None, last: date | None) -> VolumeUnit:
    """Weeks for a story of a few months, months beyond that."""
    if first is None or last is None:
        return "week"
    return "week" if (last - first).days <= MAX_WEEKLY_PERIODS * 7 else "month"


def event_volume(
    rows: Sequence[Mapping[str, Any]],
    *,
    title: str,
    unit: VolumeUnit,
    max_rows: int = MAX_CHART_ROWS,
) -> alt.Chart:
    """Events per week or month, stacked by category: how the story's activity moved.

    Rows are (period, event_type, events) counted by the warehouse; the chart only stacks
    them, one bar segment per row, so its size depends on the number of periods, not of
    events. `period` is the first day of its week (Monday) or month.
    """
    rows, title = _capped(rows, title, max_rows)
    if not rows:
        title = f"{title}: nothing to show (no dated events)"
    label = "Week" if unit == "week" else "Month"
    values = [{**row, "period_end": _period_end(row["period"], unit)} for row in _json_rows(rows)]
    return (
        alt.Chart(alt.Data(values=values))
        .mark_bar()
        .encode(
            # Each bar spans its own period, Monday to Monday: Vega-Lite's week time unit
            # starts on Sunday, which drew every week one day early.
            x=alt.X("period:T", title=label, scale=alt.Scale(type="utc")),
            x2="period_end:T",
            y=alt.Y("sum(events):Q", title="Events", stack="zero"),
            color=alt.Color("event_type:N", title="Category"),
            tooltip=[
                alt.Tooltip("period:N", title=f"{label} from"),
                alt.Tooltip("event_type:N", title="Category"),
                alt.Tooltip("sum(events):Q", title="Events"),
            ],
        )
        .properties(name="volume_bars", title=title, width=CHART_WIDTH, height=240)
    )


# --- d. actor co-occurrence ------------------------------------------------------------


def actor_cooccurrence(
    rows: Sequence[Mapping[str, Any]], *, title: str, max_rows: int = MAX_CHART_ROWS
) -> alt.Chart:
    """Which actors act together: a cell per pair, darker the more events name both.

    Rows hold both orders of each pair, so the matrix reads the same from either axis;
    both axes list actors by activity (`actor_rank`), busiest first.
    """
    rows, title = _capped(rows, title, max_rows)
    if not rows:
        title = f"{title}: nothing to show (no actors share an event)"
    size = max(1, len({row["actor"] for row in rows} | {row["other"] for row in rows})) * 22
    return (
        alt.Chart(alt.Data(values=_json_rows(rows)))
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
            color=alt.Color("events:Q", title="Shared events", scale=alt.Scale(scheme="blues")),
            tooltip=[
                alt.Tooltip("actor:N", title="Actor"),
                alt.Tooltip("other:N", title="With"),
                alt.Tooltip("events:Q", title="Shared events"),
            ],
        )
        .properties(name="cooccurrence_cells", title=title, width=size, height=size)
    )


# --- actor counts ----------------------------------------------------------------------


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
        .properties(
            name="count_bars",
            title=title,
            width=CHART_WIDTH,
            height=max(1, len(rows)) * LANE_HEIGHT,
        )
    )

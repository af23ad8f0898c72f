"""Chart specs built from query rows: layers, encodings, lane order, brush, the honest time
axis, the filters, integer counts, empty and capped input, and document text kept out of
everything but data."""

from __future__ import annotations

import csv
import io
import json
from datetime import date, timedelta
from typing import Any

import altair as alt
import pytest
import vl_convert as vlc

from presentation import controls
from presentation.charts import (
    MAX_DAILY_PERIODS,
    MAX_WEEKLY_PERIODS,
    actor_cooccurrence,
    actor_event_counts,
    actor_swimlane,
    event_volume,
    swimlane_title,
    volume_unit,
)
from presentation.key_events import key_event_timeline
from presentation.timeaxis import time_domain

VL_VERSION = ".".join(alt.SCHEMA_VERSION.lstrip("v").split(".")[:2])
LINK_TEST = "isValid(datum['url']) && datum['url'] != ''"
LINK = {
    "condition": {"test": LINK_TEST, "field": "url", "type": "nominal"},
    "value": None,
}
PAYLOAD = "<img src=x onerror=alert(1)></script><script>alert(2)</script>"
DOMAIN = time_domain(date(2024, 2, 1), date(2024, 3, 31))


def _ms(day: date) -> int:
    return (day - date(1970, 1, 1)).days * 86_400_000


def _row(actor: str, start: date, end: date, precision: str, **extra: Any) -> dict[str, Any]:
    return {
        "event_id": f"{actor}-{start}",
        "actor": actor,
        "actor_key": actor.lower(),
        "actor_type": "person",
        "date_start": start,
        "date_end": end,
        "date_precision": precision,
        "date_value": start.isoformat()[: 7 if precision == "month" else 10],
        "date_text": "in March" if precision == "month" else "on 5 March",
        "date_basis": "relative",
        "anchor_basis": "governing",
        "published": date(2024, 3, 30),
        "event_type": extra.pop("event_type", "CONSULT"),
        "trigger": "met",
        "actors": f"{actor}, Someone",
        "sentence": "They met.",
        "title": "A title",
        "source": "Example News",
        "url": extra.pop("url", "https://example.org/a"),
        "events": extra.pop("events", 1),
        **extra,
    }


ROWS = [
    _row("Zoe", date(2024, 3, 5), date(2024, 3, 5), "day"),
    _row("Adam", date(2024, 3, 1), date(2024, 3, 31), "month", event_type="COOPERATE"),
    _row("Zoe", date(2024, 2, 10), date(2024, 2, 10), "day", event_type="ASSAULT", events=3),
    _row("Mia", date(2024, 3, 20), date(2024, 3, 20), "day"),
]


def _lanes(spec: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """The swimlane's layers by mark type (the top half of its vconcat)."""
    return {layer["mark"]["type"]: layer for layer in spec["vconcat"][0]["layer"]}


def _values(spec: dict[str, Any], part: dict[str, Any] | None = None) -> list[dict[str, Any]]:
    """A chart's inline rows, wherever Altair put them (the part, or the top level)."""
    data = (part or {}).get("data") or spec.get("data")
    values = data["values"] if "values" in data else spec["datasets"][data["name"]]
    return parsed(values, data.get("format"))


def parsed(values: Any, data_format: dict[str, Any] | None) -> list[dict[str, Any]]:
    """Inline rows as objects, also when the chart embeds them as CSV (numbers as parsed)."""
    if not isinstance(values, str):
        return values
    numbers = set((data_format or {}).get("parse", {}))
    rows = list(csv.DictReader(io.StringIO(values)))
    return [{k: (float(v) if k in numbers else v) for k, v in row.items()} for row in rows]


def _params(spec: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {param["name"]: param for param in spec.get("params", [])}


def test_swimlane_has_point_and_bar_lanes_over_an_overview_with_a_brush() -> None:
    spec = actor_swimlane(ROWS, title="Who did what", domain=DOMAIN).to_dict()
    assert spec["title"]["text"] == "Who did what"
    layers = _lanes(spec)
    assert set(layers) == {"point", "bar"}
    point, bar = layers["point"]["encoding"], layers["bar"]["encoding"]
    assert point["x"]["field"] == "date_start" and point["x"]["type"] == "temporal"
    assert bar["x"]["field"] == "date_start" and bar["x2"]["field"] == "date_stop"
    # The lanes' time axis is the bulk of the events unless a brush is drawn.
    scale = point["x"]["scale"]
    start, stop = DOMAIN.start, DOMAIN.end + timedelta(days=1)
    assert (start, stop) == (date(2024, 1, 30), date(2024, 4, 3))  # 2 days' room each side
    assert scale["domain"] == {"expr": f"[{_ms(start)}, {_ms(stop)}]"}
    assert "brush.date_start" in scale["domainRaw"]["expr"]
    for encoding in (point, bar):
        assert encoding["y"]["field"] == "actor"
        assert encoding["color"]["field"] == "event_type"
        assert encoding["href"] == LINK
        tips = {item["field"]: item["title"] for item in encoding["tooltip"]}
        # The sentence, the date as written, how it was anchored, and the source.
        assert {"sentence", "date_text", "anchoring", "source", "title"} <= set(tips)
        # vega-tooltip treats the keys "title" and "image" specially (heading, <img>).
        assert not set(tips.values()) & {"title", "image"}
    assert point["shape"]["field"] == "event_type"
    overview = spec["vconcat"][1]
    assert overview["mark"]["type"] == "bar"
    assert overview["encoding"]["y"]["axis"]["format"] == ",d"
    params = _params(spec)
    assert params["brush"]["select"] == {"type": "interval", "encodings": ["x"]}
    assert params["brush"]["views"] == [overview["name"]]
    for control in controls.CONTROLS:
        assert params[control]["bind"]["element"] == f"#{controls.element_id(control)}"


def test_the_swimlane_follows_the_actor_category_and_search_controls() -> None:
    spec = actor_swimlane(ROWS, title="t", domain=DOMAIN).to_dict()
    for layer in spec["vconcat"][0]["layer"]:
        expression = layer["transform"][0]["filter"]
        assert "datum['actor_key'] == filter_actor" in expression
        assert "datum['event_type'] == filter_category" in expression
        assert "datum['sentence']" in expression and "filter_search" in expression
    # The overview counts what the filters let through, so it narrows with them.
    assert spec["vconcat"][1]["transform"][0]["filter"] == expression


def test_day_rows_are_points_and_coarser_rows_are_bars_to_the_end_of_their_range() -> None:
    spec = actor_swimlane(ROWS, title="t", domain=DOMAIN).to_dict()
    values = _values(spec)
    marks = {(row["actor"], row["date_start"]): row["mark"] for row in values}
    assert marks == {
        ("Zoe", "2024-03-05"): "point",
        ("Adam", "2024-03-01"): "bar",
        ("Zoe", "2024-02-10"): "point",
        ("Mia", "2024-03-20"): "point",
    }
    adam = next(row for row in values if row["actor"] == "Adam")
    # The bar ends after 31 March, so the whole month is covered.
    assert (adam["date_start"], adam["date_stop"]) == ("2024-03-01", "2024-04-01")
    assert adam["date_range"] == "Fri 1 Mar 2024 to Sun 31 Mar 2024"
    assert adam["anchoring"] == (
        "relative to the publication date (30 Mar 2024), from its own time expression"
    )
    json.dumps(spec)  # no date objects left behind


def test_marks_off_the_time_axis_are_left_out_and_counted_in_the_subtitle() -> None:
    far = _row("Old", date(2000, 1, 5), date(2000, 1, 5), "day", events=2)
    spec = actor_swimlane([*ROWS, far], title="t", domain=DOMAIN).to_dict()
    assert "Old" not in {row["actor"] for row in _values(spec)}
    assert spec["title"]["subtitle"] == ["2 events before 30 Jan 2024 are off the time axis"]


def test_lanes_are_sorted_by_first_appearance() -> None:
    spec = actor_swimlane(ROWS, title="t", domain=DOMAIN).to_dict()
    lanes = {row["actor"]: row["lane"] for row in _values(spec)}
    assert sorted(lanes, key=lanes.__getitem__) == ["Zoe", "Adam", "Mia"]
    for layer in spec["vconcat"][0]["layer"]:
        assert layer["encoding"]["y"]["sort"] == {"field": "lane", "op": "min"}


def test_actors_first_seen_on_the_same_day_keep_the_order_of_the_rows() -> None:
    day = date(2024, 3, 9)
    rows = [_row(name, day, day, "day") for name in ("Kim", "Putin", "Xi", "Putin", "Abe")]
    spec = actor_swimlane(rows, title="t", domain=DOMAIN).to_dict()
    lanes = {row["actor"]: row["lane"] for row in _values(spec)}
    assert sorted(lanes, key=lanes.__getitem__) == ["Kim", "Putin", "Xi", "Abe"]


def test_the_size_legend_counts_whole_events() -> None:
    spec = actor_swimlane(ROWS, title="t", domain=DOMAIN).to_dict()
    size = _lanes(spec)["point"]["encoding"]["size"]
    assert size["legend"]["values"] == [1, 2, 3] and size["legend"]["format"] == ",d"
    single = actor_swimlane(ROWS[:1], title="t", domain=DOMAIN).to_dict()
    # Every mark one event: no size legend at all (it would read "0.0, 0.5, 1.0").
    assert _lanes(single)["point"]["encoding"]["size"]["legend"] is None


def test_no_rows_give_a_chart_that_says_no_events_yet() -> None:
    for spec in (
        actor_swimlane([], title="Who did what", domain=None).to_dict(),
        event_volume([], title="Volume", unit="week", domain=None).to_dict(),
        actor_cooccurrence([], title="Pairs").to_dict(),
        actor_event_counts([], title="Counts").to_dict(),
        key_event_timeline([], name="key", title="Key", domain=None).to_dict(),
    ):
        assert spec["mark"]["type"] == "text"
        (row,) = _values(spec)
        assert row["message"].startswith("No ") and "yet" in row["message"]
        assert "color" not in spec["encoding"] and "size" not in spec["encoding"]


def test_undated_rows_are_dropped_and_a_chart_of_none_says_so() -> None:
    undated = {**ROWS[0], "actor": "Nobody", "date_start": None, "date_end": None}
    spec = actor_swimlane([*ROWS, undated], title="t", domain=DOMAIN).to_dict()
    assert "Nobody" not in {row["actor"] for row in _values(spec)}
    assert actor_swimlane([undated], title="t", domain=DOMAIN).to_dict()["mark"]["type"] == "text"


def test_too_many_rows_are_capped_and_the_title_says_so() -> None:
    many = [
        _row(f"A{i % 3}", date(2024, 3, 1 + i % 28), date(2024, 3, 1 + i % 28), "day")
        for i in range(12)
    ]
    spec = actor_swimlane(many, title="t", domain=DOMAIN, max_rows=10).to_dict()
    assert len(_values(spec)) == 10
    assert "first 10 rows" in spec["title"]["text"]
    assert actor_swimlane(many[:10], title="t", domain=DOMAIN, max_rows=10).to_dict()["title"] == {
        "text": "t",
        "anchor": "start",
        "subtitleColor": "#555",
    }


def test_swimlane_title_says_when_only_the_busiest_actors_are_shown() -> None:
    rows = [{**row, "actors_total": 250, "bin": "week"} for row in ROWS]
    title = swimlane_title("News", rows, 20)
    assert title == (
        "News: who did what, when "
        "(the 3 most active of 250 actors; day-precise events grouped by week)"
    )
    everyone = [{**row, "actors_total": 3, "bin": "day"} for row in ROWS]
    assert swimlane_title("News", everyone, 20) == (
        "News: who did what, when (3 actors; top 20 requested)"
    )


@pytest.mark.parametrize(
    ("first", "last", "unit"),
    [
        (None, None, "week"),
        (date(2024, 1, 1), date(2024, 1, 1), "day"),
        (date(2024, 1, 1), date(2024, 1, 1) + timedelta(days=MAX_DAILY_PERIODS), "day"),
        (date(2024, 1, 1), date(2024, 1, 2) + timedelta(days=MAX_DAILY_PERIODS), "week"),
        (date(2024, 1, 1), date(2024, 1, 1) + timedelta(weeks=MAX_WEEKLY_PERIODS), "week"),
        (date(2024, 1, 1), date(2024, 1, 2) + timedelta(weeks=MAX_WEEKLY_PERIODS), "month"),
        (date(1950, 1, 1), date(2024, 1, 1), "month"),
    ],
)
def test_volume_unit(first: date | None, last: date | None, unit: str) -> None:
    assert volume_unit(first, last) == unit


VOLUME = [
    {"period": date(2024, 3, 4), "actor_key": "", "event_type": "CONSULT",
     "quad_class": "verbal cooperation", "events": 4},
    {"period": date(2024, 3, 4), "actor_key": "", "event_type": "ASSAULT",
     "quad_class": "material conflict", "events": 2},
    {"period": date(2024, 3, 4), "actor_key": "zoe", "event_type": "ASSAULT",
     "quad_class": "material conflict", "events": 1},
    {"period": date(2024, 3, 11), "actor_key": "", "event_type": "CONSULT",
     "quad_class": "verbal cooperation", "events": 1},
]  # fmt: skip


def test_event_volume_stacks_whole_counts_per_monday_week_by_kind_of_event() -> None:
    weekly = event_volume(VOLUME, title="Volume", unit="week", domain=DOMAIN).to_dict()
    assert weekly["mark"]["type"] == "bar"
    encoding = weekly["encoding"]
    # Bars span their own Monday-to-Monday week (no Sunday-based time unit).
    assert "timeUnit" not in encoding["x"]
    assert (encoding["x"]["field"], encoding["x2"]["field"]) == ("period", "period_end")
    assert encoding["y"]["aggregate"] == "sum" and encoding["y"]["stack"] == "zero"
    assert encoding["y"]["axis"] == {"format": ",d", "tickMinStep": 1}
    # Bars carry no shape: their colour is the quad class, in Okabe-Ito hues.
    assert encoding["color"]["field"] == "quad_class"
    assert encoding["color"]["scale"] == {
        "domain": ["verbal cooperation", "material conflict"],
        "range": ["#56B4E9", "#D55E00"],
    }
    first = _values(weekly)[0]
    assert (first["period"], first["period_end"]) == ("2024-03-04", "2024-03-11")
    assert first["period_label"] == "week of Mon 4 Mar 2024"
    # Only the chosen actor's slice, or the totals ("") with none chosen.
    assert weekly["transform"] == [
        {
            "filter": "datum['actor_key'] == filter_actor && "
            "(!filter_category || datum['event_type'] == filter_category)"
        }
    ]
    assert set(_params(weekly)) == {controls.ACTOR, controls.CATEGORY}
    december = [{**VOLUME[0], "period": date(2024, 12, 1)}]
    winter = time_domain(date(2024, 11, 1), date(2024, 12, 31))
    monthly = event_volume(december, title="V", unit="month", domain=winter).to_dict()
    assert _values(monthly)[0]["period_end"] == "2025-01-01"
    # A period off the axis is counted in the subtitle and not drawn.
    off = event_volume([*VOLUME, *december], title="V", unit="week", domain=DOMAIN).to_dict()
    assert off["title"]["subtitle"] == ["4 events after 2 Apr 2024 are off the time axis"]
    assert "2024-12-01" not in {row["period"] for row in _values(off)}
    daily = event_volume(VOLUME[:1], title="V", unit="day", domain=DOMAIN).to_dict()
    assert _values(daily)[0]["period_end"] == "2024-03-05"


def test_cooccurrence_is_a_heatmap_ordered_by_activity_with_whole_counts() -> None:
    rows = [
        {"actor": "Kim", "other": "Putin", "events": 3, "actor_rank": 1, "other_rank": 2},
        {"actor": "Putin", "other": "Kim", "events": 3, "actor_rank": 2, "other_rank": 1},
    ]
    spec = actor_cooccurrence(rows, title="Pairs").to_dict()
    assert spec["mark"]["type"] == "rect"
    encoding = spec["encoding"]
    assert (encoding["x"]["field"], encoding["y"]["field"]) == ("other", "actor")
    assert encoding["x"]["sort"] == {"field": "other_rank", "op": "min"}
    assert encoding["y"]["sort"] == {"field": "actor_rank", "op": "min"}
    assert encoding["color"]["field"] == "events"
    assert encoding["color"]["scale"]["domain"] == [0, 3]
    assert encoding["color"]["legend"] == {"format": ",d", "tickMinStep": 1}
    assert len(_values(spec)) == 2


def test_actor_counts_chart_sorts_bars_by_count_on_a_whole_number_axis() -> None:
    rows = [
        {
            "actor": "Acme",
            "actor_type": "organisation",
            "events": 5,
            "documents": 2,
            "first_date": date(2024, 3, 1),
            "last_date": date(2024, 3, 9),
        },
    ]
    spec = actor_event_counts(rows, title="Counts").to_dict()
    assert spec["mark"]["type"] == "bar"
    assert spec["encoding"]["x"]["axis"] == {"format": ",d", "tickMinStep": 1}
    assert spec["encoding"]["y"]["sort"] == "-x"
    assert spec["encoding"]["color"]["scale"] == {"domain": ["organisation"], "range": ["#E69F00"]}
    assert _values(spec)[0]["first_date"] == "2024-03-01"


def _strings_with(node: Any, needle: str, path: tuple[str, ...] = ()) -> set[tuple[str, ...]]:
    """Paths (keys only) of every string in a JSON tree that contains `needle`."""
    if isinstance(node, dict):
        return set().union(*(_strings_with(v, needle, (*path, k)) for k, v in node.items()))
    if isinstance(node, list):
        return set().union(*(_strings_with(v, needle, path) for v in node))
    return {path} if isinstance(node, str) and needle in node else set()


def test_document_text_reaches_vega_only_as_data() -> None:
    """Compiled to Vega, hostile text sits in data values, never in an expression, a sort
    list (Vega-Lite turns those into expressions) or a mark property."""
    hostile = [
        _row(PAYLOAD, date(2024, 3, 5), date(2024, 3, 5), "day", sentence=PAYLOAD, title=PAYLOAD),
        _row("Bob", date(2024, 3, 1), date(2024, 3, 31), "month", actors=PAYLOAD),
    ]
    key = [
        {
            **hostile[0],
            "rank": 1,
            "actors": [PAYLOAD],
            "actor_keys": [PAYLOAD],
            "doc_id": "d",
            "event_type": PAYLOAD,
        }
    ]
    pairs = [{"actor": PAYLOAD, "other": "Bob", "events": 1, "actor_rank": 1, "other_rank": 2}]
    volume = [{**VOLUME[0], "event_type": PAYLOAD, "actor_key": ""}]
    charts = [
        actor_swimlane(hostile, title="t", domain=DOMAIN),
        key_event_timeline(key, name="key", title="t", domain=DOMAIN),
        event_volume(volume, title="t", unit="week", domain=DOMAIN),
        actor_cooccurrence(pairs, title="t"),
        actor_event_counts([{"actor": PAYLOAD, "actor_type": "person", "events": 1}], title="t"),
    ]
    for chart in charts:
        vega = vlc.vegalite_to_vega(chart.to_dict(), vl_version=VL_VERSION)
        found = _strings_with(vega, "onerror")
        assert found, "the payload should be in the data"
        # Data values, or a legend's scale domain (a list of values, not an expression).
        allowed = {("data", "values"), ("scales", "domain")}
        assert all(path[:2] in allowed for path in found), found

"""Chart specs built from query rows: layers, encodings, lane order, brush, aggregation
titles, empty and capped input, and document text kept out of everything but data."""

from __future__ import annotations

import json
from datetime import date, timedelta
from typing import Any

import altair as alt
import pytest
import vl_convert as vlc

from presentation.charts import (
    KEY_ONLY_PARAM,
    MAX_WEEKLY_PERIODS,
    STORY_LABEL_CHARS,
    actor_cooccurrence,
    actor_event_counts,
    actor_swimlane,
    event_volume,
    story_timeline,
    swimlane_title,
    volume_unit,
)

VL_VERSION = ".".join(alt.SCHEMA_VERSION.lstrip("v").split(".")[:2])
PAYLOAD = "<img src=x onerror=alert(1)></script><script>alert(2)</script>"


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
        "event_type": extra.pop("event_type", "MEET"),
        "trigger": "met",
        "actors": f"{actor}, Someone",
        "sentence": "They met.",
        "title": "A title",
        "source": "Example News",
        "events": extra.pop("events", 1),
        **extra,
    }


ROWS = [
    _row("Zoe", date(2024, 3, 5), date(2024, 3, 5), "day"),
    _row("Adam", date(2024, 3, 1), date(2024, 3, 31), "month", event_type="EMPLOY"),
    _row("Zoe", date(2024, 2, 10), date(2024, 2, 10), "day", event_type="ASSAULT", events=3),
    _row("Mia", date(2024, 3, 20), date(2024, 3, 20), "day"),
]


def _lanes(spec: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """The swimlane's layers by mark type (the top half of its vconcat)."""
    return {layer["mark"]["type"]: layer for layer in spec["vconcat"][0]["layer"]}


def _values(spec: dict[str, Any], part: dict[str, Any]) -> list[dict[str, Any]]:
    """A view's inline rows, wherever Altair put them (inline, or in `datasets`)."""
    data = part.get("data") or spec.get("data")
    if "values" in data:
        return data["values"]
    return spec["datasets"][data["name"]]


def test_swimlane_has_point_and_bar_lanes_over_an_overview_with_a_brush() -> None:
    chart = actor_swimlane(ROWS, title="Who did what")
    assert isinstance(chart, alt.VConcatChart)
    spec = chart.to_dict()
    assert spec["title"] == "Who did what"
    layers = _lanes(spec)
    assert set(layers) == {"point", "bar"}

    point, bar = layers["point"]["encoding"], layers["bar"]["encoding"]
    assert point["x"]["field"] == "date_start" and point["x"]["type"] == "temporal"
    assert "x2" not in point
    assert bar["x"]["field"] == "date_start" and bar["x2"]["field"] == "date_stop"
    for encoding in (point, bar):
        assert encoding["y"]["field"] == "actor"
        assert encoding["color"]["field"] == "event_type"
        # The lanes' time axis follows the brush drawn on the overview.
        assert encoding["x"]["scale"]["domain"] == {"param": "brush"}
        tooltip_fields = {item["field"] for item in encoding["tooltip"]}
        assert {
            "date_text",
            "date_value",
            "trigger",
            "actors",
            "sentence",
            "title",
            "source",
        } <= tooltip_fields
        # vega-tooltip treats the keys "title" and "image" specially (heading, <img>).
        assert not {item["title"] for item in encoding["tooltip"]} & {"title", "image"}

    overview = spec["vconcat"][1]
    assert overview["mark"]["type"] == "bar"
    # The brush is drawn on the overview (Altair lifts its definition to the top level).
    assert spec["params"] == [
        {
            "name": "brush",
            "select": {"type": "interval", "encodings": ["x"]},
            "views": [overview["name"]],
        }
    ]


def test_overview_counts_the_events_of_each_day() -> None:
    spec = actor_swimlane(ROWS, title="t").to_dict()
    overview = _values(spec, spec["vconcat"][1])
    assert overview == [
        {"day": "2024-02-10", "events": 3},  # one aggregated mark standing for 3 events
        {"day": "2024-03-01", "events": 1},
        {"day": "2024-03-05", "events": 1},
        {"day": "2024-03-20", "events": 1},
    ]


def test_day_rows_are_points_and_coarser_rows_are_bars_to_the_end_of_their_range() -> None:
    spec = actor_swimlane(ROWS, title="t").to_dict()
    values = _values(spec, spec["vconcat"][0])
    marks = {(row["actor"], row["date_start"]): row["mark"] for row in values}
    assert marks == {
        ("Zoe", "2024-03-05"): "point",
        ("Adam", "2024-03-01"): "bar",
        ("Zoe", "2024-02-10"): "point",
        ("Mia", "2024-03-20"): "point",
    }
    adam = next(row for row in values if row["actor"] == "Adam")
    # The bar ends after 31 March, so the whole month is covered.
    assert (adam["date_start"], adam["date_end"], adam["date_stop"]) == (
        "2024-03-01",
        "2024-03-31",
        "2024-04-01",
    )
    assert adam["date_range"] == "2024-03-01 to 2024-03-31"
    layers = _lanes(spec)
    assert layers["point"]["transform"] == [{"filter": "(datum.mark === 'point')"}]
    assert layers["bar"]["transform"] == [{"filter": "(datum.mark === 'bar')"}]
    json.dumps(spec)  # no date objects left behind


def test_lanes_are_sorted_by_first_appearance() -> None:
    spec = actor_swimlane(ROWS, title="t").to_dict()
    lanes = {row["actor"]: row["lane"] for row in _values(spec, spec["vconcat"][0])}
    assert sorted(lanes, key=lanes.__getitem__) == ["Zoe", "Adam", "Mia"]
    for layer in spec["vconcat"][0]["layer"]:
        assert layer["encoding"]["y"]["sort"] == {"field": "lane", "op": "min"}


def test_actors_first_seen_on_the_same_day_keep_the_order_of_the_rows() -> None:
    day = date(2025, 5, 9)
    rows = [_row(name, day, day, "day") for name in ("Kim", "Putin", "Xi", "Putin", "Abe")]
    spec = actor_swimlane(rows, title="t").to_dict()
    lanes = {row["actor"]: row["lane"] for row in _values(spec, spec["vconcat"][0])}
    assert sorted(lanes, key=lanes.__getitem__) == ["Kim", "Putin", "Xi", "Abe"]


def test_undated_rows_are_dropped() -> None:
    undated = {**ROWS[0], "actor": "Nobody", "date_start": None, "date_end": None}
    spec = actor_swimlane([*ROWS, undated], title="t").to_dict()
    assert "Nobody" not in {row["actor"] for row in _values(spec, spec["vconcat"][0])}


def test_empty_rows_give_an_empty_chart_that_says_so() -> None:
    spec = actor_swimlane([], title="Who did what").to_dict()
    assert _values(spec, spec["vconcat"][0]) == []
    assert spec["title"].startswith("Who did what")
    assert "nothing to show" in spec["title"]
    assert set(_lanes(spec)) == {"point", "bar"}


def test_too_many_rows_are_capped_and_the_title_says_so() -> None:
    many = [
        _row(f"A{i % 3}", date(2024, 1, 1 + i % 28), date(2024, 1, 1 + i % 28), "day")
        for i in range(12)
    ]
    spec = actor_swimlane(many, title="t", max_rows=10).to_dict()
    assert len(_values(spec, spec["vconcat"][0])) == 10
    assert "first 10 rows" in spec["title"]
    assert actor_swimlane(many[:10], title="t", max_rows=10).to_dict()["title"] == "t"


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


STORY = [
    {
        "event_id": "e1",
        "doc_id": "d",
        "date_start": date(2024, 5, 9),
        "date_end": date(2024, 5, 9),
        "date_value": "2024-05-09",
        "date_text": "Friday",
        "trigger": "met",
        "event_type": "MEET",
        "actors": "Kim, Putin",
        "sentence": "Kim met Putin on Friday.",
        "title": "Summit",
        "source": "Wire",
    },
    {
        "event_id": "e2",
        "doc_id": "d",
        "date_start": None,
        "date_end": None,
        "date_value": None,
        "date_text": None,
        "trigger": "said",
        "event_type": "STATEMENT",
        "actors": None,
        "sentence": "Officials said little.",
        "title": "Summit",
        "source": "Wire",
    },
    {
        "event_id": "e3",
        "doc_id": "d",
        "date_start": date(1950, 6, 25),
        "date_end": date(1950, 6, 25),
        "date_value": "1950-06-25",
        "date_text": "in 1950",
        "trigger": "began",
        "event_type": "FIGHT",
        "actors": "Korea",
        "sentence": "The war began in 1950.",
        "title": "Summit",
        "source": "Wire",
    },
]


def test_story_timeline_lists_every_event_in_order_with_its_sentence() -> None:
    chart = story_timeline(STORY, title="One story")
    assert isinstance(chart, alt.HConcatChart)
    spec = chart.to_dict()
    points, text = spec["hconcat"]
    assert points["mark"]["type"] == "point" and text["mark"]["type"] == "text"
    assert points["encoding"]["x"]["field"] == "date_start"
    assert points["encoding"]["y"]["field"] == text["encoding"]["y"]["field"] == "order"
    assert spec["resolve"] == {"scale": {"y": "shared"}}
    # Undated events keep their row in the list but get no point on the time axis.
    assert {"filter": "isValid(datum.date_start)"} in points["transform"]
    assert {"filter": "isValid(datum.date_start)"} not in text["transform"]
    values = _values(spec, points)
    assert [row["label"] for row in values] == [
        "1. [2024-05-09] met: Kim met Putin on Friday.",
        "2. [undated] said: Officials said little.",
        "3. [1950-06-25] began: The war began in 1950.",
    ]
    assert [row["order"] for row in values] == [1, 2, 3]
    assert {item["field"] for item in text["encoding"]["tooltip"]} >= {"sentence", "actors"}
    assert spec["title"] == "One story"


def test_story_labels_fit_the_text_column_and_the_tooltip_keeps_the_sentence() -> None:
    long_sentence = "Officials said " + "very " * 60 + "little."
    rows = [{**STORY[1], "sentence": long_sentence}]
    spec = story_timeline(rows, title="s").to_dict()
    (row,) = _values(spec, spec["hconcat"][0])
    assert len(row["label"]) == STORY_LABEL_CHARS and row["label"].endswith("…")
    assert row["label"].startswith("1. [undated] said: Officials said very")
    assert row["sentence"] == long_sentence


def test_story_timeline_empty_and_capped() -> None:
    assert "nothing to show" in story_timeline([], title="s").to_dict()["title"]
    spec = story_timeline(STORY, title="s", max_rows=2).to_dict()
    assert len(_values(spec, spec["hconcat"][0])) == 2
    assert "first 2 rows" in spec["title"]


@pytest.mark.parametrize(
    ("first", "last", "unit"),
    [
        (None, None, "week"),
        (date(2024, 1, 1), date(2024, 1, 1), "week"),
        (date(2024, 1, 1), date(2024, 1, 1) + timedelta(weeks=MAX_WEEKLY_PERIODS), "week"),
        (date(2024, 1, 1), date(2024, 1, 2) + timedelta(weeks=MAX_WEEKLY_PERIODS), "month"),
        (date(1950, 1, 1), date(2024, 1, 1), "month"),
    ],
)
def test_volume_unit(first: date | None, last: date | None, unit: str) -> None:
    assert volume_unit(first, last) == unit


def test_event_volume_stacks_categories_per_period() -> None:
    rows = [
        {"period": date(2024, 3, 4), "event_type": "MEET", "events": 4},
        {"period": date(2024, 3, 4), "event_type": "FIGHT", "events": 2},
        {"period": date(2024, 3, 11), "event_type": "MEET", "events": 1},
    ]
    weekly = event_volume(rows, title="Volume", unit="week").to_dict()
    assert weekly["mark"]["type"] == "bar"
    # Bars span their own Monday-to-Monday week (no Sunday-based time unit).
    assert "timeUnit" not in weekly["encoding"]["x"]
    assert weekly["encoding"]["x"]["field"] == "period"
    assert weekly["encoding"]["x2"]["field"] == "period_end"
    assert weekly["encoding"]["y"] == {
        "aggregate": "sum",
        "field": "events",
        "stack": "zero",
        "title": "Events",
        "type": "quantitative",
    }
    assert weekly["encoding"]["color"]["field"] == "event_type"
    first = _values(weekly, weekly)[0]
    assert (first["period"], first["period_end"]) == ("2024-03-04", "2024-03-11")
    december = [{"period": date(2024, 12, 1), "event_type": "MEET", "events": 1}]
    monthly = event_volume(december, title="Volume", unit="month").to_dict()
    assert _values(monthly, monthly)[0]["period_end"] == "2025-01-01"
    assert "nothing to show" in event_volume([], title="V", unit="week").to_dict()["title"]


def test_cooccurrence_is_a_heatmap_ordered_by_activity() -> None:
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
    assert len(_values(spec, spec)) == 2
    assert "nothing to show" in actor_cooccurrence([], title="P").to_dict()["title"]


def test_actor_counts_chart_sorts_bars_by_count() -> None:
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
    assert spec["encoding"]["x"] == {"field": "events", "title": "Events", "type": "quantitative"}
    assert spec["encoding"]["y"]["sort"] == "-x"
    assert _values(spec, spec)[0]["first_date"] == "2024-03-01"
    assert "nothing to show" in actor_event_counts([], title="Counts").to_dict()["title"]


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
    story = [{**STORY[0], "sentence": PAYLOAD, "actors": PAYLOAD, "title": PAYLOAD}]
    pairs = [{"actor": PAYLOAD, "other": "Bob", "events": 1, "actor_rank": 1, "other_rank": 2}]
    charts = [
        actor_swimlane(hostile, title="t"),
        story_timeline(story, title="t"),
        actor_cooccurrence(pairs, title="t"),
        actor_event_counts([{"actor": PAYLOAD, "actor_type": "person", "events": 1}], title="t"),
    ]
    for chart in charts:
        vega = vlc.vegalite_to_vega(chart.to_dict(), vl_version=VL_VERSION)
        found = _strings_with(vega, "onerror")
        assert found, "the payload should be in the data"
        assert all(path[:2] == ("data", "values") for path in found), found


def test_story_timeline_has_a_checkbox_keeping_only_key_events() -> None:
    rows = [{**STORY[0], "is_key": True}, {**STORY[1], "is_key": False}]
    spec = story_timeline(rows, title="s").to_dict()
    [param] = spec["params"]
    assert (param["name"], param["value"], param["bind"]["input"]) == (
        KEY_ONLY_PARAM,
        False,
        "checkbox",
    )
    for view in spec["hconcat"]:
        filters = [t["filter"] for t in view.get("transform", []) if "filter" in t]
        assert f"!{KEY_ONLY_PARAM} || datum.is_key" in filters
    assert [r["is_key"] for r in _values(spec, spec["hconcat"][0])] == [True, False]

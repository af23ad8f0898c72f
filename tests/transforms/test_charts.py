"""Chart specs built from query rows: layers, encodings, lane order, empty and capped input."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

import altair as alt

from transforms.charts import actor_event_counts, actor_swimlane


def _row(actor: str, start: date, end: date, precision: str, **extra: Any) -> dict[str, Any]:
    return {
        "event_id": f"{actor}-{start}",
        "actor": actor,
        "actor_type": "person",
        "role": "agent",
        "date_start": start,
        "date_end": end,
        "date_precision": precision,
        "date_value": start.isoformat()[: 7 if precision == "month" else 10],
        "date_text": "in March" if precision == "month" else "on 5 March",
        "event_type": extra.pop("event_type", "meeting"),
        "trigger": "met",
        "sentence": "They met.",
        "title": "A title",
        "source": "Example News",
        **extra,
    }


ROWS = [
    _row("Zoe", date(2024, 3, 5), date(2024, 3, 5), "day"),
    _row("Adam", date(2024, 3, 1), date(2024, 3, 31), "month", event_type="business"),
    _row("Zoe", date(2024, 2, 10), date(2024, 2, 10), "day", event_type="attack"),
    _row("Mia", date(2024, 3, 20), date(2024, 3, 20), "day"),
]


def _layers(spec: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {layer["mark"]["type"]: layer for layer in spec["layer"]}


def test_swimlane_has_a_point_layer_and_a_bar_layer() -> None:
    chart = actor_swimlane(ROWS, title="Who did what")
    assert isinstance(chart, alt.LayerChart)
    spec = chart.to_dict()
    layers = _layers(spec)
    assert set(layers) == {"point", "bar"}

    point, bar = layers["point"]["encoding"], layers["bar"]["encoding"]
    assert point["x"]["field"] == "date_start" and point["x"]["type"] == "temporal"
    assert "x2" not in point
    assert bar["x"]["field"] == "date_start" and bar["x"]["type"] == "temporal"
    assert bar["x2"]["field"] == "date_end"
    for encoding in (point, bar):
        assert encoding["y"]["field"] == "actor"
        assert encoding["color"]["field"] == "event_type"
        tooltip_fields = {item["field"] for item in encoding["tooltip"]}
        assert {
            "date_text",
            "date_value",
            "trigger",
            "actor",
            "sentence",
            "title",
            "source",
        } <= tooltip_fields
    assert spec["title"] == "Who did what"


def test_day_rows_are_points_and_coarser_rows_are_bars() -> None:
    spec = actor_swimlane(ROWS, title="t").to_dict()
    values = spec["data"]["values"]
    marks = {(row["actor"], row["date_start"]): row["mark"] for row in values}
    assert marks == {
        ("Zoe", "2024-03-05"): "point",
        ("Adam", "2024-03-01"): "bar",
        ("Zoe", "2024-02-10"): "point",
        ("Mia", "2024-03-20"): "point",
    }
    layers = _layers(spec)
    assert layers["point"]["transform"] == [{"filter": "(datum.mark === 'point')"}]
    assert layers["bar"]["transform"] == [{"filter": "(datum.mark === 'bar')"}]


def test_dates_survive_as_iso_dates_and_spec_is_json() -> None:
    spec = actor_swimlane(ROWS, title="t").to_dict()
    json.dumps(spec)  # no date objects left behind
    bar_row = next(row for row in spec["data"]["values"] if row["actor"] == "Adam")
    assert (bar_row["date_start"], bar_row["date_end"]) == ("2024-03-01", "2024-03-31")


def test_lanes_are_sorted_by_first_appearance() -> None:
    spec = actor_swimlane(ROWS, title="t").to_dict()
    for layer in spec["layer"]:
        assert layer["encoding"]["y"]["sort"] == ["Zoe", "Adam", "Mia"]


def test_actors_first_seen_on_the_same_day_keep_the_order_of_the_rows() -> None:
    day = date(2025, 5, 9)
    rows = [_row(name, day, day, "day") for name in ("Kim", "Putin", "Xi", "Putin", "Abe")]
    spec = actor_swimlane(rows, title="t").to_dict()
    for layer in spec["layer"]:
        assert layer["encoding"]["y"]["sort"] == ["Kim", "Putin", "Xi", "Abe"]


def test_undated_rows_are_dropped() -> None:
    undated = {**ROWS[0], "actor": "Nobody", "date_start": None, "date_end": None}
    spec = actor_swimlane([*ROWS, undated], title="t").to_dict()
    assert "Nobody" not in {row["actor"] for row in spec["data"]["values"]}


def test_empty_rows_give_an_empty_chart_that_says_so() -> None:
    chart = actor_swimlane([], title="Who did what")
    spec = chart.to_dict()
    assert spec["data"] == {"values": []}
    assert "nothing to show" in spec["title"]
    assert spec["title"].startswith("Who did what")
    assert set(_layers(spec)) == {"point", "bar"}


def test_too_many_rows_are_capped_and_the_title_says_so() -> None:
    many = [
        _row(f"A{i % 3}", date(2024, 1, 1 + i % 28), date(2024, 1, 1 + i % 28), "day")
        for i in range(12)
    ]
    spec = actor_swimlane(many, title="t", max_rows=10).to_dict()
    assert len(spec["data"]["values"]) == 10
    assert "first 10 rows" in spec["title"]
    uncapped = actor_swimlane(many[:10], title="t", max_rows=10).to_dict()
    assert uncapped["title"] == "t"


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
        {
            "actor": "Bob",
            "actor_type": "person",
            "events": 2,
            "documents": 1,
            "first_date": date(2024, 3, 2),
            "last_date": date(2024, 3, 2),
        },
    ]
    spec = actor_event_counts(rows, title="Counts").to_dict()
    assert spec["mark"]["type"] == "bar"
    assert spec["encoding"]["x"] == {"field": "events", "title": "Events", "type": "quantitative"}
    assert spec["encoding"]["y"]["sort"] == "-x"
    assert spec["data"]["values"][0]["first_date"] == "2024-03-01"
    assert "nothing to show" in actor_event_counts([], title="Counts").to_dict()["title"]

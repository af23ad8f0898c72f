"""The chart queries the dashboard reads (`warehouse/queries/`), on invented reports: key
events of the corpus and of one story (from `is_key` and `salience`), the days the time
axis covers, volume slices per canonical actor, the control options and the run the header
tells about."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path

import duckdb
import pytest

from tests.browser.warehouses import build, newsroom_extractions
from warehouse import runs
from warehouse.connection import connect
from warehouse.reads import fetch


@pytest.fixture(scope="module")
def con(tmp_path_factory: pytest.TempPathFactory) -> Iterator[duckdb.DuckDBPyConnection]:
    path = build(tmp_path_factory.mktemp("queries") / "w.duckdb", newsroom_extractions())
    connection = connect(path)
    yield connection
    connection.close()


def _key(con: duckdb.DuckDBPyConnection, story: str | None = None, **extra) -> list[dict]:
    params = {"story": story, "max_events": 50, "max_text": 240, **extra}
    return fetch(con, "key_events", **params)


def test_the_corpus_key_events_are_the_key_events_by_salience_newest_first(con) -> None:
    rows = _key(con)
    assert [(row["doc_id"], row["trigger"], row["date_start"]) for row in rows] == [
        # Salience 1, newest first among equals (each reported by one document).
        ("n5", "signed", date(2024, 5, 17)),
        ("n4", "fined", date(2024, 4, 30)),
        ("n3", "marched", date(2024, 4, 12)),
        ("n2", "criticised", date(2024, 3, 18)),
        ("n1", "opened", date(2024, 3, 1)),
        ("n1", "praised", date(2024, 3, 2)),  # n1's other key event, less salient
    ]  # no event that is not key ("founded", "replied", "met", "resigned", "said")
    assert [row["rank"] for row in rows] == [1, 2, 3, 4, 5, 6]
    assert {row["scope"] for row in rows} == {"corpus"}
    assert [row["score"] for row in rows] == [1.0] * 5 + [0.7]
    assert [row["salience"] for row in rows] == [1.0] * 5 + [0.7]
    n2 = rows[3]
    assert n2["actors"] == ["Kim", "Acme"] and n2["actor_keys"] == ["kim", "acme"]
    assert n2["sentence"] == "Kim criticised Acme on 18 March 2024."
    assert (n2["date_text"], n2["date_basis"], n2["anchor_basis"]) == (
        "18 March 2024",
        "explicit",
        "governing",
    )
    assert (n2["title"], n2["source"], n2["url"]) == (
        "Kim criticises Acme",
        "Wire",
        "https://example.org/n2",
    )
    assert n2["story_group"] == "n2"
    assert rows[2]["url"] is None  # n3 has no address
    assert (n2["char_start"], n2["char_end"]) == (4, 14)
    assert [row["trigger"] for row in _key(con, max_events=2)] == ["signed", "fined"]


def test_a_happening_two_documents_report_is_one_card_ranked_by_its_reach(con) -> None:
    # n3's march reported as the same happening as n2's criticism (one duplicate cluster).
    con.execute("INSERT INTO event_clusters VALUES ('n2-0-0', 'n2-0-0'), ('n3-0-0', 'n2-0-0')")
    try:
        rows = _key(con)
    finally:
        con.execute("DELETE FROM event_clusters")
    assert [(row["doc_id"], row["trigger"], row["documents"]) for row in rows][:3] == [
        ("n2", "criticised", 2),  # the first published of two equally salient reports
        ("n5", "signed", 1),
        ("n4", "fined", 1),
    ]
    assert "marched" not in {row["trigger"] for row in rows}
    assert rows[0]["score"] == 1.0 and rows[1]["score"] == 0.5


def test_a_card_is_a_key_date_told_by_one_sentence(con) -> None:
    # A second key event in n2's sentence, and n5's key event dated only to its year.
    con.execute(
        """INSERT INTO events SELECT * REPLACE ('n2-0-1' AS event_id, 'Acme' AS trigger,
               0.9 AS salience) FROM events WHERE event_id = 'n2-0-0'"""
    )
    con.execute("UPDATE events SET date_precision = 'year' WHERE event_id = 'n5-0-0'")
    try:
        rows = _key(con)
    finally:
        con.execute("DELETE FROM events WHERE event_id = 'n2-0-1'")
        con.execute("UPDATE events SET date_precision = 'day' WHERE event_id = 'n5-0-0'")
    triggers = [row["trigger"] for row in rows]
    assert triggers == ["fined", "marched", "criticised", "opened", "praised"]


def test_a_storys_key_dates_are_its_key_events_one_per_date(con) -> None:
    rows = _key(con, "n1")
    assert [(row["date_start"], row["trigger"], row["rank"]) for row in rows] == [
        (date(2024, 3, 1), "opened", 1),
        (date(2024, 3, 2), "praised", 2),
    ]
    assert {row["scope"] for row in rows} == {"story"}
    assert {row["story_group"] for row in rows} == {"n1"}
    assert _key(con, "n1", max_events=1)[0]["trigger"] == "opened"
    assert _key(con, "nothing") == []
    # Two reports of one story: the key dates of both, each date's most salient event.
    con.execute("INSERT INTO story_groups VALUES ('n2', 'n2'), ('n3', 'n2')")
    try:
        grouped = _key(con, "n2")
    finally:
        con.execute("DELETE FROM story_groups")
    assert [(row["trigger"], row["documents"], row["day_events"]) for row in grouped] == [
        ("marched", 1, 1),
        ("criticised", 1, 1),
    ]


def test_key_events_and_volume_name_the_canonical_actor(con) -> None:
    # A person's full name elsewhere in the warehouse: "Kim" is that person everywhere.
    con.execute("INSERT INTO actors VALUES ('person:kim sun', 'Kim Sun', 'person')")
    try:
        (n2,) = [row for row in _key(con) if row["doc_id"] == "n2"]
        volume = fetch(con, "event_volume", unit="month", actor_keys=["person:kim sun"])
    finally:
        con.execute("DELETE FROM actors WHERE actor_key = 'person:kim sun'")
    assert n2["actors"] == ["Kim Sun", "Acme"]
    assert n2["actor_keys"] == ["person:kim sun", "acme"]
    assert sum(r["events"] for r in volume if r["actor_key"] == "person:kim sun") == 3


def test_long_sentences_are_cut_for_the_cards(con) -> None:
    (row,) = [r for r in _key(con, max_text=12) if r["doc_id"] == "n2"]
    assert row["sentence"] == "Kim critici…"


def test_the_axis_days_and_the_busiest_story(con) -> None:
    days = {row["day"]: row["events"] for row in fetch(con, "event_days")}
    assert days[date(1999, 7, 4)] == 1 and days[date(2024, 4, 1)] == 1  # "in April"
    assert sum(days.values()) == 11
    (story,) = fetch(con, "busiest_story")
    assert (story["story_group"], story["dates"], story["key_events"], story["title"]) == (
        "n1",
        2,  # its key dates; every other report has one
        2,
        "Acme opens a factory",
    )


def test_volume_rows_total_every_happening_and_slice_per_actor(con) -> None:
    rows = fetch(con, "event_volume", unit="month", actor_keys=["kim", "acme"])
    totals = {(r["period"], r["event_type"]): r["events"] for r in rows if r["actor_key"] == ""}
    kim = {(r["period"], r["event_type"]): r["events"] for r in rows if r["actor_key"] == "kim"}
    assert sum(totals.values()) == 11
    assert kim == {
        (date(2024, 3, 1), "ACCUSE"): 1,
        (date(2024, 4, 1), "CONSULT"): 1,
        (date(2024, 5, 1), "AGREE"): 1,
    }
    assert {r["actor_key"] for r in rows} == {"", "kim", "acme"}
    weekly = fetch(con, "event_volume", unit="week", actor_keys=[])
    assert all(row["period"].weekday() == 0 for row in weekly)  # Monday weeks


def test_control_options(con) -> None:
    actors = fetch(con, "actor_options", actor_keys=["kim", "acme", "lee", "nobody"])
    assert [(row["actor"], row["events"]) for row in actors] == [
        ("Acme", 5),
        ("Kim", 3),
        ("Lee", 2),
    ]
    categories = {row["event_type"]: row["quad_class"] for row in fetch(con, "event_categories")}
    assert categories["SANCTION"] == "material conflict"
    assert categories["AGREE"] == "verbal cooperation"


def test_the_header_tells_about_the_run_asked_for_or_the_latest_finished(tmp_path: Path) -> None:
    con = connect(tmp_path / "runs.duckdb")
    try:
        runs.start_run(con, "first", "v", started_at=datetime(2024, 6, 1, 12, 0))
        runs.finish_run(con, "first", "completed", finished_at=datetime(2024, 6, 1, 12, 5))
        runs.start_run(con, "second", "v", started_at=datetime(2024, 6, 1, 13, 0))
        (latest,) = fetch(con, "latest_run", run_id=None)
        assert latest["run_id"] == "first"
        assert latest["running_since"] == datetime(2024, 6, 1, 13, 0)
        (asked,) = fetch(con, "latest_run", run_id="second")
        assert (asked["run_id"], asked["state"]) == ("second", "running")
        runs.finish_run(con, "second", "failed", finished_at=datetime(2024, 6, 1, 13, 1))
        (latest,) = fetch(con, "latest_run", run_id=None)
        assert (latest["run_id"], latest["running_since"]) == ("second", None)
    finally:
        con.close()

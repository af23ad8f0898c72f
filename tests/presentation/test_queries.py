"""The chart queries the dashboard reads (`warehouse/queries/`), on invented reports: key
events of the corpus (its key-event timeline) and of one story (from `is_key` and
`salience`), the days the time
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


def test_the_corpus_cards_are_the_key_event_timelines_sentences_in_rank_order(con) -> None:
    rows = _key(con)
    told = con.execute(
        """SELECT doc_id, sentence_index, date FROM key_timeline WHERE scope = 'corpus'
           ORDER BY date_rank, sentence_rank"""
    ).fetchall()
    assert len(told) >= 5  # the build computed the corpus's timeline, as a run does
    assert [(r["doc_id"], r["sentence_index"], r["date_start"]) for r in rows] == told
    assert [row["rank"] for row in rows] == list(range(1, len(told) + 1))
    assert {row["scope"] for row in rows} == {"corpus"}
    assert rows[0]["score"] == 1.0 and all(0 < row["score"] <= 1 for row in rows)
    (n2,) = [row for row in rows if row["trigger"] == "criticised"]
    assert n2["actors"] == ["Kim", "Acme"] and n2["actor_keys"] == ["kim", "acme"]
    assert n2["sentence"] == "Kim criticised Acme on 18 March 2024."
    assert (n2["date_start"], n2["date_end"], n2["date_precision"]) == (
        date(2024, 3, 18),
        date(2024, 3, 18),
        "day",
    )
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
    assert (n2["char_start"], n2["char_end"]) == (4, 14)  # the trigger's offsets
    assert [row["rank"] for row in _key(con, max_events=2)] == [1, 2]


def _told(con, rows: list[tuple]) -> list[dict]:
    """The corpus's key-event timeline replaced by `rows` (date, date rank, score, sentence
    rank, doc_id, sentence_index, support) while the key events are read."""
    saved = {
        table: con.execute(f"SELECT * FROM {table}").fetchall()
        for table in ("key_dates", "key_date_sentences")
    }
    con.execute("DELETE FROM key_dates; DELETE FROM key_date_sentences")
    try:
        for day, rank, score in {(r[0], r[1], r[2]) for r in rows}:
            con.execute(
                "INSERT INTO key_dates VALUES ('corpus', ?, ?, ?, 1, 1, 0, now())",
                [day, rank, score],
            )
        for day, _, _, sentence_rank, doc_id, index, support in rows:
            con.execute(
                """INSERT INTO key_date_sentences
                   SELECT 'corpus', ?, ?, 1.0, doc_id, sentence_index, char_start, char_end,
                          text, NULL, ?, now()
                   FROM sentences WHERE doc_id = ? AND sentence_index = ?""",
                [day, sentence_rank, support, doc_id, index],
            )
        return _key(con)
    finally:
        con.execute("DELETE FROM key_dates; DELETE FROM key_date_sentences")
        for table, saved_rows in saved.items():
            for row in saved_rows:
                marks = ", ".join("?" * len(row))
                con.execute(f"INSERT INTO {table} VALUES ({marks})", list(row))


def test_a_card_tells_its_sentences_event_dated_that_day_or_says_the_day_is_the_timelines(
    con,
) -> None:
    n2_sentence = con.execute(
        "SELECT sentence_index FROM events WHERE event_id = 'n2-0-0'"
    ).fetchone()[0]
    eventless = con.execute(
        """SELECT s.doc_id, s.sentence_index FROM sentences AS s
           WHERE NOT EXISTS (SELECT 1 FROM events AS e WHERE e.doc_id = s.doc_id
                             AND e.sentence_index = s.sentence_index)
           ORDER BY s.doc_id, s.sentence_index LIMIT 1"""
    ).fetchone()
    # A more salient event in n2's sentence, dated another day: the card still tells the
    # event dated on the key date.
    con.execute(
        """INSERT INTO events SELECT * REPLACE ('n2-0-9' AS event_id, 'replied' AS trigger,
               DATE '2024-03-19' AS date_start, DATE '2024-03-19' AS date_end, 1.0 AS salience)
           FROM events WHERE event_id = 'n2-0-0'"""
    )
    con.execute("UPDATE events SET salience = 0.2 WHERE event_id = 'n2-0-0'")
    try:
        rows = _told(
            con,
            [
                (date(2024, 3, 18), 1, 4.0, 1, "n2", n2_sentence, 3),
                (date(2024, 3, 18), 1, 4.0, 2, *eventless, 1),
                (date(2024, 3, 20), 2, 2.0, 1, "n2", n2_sentence, 1),
            ],
        )
    finally:
        con.execute("DELETE FROM events WHERE event_id = 'n2-0-9'")
        con.execute("UPDATE events SET salience = 1.0 WHERE event_id = 'n2-0-0'")
    assert [(r["rank"], r["date_start"], r["trigger"]) for r in rows] == [
        (1, date(2024, 3, 18), "criticised"),
        (2, date(2024, 3, 18), None),  # a sentence without an event: no trigger, no actor
        (3, date(2024, 3, 20), "replied"),  # none dated that day: its most salient event
    ]
    assert [r["score"] for r in rows] == [1.0, 1.0, 0.5]
    assert [(r["documents"], r["day_events"]) for r in rows] == [(3, 2), (1, 2), (1, 1)]
    first, eventless_card, elsewhere = rows
    assert (first["date_text"], first["date_basis"]) == ("18 March 2024", "explicit")
    assert eventless_card["actors"] == [] and eventless_card["event_id"] is None
    sentence = con.execute(
        "SELECT char_start, char_end FROM sentences WHERE doc_id = ? AND sentence_index = ?",
        list(eventless),
    ).fetchone()
    assert (eventless_card["char_start"], eventless_card["char_end"]) == sentence
    # The day is the timeline's, not the event's: no time expression is claimed for it.
    assert (elsewhere["date_text"], elsewhere["date_basis"], elsewhere["anchor_basis"]) == (
        None,
        "key_date",
        None,
    )
    assert (elsewhere["date_value"], elsewhere["date_precision"]) == ("2024-03-20", "day")


def test_a_happening_two_documents_of_a_story_report_is_one_card(con) -> None:
    # n3's march reported as the same happening as n2's criticism (one duplicate cluster).
    con.execute("INSERT INTO story_groups VALUES ('n2', 'n2'), ('n3', 'n2')")
    con.execute("INSERT INTO event_clusters VALUES ('n2-0-0', 'n2-0-0'), ('n3-0-0', 'n2-0-0')")
    try:
        rows = _key(con, "n2")
    finally:
        con.execute("DELETE FROM event_clusters")
        con.execute("DELETE FROM story_groups")
    # The first published of two equally salient reports.
    assert [(row["doc_id"], row["trigger"]) for row in rows] == [("n2", "criticised")]


def test_a_story_card_is_a_key_date_told_by_one_sentence(con) -> None:
    # A second key event in n2's sentence, and n5's key event dated only to its year.
    con.execute(
        """INSERT INTO events SELECT * REPLACE ('n2-0-1' AS event_id, 'Acme' AS trigger,
               0.9 AS salience) FROM events WHERE event_id = 'n2-0-0'"""
    )
    con.execute("UPDATE events SET date_precision = 'year' WHERE event_id = 'n5-0-0'")
    try:
        n2, n5 = _key(con, "n2"), _key(con, "n5")
    finally:
        con.execute("DELETE FROM events WHERE event_id = 'n2-0-1'")
        con.execute("UPDATE events SET date_precision = 'day' WHERE event_id = 'n5-0-0'")
    assert [row["trigger"] for row in n2] == ["criticised"]
    assert n5 == []


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
        (n2,) = [row for row in _key(con) if row["trigger"] == "criticised"]
        volume = fetch(con, "event_volume", unit="month", actor_keys=["person:kim sun"])
    finally:
        con.execute("DELETE FROM actors WHERE actor_key = 'person:kim sun'")
    assert n2["actors"] == ["Kim Sun", "Acme"]
    assert n2["actor_keys"] == ["person:kim sun", "acme"]
    assert sum(r["events"] for r in volume if r["actor_key"] == "person:kim sun") == 3


def test_long_sentences_are_cut_for_the_cards(con) -> None:
    (row,) = [r for r in _key(con, max_text=12) if r["trigger"] == "criticised"]
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

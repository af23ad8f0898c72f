"""Key-event timelines in the warehouse: sentences read with their day references, the
corpus's key dates and sentences written with provenance, refreshed when documents change."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import duckdb
import pytest

from tests.summarization.extractions import ARREST, FIRE, HALDEN, STORIES, extraction
from transforms.summarization.scope import Scope
from transforms.summarization.summarize import summarize
from warehouse import load, summaries
from warehouse.connection import connect


@pytest.fixture
def con(tmp_path: Path) -> duckdb.DuckDBPyConnection:
    connection = connect(tmp_path / "w.duckdb")
    load.load_extractions(connection, STORIES, loaded_at=datetime(2024, 3, 22, 8))
    yield connection
    connection.close()


def test_sentences_are_read_with_the_days_they_name(con: duckdb.DuckDBPyConnection) -> None:
    records = {a.doc_id: a for a in summaries.articles(con)}
    assert set(records) == {"fire", "arrest", "report"}
    fire = records["fire"]
    assert fire.published == date(2024, 3, 5) and fire.story == "fire"
    first, second = fire.sentences
    assert [(r.day, r.explicit) for r in first.references] == [(FIRE, False)]  # "Monday"
    assert first.event_days == (FIRE,) and first.events == 1 and first.asserted == 1
    assert second.references == () and second.events == 0
    manager = records["report"].sentences[1]
    assert [(r.day, r.explicit) for r in manager.references] == [(ARREST, True)]
    # the schema has salience and is_key; these invented events were loaded without them
    assert manager.salience == 0.0 and manager.key is False


def test_a_chronology_entry_is_read_as_one_from_the_document_offsets(
    con: duckdb.DuckDBPyConnection,
) -> None:
    chronology = extraction(
        "chronology",
        date(2024, 3, 22),
        ("How the fire unfolded.", ()),
        (
            "March 4 - A fire at the Halden plant kills three workers.",
            (("March 4", FIRE, "explicit"),),
        ),
    )
    load.load_extractions(con, [chronology], loaded_at=datetime(2024, 3, 22, 9))
    records = {a.doc_id: a for a in summaries.articles(con)}
    heading, entry = records["chronology"].sentences
    assert entry.start > 0 and [r.opening > 0 for r in entry.references] == [True]
    inspectors = records["report"].sentences[0]  # "... for the March 4 fire."
    assert [r.opening > 0 for r in inspectors.references] == [False]
    # on the timeline, under the day's heading: without the day it opens with, and the
    # offsets still give the stored text
    summaries.write(con, summarize(records.values(), dates=1, sentences=1))
    [(text, document_text, start, end)] = con.execute(
        "SELECT k.text, d.text, k.char_start, k.char_end "
        "FROM key_timeline AS k JOIN documents AS d USING (doc_id)"
    ).fetchall()
    assert text == "A fire at the Halden plant kills three workers."
    assert document_text[start:end] == text


def test_the_publication_range_narrows_what_is_read(con: duckdb.DuckDBPyConnection) -> None:
    scope = Scope(published_since=date(2024, 3, 6), published_until=date(2024, 3, 20))
    assert [a.doc_id for a in summaries.articles(con, scope)] == ["arrest"]
    days_only = Scope(since=date(2024, 3, 6), until=date(2024, 3, 20))  # any article may tell
    assert len(summaries.articles(con, days_only)) == 3


def test_salience_is_read_where_the_warehouse_has_it(con: duckdb.DuckDBPyConnection) -> None:
    con.execute("ALTER TABLE events ADD COLUMN IF NOT EXISTS salience DOUBLE")
    con.execute("ALTER TABLE events ADD COLUMN IF NOT EXISTS is_key BOOLEAN")
    con.execute("UPDATE events SET salience = 0.9, is_key = true WHERE doc_id = 'arrest'")
    records = {a.doc_id: a for a in summaries.articles(con)}
    assert records["arrest"].sentences[0].salience == 0.9
    assert records["arrest"].sentences[0].key is True
    assert records["fire"].sentences[1].salience == 0.0  # no event in it


def test_an_actor_is_found_by_any_of_its_names(con: duckdb.DuckDBPyConnection) -> None:
    scope = summaries.resolve(con, Scope(actor="halden"))
    assert scope.actor_keys == {HALDEN.key}
    assert [a.doc_id for a in summaries.articles(con, scope) if a.actors & scope.actor_keys] == [
        "fire"
    ]
    summary = summaries.summary_of(con, Scope(actor="Halden"), dates=5)
    assert {told.sentence.doc_id for told in summary.sentences} == {"fire"}


def test_the_corpus_timeline_is_written_with_provenance_and_read_back(
    con: duckdb.DuckDBPyConnection,
) -> None:
    assert summaries.stale(con)  # never computed
    summary = summarize(summaries.articles(con), dates=2, sentences=2)
    summaries.write(con, summary, computed_at=datetime(2024, 3, 22, 9))
    assert not summaries.stale(con)
    dates = con.execute("SELECT scope, date, rank FROM key_dates ORDER BY rank").fetchall()
    assert dates == [("corpus", FIRE, 1), ("corpus", ARREST, 2)]
    rows = con.execute(
        "SELECT k.date, k.sentence_rank, k.text, d.text, k.char_start, k.char_end, "
        "k.source, k.url, k.published, k.support "
        "FROM key_timeline AS k JOIN documents AS d USING (doc_id) "
        "WHERE k.scope = 'corpus' ORDER BY k.date, k.sentence_rank"
    ).fetchall()
    assert {row[0] for row in rows} == {FIRE, ARREST}
    for _, rank, text, document_text, start, end, source, url, published, support in rows:
        assert document_text[start:end] == text  # offsets into the stored text
        assert source == "wire" and url.startswith("https://") and published and support == 1
        assert rank >= 1
    # written again: replaced, not appended
    summaries.write(con, summary)
    assert con.execute("SELECT count(*) FROM key_dates").fetchone()[0] == 2


def test_a_document_loaded_later_makes_the_timeline_stale(con: duckdb.DuckDBPyConnection) -> None:
    summaries.write(con, summarize(summaries.articles(con)), computed_at=datetime(2024, 3, 22, 9))
    assert not summaries.stale(con)
    later = extraction("later", date(2024, 3, 23), ("The plant reopened on March 23.", ()))
    load.load_extractions(con, [later], loaded_at=datetime(2024, 3, 23, 8))
    assert summaries.stale(con)


def test_an_empty_warehouse_is_not_stale(tmp_path: Path) -> None:
    with connect(tmp_path / "empty.duckdb") as empty:
        assert not summaries.stale(empty)
        assert summaries.summary_of(empty).dates == ()

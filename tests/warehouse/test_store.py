"""Warehouse loading: schema, idempotence, replacement, sources, views, quarantine, runs."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, datetime
from pathlib import Path

import duckdb
import pyarrow as pa
import pytest

from transforms.model import (
    Actor,
    Document,
    Event,
    EventDate,
    Extraction,
    Mention,
    Participant,
    Rejection,
    Sentence,
    Span,
    Timex,
)
from warehouse import connection, freshness, load, reads, runs, sql
from warehouse.connection import connect
from warehouse.tables import build_tables

TABLES = (
    "documents",
    "sources",
    "sentences",
    "timexes",
    "events",
    "actors",
    "actor_mentions",
    "event_actors",
    "quarantine",
    "runs",
)
TIMELINE_COLUMNS = [
    "date_value",
    "actor",
    "role",
    "trigger",
    "event_type",
    "sentence",
    "title",
    "source",
    "published",
    "date_start",
    "date_end",
    "date_precision",
    "date_text",
    "date_basis",
    "actor_type",
    "event_id",
    "doc_id",
    "char_start",
    "char_end",
]
LOADED_AT = datetime(2024, 4, 1, 12, 0)

ACME = Actor("acme", "Acme Corp", "organisation")
GLOBEX = Actor("globex", "Globex", "organisation")
BOB = Actor("bob", "Bob Smith", "person")


def _span(text: str, needle: str, after: int = 0) -> tuple[int, int]:
    start = text.index(needle, after)
    return start, start + len(needle)


def _sentences(text: str) -> tuple[Sentence, ...]:
    sentences, start = [], 0
    for index, part in enumerate(text.split(". ")):
        body = part if part.endswith(".") else part + "."
        sentences.append(Sentence(index, start, start + len(body), body))
        start += len(part) + 2
    return tuple(sentences)


def _event(
    doc_id: str,
    text: str,
    event_id: str,
    trigger: str,
    sentence_index: int,
    date: EventDate,
    participants: tuple[Participant, ...] = (),
    event_type: str = "conflict",
) -> Event:
    start, end = _span(text, trigger)
    return Event(
        event_id=event_id,
        doc_id=doc_id,
        sentence_index=sentence_index,
        trigger=trigger,
        lemma=trigger.rstrip("ed"),
        start=start,
        end=end,
        event_type=event_type,
        date=date,
        participants=participants,
    )


def _participant(text: str, actor: Actor, mention: str, role: str) -> Participant:
    start, end = _span(text, mention)
    return Participant(actor.key, role, start, end)  # type: ignore[arg-type]


def _mention(text: str, actor: Actor, mention: str) -> Mention:
    start, end = _span(text, mention)
    return Mention(start, end, mention, actor.key)


def _document(doc_id: str, text: str, path: str, title: str, dct: date | None) -> Document:
    return Document(
        doc_id=doc_id,
        text=text,
        content=(Span(0, len(text)),),
        title=title,
        source="Example News",
        url=f"https://example.org/{doc_id}",
        language="en",
        byline=None,
        place=None,
        dct=dct,
        dct_basis="metadata" if dct else "none",
        path=path,
        meta={"feed": "test"},
    )


def make_first(version: str = "v1", path: str = "in/a.jsonl") -> Extraction:
    """Three events: a day-dated one with two actors, a month-dated one, one with no actor."""
    text = "Acme sued Globex on 5 March 2024. In March 2024 Globex expanded. Later it rained."
    day = _span(text, "5 March 2024")
    month = _span(text, "March 2024", day[1])
    events = (
        _event(
            "d1",
            text,
            "d1-e1",
            "sued",
            0,
            EventDate(
                "2024-03-05",
                date(2024, 3, 5),
                date(2024, 3, 5),
                "day",
                "5 March 2024",
                "explicit",
                *day,
            ),
            (
                _participant(text, ACME, "Acme", "agent"),
                _participant(text, GLOBEX, "Globex", "patient"),
            ),
        ),
        _event(
            "d1",
            text,
            "d1-e2",
            "expanded",
            1,
            EventDate(
                "2024-03",
                date(2024, 3, 1),
                date(2024, 3, 31),
                "month",
                "March 2024",
                "explicit",
                *month,
            ),
            (Participant("globex", "agent", *_span(text, "Globex", month[1])),),
            event_type="business",
        ),
        _event(
            "d1",
            text,
            "d1-e3",
            "rained",
            2,
            EventDate(None, None, None, "unknown", None, "unanchored"),
            event_type="weather",
        ),
    )
    return Extraction(
        document=_document("d1", text, path, "Acme sues Globex", date(2024, 3, 6)),
        sentences=_sentences(text),
        timexes=(
            Timex(*day, "5 March 2024", "DATE", "2024-03-05"),
            Timex(*month, "March 2024", "DATE", "2024-03"),
        ),
        actors=(ACME, GLOBEX),
        mentions=(
            _mention(text, ACME, "Acme"),
            _mention(text, GLOBEX, "Globex"),
            Mention(*_span(text, "Globex", month[1]), "Globex", "globex"),
        ),
        events=events,
        extractor_version=version,
    )


def make_first_without_acme() -> Extraction:
    """d1 re-extracted at v2: the "sued" event is gone, and with it Acme's mention and role."""
    first = make_first()
    return replace(
        first,
        extractor_version="v2",
        events=first.events[1:],
        mentions=first.mentions[1:],
        actors=(GLOBEX,),
    )


def make_second(title: str = "Bob meets Acme") -> Extraction:
    text = "Bob met Acme on 6 March 2024."
    day = _span(text, "6 March 2024")
    event = _event(
        "d2",
        text,
        "d2-e1",
        "met",
        0,
        EventDate(
            "2024-03-06",
            date(2024, 3, 6),
            date(2024, 3, 6),
            "day",
            "6 March 2024",
            "explicit",
            *day,
        ),
        (_participant(text, BOB, "Bob", "agent"), _participant(text, ACME, "Acme", "patient")),
        event_type="meeting",
    )
    return Extraction(
        document=_document("d2", text, "in/b.jsonl", title, date(2024, 3, 7)),
        sentences=_sentences(text),
        timexes=(Timex(*day, "6 March 2024", "DATE", "2024-03-06"),),
        actors=(BOB, replace(ACME, name="ACME Corporation")),
        mentions=(_mention(text, BOB, "Bob"), _mention(text, ACME, "Acme")),
        events=(event,),
        extractor_version="v1",
    )


def row_counts(con: duckdb.DuckDBPyConnection) -> dict[str, int]:
    return {
        table: con.execute(f"SELECT count(*) FROM {table}").fetchone()[0]  # type: ignore[index]
        for table in TABLES
    }


@pytest.fixture
def con(tmp_path: Path) -> duckdb.DuckDBPyConnection:
    connection = connect(tmp_path / "nested" / "chronicle.duckdb")
    yield connection
    connection.close()


@pytest.fixture
def loaded(con: duckdb.DuckDBPyConnection) -> duckdb.DuckDBPyConnection:
    load.load_extractions(con, [make_first(), make_second()], loaded_at=LOADED_AT)
    return con


def test_connect_creates_parent_directory_and_every_table(tmp_path: Path) -> None:
    path = tmp_path / "deep" / "er" / "w.duckdb"
    con = connect(path)
    assert path.exists()
    assert set(TABLES) <= {name for (name,) in con.execute("SHOW TABLES").fetchall()}
    con.close()


def test_schema_applies_twice_and_survives_reconnect(tmp_path: Path) -> None:
    path = tmp_path / "w.duckdb"
    con = connect(path)
    connection.apply_schema(con)
    load.load_extractions(con, [make_first()], loaded_at=LOADED_AT)
    connection.apply_schema(con)
    con.close()
    con = connect(path)  # applies schema and views a third time, keeping the rows
    assert reads.counts(con)["events"] == 3
    con.close()


def test_connect_drops_primary_keys_schema_sql_no_longer_declares(tmp_path: Path) -> None:
    """A warehouse made when the child tables still had keys: rows kept, keys gone."""
    path = tmp_path / "w.duckdb"
    old = duckdb.connect(str(path))
    old.execute(
        "CREATE TABLE sentences (doc_id VARCHAR NOT NULL, sentence_index INTEGER NOT NULL, "
        "char_start INTEGER NOT NULL, char_end INTEGER NOT NULL, text VARCHAR NOT NULL, "
        "PRIMARY KEY (doc_id, sentence_index))"
    )
    old.execute("INSERT INTO sentences VALUES ('d0', 0, 0, 5, 'Hello'), ('d0', 1, 6, 11, 'World')")
    old.close()

    con = connect(path)
    keyed = {
        table
        for (table,) in con.execute(
            "SELECT table_name FROM duckdb_constraints() WHERE constraint_type = 'PRIMARY KEY'"
        ).fetchall()
    }
    assert "sentences" not in keyed
    assert {"documents", "events", "actors"} <= keyed  # keys schema.sql declares stay
    assert con.execute("SELECT * FROM sentences ORDER BY sentence_index").fetchall() == [
        ("d0", 0, 0, 5, "Hello"),
        ("d0", 1, 6, 11, "World"),
    ]
    tables = {name for (name,) in con.execute("SHOW TABLES").fetchall()}
    assert not [name for name in tables if name.endswith("__keyed")]
    # schema.sql's own definition now: its CHECK refuses a negative offset
    with pytest.raises(duckdb.ConstraintException):
        con.execute("INSERT INTO sentences VALUES ('d1', 0, -1, 3, 'x')")
    con.close()


def test_a_load_runs_on_one_thread_and_restores_the_setting(
    con: duckdb.DuckDBPyConnection, monkeypatch: pytest.MonkeyPatch
) -> None:
    con.execute("SET threads = 3")
    seen: list[int] = []
    real_run = sql.run

    def spying_run(con_: duckdb.DuckDBPyConnection, name: str, *args, **kwargs):
        if name not in ("load/current_threads", "load/set_threads"):  # the setting itself
            seen.append(con_.execute("SELECT current_setting('threads')").fetchone()[0])
        return real_run(con_, name, *args, **kwargs)

    monkeypatch.setattr(sql, "run", spying_run)
    load.load_extractions(con, [make_first()], loaded_at=LOADED_AT)
    assert seen and set(seen) == {1}
    assert con.execute("SELECT current_setting('threads')").fetchone()[0] == 3
    # and after a load that fails inside its transaction
    tables = build_tables([make_first()])
    twice = tables | {"documents": pa.concat_tables([tables["documents"]] * 2)}
    with pytest.raises(ValueError, match="staged twice"):
        load.load_tables(con, twice, loaded_at=LOADED_AT)
    assert con.execute("SELECT current_setting('threads')").fetchone()[0] == 3


def test_read_only_connection_reads_but_cannot_write(tmp_path: Path) -> None:
    path = tmp_path / "w.duckdb"
    connect(path).close()
    reader = connect(path, read_only=True)
    assert reads.counts(reader)["documents"] == 0
    with pytest.raises(duckdb.Error):
        load.load_extractions(reader, [make_first()])
    reader.close()


def test_first_load_writes_every_row(con: duckdb.DuckDBPyConnection) -> None:
    stats = load.load_extractions(con, [make_first(), make_second()], loaded_at=LOADED_AT)
    assert stats == load.LoadStats(
        documents_new=2,
        documents_changed=0,
        documents_skipped=0,
        events_written=4,
        sources_added=2,
    )
    counts = row_counts(con)
    assert counts["documents"] == 2
    assert counts["sentences"] == 4
    assert counts["timexes"] == 3
    assert counts["events"] == 4
    assert counts["actors"] == 3
    assert counts["actor_mentions"] == 5
    assert counts["event_actors"] == 5
    document = con.execute(
        "SELECT published, dct_basis, content_spans, meta, extractor_version, first_seen, "
        "loaded_at FROM documents WHERE doc_id = 'd1'"
    ).fetchone()
    assert document == (
        date(2024, 3, 6),
        "metadata",
        [{"start": 0, "end": 81}],
        {"feed": "test"},
        "v1",
        LOADED_AT,
        LOADED_AT,
    )


def test_actor_seen_twice_in_a_batch_is_one_row_named_by_the_last(
    loaded: duckdb.DuckDBPyConnection,
) -> None:
    assert loaded.execute("SELECT name FROM actors WHERE actor_key = 'acme'").fetchall() == [
        ("ACME Corporation",)
    ]


def test_loading_again_changes_nothing(loaded: duckdb.DuckDBPyConnection) -> None:
    before = row_counts(loaded)
    stats = load.load_extractions(
        loaded, [make_first(), make_second()], loaded_at=datetime(2024, 5, 1)
    )
    assert stats.documents_skipped == 2
    assert stats.documents_new == stats.documents_changed == stats.events_written == 0
    assert row_counts(loaded) == before
    # Skipped documents are not rewritten: their load time stays the first one.
    assert loaded.execute("SELECT DISTINCT loaded_at FROM documents").fetchall() == [(LOADED_AT,)]


def test_new_extractor_version_replaces_the_documents_rows(
    loaded: duckdb.DuckDBPyConnection,
) -> None:
    fewer = make_first_without_acme()
    later = datetime(2024, 5, 1)
    stats = load.load_extractions(loaded, [fewer, make_second()], loaded_at=later)

    assert (stats.documents_changed, stats.documents_skipped, stats.events_written) == (1, 1, 2)
    events = {row[0] for row in loaded.execute("SELECT event_id FROM events").fetchall()}
    assert events == {"d1-e2", "d1-e3", "d2-e1"}
    assert loaded.execute(
        "SELECT count(*) FROM event_actors WHERE event_id = 'd1-e1'"
    ).fetchone() == (0,)
    assert loaded.execute(
        "SELECT extractor_version, first_seen, loaded_at FROM documents WHERE doc_id = 'd1'"
    ).fetchone() == ("v2", LOADED_AT, later)
    counts = row_counts(loaded)
    assert (counts["documents"], counts["actor_mentions"], counts["event_actors"]) == (2, 4, 3)
    # Acme is still named by d2, so it stays.
    assert counts["actors"] == 3


def test_actor_named_only_by_replaced_rows_is_removed(con: duckdb.DuckDBPyConnection) -> None:
    load.load_extractions(con, [make_first()])
    load.load_extractions(con, [make_first_without_acme()])
    assert {key for (key,) in con.execute("SELECT actor_key FROM actors").fetchall()} == {"globex"}


def test_edited_text_under_same_id_and_version_is_replaced(
    loaded: duckdb.DuckDBPyConnection,
) -> None:
    first = make_first()
    edited = replace(first, document=replace(first.document, text=first.document.text + " "))
    stats = load.load_extractions(loaded, [edited])
    assert stats.documents_changed == 1


def test_same_document_from_two_paths_is_one_document_with_two_sources(
    con: duckdb.DuckDBPyConnection,
) -> None:
    stats = load.load_extractions(
        con, [make_first(path="in/a.jsonl"), make_first(path="mirror/a.json")]
    )
    assert stats.documents_new == 1 and stats.sources_added == 2
    assert reads.counts(con)["documents"] == 1
    assert con.execute("SELECT path FROM sources ORDER BY path").fetchall() == [
        ("in/a.jsonl",),
        ("mirror/a.json",),
    ]
    # Seeing it again under a third path only adds that source.
    stats = load.load_extractions(con, [make_first()], paths={"d1": ["third/a.txt"]})
    assert (stats.documents_skipped, stats.sources_added) == (1, 1)
    assert reads.counts(con) | {"sources": 0} == {
        "documents": 1,
        "sources": 0,
        "events": 3,
        "actors": 2,
        "quarantined": 0,
    }
    assert con.execute("SELECT count(*) FROM sources").fetchone() == (3,)


def test_failed_batch_leaves_no_rows(con: duckdb.DuckDBPyConnection) -> None:
    clash = replace(make_second(), events=(replace(make_second().events[0], event_id="d1-e1"),))
    with pytest.raises(duckdb.ConstraintException):
        load.load_extractions(con, [make_first(), clash])
    assert all(count == 0 for count in row_counts(con).values())
    # And the connection is usable again afterwards.
    assert load.load_extractions(con, [make_first()]).documents_new == 1


def test_dangling_actor_reference_is_refused_before_writing(
    con: duckdb.DuckDBPyConnection,
) -> None:
    broken = replace(make_first(), actors=(ACME,))  # Globex is still mentioned
    with pytest.raises(ValueError, match="unknown actor"):
        load.load_extractions(con, [broken])
    assert reads.counts(con)["documents"] == 0


@pytest.mark.parametrize(
    ("broken", "message"),
    [
        (lambda e: replace(e, mentions=(*e.mentions, e.mentions[0])), "mention .* listed twice"),
        (lambda e: replace(e, sentences=(*e.sentences, e.sentences[0])), "sentence 0 is listed"),
        (
            lambda e: replace(
                e,
                events=(
                    replace(e.events[0], participants=e.events[0].participants * 2),
                    *e.events[1:],
                ),
            ),
            "participant of event d1-e1",
        ),
    ],
)
def test_rows_repeating_a_key_are_refused_before_writing(
    con: duckdb.DuckDBPyConnection, broken, message: str
) -> None:
    # The child tables have no primary key (schema.sql), so the loader checks uniqueness.
    with pytest.raises(ValueError, match=message):
        load.load_extractions(con, [broken(make_first())])
    assert reads.counts(con)["documents"] == 0


def test_reloading_and_replacing_never_duplicate_a_documents_rows(
    loaded: duckdb.DuckDBPyConnection,
) -> None:
    load.load_extractions(loaded, [make_first(), make_second()])
    load.load_extractions(loaded, [replace(make_first(), extractor_version="v2")])
    keys = {
        "sentences": "doc_id, sentence_index",
        "timexes": "doc_id, char_start, char_end",
        "actor_aliases": "doc_id, alias, actor_key",
        "actor_mentions": "doc_id, char_start, char_end, actor_key",
        "event_actors": "event_id, actor_key, role, mention_start, mention_end",
        "document_bands": "doc_id, band_key",
    }
    for table, key in keys.items():
        repeated = loaded.execute(
            f"SELECT count(*) FROM (SELECT {key} FROM {table} GROUP BY ALL HAVING count(*) > 1)"
        ).fetchone()
        assert repeated == (0,), table
        assert loaded.execute(f"SELECT count(*) FROM {table}").fetchone()[0] > 0, table


def test_timexes_are_stored_with_the_days_their_value_denotes(
    con: duckdb.DuckDBPyConnection,
) -> None:
    load.load_extractions(con, [make_first()])
    rows = con.execute(
        "SELECT value, date_start, date_end, precision FROM timexes ORDER BY char_start"
    ).fetchall()
    assert rows == [
        ("2024-03-05", date(2024, 3, 5), date(2024, 3, 5), "day"),
        ("2024-03", date(2024, 3, 1), date(2024, 3, 31), "month"),
    ]


def test_timeline_has_the_required_columns_and_one_row_per_event_actor(
    loaded: duckdb.DuckDBPyConnection,
) -> None:
    cursor = loaded.execute("SELECT * FROM timeline ORDER BY event_id, actor")
    columns = [column[0] for column in cursor.description]
    assert [column for column in columns if column in TIMELINE_COLUMNS] == TIMELINE_COLUMNS
    rows = [dict(zip(columns, row, strict=True)) for row in cursor.fetchall()]
    assert [(row["event_id"], row["actor"], row["role"]) for row in rows] == [
        ("d1-e1", "ACME Corporation", "agent"),
        ("d1-e1", "Globex", "patient"),
        ("d1-e2", "Globex", "agent"),
        ("d1-e3", None, None),
        ("d2-e1", "ACME Corporation", "patient"),
        ("d2-e1", "Bob Smith", "agent"),
    ]
    sued = rows[0]
    text = make_first().document.text
    assert text[sued["char_start"] : sued["char_end"]] == "sued"
    assert sued["sentence"] == "Acme sued Globex on 5 March 2024."
    assert (sued["title"], sued["published"], sued["date_start"]) == (
        "Acme sues Globex",
        date(2024, 3, 6),
        date(2024, 3, 5),
    )
    month = rows[2]
    assert (month["date_precision"], month["date_start"], month["date_end"]) == (
        "month",
        date(2024, 3, 1),
        date(2024, 3, 31),
    )


def test_actor_with_two_roles_in_one_event_is_one_timeline_row(
    con: duckdb.DuckDBPyConnection,
) -> None:
    first = make_first()
    sued = first.events[0]
    twice = replace(
        sued, participants=(*sued.participants, replace(sued.participants[0], role="other"))
    )
    load.load_extractions(con, [replace(first, events=(twice,))])
    assert con.execute("SELECT actor_key, role FROM timeline ORDER BY actor_key").fetchall() == [
        ("acme", "agent"),
        ("globex", "patient"),
    ]


def test_actor_activity_counts_events_and_dates(loaded: duckdb.DuckDBPyConnection) -> None:
    rows = loaded.execute(
        "SELECT actor_key, events, documents, first_date, last_date FROM actor_activity "
        "ORDER BY actor_key"
    ).fetchall()
    assert rows == [
        ("acme", 2, 2, date(2024, 3, 5), date(2024, 3, 6)),
        ("bob", 1, 1, date(2024, 3, 6), date(2024, 3, 6)),
        ("globex", 2, 1, date(2024, 3, 1), date(2024, 3, 31)),
    ]


def test_quarantining_the_same_rejection_twice_keeps_one_row(
    con: duckdb.DuckDBPyConnection,
) -> None:
    bad = Rejection("in/bad.jsonl", "not valid JSON", "JSONDecodeError", line=3)
    whole_file = Rejection("in/empty.txt", "empty file", "EmptyInput")
    first = datetime(2024, 4, 1)
    assert runs.quarantine(con, [bad, bad, whole_file], "run-1", at=first) == 2
    runs.quarantine(con, [bad, whole_file], "run-2", at=datetime(2024, 4, 2))
    rows = con.execute(
        "SELECT path, line, run_id, first_quarantined_at, quarantined_at FROM quarantine "
        "ORDER BY path"
    ).fetchall()
    assert rows == [
        ("in/bad.jsonl", 3, "run-2", first, datetime(2024, 4, 2)),
        ("in/empty.txt", None, "run-2", first, datetime(2024, 4, 2)),
    ]
    assert reads.counts(con)["quarantined"] == 2


def test_run_is_started_and_finished_with_its_totals(con: duckdb.DuckDBPyConnection) -> None:
    runs.start_run(con, "run-1", "v1", started_at=datetime(2024, 4, 1, 9))
    stats = load.load_extractions(con, [make_first()]) + load.load_extractions(
        con, [make_first(), make_second()]
    )
    runs.finish_run(
        con, "run-1", "completed", stats, quarantined=1, finished_at=datetime(2024, 4, 1, 10)
    )
    assert con.execute(
        "SELECT state, documents_seen, documents_new, documents_changed, documents_skipped, "
        "quarantined, events_written, extractor_version, finished_at FROM runs"
    ).fetchall() == [("completed", 3, 2, 0, 1, 1, 4, "v1", datetime(2024, 4, 1, 10))]


def test_finishing_an_unknown_run_fails(con: duckdb.DuckDBPyConnection) -> None:
    with pytest.raises(LookupError):
        runs.finish_run(con, "never-started", "failed")


def test_fetch_binds_parameters(loaded: duckdb.DuckDBPyConnection) -> None:
    one = reads.fetch(loaded, "actor_counts", top_actors=1)
    assert [(row["actor_key"], row["events"]) for row in one] == [("acme", 2)]
    hostile = reads.fetch(loaded, "entity_timeline", entity="acme' OR '1'='1", key_only=False)
    assert hostile == []
    assert reads.fetch(loaded, "entity_timeline", entity="acme", key_only=False)


def test_fetch_refuses_unknown_query_names(loaded: duckdb.DuckDBPyConnection) -> None:
    for name in ("nope", "../schema", "actor_counts.sql"):
        with pytest.raises(KeyError):
            reads.fetch(loaded, name)


def test_only_missing_or_stale_documents_need_extraction(
    loaded: duckdb.DuckDBPyConnection,
) -> None:
    first, second = make_first().document, make_second().document
    edited = replace(second, text=second.text + " More.")
    unseen = replace(first, doc_id="d3")
    todo = freshness.documents_needing_extraction(loaded, [first, edited, unseen], "v1")
    assert [(doc.doc_id, doc.text) for doc in todo] == [("d2", edited.text), ("d3", first.text)]
    assert len(freshness.documents_needing_extraction(loaded, [first, second], "v2")) == 2


def test_paths_of_documents_left_out_of_the_batch_are_recorded_if_stored(
    loaded: duckdb.DuckDBPyConnection,
) -> None:
    stats = load.load_extractions(
        loaded, [], paths={"d1": ["copy/a.jsonl"], "never-loaded": ["x.jsonl"]}
    )
    assert stats == load.LoadStats(sources_added=1)
    assert loaded.execute("SELECT doc_id, path FROM sources ORDER BY doc_id, path").fetchall() == [
        ("d1", "copy/a.jsonl"),
        ("d1", "in/a.jsonl"),
        ("d2", "in/b.jsonl"),
    ]


def test_finish_run_accepts_prefect_states_and_any_totals(
    con: duckdb.DuckDBPyConnection,
) -> None:
    @dataclass
    class FlowSummary:
        documents_seen: int = 5
        documents_new: int = 1
        documents_changed: int = 1
        documents_skipped: int = 3
        events_written: int = 7

    runs.start_run(con, "run-9", "v3")
    runs.quarantine(con, [Rejection("a", "bad", "E"), Rejection("b", "bad", "E")], "run-9")
    runs.quarantine(con, [Rejection("c", "bad", "E")], "another-run")
    runs.finish_run(con, "run-9", "COMPLETED", FlowSummary())
    assert con.execute(
        "SELECT state, documents_seen, documents_skipped, events_written, quarantined FROM runs"
    ).fetchall() == [("completed", 5, 3, 7, 2)]
    with pytest.raises(ValueError, match="unknown run state"):
        runs.finish_run(con, "run-9", "EXPLODED")


def test_a_path_whose_text_changed_retires_the_old_document(
    loaded: duckdb.DuckDBPyConnection,
) -> None:
    # d1 came from in/a.jsonl; the file now holds d2's text only.
    removed = load.retire_replaced(loaded, {"in/a.jsonl": ["d2"]})
    assert removed == 1
    assert loaded.execute("SELECT doc_id FROM documents").fetchall() == [("d2",)]
    assert loaded.execute("SELECT count(*) FROM events WHERE doc_id = 'd1'").fetchone() == (0,)
    assert loaded.execute("SELECT count(*) FROM sentences WHERE doc_id = 'd1'").fetchone() == (0,)


def test_a_text_still_found_under_another_path_is_kept(
    loaded: duckdb.DuckDBPyConnection,
) -> None:
    load.load_extractions(loaded, [], {"d1": ["mirror/a.txt"]})
    assert load.retire_replaced(loaded, {"in/a.jsonl": []}) == 0
    assert loaded.execute("SELECT path FROM sources WHERE doc_id = 'd1'").fetchall() == [
        ("mirror/a.txt",)
    ]
    assert loaded.execute("SELECT count(*) FROM events WHERE doc_id = 'd1'").fetchone()[0] > 0


def test_a_path_that_still_holds_its_text_changes_nothing(
    loaded: duckdb.DuckDBPyConnection,
) -> None:
    before = reads.counts(loaded)
    assert load.retire_replaced(loaded, {"in/a.jsonl": ["d1"]}) == 0
    assert reads.counts(loaded) == before


def test_connect_reapplies_the_schema_only_when_its_files_changed(tmp_path: Path) -> None:
    path = tmp_path / "w.duckdb"
    connect(path).close()
    con = duckdb.connect(str(path))
    con.execute("DROP VIEW timeline")
    con.close()
    con = connect(path)  # same files: not applied again (a cost per batch otherwise)
    assert not con.execute("SELECT * FROM duckdb_views() WHERE view_name = 'timeline'").fetchall()
    con.execute("UPDATE schema_applied SET sha = 'an older schema'")
    con.close()
    con = connect(path)
    assert con.execute("SELECT count(*) FROM timeline").fetchone() == (0,)
    con.close()


def test_sources_current_tells_whether_a_batch_would_change_nothing(
    loaded: duckdb.DuckDBPyConnection,
) -> None:
    first = make_first()
    path = first.document.path
    assert freshness.sources_current(loaded, {"d1": [path]}, {path: ["d1"]})
    # A copy under a new path still has to be recorded.
    assert not freshness.sources_current(loaded, {"d1": [path, "in/copy.txt"]}, {path: ["d1"]})
    # The path now holds another text: the old one must be retired.
    assert not freshness.sources_current(loaded, {"d1": [path]}, {path: ["d9"]})
    # A text not stored yet (its extraction still in flight) is not recorded.
    assert not freshness.sources_current(loaded, {"d9": ["in/new.txt"]}, {"in/new.txt": ["d9"]})
    assert freshness.sources_current(loaded, {}, {})


def test_the_swimlane_leaves_out_decade_and_century_dates(con: duckdb.DuckDBPyConnection) -> None:
    first = make_first()
    century = replace(
        first.events[0].date,
        value="20",
        start=date(2000, 1, 1),
        end=date(2099, 12, 31),
        precision="century",
    )
    events = (replace(first.events[0], date=century), *first.events[1:])
    load.load_extractions(con, [replace(first, events=events)])
    marks = reads.fetch(con, "swimlane_marks", top_actors=5, max_marks=50, max_text=80, bin="day")
    assert marks, "the other dated events still have marks"
    assert all(mark["date_precision"] != "century" for mark in marks)
    assert max(mark["date_end"] for mark in marks) < date(2025, 1, 1)
    # The event itself is still in the timeline, with its century.
    assert con.execute(
        "SELECT DISTINCT date_precision FROM timeline WHERE event_id = 'd1-e1'"
    ).fetchall() == [("century",)]

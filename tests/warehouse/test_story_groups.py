"""Near-duplicate story groups in the warehouse: stored signatures, groups recomputed once
per run, and charts that count a syndicated story's happenings once."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import duckdb
import pytest

from transforms.deduplication.near_duplicates import band_keys
from transforms.extraction.signature import NUM_HASHES, document_signature
from transforms.model import (
    Actor,
    Document,
    Event,
    EventDate,
    Extraction,
    Mention,
    Participant,
    Sentence,
    Span,
)
from warehouse import deduplication, freshness, load, reads
from warehouse.connection import connect

BANK = Actor("organisation:central bank", "Central Bank", "organisation")
LOPEZ = Actor("person:maria lopez", "Maria Lopez", "person")
THURSDAY = date(2024, 4, 11)
UNDATED = EventDate(None, None, None, "unknown", None, "unanchored")

# The wire story: six paragraphs, each one sentence here. Three events: a dated one with
# the bank, an undated one naming Lopez and the bank (the clustering rule cannot fold it:
# it has no date), and an undated one with no actor at all.
WIRE = (
    "The central bank raised its main interest rate by a quarter of a percentage point on "
    "Thursday, its third increase this year, saying inflation was still running well above "
    "target.",
    "Governor Maria Lopez told reporters the bank was prepared to act again if price "
    "pressures did not ease, adding that wage growth remained strong and the labour market "
    "tight.",
    "Markets had expected the move after figures last week showed consumer prices rising at "
    "an annual rate of 4.1 percent in March, up from 3.8 percent in February.",
    "The decision was backed by six of the nine members of the monetary policy committee, "
    "while three voted to keep rates on hold, according to minutes published alongside the "
    "statement.",
    "Analysts said the split vote suggested the tightening cycle was nearing its end, and "
    "several banks pushed back their forecasts for a first cut to the second half of next "
    "year.",
    "The currency rose half a percent against the dollar after the announcement, while "
    "government bond yields climbed to their highest level in more than a decade.",
)
# Two outlets' copies: other headline, byline and ads, one paragraph cut from the second.
COPY_A = (
    "Central bank lifts rates again",
    ("By Tom Ward, Reuters", *WIRE, "Sign up for our daily business newsletter."),
)
COPY_B = (
    "RATES UP FOR THIRD TIME",
    ("Advertisement", *WIRE[:-1], "Share this story on social media.", "(Editing by Ann Lee)"),
)
OTHER = (
    "Floods force families from homes",
    (
        "Heavy rain caused flooding across the northern region on Sunday, forcing hundreds of "
        "families from their homes as rivers burst their banks, emergency services said.",
        "Rescue teams used boats to reach villages cut off by the water, and the army was "
        "called in to help build barriers around the regional capital.",
    ),
)

COUNCIL = (
    "Council delays road plan",
    (
        "A council meeting about roads and bins ran late on Monday, and residents asked why "
        "the repairs promised last spring had still not started on the main street.",
    ),
)


def _at(text: str, needle: str, after: int = 0) -> tuple[int, int]:
    start = text.index(needle, after)
    return start, start + len(needle)


def build(doc_id: str, story: tuple[str, tuple[str, ...]], version: str = "v1") -> Extraction:
    """An extraction of a headline (left out of the content) and one sentence per paragraph,
    with the wire story's three events wherever its paragraphs appear."""
    headline, paragraphs = story
    text = "\n\n".join((headline, *paragraphs))
    body = len(headline) + 2
    sentences = []
    for index, paragraph in enumerate(paragraphs):
        start = text.index(paragraph, body)
        sentences.append(Sentence(index, start, start + len(paragraph), paragraph))
    events: list[Event] = []
    mentions: list[Mention] = []
    actors: dict[str, Actor] = {}

    def mention(actor: Actor, name: str, sentence: Sentence) -> tuple[int, int]:
        start, end = _at(text, name, sentence.start)
        mentions.append(Mention(start, end, name, actor.key))
        actors[actor.key] = actor
        return start, end

    def event(sentence: Sentence, trigger: str, kind: str, when: EventDate, *who) -> None:
        start, end = _at(text, trigger, sentence.start)
        events.append(
            Event(
                event_id=f"{doc_id}-e{len(events) + 1}",
                doc_id=doc_id,
                sentence_index=sentence.index,
                trigger=trigger,
                lemma=trigger.removesuffix("ed").removesuffix("d"),
                start=start,
                end=end,
                event_type=kind,
                date=when,
                participants=tuple(
                    Participant(actor.key, role, *mention(actor, name, sentence))
                    for actor, name, role in who
                ),
            )
        )

    for sentence in sentences:
        if sentence.text == WIRE[0]:
            day = EventDate(THURSDAY.isoformat(), THURSDAY, THURSDAY, "day", "Thursday", "relative")
            event(sentence, "raised", "ECONOMIC", day, (BANK, "central bank", "agent"))
        elif sentence.text == WIRE[1]:
            event(
                sentence,
                "told",
                "STATEMENT",
                UNDATED,
                (LOPEZ, "Maria Lopez", "agent"),
                (BANK, "bank", "other"),
            )
        elif sentence.text == WIRE[2]:
            event(sentence, "expected", "OTHER", UNDATED)
    document = Document(
        doc_id=doc_id,
        text=text,
        content=(Span(body, len(text)),),
        title=headline,
        source=doc_id,
        url=None,
        language="en",
        byline=None,
        place=None,
        dct=date(2024, 4, 12),
        dct_basis="metadata",
        path=f"in/{doc_id}.txt",
    )
    return Extraction(
        document=document,
        sentences=tuple(sentences),
        timexes=(),
        actors=tuple(actors.values()),
        mentions=tuple(mentions),
        events=tuple(events),
        extractor_version=version,
    )


@pytest.fixture
def con(tmp_path: Path) -> duckdb.DuckDBPyConnection:
    connection = connect(tmp_path / "w.duckdb")
    yield connection
    connection.close()


def load_story(con: duckdb.DuckDBPyConnection) -> None:
    """Copy "zeta" is loaded first, so it names the group although "alpha" sorts first."""
    load.load_extractions(con, [build("zeta", COPY_A)], loaded_at=datetime(2024, 4, 12, 8))
    load.load_extractions(
        con,
        [build("alpha", COPY_B), build("floods", OTHER)],
        loaded_at=datetime(2024, 4, 12, 9),
    )
    assert freshness.clusters_stale(con) and freshness.story_groups_stale(con)
    deduplication.recluster(con)  # regroups stories first: the run's one step
    assert not freshness.clusters_stale(con) and not freshness.story_groups_stale(con)


def groups(con: duckdb.DuckDBPyConnection) -> dict[str, str]:
    return dict(con.execute("SELECT doc_id, group_id FROM story_groups").fetchall())


def test_signatures_and_band_keys_are_stored_at_load(con: duckdb.DuckDBPyConnection) -> None:
    extraction = build("zeta", COPY_A)
    load.load_extractions(con, [extraction])
    expected = document_signature(extraction.document)
    stored = con.execute("SELECT minhashes, shingles FROM document_signatures").fetchall()
    assert stored == [(list(expected.minhashes), expected.shingles)]
    assert len(stored[0][0]) == NUM_HASHES and expected.shingles > 100
    bands = {key for (key,) in con.execute("SELECT band_key FROM document_bands").fetchall()}
    assert bands == set(band_keys(expected)) and len(bands) == NUM_HASHES // 2
    # Loading no groups: that is the run's once-per-run step, not the load's.
    assert groups(con) == {}


def test_syndicated_copies_are_one_story_named_by_the_first_loaded(
    con: duckdb.DuckDBPyConnection,
) -> None:
    load_story(con)
    assert groups(con) == {"zeta": "zeta", "alpha": "zeta", "floods": "floods"}
    timeline = dict(con.execute("SELECT DISTINCT doc_id, story_group FROM timeline").fetchall())
    assert timeline == {"zeta": "zeta", "alpha": "zeta"}
    documents = {row["doc_id"]: row["story_group"] for row in reads.fetch(
        con, "documents", max_documents=10
    )}  # fmt: skip
    assert documents == {"zeta": "zeta", "alpha": "zeta", "floods": "floods"}


def test_each_copied_mention_is_one_happening(con: duckdb.DuckDBPyConnection) -> None:
    load_story(con)
    clusters = dict(con.execute("SELECT event_id, cluster_id FROM event_clusters").fetchall())
    # The dated event by the clustering rule, the two undated ones as copies of a sentence.
    assert clusters == {
        "alpha-e1": "alpha-e1",
        "zeta-e1": "alpha-e1",
        "alpha-e2": "alpha-e2",
        "zeta-e2": "alpha-e2",
        "alpha-e3": "alpha-e3",
        "zeta-e3": "alpha-e3",
    }
    folded = con.execute(
        "SELECT trigger, mentions, sources, stories FROM timeline_clusters ORDER BY 1"
    ).fetchall()
    assert folded == [("expected", 2, 2, 1), ("raised", 2, 2, 1), ("told", 2, 2, 1)]


def test_charts_count_each_happening_once(con: duckdb.DuckDBPyConnection) -> None:
    load_story(con)
    volume = reads.fetch(con, "event_volume", unit="week")
    assert volume == [
        {"period": date(2024, 4, 8), "event_type": "ECONOMIC", "events": 1, "mentions": 2}
    ]
    actors = {
        row["actor"]: (row["events"], row["dated_events"], row["mentions"], row["stories"])
        for row in reads.fetch(con, "actor_counts", top_actors=10)
    }
    assert actors == {"Central Bank": (2, 1, 4, 1), "Maria Lopez": (1, 0, 2, 1)}
    marks = reads.fetch(con, "swimlane_marks", top_actors=5, max_marks=50, max_text=80, bin="day")
    assert [(m["actor"], m["date_start"], m["events"]) for m in marks] == [
        ("Central Bank", THURSDAY, 1)
    ]
    pairs = reads.fetch(con, "cooccurrence", top_actors=5)
    assert {(p["actor"], p["other"], p["events"]) for p in pairs} == {
        ("Central Bank", "Maria Lopez", 1),
        ("Maria Lopez", "Central Bank", 1),
    }
    counts = reads.fetch(con, "dashboard_counts")[0]
    assert (counts["documents"], counts["stories"]) == (3, 2)
    assert (counts["events"], counts["happenings"], counts["dated_events"]) == (6, 3, 2)


def test_replacing_a_copy_with_another_story_regroups_it(
    con: duckdb.DuckDBPyConnection,
) -> None:
    load_story(con)
    edited = build("alpha", COUNCIL, version="v2")
    load.load_extractions(con, [edited])
    assert freshness.story_groups_stale(con) and freshness.clusters_stale(con)
    assert con.execute("SELECT count(*) FROM document_signatures").fetchone() == (3,)
    stored = con.execute(
        "SELECT minhashes FROM document_signatures WHERE doc_id = 'alpha'"
    ).fetchone()
    assert stored == (list(document_signature(edited.document).minhashes),)
    deduplication.recluster(con)
    assert groups(con) == {"zeta": "zeta", "alpha": "alpha", "floods": "floods"}
    assert reads.fetch(con, "event_volume", unit="week") == [
        {"period": date(2024, 4, 8), "event_type": "ECONOMIC", "events": 1, "mentions": 1}
    ]


def test_retired_documents_leave_no_signature_or_group(con: duckdb.DuckDBPyConnection) -> None:
    load_story(con)
    assert load.retire_replaced(con, {"in/alpha.txt": []}) == 1
    for table in ("document_signatures", "document_bands", "story_groups"):
        held = con.execute(f"SELECT count(*) FROM {table} WHERE doc_id = 'alpha'").fetchone()
        assert held == (0,), table
    assert not freshness.story_groups_stale(con)  # the survivors' groups still hold
    assert freshness.clusters_stale(con)  # but alpha's events left cluster rows behind
    deduplication.recluster(con)
    assert groups(con) == {"zeta": "zeta", "floods": "floods"}


def test_a_document_with_no_near_duplicate_is_its_own_group(
    con: duckdb.DuckDBPyConnection,
) -> None:
    load.load_extractions(con, [build("floods", OTHER), build("zeta", COPY_A)])
    assert deduplication.regroup_stories(con) == 0
    assert groups(con) == {"floods": "floods", "zeta": "zeta"}
    assert not freshness.story_groups_stale(con)


def test_documents_stored_before_signatures_are_signed_once_when_grouped(
    con: duckdb.DuckDBPyConnection,
) -> None:
    load.load_extractions(con, [build("zeta", COPY_A), build("alpha", COPY_B)])
    before = con.execute("SELECT doc_id, minhashes, shingles FROM document_signatures").fetchall()
    con.execute("DELETE FROM document_signatures")
    con.execute("DELETE FROM document_bands")
    assert deduplication.regroup_stories(con) == 1
    after = con.execute("SELECT doc_id, minhashes, shingles FROM document_signatures").fetchall()
    assert sorted(after) == sorted(before)
    assert con.execute("SELECT count(*) FROM document_bands").fetchone() == (NUM_HASHES,)
    assert set(groups(con).values()) == {"alpha"}  # same first_seen: then the smaller id


def test_copies_fold_only_within_a_story(con: duckdb.DuckDBPyConnection) -> None:
    """Two unrelated documents that share one sentence are not copies of each other."""
    shared = ("Headline", (WIRE[1], *OTHER[1]))
    other = ("Another", (WIRE[1], *COUNCIL[1]))
    load.load_extractions(con, [build("d1", shared), build("d2", other)])
    deduplication.recluster(con)
    assert groups(con) == {"d1": "d1", "d2": "d2"}
    clusters = dict(con.execute("SELECT event_id, cluster_id FROM event_clusters").fetchall())
    assert clusters == {"d1-e1": "d1-e1", "d2-e1": "d2-e1"}

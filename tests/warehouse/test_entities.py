"""Entity timelines, aliases, canonical actors across documents and duplicate clusters."""

from __future__ import annotations

from datetime import date

import duckdb
import pytest

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

DAY = date(2025, 5, 9)


def _extraction(doc_id: str, text: str, actor: Actor, alias: str, lemma: str, day: date | None):
    start = text.index(alias)
    mention = Mention(start, start + len(alias), alias, actor.key)
    trigger = text.index(" " + lemma[:2]) + 1
    when = (
        EventDate(day.isoformat(), day, day, "day", "Friday", "relative", 0, 6)
        if day
        else EventDate(None, None, None, "unknown", None, "unanchored")
    )
    event = Event(
        event_id=f"{doc_id}-e1",
        doc_id=doc_id,
        sentence_index=0,
        trigger=lemma,
        lemma=lemma,
        start=trigger,
        end=trigger + 4,
        event_type="CONSULT",
        date=when,
        participants=(Participant(actor.key, "agent", mention.start, mention.end),),
        event_class="OCCURRENCE",
        modality="reported",
        attribution="KCNA",
        quad_class="verbal cooperation",
        anchor_basis="governing" if day else "unanchored",
    )
    document = Document(
        doc_id=doc_id, text=text, content=(Span(0, len(text)),), title=doc_id, source=None,
        url=None, language="en", byline=None, place=None, dct=DAY, dct_basis="metadata",
        path=f"{doc_id}.txt",
    )  # fmt: skip
    return Extraction(
        document=document,
        sentences=(Sentence(0, 0, len(text), text),),
        timexes=(),
        actors=(actor,),
        mentions=(mention,),
        events=(event,),
        extractor_version="v",
    )


def _load() -> duckdb.DuckDBPyConnection:
    con = connect(":memory:")
    putin = Actor("person:vladimir putin", "Vladimir Putin", "person", aliases=("Putin",))
    short = Actor("person:putin", "Putin", "person")
    load.load_extractions(
        con,
        [
            _extraction(
                "d1", "Friday Vladimir Putin meets Kim.", putin, "Vladimir Putin", "meet", DAY
            ),
            _extraction("d2", "Friday Putin meets Kim in Moscow.", short, "Putin", "meet", DAY),
            _extraction("d3", "Putin visited a school.", short, "Putin", "visit", None),
        ],
    )
    assert freshness.clusters_stale(con)
    deduplication.recluster(con)
    assert not freshness.clusters_stale(con)
    return con


def test_entity_timeline_finds_the_actor_by_any_name_across_documents() -> None:
    con = _load()
    for name in ("Vladimir Putin", "putin", "person:vladimir putin"):
        rows = reads.entity_timeline(con, name)
        assert [r["doc_id"] for r in rows] == ["d1", "d2", "d3"], name
    first = reads.entity_timeline(con, "Putin")[0]
    assert (first["modality"], first["attribution"], first["anchor_basis"]) == (
        "reported",
        "KCNA",
        "governing",
    )
    assert reads.entity_timeline(con, "Kim Jong Un") == []


def test_deleting_an_event_makes_the_clusters_stale() -> None:
    con = _load()
    con.execute("DELETE FROM events WHERE event_id = 'd3-e1'")
    assert freshness.clusters_stale(con)


def test_duplicates_fold_into_one_cluster_with_counts() -> None:
    con = _load()
    clusters = dict(con.execute("SELECT event_id, cluster_id FROM event_clusters").fetchall())
    assert clusters == {"d1-e1": "d1-e1", "d2-e1": "d1-e1", "d3-e1": "d3-e1"}
    rows = con.execute(
        "SELECT cluster_id, mentions, sources, trigger FROM timeline_clusters ORDER BY 1"
    ).fetchall()
    assert rows == [("d1-e1", 2, 2, "meet"), ("d3-e1", 1, 1, "visit")]
    aliases = con.execute(
        "SELECT alias FROM actor_aliases WHERE actor_key = 'person:vladimir putin' ORDER BY 1"
    ).fetchall()
    assert aliases == [("Putin",), ("Vladimir Putin",)]


def _load_people(*stories: tuple[str, str, str]) -> duckdb.DuckDBPyConnection:
    """One document per (doc id, actor key, name as written): "Friday NAME meets Kim."."""
    con = connect(":memory:")
    extractions = []
    for doc, key, written in stories:
        actor = Actor(key, written, key.split(":")[0])  # type: ignore[arg-type]
        text = f"Friday {written} meets Kim."
        extractions.append(_extraction(doc, text, actor, written, "meet", DAY))
    load.load_extractions(con, extractions)
    return con


def _timeline_actors(con: duckdb.DuckDBPyConnection) -> dict[str, tuple[str, str, str]]:
    rows = con.execute("SELECT doc_id, actor_key, actor, actor_type FROM timeline").fetchall()
    return {doc: (key, name, kind) for doc, key, name, kind in rows}


def test_timeline_names_every_actor_by_its_canonical_name_across_documents() -> None:
    con = _load()
    assert {v for v in _timeline_actors(con).values()} == {
        ("person:vladimir putin", "Vladimir Putin", "person")
    }
    # The chart's bars count one actor, not "Putin" and "Vladimir Putin" apart.
    bars = reads.fetch(con, "actor_counts", top_actors=10)
    assert [(b["actor"], b["events"]) for b in bars] == [("Vladimir Putin", 2)]


def test_an_acronym_stories_spelled_out_is_that_organisation_in_every_story() -> None:
    con = connect(":memory:")

    def org(key: str, name: str) -> Actor:
        return Actor(f"organisation:{key}", name, "organisation")

    hsa = org("harbour safety authority", "Harbour Safety Authority")
    misspelt = org("harbor safety authority", "Harbor Safety Authority")
    stories = [
        # d1 defined it ("the Harbour Safety Authority (HSA)"): its "HSA" is the agency
        ("d1", hsa, "HSA"),
        *[(f"d1{n}", hsa, "Harbour Safety Authority") for n in range(4)],
        ("d2", org("hsa", "HSA"), "HSA"),
        # one story misspelt it: the name mentioned five times as often wins
        ("d3", misspelt, "HSA"),
        # spelled out two ways as often: the acronym stays itself
        ("d4", org("hsb", "HSB"), "HSB"),
        ("d5", org("hill street bank", "Hill Street Bank"), "HSB"),
        ("d6", org("high seas board", "High Seas Board"), "HSB"),
    ]
    load.load_extractions(
        con,
        [
            _extraction(doc, f"Friday {written} meets Kim.", actor, written, "meet", DAY)
            for doc, actor, written in stories
        ],
    )
    found = _timeline_actors(con)
    assert found["d2"] == found["d1"] == (hsa.key, hsa.name, "organisation")
    assert found["d3"] == (misspelt.key, misspelt.name, "organisation")
    assert found["d4"] == ("organisation:hsb", "HSB", "organisation")


def test_a_company_named_with_corp_is_the_one_named_without_it() -> None:
    con = connect(":memory:")

    def org(key: str, name: str) -> Actor:
        return Actor(f"organisation:{key}", name, "organisation")

    stories = [
        ("d1", org("harbourline corp", "Harbourline Corp")),
        ("d2", org("harbourline", "Harbourline")),
        ("d3", org("harbourline co.", "Harbourline Co.")),
        # no story names it without the word (its own): its forms are one, the most mentioned
        ("d4", org("deposit insurance corp.", "Deposit Insurance Corp.")),
        ("d5", org("deposit insurance corp.", "Deposit Insurance Corp.")),
        ("d6", org("deposit insurance corporation", "Deposit Insurance Corporation")),
    ]
    load.load_extractions(
        con,
        [
            _extraction(doc, f"Friday {a.name} meets Kim.", a, a.name, "meet", DAY)
            for doc, a in stories
        ],
    )
    found = _timeline_actors(con)
    harbourline = ("organisation:harbourline", "Harbourline", "organisation")
    assert found["d1"] == found["d2"] == found["d3"] == harbourline
    insurer = ("organisation:deposit insurance corp.", "Deposit Insurance Corp.", "organisation")
    assert found["d4"] == found["d6"] == insurer


def test_a_company_one_story_wrote_with_its_legal_form_is_one_in_every_story() -> None:
    """The model called "Kestrel" a place in three stories and one wrote "Kestrel Ltd": the
    legal form is the text's own word for what it is. Without one ("Osprey"), the commoner
    type wins as before."""
    con = connect(":memory:")
    kestrel = Actor("organisation:kestrel", "Kestrel", "organisation", aliases=("Kestrel Ltd",))
    osprey = Actor("organisation:osprey", "Osprey", "organisation", aliases=("the firm",))
    stories = [
        ("d1", kestrel, "Kestrel Ltd"),
        *[(f"d{n}", Actor("place:kestrel", "Kestrel", "place"), "Kestrel") for n in (2, 3, 4)],
        ("d5", osprey, "Osprey"),
        *[(f"d{n}", Actor("place:osprey", "Osprey", "place"), "Osprey") for n in (6, 7, 8)],
    ]
    load.load_extractions(
        con,
        [
            _extraction(doc, f"Friday {written} meets Kim.", actor, written, "meet", DAY)
            for doc, actor, written in stories
        ],
    )
    found = _timeline_actors(con)
    assert {found[doc] for doc in ("d1", "d2", "d3", "d4")} == {
        ("organisation:kestrel", "Kestrel", "organisation")
    }
    assert {found[doc] for doc in ("d5", "d6", "d7", "d8")} == {("place:osprey", "Osprey", "place")}


def _person(key: str, name: str) -> tuple[str, str, str]:
    return (key, name, "person")


def _organisation(folded: str, name: str) -> tuple[str, str, str]:
    return (f"organisation:{folded}", name, "organisation")


_TOMAS_REYES = _person("person:tomas reyes", "Tomas Reyes")
_VANTARO = _organisation("vantaro", "Vantaro")
_HARBOUR_PATROL = _organisation("harbour patrol", "Harbour Patrol")


@pytest.mark.parametrize(
    ("stories", "expected"),
    [
        pytest.param(
            [
                ("d1", "person:ana maria costa da silva", "Ana María Costa da Silva"),
                ("d2", "person:costa", "Costa"),
            ],
            {"d2": _person("person:ana maria costa da silva", "Ana María Costa da Silva")},
            id="a surname joins the one full name that has it in any place",
        ),
        pytest.param(
            [
                ("d1", "person:kim jong un", "Kim Jong Un"),
                ("d2", "person:kim yong bok", "Kim Yong Bok"),
                ("d3", "person:kim", "Kim"),
            ],
            {"d3": _person("person:kim", "Kim")},
            id="a surname two people share stays itself",
        ),
        pytest.param(
            [
                *[(f"d{n}", "person:tomas reyes", "Tomas Reyes") for n in range(5)],
                ("d5", "person:ana reyes", "Ana Reyes"),
                ("d6", "person:reyes", "Reyes"),
                ("d7", "person:tomas ortiz", "Tomas Ortiz"),
                ("d8", "person:tomas", "Tomas"),  # a given name: only one full name's
            ],
            {"d6": _TOMAS_REYES, "d8": _person("person:tomas", "Tomas")},
            id="the prominent bearer of a surname is called by it alone",
        ),
        pytest.param(
            [
                ("d1", "person:tomas reyes", "Tomas Reyes"),
                ("d2", "person:tomas j. reyes jr.", "Tomas J. Reyes Jr."),
                ("d3", "person:tomas j. reyes jr.", "Tomas J. Reyes Jr."),
                # two with other initials or suffixes reduce to one name: three people
                ("d4", "person:ana ortiz", "Ana Ortiz"),
                ("d5", "person:ana m. ortiz", "Ana M. Ortiz"),
                ("d6", "person:ana l. m. ortiz", "Ana L. M. Ortiz"),
                ("d7", "person:eva ruiz", "Eva Ruiz"),
                ("d8", "person:eva ruiz jr.", "Eva Ruiz Jr."),
                ("d9", "person:eva ruiz sr.", "Eva Ruiz Sr."),
            ],
            {
                "d1": _person("person:tomas j. reyes jr.", "Tomas J. Reyes Jr."),
                "d2": _person("person:tomas j. reyes jr.", "Tomas J. Reyes Jr."),
                "d4": _person("person:ana ortiz", "Ana Ortiz"),
                "d5": _person("person:ana m. ortiz", "Ana M. Ortiz"),
                "d6": _person("person:ana l. m. ortiz", "Ana L. M. Ortiz"),
                "d7": _person("person:eva ruiz", "Eva Ruiz"),
                "d8": _person("person:eva ruiz jr.", "Eva Ruiz Jr."),
                "d9": _person("person:eva ruiz sr.", "Eva Ruiz Sr."),
            },
            id="a name with middle initials or a generational suffix is the name without them",
        ),
        pytest.param(
            # A story that never names her in full made "Okonjo" an organisation; others
            # call her a person, and her full name is mentioned as often as the word alone.
            [
                ("d1", "person:maria okonjo", "Maria Okonjo"),
                ("d2", "person:maria okonjo", "Maria Okonjo"),
                ("d3", "organisation:okonjo", "Okonjo"),
                ("d4", "person:okonjo", "Okonjo"),
            ],
            {
                "d3": _person("person:maria okonjo", "Maria Okonjo"),
                "d4": _person("person:maria okonjo", "Maria Okonjo"),
            },
            id="a surname some stories made an organisation joins the person",
        ),
        pytest.param(
            # Never called a person, or called by the word alone more often than the
            # person in full.
            [
                ("d1", "person:henry vantaro", "Henry Vantaro"),
                ("d2", "organisation:vantaro", "Vantaro"),
                ("d3", "organisation:vantaro", "Vantaro"),
                ("d4", "person:vantaro", "Vantaro"),
                ("d5", "person:lena kestrel", "Lena Kestrel"),
                ("d6", "organisation:kestrel", "Kestrel"),
            ],
            {"d2": _VANTARO, "d6": _organisation("kestrel", "Kestrel")},
            id="a company called by one word stays a company",
        ),
        pytest.param(
            [
                ("d1", "country:united states", "United States"),
                ("d2", "country:united kingdom", "United Kingdom"),
                ("d3", "organisation:united states harbour patrol", "U.S. Harbour Patrol"),
                ("d4", "organisation:harbour patrol", "Harbour Patrol"),
                # named after two countries: two boards, neither the one named without one
                ("d5", "organisation:united states board of health", "US Board of Health"),
                ("d6", "organisation:united kingdom board of health", "UK Board of Health"),
                ("d7", "organisation:board of health", "Board of Health"),
            ],
            {
                "d3": _HARBOUR_PATROL,
                "d4": _HARBOUR_PATROL,
                "d5": _organisation("united states board of health", "US Board of Health"),
                "d6": _organisation("united kingdom board of health", "UK Board of Health"),
                "d7": _organisation("board of health", "Board of Health"),
            },
            id="an organisation named after its country is the one named without it",
        ),
        pytest.param(
            [
                ("d1", "organisation:vantaro", "Vantaro"),
                ("d2", "organisation:vantaro", "Vantaro"),
                ("d3", "person:vantaro", "Vantaro"),
                ("d4", "place:vantaro", "Vantaro"),
                ("d5", "organisation:vantaro corp", "Vantaro Corp"),
                ("d6", "place:gull point", "Gull Point"),
                ("d7", "place:gull point", "Gull Point"),
                ("d8", "person:gull point", "Gull Point"),
                ("d9", "organisation:gull point co", "Gull Point Co"),
            ],
            {
                **{doc: _VANTARO for doc in ("d1", "d2", "d3", "d4", "d5")},
                **{doc: ("place:gull point", "Gull Point", "place") for doc in ("d6", "d8", "d9")},
            },
            id="one name typed several ways is one actor of the commoner type",
        ),
    ],
)
def test_one_actor_per_referent_across_documents(
    stories: list[tuple[str, str, str]], expected: dict[str, tuple[str, str, str]]
) -> None:
    actors = _timeline_actors(_load_people(*stories))
    assert {doc: actors[doc] for doc in expected} == expected


@pytest.mark.parametrize("order", [1, -1])
def test_variants_as_often_mentioned_are_named_alike_whatever_the_load_order(order: int) -> None:
    """Re-running on the same documents gives the same names: a tie in mentions is broken
    by the key, not by the order rows arrive in."""
    stories = [
        ("d1", "person:tomas reyes", "Tomas Reyes"),
        ("d2", "person:tomas j. reyes", "Tomas J. Reyes"),
        ("d3", "organisation:harbourline corp", "Harbourline Corp"),
        ("d4", "organisation:harbourline corporation", "Harbourline Corporation"),
    ]
    actors = _timeline_actors(_load_people(*stories[::order]))
    assert actors["d1"] == actors["d2"] == _person("person:tomas j. reyes", "Tomas J. Reyes")
    harbourline = _organisation("harbourline corp", "Harbourline Corp")
    assert actors["d3"] == actors["d4"] == harbourline


def test_timeline_and_export_find_an_actor_by_a_variant_spelling() -> None:
    con = _load_people(
        ("d1", "person:volodymyr zelensky", "Volodymyr Zelensky"),
        ("d2", "person:zelensky", "Zelensky"),
        ("d3", "person:zelensky", "Zelenskiy"),  # as written; the extraction's key folds it
    )
    for name in ("Zelenskiy", "zelensky", "VOLODYMYR ZELENSKY"):
        assert [r["doc_id"] for r in reads.entity_timeline(con, name)] == ["d1", "d2", "d3"]
        exported = reads.fetch(
            con, "export_events", actor=name, since=None, until=None, key_only=False
        )
        assert [r["doc_id"] for r in exported] == ["d1", "d2", "d3"], name
        assert {a["name"] for r in exported for a in r["actors"]} == {"Volodymyr Zelensky"}

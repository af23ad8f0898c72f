"""Warehouses built from hand-made extractions, shared by the render and browser tests.

`hostile_extractions` holds the untrusted-text cases of issue 5 (an `<img onerror>`, a
`<script>` and a bare `</script>` in a title, in sentences and in an actor's name);
`build_scale` writes a warehouse of any size with a long tail of actors, so the charts'
aggregation and caps can be measured at 100,000 events.
"""

from __future__ import annotations

import atexit
import functools
import shutil
import tempfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date, timedelta
from pathlib import Path

from presentation.dashboard import Dashboard, render_dashboard
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
from transforms.resources.loader import language_resources
from warehouse import load, summaries
from warehouse.connection import connect

# Each payload sets window.__chroniclePwned if it ever runs; the browser test reads it.
IMG_PAYLOAD = "<img src=x onerror=\"window.__chroniclePwned='img'\">"
SCRIPT_PAYLOAD = "<script>window.__chroniclePwned='script'</script>"
CLOSE_PAYLOAD = "</script><script>window.__chroniclePwned='close'</script>"
HOSTILE_TITLE = f"Hostile {IMG_PAYLOAD} {SCRIPT_PAYLOAD} {CLOSE_PAYLOAD} & title"
HOSTILE_ACTOR = "<b onmouseover=\"window.__chroniclePwned='actor'\">Mallory</b>"

UNDATED = EventDate(None, None, None, "unknown", None, "unanchored")
QUADS: dict[str, str] = dict(language_resources("en").plover["quad_classes"])


@dataclass(frozen=True)
class EventSpec:
    """One event in one sentence: its trigger (a word of the sentence), date and actors."""

    trigger: str
    event_type: str
    date: EventDate = UNDATED
    actors: tuple[tuple[Actor, str], ...] = ()  # (actor, role)
    salience: float = 0.0
    is_key: bool = False

    def key(self, salience: float) -> EventSpec:
        """This event as one of its document's key events, with that salience."""
        return replace(self, salience=salience, is_key=True)


def day(when: date, text: str | None = None) -> EventDate:
    return EventDate(when.isoformat(), when, when, "day", text or when.isoformat(), "explicit")


def month(year: int, month_: int, text: str | None = None) -> EventDate:
    start = date(year, month_, 1)
    end = (start.replace(day=28) + timedelta(days=4)).replace(day=1) - timedelta(days=1)
    return EventDate(
        f"{year}-{month_:02d}", start, end, "month", text or start.strftime("%B %Y"), "explicit"
    )


def year(value: int) -> EventDate:
    return EventDate(
        str(value), date(value, 1, 1), date(value, 12, 31), "year", str(value), "explicit"
    )


def story(
    doc_id: str,
    sentences: Sequence[tuple[str, Sequence[EventSpec]]],
    *,
    title: str | None,
    source: str | None = "Wire",
    url: str | None = None,
    published: date | None = date(2024, 4, 1),
    headline: str | None = None,
) -> Extraction:
    """An extraction whose text is the sentences joined by spaces; offsets are computed.

    A `headline` comes first, on a line of its own outside the document's content (as wire
    copy's is), followed by the content sentences.
    """
    lead = f"{headline}\n" if headline else ""
    text = lead + " ".join(sentence for sentence, _ in sentences)
    built_sentences: list[Sentence] = []
    events: list[Event] = []
    mentions: dict[tuple[int, int, str], Mention] = {}
    actors: dict[str, Actor] = {}
    start = len(lead)
    if headline:
        built_sentences.append(Sentence(0, 0, len(headline), headline))
    for index, (sentence, specs) in enumerate(sentences, start=len(built_sentences)):
        built_sentences.append(Sentence(index, start, start + len(sentence), sentence))
        for number, spec in enumerate(specs):
            at = sentence.find(spec.trigger)
            trigger_start = start + max(at, 0)
            participants = []
            for actor, role in spec.actors:
                actors[actor.key] = actor
                found = sentence.find(actor.name)
                m_start = start + max(found, 0)
                m_end = m_start + (len(actor.name) if found >= 0 else 0)
                if found >= 0:
                    mentions[(m_start, m_end, actor.key)] = Mention(
                        m_start, m_end, actor.name, actor.key
                    )
                participants.append(Participant(actor.key, role, m_start, m_end))  # type: ignore[arg-type]
            events.append(
                Event(
                    event_id=f"{doc_id}-{index}-{number}",
                    doc_id=doc_id,
                    sentence_index=index,
                    trigger=spec.trigger,
                    lemma=spec.trigger.lower(),
                    start=trigger_start,
                    end=trigger_start + len(spec.trigger),
                    event_type=spec.event_type,
                    date=spec.date,
                    participants=tuple(participants),
                    quad_class=QUADS.get(spec.event_type, "neutral"),
                    anchor_basis="unanchored" if spec.date.start is None else "governing",
                    salience=spec.salience,
                    is_key=spec.is_key,
                )
            )
        start += len(sentence) + 1
    return Extraction(
        document=Document(
            doc_id=doc_id,
            text=text,
            content=(Span(len(lead), len(text)),),
            title=title,
            source=source,
            url=url,
            language="en",
            byline=None,
            place=None,
            dct=published,
            dct_basis="metadata" if published else "none",
            path=f"in/{doc_id}.json",
        ),
        sentences=tuple(built_sentences),
        timexes=(),
        actors=tuple(actors.values()),
        mentions=tuple(mentions.values()),
        events=tuple(events),
        extractor_version="test",
    )


ACME = Actor("acme", "Acme", "organisation")
BOB = Actor("bob", "Bob", "person")
KIM = Actor("kim", "Kim", "person")
MALLORY = Actor("mallory", HOSTILE_ACTOR, "person")


def hostile_extractions() -> list[Extraction]:
    """Two plain stories and one whose title, sentences and an actor carry payloads."""
    plain = story(
        "plain",
        [
            (
                "Acme hired Bob on 5 March 2024.",
                [
                    EventSpec(
                        "hired",
                        "EMPLOY",
                        day(date(2024, 3, 5), "5 March 2024"),
                        ((ACME, "agent"), (BOB, "patient")),
                    ).key(1.0),
                ],
            ),
            (
                "Kim met Bob in March 2024.",
                [
                    EventSpec("met", "CONSULT", month(2024, 3), ((KIM, "agent"), (BOB, "patient"))),
                ],
            ),
            (
                "Acme was founded in 2023.",
                [
                    EventSpec("founded", "OTHER", year(2023), ((ACME, "patient"),)),
                ],
            ),
            ("It rained.", [EventSpec("rained", "OTHER")]),
        ],
        title="Plain story",
        url="https://example.org/plain?a=1&b=2",
        published=date(2024, 4, 2),
    )
    hostile = story(
        "hostile",
        [
            (
                f"Kim attacked {IMG_PAYLOAD} Acme on 9 May 2024.",
                [
                    EventSpec(
                        "attacked",
                        "ASSAULT",
                        day(date(2024, 5, 9), "9 May 2024"),
                        ((KIM, "agent"), (ACME, "patient")),
                    ).key(1.0),
                ],
            ),
            (
                f"{HOSTILE_ACTOR} said {SCRIPT_PAYLOAD} on 10 May 2024.",
                [
                    EventSpec(
                        "said",
                        "STATEMENT",
                        day(date(2024, 5, 10), "10 May 2024"),
                        ((MALLORY, "agent"),),
                    ).key(0.8),
                ],
            ),
            (
                f"Bob fled {CLOSE_PAYLOAD} in May 2024.",
                [
                    EventSpec("fled", "MOVE", month(2024, 5), ((BOB, "agent"), (MALLORY, "other"))),
                ],
            ),
            (
                "Acme replied on 20 June 2024.",
                [
                    EventSpec(
                        "replied",
                        "AID",
                        day(date(2024, 6, 20), "20 June 2024"),
                        ((ACME, "agent"),),
                    ).key(0.6)
                ],
            ),
        ],
        title=HOSTILE_TITLE,
        source="Wire <b>bold</b>",
        url="javascript:window.__chroniclePwned='url'",
        published=date(2024, 5, 11),
    )
    undated_doc = story(
        "undated",
        [("Nothing happened.", [EventSpec("happened", "OTHER")])],
        title=None,
        source=None,
        published=None,
    )
    return [plain, hostile, undated_doc]


LEE = Actor("lee", "Lee", "person")
RURITANIA = Actor("ruritania", "Ruritania", "country")

# (sentence, trigger, category, date, actors with roles): one event a sentence.
OTHER_SALIENCE = 0.3
Line = tuple[str, str, str, EventDate, tuple[tuple[Actor, str], ...]]


def _report(
    doc_id: str,
    title: str,
    url: str | None,
    published: date,
    lines: Sequence[Line],
    headline: str | None = None,
    key: Mapping[str, float] | None = None,
) -> Extraction:
    """`key` gives the salience of the report's key events by trigger; the others are not
    key, with a lower salience."""
    key = key or {}
    sentences = [
        (
            sentence,
            [
                EventSpec(
                    trigger,
                    category,
                    when,
                    actors,
                    salience=key.get(trigger, OTHER_SALIENCE),
                    is_key=trigger in key,
                )
            ],
        )
        for sentence, trigger, category, when, actors in lines
    ]
    return story(doc_id, sentences, title=title, url=url, published=published, headline=headline)


def newsroom_extractions() -> list[Extraction]:
    """Five invented reports over March-May 2024, one background date in 1999, four actors
    and a country, eight categories, web addresses on all but one: what the interaction
    tests filter, search, brush and click. Each report's first content sentence tells its
    key event (`is_key`, salience 1); n1 has a second (salience 0.7; its 1999 background
    date is none) and a headline outside its content with no event of its own."""
    acme, bob, kim, lee, rur = ACME, BOB, KIM, LEE, RURITANIA
    agent, patient = "agent", "patient"

    def on(when: date, text: str) -> EventDate:
        return day(when, text)

    return [
        _report(
            "n1", "Acme opens a factory", "https://example.org/n1", date(2024, 3, 4),
            [
                ("Acme opened a factory in Springfield on 1 March 2024.", "opened",
                 "COOPERATE", on(date(2024, 3, 1), "1 March 2024"), ((acme, agent),)),
                ("Bob praised the plant on 2 March 2024.", "praised", "SUPPORT",
                 on(date(2024, 3, 2), "2 March 2024"), ((bob, agent),)),
                ("The town was founded on 4 July 1999.", "founded", "OTHER",
                 on(date(1999, 7, 4), "4 July 1999"), ()),
            ],
            headline="Bob visited on 3 March 2024",
            key={"opened": 1.0, "praised": 0.7},
        ),
        _report(
            "n2", "Kim criticises Acme", "https://example.org/n2", date(2024, 3, 20),
            [
                ("Kim criticised Acme on 18 March 2024.", "criticised", "ACCUSE",
                 on(date(2024, 3, 18), "18 March 2024"), ((kim, agent), (acme, patient))),
                ("Acme replied on 19 March 2024.", "replied", "STATEMENT",
                 on(date(2024, 3, 19), "19 March 2024"), ((acme, agent),)),
            ],
            key={"criticised": 1.0},
        ),
        _report(
            "n3", "Protest at the factory", None, date(2024, 4, 15),
            [
                ("Protesters marched against Acme on 12 April 2024.", "marched", "PROTEST",
                 on(date(2024, 4, 12), "12 April 2024"), ((acme, patient),)),
                ("Lee met Kim on 14 April 2024.", "met", "CONSULT",
                 on(date(2024, 4, 14), "14 April 2024"), ((lee, agent), (kim, patient))),
            ],
            key={"marched": 1.0},
        ),
        _report(
            "n4", "Ruritania fines Acme", "https://example.org/n4", date(2024, 5, 2),
            [
                ("Ruritania fined Acme on 30 April 2024.", "fined", "SANCTION",
                 on(date(2024, 4, 30), "30 April 2024"), ((rur, agent), (acme, patient))),
                ("Bob resigned in April 2024.", "resigned", "CONCEDE", month(2024, 4),
                 ((bob, agent),)),
            ],
            key={"fined": 1.0},
        ),
        _report(
            "n5", "Kim and Lee sign a deal", "https://example.org/n5", date(2024, 5, 20),
            [
                ("Kim and Lee signed a deal on 17 May 2024.", "signed", "AGREE",
                 on(date(2024, 5, 17), "17 May 2024"), ((kim, agent), (lee, agent))),
                ("Officials said on 18 May 2024 that talks would go on.", "said",
                 "STATEMENT", on(date(2024, 5, 18), "18 May 2024"), ()),
            ],
            key={"signed": 1.0},
        ),
    ]  # fmt: skip


# A synthetic warehouse written straight into the tables with SQL: fast at 100,000 events,
# and independent of what the loader does after a load (such as re-clustering every event).
# Pseudo-random but deterministic (hash of the row number): dates over two years, mostly
# day-precise, some months, a few years, a tenth undated; one or two actors per event,
# drawn log-uniformly from $actors so a few are very busy and most are not; the first two
# events of each document are its key events.
SCALE_SQL = (
    """
    INSERT INTO documents (doc_id, title, source, language, published, dct_basis, text,
                           content_spans, content_sha, extractor_version, first_seen, loaded_at)
    SELECT printf('doc%05d', d), 'Report ' || d, 'Wire', 'en',
           DATE '2023-01-01' + CAST(d % 730 AS INTEGER), 'metadata', 'synthetic',
           [], 'sha', 'synthetic', TIMESTAMP '2024-01-01', TIMESTAMP '2024-01-01'
    FROM range(0, CAST(ceil($events / $per_document) AS BIGINT)) AS t(d)
    """,
    """
    INSERT INTO sentences (doc_id, sentence_index, char_start, char_end, text)
    SELECT printf('doc%05d', i // $per_document), CAST(i % $per_document AS INTEGER), 0, 120,
           'In report ' || (i // $per_document) || ' item ' || (i % $per_document)
           || ', two actors acted together as the long sentence of a wire story goes on.'
    FROM range(0, $events) AS t(i)
    """,
    """
    INSERT INTO events (event_id, doc_id, sentence_index, trigger, lemma, char_start, char_end,
                        event_type, date_value, date_start, date_end, date_precision,
                        date_text, date_basis, salience, is_key)
    WITH draws AS (
        SELECT i, hash(i, 'kind') % 100 AS roll,
               DATE '2023-01-01' + CAST(hash(i, 'day') % 730 AS INTEGER) AS day,
               ['ASSAULT', 'CONSULT', 'STATEMENT', 'MOVE', 'AID', 'ACCUSE', 'OTHER']
                   [CAST(hash(i, 'type') % 7 AS INTEGER) + 1] AS event_type
        FROM range(0, $events) AS t(i)
    ),
    dated AS (
        SELECT *,
            CASE WHEN roll < 70 THEN 'day' WHEN roll < 85 THEN 'month'
                 WHEN roll < 90 THEN 'year' ELSE 'unknown' END AS precision
        FROM draws
    )
    SELECT 'e' || i, printf('doc%05d', i // $per_document), CAST(i % $per_document AS INTEGER),
           'acted', 'act', 30, 35, event_type,
           CASE precision WHEN 'day' THEN strftime(day, '%Y-%m-%d')
                WHEN 'month' THEN strftime(day, '%Y-%m') WHEN 'year' THEN strftime(day, '%Y') END,
           CASE precision WHEN 'day' THEN day WHEN 'month' THEN date_trunc('month', day)
                WHEN 'year' THEN date_trunc('year', day) END,
           CASE precision WHEN 'day' THEN day WHEN 'month' THEN last_day(day)
                WHEN 'year' THEN make_date(year(day), 12, 31) END,
           precision,
           CASE WHEN precision <> 'unknown' THEN strftime(day, '%d %B %Y') END,
           CASE WHEN precision = 'unknown' THEN 'unanchored' ELSE 'explicit' END,
           (hash(i, 'salience') % 100) / 100.0, i % $per_document < 2
    FROM dated
    """,
    """
    INSERT INTO actors (actor_key, name, actor_type)
    SELECT 'actor' || k, 'Actor ' || k, 'person' FROM range(0, $actors) AS t(k)
    """,
    """
    INSERT INTO event_actors (event_id, doc_id, actor_key, role, mention_start, mention_end)
    WITH picks AS (
        SELECT i, role,
               CAST(floor(pow($actors, (hash(i, role) % 1000000) / 1000000.0)) AS BIGINT) - 1
                   AS k
        FROM range(0, $events) AS t(i), (VALUES ('agent'), ('patient')) AS r(role)
    )
    SELECT 'e' || i, printf('doc%05d', i // $per_document), 'actor' || k, role,
           CASE role WHEN 'agent' THEN 0 ELSE 10 END, CASE role WHEN 'agent' THEN 5 ELSE 15 END
    FROM picks
    QUALIFY row_number() OVER (PARTITION BY i, k ORDER BY role) = 1
    """,
)


def build_scale(path: Path, events: int, *, per_document: int = 50, actors: int = 400) -> Path:
    """A warehouse of `events` synthetic events (see SCALE_SQL), written with bound values."""
    con = connect(path)
    try:
        params = {"events": events, "per_document": per_document, "actors": actors}
        for statement in SCALE_SQL:
            used = {name: value for name, value in params.items() if f"${name}" in statement}
            con.execute(statement, used)
    finally:
        con.close()
    return path


def build(path: Path, extractions: Sequence[Extraction]) -> Path:
    """The extractions loaded, and the corpus's key-event timeline computed as a run does."""
    con = connect(path)
    try:
        load.load_extractions(con, extractions)
        summaries.write(con, summaries.summary_of(con))
    finally:
        con.close()
    return path


SCALE_EVENTS = 100_000


@functools.cache
def scale_dashboard() -> Dashboard:
    """A 100,000-event warehouse rendered once per test session (building and rendering
    take about a minute), shared by the size test and the browser test; removed at exit."""
    root = Path(tempfile.mkdtemp(prefix="chronicle-scale-"))
    atexit.register(shutil.rmtree, root, ignore_errors=True)
    build_scale(root / "scale.duckdb", SCALE_EVENTS)
    con = connect(root / "scale.duckdb", read_only=True)
    try:
        return render_dashboard(con, root / "charts")
    finally:
        con.close()

"""Invented articles for the summarization tests: a fire at a chemical plant and what
followed, told as news tells it (leads, later references back, syndicated copies)."""

from __future__ import annotations

from datetime import date

from transforms.summarization.records import ArticleRecord, DayReference, SentenceRecord

FIRE = date(2024, 3, 4)
ARREST = date(2024, 3, 8)
REPORT = date(2024, 3, 20)


def sentence(
    text: str,
    *days: date,
    explicit: bool = True,
    events: int = 1,
    asserted: int | None = None,
    event_days: tuple[date, ...] = (),
) -> tuple:
    """A sentence's content; `article` numbers and places it."""
    references = tuple(DayReference(day, explicit) for day in days)
    return (text, references, events, events if asserted is None else asserted, event_days)


def article(
    doc_id: str,
    published: date | None,
    *sentences: tuple,
    story: str | None = None,
    actors: frozenset[str] = frozenset(),
    title: str | None = None,
) -> ArticleRecord:
    records = []
    offset = 0
    for index, (text, references, events, asserted, event_days) in enumerate(sentences):
        records.append(
            SentenceRecord(
                doc_id=doc_id,
                index=index,
                start=offset,
                end=offset + len(text),
                text=text,
                references=references,
                event_days=event_days,
                events=events,
                asserted=asserted,
            )
        )
        offset += len(text) + 2
    return ArticleRecord(
        doc_id=doc_id,
        published=published,
        story=story or doc_id,
        sentences=tuple(records),
        title=title,
        actors=actors,
    )


def plant_fire_articles() -> list[ArticleRecord]:
    """Eight articles: the fire (4 March), told the next day and recalled by every later
    story; an arrest (8 March); a report (20 March); and filler days of routine news."""
    workers = frozenset({"organisation:chemical workers union"})
    owner = frozenset({"organisation:halden chemicals"})
    return [
        article(
            "fire-1",
            date(2024, 3, 5),
            sentence(
                "A fire tore through the Halden chemical plant on Monday, killing three workers.",
                FIRE,
                explicit=False,
            ),
            sentence("Firefighters fought the blaze at the plant for six hours.", FIRE),
            sentence("The mayor said the town was in shock.", events=1, asserted=0),
            actors=owner,
            title="Three dead in Halden plant fire",
        ),
        article(
            "fire-1-copy",
            date(2024, 3, 5),
            sentence(
                "A fire tore through the Halden chemical plant on Monday, killing three workers.",
                FIRE,
                explicit=False,
            ),
            sentence("Firefighters fought the blaze at the plant for six hours.", FIRE),
            story="fire-1",
            actors=owner,
        ),
        article(
            "arrest-1",
            date(2024, 3, 8),
            sentence("Police arrested the plant's safety manager on Friday.", ARREST),
            sentence(
                "The fire on March 4 killed three workers at the Halden chemical plant.", FIRE
            ),
            actors=owner,
        ),
        article(
            "arrest-2",
            date(2024, 3, 9),
            sentence("The plant's safety manager was arrested on March 8 over the fire.", ARREST),
            sentence('"We are heartbroken," a union leader said of the March 4 fire.', FIRE),
            actors=workers,
        ),
        article(
            "report-1",
            date(2024, 3, 20),
            sentence(
                "Inspectors blamed a faulty valve for the March 4 fire at the Halden plant.",
                FIRE,
            ),
            sentence("The report was published on March 20.", REPORT),
            actors=owner,
        ),
        article(
            "report-2",
            date(2024, 3, 21),
            sentence(
                "A government report published on March 20 blamed a faulty valve for the fire.",
                REPORT,
            ),
            sentence("The safety manager arrested on March 8 remains in custody.", ARREST),
            actors=workers,
        ),
        article(
            "routine-1",
            date(2024, 3, 12),
            sentence("Shares in Halden Chemicals rose slightly in quiet trading."),
            actors=owner,
        ),
        article(
            "routine-2",
            date(2024, 3, 12),
            sentence("The town council met to discuss road repairs."),
        ),
    ]

"""Extractions of invented articles, for the warehouse and command-line tests of
summarization: a plant fire (4 March) and an arrest (8 March), told by three stories."""

from __future__ import annotations

from datetime import date

from transforms.model import (
    Actor,
    Document,
    Event,
    EventDate,
    Extraction,
    Mention,
    Sentence,
    Span,
    Timex,
)

FIRE = date(2024, 3, 4)
ARREST = date(2024, 3, 8)
HALDEN = Actor("organisation:halden chemicals", "Halden Chemicals", "organisation", ("Halden",))


def extraction(
    doc_id: str, published: date, *sentences: tuple[str, tuple[tuple[str, date, str], ...]]
) -> Extraction:
    """A document of one sentence per paragraph; each sentence with its time expressions
    (text, day, basis), an event dated by the first of them, and Halden where it is named."""
    text = "\n\n".join(sentence for sentence, _ in sentences)
    records, timexes, events, mentions = [], [], [], []
    for index, (sentence, expressions) in enumerate(sentences):
        start = text.index(sentence)
        records.append(Sentence(index, start, start + len(sentence), sentence))
        for phrase, day, basis in expressions:
            at = text.index(phrase, start)
            timexes.append(
                Timex(at, at + len(phrase), phrase, "DATE", day.isoformat(), None, basis)
            )
        if expressions:
            phrase, day, basis = expressions[0]
            events.append(
                Event(
                    event_id=f"{doc_id}-e{index}",
                    doc_id=doc_id,
                    sentence_index=index,
                    trigger="happened",
                    lemma="happen",
                    start=start,
                    end=start + 1,
                    event_type="OTHER",
                    date=EventDate(day.isoformat(), day, day, "day", phrase, basis),
                    participants=(),
                )
            )
        if "Halden" in sentence:
            at = text.index("Halden", start)
            mentions.append(Mention(at, at + len("Halden"), "Halden", HALDEN.key))
    return Extraction(
        document=Document(
            doc_id=doc_id,
            text=text,
            content=(Span(0, len(text)),),
            title=None,
            source="wire",
            url="https://example.org/" + doc_id,
            language="en",
            byline=None,
            place=None,
            dct=published,
            dct_basis="metadata",
            path=f"in/{doc_id}.txt",
        ),
        sentences=tuple(records),
        timexes=tuple(timexes),
        actors=(HALDEN,) if mentions else (),
        mentions=tuple(mentions),
        events=tuple(events),
        extractor_version="v1",
    )


STORIES = [
    extraction(
        "fire",
        date(2024, 3, 5),
        (
            "A fire at the Halden plant on Monday killed three workers.",
            (("Monday", FIRE, "relative"),),
        ),
        ("Firefighters fought the blaze for six hours.", ()),
    ),
    extraction(
        "arrest",
        date(2024, 3, 9),
        (
            "Police arrested the plant's safety manager on March 8.",
            (("March 8", ARREST, "relative"),),
        ),
        ("The March 4 fire killed three workers.", (("March 4", FIRE, "relative"),)),
    ),
    extraction(
        "report",
        date(2024, 3, 21),
        ("Inspectors blamed a valve for the March 4 fire.", (("March 4", FIRE, "relative"),)),
        (
            "The manager arrested on March 8, 2024 is in custody.",
            (("March 8, 2024", ARREST, "explicit"),),
        ),
    ),
]

"""One document's extraction: sentences, time expressions, actors and events.

The parse is made elsewhere (the model is the one expensive, stateful part); everything
here is a pure function of the document and its parse, run as the named list `STAGES`.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, fields, replace

from transforms.extraction import timex
from transforms.extraction.actors import find_actors
from transforms.extraction.events import find_events
from transforms.extraction.parse import Parse
from transforms.extraction.signature import document_signature
from transforms.extraction.tense import tense_at
from transforms.ingestion.layout import wrapped_newlines
from transforms.model import (
    Actor,
    Document,
    Event,
    Extraction,
    Mention,
    Sentence,
    Signature,
    Timex,
)


def text_for_parsing(document: Document) -> str:
    """The document text as the parser is to see it, offsets unchanged: everything but
    content blanked out, and a line break kept only where it ends a line.

    Parsing this instead of the raw text keeps bylines, datelines, captions and promos out of
    the model's sentences (a dateline dash glued to the next word otherwise breaks the first
    sentence) while every character offset still points into `document.text`. The parser
    starts a sentence after every line break it sees (`pipeline.nlp`), so a line break that
    only wraps a sentence onto the next line becomes a space.
    """
    chars = [c if c == "\n" else " " for c in document.text]
    for span in document.content:
        chars[span.start : span.end] = document.text[span.start : span.end]
        for newline in wrapped_newlines(document.text, span):
            chars[newline] = " "
    return "".join(chars)


@dataclass(frozen=True)
class PartialExtraction:
    """One document's extraction as far as the stages have taken it."""

    document: Document
    parse: Parse
    extractor_version: str
    # Keep every trigger (timeline evaluation), not only the events a chart can place.
    all_events: bool = False
    sentences: tuple[Sentence, ...] = ()
    timexes: tuple[Timex, ...] = ()
    actors: tuple[Actor, ...] = ()
    mentions: tuple[Mention, ...] = ()
    # Phrases that refer back to an actor without naming it ("the company"): participants
    # of events, not mentions (the stage after actors reads them; the extraction drops them).
    references: tuple[Mention, ...] = ()
    events: tuple[Event, ...] = ()
    signature: Signature | None = None


def tag_timexes(so_far: PartialExtraction) -> PartialExtraction:
    """Time expressions of the content, each read with the tense of the verb governing it."""
    document, parse = so_far.document, so_far.parse
    timexes = timex.tag(
        document.text,
        document.dct,
        spans=document.content,
        tense_at=lambda start, end: tense_at(parse, start, end),
    )
    return replace(so_far, timexes=tuple(timexes))


def find_document_actors(so_far: PartialExtraction) -> PartialExtraction:
    """The actors named in the content, every mention of them and the phrases referring
    back to them, each mention's text as the document has it (a name wrapped onto the next
    line keeps its line break; the parse saw a space)."""
    document = so_far.document
    found = find_actors(so_far.parse, document.content, document.language)

    def as_written(mentions: list[Mention]) -> tuple[Mention, ...]:
        return tuple(replace(m, text=document.text[m.start : m.end]) for m in mentions)

    return replace(
        so_far,
        actors=tuple(found.actors),
        mentions=as_written(found.mentions),
        references=as_written(found.references),
    )


def find_document_events(so_far: PartialExtraction) -> PartialExtraction:
    """Events with their participants (from the mentions) and dates (from the timexes)."""
    document = so_far.document
    events = find_events(
        doc_id=document.doc_id,
        text=document.text,
        parse=so_far.parse,
        content=document.content,
        timexes=list(so_far.timexes),
        mentions=[*so_far.mentions, *so_far.references],
        dct=document.dct,
        extractor_version=so_far.extractor_version,
        language=document.language,
        all_events=so_far.all_events,
        title=document.title,
    )
    return replace(so_far, events=tuple(events))


def sign_document(so_far: PartialExtraction) -> PartialExtraction:
    """The near-duplicate signature, computed with the rest (in the worker processes)."""
    return replace(so_far, signature=document_signature(so_far.document))


Stage = Callable[[PartialExtraction], PartialExtraction]

# Extraction, in order: each stage reads what the earlier ones found. The flow's workers,
# the command line and the bench all run this list.
STAGES: tuple[tuple[str, Stage], ...] = (
    ("timex", tag_timexes),
    ("actors", find_document_actors),
    ("events", find_document_events),
    ("signature", sign_document),
)


def begin(
    document: Document, parse: Parse, extractor_version: str, *, all_events: bool = False
) -> PartialExtraction:
    """A document, its parse and its sentences, before the first stage."""
    sentences = tuple(
        Sentence(index=i, start=s.start, end=s.end, text=document.text[s.start : s.end])
        for i, s in enumerate(parse.sentences)
    )
    return PartialExtraction(document, parse, extractor_version, all_events, sentences)


def extract(
    document: Document,
    parse: Parse,
    extractor_version: str,
    *,
    all_events: bool = False,
    stages: Sequence[tuple[str, Stage]] = STAGES,
) -> Extraction:
    """Sentences, timexes, actors and events of one document; `all_events` keeps every
    trigger (timeline evaluation) instead of only those a chart can place. `stages` are
    `STAGES` unless a caller (a test injecting a fault) says otherwise."""
    so_far = begin(document, parse, extractor_version, all_events=all_events)
    for _, stage in stages:
        so_far = stage(so_far)
    return finish(so_far)


def finish(so_far: PartialExtraction) -> Extraction:
    """The extraction record of a document that has been through every stage: each of its
    fields as the stages left it."""
    return Extraction(**{field.name: getattr(so_far, field.name) for field in fields(Extraction)})

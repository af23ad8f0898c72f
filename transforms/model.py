"""Plain typed records passed between the pipeline's stages.

Every stage in `transforms/` is a function from some of these records to others, so the
stages can be tested without Prefect, DuckDB, spaCy models or files.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Literal

DctBasis = Literal["metadata", "dateline", "none"]
TimexType = Literal["DATE", "TIME", "DURATION", "SET"]
# How a time expression's value was fixed: written out in full, computed from the DCT
# (or another anchor), or left underspecified because there was nothing to anchor it to.
TimexBasis = Literal["explicit", "relative", "unanchored"]
# How an event got its date: from a time expression (its basis), from the DCT, or not at all.
DateBasis = Literal["explicit", "relative", "dct", "unanchored"]
# agent: who acts; patient: who or what is acted on (the target); recipient: who receives
# (a dative or "to" someone); location: where it happens; other: any other argument.
Role = Literal["agent", "patient", "recipient", "location", "other"]
# TimeML event classes.
EventClass = Literal[
    "OCCURRENCE", "REPORTING", "STATE", "I_ACTION", "I_STATE", "ASPECTUAL", "PERCEPTION"
]
Polarity = Literal["POS", "NEG"]
# asserted as fact; reported (inside someone's statement or "according to"); hedged
# ("appears to have", "reportedly"); future ("will"); hypothetical ("would", "if", "may").
Modality = Literal["asserted", "reported", "hedged", "future", "hypothetical"]
# Why an event has the date it has, in the order the rules try them: a time expression
# governing its clause, one elsewhere in its sentence, the event that governs it, the DCT
# (reporting verbs, news present and present perfect), the publication day implied for the
# lead's main event, an earlier sentence's anchor where the narrative continues; else none.
# `lead` and `previous` are implied dates: no words of the event's sentence say when.
AnchorBasis = Literal["governing", "sentence", "clause", "dct", "lead", "previous", "unanchored"]
ActorType = Literal["person", "organisation", "country", "place"]


@dataclass(frozen=True)
class SourceText:
    """One document as found in an input file, before cleaning."""

    path: str
    text: str
    meta: dict[str, str] = field(default_factory=dict)
    line: int | None = None  # 1-based line for .jsonl records, index+1 for JSON lists


@dataclass(frozen=True)
class Rejection:
    """An input that could not become a document, with the reason a user will read."""

    path: str
    reason: str
    error_class: str
    line: int | None = None


@dataclass(frozen=True)
class Span:
    start: int
    end: int


@dataclass(frozen=True)
class Document:
    """A cleaned document. `text` is what offsets refer to; only `content` spans are mined."""

    doc_id: str
    text: str
    content: tuple[Span, ...]
    title: str | None
    source: str | None
    url: str | None
    language: str
    byline: str | None
    place: str | None
    dct: date | None
    dct_basis: DctBasis
    path: str
    meta: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Timex:
    """A TIMEX3 found in a text: extent as character offsets, type, value and mod."""

    start: int
    end: int
    text: str
    type: TimexType
    value: str
    mod: str | None = None
    basis: TimexBasis = "explicit"


@dataclass(frozen=True)
class Interval:
    """The calendar days a TIMEX3 value denotes; both ends None when it denotes no days."""

    start: date | None
    end: date | None
    # day, week, month, quarter, season, half, year, decade, century, ref, duration, unknown
    precision: str


@dataclass(frozen=True)
class Sentence:
    index: int
    start: int
    end: int
    text: str


@dataclass(frozen=True)
class Actor:
    key: str
    name: str
    type: ActorType
    # Other names this document used for the actor ("Putin", "the Kremlin leader"...).
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True)
class Mention:
    """A span of text that names an actor."""

    start: int
    end: int
    text: str
    actor_key: str


@dataclass(frozen=True)
class Participant:
    actor_key: str
    role: Role
    mention_start: int
    mention_end: int


@dataclass(frozen=True)
class EventDate:
    value: str | None  # TIMEX3 value, None when unanchored
    start: date | None
    end: date | None
    precision: str
    text: str | None  # the time expression the date came from, if any
    basis: DateBasis
    timex_start: int | None = None
    timex_end: int | None = None


@dataclass(frozen=True)
class Event:
    event_id: str
    doc_id: str
    sentence_index: int
    trigger: str  # the trigger as written
    lemma: str
    start: int  # trigger offsets in the document text
    end: int
    event_type: str  # PLOVER category (AGREE ... CRIME), STATEMENT or OTHER
    date: EventDate
    participants: tuple[Participant, ...]
    event_class: EventClass = "OCCURRENCE"
    polarity: Polarity = "POS"
    modality: Modality = "asserted"
    attribution: str | None = None  # who the claim comes from ("South Korean intelligence")
    quad_class: str = "neutral"  # PLOVER quad class of event_type
    anchor_basis: AnchorBasis = "unanchored"
    pos: str = "VERB"  # VERB or NOUN: the trigger's part of speech
    background: bool = False  # history the story recalls ("the 80th anniversary of ...")
    salience: float = 0.0  # how much it matters to its story, 0..1 (events/salience.py)
    is_key: bool = False  # one of the 1-3 events of its document an editor would show
    cluster: str | None = (
        None  # cross-document duplicate cluster, set by transforms.deduplication.event_clusters
    )


@dataclass(frozen=True)
class Signature:
    """A document's MinHash signature and how many distinct shingles it summarises
    (see transforms/near_duplicates.py)."""

    minhashes: tuple[int, ...]
    shingles: int


@dataclass(frozen=True)
class Extraction:
    """Everything extracted from one document, ready to load."""

    document: Document
    sentences: tuple[Sentence, ...]
    timexes: tuple[Timex, ...]
    actors: tuple[Actor, ...]
    mentions: tuple[Mention, ...]
    events: tuple[Event, ...]
    extractor_version: str
    # Computed with the rest of the extraction (in the worker processes), not by the loader.
    signature: Signature | None = None

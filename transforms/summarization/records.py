"""The plain records timeline summarization reads and writes.

What it reads is the warehouse's view of a document (`ArticleRecord`): its publication
date, its near-duplicate story, the actors it names and its sentences, each with the days
its time expressions resolve to and what its events say of it (`SentenceRecord`). What it
writes is a `Summary`: the scope, the key dates ranked, and for each the sentences chosen,
with their provenance (document, sentence index, offsets).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class DayTimex:
    """A time expression as the warehouse has it, for one that resolves to one day."""

    day: date
    text: str
    type: str  # DATE or TIME
    basis: str  # explicit, relative
    start: int  # offsets in the document's text
    end: int


@dataclass(frozen=True)
class DayReference:
    """A sentence's reference to one calendar day."""

    day: date
    # The text names the day itself ("June 25", "25/06/2009"); else it was counted from the
    # publication date ("on Friday", "yesterday"), a weaker witness.
    explicit: bool
    # A date with a clock time beside it ("Tue Apr 28, 2009 9:03 pm", "At 19:23 27th Apr
    # 2009"): when a page or a comment was posted, not when something happened.
    stamp: bool = False
    # How many characters open the sentence's text only to say the day, when it opens with
    # the named day and a dash or a colon as a chronology's entries do ("* April 28 - The
    # Coast Guard says ..."); under the day's heading a timeline shows it without them.
    opening: int = 0


@dataclass(frozen=True)
class SentenceRecord:
    """One sentence and what extraction found in it."""

    doc_id: str
    index: int  # sentence_index in its document, 0 the first
    start: int  # offsets in the document's text
    end: int
    text: str
    references: tuple[DayReference, ...] = ()
    # Days of the events it reports, where extraction dated them to one day from a time
    # expression (in the sentence, or the previous one when the narrative continues).
    event_days: tuple[date, ...] = ()
    events: int = 0  # events reported in it
    asserted: int = 0  # of which told as fact, not reported speech, hedged or future
    vaguely_past: bool = False  # it says its news is from some time back ("recently")
    # The highest salience (0-1) of its events and whether one is a key event, where the
    # warehouse has them; None where it does not (the ranking then goes without).
    salience: float | None = None
    key: bool | None = None
    # It says nothing but when ("Sept. 14:", a chronology's heading over its entries): a
    # reference to its day, but no sentence to tell the day with (`says_only_when`).
    only_when: bool = False


@dataclass(frozen=True)
class ArticleRecord:
    """A document as summarization sees it."""

    doc_id: str
    published: date | None
    story: str  # its near-duplicate story group (its own id when it has no copy)
    sentences: tuple[SentenceRecord, ...]  # in order of the text
    title: str | None = None
    # The canonical keys of the actors it names, for slicing by actor.
    actors: frozenset[str] = frozenset()


@dataclass(frozen=True)
class KeyDate:
    """A day chosen for the timeline, with the evidence that ranked it."""

    day: date
    rank: int  # 1 = the most important; the order the days were taken in (`next_best`)
    score: float  # the day's own evidence, before a chosen neighbour lowered it
    references: float  # stories referring to the day (explicit references weigh more)
    published: int  # stories published that day
    salience: float  # summed salience of its key events, 0 when unknown


@dataclass(frozen=True)
class KeySentence:
    """A sentence chosen to say what happened on a key date."""

    day: date
    rank: int  # 1 = the first sentence of the day
    score: float
    sentence: SentenceRecord
    published: date | None  # the publication date of its document
    support: int  # stories that carry this sentence or one of the same text
    opening: int = 0  # characters of the sentence that only say the day (`DayReference`)

    @property
    def text(self) -> str:
        """What the timeline shows under the day: the sentence without its opening."""
        return self.sentence.text[self.opening :]

    @property
    def start(self) -> int:
        """Where the shown text starts in its document."""
        return self.sentence.start + self.opening

    @property
    def end(self) -> int:
        return self.sentence.end


@dataclass(frozen=True)
class Summary:
    scope: str
    dates: tuple[KeyDate, ...]  # by rank
    sentences: tuple[KeySentence, ...]  # by day, then rank

    def sentences_of(self, day: date) -> list[KeySentence]:
        return [sentence for sentence in self.sentences if sentence.day == day]


# At most this many characters, none a letter or a digit, between a date and a clock time
# that stamp a post ("Mar 4, 2024 9:03 pm", "8th November 2011 - 17:42").
_STAMP_GAP = 3
# A word, as `says_only_when` counts them: a run of letters.
_LETTERS = re.compile(r"[^\W\d_]+")
# What follows the day that opens a chronology's entry: dashes or a colon, a space, then
# a word ("Sept. 18: -- The Fed expands"), not a clock ("8th November 2011 - 17:42").
_ENTRY_SEPARATOR = re.compile(r"(?:\s*[-\u2013\u2014:]+)+\s+(?=[^\W\d_])")


def day_references(
    timexes: Sequence[DayTimex], text: str = "", start: int = 0
) -> tuple[DayReference, ...]:
    """A sentence's references to days, from its one-day time expressions in text order.

    An expression names its day when it was written out in full or has a number in it
    (a day of the month); "Friday" and "yesterday" do not. A date and a clock time of the
    same day side by side (`_STAMP_GAP`; in the sentence's `text`, when given, nothing but
    spaces and punctuation between them) are one stamp; a clock time alone ("at 10 pm")
    refers to its day as a relative expression does. A named day that opens `text` (at
    document offset `start`), nothing but punctuation before it and a dash or a colon
    after it, is a chronology's entry.
    """
    ordered = sorted(timexes, key=lambda t: t.start)
    stamped: set[int] = set()
    for i, (first, second) in enumerate(zip(ordered, ordered[1:], strict=False)):
        between = text[first.end - start : second.start - start]
        side_by_side = (
            second.start - first.end <= _STAMP_GAP
            and not any(c.isalnum() for c in between)
            and first.day == second.day
        )
        if side_by_side and {first.type, second.type} == {"DATE", "TIME"}:
            stamped.update((i, i + 1))
    references = []
    for i, timex in enumerate(ordered):
        if i in stamped:
            if timex.type == "DATE":
                references.append(DayReference(timex.day, True, stamp=True))
            continue
        named = timex.basis == "explicit" or any(c.isdigit() for c in timex.text)
        named = named and timex.type == "DATE"
        opening = _entry_opening(text, timex.start - start, timex.end - start) if named else 0
        references.append(DayReference(timex.day, named, opening=opening))
    return tuple(references)


def says_only_when(timexes: Sequence[DayTimex], text: str, start: int = 0) -> bool:
    """Whether every word of `text` (at document offset `start`) lies inside one of its
    time expressions: "Sept. 14:", "Monday, March 4". Numbers and punctuation are not
    words; a sentence with no word at all ("2-1") is not judged here."""
    if not timexes:
        return False
    covered = [(t.start - start, t.end - start) for t in timexes]
    any_word = False
    for word in _LETTERS.finditer(text):  # most sentences stop at their first word
        if not any(first <= word.start() and word.end() <= last for first, last in covered):
            return False
        any_word = True
    return any_word


def _entry_opening(text: str, first: int, last: int) -> int:
    """The length of the opening when text[first:last] opens `text` as a chronology's
    entry opens with its day (up to the word after the dash or colon), else 0."""
    if first < 0 or last > len(text) or any(c.isalnum() for c in text[:first]):
        return 0
    separator = _ENTRY_SEPARATOR.match(text, last)
    return separator.end() if separator else 0

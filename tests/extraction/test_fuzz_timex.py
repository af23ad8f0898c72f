"""Property tests for the temporal tagger: any text, any DCT ingestion can produce.

Ingestion only lets through publication dates in the plausible window of wire.yaml
(`published_years`, 1600-2999), so that is the DCT range here; within it `tag` must never
raise and every value it returns must denote real calendar days (or none, for durations and
underspecified values), because those values become stored event dates.
"""

from __future__ import annotations

from datetime import date

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from transforms.extraction.timex import interval, tag
from transforms.ingestion.wire import wire_rules
from transforms.model import Span

FUZZ = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])

FIRST_YEAR, LAST_YEAR = wire_rules().published_years
DCTS = st.none() | st.dates(min_value=date(FIRST_YEAR, 1, 1), max_value=date(LAST_YEAR, 12, 31))

WORDS = [
    "May",
    "9",
    "2025",
    "1600",
    "2999",
    "0",
    "00",
    "31",
    "30",
    "29",
    "February",
    "Feb.",
    "Friday",
    "next",
    "last",
    "this",
    "week",
    "weeks",
    "ago",
    "3",
    "three",
    "days",
    "day",
    "yesterday",
    "today",
    "tomorrow",
    "tonight",
    "morning",
    "evening",
    "year",
    "years",
    "month",
    "months",
    "earlier",
    "later",
    "since",
    "until",
    "on",
    "in",
    "of",
    "the",
    "a",
    "1990s",
    "'90s",
    "Q3",
    "quarter",
    "half",
    "century",
    "21st",
    "decade",
    "millennium",
    "spring",
    "summer",
    "winter",
    "mid",
    "late",
    "early",
    "Dec",
    "Jan.",
    "12",
    "2024-02-30",
    "0000-01-01",
    "9999-12-31",
    "1/2/3",
    "13/13/2025",
    "12:00",
    "25:61",
    "noon",
    "midnight",
    "every",
    "each",
    "daily",
    "weekly",
    "fortnight",
    "weekend",
    "now",
    "currently",
    "1st",
    "2nd",
    "third",
    "fourth",
    "H1",
    "FY2025",
    "fiscal",
    "BC",
    "AD",
    "a.m.",
    "p.m.",
    "hundreds",
    "thousand",
    "two-year",
    "10-day",
    "said",
    "will",
    "would",
    "had",
    "been",
]
TEXTS = st.lists(st.sampled_from(WORDS) | st.text(max_size=4), max_size=14).map(" ".join)


def check(text: str, dct: date | None, **options: object) -> None:
    timexes = tag(text, dct, **options)
    previous_end = -1
    for timex in timexes:
        assert 0 <= timex.start < timex.end <= len(text)
        assert text[timex.start : timex.end] == timex.text
        assert timex.start >= previous_end  # sorted, not overlapping
        previous_end = timex.end
        if timex.type in ("DATE", "TIME"):
            days = interval(timex.value)  # raises on an impossible date
            for day in (days.start, days.end):
                assert day is None or isinstance(day, date)
            if days.start is not None and days.end is not None:
                assert days.start <= days.end


@FUZZ
@given(TEXTS, DCTS)
def test_tag_never_raises_and_values_are_real_days(text: str, dct: date | None) -> None:
    check(text, dct)


@FUZZ
@given(TEXTS, DCTS)
def test_narrative_mode_never_raises(text: str, dct: date | None) -> None:
    check(text, dct, mode="narrative")


@FUZZ
@given(TEXTS, DCTS, st.integers(0, 40), st.integers(0, 40))
def test_content_spans_never_raise(text: str, dct: date | None, start: int, length: int) -> None:
    start = min(start, len(text))
    end = min(len(text), start + length)
    spans = (Span(start, end),) if start < end else ()
    for timex in tag(text, dct, spans=spans):
        assert start <= timex.start < timex.end <= end

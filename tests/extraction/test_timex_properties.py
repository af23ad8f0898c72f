"""Property-based tests for the temporal tagger: it never raises, emits only well-formed
TIMEX3 values with consistent offsets, and gets the calendar edge cases right."""

from __future__ import annotations

import re
from datetime import date, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from transforms.extraction.timex import interval, tag
from transforms.model import Span

# TIMEX3 value grammar (TimeML 1.2.1 / TIDES): dates (full, partial, with X's), weeks,
# weekends, quarters, halves, seasons, decades, centuries, times of day, durations, and the
# *_REF tokens. Sets use the same forms (P1W, XXXX-WXX-5, XXXX-SU, ...).
_YEAR = r"(?:\d{4}|\d{3}X|\d{2}XX|XXXX)"
_DAY_PART = r"(?:-(?:\d{2}|XX)(?:-(?:\d{2}|XX))?)"
_WEEK_PART = r"(?:-W(?:\d{2}|XX)(?:-(?:[1-7]|WE))?)"
_OTHER_PART = r"(?:-(?:Q[1-4X]|H[12X]|SP|SU|FA|WI))"
_TIME = r"(?:T(?:\d{2}(?::\d{2}(?::\d{2})?)?|MO|AF|EV|NI|DT))"
_DATE = rf"(?:{_YEAR}(?:{_DAY_PART}|{_WEEK_PART}|{_OTHER_PART})?{_TIME}?|\d{{3}}|\d{{2}})"
_NUMBER = r"(?:\d+(?:\.\d+)?|X)"
_DURATION = rf"P(?:(?:{_NUMBER}(?:Y|M|W|D|Q|DE|CE))+(?:T(?:{_NUMBER}[HMS])+)?|T(?:{_NUMBER}[HMS])+)"
TIMEX3_VALUE = re.compile(rf"{_DATE}|{_DURATION}|PRESENT_REF|PAST_REF|FUTURE_REF")
TYPES = {"DATE", "TIME", "DURATION", "SET"}
MODS = {None, "START", "MID", "END", "APPROX", "MORE_THAN", "LESS_THAN", "EQUAL_OR_LESS",
        "EQUAL_OR_MORE", "BEFORE", "AFTER", "ON_OR_BEFORE", "ON_OR_AFTER"}  # fmt: skip

WORDS = [
    "January", "Feb.", "March", "May", "Sept.", "December", "Monday", "Fri.", "Sunday",
    "last", "next", "this", "the", "past", "coming", "early", "mid-", "late", "week",
    "month", "year", "quarter", "third", "first", "fiscal", "1998", "2024", "29", "31", "2",
    "ago", "earlier", "later", "more than", "about", "a", "two", "three", "several", "days",
    "years", "hours", "a.m.", "p.m.", "10:30", "noon", "tonight", "morning", "night",
    "today", "yesterday", "tomorrow", "now", "recently", "daily", "every", "each", "summer",
    "winter", "1990s", "'80s", "century", "20th", "Christmas", "Thanksgiving", "that day",
    "the following year", "a year ago", "said", "will", "would", ",", ".", "\n", "’s", "-",
    "nineteen", "ninety-six", "2013-03-22", "5/9/25", "of", "in", "on", "by", "$", "%",
]  # fmt: skip
DCTS = st.dates(min_value=date(1900, 1, 1), max_value=date(2199, 12, 31))
MIXED_TEXT = st.lists(st.one_of(st.sampled_from(WORDS), st.text(max_size=6)), max_size=30).map(
    " ".join
)


def _check(text: str, dct: date | None, **kwargs) -> None:
    found = tag(text, dct, **kwargs)
    previous_end = -1
    for timex in found:
        assert 0 <= timex.start < timex.end <= len(text)
        assert timex.start >= previous_end  # sorted, non-overlapping
        previous_end = timex.end
        assert text[timex.start : timex.end] == timex.text
        assert timex.type in TYPES
        assert timex.mod in MODS
        assert TIMEX3_VALUE.fullmatch(timex.value), timex
        interval(timex.value)  # never raises on an emitted value


@settings(max_examples=60, deadline=None)
@given(text=st.text(max_size=200), dct=st.one_of(st.none(), DCTS))
def test_arbitrary_unicode_text_never_raises(text: str, dct: date | None):
    _check(text, dct)


@settings(max_examples=80, deadline=None)
@given(text=MIXED_TEXT, dct=st.sampled_from([date.min, date(1, 6, 15), date.max]))
def test_anchors_at_the_edges_of_the_calendar_never_raise(text: str, dct: date) -> None:
    _check(text, dct)


@settings(max_examples=150, deadline=None)
@given(
    text=MIXED_TEXT,
    dct=st.one_of(st.none(), DCTS),
    mode=st.sampled_from(["news", "narrative"]),
    tense=st.sampled_from([None, "past", "present", "future"]),
)
def test_mixed_temporal_words_give_well_formed_values(text, dct, mode, tense):
    tense_at = None if tense is None else (lambda start, end: tense)
    _check(text, dct, mode=mode, tense_at=tense_at)


@settings(max_examples=40, deadline=None)
@given(text=MIXED_TEXT, cut=st.integers(0, 400), dct=DCTS)
def test_spans_limit_extents(text: str, cut: int, dct: date):
    cut = min(cut, len(text))
    for timex in tag(text, dct, spans=[Span(0, cut)]):
        assert timex.end <= cut


def test_value_grammar_accepts_the_documented_forms_and_rejects_others():
    good = [
        "2013-03-22", "2012-08", "2012", "199X", "2013-W11", "1998-Q3", "2012-SU", "19",
        "2012-08-05T20:00", "2000-04-05TNI", "P1M", "PXD", "P3Y", "PT2H", "P2Y6M", "XXXX-WI",
        "P1W", "PRESENT_REF", "PAST_REF", "FUTURE_REF", "XXXX-WXX-5", "2020-W53-WE",
        "1998-XX-XX", "PT1M30S", "P1.5Y",
    ]  # fmt: skip
    bad = ["", "2013-3-22", "P", "T20:00", "NOW", "2012-Q5", "PXY3", "2013/03/22"]
    assert all(TIMEX3_VALUE.fullmatch(v) for v in good)
    assert not any(TIMEX3_VALUE.fullmatch(v) for v in bad)


# ---- calendar edge cases ------------------------------------------------------------


def _value(text: str, dct: date, **kwargs) -> str:
    found = tag(text, dct, **kwargs)
    assert len(found) == 1, found
    return found[0].value


@settings(max_examples=60, deadline=None)
@given(dct=DCTS)
def test_yesterday_and_tomorrow_cross_month_and_year_ends(dct: date):
    assert _value("It happened yesterday.", dct) == (dct - timedelta(days=1)).isoformat()
    assert _value("It happens tomorrow.", dct) == (dct + timedelta(days=1)).isoformat()


@settings(max_examples=60, deadline=None)
@given(dct=DCTS)
def test_last_and_next_month_cross_year_boundaries(dct: date):
    index = dct.year * 12 + dct.month - 1
    before, after = index - 1, index + 1
    assert _value("Prices rose last month.", dct) == f"{before // 12:04d}-{before % 12 + 1:02d}"
    assert _value("Prices will rise next month.", dct) == f"{after // 12:04d}-{after % 12 + 1:02d}"


@settings(max_examples=60, deadline=None)
@given(dct=DCTS)
def test_next_and_last_week_are_iso_weeks(dct: date):
    year, week, _ = (dct + timedelta(days=7)).isocalendar()
    assert _value("They meet next week.", dct) == f"{year:04d}-W{week:02d}"
    year, week, _ = (dct - timedelta(days=7)).isocalendar()
    assert _value("They met last week.", dct) == f"{year:04d}-W{week:02d}"


@settings(max_examples=60, deadline=None)
@given(dct=DCTS)
def test_every_emitted_week_value_exists(dct: date):
    for text in ("this week", "next week", "last week", "two weeks ago", "the weekend"):
        value = _value(f"It was {text}.", dct)
        assert interval(value).start is not None


def test_last_month_in_january_is_last_december():
    assert _value("Sales fell last month.", date(2025, 1, 15)) == "2024-12"


def test_next_week_in_the_last_days_of_december_is_week_one_or_53():
    assert _value("They meet next week.", date(2025, 12, 29)) == "2026-W02"
    assert _value("They meet next week.", date(2025, 12, 24)) == "2026-W01"
    assert _value("They meet next week.", date(2020, 12, 24)) == "2020-W53"
    assert _value("They meet next week.", date(2026, 12, 25)) == "2026-W53"  # Jan 1 2027
    assert _value("They met last week.", date(2027, 1, 6)) == "2026-W53"


def test_iso_week_53_intervals():
    assert interval("2020-W53").start == date(2020, 12, 28)
    assert interval("2020-W53").end == date(2021, 1, 3)
    assert interval("2026-W53").start == date(2026, 12, 28)
    assert interval("2026-W53-WE").end == date(2027, 1, 3)


def test_leap_days():
    assert _value("It happened on Feb. 29, 2024.", date(2024, 3, 5)) == "2024-02-29"
    assert tag("It happened on Feb. 29, 2100.", date(2100, 3, 5)) == [] or all(
        t.value != "2100-02-29" for t in tag("It happened on Feb. 29, 2100.", date(2100, 3, 5))
    )
    # "Feb. 29" without a year: the nearest leap year's in the past, never an invalid day
    assert _value("He was born on Feb. 29.", date(2025, 3, 1)) == "2024-02-29"
    assert interval("2024-02").end == date(2024, 2, 29)
    assert interval("2100-02").end == date(2100, 2, 28)
    assert interval("2000-02").end == date(2000, 2, 29)


def test_month_ends():
    for value, last in [("2025-04", 30), ("2025-01", 31), ("2023-02", 28), ("1900-02", 28)]:
        assert interval(value).end.day == last
    assert (
        _value("It ends on April 31.", date(2025, 5, 9))
        if tag("It ends on April 31.", date(2025, 5, 9))
        else True
    )  # never an impossible day; either no timex or a valid one
    for timex in tag("It ends on April 31.", date(2025, 5, 9)):
        assert timex.value != "2025-04-31"


def test_year_boundaries_for_yearless_dates():
    # a past-tense December in early January is last year's; a coming January in late
    # December is next year's
    assert _value("The talks collapsed in December.", date(2025, 1, 3)) == "2024-12"
    assert _value("The talks will resume in January.", date(2025, 12, 28)) == "2026-01"
    assert _value("He was arrested on Dec. 30.", date(2025, 1, 2)) == "2024-12-30"

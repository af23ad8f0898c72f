"""Honest time axes: a domain over the bulk of the events, ticks with years, and a sentence
saying what lies outside.

One article that mentions the year 2000 must not stretch a 2023-25 timeline over 25 years.
The domain is the range of event dates inside Tukey's far-out fences (three interquartile
ranges beyond the quartiles, the quartiles weighted by events per day), which keeps a
continuous spread of dates whole however long it is and drops only dates far from the
rest; the events left out are counted and named in the chart's subtitle. Ticks fall on
whole days, Mondays (weeks as DuckDB and ISO count them, not Vega-Lite's Sundays), months,
quarters or years, and every label carries its year.

Pure functions of dates; Vega-Lite values are built here so that every chart uses the same
domain, ticks and labels.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

import altair as alt

from presentation.values import counted

# Tukey's fences: an event is outside when it lies this many IQRs beyond a quartile.
FENCE_IQRS = 1.5
# The IQR of a corpus whose events fall on a few days is tiny; this keeps the weeks around
# them on the axis (background a month or two back stays in view).
MIN_IQR_DAYS = 30
# A narrower domain is widened to this many days around its middle: one day alone is not
# a timeline, and a day axis needs room for its labels.
MIN_SPAN_DAYS = 7
# Room at both ends, as a share of the span, so marks on the first and last day are whole.
PAD_SHARE = 0.03
# At most this many ticks per unit: a day label ("9 May 2025") is wider than a year's.
MAX_TICKS = {"day": 7, "week": 7, "month": 9, "year": 12}

# (unit, step) from fine to coarse; the first with at most MAX_TICKS ticks is used.
_TICK_UNITS: tuple[tuple[str, int], ...] = (
    ("day", 1),
    ("day", 2),
    ("week", 1),
    ("week", 2),
    ("month", 1),
    ("month", 2),
    ("month", 3),
    ("month", 6),
    ("year", 1),
    ("year", 2),
    ("year", 5),
    ("year", 10),
    ("year", 25),
    ("year", 50),
    ("year", 100),
)
_EPOCH = date(1970, 1, 1)
_LABEL_FORMATS = {"day": "%-d %b %Y", "week": "%-d %b %Y", "month": "%b %Y", "year": "%Y"}


@dataclass(frozen=True)
class TimeDomain:
    """The days a time axis shows (`start` to `end`, both whole), and its ticks."""

    start: date
    end: date
    unit: str
    ticks: tuple[date, ...]

    @property
    def label_format(self) -> str:
        return _LABEL_FORMATS[self.unit]

    def contains(self, day: date) -> bool:
        return self.start <= day <= self.end

    def overlaps(self, first: date, last: date | None) -> bool:
        """Whether days `first` to `last` (one day without it) reach into the axis."""
        return first <= self.end and (last or first) >= self.start

    def scale(self, **extra: Any) -> alt.Scale:
        """A UTC scale from the start of `start` to the end of `end`."""
        # As an expression of two numbers: Vega-Lite 6 compiles a literal temporal domain
        # of a chart with `x2` into a union that Vega warns about.
        first, last = _datetime(self.start), _datetime(self.end + timedelta(days=1))
        return alt.Scale(type="utc", domain={"expr": f"[{first}, {last}]"}, **extra)

    def axis(self, **extra: Any) -> alt.Axis:
        return alt.Axis(
            values=[_datetime(tick) for tick in self.ticks],
            format=self.label_format,
            labelOverlap=True,
            **extra,
        )

    def describe(self, day: date) -> str:
        """A day as a note names it: to the month on a month or year axis ("Oct 2004"),
        to the day on a day or week axis ("3 May 2025")."""
        if self.unit in ("month", "year"):
            return day.strftime("%b %Y")
        return f"{day.day} {day.strftime('%b %Y')}"


def _datetime(day: date) -> int:
    """Milliseconds since the epoch at the start of `day` in UTC, as Vega reads time."""
    return (day - _EPOCH).days * 86_400_000


def _weighted_quantile(days: Sequence[tuple[int, int]], share: float) -> int:
    """The ordinal day below which `share` of the weight lies (days sorted, weights > 0)."""
    total = sum(weight for _, weight in days)
    running = 0
    for day, weight in days:
        running += weight
        if running >= share * total:
            return day
    return days[-1][0]


def bulk_range(day_counts: Iterable[tuple[date, int]]) -> tuple[date, date] | None:
    """The first and last event day inside the far-out fences, or None with no events."""
    days = sorted(
        (day.toordinal(), int(weight)) for day, weight in day_counts if day and int(weight) > 0
    )
    if not days:
        return None
    q1, q3 = _weighted_quantile(days, 0.25), _weighted_quantile(days, 0.75)
    reach = FENCE_IQRS * max(q3 - q1, MIN_IQR_DAYS)
    inside = [day for day, _ in days if q1 - reach <= day <= q3 + reach]
    return date.fromordinal(min(inside)), date.fromordinal(max(inside))


def time_domain(first: date, last: date) -> TimeDomain:
    """A padded domain around [first, last] and ticks at the finest unit that fits."""
    if last < first:
        first, last = last, first
    span = (last - first).days
    if span < MIN_SPAN_DAYS:
        widen = MIN_SPAN_DAYS - span
        first -= timedelta(days=widen // 2)
        last += timedelta(days=widen - widen // 2)
        span = MIN_SPAN_DAYS
    pad = timedelta(days=max(1, round(span * PAD_SHARE)))
    start, end = first - pad, last + pad
    for unit, step in _TICK_UNITS:
        ticks = _ticks(start, end, unit, step)
        if len(ticks) <= MAX_TICKS[unit]:
            return TimeDomain(start, end, unit, tuple(ticks))
    return TimeDomain(start, end, "year", (start.replace(month=1, day=1),))


def _ticks(start: date, end: date, unit: str, step: int) -> list[date]:
    if unit == "day":
        return [start + timedelta(days=n) for n in range(0, (end - start).days + 1, step)]
    if unit == "week":
        monday = start + timedelta(days=(7 - start.weekday()) % 7)
        return [monday + timedelta(weeks=n) for n in range(0, (end - monday).days // 7 + 1, step)]
    months = 1 if unit == "month" else 12
    first_month = start.year * 12 + start.month - 1
    if start.day > 1:
        first_month += 1
    # Steps line up with the calendar: quarters start in Jan/Apr/Jul/Oct, decades in xxx0.
    size = step * months
    first_month += -first_month % size
    ticks = []
    for index in range(first_month, end.year * 12 + end.month, size):
        tick = date(index // 12, index % 12 + 1, 1)
        if tick <= end:
            ticks.append(tick)
    return ticks


def outside_note(before: int, after: int, domain: TimeDomain, noun: str = "events") -> str:
    """ "3 events before 2004 and 1 after 2014 are off the time axis", or "" when none are."""
    parts = []
    if before:
        parts.append(f"{counted(before, noun)} before {domain.describe(domain.start)}")
    if after:
        parts.append(f"{counted(after, noun)} after {domain.describe(domain.end)}")
    if not parts:
        return ""
    verb = "is" if before + after == 1 and len(parts) == 1 else "are"
    return f"{' and '.join(parts)} {verb} off the time axis"


def count_outside(
    rows: Iterable[tuple[date | None, date | None, int]], domain: TimeDomain
) -> tuple[int, int]:
    """How many events (weights) of rows (first day, last day, weight) end before the
    domain and start after it; a row that reaches into the domain is on the axis."""
    before = after = 0
    for first, last, weight in rows:
        if first is None:
            continue
        if (last or first) < domain.start:
            before += weight
        elif first > domain.end:
            after += weight
    return before, after

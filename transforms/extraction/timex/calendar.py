"""Calendar arithmetic and the TIMEX3 value -> calendar days mapping.

Kept apart from the grammar so the date logic (month ends, leap days, ISO weeks, year
boundaries) can be tested on its own, and so `interval` is usable by later stages that only
hold a stored value.
"""

from __future__ import annotations

import calendar
import re
from datetime import date, timedelta

from transforms.model import Interval

SEASON_CODES = ("SP", "SU", "FA", "WI")  # index = season number in a season-year
REF_VALUES = frozenset({"PRESENT_REF", "PAST_REF", "FUTURE_REF"})


def last_day_of_month(year: int, month: int) -> int:
    return calendar.monthrange(year, month)[1]


def shift_month(year: int, month: int, months: int) -> tuple[int, int]:
    """(year, month) moved by a signed number of months, across year boundaries."""
    index = year * 12 + (month - 1) + months
    return index // 12, index % 12 + 1


def shift_days(day: date, days: int) -> date:
    return day + timedelta(days=days)


def iso_week_value(day: date) -> str:
    """ISO week label; the ISO year differs from the calendar year around New Year."""
    iso_year, week, _ = day.isocalendar()
    return f"{iso_year:04d}-W{week:02d}"


def quarter_of(month: int) -> int:
    return (month - 1) // 3 + 1


def season_key(day: date) -> tuple[int, int]:
    """(season-year, season index) with meteorological seasons; Jan/Feb belong to last winter."""
    if day.month in (1, 2):
        return day.year - 1, 3
    if day.month == 12:
        return day.year, 3
    return day.year, (day.month - 3) // 3


def weekday_on_or_before(day: date, isoweekday: int) -> date:
    return day - timedelta(days=(day.isoweekday() - isoweekday) % 7)


def weekday_strictly_before(day: date, isoweekday: int) -> date:
    return day - timedelta(days=(day.isoweekday() - isoweekday - 1) % 7 + 1)


def weekday_strictly_after(day: date, isoweekday: int) -> date:
    return day + timedelta(days=(isoweekday - day.isoweekday() - 1) % 7 + 1)


def weekday_on_or_after(day: date, isoweekday: int) -> date:
    return day + timedelta(days=(isoweekday - day.isoweekday()) % 7)


def weekday_nearest(day: date, isoweekday: int) -> date:
    """The weekday within three days either side; ties (none possible over 7 days) go back."""
    back = (day.isoweekday() - isoweekday) % 7
    return day - timedelta(days=back) if back <= 3 else day + timedelta(days=7 - back)


_DAY = re.compile(r"(\d{4})-(\d{2})-(\d{2})(?:T(?:\d{2}(?::\d{2}){0,2}|MO|AF|EV|NI|DT))?")
_WEEKDAY = re.compile(r"(\d{4})-W(\d{2})-([1-7])")
_WEEKEND = re.compile(r"(\d{4})-W(\d{2})-WE")
_WEEK = re.compile(r"(\d{4})-W(\d{2})")
_MONTH = re.compile(r"(\d{4})-(\d{2})")
_QUARTER = re.compile(r"(\d{4})-Q([1-4])")
_HALF = re.compile(r"(\d{4})-H([12])")
_SEASON = re.compile(r"(\d{4})-(SP|SU|FA|WI)")
_YEAR = re.compile(r"\d{4}")
_DECADE = re.compile(r"(\d{3})X?")
_CENTURY = re.compile(r"(\d{2})(?:XX)?")
_DURATION = re.compile(r"P(?:[\dX.]+[YMWDQ]|[\dX.]+(?:DE|CE))*(?:T(?:[\dX.]+[HMS])+)?")
# A known prefix followed by unknown parts (1998-XX-XX, 1989-WXX, 1988-QX): the known prefix.
_PARTIAL = re.compile(r"(\d{4}(?:-\d{2})?)(?:-(?:XX|WXX|QX|HX)(?:-XX)?)")


def _iso_week_monday(year: int, week: int) -> date:
    monday = date.fromisocalendar(year, week, 1)  # raises ValueError for W53 in 52-week years
    return monday


def interval(value: str) -> Interval:
    """The calendar days a TIMEX3 value denotes.

    Times of day map to their day with precision "day" (the pipeline dates events by day).
    A weekend maps to its Saturday..Sunday with precision "week". Values whose year is unknown
    (XXXX-...) and the *_REF values give no days. A duration ("P...") gives no days; a set
    whose value is a duration looks the same, so it is reported as "duration" - a set written
    as a calendar pattern (XXXX-WXX-5) has an unknown year and is reported as "unknown".
    Raises ValueError on anything that is not a TIMEX3 value or names an impossible date.
    """
    if value in REF_VALUES:
        return Interval(None, None, "ref")
    if value.startswith("XXXX"):
        return Interval(None, None, "unknown")
    if value.startswith("P") and _DURATION.fullmatch(value) and value != "P":
        return Interval(None, None, "duration")
    if match := _DAY.fullmatch(value):
        day = date(int(match[1]), int(match[2]), int(match[3]))
        return Interval(day, day, "day")
    if match := _WEEKDAY.fullmatch(value):
        day = date.fromisocalendar(int(match[1]), int(match[2]), int(match[3]))
        return Interval(day, day, "day")
    if match := _WEEKEND.fullmatch(value):
        monday = _iso_week_monday(int(match[1]), int(match[2]))
        return Interval(monday + timedelta(days=5), monday + timedelta(days=6), "week")
    if match := _WEEK.fullmatch(value):
        monday = _iso_week_monday(int(match[1]), int(match[2]))
        return Interval(monday, monday + timedelta(days=6), "week")
    if match := _MONTH.fullmatch(value):
        year, month = int(match[1]), int(match[2])
        first = date(year, month, 1)
        return Interval(first, date(year, month, last_day_of_month(year, month)), "month")
    if match := _QUARTER.fullmatch(value):
        year, quarter = int(match[1]), int(match[2])
        last_month = quarter * 3
        end = date(year, last_month, last_day_of_month(year, last_month))
        return Interval(date(year, last_month - 2, 1), end, "quarter")
    if match := _HALF.fullmatch(value):
        year, half = int(match[1]), int(match[2])
        if half == 1:
            return Interval(date(year, 1, 1), date(year, 6, 30), "half")
        return Interval(date(year, 7, 1), date(year, 12, 31), "half")
    if match := _SEASON.fullmatch(value):
        year, index = int(match[1]), SEASON_CODES.index(match[2])
        if index == 3:
            end = date(year + 1, 2, last_day_of_month(year + 1, 2))
            return Interval(date(year, 12, 1), end, "season")
        first_month = 3 + 3 * index
        last = date(year, first_month + 2, last_day_of_month(year, first_month + 2))
        return Interval(date(year, first_month, 1), last, "season")
    if _YEAR.fullmatch(value):
        year = int(value)
        return Interval(date(year, 1, 1), date(year, 12, 31), "year")
    if match := _DECADE.fullmatch(value):
        start = int(match[1]) * 10
        return Interval(date(max(start, 1), 1, 1), date(start + 9, 12, 31), "decade")
    if match := _CENTURY.fullmatch(value):
        start = int(match[1]) * 100
        return Interval(date(max(start, 1), 1, 1), date(start + 99, 12, 31), "century")
    if match := _PARTIAL.fullmatch(value):
        return interval(match[1])
    raise ValueError(f"not a TIMEX3 value: {value!r}")

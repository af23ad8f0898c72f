"""Expressions counted from the anchor: "today", "last week", "Friday", "three days ago"."""

from __future__ import annotations

from datetime import date

from transforms.extraction.timex import calendar as cal
from transforms.extraction.timex.normalisers.contract import Context, Fields, Norm, normaliser
from transforms.extraction.timex.normalisers.values import (
    day_value,
    explicit,
    from_anchor,
    month_value,
    reported_future,
    tense_direction,
)

# How old a report may be when the future it tells is a weekday ("announced it would reopen
# on Saturday"): news reports what was said in the last day or two.
_REPORT_AGE_DAYS = 2


@normaliser("deictic_day")
def deictic_day(f: Fields, ctx: Context) -> Norm | None:
    offset = int(f["deictic_day"])
    return from_anchor(ctx, lambda a: day_value(cal.shift_days(a, offset)), "XXXX-XX-XX")


_UNANCHORED_UNIT = {
    "W": "XXXX-WXX",
    "M": "XXXX-XX",
    "Y": "XXXX",
    "Q": "XXXX-QX",
    "WE": "XXXX-WXX-WE",
    "DE": "XXXX",
    "CE": "XXXX",
}


def _weekend_week(anchor: date, direction: str | None) -> str:
    if direction == "future":
        saturday = cal.weekday_on_or_before(cal.shift_days(anchor, 6), 6)  # on or after
    else:
        saturday = cal.weekday_on_or_before(anchor, 6)
    return f"{cal.iso_week_value(saturday)}-WE"


@normaliser("relative_unit")
def relative_unit(f: Fields, ctx: Context) -> Norm | None:
    unit, relative = str(f["calendar_unit"]), int(f["relative"])

    def compute(anchor: date) -> str:
        if unit == "W":
            return cal.iso_week_value(cal.shift_days(anchor, 7 * relative))
        if unit == "M":
            return month_value(*cal.shift_month(anchor.year, anchor.month, relative))
        if unit == "Y":
            return f"{anchor.year + relative:04d}"
        if unit == "Q":
            year, month = cal.shift_month(anchor.year, anchor.month, 3 * relative)
            return f"{year:04d}-Q{cal.quarter_of(month)}"
        if unit == "WE":
            if relative == 0:
                return _weekend_week(anchor, tense_direction(ctx, "past"))
            return f"{cal.iso_week_value(cal.shift_days(anchor, 7 * relative))}-WE"
        if unit == "DE":
            return f"{anchor.year // 10 + relative:03d}X"
        return f"{anchor.year // 100 + relative:02d}"

    return from_anchor(ctx, compute, _UNANCHORED_UNIT[unit])


@normaliser("later_in_the_week")
def later_in_the_week(f: Fields, ctx: Context) -> Norm | None:
    """After the anchor, in its week. Told in the future on a Sunday, the last day of an ISO
    week, it is the week that begins the next day (a reader's week starts on Sunday); told
    in the past, the week that is ending."""

    def compute(anchor: date) -> str:
        ahead = tense_direction(ctx, "past") != "past"
        return cal.iso_week_value(cal.shift_days(anchor, 1) if ahead else anchor)

    return from_anchor(ctx, compute, _UNANCHORED_UNIT["W"])


def _weekday_date(anchor: date, isoweekday: int, direction: str | None) -> date:
    if direction == "past":
        return cal.weekday_on_or_before(anchor, isoweekday)
    if direction == "future":
        return cal.weekday_on_or_after(anchor, isoweekday)
    return cal.weekday_nearest(anchor, isoweekday)


@normaliser("weekday")
def weekday(f: Fields, ctx: Context) -> Norm | None:
    """Past: on or before the anchor. Future: on or after it (a Friday report's "will meet on
    Friday" is that day). The future seen from a report: on or after the report, which may
    be a day or two old ("announced it would reopen on Saturday", on a Sunday: the day
    before). Present, or a parse that could not tell: the nearest, within three days. No
    parse: future after a modal, else past."""
    isoweekday = int(f["weekday"])

    def compute(anchor: date) -> str:
        if reported_future(ctx):
            since = cal.shift_days(anchor, -_REPORT_AGE_DAYS)
            return day_value(cal.weekday_on_or_after(since, isoweekday))
        return day_value(_weekday_date(anchor, isoweekday, tense_direction(ctx, "past")))

    return from_anchor(ctx, compute, f"XXXX-WXX-{isoweekday}")


@normaliser("relative_weekday")
def relative_weekday(f: Fields, ctx: Context) -> Norm | None:
    """last Friday: strictly before the anchor; next Friday: strictly after; this: as bare."""
    isoweekday, relative = int(f["weekday"]), int(f["relative"])
    if relative == 0:
        return weekday(f, ctx)

    def compute(anchor: date) -> str:
        if relative < 0:
            return day_value(cal.weekday_strictly_before(anchor, isoweekday))
        return day_value(cal.weekday_strictly_after(anchor, isoweekday))

    return from_anchor(ctx, compute, f"XXXX-WXX-{isoweekday}")


@normaliser("day_next_to_weekday")
def day_next_to_weekday(f: Fields, ctx: Context) -> Norm | None:
    """'the day before last Tuesday': the named weekday (as `relative_weekday` or `weekday`
    finds it) moved one day."""
    named = relative_weekday(f, ctx) if f.get("relative") is not None else weekday(f, ctx)
    if named is None or named.basis == "unanchored":
        return None if named is None else Norm("XXXX-XX-XX", "unanchored")
    step = int(f["side"])
    return Norm(day_value(cal.shift_days(date.fromisoformat(named.value), step)), "relative")


_UNANCHORED_AGO = {
    "W": "XXXX-WXX",
    "M": "XXXX-XX",
    "Q": "XXXX-QX",
    "Y": "XXXX",
    "DE": "XXXX",
    "CE": "XXXX",
}


@normaliser("ago")
def ago(f: Fields, ctx: Context) -> Norm | None:
    """'two weeks ago' / 'three years later': a date at the unit's own granularity."""
    number, unit = str(f["number"]), str(f["unit"])
    sign = int(f["direction"])
    if number == "X":
        return Norm("PAST_REF" if sign < 0 else "FUTURE_REF", "explicit")
    if "." in number:
        return None
    count = sign * int(number)

    def compute(anchor: date) -> str:
        if unit == "D":
            return day_value(cal.shift_days(anchor, count))
        if unit == "W":
            return cal.iso_week_value(cal.shift_days(anchor, 7 * count))
        if unit == "M":
            return month_value(*cal.shift_month(anchor.year, anchor.month, count))
        if unit == "Q":
            year, month = cal.shift_month(anchor.year, anchor.month, 3 * count)
            return f"{year:04d}-Q{cal.quarter_of(month)}"
        if unit == "Y":
            return f"{anchor.year + count:04d}"
        if unit == "DE":
            return f"{anchor.year + 10 * count:04d}"
        if unit == "CE":
            return f"{anchor.year + 100 * count:04d}"
        return day_value(anchor)  # hours/minutes ago: the anchor's day

    return from_anchor(ctx, compute, _UNANCHORED_AGO.get(unit, "XXXX-XX-XX"))


@normaliser("reference")
def reference(f: Fields, ctx: Context) -> Norm | None:
    return explicit(str(f["reference"]))

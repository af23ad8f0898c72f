"""Dates without their year ("May 9", "in June", "Christmas", "last July"): the occurrence
nearest the anchor that the tense, a deadline word or "last/next" allows."""

from __future__ import annotations

from datetime import date

from transforms.extraction.timex import calendar as cal
from transforms.extraction.timex.normalisers.contract import (
    REPORTED_FUTURE,
    Context,
    Fields,
    Norm,
    normaliser,
)
from transforms.extraction.timex.normalisers.explicit import explicit_day
from transforms.extraction.timex.normalisers.values import (
    day_value,
    from_anchor,
    month_value,
    tense_direction,
    valid_day,
    whole_number,
)

# How far after the anchor a yearless date may lie when the tense does not say "past".
_NEAR_FUTURE_DAYS = 92
# ... and when it does.
_PAST_GRACE_DAYS = 14


def pick_occurrence(
    anchor: date, options: list[date], direction: str | None, past_grace_days: int = 0
) -> date | None:
    """One occurrence of a yearly date (options: the same date in neighbouring years).

    future -> the first on or after the anchor; past -> the latest on or before it;
    present -> the latest no more than about three months after it; unknown (None) -> the
    latest on or before the anchor, or one in the anchor's own year within about three
    months after it (news omits the year of this year's dates, and mostly reports the past).
    """
    if not options:
        return None
    horizon = cal.shift_days(anchor, _NEAR_FUTURE_DAYS)
    if direction == "future":
        later = [d for d in options if d >= anchor]
        return min(later) if later else max(options)
    if direction == "past":
        # A date a few days ahead in a past-tense clause is a schedule ("gave no reason for
        # the Jan. 14 deadline"), not last year's date.
        allowed = [d for d in options if d <= cal.shift_days(anchor, past_grace_days)]
    elif direction == "present":
        allowed = [d for d in options if d <= horizon]
    else:
        allowed = [d for d in options if d <= horizon]
    return max(allowed) if allowed else min(options)


def yearly_direction(ctx: Context) -> str | None:
    """Direction for a date without its year. No parse and no modal cue: unknown (None). A
    parse that finds no tensed verb (an infinitive: "agreed to buy it in January") counts
    as present: the date may lie a little ahead."""
    direction = ctx.tense()
    # The reported future lies ahead of a report that may be months old ("said in May it
    # would close on June 30"): this year's date, or one a few months ahead, as in the present.
    if (direction is None and ctx.tense_from_parse) or direction == REPORTED_FUTURE:
        return "present"
    return direction


def nearest_year(
    anchor: date,
    direction: str | None,
    month: int,
    day: int,
    deadline: bool = False,
    completed: bool = False,
) -> date | None:
    options = [
        d
        for y in (anchor.year - 1, anchor.year, anchor.year + 1)
        if (d := valid_day(y, month, day)) is not None
    ]
    if deadline and direction != "future":
        return _deadline_occurrence(anchor, options)
    return pick_occurrence(anchor, options, direction, 0 if completed else _PAST_GRACE_DAYS)


def _deadline_occurrence(anchor: date, options: list[date]) -> date | None:
    """A deadline or a schedule ("effective Feb. 1", "by February", "payable Dec. 15"): the
    first occurrence from about three months before the anchor on - the next one, unless
    one has just passed."""
    since = cal.shift_days(anchor, -_NEAR_FUTURE_DAYS)
    later = [d for d in options if d >= since]
    return min(later) if later else None


@normaliser("day_of_month")
def day_of_month(f: Fields, ctx: Context) -> Norm | None:
    """'on the 25th': that day of the anchor's month or one beside it. Past: the last on or
    before the anchor; future: the first on or after it; otherwise the nearest."""
    day_number = whole_number(f["day"])

    def compute(anchor: date) -> str | None:
        months = (cal.shift_month(anchor.year, anchor.month, step) for step in (-1, 0, 1))
        options = [d for y, m in months if (d := valid_day(y, m, day_number)) is not None]
        direction = tense_direction(ctx, "past")
        if direction == "past":
            options = [d for d in options if d <= anchor]
        elif direction == "future":
            options = [d for d in options if d >= anchor]
        if not options:
            return None
        return day_value(min(options, key=lambda d: abs((d - anchor).days)))

    return from_anchor(ctx, compute, f"XXXX-XX-{day_number:02d}")


@normaliser("month_day")
def month_day(f: Fields, ctx: Context) -> Norm | None:
    month, day_number = int(f["month"]), whole_number(f["day"])
    if valid_day(2000, month, day_number) is None:  # 2000 is a leap year: Feb 29 is fine
        return None

    isoweekday = int(f["weekday"]) if f.get("weekday") is not None else None

    def compute(anchor: date) -> str | None:
        if isoweekday is not None:  # "Monday, Oct. 26": the nearby year where it is a Monday
            matching = [
                d
                for y in (anchor.year, anchor.year - 1, anchor.year + 1)
                if (d := valid_day(y, month, day_number)) is not None
                and d.isoweekday() == isoweekday
            ]
            if matching:
                return day_value(matching[0])
        if f.get("md_relative") is not None:  # last Oct. 23 / next March 8
            sign = int(f["md_relative"])
            options = [
                d
                for y in (anchor.year - 1, anchor.year, anchor.year + 1)
                if (d := valid_day(y, month, day_number)) is not None
                and (d < anchor if sign < 0 else d > anchor)
            ]
            if options:
                return day_value(max(options) if sign < 0 else min(options))
        day = nearest_year(
            anchor, yearly_direction(ctx), month, day_number, ctx.deadline, ctx.completed
        )
        return None if day is None else day_value(day)

    return from_anchor(ctx, compute, f"XXXX-{month:02d}-{day_number:02d}")


@normaliser("week_of")
def week_of(f: Fields, ctx: Context) -> Norm | None:
    """'the week of March 6': the ISO week holding that day (the day chosen as a month-day,
    or as written when it has its year)."""
    norm = explicit_day(f, ctx) if f.get("year") else month_day(f, ctx)
    if norm is None or norm.basis == "unanchored":
        return None if norm is None else Norm("XXXX-WXX", "unanchored")
    return Norm(cal.iso_week_value(date.fromisoformat(norm.value)), norm.basis)


@normaliser("month_alone")
def month_alone(f: Fields, ctx: Context) -> Norm | None:
    """Like `month_day`, at month granularity: the anchor's own month counts as both past
    and future (a month is compared by its first day, the anchor by its month's first)."""
    month = int(f["month"])

    def compute(anchor: date) -> str:
        first = anchor.replace(day=1)
        options = [date(y, month, 1) for y in (anchor.year - 1, anchor.year, anchor.year + 1)]
        direction = yearly_direction(ctx)
        if ctx.deadline and direction != "future":
            picked = _deadline_occurrence(first, options)
        else:
            # Next month counts as past when it starts within the grace ("Daley's visit in
            # September", written on Aug. 26).
            grace = 0 if ctx.completed else (cal.shift_days(anchor, _PAST_GRACE_DAYS) - first).days
            picked = pick_occurrence(first, options, direction, grace)
        assert picked is not None
        return month_value(picked.year, picked.month)

    return from_anchor(ctx, compute, f"XXXX-{month:02d}")


@normaliser("month_relative_year")
def month_relative_year(f: Fields, ctx: Context) -> Norm | None:
    """'June last year', 'January this year', 'April next year', '1 January next year'."""
    month, relative = int(f["month"]), int(f["relative"])
    if f.get("day") is None:
        return from_anchor(
            ctx, lambda anchor: month_value(anchor.year + relative, month), f"XXXX-{month:02d}"
        )
    day = whole_number(f["day"])

    def compute(anchor: date) -> str | None:
        named = valid_day(anchor.year + relative, month, day)
        return None if named is None else day_value(named)

    return from_anchor(ctx, compute, f"XXXX-{month:02d}-{day:02d}")


@normaliser("relative_month")
def relative_month(f: Fields, ctx: Context) -> Norm | None:
    """last July: the latest July before the anchor's month; next July: the first after."""
    month, relative = int(f["month"]), int(f["relative"])

    def compute(anchor: date) -> str:
        year = anchor.year
        if relative < 0 and month >= anchor.month:
            year -= 1
        elif relative > 0 and month <= anchor.month:
            year += 1
        return month_value(year, month)

    return from_anchor(ctx, compute, f"XXXX-{month:02d}")


@normaliser("season")
def season(f: Fields, ctx: Context) -> Norm | None:
    code = str(f["season"])
    relative = f.get("relative")
    alone = relative is None and not f.get("the")
    if alone and str(f.get("season_text", "")).lower() in f.get("needs_determiner", ()):
        return None  # "fall" alone is the verb far more often than the season
    target = cal.SEASON_CODES.index(code)

    def compute(anchor: date) -> str:
        season_year, current = cal.season_key(anchor)
        if relative is not None and int(relative) < 0:
            year = season_year if target < current else season_year - 1
        elif relative is not None and int(relative) > 0:
            year = season_year if target > current else season_year + 1
        elif code == "WI":
            year = season_year if current == 3 else anchor.year
        else:
            year = anchor.year
        return f"{year:04d}-{code}"

    return from_anchor(ctx, compute, f"XXXX-{code}")


def _easter(year: int) -> date:
    """Gregorian Easter Sunday (anonymous Gregorian algorithm)."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = b // 4, b % 4
    g = (8 * b + 13) // 25
    h = (19 * a + b - d - g + 15) % 30
    i, k = c // 4, c % 4
    l_ = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * l_) // 451
    month = (h + l_ - 7 * m + 114) // 31
    day = (h + l_ - 7 * m + 114) % 31 + 1
    return date(year, month, day)


def _nth_weekday(year: int, month: int, isoweekday: int, n: int) -> date:
    if n > 0:
        first = date(year, month, 1)
        return cal.shift_days(first, (isoweekday - first.isoweekday()) % 7 + 7 * (n - 1))
    last = date(year, month, cal.last_day_of_month(year, month))
    return cal.weekday_on_or_before(last, isoweekday)


def holiday_date(code: str, year: int) -> date:
    """The day a holiday code (see the `holiday` lexicon) falls on in a year."""
    if code.startswith("F"):
        return date(year, int(code[1:3]), int(code[4:6]))
    if code.startswith("N"):
        month, isoweekday, n = code[1:].split("-", 2)
        return _nth_weekday(year, int(month), int(isoweekday), int(n))
    if code == "ELECTION":
        return cal.shift_days(_nth_weekday(year, 11, 1, 1), 1)
    return cal.shift_days(_easter(year), int(code[1:]))


@normaliser("holiday")
def holiday(f: Fields, ctx: Context) -> Norm | None:
    """A holiday: the occurrence chosen like a month-day; last/next: strictly before/after.
    'Easter week': the ISO week of the day."""
    code = str(f["holiday"])
    relative = int(f["relative"]) if f.get("relative") is not None else 0

    def compute(anchor: date) -> str:
        options = [holiday_date(code, y) for y in (anchor.year - 1, anchor.year, anchor.year + 1)]
        if relative < 0:
            day = max(d for d in options if d < anchor)
        elif relative > 0:
            day = min(d for d in options if d > anchor)
        else:
            picked = pick_occurrence(anchor, options, yearly_direction(ctx))
            assert picked is not None
            day = picked
        return cal.iso_week_value(day) if f.get("week") else day_value(day)

    if f.get("week"):
        unanchored = "XXXX-WXX"
    elif code.startswith("F"):
        unanchored = f"XXXX-{code[1:3]}-{code[4:6]}"
    else:
        unanchored = "XXXX-XX-XX"
    return from_anchor(ctx, compute, unanchored)

"""Normalisers: turn the lexicon values a rule captured into a TIMEX3 value.

Each rule in timex.yaml names one of these functions. They get the captured fields (lexicon
values, or the raw text for plain groups, merged over the rule's params) and the anchor.
Relative values are computed from the anchor only - never from the wall clock - and fall back
to an X-form (XXXX-XX-XX, XXXX-WXX-5, XXXX-05, ...) with basis "unanchored" when there is none.

Tense rules (see `_direction`): a caller-supplied tense wins; without one, a modal just
before the expression ("will", "'ll", "would", "shall", "to be", "going to") means future.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from transforms.extraction.timex import calendar as cal
from transforms.model import TimexBasis, TimexType


@dataclass(frozen=True)
class Norm:
    value: str
    basis: TimexBasis
    mod: str | None = None
    type: TimexType | None = None  # overrides the rule's type when set


@dataclass(frozen=True)
class Context:
    anchor: date | None
    # Tense of the clause: "past", "present", "future" or None; `tense_from_parse` says
    # whether it came from the caller's parse (trusted) or the local modal cue.
    tense: Callable[[], str | None]
    tense_from_parse: bool
    # The reporting period of the text so far (the last quarter mentioned, e.g. "1989-Q3"),
    # given only to rules marked `context: period`; see the engine.
    period: str | None = None
    # The last date mentioned before the expression (its first day and interval precision),
    # given only to rules marked `context: anaphor` ("that day", "the following year").
    reference: tuple[date, str] | None = None
    # A deadline or schedule word leads up to the expression ("until", "by", "effective",
    # "payable"): a yearless date is then the next one, or one that has just passed.
    deadline: bool = False
    # A period that "ended" on the date, or a state held "since" it: the date cannot lie ahead.
    completed: bool = False


Fields = Mapping[str, Any]
Normaliser = Callable[[Fields, Context], Norm | None]


def _explicit(value: str) -> Norm:
    return Norm(value, "explicit")


def _relative(ctx: Context, compute: Callable[[date], str | None], unanchored: str) -> Norm | None:
    if ctx.anchor is None:
        return Norm(unanchored, "unanchored")
    value = compute(ctx.anchor)
    return None if value is None else Norm(value, "relative")


def _valid_day(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _day_value(day: date) -> str:
    return day.isoformat()


def _month_value(year: int, month: int) -> str:
    return f"{year:04d}-{month:02d}"


def _int(value: Any) -> int:
    return int(str(value).rstrip(".").lstrip("0") or "0")


# ---- explicit --------------------------------------------------------------------------


def explicit_day(f: Fields, ctx: Context) -> Norm | None:
    year_text = str(f.get("year") or f.get("year_number"))
    year = _int(year_text)
    if len(year_text) == 2:  # 5/9/25: the century nearest the anchor, else 1900s/2000s split
        pivot = (ctx.anchor.year % 100 + 10) if ctx.anchor else 50
        century = (ctx.anchor.year // 100 * 100) if ctx.anchor else 1900
        year += century if year <= pivot else century - 100
    month = f.get("month") or _int(f.get("month_number"))
    day = _valid_day(year, int(month), _int(f.get("day") or f.get("day_number")))
    return None if day is None else _explicit(_day_value(day))


def explicit_month(f: Fields, ctx: Context) -> Norm | None:
    return _explicit(_month_value(_int(f["year"]), int(f["month"])))


def explicit_season(f: Fields, ctx: Context) -> Norm | None:
    return _explicit(f"{_int(f['year']):04d}-{f['season']}")


def explicit_quarter(f: Fields, ctx: Context) -> Norm | None:
    quarter = int(f["ordinal"])
    return _explicit(f"{_int(f['year']):04d}-Q{quarter}") if quarter <= 4 else None


def explicit_half(f: Fields, ctx: Context) -> Norm | None:
    half = int(f["ordinal"])
    return _explicit(f"{_int(f['year']):04d}-H{half}") if half <= 2 else None


def explicit_year(f: Fields, ctx: Context) -> Norm | None:
    return _explicit(f"{_int(f['year']):04d}")


def decade(f: Fields, ctx: Context) -> Norm | None:
    if f.get("decade"):
        return _explicit(f"{str(f['decade'])[:3]}X")
    # '90s: the latest such decade that has started by the anchor year (1900s without one).
    tens = _int(f["short_decade"])
    century = 1900
    if ctx.anchor is not None:
        century = ctx.anchor.year // 100 * 100
        if century + tens > ctx.anchor.year:
            century -= 100
    return _explicit(f"{(century + tens) // 10:03d}X")


def century(f: Fields, ctx: Context) -> Norm | None:
    ordinal = _int(f["century_ordinal"])
    # TimeML writes a century as its first two digits ("the 20th century" -> "19").
    return _explicit(f"{ordinal - 1:02d}") if 1 <= ordinal <= 30 else None


# ---- anchored to the DCT (or the narrative anchor) ----------------------------------


def _direction(ctx: Context, default: str | None) -> str | None:
    """past/future/present from the parse, else the modal cue, else `default`."""
    tense = ctx.tense()
    if tense is None and not ctx.tense_from_parse:
        return default
    return tense


# How far after the anchor a yearless date may lie when the tense does not say "past".
_NEAR_FUTURE_DAYS = 92
# ... and when it does.
_PAST_GRACE_DAYS = 14


def _pick_occurrence(
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


def _yearly_direction(ctx: Context) -> str | None:
    """Direction for a date without its year. No parse and no modal cue: unknown (None). A
    parse that finds no tensed verb (an infinitive: "agreed to buy it in January") counts
    as present: the date may lie a little ahead."""
    direction = ctx.tense()
    if direction is None and ctx.tense_from_parse:
        return "present"
    return direction


def _nearest_year(
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
        if (d := _valid_day(y, month, day)) is not None
    ]
    if deadline and direction != "future":
        return _deadline_occurrence(anchor, options)
    return _pick_occurrence(anchor, options, direction, 0 if completed else _PAST_GRACE_DAYS)


def _deadline_occurrence(anchor: date, options: list[date]) -> date | None:
    """A deadline or a schedule ("effective Feb. 1", "by February", "payable Dec. 15"): the
    first occurrence from about three months before the anchor on - the next one, unless
    one has just passed."""
    since = cal.shift_days(anchor, -_NEAR_FUTURE_DAYS)
    later = [d for d in options if d >= since]
    return min(later) if later else None


def month_day(f: Fields, ctx: Context) -> Norm | None:
    month, day_number = int(f["month"]), _int(f["day"])
    if _valid_day(2000, month, day_number) is None:  # 2000 is a leap year: Feb 29 is fine
        return None

    isoweekday = int(f["weekday"]) if f.get("weekday") is not None else None

    def compute(anchor: date) -> str | None:
        if isoweekday is not None:  # "Monday, Oct. 26": the nearby year where it is a Monday
            matching = [
                d
                for y in (anchor.year, anchor.year - 1, anchor.year + 1)
                if (d := _valid_day(y, month, day_number)) is not None
                and d.isoweekday() == isoweekday
            ]
            if matching:
                return _day_value(matching[0])
        if f.get("md_relative") is not None:  # last Oct. 23 / next March 8
            sign = int(f["md_relative"])
            options = [
                d
                for y in (anchor.year - 1, anchor.year, anchor.year + 1)
                if (d := _valid_day(y, month, day_number)) is not None
                and (d < anchor if sign < 0 else d > anchor)
            ]
            if options:
                return _day_value(max(options) if sign < 0 else min(options))
        day = _nearest_year(
            anchor, _yearly_direction(ctx), month, day_number, ctx.deadline, ctx.completed
        )
        return None if day is None else _day_value(day)

    return _relative(ctx, compute, f"XXXX-{month:02d}-{day_number:02d}")


def week_of(f: Fields, ctx: Context) -> Norm | None:
    """'the week of March 6': the ISO week holding that day (the day chosen as a month-day,
    or as written when it has its year)."""
    norm = explicit_day(f, ctx) if f.get("year") else month_day(f, ctx)
    if norm is None or norm.basis == "unanchored":
        return None if norm is None else Norm("XXXX-WXX", "unanchored")
    return Norm(cal.iso_week_value(date.fromisoformat(norm.value)), norm.basis)


def month_alone(f: Fields, ctx: Context) -> Norm | None:
    """Like `month_day`, at month granularity: the anchor's own month counts as both past
    and future (a month is compared by its first day, the anchor by its month's first)."""
    month = int(f["month"])

    def compute(anchor: date) -> str:
        first = anchor.replace(day=1)
        options = [date(y, month, 1) for y in (anchor.year - 1, anchor.year, anchor.year + 1)]
        direction = _yearly_direction(ctx)
        if ctx.deadline and direction != "future":
            picked = _deadline_occurrence(first, options)
        else:
            # Next month counts as past when it starts within the grace ("Daley's visit in
            # September", written on Aug. 26).
            grace = 0 if ctx.completed else (cal.shift_days(anchor, _PAST_GRACE_DAYS) - first).days
            picked = _pick_occurrence(first, options, direction, grace)
        assert picked is not None
        return _month_value(picked.year, picked.month)

    return _relative(ctx, compute, f"XXXX-{month:02d}")


def month_relative_year(f: Fields, ctx: Context) -> Norm | None:
    """'June last year', 'January this year', 'April next year'."""
    month, relative = int(f["month"]), int(f["relative"])
    return _relative(
        ctx, lambda anchor: _month_value(anchor.year + relative, month), f"XXXX-{month:02d}"
    )


def _spoken_number(f: Fields, tens_key: str, units_key: str, teens_key: str) -> int:
    return int(f.get(tens_key) or 0) + int(f.get(units_key) or 0) + int(f.get(teens_key) or 0)


def spoken_year(f: Fields, ctx: Context) -> Norm | None:
    """'nineteen ninety-six', 'nineteen oh five', 'the year two thousand (and one)'."""
    if f.get("spoken_tens") or f.get("spoken_teens") or f.get("oh_units"):
        rest = _spoken_number(f, "spoken_tens", "spoken_units", "spoken_teens")
        return _explicit(f"{1900 + rest + int(f.get('oh_units') or 0):04d}")
    return _explicit(f"{2000 + int(f.get('thousand_units') or 0):04d}")


def month_spoken_year(f: Fields, ctx: Context) -> Norm | None:
    year = 1900 + _spoken_number(f, "spoken_tens", "spoken_units", "spoken_teens")
    return _explicit(_month_value(year, int(f["month"])))


def season_spoken_year(f: Fields, ctx: Context) -> Norm | None:
    """'the winter of nineteen ninety-four'."""
    year = 1900 + _spoken_number(f, "spoken_tens", "spoken_units", "spoken_teens")
    return _explicit(f"{year:04d}-{f['season']}")


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
            picked = _pick_occurrence(anchor, options, _yearly_direction(ctx))
            assert picked is not None
            day = picked
        return cal.iso_week_value(day) if f.get("week") else _day_value(day)

    if f.get("week"):
        unanchored = "XXXX-WXX"
    elif code.startswith("F"):
        unanchored = f"XXXX-{code[1:3]}-{code[4:6]}"
    else:
        unanchored = "XXXX-XX-XX"
    return _relative(ctx, compute, unanchored)


def anaphoric(f: Fields, ctx: Context) -> Norm | None:
    """'that day', 'the following year', 'later that year': the last date mentioned (the
    anchor when there is none) moved by the offset, at the expression's granularity."""
    code = str(f["anaphor"])
    unit, offset = code[0], int(code[1:])
    mod = None
    if ctx.reference is not None:
        day, precision = ctx.reference
    elif ctx.anchor is not None:
        day, precision = ctx.anchor, "day"
    else:
        return Norm({"D": "XXXX-XX-XX", "M": "XXXX-XX", "Y": "XXXX"}[unit], "unanchored", mod)
    if unit == "Y":
        return Norm(f"{day.year + offset:04d}", "relative", mod)
    if unit == "M":
        if precision not in ("day", "week", "month"):
            return Norm(f"{day.year:04d}-XX", "relative", mod)
        return Norm(_month_value(*cal.shift_month(day.year, day.month, offset)), "relative", mod)
    if precision != "day":
        return Norm(f"{day.year:04d}-XX-XX", "relative", mod)
    return Norm(_day_value(cal.shift_days(day, offset)), "relative", mod)


def relative_month(f: Fields, ctx: Context) -> Norm | None:
    """last July: the latest July before the anchor's month; next July: the first after."""
    month, relative = int(f["month"]), int(f["relative"])

    def compute(anchor: date) -> str:
        year = anchor.year
        if relative < 0 and month >= anchor.month:
            year -= 1
        elif relative > 0 and month <= anchor.month:
            year += 1
        return _month_value(year, month)

    return _relative(ctx, compute, f"XXXX-{month:02d}")


def season(f: Fields, ctx: Context) -> Norm | None:
    code = str(f["season"])
    relative = f.get("relative")
    if relative is None and not f.get("the") and str(f.get("season_text", "")).lower() == "fall":
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

    return _relative(ctx, compute, f"XXXX-{code}")


def ordinal_quarter(f: Fields, ctx: Context) -> Norm | None:
    """A quarter later in the year than the anchor's is last year's unless the clause is
    future: news reports on quarters that have ended."""
    quarter = int(f["ordinal"])
    if quarter > 4:
        return None

    def compute(anchor: date) -> str:
        year = anchor.year
        if quarter > cal.quarter_of(anchor.month) and _direction(ctx, None) != "future":
            year -= 1
        return f"{year:04d}-Q{quarter}"

    return _relative(ctx, compute, f"XXXX-Q{quarter}")


def the_quarter(f: Fields, ctx: Context) -> Norm | None:
    """'the quarter' in past-tense news is the quarter just reported, i.e. the previous one."""
    recency = f.get("quarter_recency")

    def compute(anchor: date) -> str:
        offset = int(recency) if recency is not None else (0 if f.get("this") else None)
        if offset is None:
            offset = 0 if _direction(ctx, None) in ("future", "present") else -1
        year, month = cal.shift_month(anchor.year, anchor.month, 3 * offset)
        return f"{year:04d}-Q{cal.quarter_of(month)}"

    return _relative(ctx, compute, "XXXX-QX")


def year_ago_quarter(f: Fields, ctx: Context) -> Norm | None:
    """'the year-ago quarter': the quarter just reported, one year back (earnings news)."""

    if ctx.period is not None:
        return Norm(_period_shift(ctx.period, -1), "relative")

    def compute(anchor: date) -> str:
        year, month = cal.shift_month(anchor.year, anchor.month, -3 - 12)
        return f"{year:04d}-Q{cal.quarter_of(month)}"

    return _relative(ctx, compute, "XXXX-QX")


def _period_shift(period: str, years: int) -> str:
    return f"{int(period[:4]) + years:04d}{period[4:]}"


def period_year_ago(f: Fields, ctx: Context) -> Norm | None:
    """'a year ago' / 'a year earlier' comparing a figure, in a text that reports on a
    quarter: the same quarter a year before. Otherwise the plain reading."""
    if ctx.period is not None:
        return Norm(_period_shift(ctx.period, -1), "relative")
    if f.get("calendar_unit") is not None:
        return relative_unit(f, ctx)
    return ago(f, ctx)


def period_current(f: Fields, ctx: Context) -> Norm | None:
    """'the quarter', 'the latest period', 'this quarter': the quarter being reported. 'The
    current quarter' is the DCT's own, whatever was reported."""
    if ctx.period is not None and f.get("quarter_recency") != 0:
        return Norm(ctx.period, "relative")
    return the_quarter(f, ctx)


def quarter_ended(f: Fields, ctx: Context) -> Norm | None:
    """'the quarter ended Sept. 30': the calendar quarter ending that day (a quarter's last
    business days count: 'Sept. 29')."""
    month, day_number = int(f["month"]), _int(f["day"])
    if month % 3 or day_number < cal.last_day_of_month(2001, month) - 3:
        return None

    def compute(anchor: date) -> str | None:
        direction = "past" if f.get("ended") else _yearly_direction(ctx)
        day = _nearest_year(anchor, direction, month, day_number, completed=bool(f.get("ended")))
        return None if day is None else f"{day.year:04d}-Q{cal.quarter_of(month)}"

    return _relative(ctx, compute, f"XXXX-Q{month // 3}")


def period_of_year(f: Fields, ctx: Context) -> Norm | None:
    """'the 1988 period/quarter': the reported quarter of that year (the year alone if none)."""
    year = _int(f["year"])
    if ctx.period is not None:
        return Norm(f"{year:04d}{ctx.period[4:]}", "relative")
    return _explicit(f"{year:04d}")


def relative_year_quarter(f: Fields, ctx: Context) -> Norm | None:
    """ "last year's third quarter", "next year's first quarter", "last year's quarter"."""
    relative = int(f.get("relative") or 0)
    if f.get("ordinal") is None:
        if ctx.period is None:
            return None
        return Norm(_period_shift(ctx.period, relative), "relative")
    quarter = int(f["ordinal"])
    if quarter > 4:
        return None
    return _relative(
        ctx, lambda anchor: f"{anchor.year + relative:04d}-Q{quarter}", f"XXXX-Q{quarter}"
    )


def ordinal_half(f: Fields, ctx: Context) -> Norm | None:
    half = int(f["ordinal"])
    if half > 2:
        return None

    def compute(anchor: date) -> str:
        year = anchor.year
        if half == 2 and anchor.month <= 6 and _direction(ctx, None) != "future":
            year -= 1
        return f"{year:04d}-H{half}"

    return _relative(ctx, compute, f"XXXX-H{half}")


def deictic_day(f: Fields, ctx: Context) -> Norm | None:
    offset = int(f["deictic_day"])
    return _relative(ctx, lambda a: _day_value(cal.shift_days(a, offset)), "XXXX-XX-XX")


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


def relative_unit(f: Fields, ctx: Context) -> Norm | None:
    unit, relative = str(f["calendar_unit"]), int(f["relative"])

    def compute(anchor: date) -> str:
        if unit == "W":
            return cal.iso_week_value(cal.shift_days(anchor, 7 * relative))
        if unit == "M":
            return _month_value(*cal.shift_month(anchor.year, anchor.month, relative))
        if unit == "Y":
            return f"{anchor.year + relative:04d}"
        if unit == "Q":
            year, month = cal.shift_month(anchor.year, anchor.month, 3 * relative)
            return f"{year:04d}-Q{cal.quarter_of(month)}"
        if unit == "WE":
            if relative == 0:
                return _weekend_week(anchor, _direction(ctx, "past"))
            return f"{cal.iso_week_value(cal.shift_days(anchor, 7 * relative))}-WE"
        if unit == "DE":
            return f"{anchor.year // 10 + relative:03d}X"
        return f"{anchor.year // 100 + relative:02d}"

    return _relative(ctx, compute, _UNANCHORED_UNIT[unit])


def _weekday_date(anchor: date, isoweekday: int, direction: str | None) -> date:
    if direction == "past":
        return cal.weekday_on_or_before(anchor, isoweekday)
    if direction == "future":
        return cal.weekday_strictly_after(anchor, isoweekday)
    return cal.weekday_nearest(anchor, isoweekday)


def weekday(f: Fields, ctx: Context) -> Norm | None:
    """Past: on or before the anchor. Future: strictly after. Present, or a parse that could
    not tell: the nearest, within three days. No parse: future after a modal, else past."""
    isoweekday = int(f["weekday"])

    def compute(anchor: date) -> str:
        return _day_value(_weekday_date(anchor, isoweekday, _direction(ctx, "past")))

    return _relative(ctx, compute, f"XXXX-WXX-{isoweekday}")


def relative_weekday(f: Fields, ctx: Context) -> Norm | None:
    """last Friday: strictly before the anchor; next Friday: strictly after; this: as bare."""
    isoweekday, relative = int(f["weekday"]), int(f["relative"])
    if relative == 0:
        return weekday(f, ctx)

    def compute(anchor: date) -> str:
        if relative < 0:
            return _day_value(cal.weekday_strictly_before(anchor, isoweekday))
        return _day_value(cal.weekday_strictly_after(anchor, isoweekday))

    return _relative(ctx, compute, f"XXXX-WXX-{isoweekday}")


def anaphoric_weekday(f: Fields, ctx: Context) -> Norm | None:
    """'the previous Friday': the weekday strictly before the last day mentioned (after it for
    'the following'), else strictly before/after the anchor."""
    isoweekday = int(f["weekday"])
    backward = str(f["side"]).lower() in ("previous", "preceding")
    if ctx.reference is not None and ctx.reference[1] == "day":
        day = ctx.reference[0]
    elif ctx.anchor is not None:
        day = ctx.anchor
    else:
        return Norm(f"XXXX-WXX-{isoweekday}", "unanchored")
    step = cal.weekday_strictly_before if backward else cal.weekday_strictly_after
    return Norm(_day_value(step(day, isoweekday)), "relative")


def day_next_to_weekday(f: Fields, ctx: Context) -> Norm | None:
    """'the day before last Tuesday': the named weekday (as `relative_weekday` or `weekday`
    finds it) moved one day."""
    named = relative_weekday(f, ctx) if f.get("relative") is not None else weekday(f, ctx)
    if named is None or named.basis == "unanchored":
        return None if named is None else Norm("XXXX-XX-XX", "unanchored")
    step = -1 if str(f["side"]).lower() == "before" else 1
    return Norm(_day_value(cal.shift_days(date.fromisoformat(named.value), step)), "relative")


_UNANCHORED_AGO = {
    "W": "XXXX-WXX",
    "M": "XXXX-XX",
    "Q": "XXXX-QX",
    "Y": "XXXX",
    "DE": "XXXX",
    "CE": "XXXX",
}


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
            return _day_value(cal.shift_days(anchor, count))
        if unit == "W":
            return cal.iso_week_value(cal.shift_days(anchor, 7 * count))
        if unit == "M":
            return _month_value(*cal.shift_month(anchor.year, anchor.month, count))
        if unit == "Q":
            year, month = cal.shift_month(anchor.year, anchor.month, 3 * count)
            return f"{year:04d}-Q{cal.quarter_of(month)}"
        if unit == "Y":
            return f"{anchor.year + count:04d}"
        if unit == "DE":
            return f"{anchor.year + 10 * count:04d}"
        if unit == "CE":
            return f"{anchor.year + 100 * count:04d}"
        return _day_value(anchor)  # hours/minutes ago: the anchor's day

    return _relative(ctx, compute, _UNANCHORED_AGO.get(unit, "XXXX-XX-XX"))


def reference(f: Fields, ctx: Context) -> Norm | None:
    return _explicit(str(f["reference"]))


# ---- times of day ----------------------------------------------------------------


def _day_of(f: Fields, ctx: Context) -> tuple[str, bool] | None:
    """The day a time of day belongs to, as a value prefix, and whether it needed the anchor."""
    if f.get("weekday") is not None:
        norm = weekday(f, ctx)
    elif f.get("month") is not None and f.get("day") is not None:
        norm = month_day(f, ctx)
    elif f.get("relative") is not None:
        norm = deictic_day({"deictic_day": f["relative"]}, ctx)
    else:
        norm = deictic_day({"deictic_day": f.get("deictic_day", 0)}, ctx)
    return None if norm is None else (norm.value, norm.basis == "unanchored")


def clock_time(f: Fields, ctx: Context) -> Norm | None:
    named = str(f.get("named_time") or "").lower()
    if named:
        hour, minute = (24, 0) if named == "midnight" else (12, 0)
    else:
        hour, minute = _int(f["hour"]), _int(f.get("minute") or 0)
        pm = str(f["ampm"]).lower().startswith("p")
        hour = hour % 12 + (12 if pm else 0)
    day = _day_of(f, ctx)
    if day is None:
        return None
    value = f"{day[0]}T{hour:02d}:{minute:02d}"
    return Norm(value, "unanchored" if day[1] else "relative")


def part_of_day(f: Fields, ctx: Context) -> Norm | None:
    day = _day_of(f, ctx)
    if day is None:
        return None
    return Norm(f"{day[0]}T{f['part_of_day']}", "unanchored" if day[1] else "relative")


def _story_day(ctx: Context) -> tuple[str, bool] | None:
    """The last day mentioned, else the anchor's day, as `_day_of` gives a day."""
    if ctx.reference is not None and ctx.reference[1] == "day":
        return _day_value(ctx.reference[0]), False
    return _day_of({}, ctx)


def part_of_the_day(f: Fields, ctx: Context) -> Norm | None:
    """'(Prices fell Friday.) In the morning ...': a part of the last day mentioned, else of
    the anchor's day."""
    day = _story_day(ctx)
    if day is None:
        return None
    return Norm(f"{day[0]}T{f['part_of_day']}", "unanchored" if day[1] else "relative")


def hour_in_part_of_day(f: Fields, ctx: Context) -> Norm | None:
    """'at 4 in the morning', '10 o'clock at night': the hour on the 12-hour clock the part of
    the day says, on the last day mentioned (else the anchor's day)."""
    part = str(f.get("part_of_day") or f.get("night"))
    hour, minute = _int(f["hour"]), _int(f.get("minute") or 0)
    if part == "MO":
        hour = hour % 12
    elif part in ("AF", "EV") or (part == "NI" and hour >= 6):
        hour = hour % 12 + 12
    else:
        hour = hour % 12  # "2 at night"
    day = _story_day(ctx)
    if day is None:
        return None
    return Norm(f"{day[0]}T{hour:02d}:{minute:02d}", "unanchored" if day[1] else "relative")


# ---- durations and sets ----------------------------------------------------------


# A half of a unit written in the next smaller one, as TimeML does (2 1/2 years = P2Y6M,
# 5 1/2 hours = PT5H30M); other halves stay decimal (P1.5W).
_HALF_UNIT = {"Y": ("6M", ""), "D": ("12H", "T"), "TH": ("30M", ""), "TM": ("30S", "")}


def _duration_value(number: str, unit: str) -> str:
    whole, _, fraction = number.partition(".")
    if fraction == "5" and unit in _HALF_UNIT:
        half, separator = _HALF_UNIT[unit]
        head = "" if whole == "0" else _duration_value(whole, unit)
        if not head:
            return f"P{'T' if unit.startswith('T') or separator else ''}{half}"
        return f"{head}{separator}{half}"
    if unit in ("DE", "CE"):
        if number == "X":
            return f"PX{unit}"
        years = float(number) * (10 if unit == "DE" else 100)
        return f"P{years:g}Y"
    if unit.startswith("T"):
        return f"PT{number}{unit[1]}"
    return f"P{number}{unit}"


def _number_text(value: Any, half: bool = False) -> str:
    text = str(value)
    if text == "X":
        return "X"
    number = float(text) + (0.5 if half else 0)
    return f"{number:g}"


def duration(f: Fields, ctx: Context) -> Norm | None:
    number = _number_text(f["number"], bool(f.get("half")))
    if number == "0":
        return None
    return _explicit(_duration_value(number, str(f["unit"])))


def span_duration(f: Fields, ctx: Context) -> Norm | None:
    """'the past two years' is a duration; 'the coming months' (no number) a reference;
    'the first hours (of the war)' a duration of unknown length."""
    unit_text = str(f.get("unit_text", "")).lower()
    span_text = str(f.get("span_word_text", "")).lower()
    if f.get("number") is None and unit_text.endswith(("s", "ies")) and span_text == "first":
        return _explicit(_duration_value("X", str(f["unit"])))  # "the first hours (of the war)"
    if f.get("number") is None and unit_text.endswith(("s", "ies")):
        forward = f.get("span_word") is not None and int(f["span_word"]) > 0
        return Norm("FUTURE_REF" if forward else "PAST_REF", "explicit", type="DATE")
    number = _number_text(f.get("number", 1))
    return _explicit(_duration_value(number, str(f["unit"])))


def set_unit(f: Fields, ctx: Context) -> Norm | None:
    number = _number_text(f.get("number", 1))
    return _explicit(_duration_value(number, str(f["set_unit"])))


def set_calendar(f: Fields, ctx: Context) -> Norm | None:
    if f.get("weekday") is not None:
        return _explicit(f"XXXX-WXX-{int(f['weekday'])}")
    if f.get("month") is not None:
        return _explicit(f"XXXX-{int(f['month']):02d}")
    return _explicit(f"XXXX-{f['season']}")


def set_adverb(f: Fields, ctx: Context) -> Norm | None:
    return _explicit(str(f["set_adverb"]))


NORMALISERS: dict[str, Normaliser] = {
    name: function
    for name, function in globals().items()
    if callable(function)
    and not name.startswith("_")
    and getattr(function, "__module__", None) == __name__
    and name not in {"Norm", "Context"}
}

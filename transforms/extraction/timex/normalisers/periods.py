"""Business periods: quarters and halves, and the period a text reports on ("the quarter",
"a year ago" next to a figure, "the year-ago quarter")."""

from __future__ import annotations

from datetime import date

from transforms.extraction.timex import calendar as cal
from transforms.extraction.timex.normalisers.contract import Context, Fields, Norm, normaliser
from transforms.extraction.timex.normalisers.deictic import ago, relative_unit
from transforms.extraction.timex.normalisers.values import (
    explicit,
    from_anchor,
    tense_direction,
    whole_number,
)
from transforms.extraction.timex.normalisers.yearless import nearest_year, yearly_direction


@normaliser("ordinal_quarter")
def ordinal_quarter(f: Fields, ctx: Context) -> Norm | None:
    """A quarter later in the year than the anchor's is last year's unless the clause is
    future: news reports on quarters that have ended."""
    quarter = int(f["ordinal"])
    if quarter > 4:
        return None

    def compute(anchor: date) -> str:
        year = anchor.year
        if quarter > cal.quarter_of(anchor.month) and tense_direction(ctx, None) != "future":
            year -= 1
        return f"{year:04d}-Q{quarter}"

    return from_anchor(ctx, compute, f"XXXX-Q{quarter}")


def _the_quarter(f: Fields, ctx: Context) -> Norm | None:
    """'the quarter' in past-tense news is the quarter just reported, i.e. the previous one."""
    recency = f.get("quarter_recency")

    def compute(anchor: date) -> str:
        offset = int(recency) if recency is not None else (0 if f.get("this") else None)
        if offset is None:
            offset = 0 if tense_direction(ctx, None) in ("future", "present") else -1
        year, month = cal.shift_month(anchor.year, anchor.month, 3 * offset)
        return f"{year:04d}-Q{cal.quarter_of(month)}"

    return from_anchor(ctx, compute, "XXXX-QX")


@normaliser("year_ago_quarter")
def year_ago_quarter(f: Fields, ctx: Context) -> Norm | None:
    """'the year-ago quarter': the quarter just reported, one year back (earnings news)."""

    if ctx.period is not None:
        return Norm(_period_shift(ctx.period, -1), "relative")

    def compute(anchor: date) -> str:
        year, month = cal.shift_month(anchor.year, anchor.month, -3 - 12)
        return f"{year:04d}-Q{cal.quarter_of(month)}"

    return from_anchor(ctx, compute, "XXXX-QX")


def _period_shift(period: str, years: int) -> str:
    return f"{int(period[:4]) + years:04d}{period[4:]}"


@normaliser("period_year_ago")
def period_year_ago(f: Fields, ctx: Context) -> Norm | None:
    """'a year ago' / 'a year earlier' comparing a figure, in a text that reports on a
    quarter: the same quarter a year before. Otherwise the plain reading."""
    if ctx.period is not None:
        return Norm(_period_shift(ctx.period, -1), "relative")
    if f.get("calendar_unit") is not None:
        return relative_unit(f, ctx)
    return ago(f, ctx)


@normaliser("period_current")
def period_current(f: Fields, ctx: Context) -> Norm | None:
    """'the quarter', 'the latest period', 'this quarter': the quarter being reported. 'The
    current quarter' is the DCT's own, whatever was reported."""
    if ctx.period is not None and f.get("quarter_recency") != 0:
        return Norm(ctx.period, "relative")
    return _the_quarter(f, ctx)


@normaliser("quarter_ended")
def quarter_ended(f: Fields, ctx: Context) -> Norm | None:
    """'the quarter ended Sept. 30': the calendar quarter ending that day (a quarter's last
    business days count: 'Sept. 29')."""
    month, day_number = int(f["month"]), whole_number(f["day"])
    if month % 3 or day_number < cal.last_day_of_month(2001, month) - 3:
        return None

    def compute(anchor: date) -> str | None:
        direction = "past" if f.get("ended") else yearly_direction(ctx)
        day = nearest_year(anchor, direction, month, day_number, completed=bool(f.get("ended")))
        return None if day is None else f"{day.year:04d}-Q{cal.quarter_of(month)}"

    return from_anchor(ctx, compute, f"XXXX-Q{month // 3}")


@normaliser("period_of_year")
def period_of_year(f: Fields, ctx: Context) -> Norm | None:
    """'the 1988 period/quarter': the reported quarter of that year (the year alone if none)."""
    year = whole_number(f["year"])
    if ctx.period is not None:
        return Norm(f"{year:04d}{ctx.period[4:]}", "relative")
    return explicit(f"{year:04d}")


@normaliser("relative_year_quarter")
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
    return from_anchor(
        ctx, lambda anchor: f"{anchor.year + relative:04d}-Q{quarter}", f"XXXX-Q{quarter}"
    )


@normaliser("ordinal_half")
def ordinal_half(f: Fields, ctx: Context) -> Norm | None:
    half = int(f["ordinal"])
    if half > 2:
        return None

    def compute(anchor: date) -> str:
        year = anchor.year
        if half == 2 and anchor.month <= 6 and tense_direction(ctx, None) != "future":
            year -= 1
        return f"{year:04d}-H{half}"

    return from_anchor(ctx, compute, f"XXXX-H{half}")

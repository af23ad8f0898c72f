"""Expressions counted from the last date the text mentioned: "that day", "the following
year", "the previous Friday" (the anchor when none was)."""

from __future__ import annotations

from transforms.extraction.timex import calendar as cal
from transforms.extraction.timex.normalisers.contract import Context, Fields, Norm, normaliser
from transforms.extraction.timex.normalisers.values import day_value, month_value


@normaliser("anaphoric")
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
        return Norm(month_value(*cal.shift_month(day.year, day.month, offset)), "relative", mod)
    if precision != "day":
        return Norm(f"{day.year:04d}-XX-XX", "relative", mod)
    return Norm(day_value(cal.shift_days(day, offset)), "relative", mod)


@normaliser("anaphoric_weekday")
def anaphoric_weekday(f: Fields, ctx: Context) -> Norm | None:
    """'the previous Friday': the weekday strictly before the last day mentioned (after it for
    'the following'), else strictly before/after the anchor."""
    isoweekday = int(f["weekday"])
    backward = int(f["side"]) < 0
    if ctx.reference is not None and ctx.reference[1] == "day":
        day = ctx.reference[0]
    elif ctx.anchor is not None:
        day = ctx.anchor
    else:
        return Norm(f"XXXX-WXX-{isoweekday}", "unanchored")
    step = cal.weekday_strictly_before if backward else cal.weekday_strictly_after
    return Norm(day_value(step(day, isoweekday)), "relative")

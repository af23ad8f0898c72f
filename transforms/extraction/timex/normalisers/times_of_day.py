"""Times of day: "10:35 a.m. Friday", "noon", "Tuesday night", "at 4 in the morning"."""

from __future__ import annotations

from transforms.extraction.timex.normalisers.contract import Context, Fields, Norm, normaliser
from transforms.extraction.timex.normalisers.deictic import deictic_day, weekday
from transforms.extraction.timex.normalisers.values import (
    day_value,
    tense_direction,
    whole_number,
)
from transforms.extraction.timex.normalisers.yearless import month_day


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


@normaliser("clock_time")
def clock_time(f: Fields, ctx: Context) -> Norm | None:
    if f.get("named_time"):
        hour, minute = int(f["named_time"]), 0
    else:
        hour, minute = whole_number(f["hour"]), whole_number(f.get("minute") or 0)
        if f.get("ampm") is not None:  # else a 24-hour clock ("15:00 GMT")
            pm = str(f["ampm"]).lower().startswith("p")
            hour = hour % 12 + (12 if pm else 0)
    day = _day_of(f, ctx)
    if day is None:
        return None
    value = f"{day[0]}T{hour:02d}:{minute:02d}"
    return Norm(value, "unanchored" if day[1] else "relative")


@normaliser("part_of_day")
def part_of_day(f: Fields, ctx: Context) -> Norm | None:
    day = _day_of(f, ctx)
    if day is None:
        return None
    return Norm(f"{day[0]}T{f['part_of_day']}", "unanchored" if day[1] else "relative")


def _story_day(ctx: Context) -> tuple[str, bool] | None:
    """The last day mentioned, else the anchor's day, as `_day_of` gives a day."""
    if ctx.reference is not None and ctx.reference[1] == "day":
        return day_value(ctx.reference[0]), False
    return _day_of({}, ctx)


@normaliser("part_of_the_day")
def part_of_the_day(f: Fields, ctx: Context) -> Norm | None:
    """'(Prices fell Friday.) In the morning ...': a part of the last day mentioned, else of
    the anchor's day."""
    day = _story_day(ctx)
    if day is None:
        return None
    return Norm(f"{day[0]}T{f['part_of_day']}", "unanchored" if day[1] else "relative")


@normaliser("overnight")
def overnight(f: Fields, ctx: Context) -> Norm | None:
    """'downed 23 drones overnight': the night of the last day mentioned (else the anchor's).
    Ahead of the text it is no date: "will stay overnight" says how long, "the mess will
    clear up overnight" how fast."""
    if tense_direction(ctx, None) == "future":
        return None
    return part_of_the_day({**f, "part_of_day": "NI"}, ctx)


@normaliser("hour_in_part_of_day")
def hour_in_part_of_day(f: Fields, ctx: Context) -> Norm | None:
    """'at 4 in the morning', '10 o'clock at night': the hour on the 12-hour clock the part of
    the day says, on the last day mentioned (else the anchor's day)."""
    part = str(f.get("part_of_day") or f.get("night"))
    hour, minute = whole_number(f["hour"]), whole_number(f.get("minute") or 0)
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

"""Small pieces every normaliser uses: value formats, anchoring and the tense's direction."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from transforms.extraction.timex.normalisers.contract import REPORTED_FUTURE, Context, Norm


def explicit(value: str) -> Norm:
    return Norm(value, "explicit")


def from_anchor(
    ctx: Context, compute: Callable[[date], str | None], unanchored: str
) -> Norm | None:
    if ctx.anchor is None:
        return Norm(unanchored, "unanchored")
    value = compute(ctx.anchor)
    return None if value is None else Norm(value, "relative")


def valid_day(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def day_value(day: date) -> str:
    return day.isoformat()


def month_value(year: int, month: int) -> str:
    return f"{year:04d}-{month:02d}"


def whole_number(value: Any) -> int:
    return int(str(value).rstrip(".").lstrip("0") or "0")


def tense_direction(ctx: Context, default: str | None) -> str | None:
    """past/future/present from the parse, else the modal cue, else `default`; the reported
    future counts as future but where a normaliser asks for it (`reported_future`)."""
    tense = ctx.tense()
    if tense is None and not ctx.tense_from_parse:
        return default
    return "future" if tense == REPORTED_FUTURE else tense


def reported_future(ctx: Context) -> bool:
    return ctx.tense() == REPORTED_FUTURE

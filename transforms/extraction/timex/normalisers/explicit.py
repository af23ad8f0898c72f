"""Dates that carry their own year: "Oct. 23, 1998", "fiscal 1990", "the 1980s", spoken years."""

from __future__ import annotations

from transforms.extraction.timex.normalisers.contract import Context, Fields, Norm, normaliser
from transforms.extraction.timex.normalisers.values import (
    day_value,
    explicit,
    month_value,
    valid_day,
    whole_number,
)


@normaliser("explicit_day")
def explicit_day(f: Fields, ctx: Context) -> Norm | None:
    year_text = str(f.get("year") or f.get("year_number"))
    year = whole_number(year_text)
    if len(year_text) == 2:  # 5/9/25: the century nearest the anchor, else 1900s/2000s split
        pivot = (ctx.anchor.year % 100 + 10) if ctx.anchor else 50
        century = (ctx.anchor.year // 100 * 100) if ctx.anchor else 1900
        year += century if year <= pivot else century - 100
    month = f.get("month") or whole_number(f.get("month_number"))
    day = valid_day(year, int(month), whole_number(f.get("day") or f.get("day_number")))
    return None if day is None else explicit(day_value(day))


@normaliser("explicit_month")
def explicit_month(f: Fields, ctx: Context) -> Norm | None:
    return explicit(month_value(whole_number(f["year"]), int(f["month"])))


@normaliser("explicit_season")
def explicit_season(f: Fields, ctx: Context) -> Norm | None:
    return explicit(f"{whole_number(f['year']):04d}-{f['season']}")


@normaliser("explicit_quarter")
def explicit_quarter(f: Fields, ctx: Context) -> Norm | None:
    quarter = int(f["ordinal"])
    return explicit(f"{whole_number(f['year']):04d}-Q{quarter}") if quarter <= 4 else None


@normaliser("explicit_half")
def explicit_half(f: Fields, ctx: Context) -> Norm | None:
    half = int(f["ordinal"])
    return explicit(f"{whole_number(f['year']):04d}-H{half}") if half <= 2 else None


@normaliser("explicit_year")
def explicit_year(f: Fields, ctx: Context) -> Norm | None:
    return explicit(f"{whole_number(f['year']):04d}")


@normaliser("decade")
def decade(f: Fields, ctx: Context) -> Norm | None:
    if f.get("decade"):
        return explicit(f"{str(f['decade'])[:3]}X")
    # '90s: the latest such decade that has started by the anchor year (1900s without one).
    tens = whole_number(f["short_decade"])
    century = 1900
    if ctx.anchor is not None:
        century = ctx.anchor.year // 100 * 100
        if century + tens > ctx.anchor.year:
            century -= 100
    return explicit(f"{(century + tens) // 10:03d}X")


@normaliser("century")
def century(f: Fields, ctx: Context) -> Norm | None:
    ordinal = whole_number(f["century_ordinal"])
    # TimeML writes a century as its first two digits ("the 20th century" -> "19").
    return explicit(f"{ordinal - 1:02d}") if 1 <= ordinal <= 30 else None


def _spoken_number(f: Fields, tens_key: str, units_key: str, teens_key: str) -> int:
    return int(f.get(tens_key) or 0) + int(f.get(units_key) or 0) + int(f.get(teens_key) or 0)


@normaliser("spoken_year")
def spoken_year(f: Fields, ctx: Context) -> Norm | None:
    """'nineteen ninety-six', 'nineteen oh five', 'the year two thousand (and one)'."""
    if f.get("spoken_tens") or f.get("spoken_teens") or f.get("oh_units"):
        rest = _spoken_number(f, "spoken_tens", "spoken_units", "spoken_teens")
        return explicit(f"{1900 + rest + int(f.get('oh_units') or 0):04d}")
    return explicit(f"{2000 + int(f.get('thousand_units') or 0):04d}")


@normaliser("month_spoken_year")
def month_spoken_year(f: Fields, ctx: Context) -> Norm | None:
    year = 1900 + _spoken_number(f, "spoken_tens", "spoken_units", "spoken_teens")
    return explicit(month_value(year, int(f["month"])))


@normaliser("season_spoken_year")
def season_spoken_year(f: Fields, ctx: Context) -> Norm | None:
    """'the winter of nineteen ninety-four'."""
    year = 1900 + _spoken_number(f, "spoken_tens", "spoken_units", "spoken_teens")
    return explicit(f"{year:04d}-{f['season']}")

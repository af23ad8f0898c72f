"""The document creation time (DCT): read from metadata or a dateline, never from the clock.

A document whose date cannot be read from its metadata or dateline keeps no DCT, so relative
expressions downstream stay unanchored instead of being silently pinned to the day the pipeline
ran. Dates outside the years a news document can have (`WireRules.published_years`) are refused
from metadata and ignored on a dateline.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date, datetime

from transforms.ingestion.language import DEFAULT_LANGUAGE
from transforms.ingestion.wire import Dateline, WireRules

_ISO_DATE_PREFIX = re.compile(r"\d{4}-\d{1,2}-\d{1,2}")
_NUMERIC_DATE = re.compile(r"(\d{1,2})[./-](\d{1,2})[./-](\d{2,4})")


def published_date(value: str, language: str, years: tuple[int, int]) -> date | str:
    """The date a `published` value gives, or the reason it gives none (a bad_published)."""
    published = parse_published(value, language)
    if isinstance(published, str):
        return published
    if not _plausible(published, years):
        first, last = years
        return (
            f"published date {value!r} is outside the years {first}-{last} a news document can have"
        )
    return published


def dateline_date(
    dateline: Dateline, dct: date | None, years: tuple[int, int]
) -> date | str | None:
    """The date a dateline gives (`XXXX-MM-DD` without a year to take), or None.

    A date outside the plausible years ("May 9, 0001") is a typo, not a date to anchor a story on.
    """
    found = _dateline_date(dateline, dct)
    if isinstance(found, date) and not _plausible(found, years):
        return None
    return found


def url_date(url: str, rules: WireRules) -> date | None:
    """The publication day a story's address carries (".../2031/07/04/..."), if any."""
    for pattern in rules.url_dates:
        for found in pattern.finditer(url):
            month = found.group("month")
            number = int(month) if month.isdigit() else rules.months.get(month.lower(), 0)
            day = _safe_date(int(found.group("year")), number, int(found.group("day")))
            if day is not None and _plausible(day, rules.published_years):
                return day
    return None


def stamp_date(
    stamps: Iterable[str],
    find_date: re.Pattern[str],
    month_first: re.Pattern[str],
    language: str,
    years: tuple[int, int],
) -> tuple[str, date] | None:
    """The first of a page's own timestamps that gives a whole, plausible day, and the day.

    A stamp is read as a `published` value is: no day filled in from the clock, none from a
    date whose day and month could be swapped ("04/07/2031") unless the stamp says which
    comes first (`month_first`, "07/04/2031 05:00 AM EDT"), the day as written whatever the
    time zone.
    """
    for stamp in stamps:
        for found in find_date.finditer(stamp):
            written = found.group(0)
            if month_first.search(stamp):
                written = _month_first_as_iso(written)
            day = parse_published(written, language)
            if isinstance(day, date) and _plausible(day, years):
                return stamp.strip(), day
    return None


def _month_first_as_iso(written: str) -> str:
    """ "07/04/2031" read month first, as "2031-07-04"; any other date as written."""
    numeric = _NUMERIC_DATE.fullmatch(written.strip())
    if numeric is None or len(numeric.group(3)) != 4:
        return written
    month, day, year = numeric.groups()
    return f"{year}-{int(month):02d}-{int(day):02d}"


def _plausible(day: date, years: tuple[int, int]) -> bool:
    first, last = years
    return first <= day.year <= last


def _dateline_date(dateline: Dateline, dct: date | None) -> date | str | None:
    """The dateline's date; a year-less one borrows its year from the metadata DCT only.

    With no metadata date the month and day are returned as `XXXX-MM-DD` so they are kept
    without inventing a year (the wall clock is never consulted).
    """
    if dateline.month is None or dateline.day is None:
        return None
    if dateline.year is not None:
        return _safe_date(dateline.year, dateline.month, dateline.day)
    if dct is not None:
        # The year closest to the DCT: a "Dec. 31" dateline on a story published Jan. 1
        # belongs to the previous year.
        candidates = [
            candidate
            for year in (dct.year - 1, dct.year, dct.year + 1)
            if (candidate := _safe_date(year, dateline.month, dateline.day)) is not None
        ]
        if candidates:
            return min(candidates, key=lambda candidate: abs((candidate - dct).days))
        return None
    if _safe_date(2000, dateline.month, dateline.day) is None:  # 2000: Feb 29 is allowed
        return None
    return f"XXXX-{dateline.month:02d}-{dateline.day:02d}"


def _safe_date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def parse_published(value: str, language: str = DEFAULT_LANGUAGE) -> date | str:
    """Read a `published` value as a calendar date, or return the reason it cannot be read.

    Only complete dates are accepted: dateparser's relative-time and timestamp parsers are
    disabled and day, month and year are required, so nothing is filled in from today's date.
    Timestamps keep the calendar day as written (their offset is not converted to UTC).
    """
    text = value.strip()
    if _ISO_DATE_PREFIX.match(text):
        try:
            if len(text) <= 10:
                return date.fromisoformat(_zero_pad_iso(text))
            return datetime.fromisoformat(text).date()
        except ValueError:
            return f"published date {value!r} is not a valid calendar date"
    numeric = _NUMERIC_DATE.fullmatch(text)
    if (
        numeric
        and numeric.group(1) != numeric.group(2)
        and max(int(numeric.group(1)), int(numeric.group(2))) <= 12
    ):
        return (
            f"published date {value!r} is ambiguous (day and month could be swapped); "
            "write it as YYYY-MM-DD"
        )
    import dateparser  # here: 0.15 s to import, and only unusual date formats need it

    settings = {
        "PREFER_DAY_OF_MONTH": "first",
        "REQUIRE_PARTS": ["day", "month", "year"],
        "PARSERS": ["absolute-time"],
    }
    base_language = language.split("-")[0].split("_")[0]
    # English too: feeds in other languages often carry English or numeric metadata dates.
    languages = list(dict.fromkeys([base_language, DEFAULT_LANGUAGE]))
    try:
        parsed = dateparser.parse(text, languages=languages, settings=settings)
    except ValueError:  # a language dateparser does not know: let it detect one
        parsed = dateparser.parse(text, settings=settings)
    if parsed is None:
        return (
            f"published date {value!r} could not be read as a full date with day, month and "
            "year (for example 2025-05-09 or 9 May 2025)"
        )
    return parsed.date()


def _zero_pad_iso(text: str) -> str:
    year, month, day = text.split("-")
    return f"{year}-{int(month):02d}-{int(day):02d}"

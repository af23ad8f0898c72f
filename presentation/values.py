"""Coercing values that come back from queries into the types the chart and export builders
expect."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any


def as_date(value: Any) -> date | None:
    """A date from a DATE, TIMESTAMP or ISO string column value; None when there is none."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, str) and value:
        return date.fromisoformat(value[:10])
    return None


def counted(count: int, noun: str) -> str:
    """ "1 event", "1,122 events": a count and its plural noun, singular for one."""
    return f"{count:,} {noun[:-1] if count == 1 and noun.endswith('s') else noun}"


_DATE_BASES = {
    "explicit": "an explicit date",
    "relative": "relative to the publication date",
    "dct": "the publication date",
    "unanchored": "not anchored",
    # A card of the key-event timeline whose sentence has no event dated that day.
    "key_date": "a key date of the timeline, which its articles refer to or report",
}
# Which rule gave the event its date (`Event.anchor_basis`, see transforms/extraction/events).
_ANCHOR_RULES = {
    "governing": "its own time expression",
    "sentence": "a time expression elsewhere in its sentence",
    "clause": "the event that governs it",
    "previous": "the previous sentence",
}


def how_anchored(date_basis: str | None, anchor_basis: str | None, published: Any) -> str:
    """How an event got its date, in words: "relative to the publication date (9 May 2025),
    from its own time expression"."""
    text = _DATE_BASES.get(date_basis or "", date_basis or "unknown")
    day = as_date(published)
    if date_basis in ("relative", "dct") and day is not None:
        text += f" ({day_label(day, 'day', weekday=False)})"
    rule = _ANCHOR_RULES.get(anchor_basis or "")
    return f"{text}, from {rule}" if rule else text


def day_label(day: date, precision: str | None = "day", *, weekday: bool = True) -> str:
    """A date as a reader says it, as precise as it is: "Fri 9 May 2025", "May 2025", "2025"."""
    if precision in ("year", "decade", "century"):
        return str(day.year)
    if precision in ("month", "quarter", "season", "half"):
        return day.strftime("%b %Y")
    label = f"{day.day} {day.strftime('%b %Y')}"
    return f"{day.strftime('%a')} {label}" if weekday else label

"""The honest time axis: the bulk of the events, padded ends, ticks with years at whole days,
Mondays, months or years, and a note of what lies off the axis."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from presentation.timeaxis import (
    MIN_SPAN_DAYS,
    bulk_range,
    count_outside,
    outside_note,
    time_domain,
)


def _days(start: date, count: int, step: int = 1) -> list[tuple[date, int]]:
    return [(start + timedelta(days=n * step), 1) for n in range(count)]


def test_one_old_date_does_not_stretch_the_axis_over_decades() -> None:
    # Issue 16: one sentence about 2000 among 2023-25 events stretched the axis 25 years.
    recent = _days(date(2023, 3, 1), 40, step=18)
    assert bulk_range([(date(2000, 6, 1), 1), *recent]) == (date(2023, 3, 1), recent[-1][0])


def test_a_continuous_spread_is_kept_whole_however_long() -> None:
    spread = _days(date(2001, 1, 1), 25, step=365)
    assert bulk_range(spread) == (spread[0][0], spread[-1][0])


def test_weights_count_events_not_days() -> None:
    # Many events on a few days, and a handful of background days far away: the busy days
    # are the bulk even though there are fewer of them.
    busy = [(date(2025, 5, 9), 30), (date(2025, 5, 8), 20)]
    background = [(date(1990 + n, 1, 1), 1) for n in range(5)]
    assert bulk_range([*busy, *background]) == (date(2025, 5, 8), date(2025, 5, 9))


def test_no_events_no_range() -> None:
    assert bulk_range([]) is None
    assert bulk_range([(date(2024, 1, 1), 0)]) is None


def test_a_single_day_becomes_a_readable_week_with_room_at_both_ends() -> None:
    domain = time_domain(date(2025, 5, 9), date(2025, 5, 9))
    assert (domain.end - domain.start).days >= MIN_SPAN_DAYS
    assert domain.start < date(2025, 5, 9) < domain.end
    assert domain.unit == "day"
    assert domain.label_format == "%-d %b %Y"  # the year is in every label
    assert all(domain.start <= tick <= domain.end for tick in domain.ticks)


@pytest.mark.parametrize(
    ("first", "last", "unit"),
    [
        (date(2025, 5, 1), date(2025, 5, 4), "day"),
        (date(2025, 3, 1), date(2025, 4, 20), "week"),
        (date(2024, 1, 10), date(2024, 9, 1), "month"),
        (date(2007, 1, 1), date(2012, 5, 2), "year"),
    ],
)
def test_ticks_fall_on_whole_units_and_every_label_has_its_year(
    first: date, last: date, unit: str
) -> None:
    domain = time_domain(first, last)
    assert domain.unit == unit
    assert "%Y" in domain.label_format
    assert 2 <= len(domain.ticks) <= 9
    for tick in domain.ticks:
        if unit == "week":
            assert tick.weekday() == 0  # Monday, as DuckDB and ISO weeks start
        if unit in ("month", "year"):
            assert tick.day == 1
        if unit == "year":
            assert tick.month == 1


def test_quarters_start_in_january_april_july_october() -> None:
    domain = time_domain(date(2022, 2, 10), date(2024, 6, 1))
    assert domain.unit == "month"
    assert {tick.month for tick in domain.ticks} <= {1, 4, 7, 10}


def test_what_lies_off_the_axis_is_counted_and_said() -> None:
    domain = time_domain(date(2007, 1, 1), date(2012, 5, 2))
    rows = [
        (date(1918, 1, 1), date(1918, 1, 1), 3),
        (date(2009, 5, 1), None, 7),
        (date(2030, 1, 1), None, 1),
        (None, None, 4),
        # A range that starts before the axis and reaches into it is on it.
        (date(2006, 1, 1), date(2007, 12, 31), 5),
    ]
    before, after = count_outside(rows, domain)
    assert (before, after) == (3, 1)
    assert domain.overlaps(date(2006, 1, 1), date(2007, 12, 31))
    assert not domain.overlaps(date(1918, 1, 1), None)
    assert outside_note(before, after, domain) == (
        f"3 events before {domain.start.strftime('%b %Y')} and 1 event after "
        f"{domain.end.strftime('%b %Y')} are off the time axis"
    )
    assert outside_note(1, 0, domain, "key events").startswith("1 key event before")
    assert outside_note(1, 0, domain).endswith("is off the time axis")
    assert outside_note(0, 0, domain) == ""

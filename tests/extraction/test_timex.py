"""Tests for the temporal tagger: extents, types, values, mods, anchoring and `interval`."""

from __future__ import annotations

from datetime import date

import pytest

from transforms.extraction.timex import interval, tag
from transforms.model import Interval, Span, Timex

DCT = date(2025, 5, 9)  # a Friday


def only(text: str, dct: date | None = DCT, **kwargs) -> Timex:
    found = tag(text, dct, **kwargs)
    assert len(found) == 1, found
    return found[0]


def values(text: str, dct: date | None = DCT, **kwargs) -> list[tuple[str, str]]:
    return [(t.text, t.value) for t in tag(text, dct, **kwargs)]


# ---- the brief's examples --------------------------------------------------------


def test_bare_weekday_in_past_sentence_is_the_dct_when_it_is_that_day():
    t = only("Kim Jong Un made a rare visit to a munitions factory on Friday, state media said.")
    assert (t.text, t.type, t.value, t.basis) == ("Friday", "DATE", "2025-05-09", "relative")


def test_more_than_duration_keeps_modifier_in_extent():
    t = only("More than three years after its full-scale invasion, the war goes on.")
    assert (t.text, t.type, t.value, t.mod) == (
        "More than three years",
        "DURATION",
        "P3Y",
        "MORE_THAN",
    )


def test_recently_is_past_ref():
    t = only("The ministry commented on the events recently.")
    assert (t.text, t.type, t.value) == ("recently", "DATE", "PAST_REF")


@pytest.mark.parametrize(
    "text",
    [
        "They marked the 80th anniversary of the victory.",
        "Some 15,000 people and 600 troops took part.",
        "It was the bloodiest battle of World War Two.",
        "He may go to Moscow, and officials may decide later.",
        "Protesters march through the capital.",
        "Theresa May spoke to reporters.",
        "The crab was found off Easter Island.",
        "The Easter Egg Podcasts will return soon.",
        "The Easter Rising began in Dublin.",
        "Christmas Island lies in the Indian Ocean.",
        "The bank cut rates by a quarter point.",
        "It raised rates by a quarter percentage point.",
        "The couple celebrated on the 25th anniversary of their wedding.",
        "The fire started on the 3rd floor.",
    ],
)
def test_not_time_expressions(text: str):
    assert tag(text, DCT) == []


def test_without_dct_relative_values_keep_xs():
    t = only("The envoy arrived on Friday.", None)
    assert (t.text, t.value, t.basis) == ("Friday", "XXXX-WXX-5", "unanchored")
    assert values("yesterday, last week, in June, on May 12", None) == [
        ("yesterday", "XXXX-XX-XX"),
        ("last week", "XXXX-WXX"),
        ("June", "XXXX-06"),
        ("May 12", "XXXX-05-12"),
    ]
    assert {t.basis for t in tag("yesterday, last week, in June", None)} == {"unanchored"}


# ---- extents ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "extent", "value", "mod"),
    [
        ("It fell sharply in the last week.", "the last week", "P1W", None),
        ("Talks resumed in early December.", "early December", "2024-12", "START"),
        ("It happened late last July.", "late last July", "2024-07", "END"),
        ("Prices rose over the past several months.", "the past several months", "PXM", None),
        ("Growth slowed in the mid-1990s.", "the mid-1990s", "199X", "MID"),
        ("Rates were high in the 1980s.", "the 1980s", "198X", None),
        ("Sales fell in fiscal 1998.", "fiscal 1998", "1998", None),
        ("Profit rose in the third quarter of 1998.", "the third quarter of 1998", "1998-Q3", None),
        ("They met on May 9, 2025, in Seoul.", "May 9, 2025", "2025-05-09", None),
        ("He was born in the 20th century.", "the 20th century", "19", None),
        ("Sales rose in the nine months under review.", "the nine months", "P9M", None),
        ("It reported the third-quarter loss.", "third-quarter", "2024-Q3", None),
        ("Talks resumed earlier this month.", "this month", "2025-05", None),
    ],
)
def test_extent_value_and_mod(text: str, extent: str, value: str, mod: str | None):
    t = only(text)
    assert (t.text, t.value, t.mod) == (extent, value, mod)
    assert text[t.start : t.end] == t.text


def test_prepositions_are_not_part_of_the_extent():
    assert [t.text for t in tag("on Friday, in 2012, since May, during the summer", DCT)] == [
        "Friday",
        "2012",
        "May",
        "the summer",
    ]


def test_results_sorted_non_overlapping_and_offsets_match_text():
    text = "On Monday, Jan. 6, 2025, and again last week, prices rose 3% over two days."
    found = tag(text, DCT)
    assert [t.start for t in found] == sorted(t.start for t in found)
    for earlier, later in zip(found, found[1:], strict=False):
        assert earlier.end <= later.start
    assert all(text[t.start : t.end] == t.text for t in found)
    assert ("Monday, Jan. 6, 2025", "2025-01-06") in [(t.text, t.value) for t in found]


def test_spans_restrict_where_expressions_are_found():
    text = "Published Friday. The summit opened on Tuesday."
    content = Span(text.index("The"), len(text))
    found = tag(text, DCT, spans=[content])
    assert [(t.text, t.start) for t in found] == [("Tuesday", text.index("Tuesday"))]


def test_year_range_gives_two_dates():
    assert values("the 2009-2010 season") == [("2009", "2009"), ("2010", "2010")]


# ---- types and values ------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "type_", "value"),
    [
        ("He left yesterday.", "DATE", "2025-05-08"),
        ("She arrives tomorrow.", "DATE", "2025-05-10"),
        ("Last week was calm.", "DATE", "2025-W18"),
        ("Next month is busy.", "DATE", "2025-06"),
        ("This year is different.", "DATE", "2025"),
        ("It started two weeks ago.", "DATE", "2025-W17"),
        ("It started three days ago.", "DATE", "2025-05-06"),
        ("It started a year ago.", "DATE", "2024"),
        ("It happened last summer.", "DATE", "2024-SU"),
        ("Inflation is high now.", "DATE", "PRESENT_REF"),
        ("That may change in the future.", "DATE", "FUTURE_REF"),
        ("The vote was at 8 p.m. Friday.", "TIME", "2025-05-09T20:00"),
        ("Shelling continued on Sunday night.", "TIME", "2025-05-04TNI"),
        ("Shelling continued last night.", "TIME", "2025-05-08TNI"),
        ("He spoke for two hours.", "DURATION", "PT2H"),
        ("The trial lasted a month.", "DURATION", "P1M"),
        ("The war lasted for years.", "DURATION", "PXY"),
        ("The leak went on for sixty-one days.", "DURATION", "P61D"),
        ("Patrols run every week.", "SET", "P1W"),
        ("The paper appears daily.", "SET", "P1D"),
        ("The market opens on Fridays.", "SET", "XXXX-WXX-5"),
        ("Floods come each winter.", "SET", "XXXX-WI"),
        ("Results for the 2013-W11 week and 2012-08-05.", "DATE", "2012-08-05"),
    ],
)
def test_type_and_value(text: str, type_: str, value: str):
    found = tag(text, DCT)
    assert (found[-1].type, found[-1].value) == (type_, value)


@pytest.mark.parametrize(
    ("text", "mod"),
    [
        ("It took about three years.", "APPROX"),
        ("It took less than two weeks.", "LESS_THAN"),
        ("It took at least five days.", "EQUAL_OR_MORE"),
        ("It may take up to six months.", "EQUAL_OR_LESS"),
        ("It ended in late 2024.", "END"),
        ("It began in early 2024.", "START"),
        ("It peaked in mid-2024.", "MID"),
    ],
)
def test_mods(text: str, mod: str):
    assert only(text).mod == mod


def test_explicit_and_relative_basis():
    assert only("It opened on May 9, 2025.").basis == "explicit"
    assert only("It opened in 2025.").basis == "explicit"
    assert only("It opened on May 9.").basis == "relative"
    assert only("It took three years.").basis == "explicit"
    assert only("Inflation is high now.").basis == "explicit"


# ---- anchoring -------------------------------------------------------------------


def test_weekday_direction_from_supplied_tense():
    assert only("They met on Friday.", tense_at=lambda s, e: "past").value == "2025-05-09"
    text = "They will meet on Friday."
    # a modal right before the expression wins over the parse ("would" parses as past);
    # written on a Friday, "on Friday" is that day (news names its own day by its weekday)
    assert only(text, tense_at=lambda s, e: "past").value == "2025-05-09"
    assert only(text, tense_at=lambda s, e: "future").value == "2025-05-09"
    assert only(text, date(2025, 5, 7), tense_at=lambda s, e: "future").value == "2025-05-09"
    # present / unknown: the nearest Friday; from a Tuesday that is the coming one
    text = "They meet on Friday."
    assert only(text, date(2025, 5, 6), tense_at=lambda s, e: None).value == "2025-05-09"
    assert only(text, date(2025, 5, 11), tense_at=lambda s, e: "present").value == "2025-05-09"


def test_weekday_direction_from_local_modal_cue():
    tuesday = date(2025, 5, 13)
    assert only("The minister said on Monday.", tuesday).value == "2025-05-12"
    assert only("The minister will travel on Monday.", tuesday).value == "2025-05-19"
    assert only("The minister said on Tuesday.", tuesday).value == "2025-05-13"


def test_last_and_next_weekday_are_strict():
    assert only("It happened last Friday.").value == "2025-05-02"
    assert only("It happens next Friday.").value == "2025-05-16"


def test_month_name_alone_uses_tense_then_nearest():
    assert only("It began in June.", tense_at=lambda s, e: "past").value == "2024-06"
    assert only("It begins in June.", tense_at=lambda s, e: "future").value == "2025-06"
    assert only("It began in June.").value == "2025-06"  # no tense: nearest June
    assert only("Trade fell in November.", date(2000, 1, 10)).value == "1999-11"


def test_month_day_across_new_year():
    assert only("The deal was signed Dec. 30.", date(2025, 1, 2)).value == "2024-12-30"
    assert only("The deal will be signed on Jan. 3.", date(2024, 12, 28)).value == "2025-01-03"


def test_leap_day_and_impossible_dates():
    assert only("It was signed on Feb. 29, 2024.").value == "2024-02-29"
    assert all(t.value != "2023-02-29" for t in tag("It was signed on Feb. 29, 2023.", DCT))
    assert all("02-30" not in t.value for t in tag("Talks on February 30, 2025.", DCT))
    assert only("Feb. 29 was chosen.", date(2024, 3, 1)).value == "2024-02-29"


@pytest.mark.parametrize(
    ("dct", "text", "value"),
    [
        (date(2025, 1, 15), "last month", "2024-12"),
        (date(2025, 12, 15), "next month", "2026-01"),
        (date(2025, 1, 1), "last week", "2024-W52"),
        (date(2021, 1, 3), "this week", "2020-W53"),
        (date(2021, 1, 10), "last week", "2020-W53"),
        (date(2025, 1, 1), "yesterday", "2024-12-31"),
        (date(2024, 3, 1), "yesterday", "2024-02-29"),
        (date(2025, 2, 10), "last quarter", "2024-Q4"),
        (date(2025, 1, 20), "this winter", "2024-WI"),
        (date(2025, 3, 31), "a month ago", "2025-02"),
    ],
)
def test_calendar_boundaries(dct: date, text: str, value: str):
    assert only(f"It changed {text}.", dct).value == value


def test_narrative_mode_anchors_on_last_explicit_date():
    text = "On March 3, 2020, troops crossed the border. The next Friday they withdrew."
    news = tag(text, DCT)
    narrative = tag(text, DCT, mode="narrative")
    assert news[-1].value == "2025-05-16"
    assert narrative[-1].value == "2020-03-06"
    assert narrative[-1].basis == "relative"


def test_unknown_mode_is_rejected():
    with pytest.raises(ValueError):
        tag("today", DCT, mode="poetry")


def test_every_value_out_of_tag_is_valid():
    text = (
        "On Feb. 29, 2024, 2020-W53 and 31 April 2025 and April 31 and the 1990s, "
        "last week, next quarter, the past two years, every Friday, at noon Friday."
    )
    for t in tag(text, DCT):
        interval(t.value)  # must not raise


# ---- interval ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2025-05-09", Interval(date(2025, 5, 9), date(2025, 5, 9), "day")),
        ("2024-02", Interval(date(2024, 2, 1), date(2024, 2, 29), "month")),
        ("2012-08", Interval(date(2012, 8, 1), date(2012, 8, 31), "month")),
        ("2013-W11", Interval(date(2013, 3, 11), date(2013, 3, 17), "week")),
        ("2020-W53", Interval(date(2020, 12, 28), date(2021, 1, 3), "week")),
        ("1998-Q3", Interval(date(1998, 7, 1), date(1998, 9, 30), "quarter")),
        ("2012-SU", Interval(date(2012, 6, 1), date(2012, 8, 31), "season")),
        ("2023-WI", Interval(date(2023, 12, 1), date(2024, 2, 29), "season")),
        ("2012-SP", Interval(date(2012, 3, 1), date(2012, 5, 31), "season")),
        ("2012-FA", Interval(date(2012, 9, 1), date(2012, 11, 30), "season")),
        ("2012", Interval(date(2012, 1, 1), date(2012, 12, 31), "year")),
        ("199X", Interval(date(1990, 1, 1), date(1999, 12, 31), "decade")),
        ("19XX", Interval(date(1900, 1, 1), date(1999, 12, 31), "century")),
        ("2012-08-05T20:00", Interval(date(2012, 8, 5), date(2012, 8, 5), "day")),
        ("2012-08-05TNI", Interval(date(2012, 8, 5), date(2012, 8, 5), "day")),
        ("1998-XX-XX", Interval(date(1998, 1, 1), date(1998, 12, 31), "year")),
        ("XXXX-05", Interval(None, None, "unknown")),
        ("XXXX-WXX-5", Interval(None, None, "unknown")),
        ("PRESENT_REF", Interval(None, None, "ref")),
        ("PAST_REF", Interval(None, None, "ref")),
        ("P3Y", Interval(None, None, "duration")),
        ("PT2H", Interval(None, None, "duration")),
        ("PXD", Interval(None, None, "duration")),
    ],
)
def test_interval(value: str, expected: Interval):
    assert interval(value) == expected


@pytest.mark.parametrize("value", ["2025-02-30", "2021-W53", "2025-13", "tomorrow", "P", ""])
def test_interval_rejects_garbage(value: str):
    with pytest.raises(ValueError):
        interval(value)


def test_no_wall_clock_in_the_tagger():
    import importlib
    import inspect
    import pkgutil

    from transforms.extraction import timex

    names = [
        info.name for info in pkgutil.walk_packages(timex.__path__, "transforms.extraction.timex.")
    ]
    assert len(names) > 10
    for name in names:
        source = inspect.getsource(importlib.import_module(name))
        assert "today()" not in source and "now()" not in source


# ---- rules added for TBAQ error groups (general TimeML/TIDES conventions) ----------


def test_year_ago_comparisons_take_the_reported_quarter():
    text = (
        "Third-quarter net income fell to $5 million from $8 million a year ago. "
        "Sales in the latest period rose. In the year-ago quarter, the company lost money. "
        "A year earlier, net income was $3 million."
    )
    got = values(text, date(1989, 11, 2))
    assert got == [
        ("Third-quarter", "1989-Q3"),
        ("a year ago", "1988-Q3"),
        ("the latest period", "1989-Q3"),
        ("the year-ago quarter", "1988-Q3"),
        ("A year earlier", "1988-Q3"),
    ]


def test_a_year_ago_without_a_quarter_is_the_year():
    assert values("He was elected a year ago.", date(1989, 11, 2)) == [("a year ago", "1988")]


def test_month_with_relative_year_and_relative_year_quarter():
    dct = date(1998, 2, 19)
    assert values("In June last year, and in January this year.", dct) == [
        ("June last year", "1997-06"),
        ("January this year", "1998-01"),
    ]
    assert values("It could be as early as next year's first quarter.", dct) == [
        ("next year's first quarter", "1999-Q1")
    ]


def test_holidays():
    dct = date(2000, 1, 7)
    assert values("He was found on Thanksgiving Day.", dct) == [("Thanksgiving Day", "1999-11-25")]
    assert values("It began last Christmas.", dct) == [("last Christmas", "1999-12-25")]
    assert values("on Election Day", date(1998, 10, 26), tense_at=lambda s, e: "future") == [
        ("Election Day", "1998-11-03")
    ]
    assert values("as Easter week began", date(2000, 4, 17)) == [("Easter week", "2000-W16")]


def test_spoken_years_in_transcripts():
    dct = date(1998, 2, 27)
    assert values("Atlanta, nineteen ninety-six.", dct) == [("nineteen ninety-six", "1996")]
    assert values("January nineteen ninety-seven.", dct) == [
        ("January nineteen ninety-seven", "1997-01")
    ]
    assert values("by the year two thousand", dct) == [("the year two thousand", "2000")]


def test_anaphoric_dates_count_from_the_last_date_mentioned():
    text = "He was made a general on May 22, 1995, and the following year he was posted abroad."
    assert values(text, date(1998, 4, 18))[-1] == ("the following year", "1996")
    text = "The attack came on Oct. 23, 1998. Earlier that day, the family sent a fax."
    assert values(text, date(1999, 10, 24))[-1] == ("Earlier that day", "1998-10-23")


def test_business_year_phrases():
    dct = date(1989, 11, 2)
    assert [(t.text, t.type, t.value) for t in tag("Sales for the full year rose.", dct)] == [
        ("the full year", "DATE", "1989")
    ]
    got = tag("Revenue for the year ended March 31 rose.", dct)
    assert [(t.text, t.type, t.value) for t in got] == [
        ("the year", "DURATION", "P1Y"),
        ("March 31", "DATE", "1989-03-31"),
    ]


def test_ages_and_newspaper_names_are_not_timexes():
    assert tag("Mr. Smith, 52 years old, will succeed him.", DCT) == []
    assert tag("The Communist Party daily Granma said so.", DCT) == []


def test_yearless_dates_in_deadlines_stay_in_the_current_year():
    dct = date(1989, 10, 26)
    past = {"tense_at": lambda s, e: "past"}
    assert values("It declared a dividend payable Dec. 15.", dct, **past) == [
        ("Dec. 15", "1989-12-15")
    ]
    assert values("The offer was extended until Nov. 9.", dct, **past) == [("Nov. 9", "1989-11-09")]
    assert values("It was sold in March.", dct, **past) == [("March", "1989-03")]


def test_yearless_dates_just_after_new_year_without_tense():
    dct = date(1989, 11, 2)
    assert values("The reduced dividend is payable Jan. 2.", dct) == [("Jan. 2", "1990-01-02")]
    # a period that ended on the date, or a state since it: the past one
    assert values("In the fiscal year ended Jan. 31, sales rose.", date(1989, 10, 31))[-1] == (
        "Jan. 31",
        "1989-01-31",
    )


def test_weekday_with_month_day_picks_the_year_where_it_falls_on_that_day():
    got = values("The Times said in an editorial on Monday, Oct. 26:", date(1998, 10, 25))
    assert got == [("Monday, Oct. 26", "1998-10-26")]
    past = {"tense_at": lambda s, e: "past"}
    assert values("It said on Saturday, April 25.", date(1998, 4, 24), **past) == [
        ("Saturday, April 25", "1998-04-25")
    ]


def test_last_year_in_a_quarterly_report_is_the_year():
    text = "Third-quarter sales were $14 million, down from $21.4 million last year."
    assert values(text, date(1989, 11, 1)) == [("Third-quarter", "1989-Q3"), ("last year", "1988")]


@pytest.mark.parametrize(
    "text, extent, value",
    [
        ("It should save $500 million a year in costs.", "a year", "P1Y"),
        ("It will add nearly 700 seats a week on the route.", "a week", "P1W"),
        ("Guards stand there 24 hours a day.", "a day", "P1D"),
    ],
)
def test_a_rate_per_unit_is_a_set(text: str, extent: str, value: str):
    got = [(t.text, t.type, t.value) for t in tag(text, DCT)]
    assert (extent, "SET", value) in got


def test_a_year_after_a_preposition_is_still_a_duration():
    assert [(t.text, t.type) for t in tag("It was the smallest gain in a year.", DCT)] == [
        ("a year", "DURATION")
    ]


def test_current_as_an_adjective_is_present_ref():
    assert values("He blamed current market conditions.") == [("current", "PRESENT_REF")]
    assert values("The current account deficit widened.") == []
    assert values("at the then current market price") == []


@pytest.mark.parametrize(
    "text",
    [
        "Baker said on ABC's ``This Week'' that the request was serious.",
        'He said on CBS\'s "60 Minutes" that he was tired.',
        "They started a series of ``Spring of Life'' demonstrations.",
        "Police scanned the crowd at the annual March for Life on Capitol Hill.",
        "Iraq imports about three-quarters of its food.",
    ],
)
def test_titles_names_and_fractions_are_not_timexes(text: str):
    assert tag(text, DCT) == []


def test_the_night_of_a_date_tags_the_date():
    got = values("He was shot on the night of Oct. 23 in his kitchen.", date(1998, 10, 25))
    assert got == [("Oct. 23", "1998-10-23")]
    assert values("CBS reported last night that the tomb was empty.", date(1998, 1, 20)) == [
        ("last night", "1998-01-19TNI")
    ]


def test_trigger_windows_change_nothing():
    """Rules run only near their triggers (speed); that must find what a full scan finds."""
    import dataclasses

    from transforms.extraction.timex import matching

    text = (
        "WASHINGTON, March 12 (Xinhua) -- The deal, signed Wednesday, Sept. 30, 1998, at "
        "10:35 a.m. EDT, follows the early 1980s boom and the fiscal 1990 third quarter. "
        "Earlier that day, about 500 people gathered for the third straight day; sales of "
        "$500 million a year rose 5% from a year earlier, and nineteen ninety-six was good. "
        "Last week he said the next several months, the past two years and Christmas Eve "
        "would matter more than ever, the 20th century aside, since 9/11/01 and noon Friday."
    )
    dct = date(1998, 10, 2)
    windowed = tag(text, dct)
    rules = matching.load_rules()
    everywhere = tuple(dataclasses.replace(rule, triggers=frozenset()) for rule in rules)
    original = matching.load_rules
    try:
        matching.load_rules = lambda: everywhere  # type: ignore[assignment]
        full = tag(text, dct)
    finally:
        matching.load_rules = original
    assert windowed == full
    assert len(windowed) > 15


# ---- story reference time, deadlines, fractions --------------------------------------


def test_story_reference_moves_a_time_of_day_to_the_named_day():
    text = "Slepian was killed on Oct. 23, 1998, at 10 p.m. in his kitchen."
    assert values(text, date(1999, 4, 19)) == [
        ("Oct. 23, 1998", "1998-10-23"),
        ("10 p.m.", "1998-10-23T22:00"),
    ]


def test_a_time_of_day_right_beside_a_day_falls_on_that_day():
    assert values("The match is replayed on Thursday 15 May at 2pm.") == [
        ("Thursday 15 May", "2025-05-15"),
        ("2pm", "2025-05-15T14:00"),
    ]
    assert values("The talks ended on Wednesday, at 9:30 a.m.")[1] == (
        "9:30 a.m.",
        "2025-05-07T09:30",
    )
    assert values("The polls closed at 10 p.m. local time on Thursday.") == [
        ("10 p.m.", "2025-05-08T22:00"),
        ("Thursday", "2025-05-08"),
    ]
    # not a time a clause away from the day
    assert values("The talks ended on Wednesday and resume at 2pm.")[1] == (
        "2pm",
        "2025-05-09T14:00",
    )


def test_story_reference_resolves_a_following_month_in_that_year():
    text = "The plant closed late last July. In August, workers were laid off."
    assert values(text, date(1999, 7, 20)) == [("late last July", "1998-07"), ("August", "1998-08")]


def test_story_reference_ends_at_a_paragraph_break_and_a_deictic_expression():
    dct = date(1999, 4, 19)
    assert values("He was killed on Oct. 23, 1998.\n\nPolice met at 9 a.m.", dct)[1] == (
        "9 a.m.",
        "1999-04-19T09:00",
    )
    assert values("He was killed on Oct. 23, 1998. Today police met at 9 a.m.", dct)[2] == (
        "9 a.m.",
        "1999-04-19T09:00",
    )


def test_story_reference_ignores_a_date_naming_an_event_and_weekdays():
    dct = date(1999, 6, 7)
    found = values("Two agents charged in the Dec. 21, 1988, bombing left in April.", dct)
    assert found[-1] == ("April", "1999-04")
    # weekdays stay in the DCT's week even right after a far date
    found = values("He was killed on Oct. 23, 1998. Police said Friday they had a suspect.", dct)
    assert found[-1] == ("Friday", "1999-06-04")


def test_deadline_word_takes_the_next_occurrence():
    dct = date(1989, 10, 26)
    assert values("The office was created, effective Feb. 1.", dct) == [("Feb. 1", "1990-02-01")]
    assert values("It must pay down the loan by February.", dct) == [("February", "1990-02")]
    # a date that has just passed stays
    assert values("The pact was effective Oct. 1.", dct) == [("Oct. 1", "1989-10-01")]


def test_last_month_day_is_strictly_before_the_dct():
    assert values("He was shot last Oct. 23 at home.", date(1999, 4, 19)) == [
        ("last Oct. 23", "1998-10-23")
    ]


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("They stayed for 2 1/2 years.", "P2Y6M"),
        ("It took 5 1/2 hours.", "PT5H30M"),
        ("It took two and a half days.", "P2DT12H"),
        ("It took half a day.", "PT12H"),
    ],
)
def test_halves_are_written_in_the_smaller_unit(text: str, value: str):
    assert only(text).value == value


def test_recent_and_coming_plural_units_are_vague_durations():
    assert (
        only("In recent years prices fell.").type,
        only("In recent years prices fell.").value,
    ) == (
        "DURATION",
        "PXY",
    )
    assert only("Rates may fall in coming weeks.").value == "PXW"


# ---- TimeBank conventions and cues added after the TBAQ error analysis -------------------


@pytest.mark.parametrize(
    ("text", "extent", "type_", "value", "mod"),
    [
        ("For the week, the index dropped 3.8%.", "the week", "DATE", "2025-W19", None),
        ("The deal should close by year-end.", "year-end", "DATE", "2025", "END"),
        ("Rules should be in place by year's end.", "year's end", "DATE", "2025", "END"),
        ("It cut costs by the end of the year.", "the end of the year", "DATE", "2025", "END"),
        ("By mid afternoon, it was over.", "mid afternoon", "TIME", "2025-05-09TAF", "MID"),
        ("Up mid-afternoon yesterday.", "mid-afternoon yesterday", "TIME", "2025-05-08TAF", "MID"),
        ("He will appear before a judge at midday.", "midday", "TIME", "2025-05-09T12:00", None),
        ("Market makers suffer more these days.", "these days", "DATE", "PRESENT_REF", None),
        ("It plans an offering in the near future.", "the near future", "DATE", "FUTURE_REF", None),
        ("It fell in the last half of 1989.", "the last half of 1989", "DATE", "1989-H2", None),
        ("It changed in the 11th century.", "the 11th century", "DATE", "10", None),
    ],
)
def test_timebank_conventions(text: str, extent: str, type_: str, value: str, mod: str | None):
    t = only(text)
    assert (t.text, t.type, t.value, t.mod) == (extent, type_, value, mod)


def test_a_named_day_with_a_part_of_it_is_a_time_that_keeps_the_part():
    t = only("Protesters rallied Friday night.", tense_at=lambda s, e: "past")
    assert (t.type, t.value) == ("TIME", "2025-05-09TNI")


def test_high_noon_is_an_idiom():
    assert values("For Poland, high noon comes today.") == [("today", "2025-05-09")]


def test_units_later_count_from_another_event_so_are_durations():
    assert values("He was shot. Three days later, he died.") == [("Three days", "P3D")]
    assert values("A day earlier, trucks crossed.") == [("A day", "P1D")]
    assert values("It happened two weeks ago.") == [("two weeks ago", "2025-W17")]


def test_a_plan_makes_the_planned_day_future_but_not_a_plan_already_carried_out():
    past = {"tense_at": lambda s, e: "past"}
    assert only("He has scheduled a news conference Thursday.", **past).value == "2025-05-15"
    assert only("Protesters planned a rally on Saturday.", **past).value == "2025-05-10"
    assert only("Trading is to resume in Paris Tuesday.").value == "2025-05-13"
    assert only("The attack began as previously planned Thursday.", **past).value == "2025-05-08"


def test_a_modal_in_the_previous_sentence_does_not_make_a_date_future():
    text = "Iraq would withdraw its army from Kuwait. Bush also said Thursday it was over."
    assert values(text, tense_at=lambda s, e: "past")[-1] == ("Thursday", "2025-05-08")


def test_a_date_just_ahead_in_a_past_clause_is_a_schedule_not_last_year():
    past = {"tense_at": lambda s, e: "past"}
    assert only("She gave no reason for the May 20 deadline.", **past).value == "2025-05-20"
    assert only("The talks collapsed on Aug. 20.", **past).value == "2024-08-20"
    # a period that ended on the date cannot lie ahead
    assert only("The offer ended May 12.", **past).value == "2024-05-12"
    assert only("Daley's visit was set for June.", date(2025, 5, 26), **past).value == "2025-06"


def test_a_quarter_named_by_its_end_date_is_that_calendar_quarter_and_the_period():
    text = (
        "Earnings rose in the fiscal second quarter. For the quarter ended March 31, it earned"
        " $5 million, up from $4 million a year earlier. In the current quarter sales slowed."
    )
    found = values(text, tense_at=lambda s, e: "past")
    assert ("the quarter", "2025-Q1") in found
    assert ("a year earlier", "2024-Q1") in found
    assert ("the current quarter", "2025-Q2") in found


def test_more_and_couple_of_in_durations():
    assert values("It stays for at least two more weeks.") == [("at least two more weeks", "P2W")]
    assert values("Over the next couple of years it grows.") == [
        ("the next couple of years", "P2Y")
    ]


# ---- issue 3: general rules added for TBAQ value F1 ---------------------------------


def test_the_week_of_a_date_is_the_iso_week_holding_it():
    t = only("A ruling may come the week of June 2, the lawyer said.")
    assert (t.text, t.type, t.value) == ("the week of June 2", "DATE", "2025-W23")
    assert only("They met the week of March 4, 2019.").value == "2019-W10"


def test_a_second_day_of_the_same_month_is_a_date_in_the_same_year():
    future = {"tense_at": lambda s, e: "future"}
    assert values("Talks will be held on June 11 and 12 in Oslo.", **future) == [
        ("June 11", "2025-06-11"),
        ("12", "2025-06-12"),
    ]
    # a count after the days is not a day
    assert values("Fighting on May 2 and 3 soldiers died.") == [("May 2", "2025-05-02")]


def test_a_day_written_as_an_ordinal_word():
    assert values("The vote is this coming Sunday, June eighth.") == [
        ("this coming Sunday, June eighth", "2025-06-08")
    ]
    assert only("Parliament opens on July first.").value == "2025-07-01"


def test_the_day_before_a_named_weekday():
    t = only("The day before last Tuesday's hearing, the envoy arrived.")
    assert (t.text, t.value) == ("The day before last Tuesday", "2025-05-05")
    assert only("The day after Monday, it rained.").value == "2025-05-06"


def test_the_previous_weekday_counts_from_the_last_day_mentioned():
    # DCT Friday 2025-05-09; the story is on Wednesday May 7
    assert values("Shares closed lower on Wednesday, down 2% from the previous Thursday.") == [
        ("Wednesday", "2025-05-07"),
        ("the previous Thursday", "2025-05-01"),
    ]
    assert values("Talks began on March 3, 2025, and ended the following Friday.") == [
        ("March 3, 2025", "2025-03-03"),
        ("the following Friday", "2025-03-07"),
    ]
    # with no day mentioned, from the DCT
    assert only("Shares are up 2% from the previous Friday.").value == "2025-05-02"
    assert only("Shares rose from the previous Friday.", None).value == "XXXX-WXX-5"


def test_the_day_before_followed_by_a_clause_is_not_an_anaphor():
    assert values("He toured the city before noon and left the day before returning home.") == [
        ("noon", "2025-05-09T12:00")
    ]
    assert values("He was seen May 3, the day before police issued a warrant.") == [
        ("May 3", "2025-05-03")
    ]
    # at the end of a clause it still is one
    assert values("Sales fell last year, from a high the year before.")[-1] == (
        "the year before",
        "2023",
    )


def test_a_season_with_a_spoken_year():
    t = only("Prices hit that level in the winter of nineteen ninety-four.")
    assert (t.text, t.value) == ("the winter of nineteen ninety-four", "1994-WI")


@pytest.mark.parametrize(
    ("text", "extent", "value"),
    [
        ("But a minute and a half later, the pilot called.", "a minute and a half", "PT1M30S"),
        ("They talked for two hours and a half.", "two hours and a half", "PT2H30M"),
        ("Ten trading days after the crash, the index recovered.", "Ten trading days", "P10D"),
        ("It must answer within five business days.", "five business days", "P5D"),
        ("They left their third day-long meeting.", "day-long", "P1D"),
        ("Their year-long inquiry ended.", "year-long", "P1Y"),
    ],
)
def test_more_duration_phrasings(text: str, extent: str, value: str):
    t = only(text)
    assert (t.text, t.type, t.value) == (extent, "DURATION", value)


def test_a_fraction_of_something_is_not_a_quarter_of_a_year():
    assert tag("Funds hold more than a quarter of the market.", DCT) == []
    assert only("Sales fell for more than a quarter.").value == "P1Q"


@pytest.mark.parametrize(
    ("text", "extent", "value"),
    [
        ("Over the years, the town grew.", "the years", "PXY"),
        ("In the years that followed, the rebels grew.", "the years", "PXY"),
        ("Prices may fall in the weeks ahead.", "the weeks ahead", "PXW"),
        ("Troops were captured in the first hours of the war.", "the first hours", "PTXH"),
    ],
)
def test_vague_stretches_of_time_are_durations(text: str, extent: str, value: str):
    t = only(text)
    assert (t.text, t.type, t.value) == (extent, "DURATION", value)


def test_over_the_years_of_something_is_not_a_duration():
    assert tag("Over the years of the war, many fled.", DCT) == []


def test_the_short_term_is_future_ref():
    t = only("It may help some holders in the short term.")
    assert (t.text, t.type, t.value) == ("the short term", "DATE", "FUTURE_REF")


def test_a_part_of_the_day_is_a_part_of_the_day_last_mentioned():
    found = values("Stocks fell Tuesday. Traders sold heavily in the morning.")
    assert found == [("Tuesday", "2025-05-06"), ("the morning", "2025-05-06TMO")]
    # with no day mentioned, the DCT's
    assert values("Traders sold heavily in the morning.") == [("the morning", "2025-05-09TMO")]
    # "this morning" stays on the DCT
    found = values("Stocks fell Tuesday. Traders sold heavily this morning.")
    assert found[-1] == ("this morning", "2025-05-09TMO")


@pytest.mark.parametrize(
    ("text", "extent", "value"),
    [
        ("He will leave on Sunday at 4 in the morning.", "4 in the morning", "2025-05-11T04:00"),
        ("The bar stays open until 11 at night.", "11 at night", "2025-05-09T23:00"),
        (
            "They waited until 3 o'clock in the afternoon.",
            "3 o'clock in the afternoon",
            "2025-05-09T15:00",
        ),
    ],
)
def test_an_hour_with_a_part_of_the_day(text: str, extent: str, value: str):
    found = [t for t in tag(text, DCT, tense_at=lambda s, e: "future") if t.text == extent]
    assert [(t.type, t.value) for t in found] == [("TIME", value)]


def test_the_year_after_of_is_the_anchors_year():
    assert values("Sales rose through the first nine months of the year.") == [
        ("the first nine months", "P9M"),
        ("the year", "2025"),
    ]
    assert tag("She was named Woman of the Year.", DCT) == []


def test_ordinal_day_words_before_a_period_noun_are_not_days():
    assert ("March third", "2025-03-03") not in values("Its March third quarter was weak.")
    assert tag("He was named player of the year.", DCT) == []

"""Which day an event falls on: the direction tense, aspect and modality give a weekday or a
month-day, and which event a time expression dates. Invented news sentences, parsed by the
project's model."""

from __future__ import annotations

from datetime import date

import pytest

from tests.helpers import make_document
from transforms.extraction.stages import extract
from transforms.model import Event, Extraction

MONDAY = date(2025, 5, 12)
SATURDAY = date(2025, 5, 10)


@pytest.fixture(scope="module")
def run(nlp_parse):
    def _run(text: str, dct: date, *, all_events: bool = True) -> Extraction:
        document = make_document(text, dct)
        [parse] = nlp_parse([document])
        return extract(document, parse, "test", all_events=all_events)

    return _run


def _event(ex: Extraction, trigger: str) -> Event:
    matches = [e for e in ex.events if e.trigger == trigger]
    assert matches, f"no {trigger!r} event in {[e.trigger for e in ex.events]}"
    return matches[0]


def _timex(ex: Extraction, text: str) -> str:
    [value] = [t.value for t in ex.timexes if t.text == text]
    return value


# ---- direction ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "trigger", "value"),
    [
        # a past weekday in a Monday report is the one before
        ("Shares of the carmaker surged on Thursday.", "surged", "2025-05-08"),
        # a future weekday is the coming one
        ("The two leaders will meet on Wednesday in Geneva.", "meet", "2025-05-14"),
        # a weekday after a preposition is an adjunct, even before a noun the parser
        # hangs it on
        ("On Friday tugboats pulled the ship free.", "pulled", "2025-05-09"),
    ],
    ids=["past-weekday", "future-weekday", "weekday-before-a-noun"],
)
def test_the_weekday_an_event_falls_on(run, text: str, trigger: str, value: str) -> None:
    assert _event(run(text, MONDAY), trigger).date.value == value


def test_a_participle_takes_the_tense_of_the_verb_it_depends_on(run) -> None:
    ex = run(
        "The statue will be taken to the museum on Sunday before being moved to the "
        "capital on Tuesday.",
        SATURDAY,
    )
    assert _timex(ex, "Sunday") == "2025-05-11"
    assert _timex(ex, "Tuesday") == "2025-05-13"


def test_a_bare_past_participle_is_past(run) -> None:
    ex = run("Lawyers asked the court to lift the injunction issued Thursday.", MONDAY)
    assert _timex(ex, "Thursday") == "2025-05-08"


def test_the_complement_of_a_verb_that_looks_ahead_is_future(run) -> None:
    ex = run("The company expects to launch the drug in the fourth quarter.", date(2025, 6, 2))
    assert _timex(ex, "the fourth quarter") == "2025-Q4"
    ex = run("The company sold the unit in the fourth quarter.", date(2025, 6, 2))
    assert _timex(ex, "the fourth quarter") == "2024-Q4"


def test_a_scheduled_event_lies_ahead(run) -> None:
    ex = run("The final vote is scheduled for Friday.", MONDAY)
    assert _timex(ex, "Friday") == "2025-05-16"
    ex = run("The launch is set for August 23.", date(2025, 5, 12))
    assert _timex(ex, "August 23") == "2025-08-23"


def test_the_future_seen_from_a_past_report_may_lie_just_before_the_dct(run) -> None:
    sunday = date(2025, 5, 11)
    ex = run("The ministry announced that the crossing would reopen on Saturday.", sunday)
    assert _timex(ex, "Saturday") == "2025-05-10"  # the day before: the report is over
    ex = run("The ministry announced that the crossing would reopen on Friday.", MONDAY)
    assert _timex(ex, "Friday") == "2025-05-16"  # not three days back: ahead of the report
    ex = run("The team was scheduled to leave on July 2 but the flight was late.", date(2025, 7, 3))
    assert _timex(ex, "July 2") == "2025-07-02"  # not next year's
    ex = run("The team is scheduled to leave on July 2.", date(2025, 7, 3))
    assert _timex(ex, "July 2") == "2026-07-02"  # still ahead: next year's
    ex = run("The offer had been scheduled to expire at midnight Friday.", MONDAY)
    assert _timex(ex, "midnight Friday") == "2025-05-09T24:00"  # planned before: the last one


def test_the_time_a_schedule_sets_dates_what_it_schedules(run) -> None:
    ex = run("The judge set a sentencing date for July 11.", date(2025, 5, 30))
    assert _timex(ex, "July 11") == "2025-07-11"  # a schedule: the next one, past tense or not
    assert _event(ex, "set").date.value != "2025-07-11"
    assert _event(ex, "sentencing").date.value == "2025-07-11"  # the date's noun names it
    ex = run("The council scheduled a vote for Friday.", MONDAY)
    assert _event(ex, "vote").date.value == "2025-05-16"
    assert _event(ex, "scheduled").date.value != "2025-05-16"


def test_the_time_hung_on_what_an_aspectual_verb_ends_is_the_ending_s(run) -> None:
    friday = date(2025, 5, 16)
    ex = run("The union ended a three-day strike on Thursday.", friday)
    assert _event(ex, "ended").date.value == "2025-05-15"
    assert _event(ex, "strike").anchor_basis != "governing"  # ended then, not held then
    ex = run("The two sides began talks on Tuesday in Geneva.", friday)
    assert _event(ex, "began").date.value == "2025-05-13"
    # what a schedule sets keeps its time
    ex = run("Protesters planned an anti-war rally for Sunday.", friday)
    assert _event(ex, "rally").date.value == "2025-05-18"


def test_the_time_a_date_is_moved_to_is_the_object_s(run) -> None:
    friday = date(2025, 5, 16)
    ex = run("The court adjourned the hearing to 12 June.", friday)
    assert _event(ex, "hearing").date.value == "2025-06-12"
    assert _event(ex, "adjourned").date.value != "2025-06-12"
    # "to" a place, not a time: the time is the moving's
    ex = run("The company moved its headquarters to Dallas in 2010.", friday)
    assert _event(ex, "moved").date.value == "2010"


def test_the_time_a_thing_is_meant_for_dates_no_other_event(run) -> None:
    ex = run("The council approved the budget for 2030 on Friday.", MONDAY)
    assert _event(ex, "approved").date.value == "2025-05-09"  # when, not what it is for
    ex = run("The firm missed its targets, with weak guidance for Q3 2025.", MONDAY)
    assert _event(ex, "missed").date.value != "2025-Q3"


def test_a_future_weekday_named_on_that_very_day_is_the_day_itself(run) -> None:
    ex = run("Ships are expected to pass through the canal by early Monday.", MONDAY)
    assert _timex(ex, "early Monday") == "2025-05-12"


def test_a_clock_time_in_a_future_context_is_on_the_coming_day(run) -> None:
    ex = run("The truce will take effect at 15:00 GMT Saturday.", date(2025, 5, 14))
    assert _timex(ex, "15:00 GMT Saturday") == "2025-05-17T15:00"


def test_a_day_by_which_a_past_state_held_lies_behind(run) -> None:
    friday = date(2025, 5, 16)
    ex = run("The storm hit on Sunday. By Monday evening, 20 people had died.", friday)
    assert _timex(ex, "Monday evening") == "2025-05-12TEV"  # not the coming Monday
    ex = run("The bill must be passed by Monday.", friday)
    assert _timex(ex, "Monday") == "2025-05-19"
    ex = run("The firm declared a dividend payable Dec. 15.", date(2025, 12, 1))
    assert _timex(ex, "Dec. 15") == "2025-12-15"  # a deadline after the verb: its own tense


def test_the_infinitive_of_a_deed_takes_the_tense_of_the_verb_over_its_noun(run) -> None:
    friday = date(2025, 5, 16)
    ex = run("She became the youngest woman to win the title on Saturday.", friday)
    assert _timex(ex, "Saturday") == "2025-05-10"  # not the coming Saturday, the nearest
    ex = run("He became the first player to score 100 goals on Saturday.", friday)
    assert _event(ex, "score").date.value == "2025-05-10"  # the model's xcomp of "became"
    ex = run("She will become the first woman to lead the party on Saturday.", friday)
    assert _timex(ex, "Saturday") == "2025-05-17"
    # a purpose, not a deed: the infinitive may lie ahead of the verb over its noun
    ex = run("The president named a team to lead the talks on Monday.", friday)
    assert _timex(ex, "Monday") == "2025-05-19"


@pytest.mark.parametrize(
    ("text", "values"),
    [
        (
            "The storm is expected to make landfall late Thursday or early Friday.",
            {"late Thursday": "2025-05-22", "early Friday": "2025-05-23"},
        ),
        (
            "Rain is expected on Thursday or Friday.",
            {"Thursday": "2025-05-22", "Friday": "2025-05-23"},
        ),
        (
            "Fighting raged on Thursday and Friday.",
            {"Thursday": "2025-05-15", "Friday": "2025-05-16"},
        ),
        # joined by more than a conjunction: each weekday on its own
        (
            "The talks collapsed on Thursday and resumed on Friday.",
            {"Thursday": "2025-05-15", "Friday": "2025-05-16"},
        ),
    ],
    ids=["future-or", "future-bare", "past-and", "two-clauses"],
)
def test_two_weekdays_joined_run_forward(run, text: str, values: dict[str, str]) -> None:
    ex = run(text, date(2025, 5, 16))  # a Friday
    assert {t: _timex(ex, t) for t in values} == values


# ---- attachment ----------------------------------------------------------------------------


def test_a_time_between_a_report_and_its_clause_dates_the_report(run) -> None:
    ex = run(
        "The council met on Tuesday. Smith said on Wednesday he hoped the talks would resume.",
        date(2025, 5, 16),
    )
    said = _event(ex, "said")
    assert (said.date.value, said.date.text, said.anchor_basis) == (
        "2025-05-14",
        "Wednesday",
        "governing",
    )


def test_an_event_told_by_a_dated_report_happened_by_that_day(run) -> None:
    ex = run("The board said on Wednesday it fired the chief executive.", date(2025, 5, 16))
    assert _event(ex, "fired").date.value == "2025-05-14"
    ex = run(
        "The firm has been fined for the leak, the regulator said on Tuesday.", date(2025, 5, 16)
    )
    assert _event(ex, "fined").date.value == "2025-05-13"
    ex = run("The maker said on Tuesday regulators had approved its drug.", date(2025, 5, 16))
    approved = _event(ex, "approved")
    assert (approved.date.value, approved.anchor_basis) == (None, "unanchored")


def test_a_report_closing_the_sentence_dates_what_it_tells_though_the_model_hangs_it_on_a_noun(
    run,
) -> None:
    # the model reads "newspapers reported on Thursday" as a participle on "newspapers"
    ex = run(
        "The new owner fired three managers, including the chief executive, in one of his "
        "first moves at the helm of the airline, several local newspapers reported on Thursday.",
        date(2025, 5, 16),
    )
    fired = _event(ex, "fired")
    assert (fired.date.value, fired.anchor_basis, fired.modality) == (
        "2025-05-15",
        "clause",
        "reported",
    )
    # a participle that is a noun's own ("the figures reported on Monday") is no report of
    # the sentence
    ex = run("The minister cited the figures reported on Monday.", date(2025, 5, 16))
    assert _event(ex, "cited").modality == "asserted"


def test_the_occasion_dated_by_a_time_of_its_own_dates_the_verb(run) -> None:
    # the model hangs "on Tuesday" on "attack"
    ex = run("Three soldiers were killed in an attack on Tuesday.", date(2025, 5, 16))
    killed = _event(ex, "killed")
    assert (killed.date.value, killed.anchor_basis) == ("2025-05-13", "clause")
    ex = run("In a January speech, the governor acknowledged the limits.", date(2025, 5, 16))
    assert _event(ex, "acknowledged").date.value == "2025-01"


def test_the_day_a_delay_lasts_until_dates_nothing_but_what_it_held_back(run) -> None:
    ex = run("The hearing was adjourned until next Monday.", date(2025, 5, 16))
    assert _event(ex, "adjourned").date.value != "2025-05-19"
    ex = run("The well will not be sealed until August.", date(2025, 5, 16))
    assert _event(ex, "sealed").date.value == "2025-08"


def test_an_event_some_time_later_is_counted_from_the_one_before(run) -> None:
    ex = run("He was arrested on 4 March and charged a week later.", date(2025, 5, 16))
    assert _event(ex, "charged").date.value == "2025-W11"
    ex = run(
        "The rebels seized the town on Monday.\n\nTwo days later, government troops "
        "recaptured the town.",
        date(2025, 5, 16),
        all_events=False,
    )
    recaptured = _event(ex, "recaptured")
    assert (recaptured.date.value, recaptured.date.text) == ("2025-05-14", "Two days")


def test_the_result_a_past_verb_ended_in_shares_its_time(run) -> None:
    ex = run("The index fell 2% to close at 7,500 on Tuesday.", date(2025, 5, 16))
    assert _event(ex, "fell").date.value == "2025-05-13"


def test_an_event_counted_from_another_by_a_duration(run) -> None:
    ex = run("The ruling comes 10 months after a jury found him guilty.", date(2025, 11, 18))
    found = _event(ex, "found")
    assert (found.date.value, found.date.text) == ("2025-01", "10 months")


def test_a_duration_the_parser_hangs_on_the_clause_still_counts_from_the_main_event(
    run,
) -> None:
    ex = run(
        "The landslide comes just five years after the Conservatives won a majority.",
        date(2024, 7, 5),
    )
    won = _event(ex, "won")
    assert (won.date.value, won.date.text) == ("2019", "five years")


def test_an_event_counted_from_another_is_not_dated_by_the_narrative(run) -> None:
    ex = run(
        "Drones struck the capital on Monday. The assault came less than a week after a "
        "previous strike killed 28 people.",
        date(2025, 6, 23),
    )
    killed = _event(ex, "killed")
    assert (killed.date.value, killed.anchor_basis) == ("2025-W25", "clause")


def test_an_event_told_in_the_past_is_never_counted_into_the_future(run) -> None:
    ex = run(
        "With bad timing, just three weeks before the rig blew up, the president announced "
        "a plan to open the coast to drilling.",
        date(2010, 6, 19),
    )
    blew = _event(ex, "blew")
    assert (blew.date.value, blew.anchor_basis) == (None, "unanchored")


def test_a_verb_of_saying_keeps_its_time_from_its_object(run) -> None:
    ex = run("Officials announced the celebration on Sunday night.", MONDAY)
    assert _event(ex, "announced").date.value == "2025-05-11TNI"
    assert _event(ex, "celebration").date.value != "2025-05-11TNI"


def test_now_names_no_day(run) -> None:
    ex = run("The virus has now killed more than 3,000 people.", MONDAY)
    killed = _event(ex, "killed")
    assert (killed.date.value, killed.anchor_basis) == ("2025-05-12", "dct")


# ---- carry-over ----------------------------------------------------------------------------


def test_a_schedule_is_no_narrative_for_the_next_sentence(run) -> None:
    ex = run(
        "The inauguration is scheduled for Jan. 1. The incumbent lost support in the south.",
        date(2025, 10, 31),
    )
    assert _event(ex, "inauguration").date.value == "2026-01-01"
    assert _event(ex, "lost").anchor_basis != "previous"


def test_the_past_perfect_steps_back_from_the_narrative(run) -> None:
    ex = run(
        "On Thursday, the panel recommended the vaccine. The agency had come under pressure.",
        SATURDAY,
    )
    assert _event(ex, "recommended").date.value == "2025-05-08"
    assert _event(ex, "come").anchor_basis != "previous"


def test_a_flashback_in_the_past_perfect_does_not_move_the_story_s_day(run) -> None:
    ex = run(
        "The finance minister resigned on Tuesday. He had faced calls to quit since a "
        "newspaper reported last month that he had paid a penalty. The prime minister "
        "accepted the resignation.",
        date(2025, 5, 14),
    )
    assert _event(ex, "reported").date.value == "2025-04"
    assert _event(ex, "accepted").date.value != "2025-04"


def test_where_a_count_began_is_no_frame_of_the_sentence_s_own(run) -> None:
    ex = run(
        "Stocks tumbled on Monday. The S&P 500 fell 4.2 percent, its worst day since March 2020.",
        date(2025, 4, 8),
    )
    fell = _event(ex, "fell")
    assert (fell.date.value, fell.anchor_basis) == ("2025-04-07", "previous")


def test_a_past_narrative_goes_on_from_the_day_the_sentence_before_set(run) -> None:
    ex = run("Argentina beat France on Sunday. Messi scored twice.", date(2025, 12, 19))
    scored = _event(ex, "scored")
    assert (scored.date.value, scored.anchor_basis) == ("2025-12-14", "previous")


def test_a_clause_of_simultaneity_dates_the_event_it_modifies(run) -> None:
    ex = run("When the team won the title in 2015, fans flocked to the square.", MONDAY)
    flocked = _event(ex, "flocked")
    assert (flocked.date.value, flocked.anchor_basis) == ("2015", "clause")


def test_a_when_clause_the_model_reads_as_a_noun_dates_the_event_it_modifies(run) -> None:
    # "when a bus overturned": the model makes "bus" the clause and "overturned" its participle
    ex = run("Two people were killed when a bus overturned on Thursday.", date(2025, 5, 16))
    killed = _event(ex, "killed")
    assert (killed.date.value, killed.anchor_basis) == ("2025-05-15", "clause")


def test_a_clause_of_simultaneity_takes_the_time_of_the_event_it_modifies(run) -> None:
    ex = run(
        "The minister was speaking at a conference in Berlin on Thursday when she collapsed.",
        date(2025, 5, 16),
    )
    collapsed = _event(ex, "collapsed")
    assert (collapsed.date.value, collapsed.anchor_basis) == ("2025-05-15", "clause")


def test_what_a_dated_event_noun_did_or_underwent_happened_on_its_day(run) -> None:
    friday = date(2025, 5, 16)
    ex = run("The shooting on Saturday left three people dead.", friday)
    left = _event(ex, "left")
    assert (left.date.value, left.anchor_basis) == ("2025-05-10", "clause")
    ex = run("Officials ordered the evacuation of 10,000 residents on Monday.", friday)
    assert _event(ex, "ordered").date.value == "2025-05-12"
    ex = run("The rebels planned the attack on Monday for weeks.", friday)
    assert _event(ex, "planned").date.value != _event(ex, "attack").date.value  # a plan's
    ex = run("Feinberg paid millions to victims of the September 11, 2001 attacks.", friday)
    assert _event(ex, "paid").date.value != "2001-09-11"  # the date names the noun
    ex = run(
        "The White House announced Sunday that it was canceling the president's scheduled "
        "visit Wednesday to New Jersey.",
        friday,
    )
    assert _event(ex, "canceling").date.value != "2025-05-21"  # ahead: the visit's day
    ex = run("The crash on Tuesday has left the airline in crisis.", friday)
    assert _event(ex, "left").date.value != "2025-05-13"  # the perfect: as of the report


def test_a_leading_participle_of_the_doer_s_dates_the_event(run) -> None:
    friday = date(2025, 5, 16)
    ex = run("Speaking to reporters on Monday, the president defended the decision.", friday)
    defended = _event(ex, "defended")
    assert (defended.date.value, defended.anchor_basis) == ("2025-05-12", "clause")
    ex = run("Having resigned in 2019, he returned to politics.", friday)
    assert _event(ex, "returned").date.value != "2019"  # the perfect: before it
    ex = run("The president resigned, citing a row over expenses in 2019.", friday)
    assert _event(ex, "resigned").date.value != "2019"  # after it: a cause or a result


def test_a_conjunct_in_another_tense_is_not_at_the_first_one_s_time(run) -> None:
    ex = run(
        "The strikes began on 1 December and will continue until Christmas.", date(2025, 5, 16)
    )
    assert _event(ex, "began").date.value == "2024-12-01"
    assert _event(ex, "continue").date.value != "2024-12-01"
    ex = run("The plane took off on Monday and landed on time.", date(2025, 5, 16))
    assert _event(ex, "landed").date.value == "2025-05-12"  # the same tense: the same time


def test_what_the_doer_did_just_before_dates_the_event(run) -> None:
    ex = run(
        "The side won the title after pulling off a thrilling win in the final on Saturday.",
        date(2024, 7, 3),
    )
    won = _event(ex, "won")
    assert (won.date.value, won.anchor_basis) == ("2024-06-29", "clause")


def test_what_the_doer_did_before_does_not_date_what_it_is_doing_now(run) -> None:
    ex = run(
        "After giving up on Saturday an attempt to plug the well, the company is pursuing "
        "a new plan.",
        date(2010, 5, 30),
    )
    assert _event(ex, "pursuing").date.value == "2010-05-30"


def test_a_gerund_a_distance_away_dates_nothing_else(run) -> None:
    ex = run(
        "The patient showed signs of the flu a day after arriving from Chicago on May 20.",
        date(2009, 5, 24),
    )
    assert _event(ex, "arriving").date.value == "2009-05-20"
    assert _event(ex, "showed").date.value != "2009-05-20"


def test_an_absolute_clause_happens_at_the_time_of_its_verb(run) -> None:
    ex = run(
        "Rescuers raced on Tuesday to find survivors, with the discovery of more bodies "
        "raising the death toll to 5,000.",
        date(2023, 2, 8),
    )
    assert _event(ex, "raising").date.value == "2023-02-07"


def test_a_participle_describing_its_noun_takes_no_time_from_the_verb(run) -> None:
    ex = run(
        "On Tuesday rescuers searched the rubble of buildings collapsing in the aftershocks.",
        date(2023, 2, 8),
    )
    assert _event(ex, "searched").date.value == "2023-02-07"
    assert _event(ex, "collapsing").date.value is None


def test_a_time_inside_a_clause_modifying_a_noun_dates_nothing_outside_it(run) -> None:
    ex = run("The miners, who were in the shaft last month, have now been freed.", MONDAY)
    freed = _event(ex, "freed")
    assert (freed.date.value, freed.anchor_basis) == ("2025-05-12", "dct")


def test_a_time_inside_a_quotation_dates_nothing_outside_it(run) -> None:
    ex = run(
        "“Following yesterday's positive review, the agency has informed the maker,” the "
        "ministry said.",
        MONDAY,
    )
    said = _event(ex, "said")
    assert (said.date.value, said.anchor_basis) == ("2025-05-12", "dct")


def test_a_time_outside_a_quotation_dates_nothing_inside_it(run) -> None:
    ex = run(
        "“We will not back down,” the president said in a televised address on Wednesday night.",
        date(2025, 5, 16),
    )
    assert all(e.trigger != "back" or e.date.value is None for e in ex.events)
    assert _event(ex, "said").date.value == "2025-05-14TNI"
    # a title in quotation marks leaves both sides outside
    ex = run("On Tuesday's “Good Morning America,” the anchor dived into the Gulf.", MONDAY)
    assert _event(ex, "dived").date.value is not None


def test_an_event_counted_from_another_is_dated_by_the_count_not_by_an_attached_time(
    run,
) -> None:
    ex = run(
        "The step is scheduled for completion eight days after launch, no earlier than "
        "Sunday, January 2.",
        date(2022, 1, 2),
    )
    assert _event(ex, "completion").date.value == "2022-01-02"
    launch = _event(ex, "launch")
    assert (launch.date.value, launch.date.text) == ("2021-12-25", "eight days")


def test_the_time_a_schedule_sets_leaves_the_setting_to_the_narrative(run) -> None:
    ex = run(
        "A jury found him guilty on Thursday. The judge set a sentencing date for July 11.",
        date(2024, 5, 31),
    )
    assert _event(ex, "sentencing").date.value == "2024-07-11"
    set_ = _event(ex, "set")
    assert (set_.date.value, set_.anchor_basis) == ("2024-05-30", "previous")


def test_a_headline_present_sets_no_day_for_the_narrative(run) -> None:
    ex = run("The tycoon takes control of the network. He fired three executives.", MONDAY)
    assert _event(ex, "fired").anchor_basis != "previous"


# ---- what is an event ----------------------------------------------------------------------


def test_a_capitalised_verb_inside_a_sentence_is_a_word_of_a_name(run) -> None:
    ex = run("The container ship Ever Given blocked the canal on Tuesday.", MONDAY)
    assert "Given" not in {e.trigger for e in ex.events}
    assert _event(ex, "blocked").date.value == "2025-05-06"


def test_what_is_scheduled_or_takes_place_is_the_event(run) -> None:
    ex = run(
        "The vote will take place on Sunday. The step is scheduled for completion on Friday.",
        MONDAY,
    )
    triggers = {e.trigger: e.date.value for e in ex.events}
    assert triggers.get("vote") == "2025-05-18"
    assert triggers.get("completion") == "2025-05-16"
    assert "scheduled" not in triggers and "take" not in triggers


def test_a_time_without_its_day_in_a_future_clause_falls_on_the_day_the_schedule_set(
    run,
) -> None:
    ex = run(
        "The parade is set for 11:30 a.m. Wednesday. Officials announced it on Sunday. "
        "The festivities will include a rally at the station about 1:30 p.m.",
        MONDAY,
    )
    assert _timex(ex, "11:30 a.m. Wednesday") == "2025-05-14T11:30"
    assert _timex(ex, "about 1:30 p.m.") == "2025-05-14T13:30"
    ex = run("The rally took place at the station about 1:30 p.m.", MONDAY)
    assert _timex(ex, "about 1:30 p.m.") == "2025-05-12T13:30"


def test_a_noun_modifying_another_is_no_event(run) -> None:
    ex = run("Fans will gather for a victory rally on Wednesday.", MONDAY)
    assert "victory" not in {e.trigger for e in ex.events}
    assert "victory rally" in {e.trigger for e in ex.events}  # one happening, named so


def test_a_year_in_a_noun_s_name_dates_only_that_noun(run) -> None:
    ex = run(
        "Prosecutors said he tried to sway the 2016 election with payments. The jury "
        "deliberated for two days.",
        MONDAY,
    )
    assert _event(ex, "election").date.value == "2016"
    # the election is history the sentence names, no day for the narrative to go on from
    assert _event(ex, "deliberated").date.value != "2016"


def test_the_time_a_figure_is_compared_with_dates_no_event(run) -> None:
    friday = date(2025, 5, 16)
    ex = run("The party won 42% of the vote, up from 35% in 2019.", friday)
    assert _event(ex, "won").date.value != "2019"
    ex = run("Inflation fell to 2.3% in April from 2.6% in March.", friday)
    assert _event(ex, "fell").date.value == "2025-04"
    # "from" a time or a place, not a figure: no comparison
    ex = run("The ship sailed from Lisbon in March.", friday)
    assert _event(ex, "sailed").date.value == "2025-03"


def test_a_time_where_something_began_dates_no_event(run) -> None:
    ex = run(
        "The king will then appoint her as the country's first female leader since 2010.", MONDAY
    )
    assert _event(ex, "appoint").date.value != "2010"
    # nor the event it hangs on: a count from December is as of the report, not December
    ex = run("The virus has killed 1,000 people since December.", MONDAY)
    assert _event(ex, "killed").date.value == "2025-05-12"
    ex = run("The storm is the strongest to hit the region since 1998.", MONDAY)
    assert "1998" not in {e.date.value for e in ex.events}
    # what goes on began then: the progressive's time is its start
    ex = run("Jobs has been fighting pancreatic cancer since 2004.", MONDAY)
    assert _event(ex, "fighting").date.value == "2004"


def test_an_event_shortly_after_a_timed_one_falls_on_its_day(run) -> None:
    ex = run(
        "The uncrewed rocket broke apart shortly after it lifted off at 9:28 a.m. Thursday "
        "morning over the gulf.",
        MONDAY,
    )
    assert len(ex.sentences) == 1  # the period of "a.m." ends no sentence before "Thursday"
    broke = _event(ex, "broke")
    assert (broke.date.value, broke.anchor_basis) == ("2025-05-08", "clause")


def test_a_clause_of_what_came_before_does_not_take_the_main_event_s_day(run) -> None:
    ex = run(
        "Residents are surveying the damage on Wednesday after an explosion rocked the city.",
        date(2025, 5, 14),
    )
    assert _event(ex, "surveying").date.value == "2025-05-14"
    assert _event(ex, "rocked").date.value != "2025-05-14"  # before Wednesday, day not said
    ex = run("Anger grew yesterday after the company confirmed the chief's trip.", MONDAY)
    assert _event(ex, "confirmed").date.value != "2025-05-12"  # before yesterday: not the DCT


def test_overnight_dates_what_happened_not_what_will_last_the_night(run) -> None:
    ex = run("Russia said it had downed 23 drones over its regions overnight.", MONDAY)
    assert _timex(ex, "overnight") == "2025-05-12TNI"
    ex = run("He will stay overnight in the Gulf for the first time.", MONDAY)
    assert not [t for t in ex.timexes if t.text == "overnight"]


def test_what_happened_recently_is_not_dated_on_the_report_s_day(run) -> None:
    ex = run("Kim has taken his daughter to a variety of events recently.", MONDAY)
    assert _event(ex, "taken").date.value is None
    ex = run("Kim has taken his daughter to a military parade.", MONDAY)
    assert _event(ex, "taken").date.value == "2025-05-12"  # the news perfect: the DCT


def test_a_present_clause_under_a_past_one_is_not_on_its_day(run) -> None:
    ex = run(
        "The toll climbed to 93 late Saturday, as authorities work to identify the dead.",
        date(2025, 5, 11),
    )
    assert _event(ex, "climbed").date.value == "2025-05-10"
    assert _event(ex, "work").date.value != "2025-05-10"  # the report's present


def test_a_time_the_model_hangs_on_a_noun_s_bare_participle_dates_the_sentence(run) -> None:
    # the model attaches "shortly before 5am" to "needed", which is no event
    ex = run(
        "Labour crossed the threshold of 326 seats needed for a majority shortly before 5am.",
        date(2024, 7, 5),
    )
    assert _event(ex, "crossed").date.value == "2024-07-05T05:00"
    # a participle that is an event keeps its time ("the boys trapped last month")
    ex = run("The divers freed the boys trapped in the cave on June 23.", date(2018, 7, 10))
    assert _event(ex, "freed").date.value != "2018-06-23"


def test_a_report_does_not_take_the_time_of_what_it_tells(run) -> None:
    ex = run(
        "BP said it had collected 7,541 barrels of oil in the first 12 hours of Monday.",
        date(2010, 6, 8),
    )
    assert _event(ex, "said").date.value != "2010-06-07"
    assert _event(ex, "collected").date.value == "2010-06-07"
    ex = run("Officials said on Monday the leak had slowed.", date(2010, 6, 8))
    assert _event(ex, "said").date.value == "2010-06-07"

"""Which days are key: references from other stories, publication, bursts, salience."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from tests.summarization.corpus import (
    ARREST,
    FIRE,
    REPORT,
    article,
    plant_fire_articles,
    sentence,
)
from transforms.summarization.dates import day_evidence, next_best, rank_days, reference_weight
from transforms.summarization.parameters import DEFAULT
from transforms.summarization.records import (
    ArticleRecord,
    DayReference,
    DayTimex,
    KeyDate,
    SentenceRecord,
    day_references,
    says_only_when,
)
from transforms.summarization.scope import Scope

QUIET = date(2024, 3, 12)  # two routine articles, nothing refers to the day


def test_days_that_later_stories_refer_to_outrank_days_that_only_have_articles() -> None:
    ranked = [key.day for key in rank_days(plant_fire_articles(), Scope())]
    assert set(ranked[:3]) == {FIRE, ARREST, REPORT}
    assert ranked.index(QUIET) > 2
    assert ranked.index(FIRE) < ranked.index(REPORT)


def test_syndicated_copies_count_once() -> None:
    articles = plant_fire_articles()
    once = day_evidence(articles)[FIRE]
    copies = [replace(articles[0], doc_id=f"copy-{n}") for n in range(5)]
    assert day_evidence(articles + copies)[FIRE] == once
    # the same articles as five distinct stories are five more witnesses
    distinct = [replace(copy, story=copy.doc_id) for copy in copies]
    assert day_evidence(articles + distinct)[FIRE].references > once.references


def test_a_story_counts_once_per_day_with_its_strongest_reference() -> None:
    told_twice = article(
        "a",
        date(2024, 3, 10),
        sentence("On Monday the plant burned.", FIRE, explicit=False),
        sentence("The March 4 fire was the worst in years.", FIRE),
        sentence("Monday's fire was put out by evening.", FIRE, explicit=False),
    )
    strongest = reference_weight(DayReference(FIRE, True), date(2024, 3, 10))
    assert day_evidence([told_twice])[FIRE].references == strongest


def test_a_named_day_weighs_more_than_a_relative_one_and_later_articles_more() -> None:
    named, relative = DayReference(FIRE, True), DayReference(FIRE, False)
    later, same_day, before = date(2024, 3, 9), FIRE, date(2024, 3, 1)
    # the defaults weigh the two alike (the fit's choice); each has its own weight
    params = replace(DEFAULT, explicit_reference=1.0, relative_reference=0.5)
    assert reference_weight(named, later, params) > reference_weight(relative, later, params)
    assert reference_weight(named, later) > reference_weight(named, same_day)
    assert reference_weight(named, same_day) > reference_weight(named, before)
    # no publication date: nothing says when it was written, so the reference's own weight
    assert reference_weight(named, None) == DEFAULT.explicit_reference


def test_stories_looking_back_count_in_proportion_above_a_burst_of_articles() -> None:
    """Eight later stories naming the landing outrank six articles printed on the day of a
    vote that two stories recall: counted in log, the vote's burst would win."""
    landing, vote = date(2024, 6, 3), date(2024, 6, 10)
    recalled = [
        article(f"r{n}", date(2024, 6, 20 + n), sentence("The June 3 landing went well.", landing))
        for n in range(8)
    ]
    printed = [article(f"v{n}", vote, sentence("The council votes today.")) for n in range(6)]
    recalling_vote = [
        article(f"w{n}", date(2024, 6, 12), sentence("The June 10 vote passed.", vote))
        for n in range(2)
    ]
    ranked = [key.day for key in rank_days(recalled + printed + recalling_vote, Scope())]
    assert ranked.index(landing) < ranked.index(vote) < ranked.index(date(2024, 6, 12))


def test_publication_counts_stories_and_a_burst_stands_above_the_week_before() -> None:
    steady = [article(f"s{n}", date(2024, 5, n), sentence("Routine news.")) for n in range(1, 9)]
    burst = [article(f"b{n}", date(2024, 5, 9), sentence("Big news.")) for n in range(6)]
    evidence = day_evidence(steady + burst)
    assert evidence[date(2024, 5, 9)].published == 6
    assert evidence[date(2024, 5, 8)].published_next_day == 6
    assert evidence[date(2024, 5, 9)].burst > evidence[date(2024, 5, 8)].burst == 0.0


def test_salient_events_raise_a_day_when_the_warehouse_has_salience() -> None:
    def one(doc_id: str, day: date, salience: float | None) -> object:
        record = article(doc_id, date(2024, 6, 30), sentence("It happened.", event_days=(day,)))
        first = replace(record.sentences[0], salience=salience)
        return replace(record, sentences=(first,))

    quiet, loud = date(2024, 6, 1), date(2024, 6, 2)
    ranked = [key.day for key in rank_days([one("a", quiet, 0.1), one("b", loud, 0.9)], Scope())]
    assert ranked.index(loud) < ranked.index(quiet)
    without = rank_days([one("a", quiet, None), one("b", loud, None)], Scope())
    assert {key.salience for key in without} == {0.0}  # unknown salience adds nothing


def test_key_events_raise_their_day_one_story_at_a_time() -> None:
    def one(doc_id: str, day: date, key: bool, story: str | None = None) -> ArticleRecord:
        record = article(
            doc_id, date(2024, 6, 30), sentence("It happened.", event_days=(day,)), story=story
        )
        return replace(record, sentences=(replace(record.sentences[0], key=key),))

    plain, keyed = date(2024, 6, 1), date(2024, 6, 2)
    records = [one("a", plain, False), one("b", keyed, True), one("c", keyed, True, story="b")]
    evidence = day_evidence(records)
    assert (evidence[plain].key_stories, evidence[keyed].key_stories) == (0, 1)  # copies once
    weighed = replace(DEFAULT, key_stories=1.0)
    ranked = [key.day for key in rank_days(records[:2], Scope(), weighed)]
    assert ranked.index(keyed) < ranked.index(plain)


def test_a_day_recalled_long_after_weighs_more_with_hindsight() -> None:
    named = DayReference(FIRE, True)
    hindsight = replace(DEFAULT, hindsight=1.0, hindsight_days=30)
    next_day_weight = reference_weight(named, date(2024, 3, 5), hindsight)
    month_later = reference_weight(named, date(2024, 4, 3), hindsight)
    assert month_later > next_day_weight
    assert month_later == reference_weight(named, date(2024, 12, 1), hindsight)  # capped
    assert month_later == 2 * DEFAULT.explicit_reference
    # without hindsight a later reference weighs the same whenever it was made
    none = replace(DEFAULT, hindsight=0.0)
    assert reference_weight(named, date(2024, 3, 5), none) == reference_weight(
        named, date(2024, 9, 5), none
    )


def test_days_outside_the_range_or_after_the_last_article_are_never_candidates() -> None:
    days = {key.day for key in rank_days(plant_fire_articles(), Scope())}
    assert max(days) <= date(2024, 3, 21)  # the last publication
    ranged = rank_days(plant_fire_articles(), Scope(since=date(2024, 3, 6)))
    assert all(key.day >= date(2024, 3, 6) for key in ranged)
    announced = article(
        "a", date(2024, 3, 1), sentence("The trial opens on April 2.", date(2024, 4, 2))
    )
    assert [key.day for key in rank_days([announced], Scope())] == [date(2024, 3, 1)]


def test_ranks_are_consecutive_best_first() -> None:
    ranked = rank_days(plant_fire_articles(), Scope())
    assert [key.rank for key in ranked] == list(range(1, len(ranked) + 1))
    assert [key.score for key in ranked] == sorted((key.score for key in ranked), reverse=True)


def test_a_date_with_a_clock_time_beside_it_is_a_posting_stamp_not_a_reference() -> None:
    def timex(text: str, kind: str, start: int, basis: str = "explicit") -> DayTimex:
        return DayTimex(FIRE, text, kind, basis, start, start + len(text))

    # "Mon Mar 4, 2024 9:03 pm EST (Wire) - Fire crews ... on Monday"
    stamped = day_references(
        [timex("Mar 4, 2024", "DATE", 4), timex("9:03 pm", "TIME", 16, "relative"),
         timex("Monday", "DATE", 60, "relative")]
    )  # fmt: skip
    assert stamped == (DayReference(FIRE, True, stamp=True), DayReference(FIRE, False))
    # "At 19:23 4th Mar 2024, reader1 wrote:" - the clock first
    assert day_references([timex("19:23", "TIME", 3), timex("4th Mar 2024", "DATE", 9)]) == (
        DayReference(FIRE, True, stamp=True),
    )
    # "at 9:45 pm on March 4": an event's time, named; a clock alone is relative
    assert day_references([timex("9:45 pm", "TIME", 3), timex("March 4", "DATE", 14)]) == (
        DayReference(FIRE, False),
        DayReference(FIRE, True),
    )
    lead = SentenceRecord("page", 0, 0, 40, "Mar 4, 2024 9:03 pm (Wire) - Fires.", stamped)
    page = ArticleRecord("page", date(2024, 3, 4), "page", (lead,))
    assert day_evidence([page])[FIRE].references == DEFAULT.relative_reference * (
        DEFAULT.same_day_reference
    )  # only "Monday" counts; the stamp dates the page, as its publication does


def test_an_entrys_opening_is_its_day_and_dash_up_to_the_word_after_them() -> None:
    def opening(text: str, day_text: str) -> str:
        at = 50 + text.index(day_text)
        timex = DayTimex(FIRE, day_text, "DATE", "explicit", at, at + len(day_text))
        [reference] = day_references([timex], text, 50)
        return text[: reference.opening]

    assert opening("* March 4 - The Coast Guard says so.", "March 4") == "* March 4 - "
    assert opening("Sept. 18: -- The Fed expands its swap lines.", "Sept. 18") == "Sept. 18: -- "
    assert opening("March 4 was a calm day at the plant.", "March 4") == ""  # not an entry


def test_a_sentence_of_nothing_but_time_expressions_says_only_when() -> None:
    def only_when(text: str, *day_texts: str) -> bool:
        timexes = []
        for day_text in day_texts:
            at = 20 + text.index(day_text)
            timexes.append(DayTimex(FIRE, day_text, "DATE", "explicit", at, at + len(day_text)))
        return says_only_when(timexes, text, 20)

    assert only_when("Sept. 14:", "Sept. 14")
    assert only_when("-- June 02, 2010 2:05 PM", "June 02, 2010", "2:05 PM")
    assert not only_when("Sept. 14: Lehman files for bankruptcy.", "Sept. 14")
    assert not only_when("Monday's fire.", "Monday")
    assert not only_when("Sept. 14:")  # no time expression found: not judged


def test_a_sentence_that_opens_with_its_day_and_a_dash_or_colon_is_a_chronology_entry() -> None:
    def entries(text: str, day_text: str, basis: str = "explicit", start: int = 100) -> list[bool]:
        """Whether each reference of `text` (at document offset `start`) is an entry, with
        `day_text` its one time expression."""
        at = start + text.index(day_text)
        timex = DayTimex(FIRE, day_text, "DATE", basis, at, at + len(day_text))
        return [reference.opening > 0 for reference in day_references([timex], text, start)]

    assert entries("* March 4 - The Coast Guard says the leak has grown.", "March 4") == [True]
    assert entries("Sept. 18: -- The Fed expands its swap lines.", "Sept. 18") == [True]
    assert entries("4 March 2024 \u2013 Crews contain the fire.", "4 March 2024") == [True]
    assert entries("March 4 was a calm day at the plant.", "March 4") == [False]  # no dash
    assert entries("On March 4 - a Monday - the plant burned.", "March 4") == [False]
    assert entries("The plant burned on March 4: nobody was hurt.", "March 4") == [False]
    assert entries("8th March 2024 - 17:42", "8th March 2024") == [False]  # a comment's stamp
    # a weekday names no day of its own: a dated caption's "Monday: ...", not an entry
    assert entries("Monday: Crews contain the fire.", "Monday", "relative") == [False]
    # no text given (the offsets alone): nothing is an entry
    timex = DayTimex(FIRE, "March 4", "DATE", "explicit", 2, 9)
    assert day_references([timex]) == (DayReference(FIRE, True),)


def test_a_comment_stamp_may_have_a_dash_between_its_date_and_clock_but_no_word() -> None:
    def stamped(text: str, day_text: str, clock: str) -> bool:
        day_at, clock_at = text.index(day_text), text.index(clock)
        timexes = [
            DayTimex(FIRE, day_text, "DATE", "explicit", day_at, day_at + len(day_text)),
            DayTimex(FIRE, clock, "TIME", "relative", clock_at, clock_at + len(clock)),
        ]
        return any(reference.stamp for reference in day_references(timexes, text))

    assert stamped("4th March 2024 - 17:42 I disagree with the council.", "4th March 2024", "17:42")
    assert not stamped("March 4 at 9:45 pm the roof fell in.", "March 4", "9:45 pm")


def test_a_day_next_to_one_chosen_weighs_less_when_the_days_are_taken() -> None:
    def key(day: int, score: float) -> KeyDate:
        return KeyDate(date(2024, 3, day), 0, score, 0.0, 0, 0.0)

    pending = [key(11, 3.0), key(20, 2.0)]
    chosen = [key(10, 5.0)]
    halved = replace(DEFAULT, next_to_chosen=0.5)
    assert next_best(pending, chosen, halved) == 1  # 3.0 x 0.5 < 2.0
    assert next_best(pending, [], halved) == 0
    alike = replace(DEFAULT, next_to_chosen=1.0)
    assert next_best(pending, chosen, alike) == 0

"""Which sentences tell a day: candidates, copies kept once, centroid, prior, redundancy."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from tests.summarization.corpus import ARREST, FIRE, article, plant_fire_articles, sentence
from transforms.summarization.parameters import DEFAULT
from transforms.summarization.records import DayReference
from transforms.summarization.sentences import (
    Candidate,
    choose_sentences,
    day_candidates,
    prior,
    text_key,
)
from transforms.summarization.vectors import Vocabulary

RAID = date(2024, 7, 2)


def _choose(articles, day, count, taken=None):
    candidates = day_candidates(articles)
    vocabulary = Vocabulary(s.text for a in articles for s in a.sentences)
    return choose_sentences(
        day, candidates[day], vocabulary, count, set() if taken is None else taken
    )


def test_a_lead_that_tells_of_some_time_back_is_about_no_day() -> None:
    lead = article(
        "lead",
        RAID,
        sentence("Kim has taken his daughter to a variety of events recently."),
        sentence("Agents raided the clinic at dawn."),
    )
    lead = replace(
        lead, sentences=(replace(lead.sentences[0], vaguely_past=True), lead.sentences[1])
    )
    found = day_candidates([lead])[RAID]
    assert set(found) == {text_key("Agents raided the clinic at dawn.")}


def test_a_days_heading_is_no_candidate() -> None:
    raid = "Agents raided the clinic on July 2."
    chronology = article(
        "chronology", date(2024, 7, 9), sentence("July 2:", RAID), sentence(raid, RAID)
    )
    heading, told = chronology.sentences
    chronology = replace(chronology, sentences=(replace(heading, only_when=True), told))
    assert set(day_candidates([chronology])[RAID]) == {text_key(raid)}


def test_candidates_are_references_events_and_the_leads_of_the_day_and_the_day_after() -> None:
    articles = [
        article(
            "lead",
            RAID,
            sentence("Agents raided the clinic at dawn.", events=1),
            sentence("Neighbours watched from the street.", events=1),
            sentence("Later paragraphs are background.", events=1),
            sentence("The clinic opened in 2001.", events=1),
        ),
        article("next", date(2024, 7, 3), sentence("Records were seized in the raid.")),
        article(
            "later",
            date(2024, 7, 9),
            sentence("The July 2 raid found no drugs.", RAID),
            sentence("Agents returned the files.", event_days=(RAID,)),
        ),
    ]
    found = day_candidates(articles)[RAID]
    assert set(found) == {
        text_key(text)
        for text in (
            "Agents raided the clinic at dawn.",
            "Neighbours watched from the street.",
            "Later paragraphs are background.",  # the third sentence: still the lead
            "Records were seized in the raid.",  # the next day's lead, weighed less
            "The July 2 raid found no drugs.",
            "Agents returned the files.",
        )
    }
    assert found[text_key("Records were seized in the raid.")].weight == DEFAULT.next_day_leads
    assert found[text_key("The July 2 raid found no drugs.")].names_day


def test_copies_of_a_sentence_are_one_candidate_supported_by_every_story() -> None:
    found = day_candidates(plant_fire_articles())[FIRE]
    key = text_key("Firefighters fought the blaze at the plant for six hours.")
    assert found[key].support == 1  # the copy belongs to the same story
    told = article(
        "other-story",
        date(2024, 3, 6),
        sentence("Firefighters  fought the blaze at the plant for six hours.", FIRE),
    )
    found = day_candidates([*plant_fire_articles(), told])[FIRE]
    assert found[key].support == 2  # spacing aside, the same sentence in a second story


def test_the_sentence_most_reports_agree_on_comes_first() -> None:
    articles = [
        article(
            "a", date(2024, 3, 9), sentence("A valve failure started the fire at the plant.", FIRE)
        ),
        article(
            "b", date(2024, 3, 9), sentence("The fire at the plant began at a failed valve.", FIRE)
        ),
        article(
            "c",
            date(2024, 3, 9),
            sentence("Investigators say a valve caused the plant fire.", FIRE),
        ),
        article(
            "d", date(2024, 3, 9), sentence("A choir sang at the town hall that evening.", FIRE)
        ),
    ]
    [first] = _choose(articles, FIRE, 1)
    assert "valve" in first.sentence.text
    assert first.rank == 1 and first.day == FIRE


def test_a_factual_statement_is_preferred_to_a_quote_a_question_or_reported_speech() -> None:
    def candidate(text: str, events: int = 1, asserted: int = 1) -> Candidate:
        record = article("x", FIRE, sentence(text, events=events, asserted=asserted))
        return Candidate(record.sentences[0], FIRE, 1.0)

    fact = prior(candidate("Three workers died in the fire at the plant on Monday."))
    assert prior(candidate('"Three workers died in the fire," the mayor told us.')) < fact
    assert prior(candidate("Could three workers have died in the fire at the plant?")) < fact
    assert prior(candidate("Three workers died in the fire, officials said.", 2, 0)) < fact
    assert prior(candidate("Three died.")) < fact  # a fragment
    assert prior(candidate(" ".join(["word"] * 80) + ".")) < fact  # a run-on


def test_a_chronology_entry_on_the_day_is_preferred_as_a_timeline_is_written_so() -> None:
    entry = "* March 4 - Fire crews fight a blaze at the chemical plant."
    plain = "Fire crews fought a blaze at the chemical plant on March 4."
    articles = [
        article("a", date(2024, 3, 20), sentence(plain, FIRE)),
        article("b", date(2024, 3, 21), sentence(plain, FIRE)),
        article("c", date(2024, 3, 22), sentence(entry, FIRE)),
    ]
    articles[2] = replace(
        articles[2],
        sentences=(
            replace(
                articles[2].sentences[0],
                references=(DayReference(FIRE, True, opening=12),),
            ),
        ),
    )
    [first] = _choose(articles, FIRE, 1)
    assert first.sentence.text == entry  # though two stories carry the plain one
    # shown under the day's heading without the day it opens with, offsets to match
    assert first.text == "Fire crews fight a blaze at the chemical plant."
    assert first.start == first.sentence.start + 12
    candidates = day_candidates(articles)[FIRE]
    assert candidates[text_key(entry)].entry and not candidates[text_key(plain)].entry
    unweighed = replace(DEFAULT, entry_bonus=0.0)
    assert prior(candidates[text_key(entry)]) == prior(candidates[text_key(entry)], unweighed) * (
        1.0 + DEFAULT.entry_bonus
    )


def test_salient_and_key_events_raise_a_sentence_as_far_as_their_weights_say() -> None:
    record = article("x", FIRE, sentence("Three workers died in the fire at the plant."))
    plain = Candidate(record.sentences[0], FIRE, 1.0)
    marked = Candidate(replace(record.sentences[0], salience=0.8, key=True), FIRE, 1.0)
    weighed = replace(DEFAULT, salience_bonus=1.0, key_bonus=0.5)
    assert prior(marked, weighed) == prior(plain, weighed) * 1.8 * 1.5
    unweighed = replace(DEFAULT, salience_bonus=0.0, key_bonus=0.0)
    assert prior(marked, unweighed) == prior(plain, unweighed)


def test_the_second_sentence_adds_to_the_first_instead_of_repeating_it() -> None:
    articles = [
        article(
            "a", date(2024, 3, 5), sentence("Three workers died in the plant fire on Monday.", FIRE)
        ),
        article(
            "b", date(2024, 3, 5), sentence("Three workers died in a plant fire on Monday.", FIRE)
        ),
        article(
            "c", date(2024, 3, 5), sentence("Three workers died in the plant fire Monday.", FIRE)
        ),
        article(
            "d",
            date(2024, 3, 5),
            sentence("The plant fire forced 400 families from their homes.", FIRE),
        ),
    ]
    first, second = _choose(articles, FIRE, 2)
    assert "died" in first.sentence.text
    assert "families" in second.sentence.text
    assert (first.rank, second.rank) == (1, 2)


def test_a_sentence_chosen_for_one_day_is_not_chosen_again() -> None:
    articles = plant_fire_articles()
    taken: set[str] = set()
    fire = _choose(articles, FIRE, 5, taken)
    arrest = _choose(articles, ARREST, 5, taken)
    assert fire and arrest
    fire_keys = {text_key(told.sentence.text) for told in fire}
    assert not fire_keys & {text_key(told.sentence.text) for told in arrest}
    assert fire_keys <= taken


def test_provenance_travels_with_the_sentence() -> None:
    [told] = _choose(plant_fire_articles(), ARREST, 1)
    source = next(
        s for a in plant_fire_articles() for s in a.sentences if s.text == told.sentence.text
    )
    assert (told.sentence.doc_id, told.sentence.index) == (source.doc_id, source.index)
    assert (told.sentence.start, told.sentence.end) == (source.start, source.end)
    assert told.published is not None

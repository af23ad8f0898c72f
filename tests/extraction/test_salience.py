"""The news timeline: every example of salience.yaml run through the whole extraction (one
case an example), and the engine's invariants on invented sentences.

A timeline rule's example that drops an event must be dropped by that rule alone, and be an
event when no rule applies. A key example lists the key triggers in salience order.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import replace
from datetime import date
from unittest import mock

import pytest

from tests.helpers import make_document
from transforms.extraction.events import salience
from transforms.extraction.stages import extract
from transforms.model import Extraction
from transforms.resources.loader import language_resources, languages
from transforms.resources.schema import ImpliedExample, SalienceExample, TimelineExample

Run = Callable[..., Extraction]


@pytest.fixture(scope="module")
def run(nlp_parse) -> Run:
    def _run(
        text: str, dct: date | None, title: str | None = None, *, all_events: bool = False
    ) -> Extraction:
        document = replace(make_document(text, dct), title=title)
        [parse] = nlp_parse([document])
        return extract(document, parse, "test", all_events=all_events)

    return _run


def _dct(example: TimelineExample | SalienceExample) -> date | None:
    return date.fromisoformat(example["dct"]) if "dct" in example else None


def _timeline_cases() -> Iterator[tuple[str, str, TimelineExample]]:
    for language in languages():
        for rule in language_resources(language).salience["timeline"]:
            for index, example in enumerate(rule["examples"]):
                yield f"{language}/{rule['name']}:{index}", rule["name"], example


def _key_cases() -> Iterator[tuple[str, SalienceExample]]:
    for language in languages():
        for index, example in enumerate(
            language_resources(language).salience["salience"]["examples"]
        ):
            yield f"{language}/key:{index}", example


def _implied_cases() -> Iterator[tuple[str, ImpliedExample]]:
    for language in languages():
        for rule, spec in language_resources(language).salience["implied"].items():
            for index, example in enumerate(spec["examples"]):
                yield f"{language}/{rule}:{index}", example


TIMELINE = list(_timeline_cases())
KEY = list(_key_cases())
IMPLIED = list(_implied_cases())


@pytest.mark.parametrize(
    ("rule", "example"), [c[1:] for c in TIMELINE], ids=[c[0] for c in TIMELINE]
)
def test_timeline_rule_example(run: Run, rule: str, example: TimelineExample) -> None:
    def kept(*only: str) -> bool:
        whole = salience.timeline("en")
        rules = tuple(r for r in whole.rules if not only or r[1]["name"] in only)
        with mock.patch.object(
            salience, "timeline", lambda language="en": replace(whole, rules=rules)
        ):
            ex = run(example["text"], _dct(example))
        return any(e.trigger == example["trigger"] for e in ex.events)

    every_rule = tuple(r[1]["name"] for r in salience.timeline("en").rules)
    assert kept(*every_rule) == example["kept"], (
        f"{rule}: {example['text']!r} {example['trigger']!r}"
    )
    if not example["kept"]:
        assert not kept(rule), f"{rule} does not leave {example['trigger']!r} off"
        assert kept("no rule"), f"{example['trigger']!r} is no event at all"


@pytest.mark.parametrize("example", [c[1] for c in KEY], ids=[c[0] for c in KEY])
def test_key_example(run: Run, example: SalienceExample) -> None:
    ex = run(example["text"], _dct(example), example.get("title"))
    key = sorted((e for e in ex.events if e.is_key), key=lambda e: -e.salience)
    assert [e.trigger for e in key] == example["key"]


@pytest.mark.parametrize("example", [c[1] for c in IMPLIED], ids=[c[0] for c in IMPLIED])
def test_implied_date_example(run: Run, example: ImpliedExample) -> None:
    """An implied date is declared: its rule in `anchor_basis`, no words as `date_text`."""
    ex = run(example["text"], _dct(example), all_events=True)
    event = next(e for e in ex.events if e.trigger == example["trigger"])
    assert (event.date.value, event.anchor_basis) == (example["date"], example["basis"])
    if example["basis"] in ("lead", "previous"):
        assert event.date.text is None


def test_an_event_a_sentence_names_by_its_date_is_never_key(run: Run) -> None:
    ex = run(
        "Police charged a second man on Monday over the March 3 bombing.",
        date(2030, 5, 15),
        all_events=True,
    )
    bombing = next(e for e in ex.events if e.lemma == "bombing")
    assert bombing.date.value == "2030-03-03" and not bombing.is_key
    assert [e.lemma for e in ex.events if e.is_key] == ["charge"]


def test_every_rule_the_file_names_has_a_predicate_and_examples() -> None:
    names = {rule["name"] for rule in language_resources("en").salience["timeline"]}
    assert names == set(salience.RULES)
    assert {case[1] for case in TIMELINE} == names


def test_salience_is_a_share_and_key_events_are_one_to_three_per_document(run: Run) -> None:
    ex = run(
        "Rebels seized the city of Karra on Sunday. The army retook the airport on Monday. "
        "Troops arrested the rebel leader on Monday. Aid convoys reached the city on Tuesday.",
        date(2030, 5, 15),
        "Rebels seize Karra",
    )
    assert ex.events and all(0.0 <= e.salience <= 1.0 for e in ex.events)
    key = [e for e in ex.events if e.is_key]
    assert 1 <= len(key) <= 3
    assert max(ex.events, key=lambda e: e.salience).trigger == "seized"  # the headline event


def test_mentions_of_one_happening_are_one_event_with_every_actor(run: Run) -> None:
    ex = run(
        "North Korean leader Kim Jong Un visited the embassy on Friday, while Russia's leader "
        "greeted North Korean generals in Moscow. In Moscow, Russian President Vladimir Putin "
        "greeted North Korean army generals with handshakes.",
        date(2025, 5, 9),
    )
    [greeted] = [e for e in ex.events if e.lemma == "greet"]
    assert greeted.sentence_index == 0
    assert "person:vladimir putin" in {p.actor_key for p in greeted.participants}


def test_every_event_keeps_its_salience_with_all_events(run: Run) -> None:
    text = "“We will rebuild,” the mayor said. The storm destroyed the pier on Friday."
    every = run(text, date(2030, 5, 10), all_events=True)
    news = run(text, date(2030, 5, 10))
    assert {e.trigger for e in news.events} < {e.trigger for e in every.events}
    assert [e.trigger for e in every.events if e.is_key] == [
        e.trigger for e in news.events if e.is_key
    ]


def test_mentions_whose_dates_lie_within_each_other_are_one_event_the_most_precise(
    run: Run,
) -> None:
    ex = run(
        "Floods hit the valley last month, officials said. The floods hit the valley on June 23.",
        date(2025, 7, 10),
    )
    [hit] = [e for e in ex.events if e.lemma == "hit"]
    assert (hit.date.value, hit.sentence_index) == ("2025-06-23", 1)


def test_a_negated_event_or_one_dated_only_by_its_year_is_never_key(run: Run) -> None:
    ex = run(
        "The ferry did not sail on Friday. Voters still argue over the 2016 election.",
        date(2030, 5, 13),
        all_events=True,
    )
    sail, election = (next(e for e in ex.events if e.lemma == w) for w in ("sail", "election"))
    assert (sail.polarity, election.date.value) == ("NEG", "2016")
    assert not sail.is_key and not election.is_key

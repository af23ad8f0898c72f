"""Actors and events on realistic news sentences, with the project's spaCy model."""

from __future__ import annotations

from datetime import date

import pytest

from tests.helpers import make_document
from transforms.extraction.stages import extract, text_for_parsing
from transforms.model import Extraction, Span

DCT = date(2025, 5, 9)  # a Friday


@pytest.fixture(scope="module")
def run(nlp_parse):
    def _run(
        text: str,
        dct: date | None = DCT,
        content: tuple[Span, ...] | None = None,
        *,
        all_events: bool = False,
    ) -> Extraction:
        document = make_document(text, dct, content=content)
        [parse] = nlp_parse([document])
        return extract(document, parse, "test", all_events=all_events)

    return _run


def _actor_names(ex: Extraction) -> dict[str, str]:
    return {a.key: a.name for a in ex.actors}


def _event(ex: Extraction, lemma: str):
    matches = [e for e in ex.events if e.lemma == lemma]
    assert matches, f"no {lemma!r} event in {[e.lemma for e in ex.events]}"
    return matches[0]


def test_short_names_join_the_full_name_and_titles_are_stripped(run) -> None:
    ex = run(
        "Russian President Vladimir Putin greeted the generals in Moscow. "
        "Putin thanked them for their service."
    )
    people = [a for a in ex.actors if a.type == "person"]
    assert [p.name for p in people] == ["Vladimir Putin"]
    putin_mentions = [m for m in ex.mentions if m.actor_key == "person:vladimir putin"]
    assert [m.text for m in putin_mentions] == ["Vladimir Putin", "Putin"]
    assert {"country:russia", "place:moscow"} <= set(_actor_names(ex))


def test_a_bare_surname_goes_to_the_person_mentioned_most_recently(run) -> None:
    ex = run(
        "Kim Jong Un visited the embassy on Friday. Kim praised the alliance. "
        "Officials met Kim Yong Bok, a general, in Moscow. Kim is subject to sanctions."
    )
    kim_mentions = [(m.text, m.actor_key) for m in ex.mentions if m.text.startswith("Kim")]
    assert kim_mentions == [
        ("Kim Jong Un", "person:kim jong un"),
        ("Kim", "person:kim jong un"),
        ("Kim Yong Bok", "person:kim yong bok"),
        ("Kim", "person:kim yong bok"),
    ]


def test_names_the_small_model_misses_are_recovered_by_rule(run) -> None:
    ex = run(
        "Russia is marking the anniversary with a military parade attended by China's Xi Jinping. "
        "Troops pushed back an incursion into Russia's western Kursk region."
    )
    names = _actor_names(ex)
    assert names.get("person:xi jinping") == "Xi Jinping"
    assert names.get("place:kursk") == "Kursk"
    assert names.get("country:china") == "China"


def test_demonyms_and_aliases_become_countries(run) -> None:
    ex = run("North Korean troops fought alongside Russian forces, the DPRK said.")
    assert {"country:north korea", "country:russia"} <= set(_actor_names(ex))
    assert not any(a.type == "place" and "Korea" in a.name for a in ex.actors)


def test_nothing_outside_content_becomes_an_actor(run) -> None:
    body = "Kim Jong Un visited the embassy on Friday."
    credit = "\n\n(Reporting by Ju-min Park; Editing by Philippa Fletcher)"
    ex = run(body + credit, content=(Span(0, len(body)),))
    assert "(Reporting" not in text_for_parsing(ex.document)
    assert set(_actor_names(ex)) == {"person:kim jong un"}


def test_light_verb_event_is_the_noun_dated_by_its_time_expression(run) -> None:
    ex = run(
        "North Korean leader Kim Jong Un made a rare visit to Russia's embassy in Pyongyang "
        "with his daughter on Friday."
    )
    visit = _event(ex, "visit")
    assert visit.trigger == "visit"
    assert ex.document.text[visit.start : visit.end] == "visit"
    assert (visit.date.value, visit.date.basis, visit.date.text) == (
        "2025-05-09",
        "relative",
        "Friday",
    )
    assert visit.date.start == visit.date.end == DCT
    roles = {(p.actor_key, p.role) for p in visit.participants}
    assert ("person:kim jong un", "agent") in roles
    assert ("country:russia", "recipient") in roles  # "a visit to Russia's embassy"
    assert ("place:pyongyang", "location") in roles  # "in Pyongyang"
    assert visit.anchor_basis == "governing"
    assert (visit.event_type, visit.quad_class) == ("CONSULT", "verbal cooperation")
    assert not any(e.lemma == "make" for e in ex.events)


def test_reporting_verbs_without_a_time_expression_are_dated_at_the_dct(run) -> None:
    # an attribution of a quote: not on the news timeline, dated all the same
    ex = run(
        "“All of the best wishes to all of your warriors,” Vladimir Putin said in video footage.",
        all_events=True,
    )
    said = _event(ex, "say")
    assert (said.date.value, said.date.basis, said.date.text) == ("2025-05-09", "dct", None)
    assert said.event_type == "STATEMENT"
    assert [(p.actor_key, p.role) for p in said.participants] == [
        ("person:vladimir putin", "agent")
    ]


def test_without_a_dct_dates_stay_underspecified(run) -> None:
    ex = run(
        "Kim Jong Un visited the embassy on Friday. Putin said he was pleased.",
        dct=None,
        all_events=True,
    )
    visit = _event(ex, "visit")
    assert visit.date.basis == "unanchored"
    assert visit.date.value is not None and "X" in visit.date.value
    assert visit.date.start is None and visit.date.end is None
    said = _event(ex, "say")
    assert said.date.basis == "unanchored" and said.date.value is None


def test_coordinated_verbs_share_the_subject(run) -> None:
    ex = run("Kim Jong Un visited the embassy on Friday and reaffirmed the alliance.")
    reaffirm = _event(ex, "reaffirm")
    assert ("person:kim jong un", "agent") in {(p.actor_key, p.role) for p in reaffirm.participants}
    assert reaffirm.date.value == "2025-05-09"


def test_event_ids_are_stable_and_change_with_the_extractor_version(run, nlp_parse) -> None:
    text = "Putin greeted the generals in Moscow on Friday."
    first, second = run(text), run(text)
    assert [e.event_id for e in first.events] == [e.event_id for e in second.events]
    document = make_document(text, DCT)
    [parse] = nlp_parse([document])
    other = extract(document, parse, "another-version")
    assert {e.event_id for e in other.events}.isdisjoint({e.event_id for e in first.events})


def test_the_seed_article_has_its_facts_dated_with_actors_and_roles(repo, nlp_parse) -> None:
    from transforms.ingestion.documents import clean
    from transforms.ingestion.sources import parse_source

    path = repo / "seeds" / "reuters-2025-05-09-kim-russia-embassy.md"
    [source] = parse_source(str(path), path.read_bytes())
    document = clean(source)
    [parse] = nlp_parse([document])
    ex = extract(document, parse, "test")

    def roles(lemma: str, actor: str) -> set[str]:
        found = {
            (p.role, e.date.value)
            for e in ex.events
            if e.lemma == lemma
            for p in e.participants
            if p.actor_key == actor
        }
        return {f"{role}@{value}" for role, value in found}

    day = "2025-05-09"
    assert f"agent@{day}" in roles("visit", "person:kim jong un")
    assert f"location@{day}" in roles("visit", "place:pyongyang")
    assert f"agent@{day}" in roles("greet", "person:vladimir putin")
    assert f"patient@{day}" in roles("greet", "country:north korea")
    assert f"location@{day}" in roles("greet", "place:moscow")
    assert f"patient@{day}" in roles("embrace", "person:kim yong bok")
    assert f"agent@{day}" in roles("attend", "person:xi jinping")
    names = {a.name for a in ex.actors}
    assert not names & {"Ju-min Park", "Muralikumar Anantharaman", "Philippa Fletcher"}
    victory = _event(ex, "victory") if any(e.lemma == "victory" for e in ex.events) else None
    assert victory is None or victory.date.value is None
    # issue 14 point 8: the editor's events are Kim's visit to the embassy, the headline
    # event, then Putin's greeting of the generals
    key = sorted((e for e in ex.events if e.is_key), key=lambda e: -e.salience)
    assert [(e.lemma, e.date.value) for e in key] == [("visit", day), ("greet", day)]
    assert ("agent", "person:kim jong un") in {(p.role, p.actor_key) for p in key[0].participants}
    assert ("agent", "person:vladimir putin") in {
        (p.role, p.actor_key) for p in key[1].participants
    }

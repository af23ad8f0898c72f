"""Event attributes and time anchoring, on news sentences parsed by the project's model."""

from __future__ import annotations

from datetime import date

import pytest

from tests.helpers import make_document
from transforms.extraction.events import lexicon
from transforms.extraction.stages import extract
from transforms.model import Event, Extraction

DCT = date(2025, 5, 9)  # a Friday


@pytest.fixture(scope="module")
def run(nlp_parse):
    def _run(text: str, dct: date | None = DCT) -> Extraction:
        document = make_document(text, dct)
        [parse] = nlp_parse([document])
        return extract(document, parse, "test", all_events=True)

    return _run


def _event(ex: Extraction, lemma: str) -> Event:
    matches = [e for e in ex.events if e.lemma == lemma]
    assert matches, f"no {lemma!r} event in {[e.lemma for e in ex.events]}"
    return matches[0]


def test_plover_lexicon_gives_every_category_a_quad_class() -> None:
    lex = lexicon()
    assert set(lex.category_of.values()) <= set(lex.quad_of)
    assert lex.quad_of["ASSAULT"] == "material conflict"
    assert lex.quad_of["ACCUSE"] == "verbal conflict"
    assert lex.category_of["invasion"] == "ASSAULT"


def test_nominal_triggers_are_events_with_roles(run) -> None:
    ex = run("Poland condemned Russia's invasion of Ukraine on Friday.")
    invasion = _event(ex, "invasion")
    assert invasion.pos == "NOUN" and invasion.event_type == "ASSAULT"
    roles = {(p.actor_key, p.role) for p in invasion.participants}
    assert ("country:ukraine", "patient") in roles
    assert ("country:russia", "agent") in roles


def test_the_speaker_named_after_a_quotation_is_the_agent(run) -> None:
    # the model reads "Rohit Sharma" as the object of "posted": no subject before it
    ex = run('"Coming home," posted India captain Rohit Sharma on Instagram.')
    roles = {(p.actor_key, p.role) for p in _event(ex, "post").participants}
    assert ("person:rohit sharma", "agent") in roles
    ex = run("The agency posted Rohit Sharma a letter on Friday.")
    roles = {(p.actor_key, p.role) for p in _event(ex, "post").participants}
    assert ("person:rohit sharma", "agent") not in roles


def test_negation_future_and_hedges(run) -> None:
    ex = run(
        "Kim Jong Un did not visit Seoul on Friday. Putin will meet Xi Jinping next week. "
        "Pyongyang appears to have received drones."
    )
    assert _event(ex, "visit").polarity == "NEG"
    meet = _event(ex, "meet")
    assert (meet.polarity, meet.modality) == ("POS", "future")
    assert meet.anchor_basis == "governing" and meet.date.value == "2025-W20"
    assert _event(ex, "receive").modality == "hedged"


def test_attribution_from_according_to_and_from_the_reporter(run) -> None:
    ex = run(
        "About 600 troops have been killed, according to South Korean intelligence. "
        "Kim said North Korea would send more troops, state media reported."
    )
    killed = _event(ex, "kill")
    assert killed.attribution == "South Korean intelligence"
    assert killed.modality == "reported"
    assert not any(p.actor_key == "country:south korea" for p in killed.participants)
    send = _event(ex, "send")
    assert (send.attribution, send.modality) == ("Kim", "future")
    said = _event(ex, "say")
    assert said.event_class == "REPORTING" and said.attribution == "state media"


def test_background_history_is_not_dated_at_the_dct(run) -> None:
    ex = run(
        "Kim congratulated Russia on the 80th anniversary of the Soviet Union's victory "
        "over Nazi Germany, KCNA reported."
    )
    victory = _event(ex, "victory")
    assert victory.background
    assert (victory.anchor_basis, victory.date.value) == ("unanchored", None)
    assert _event(ex, "report").anchor_basis == "dct"


def test_anchor_rules_in_order(run) -> None:
    ex = run(
        "Russia is marking the anniversary with a military parade attended by Xi Jinping. "
        "Putin greeted the generals in Moscow. "
        "The generals have fought in Kursk since 2024."
    )
    marking = _event(ex, "mark")
    assert (marking.anchor_basis, marking.date.value) == ("dct", "2025-05-09")
    parade = _event(ex, "parade")
    assert (parade.anchor_basis, parade.date.value) == ("clause", "2025-05-09")
    attended = _event(ex, "attend")
    assert attended.date.value == "2025-05-09"
    assert ("person:xi jinping", "agent") in {(p.actor_key, p.role) for p in attended.participants}
    greeted = _event(ex, "greet")
    assert (greeted.anchor_basis, greeted.date.value) == ("previous", "2025-05-09")
    assert ("place:moscow", "location") in {(p.actor_key, p.role) for p in greeted.participants}


def test_sentence_timex_governed_by_another_event_does_not_date_this_one(run) -> None:
    ex = run("Apple unveiled the laptops, which will ship in 2026.", dct=DCT)
    unveiled = _event(ex, "unveil")
    assert unveiled.date.value != "2026"
    assert _event(ex, "ship").date.value == "2026"


def test_without_all_events_only_chartable_events_are_kept(nlp_parse) -> None:
    # "had rained": the past perfect steps back from the story; no rule dates it
    text = "It had rained for days. Kim Jong Un visited Moscow on Friday."
    document = make_document(text, DCT)
    [parse] = nlp_parse([document])
    lemmas = {e.lemma for e in extract(document, parse, "test").events}
    assert "visit" in lemmas and "rain" not in lemmas


def test_an_attribution_phrase_left_empty_is_no_attribution() -> None:
    """ "according to the ." : an odd parse that leaves nothing once the article and the
    punctuation are trimmed must give no attribution, not fail the document."""
    from transforms.extraction.events.modality import attribution
    from transforms.extraction.parse import Parse, SentenceSpan, Token

    words = [
        ("Sales", "sales", "NOUN", "nsubj", 1),
        ("rose", "rise", "VERB", "ROOT", 1),
        ("according", "accord", "VERB", "prep", 1),
        ("to", "to", "ADP", "prep", 2),
        ("the", "the", "DET", "pobj", 3),
        (".", ".", "PUNCT", "punct", 1),
    ]
    tokens, offset = [], 0
    for i, (text, lemma, pos, dep, head) in enumerate(words):
        tokens.append(
            Token(i, offset, offset + len(text), text, lemma, pos, pos, dep, head, 0, "", "")
        )
        offset += len(text) + 1
    parse = Parse(tuple(tokens), (SentenceSpan(0, len(words) - 1, 0, offset - 1),), ())
    assert attribution(parse, parse.tokens[1], lexicon()) is None


def test_a_word_the_model_splits_at_its_hyphen_is_one_trigger(run) -> None:
    # the model reads "re-elected" as "re", "-" and "elected", and may tag each a verb
    ex = run("The president was re-elected on Sunday and co-founded a party in 2010.")
    assert sorted(e.trigger for e in ex.events) == ["co-founded", "re-elected"]
    elected = next(e for e in ex.events if e.trigger == "re-elected")
    assert ex.document.text[elected.start : elected.end] == "re-elected"


def test_go_is_an_event_of_its_own_only_where_it_carries_none(run) -> None:
    ex = run("Oil firms went to court on Monday. The firm went public in 2004.")
    assert [e.trigger for e in ex.events] == ["went", "went"]
    ex = run("The president is going to travel to Paris. He went on to win the title.")
    assert [e.lemma for e in ex.events] == ["travel", "win"]
    ex = run("Officials said the work was going according to plan.")
    assert "go" not in {e.lemma for e in ex.events}  # an idiom


def test_a_verb_the_parse_uses_as_a_preposition_is_no_event(run) -> None:
    ex = run("Retail sales fell 1.8 percent in November compared with the previous month.")
    assert "compare" not in {e.lemma for e in ex.events}
    assert "fall" in {e.lemma for e in ex.events}

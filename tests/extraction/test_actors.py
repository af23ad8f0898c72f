"""Actor rules kept as data: gazetteer types, spelling variants, names not split, short forms
joining full names, capitals that act, places that never speak, products, anaphors. Every
sentence is invented."""

from __future__ import annotations

from datetime import date

import pytest

from tests.helpers import make_document
from tests.ingestion.helpers import cleaned
from transforms.extraction.actors import actor_key, lexicon
from transforms.extraction.actors.candidates import candidates, strip_edges
from transforms.extraction.actors.canonical import Named, canonicalise
from transforms.extraction.actors.names import fold, respelled
from transforms.extraction.parse import EntitySpan, Parse, SentenceSpan, Token
from transforms.extraction.stages import extract
from transforms.model import ActorType, Extraction


@pytest.fixture(scope="module")
def run(nlp_parse):
    def _run(text: str) -> Extraction:
        document = make_document(text, date(2025, 5, 9))
        [parse] = nlp_parse([document])
        # Every event, attributions of quotes included: their agents are actors too.
        return extract(document, parse, "test", all_events=True)

    return _run


def _keys(ex: Extraction) -> set[str]:
    return {a.key for a in ex.actors}


def _agents(ex: Extraction, lemma: str) -> set[str]:
    event = next(e for e in ex.events if e.lemma == lemma)
    return {p.actor_key for p in event.participants if p.role == "agent"}


def test_product_names_and_tickers_are_not_actors(run) -> None:
    ex = run("Acme Corp (ACME.O) said on Monday its iWidget sold well. Shares of eBay rose.")
    names = {a.name for a in ex.actors}
    assert "iWidget" not in names and "ACME.O" not in names


def test_a_role_a_listing_credits_is_no_actor(run) -> None:
    ex = run(
        "Kate Thornton presents a special concert from Blackpool.\n\n"
        "Presenters/Alan Carr and Emma Forbes, Producer/Mark Hill\n\n"
        "Producer Mark Hill said on Monday the show would return."
    )
    names = {a.name for a in ex.actors}
    assert "Kate Thornton" in names and "Blackpool" in names
    assert not {"Producer", "Presenters"} & names and not any("/" in n for n in names)


@pytest.mark.parametrize("label", ["organisation", "place"])
def test_a_surname_the_model_mislabelled_joins_the_person(label: ActorType) -> None:
    named = [
        Named(0, 10, "Steve Jobs", "Steve Jobs", "person", False),
        Named(20, 24, "Jobs", "Jobs", label, False),
    ]
    actors, mentions = canonicalise(named, lexicon())
    assert [(a.key, a.aliases) for a in actors] == [("person:steve jobs", ("Jobs",))]
    assert {m.actor_key for m in mentions} == {"person:steve jobs"}


def test_a_surname_joins_a_full_name_whatever_word_of_it_it_is() -> None:
    named = [
        Named(0, 30, "Ana Maria Costa da Silva", "Ana Maria Costa da Silva", "person", False),
        Named(40, 45, "Costa", "Costa", "person", False),
    ]
    actors, mentions = canonicalise(named, lexicon())
    assert [a.name for a in actors] == ["Ana Maria Costa da Silva"]
    assert len({m.actor_key for m in mentions}) == 1


def test_one_name_takes_the_type_most_of_its_mentions_have() -> None:
    named = [
        Named(0, 5, "Orbix", "Orbix", "organisation", False),
        Named(10, 15, "Orbix", "Orbix", "organisation", False),
        Named(20, 25, "Orbix", "Orbix", "place", False),
    ]
    actors, mentions = canonicalise(named, lexicon())
    assert [a.key for a in actors] == ["organisation:orbix"]
    assert {m.actor_key for m in mentions} == {"organisation:orbix"}


@pytest.mark.parametrize(
    ("written", "key"),
    [
        ("Volodymyr Zelenskiy", "person:volodymyr zelensky"),
        ("Volodymyr Zelenskyy", "person:volodymyr zelensky"),
        ("Recep Tayyip Erdoğan", "person:recep tayyip erdogan"),
        ("Kim Jong-un", "person:kim jong un"),
        ("Bashar al-Assad", "person:bashar assad"),
        ("Mohammad bin Salman", "person:mohammed bin salman"),
        # a familiar given name keys as its full form; the name is shown as written
        ("Bob Dudley", "person:robert dudley"),
        ("Robert Dudley", "person:robert dudley"),
    ],
)
def test_spelling_variants_share_one_key(written: str, key: str) -> None:
    lex = lexicon()
    name = respelled(written, lex.names, lex.spellings)
    assert actor_key(name, "person", lex.article_prefixes, lex.given_names) == key


def test_a_familiar_given_name_keys_only_a_person() -> None:
    lex = lexicon()
    assert actor_key("Bob", "person", (), lex.given_names) == "person:bob"
    assert actor_key("Bob Evans", "organisation", (), lex.given_names) == "organisation:bob evans"


@pytest.mark.parametrize(
    "written", ["U.S. Coast Guard", "US Coast Guard", "the United States Coast Guard"]
)
def test_an_organisation_named_after_its_country_keys_by_the_country_name(written: str) -> None:
    lex = lexicon()
    key = actor_key(written, "organisation", (), lex.given_names, lex.countries)
    assert key == "organisation:united states coast guard"
    # a country's name alone, or a person's first name that is a country's, is not rewritten
    assert actor_key("US", "organisation", (), {}, lex.countries) == "organisation:us"
    assert actor_key("Georgia Lane", "person", (), {}, lex.countries) == "person:georgia lane"


def test_variant_spellings_in_a_story_are_one_actor(run) -> None:
    ex = run(
        "Ukrainian President Volodymyr Zelensky met the envoy on Monday. "
        "Zelenskiy said the talks had gone well."
    )
    people = [a for a in ex.actors if a.type == "person"]
    assert [p.name for p in people] == ["Volodymyr Zelensky"]
    assert "Zelenskiy" in people[0].aliases


def test_a_name_ending_in_s_keeps_it_unless_it_possesses(run) -> None:
    ex = run(
        "Moody's cut the bank's rating on Monday, and Standard & Poor's followed on Tuesday. "
        "Russia's foreign ministry said on Wednesday the sanctions would fail. "
        "Bank of America's purchase of a rival was announced on Thursday."
    )
    names = {a.name for a in ex.actors}
    assert {"Moody's", "Standard & Poor's", "Russia", "Bank of America"} <= names
    assert not names & {"Moody", "Standard & Poor", "Russia's", "Bank of America's"}


def test_fold_ignores_accents_case_hyphens_and_a_leading_the() -> None:
    assert fold("The Côte-d’Ivoire") == fold("cote d'ivoire") == "cote d'ivoire"


def test_gazetteer_types_countries_organisations_and_cities(run) -> None:
    ex = run(
        "Bahrain and Thailand approved the vaccine on Monday. Pfizer said shipments would "
        "start in Rotterdam, and Twitter closed its office in Lyon."
    )
    types = {a.name: a.type for a in ex.actors}
    assert types.get("Bahrain") == types.get("Thailand") == "country"
    assert types.get("Pfizer") == types.get("Twitter") == "organisation"
    assert types.get("Rotterdam") == types.get("Lyon") == "place"


def test_capitals_that_act_are_their_government(run) -> None:
    ex = run("Moscow said on Friday it would respond. Troops paraded in Moscow.")
    keys = [m.actor_key for m in ex.mentions]
    assert keys == ["country:russia", "place:moscow"]
    assert "country:russia" in _agents(ex, "say")
    assert [m.text for m in ex.mentions] == ["Moscow", "Moscow"]  # as written: provenance
    russia = next(a for a in ex.actors if a.key == "country:russia")
    assert "Moscow" not in russia.aliases  # the city's name is no alias of the country


def test_a_city_is_never_the_agent_of_a_speech_act(run) -> None:
    ex = run("Rotterdam said on Friday that the port would reopen.")
    said = next(e for e in ex.events if e.lemma == "say")
    roles = {(p.actor_key, p.role) for p in said.participants}
    assert ("place:rotterdam", "agent") not in roles


def test_names_are_not_split_at_their_particles(run) -> None:
    ex = run("European Commission President Ursula von der Leyen visited Kyiv on Tuesday.")
    people = [a.name for a in ex.actors if a.type == "person"]
    assert people == ["Ursula von der Leyen"]
    assert not any(a.name in ("Leyen", "Ursula von der") for a in ex.actors)


def test_a_companys_legal_form_is_no_word_of_its_name(run) -> None:
    ex = run(
        "Harbourline Plc said on Monday its profit fell. Harbourline cut 200 jobs. "
        "Trident Freight, Inc. sued Harbourline on Tuesday. Texas AG Jo Doe backed the suit."
    )
    names = {a.name: a.type for a in ex.actors}
    assert names["Harbourline"] == names["Trident Freight"] == "organisation"
    assert "Harbourline Plc" not in names and "Trident Freight, Inc." not in names
    assert names.get("Texas") != "organisation"  # an attorney general, no company
    assert "Harbourline Plc" in [m.text for m in ex.mentions]  # the mention as written


def test_an_acronym_the_story_defines_names_what_it_spells_out(run) -> None:
    ex = run(
        "The Harbour Safety Authority (HSA) said on Monday the port was closed. "
        "HSA inspectors boarded the ship on Tuesday. The ACME union said the HSA was slow."
    )
    names = {a.name for a in ex.actors}
    assert "Harbour Safety Authority" in names and "HSA" not in names
    hsa = [m.actor_key for m in ex.mentions if m.text == "HSA"]
    assert hsa and set(hsa) == {"organisation:harbour safety authority"}


def test_an_acronym_the_story_spells_out_in_common_words_names_no_actor(run) -> None:
    ex = run(
        "The blowout preventer (BOP) failed on April 20, engineers said on Monday. "
        "The BOP was supposed to seal the well. Crews sent a remotely operated vehicle (ROV) "
        "on Friday, and the ROV cut the riser. The Harbour Safety Authority (HSA) said so."
    )
    names = {a.name for a in ex.actors}
    assert not {"BOP", "ROV"} & names
    assert not [m for m in ex.mentions if m.text in ("BOP", "ROV")]
    assert "Harbour Safety Authority" in names  # capitals spell out an organisation still
    # The letters must be the words' own, in order, the first opening a word.
    ex = run("Engineers on the undersea robots (ROV) team said on Monday the ROV was lost.")
    assert "ROV" in {a.name for a in ex.actors}


def test_the_last_word_of_a_title_is_not_an_actor(run) -> None:
    ex = run("Secretary of State Jane Holloway arrived in Lisbon on Monday.")
    assert not any(a.name == "State" for a in ex.actors)
    assert "person:jane holloway" in _keys(ex)


def test_a_continent_adjective_is_not_the_european_union(run) -> None:
    ex = run("European leaders met in Brussels on Thursday to discuss the budget.")
    assert not any(a.name == "European Union" for a in ex.actors)


def test_a_possessive_splits_two_names(run) -> None:
    ex = run("The coffin will lie in London's Westminster Abbey from Monday.")
    names = {a.name: a.type for a in ex.actors}
    assert names.get("London") == "place"
    assert names.get("Westminster Abbey") == "place"


def test_the_company_refers_back_without_being_a_mention(run) -> None:
    ex = run("Microsoft sued Google on Monday. The company said the case was strong.")
    assert [m.text for m in ex.mentions] == ["Microsoft", "Google"]
    said = next(e for e in ex.events if e.lemma == "say")
    assert ("organisation:microsoft", "agent") in {(p.actor_key, p.role) for p in said.participants}
    assert not any("company" in alias for a in ex.actors for alias in a.aliases)


def test_reporters_and_editors_are_never_actors(run) -> None:
    ex = run("Kim Jong Un visited the embassy on Friday, KCNA reported.")
    assert "organisation:kcna" in _keys(ex)
    assert "reuters" in lexicon().not_actors


def test_a_lone_word_called_a_person_is_an_organisation() -> None:
    # News copy names a person in full before the surname alone; a single word no person of
    # the story has for a name is a company or a brand the model took for a person.
    named = [Named(0, 7, "Vantaro", "Vantaro", "person", False)]
    actors, _ = canonicalise(named, lexicon())
    assert [(a.name, a.type) for a in actors] == [("Vantaro", "organisation")]


def test_a_lone_word_taken_up_as_he_or_she_is_a_person(run) -> None:
    # "he" after the name, as its clause's subject, says a person; "it" a company.
    ex = run(
        "Meanwhile Okonjo said on Friday he would sign the bill. "
        "Orbix said on Monday it would appeal."
    )
    assert {(a.name, a.type) for a in ex.actors} == {
        ("Okonjo", "person"),
        ("Orbix", "organisation"),
    }


def test_a_name_after_a_title_is_a_person(run) -> None:
    ex = run("Mr Vantor said on Friday that he would govern. Dr Quill warned on Monday.")
    assert {(a.name, a.type) for a in ex.actors} == {("Vantor", "person"), ("Quill", "person")}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a title ending a span goes with the name after it
        (
            "Coast Guard Adm. Rowan Kessler said on Monday the well was sealed.",
            {("Coast Guard", "organisation"), ("Rowan Kessler", "person")},
        ),
        # an honorific inside a span starts a person's name
        (
            "Northamptonshire Dr Baylis said on Monday the school was closed.",
            {("Northamptonshire", "organisation"), ("Baylis", "person")},
        ),
        # an abbreviated rank is a title
        ("Adm Kessler said on Monday the well was sealed.", {("Kessler", "person")}),
        # an adverb opening the sentence is no word of the name
        (
            "Rowan Kessler arrived on Monday. Thankfully Kessler has not abandoned the plan.",
            {("Rowan Kessler", "person")},
        ),
        # a state as news agencies abbreviate it is the state
        (
            "Officials in Grand Isle, La., said on Monday the beach was closed.",
            {("Grand Isle", "place"), ("Louisiana", "place")},
        ),
    ],
)
def test_what_stands_around_a_name_is_no_word_of_it(
    run, text: str, expected: set[tuple[str, str]]
) -> None:
    assert {(a.name, a.type) for a in run(text).actors} == expected


def _parse(written: list[tuple[str, str]], entities: list[EntitySpan]) -> Parse:
    """A one-sentence parse of (text, part of speech) pairs with the given entity spans."""
    words, start = [], 0
    for i, (text, pos) in enumerate(written):
        words.append(Token(i, start, start + len(text), text, text, pos, "", "", i, 0, "", ""))
        start += len(text) + 1
    sentence = SentenceSpan(0, len(words) - 1, 0, words[-1].end)
    return Parse(tuple(words), (sentence,), tuple(entities))


def _names(parse: Parse) -> list[tuple[str, str]]:
    found = candidates(parse, lexicon())
    return [(" ".join(t.text for t in parse.tokens[c.first : c.last + 1]), c.kind) for c in found]


def test_the_acronym_whose_bracket_a_span_leaves_open_is_no_word_of_the_name() -> None:
    # The model's span for "The Harbour Agency (HA) said" can end inside the brackets.
    written = [("Harbour", "PROPN"), ("Agency", "PROPN"), ("(", "PUNCT"), ("HA", "PROPN")]
    words = _parse(written, []).tokens
    assert [w.text for w in strip_edges(list(words), lexicon(), words)] == ["Harbour", "Agency"]


def test_a_place_or_organisation_keeps_the_first_words_the_model_left_off() -> None:
    # The model labels "Horizon" of "the Deepwater Horizon rig" a place, "Deepwater" not.
    rig = _parse(
        [
            ("Oil", "NOUN"),
            ("leaked", "VERB"),
            ("from", "ADP"),
            ("the", "DET"),
            ("Deepwater", "PROPN"),
            ("Horizon", "PROPN"),
            ("rig", "NOUN"),
            (".", "PUNCT"),
        ],
        [EntitySpan(5, 5, "LOC")],
    )
    assert _names(rig) == [("Deepwater Horizon", "place")]
    # Not over a title, another entity, or into a person's name.
    titled = _parse(
        [
            ("Interior", "PROPN"),
            ("Secretary", "PROPN"),
            ("Jo", "PROPN"),
            ("Doe", "PROPN"),
            ("visited", "VERB"),
            ("Acme", "PROPN"),
            ("Harbour", "PROPN"),
            ("Port", "PROPN"),
        ],
        [EntitySpan(2, 3, "PERSON"), EntitySpan(5, 5, "ORG"), EntitySpan(6, 7, "GPE")],
    )
    assert _names(titled) == [
        ("Jo Doe", "person"),
        ("Acme", "organisation"),
        ("Harbour Port", "geo"),
    ]
    visited = _parse(
        [
            ("Judge", "PROPN"),
            ("Jo", "PROPN"),
            ("Doe", "PROPN"),
            ("visited", "VERB"),
            ("Fort", "PROPN"),
            ("Secretary", "PROPN"),
            ("Harbour", "PROPN"),
        ],
        [EntitySpan(1, 2, "PERSON"), EntitySpan(6, 6, "GPE")],
    )
    assert _names(visited) == [("Jo Doe", "person"), ("Harbour", "geo")]
    # Nor before a name the gazetteer knows whole or one opening with its article, nor over
    # a sentence's first word or a word in capitals.
    for written, entity, expected in [
        (["Officials", "of", "Neighboring", "Mexico"], EntitySpan(3, 3, "GPE"), "Mexico"),
        (["Though", "Horizon", "sank"], EntitySpan(1, 1, "LOC"), "Horizon"),
        (["Oil", "from", "ACME", "Horizon"], EntitySpan(3, 3, "LOC"), "Horizon"),
        (["Photo", "Images", "The", "Gulf"], EntitySpan(2, 3, "LOC"), "The Gulf"),
    ]:
        parse = _parse([(w, "PROPN" if w[0].isupper() else "ADP") for w in written], [entity])
        assert [name for name, _ in _names(parse)] == [expected]


@pytest.mark.parametrize(
    ("text", "present", "absent"),
    [
        # After an honorific, a person's name: the model labels "Dr Okabe" an organisation
        # and the gazetteer knows "Hague" as a capital.
        (
            "Dr Okabe said that there was no evidence to link the outbreak to pork. "
            "Mr Hague said on Friday the payment was normal. "
            "A branch of Mr Salazar's Department of the Interior failed the audit.",
            {("Okabe", "person"), ("Hague", "person"), ("Salazar", "person")},
            {("Netherlands", "country")},
        ),
        # A name called a place that does what organisations do is one; a place with its
        # region before the subject the parser may take it for does nothing.
        (
            "Halliburton said on Monday it had finished the cement job. "
            "Lawmakers blamed Halliburton for the failure on Tuesday. "
            "Smallville lies on the river. Grand Isle, Louisiana, Mayor Jo Doe said it was closed.",
            {("Halliburton", "organisation"), ("Smallville", "place"), ("Grand Isle", "place")},
            {("Halliburton", "place")},
        ),
        # A name the story once gave its legal form is a company in every mention, where
        # the model called the others a place; "Co" without its full stop is a company's.
        (
            "The Deepwater Horizon rig, owned by Transocean Ltd, sank on Thursday. "
            "Investigators flew to Transocean on Friday. "
            "Lawmakers questioned executives from Halliburton Co on Tuesday.",
            {("Transocean", "organisation"), ("Halliburton Co", "organisation")},
            {("Transocean", "place"), ("Halliburton Co", "person")},
        ),
    ],
)
def test_what_the_story_says_of_a_name_types_it(
    run, text: str, present: set[tuple[str, str]], absent: set[tuple[str, str]]
) -> None:
    names = {(a.name, a.type) for a in run(text).actors}
    assert present <= names
    assert not absent & names


def test_a_demonym_the_model_took_for_a_place_is_its_country(run) -> None:
    ex = run("Drones struck the city overnight, Ukrainian officials said on Monday.")
    assert ("Ukraine", "country") in {(a.name, a.type) for a in ex.actors}
    assert "Ukrainian" not in {a.name for a in ex.actors}


def test_a_title_word_opening_an_organisation_is_its_name(run) -> None:
    ex = run("General Motors said on Monday it would cut 2,000 jobs.")
    assert [(a.name, a.type) for a in ex.actors] == [("General Motors", "organisation")]


def test_an_organisation_describing_a_common_noun_is_no_mention(run) -> None:
    ex = run(
        "Five hundred Microsoft engineers visited the Microsoft website on Monday. "
        "Microsoft fired its chief on Tuesday."
    )
    # a premodifier is no mention of its own (annotators count it apart) ...
    assert [m.text for m in ex.mentions] == ["Microsoft"]
    assert ex.mentions[0].start >= ex.sentences[1].start
    # ... but the organisation still takes part in the events around it
    visited = next(e for e in ex.events if e.lemma == "visit")
    assert "organisation:microsoft" in {p.actor_key for p in visited.participants}


def test_a_named_storm_is_no_actor_in_any_mention(run) -> None:
    ex = run(
        "Tropical Storm Wilma forced crews off the rig on Monday, and Hurricane Zeke "
        "closed the port. Wilma weakened on Tuesday, the National Hurricane Center said. "
        "Officials said hurricane Ulla and storm Jonah Park had spared the town. "
        "Tropical storm Odette was set to become a hurricane on Tuesday."
    )
    names = {a.name for a in ex.actors}
    storms = {"Wilma", "Zeke", "Ulla", "Odette"}
    assert not [m for m in ex.mentions if storms & set(m.text.split())]
    assert "National Hurricane Center" in names  # a storm's word inside another name
    assert "Jonah Park" in names  # lower-case "storm" is no storm's title: a person's name stays
    # where the model saw no entity in the title and name, the name alone is still a storm's
    ex = run("Tropical storm Vera hit the coast on Monday. Forecasters expect Vera to weaken.")
    assert "Vera" not in {a.name for a in ex.actors}


def test_a_photo_credit_opening_a_line_names_no_actor(nlp_parse) -> None:
    document = cleaned(
        "Harbour reopens after spill\n\n"
        "AP Photo/Jane Doe Rescuers searched the rubble in Lisbon on Monday.\n\n"
        "REUTERS/John Roe Acme Corp said on Tuesday it would pay for the clean-up.\n\n"
        "(AP Photo/Ann Poe) (Ann Poe - AP) Ministers met in Porto on Friday.\n\n"
        "(AP Photo) President Obama warned on Sunday that the cost would rise.\n",
        published="2025-05-09",
    )
    [parse] = nlp_parse([document])
    names = {a.name for a in extract(document, parse, "test").actors}
    assert {"Lisbon", "Acme Corp", "Porto", "Obama"} <= names
    assert not {"Jane Doe", "John Roe", "Ann Poe"} & names
    assert not any("/" in n or "AP" in n.split() for n in names)


def test_a_name_s_last_word_types_it_whatever_the_model_labelled_it(run) -> None:
    ex = run("Crews said the slick reached Mirabel Sound on Monday, and the Coast Guard closed it.")
    kinds = {a.name: a.type for a in ex.actors}
    assert kinds["Mirabel Sound"] == "place"  # the model said an organisation
    assert kinds["Coast Guard"] == "organisation"

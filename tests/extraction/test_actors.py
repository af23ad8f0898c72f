"""Actor rules kept as data: products, capitals, anaphors, mislabelled surnames, aliases."""

from __future__ import annotations

from datetime import date

import pytest

from tests.helpers import make_document
from transforms.extraction.actors import _canonicalise, _is_product, lexicon
from transforms.extraction.stages import extract
from transforms.model import Extraction


@pytest.fixture(scope="module")
def run(nlp_parse):
    def _run(text: str) -> Extraction:
        document = make_document(text, date(2025, 5, 9))
        [parse] = nlp_parse([document])
        # Every event, attributions of quotes included: their agents are actors too.
        return extract(document, parse, "test", all_events=True)

    return _run


def test_product_names_are_not_actors() -> None:
    lex = lexicon()
    assert _is_product("iPhone", lex) and _is_product("iTunes Store", lex)
    assert not _is_product("eBay", lex)  # listed as an organisation
    assert not _is_product("Apple", lex) and not _is_product("IBM", lex)


def test_surname_mislabelled_as_organisation_joins_the_person() -> None:
    actors, mentions = _canonicalise(
        [(0, 10, "Steve Jobs", "person"), (20, 24, "Jobs", "organisation")]
    )
    assert [(a.key, a.aliases) for a in actors] == [("person:steve jobs", ("Jobs",))]
    assert {m.actor_key for m in mentions} == {"person:steve jobs"}


def test_capitals_that_act_are_their_country(run) -> None:
    ex = run("Pyongyang and Moscow have denied the trade. Troops paraded in Moscow.")
    keys = {ex.document.text[m.start : m.end]: m.actor_key for m in ex.mentions[:2]}
    assert keys == {"Pyongyang": "country:north korea", "Moscow": "country:russia"}
    last = ex.mentions[-1]
    assert (ex.document.text[last.start : last.end], last.actor_key) == ("Moscow", "place:moscow")


def test_the_company_is_the_organisation_named_before(run) -> None:
    ex = run("Microsoft sued Google on Monday. The company said the case was strong.")
    company = [m for m in ex.mentions if m.text.lower() == "microsoft"]
    anaphor = [m for m in ex.mentions if m.start == ex.document.text.index("The company")]
    assert company and anaphor
    assert anaphor[0].actor_key == company[0].actor_key == "organisation:microsoft"
    said = next(e for e in ex.events if e.lemma == "say")
    assert ("organisation:microsoft", "agent") in {(p.actor_key, p.role) for p in said.participants}


def test_reporters_and_editors_are_never_actors(run) -> None:
    ex = run("Kim Jong Un visited the embassy on Friday, KCNA reported.")
    assert "organisation:kcna" in {a.key for a in ex.actors}
    credit_lex = lexicon().not_actors
    assert "reuters" in credit_lex

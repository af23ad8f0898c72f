"""The actor rules and names of one language, compiled once from its resource files:
actors.yaml (how entities become actors), gazetteer.yaml (the world's countries, capitals,
places and organisations) and aliases.yaml (spelling variants)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from typing import Literal

from transforms.extraction.actors.names import fold
from transforms.resources.loader import language_resources

# What the gazetteer says a name is.
GazetteerKind = Literal["country", "capital", "place", "organisation"]


@dataclass(frozen=True)
class Known:
    """A name found in the gazetteer: its canonical form and kind; for a capital, the
    country or organisation it stands for when it acts, and that one's kind."""

    name: str
    kind: GazetteerKind
    stands_for: str | None = None
    stands_for_kind: Literal["country", "organisation"] | None = None


@dataclass(frozen=True)
class ActorLexicon:
    entity_labels: dict[str, str]
    titles: tuple[tuple[str, ...], ...]  # title word sequences, longest first (honorifics too)
    honorifics: tuple[tuple[str, ...], ...]  # titles before nothing but a person's name
    definite_articles: frozenset[str]
    possessive_endings: frozenset[str]  # as written
    place_suffixes: frozenset[str]
    demonyms: dict[str, str]  # lower-cased demonym -> canonical country
    not_actors: frozenset[str]
    product_patterns: tuple[re.Pattern[str], ...]
    not_products: frozenset[str]
    organisation_anaphors: frozenset[str]
    organisation_words: frozenset[str]
    corporate_suffixes: frozenset[str]  # a company's legal form, left off its name
    place_words: frozenset[str]
    doing_verbs: frozenset[str]  # lemmas of what only a person or an organisation does
    pronouns: dict[str, str]  # personal pronoun -> what it says its antecedent is
    name_particles: frozenset[str]
    article_prefixes: tuple[str, ...]
    not_actor_patterns: tuple[re.Pattern[str], ...]
    storm_titles: tuple[tuple[str, ...], ...]  # word sequences as written, longest first
    storm_not_names: frozenset[str]
    known: dict[str, Known]  # folded name or alias -> what the gazetteer says
    spellings: dict[str, str]  # folded word -> the spelling used
    names: dict[str, str]  # folded name -> the name used
    given_names: dict[str, str]  # folded familiar given name -> folded full form, for keys
    countries: dict[str, str]  # folded form of a country's name -> its folded name, for keys


@cache
def lexicon(language: str = "en") -> ActorLexicon:
    resources = language_resources(language)
    data, aliases = resources.actors, resources.aliases
    titles = sorted(
        (tuple(t.split()) for t in (*data["titles"], *data["honorifics"])), key=len, reverse=True
    )
    known = _gazetteer(language)
    return ActorLexicon(
        entity_labels=dict(data["entity_labels"]),
        titles=tuple(titles),
        honorifics=tuple(tuple(t.split()) for t in data["honorifics"]),
        definite_articles=frozenset(w.lower() for w in data["definite_articles"]),
        possessive_endings=frozenset(data["possessive_endings"]),
        place_suffixes=frozenset(w.lower() for w in data["place_suffixes"]),
        demonyms={k.lower(): v for k, v in data["demonyms"].items()},
        not_actors=frozenset(n.lower() for n in data["not_actors"]),
        product_patterns=tuple(re.compile(rule["pattern"]) for rule in data["product_patterns"]),
        not_products=frozenset(n.lower() for n in data["not_products"]),
        organisation_anaphors=frozenset(w.lower() for w in data["organisation_anaphors"]),
        organisation_words=frozenset(data["organisation_words"]),
        corporate_suffixes=frozenset(data["corporate_suffixes"]),
        place_words=frozenset(data["place_words"]),
        doing_verbs=frozenset(data["doing_verbs"]),
        pronouns={str(k).lower(): str(v) for k, v in data["pronouns"].items()},
        name_particles=frozenset(data["name_particles"]),
        article_prefixes=tuple(data["article_prefixes"]),
        not_actor_patterns=tuple(
            re.compile(rule["pattern"]) for rule in data["not_actor_patterns"]
        ),
        storm_titles=tuple(
            sorted((tuple(t.split()) for t in data["storm_titles"]), key=len, reverse=True)
        ),
        storm_not_names=frozenset(data["storm_not_names"]),
        known=known,
        spellings={fold(k): v for k, v in aliases["spellings"].items()},
        names={fold(k): v for k, v in aliases["names"].items()},
        given_names={fold(k): fold(v) for k, v in aliases["given_names"].items()},
        countries={form: fold(k.name) for form, k in known.items() if k.kind == "country"},
    )


def _gazetteer(language: str) -> dict[str, Known]:
    """Every written form of the gazetteer, folded, to what it names. Places first, so a
    name that is also a country or organisation ends up as those."""
    data = language_resources(language).gazetteer
    known: dict[str, Known] = {}
    for place in data["places"]:
        known[fold(place)] = Known(place, "place")
    for organisation, others in data["organisations"].items():
        for written in (organisation, *others):
            known[fold(written)] = Known(organisation, "organisation")
    for country, others in data["countries"].items():
        for written in (country, *others):
            known[fold(written)] = Known(country, "country")
    for capital, stands_for in data["capitals"].items():
        target = "country" if stands_for in data["countries"] else "organisation"
        known[fold(capital)] = Known(capital, "capital", stands_for, target)
    return known

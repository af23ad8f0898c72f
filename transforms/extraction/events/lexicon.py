"""The event words of a language: events.yaml and plover.yaml, with the future
auxiliaries of timex.yaml, as one object the stages read.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from transforms.model import Role
from transforms.resources.loader import language_resources


@dataclass(frozen=True)
class EventLexicon:
    reporting: frozenset[str]
    light_verbs: frozenset[str]
    passive_light_verbs: frozenset[str]
    happening_verbs: frozenset[str]
    schedule_prepositions: frozenset[str]
    schedule_verbs: frozenset[str]
    rescheduling_prepositions: frozenset[str]
    time_nouns: frozenset[str]
    event_nouns: frozenset[str]
    not_events: frozenset[str]
    carrier_verbs: frozenset[str]
    category_of: dict[str, str]
    quad_of: dict[str, str]
    class_of: dict[str, str]
    hedge_verbs: frozenset[str]
    hedge_adverbs: frozenset[str]
    future_aux: frozenset[str]  # timex.yaml's future auxiliaries
    future_verb: str  # ... and the verb of "going to"
    hypothetical_aux: frozenset[str]
    reported_future_aux: frozenset[str]
    conditional_marks: frozenset[str]
    perfect_auxiliary: str
    progressive_auxiliary: str
    articles: frozenset[str]
    negators: frozenset[str]
    intention_verbs: frozenset[str]
    background_heads: frozenset[str]
    attribution_markers: tuple[tuple[str, ...], ...]
    passive_agent_prepositions: frozenset[str]
    noun_preposition_roles: dict[str, Role]
    host_prepositions: frozenset[str]
    shared_time_prepositions: frozenset[str]
    occasion_prepositions: frozenset[str]
    preposition_roles: dict[str, Role]
    offset_marks: dict[str, int]
    simultaneity_marks: frozenset[str]
    close_offset_adverbs: frozenset[str]
    same_doer_prepositions: frozenset[str]
    absolute_prepositions: frozenset[str]
    onset_prepositions: frozenset[str]
    offset_adverbs: dict[str, int]
    end_prepositions: frozenset[str]
    comparison_words: frozenset[str]
    figure_prepositions: frozenset[str]
    result_complements: frozenset[str]


@cache
def lexicon(language: str = "en") -> EventLexicon:
    resources = language_resources(language)
    data, plover, tense = resources.events, resources.plover, resources.timex["tense"]
    category_of: dict[str, str] = {}
    for category, lemmas in plover["categories"].items():
        for lemma in lemmas:
            category_of.setdefault(lemma, category)
    class_of: dict[str, str] = {}
    for event_class, lemmas in data["classes"].items():
        for lemma in lemmas:
            class_of.setdefault(lemma, event_class)

    def words(key: str) -> frozenset[str]:
        return frozenset(str(w).lower() for w in data[key])  # type: ignore[literal-required]

    return EventLexicon(
        reporting=words("reporting_verbs"),
        light_verbs=words("light_verbs"),
        passive_light_verbs=words("passive_light_verbs"),
        happening_verbs=words("happening_verbs"),
        schedule_prepositions=words("schedule_prepositions"),
        schedule_verbs=words("schedule_verbs"),
        rescheduling_prepositions=words("rescheduling_prepositions"),
        time_nouns=words("time_nouns"),
        event_nouns=words("event_nouns"),
        not_events=words("not_events"),
        carrier_verbs=words("carrier_verbs"),
        category_of=category_of,
        quad_of=dict(plover["quad_classes"]),
        class_of=class_of,
        hedge_verbs=words("hedge_verbs"),
        hedge_adverbs=words("hedge_adverbs"),
        future_aux=frozenset(str(w).lower() for w in tense["future_auxiliaries"]),
        future_verb=tense["future_verb"].lower(),
        hypothetical_aux=words("hypothetical_aux"),
        reported_future_aux=frozenset(str(w).lower() for w in tense["reported_future_auxiliaries"]),
        conditional_marks=words("conditional_marks"),
        perfect_auxiliary=tense["perfect_auxiliary"].lower(),
        progressive_auxiliary=data["progressive_auxiliary"].lower(),
        articles=words("articles"),
        negators=words("negators"),
        intention_verbs=words("intention_verbs"),
        background_heads=words("background_heads"),
        attribution_markers=tuple(
            tuple(w.lower() for w in marker) for marker in data["attribution_markers"]
        ),
        passive_agent_prepositions=words("passive_agent_prepositions"),
        noun_preposition_roles={k.lower(): v for k, v in data["noun_preposition_roles"].items()},
        host_prepositions=words("host_prepositions"),
        shared_time_prepositions=words("shared_time_prepositions"),
        occasion_prepositions=words("occasion_prepositions"),
        preposition_roles=dict(data["preposition_roles"]),
        offset_marks={k.lower(): int(v) for k, v in data["offset_marks"].items()},
        offset_adverbs={k.lower(): int(v) for k, v in data["offset_adverbs"].items()},
        simultaneity_marks=words("simultaneity_marks"),
        close_offset_adverbs=words("close_offset_adverbs"),
        same_doer_prepositions=words("same_doer_prepositions"),
        absolute_prepositions=words("absolute_prepositions"),
        onset_prepositions=words("onset_prepositions"),
        end_prepositions=words("end_prepositions"),
        comparison_words=words("comparison_words"),
        figure_prepositions=words("figure_prepositions"),
        result_complements=words("result_complements"),
    )

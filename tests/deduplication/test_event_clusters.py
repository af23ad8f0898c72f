"""Cross-document duplicate clusters."""

from __future__ import annotations

from datetime import date

from transforms.deduplication.components import groups_of_several
from transforms.deduplication.event_clusters import (
    ClusterEvent,
    cluster_events,
    clusters_with_copies,
    same_happening,
)

DAY = date(2025, 5, 9)


def _event(event_id: str, doc: str, lemma: str, kind: str, actors: set[str], **kw) -> ClusterEvent:
    return ClusterEvent(
        event_id=event_id,
        doc_id=doc,
        lemma=lemma,
        event_type=kind,
        start=kw.get("start", DAY),
        end=kw.get("end", kw.get("start", DAY)),
        agents=frozenset(kw.get("agents", actors)),
        actors=frozenset(actors),
        background=kw.get("background", False),
    )


def test_same_happening_needs_date_actor_and_kind() -> None:
    a = _event("a", "d1", "kidnap", "CRIME", {"person:x", "place:lagos"})
    b = _event("b", "d2", "abduct", "CRIME", {"person:x"})
    assert same_happening(a, b)
    other_day = _event("c", "d2", "kidnap", "CRIME", {"person:x"}, start=date(2025, 5, 12))
    assert not same_happening(a, other_day)
    only_place = _event("d", "d2", "kidnap", "CRIME", {"place:lagos"})
    assert not same_happening(a, only_place)
    other_kind = _event("e", "d2", "visit", "CONSULT", {"person:x"})
    assert not same_happening(a, other_kind)
    generic = _event("f", "d2", "meet", "OTHER", {"person:x"})
    assert not same_happening(_event("g", "d1", "go", "OTHER", {"person:x"}), generic)
    undated = _event("h", "d2", "kidnap", "CRIME", {"person:x"}, start=None)
    assert not same_happening(a, undated)


def test_statements_join_only_with_the_same_speaker() -> None:
    a = _event("a", "d1", "say", "STATEMENT", {"person:x", "person:y"}, agents={"person:x"})
    b = _event("b", "d2", "say", "STATEMENT", {"person:y"}, agents={"person:y"})
    assert not same_happening(a, b)
    c = _event("c", "d2", "say", "STATEMENT", {"person:x"}, agents={"person:x"})
    assert same_happening(a, c)


def test_month_dated_mention_overlaps_a_day_in_it_and_clusters_are_transitive() -> None:
    month = _event("m", "d3", "attack", "ASSAULT", {"country:a"}, start=date(2025, 5, 1),
                   end=date(2025, 5, 31))  # fmt: skip
    day = _event("z", "d1", "strike", "ASSAULT", {"country:a"})
    other = _event("k", "d2", "attack", "ASSAULT", {"country:a"})
    alone = _event("q", "d2", "attack", "ASSAULT", {"country:b"})
    clusters = cluster_events([day, month, other, alone])
    assert clusters["z"] == clusters["m"] == clusters["k"] == "k"  # smallest id names it
    assert clusters["q"] == "q"


def test_background_events_never_cluster() -> None:
    a = _event("a", "d1", "victory", "OTHER", {"country:x"}, background=True)
    b = _event("b", "d2", "victory", "OTHER", {"country:x"})
    assert cluster_events([a, b]) == {"a": "a", "b": "b"}


def test_copies_join_clusters_the_rule_cannot_see() -> None:
    dated = _event("e1", "d1", "kidnap", "CRIME", {"person:x"})
    report = _event("e4", "d2", "abduct", "CRIME", {"person:x"})
    undated_copy_1 = _event("e3", "d1", "flee", "MOVE", set(), start=None)
    undated_copy_2 = _event("e2", "d3", "flee", "MOVE", set(), start=None)
    alone = _event("e5", "d3", "rain", "OTHER", set(), start=None)
    events = [dated, report, undated_copy_1, undated_copy_2, alone]
    assert cluster_events(events)["e3"] == "e3"  # the rule alone leaves copies apart
    clusters = clusters_with_copies(events, [["e2", "e3"]])
    assert clusters == {"e1": "e1", "e2": "e2", "e3": "e2", "e4": "e1", "e5": "e5"}
    assert groups_of_several(clusters) == 2
    assert clusters_with_copies(events, []) == cluster_events(events)

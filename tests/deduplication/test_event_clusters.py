"""Cross-document duplicate clusters."""

from __future__ import annotations

import random
from datetime import date, timedelta

import pytest

from transforms.deduplication.components import groups_from_pairs, groups_of_several
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


def _every_pair(events: list[ClusterEvent]) -> dict[str, str]:
    """The clusters by the rule's definition: every pair compared."""
    links = [(a.event_id, b.event_id) for a in events for b in events if same_happening(a, b)]
    return groups_from_pairs([e.event_id for e in events], links)


@pytest.mark.parametrize("seed", range(25))
def test_blocked_clustering_equals_comparing_every_pair(seed: int) -> None:
    rng = random.Random(seed)
    actors = ["person:x", "person:y", "country:a", "organisation:o", "place:lagos"]
    kinds = [
        ("say", "STATEMENT"),
        ("tell", "STATEMENT"),
        ("kidnap", "CRIME"),
        ("abduct", "CRIME"),
        ("attack", "ASSAULT"),
        ("go", "OTHER"),
        ("meet", "OTHER"),
    ]
    events = []
    for i in range(rng.randint(2, 60)):
        lemma, kind = rng.choice(kinds)
        involved = set(rng.sample(actors, rng.randint(0, 3)))
        start = None if rng.random() < 0.1 else DAY + timedelta(days=rng.randint(0, 6))
        end = start + timedelta(days=rng.choice([0, 0, 0, 2, 30])) if start else None
        events.append(
            _event(
                f"e{i:02d}",
                f"d{i % 7}",
                lemma,
                kind,
                involved,
                start=start,
                end=end,
                agents=set(rng.sample(sorted(involved), min(len(involved), rng.randint(0, 2)))),
                background=rng.random() < 0.05,
            )  # fmt: skip
        )
    assert cluster_events(events) == _every_pair(events)


def test_thousands_of_reports_of_one_actor_on_one_day_cluster_without_pairing_them() -> None:
    events = [
        _event(f"e{i:05d}", f"d{i}", "attack", "ASSAULT", {"country:a"}) for i in range(20000)
    ]
    clusters = cluster_events(events)
    assert set(clusters.values()) == {"e00000"}

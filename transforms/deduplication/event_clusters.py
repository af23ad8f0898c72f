"""Cross-document duplicates: event mentions that report the same happening, clustered.

Wire copy is reprinted and rewritten: one kidnapping becomes many records. Two mentions are
taken to report one happening when their dates are compatible (both dated, day ranges
overlapping), they share an actor that is not just a place, and they are the same kind of
event: the same trigger lemma, or the same PLOVER category when that category is specific
(not STATEMENT or OTHER, which lump unrelated things together). Reports of speech
("said") only join on the same lemma and the same speaker, so two statements by one
person on one day stay one cluster but a statement never joins a visit.

Clusters are the connected components of that relation (union-find), named by their
smallest event id so the name is stable whatever order events arrive in. Every mention is
kept; the cluster only groups them.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from transforms.deduplication.components import groups_from_pairs
from transforms.model import Event

GENERIC_TYPES = frozenset({"STATEMENT", "OTHER"})
_PLACE_PREFIX = "place:"


@dataclass(frozen=True)
class ClusterEvent:
    """What clustering needs of an event; built from an `Event` or a warehouse row."""

    event_id: str
    doc_id: str
    lemma: str
    event_type: str
    start: date | None
    end: date | None
    agents: frozenset[str]
    actors: frozenset[str]
    background: bool = False


def from_event(event: Event) -> ClusterEvent:
    return ClusterEvent(
        event_id=event.event_id,
        doc_id=event.doc_id,
        lemma=event.lemma,
        event_type=event.event_type,
        start=event.date.start,
        end=event.date.end,
        agents=frozenset(p.actor_key for p in event.participants if p.role == "agent"),
        actors=frozenset(p.actor_key for p in event.participants),
        background=event.background,
    )


def same_happening(a: ClusterEvent, b: ClusterEvent) -> bool:
    """The rule above, for one pair."""
    if a.event_id == b.event_id or a.background or b.background:
        return False
    if a.start is None or b.start is None:
        return False
    if (a.end or a.start) < b.start or (b.end or b.start) < a.start:
        return False
    shared = {k for k in a.actors & b.actors if not k.startswith(_PLACE_PREFIX)}
    if not shared:
        return False
    if a.lemma == b.lemma:
        if a.event_type == "STATEMENT" or b.event_type == "STATEMENT":
            return bool(a.agents & b.agents)
        return True
    return a.event_type == b.event_type and a.event_type not in GENERIC_TYPES


def cluster_events(events: Iterable[ClusterEvent]) -> dict[str, str]:
    """event_id -> cluster id for every event (a singleton is its own cluster)."""
    items = sorted(events, key=lambda e: e.event_id)
    parent = {e.event_id: e.event_id for e in items}

    def find(x: str) -> str:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    # Block by shared actor (every link needs one), then sweep each actor's events in date
    # order so only events whose days can overlap are compared.
    by_actor: dict[str, list[ClusterEvent]] = {}
    for e in items:
        if e.start is not None and not e.background:
            for key in e.actors:
                if not key.startswith(_PLACE_PREFIX):
                    by_actor.setdefault(key, []).append(e)
    for events_of_actor in by_actor.values():
        dated = sorted(events_of_actor, key=lambda e: (e.start, e.event_id))
        for i, a in enumerate(dated):
            for b in dated[i + 1 :]:
                assert a.start is not None and b.start is not None
                if b.start > (a.end or a.start):
                    break
                if find(a.event_id) != find(b.event_id) and same_happening(a, b):
                    ra, rb = find(a.event_id), find(b.event_id)
                    parent[max(ra, rb)] = min(ra, rb)
    return {e.event_id: find(e.event_id) for e in items}


def clusters_with_copies(
    events: Sequence[ClusterEvent], copies: Iterable[Sequence[str]]
) -> dict[str, str]:
    """event_id -> cluster id: the rule's clusters joined with known copies.

    `copies` are groups of event ids that are the same mention in syndicated copies of one
    story (the warehouse's `event_copies`): one happening even when the rule cannot see it
    (undated, no actor, or dated differently from two publication dates). Clusters are the
    components of both relations, each named by its smallest event id.
    """
    links = list(cluster_events(events).items())
    links += [(ids[0], other) for ids in copies for other in ids[1:]]
    return groups_from_pairs([event.event_id for event in events], links)

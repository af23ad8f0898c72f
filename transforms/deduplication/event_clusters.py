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

Found without comparing pairs: every link needs a shared actor and the same kind, so
events are put in blocks by (actor, kind), where the kind is the specific category, the
lemma (not for statements), or the lemma and one of the agents (statements need the same
speaker). Within a block two events link exactly when their days overlap, and the
components of overlapping intervals come from one sweep in date order. Thousands of
reports of one actor on one day cost a sort, not millions of comparisons.
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
    """event_id -> cluster id for every event (a singleton is its own cluster): the
    components of `same_happening`, found block by block (module docstring)."""
    items = sorted(events, key=lambda e: e.event_id)
    links: list[tuple[str, str]] = []
    for block in _blocks(items).values():
        links.extend(_overlapping(block))
    return groups_from_pairs([e.event_id for e in items], links)


def _blocks(items: Iterable[ClusterEvent]) -> dict[tuple[str, ...], list[ClusterEvent]]:
    """The events that can link, by what a link needs them to share: two events of one
    block are the same happening exactly when their days overlap."""
    blocks: dict[tuple[str, ...], list[ClusterEvent]] = {}
    for e in items:
        if e.start is None or e.background:
            continue
        for actor in e.actors:
            if actor.startswith(_PLACE_PREFIX):
                continue
            if e.event_type not in GENERIC_TYPES:
                blocks.setdefault(("type", actor, e.event_type), []).append(e)
            if e.event_type != "STATEMENT":
                blocks.setdefault(("lemma", actor, e.lemma), []).append(e)
            for agent in e.agents:  # a statement joins its own lemma only by its speaker
                blocks.setdefault(("speaker", actor, e.lemma, agent), []).append(e)
    return blocks


def _overlapping(block: list[ClusterEvent]) -> list[tuple[str, str]]:
    """Links that connect the events of a block whose days overlap: in date order, each
    event whose first day falls within the latest-ending earlier event joins it."""
    links: list[tuple[str, str]] = []
    reach: ClusterEvent | None = None
    for e in sorted(block, key=lambda e: (e.start, e.event_id)):
        assert e.start is not None
        if reach is not None and e.start <= _last_day(reach):
            links.append((reach.event_id, e.event_id))
            if _last_day(e) > _last_day(reach):
                reach = e
        else:
            reach = e
    return links


def _last_day(e: ClusterEvent) -> date:
    assert e.start is not None
    return e.end or e.start


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

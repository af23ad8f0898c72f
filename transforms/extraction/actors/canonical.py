"""One actor per referent within a document: one type per name, short forms joined to the
full name they abbreviate, one key per actor."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, replace

from transforms.extraction.actors.lexicon import ActorLexicon
from transforms.extraction.actors.names import actor_key, fold
from transforms.model import Actor, ActorType, Mention

_VOTED: frozenset[str] = frozenset({"person", "organisation", "place"})


@dataclass(frozen=True)
class Named:
    """A name found in the text, resolved: where, as written, its canonical form and type."""

    start: int
    end: int
    written: str
    name: str
    kind: ActorType
    fixed: bool  # typed by the gazetteer (or a demonym), not by the model's label
    model_kind: str = ""


def canonicalise(named: list[Named], lex: ActorLexicon) -> tuple[list[Actor], list[Mention]]:
    """One actor per referent: one type per name, short names joined to the full name.

    The model may label one name differently in two places ("Webb" an organisation, then a
    place): the type most of its mentions have wins. A short form ("Kim") joins the full name
    ("Kim Jong Un") whose words contain it; when several full names qualify, the one mentioned
    most recently before it wins (news copy reintroduces a person by full name before using
    the short form), else the next one. A one-word name the model labelled a person or an
    organisation that is a word of a person's full name ("Jobs") is that person. Every other
    written form is kept as an alias of the actor.
    """
    ordered = sorted(_voted(named), key=lambda n: (n.start, n.end))
    people = {n.name for n in ordered if n.kind == "person" and len(n.name.split()) > 1}
    names_by_type: dict[ActorType, set[str]] = {}
    for item in ordered:
        names_by_type.setdefault(item.kind, set()).add(item.name)
    last_seen: dict[str, int] = {}
    actors: dict[str, Actor] = {}
    aliases: dict[str, dict[str, None]] = {}
    mentions: list[Mention] = []
    for item in ordered:
        kind, name = item.kind, item.name
        single = len(name.split()) == 1
        of_a_person = single and any(_abbreviates(name, p, lex) for p in people)
        if kind != "person" and of_a_person and item.model_kind in ("person", "organisation"):
            kind = "person"
        if kind == "person" and single and not item.fixed and not of_a_person:
            # One word the model called a person, and no person of the story has it for a
            # name: news copy names a person in full first, so it is a company or a brand
            # ("Boskalis said"), not a person.
            kind = "organisation"
        canonical = name
        # A name the gazetteer knows ("United Nations") is that actor, never a short form
        # of a longer one ("United Nations Interim Force").
        if kind in ("person", "organisation") and not item.fixed:
            pool = names_by_type.get(kind, set()) | (people if kind == "person" else set())
            longer = [n for n in pool if n != name and _abbreviates(name, n, lex, kind)]
            if longer:
                before = [n for n in longer if n in last_seen]
                if before:
                    canonical = max(before, key=lambda n: last_seen[n])
                else:
                    canonical = min(longer, key=lambda n: _first_start(ordered, n))
        key = actor_key(canonical, kind, lex.article_prefixes)
        actors.setdefault(key, Actor(key=key, name=canonical, type=kind))
        last_seen[canonical] = item.start
        # A demonym or a capital standing for its country is written as that country.
        text = item.name if item.name != item.written and item.fixed else item.written
        mentions.append(Mention(start=item.start, end=item.end, text=text, actor_key=key))
        for form in {text, name}:
            if form != actors[key].name:
                aliases.setdefault(key, {})[form] = None
    out = [replace(a, aliases=tuple(aliases.get(a.key, {}))) for a in actors.values()]
    return out, mentions


def _voted(named: list[Named]) -> list[Named]:
    """Each name with the type most of its mentions have (the model's labels disagree);
    names the gazetteer typed keep their type."""
    votes: dict[str, Counter[str]] = {}
    for item in named:
        if not item.fixed and item.kind in _VOTED:
            votes.setdefault(fold(item.name), Counter())[item.kind] += 1
    out: list[Named] = []
    for item in named:
        counted = votes.get(fold(item.name))
        if counted and not item.fixed and item.kind in _VOTED:
            best = max(counted.values())
            if counted[item.kind] < best:
                winner = next(k for k, n in counted.most_common() if n == best)
                item = replace(item, kind=winner)  # type: ignore[arg-type]
        out.append(item)
    return out


def _abbreviates(short: str, full: str, lex: ActorLexicon, kind: str = "person") -> bool:
    """`short` is the first or last words of `full`; a person's one-word name may also be
    any other capitalised word of the full name ("Lula" of "Luiz Inácio Lula da Silva")."""
    short_words, full_words = fold(short).split(), fold(full).split()
    if len(short_words) >= len(full_words):
        return False
    n = len(short_words)
    if full_words[:n] == short_words or full_words[-n:] == short_words:
        return True
    if kind != "person" or n != 1:
        return False
    written = full.split()
    return len(written) == len(full_words) and any(
        word == short_words[0] and original not in lex.name_particles
        for word, original in zip(full_words, written, strict=True)
    )


def _first_start(ordered: list[Named], name: str) -> int:
    return next(n.start for n in ordered if n.name == name)

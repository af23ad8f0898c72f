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
    titled: bool = False  # written after a person's title ("Mr Starmer"): a person
    # taken up by "he" or "she" ("Obama said he would"), not "it": a one-word name so taken
    # up is a person, not a company or a place
    gendered: bool = False


def canonicalise(named: list[Named], lex: ActorLexicon) -> tuple[list[Actor], list[Mention]]:
    """One actor per referent: one type per name, short names joined to the full name.

    The model may label one name differently in two places ("Webb" an organisation, then a
    place): the type most of its mentions have wins. A short form ("Kim") joins the full name
    ("Kim Jong Un") whose words contain it; when several full names qualify, the one mentioned
    most recently before it wins (news copy reintroduces a person by full name before using
    the short form), else the next one. A one-word name that is a word of a person's full
    name ("Jobs", "Witkoff") is that person, whatever the model labelled it, unless the
    gazetteer knows it ("Jordan" the country, beside "Michael Jordan"). Every other
    written form is kept as an alias of the actor.
    """
    ordered = sorted(_voted(named), key=lambda n: (n.start, n.end))
    gendered = {n.name for n in ordered if n.gendered}
    people = {n.name for n in ordered if n.kind == "person" and len(n.name.split()) > 1}
    names_by_type: dict[ActorType, set[str]] = {}
    for item in ordered:
        names_by_type.setdefault(item.kind, set()).add(item.name)
    shorter_of_person = _short_forms(people, lex, "person")
    short_forms = {
        kind: _short_forms(names_by_type.get(kind, set()) | extra, lex, kind)
        for kind, extra in (("person", people), ("organisation", set()))
    }
    first_start: dict[str, int] = {}
    for item in ordered:
        first_start.setdefault(item.name, item.start)
    last_seen: dict[str, int] = {}
    actors: dict[str, Actor] = {}
    aliases: dict[str, dict[str, None]] = {}
    mentions: list[Mention] = []
    for item in ordered:
        kind, name = item.kind, item.name
        single = len(name.split()) == 1
        of_a_person = single and any(p != name for p in shorter_of_person.get(_words(name), ()))
        if kind != "person" and (of_a_person or (single and name in gendered)) and not item.fixed:
            kind = "person"
        if (
            kind == "person"
            and single
            and not (item.fixed or item.titled or of_a_person or name in gendered)
        ):
            # One word the model called a person, untitled, that no person of the story has
            # for a name and no "he" or "she" takes up: news copy names a person in full
            # first, so it is a company or a brand ("Boskalis said it"), not a person.
            kind = "organisation"
        canonical = name
        # A name the gazetteer knows ("United Nations") is that actor, never a short form
        # of a longer one ("United Nations Interim Force").
        if kind in ("person", "organisation") and not item.fixed:
            longer = [n for n in short_forms[kind].get(_words(name), ()) if n != name]
            if longer:
                before = [n for n in longer if n in last_seen]
                if before:
                    canonical = max(before, key=lambda n: last_seen[n])
                else:
                    canonical = min(longer, key=lambda n: first_start[n])
        key = actor_key(canonical, kind, lex.article_prefixes, lex.given_names, lex.countries)
        actors.setdefault(key, Actor(key=key, name=canonical, type=kind))
        last_seen[canonical] = item.start
        mentions.append(Mention(start=item.start, end=item.end, text=item.written, actor_key=key))
        # What the gazetteer turned into another name (a demonym, a capital standing for its
        # country, "Un" read as the UN) is no alias: "Moscow" also names the city.
        forms = {name} if item.fixed and name != item.written else {item.written, name}
        for form in forms:
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


def _short_forms(names: set[str], lex: ActorLexicon, kind: str) -> dict[tuple[str, ...], list[str]]:
    """The full names each short form abbreviates, by the short form's folded words: a
    name's first or last words, fewer than all of them; a person's one-word short form may
    also be any other capitalised word of the full name ("Lula" of "Luiz Inácio Lula da
    Silva"). An index built once, so a long document's mentions are not each compared with
    every name.
    """
    forms: dict[tuple[str, ...], dict[str, None]] = {}
    for name in sorted(names):
        words, written = fold(name).split(), name.split()
        for n in range(1, len(words)):
            forms.setdefault(tuple(words[:n]), {})[name] = None
            forms.setdefault(tuple(words[-n:]), {})[name] = None
        if kind == "person" and len(words) > 1 and len(written) == len(words):
            for word, original in zip(words, written, strict=True):
                if original not in lex.name_particles:
                    forms.setdefault((word,), {})[name] = None
    return {short: list(found) for short, found in forms.items()}


def _words(name: str) -> tuple[str, ...]:
    return tuple(fold(name).split())

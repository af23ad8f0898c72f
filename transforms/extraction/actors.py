"""Actors: named entities made into one canonical actor per real-world referent.

spaCy's small model gives entity spans; the rules here (from `resources/en/actors.yaml`)
repair what it gets wrong in news copy and collapse the short forms a story uses after
the first mention ("Putin" after "Vladimir Putin") onto one actor.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass, replace
from functools import cache

from transforms.extraction.parse import Parse, Token
from transforms.model import Actor, ActorType, Mention, Span
from transforms.resources.loader import language_resources


@dataclass(frozen=True)
class ActorLexicon:
    entity_labels: dict[str, str]
    titles: tuple[tuple[str, ...], ...]  # title word sequences, longest first
    definite_articles: frozenset[str]
    possessive_endings: frozenset[str]  # as written
    place_suffixes: frozenset[str]
    country_of: dict[str, str]  # lower-cased name or alias -> canonical country
    demonyms: dict[str, str]  # lower-cased demonym -> canonical country
    not_actors: frozenset[str]
    product_patterns: tuple[re.Pattern[str], ...]
    not_products: frozenset[str]
    capitals: dict[str, str]  # lower-cased capital -> country it stands for as a subject
    organisation_anaphors: frozenset[str]


@cache
def lexicon(language: str = "en") -> ActorLexicon:
    data = language_resources(language).actors
    country_of: dict[str, str] = {}
    for name, aliases in data["countries"].items():
        for alias in [name, *(aliases or [])]:
            country_of[alias.lower()] = name
    titles = sorted((tuple(t.split()) for t in data["titles"]), key=len, reverse=True)
    return ActorLexicon(
        entity_labels=dict(data["entity_labels"]),
        titles=tuple(titles),
        definite_articles=frozenset(w.lower() for w in data["definite_articles"]),
        possessive_endings=frozenset(data["possessive_endings"]),
        place_suffixes=frozenset(w.lower() for w in data["place_suffixes"]),
        country_of=country_of,
        demonyms={k.lower(): v for k, v in data["demonyms"].items()},
        not_actors=frozenset(n.lower() for n in data["not_actors"]),
        product_patterns=tuple(re.compile(rule["pattern"]) for rule in data["product_patterns"]),
        not_products=frozenset(n.lower() for n in data["not_products"]),
        capitals={k.lower(): v for k, v in data["capitals"].items()},
        organisation_anaphors=frozenset(w.lower() for w in data["organisation_anaphors"]),
    )


@dataclass(frozen=True)
class _Candidate:
    first: int  # token range, inclusive
    last: int
    kind: str  # person, organisation, place, geo, demonym


def actor_key(name: str, actor_type: ActorType) -> str:
    """A key stable across documents: the same name and type always give the same key."""
    folded = re.sub(r"\s+", " ", name).strip().lower()
    return f"{actor_type}:{folded}"


def find_actors(
    parse: Parse, content: tuple[Span, ...], language: str = "en"
) -> tuple[list[Actor], list[Mention]]:
    """Actors named in the content spans of a parsed document, and every mention of them."""
    lex = lexicon(language)
    tokens = parse.tokens
    candidates = _candidates(parse, lex)
    resolved: list[tuple[int, int, str, ActorType]] = []  # start, end, surface name, type
    for cand in candidates:
        words = _strip_title(list(tokens[cand.first : cand.last + 1]), lex)
        words = _strip_edges(words, lex)
        if not words:
            continue
        start, end = words[0].start, words[-1].end
        if not _inside(start, end, content):
            continue
        surface = _surface(words)
        if surface.lower() in lex.not_actors or _is_product(surface, lex):
            continue
        kind = cand.kind
        if kind in ("geo", "place") and surface.lower() in lex.capitals and _acts(parse, words):
            resolved.append((start, end, lex.capitals[surface.lower()], "country"))
            continue
        if kind == "demonym":
            country = lex.demonyms.get(surface.lower())
            if country is None:
                continue
            resolved.append((start, end, country, "country"))
        elif kind == "geo":
            country = lex.country_of.get(surface.lower())
            if country is not None:
                resolved.append((start, end, country, "country"))
            else:
                resolved.append((start, end, surface, "place"))
        elif kind == "organisation" and surface.lower() in lex.country_of:
            resolved.append((start, end, lex.country_of[surface.lower()], "country"))
        else:
            resolved.append((start, end, surface, kind))  # type: ignore[arg-type]
    resolved.extend(_anaphors(parse, content, resolved, lex))
    return _canonicalise(resolved)


def _is_product(surface: str, lex: ActorLexicon) -> bool:
    """ "iPhone", "iTunes Store": a product name by its shape, not an actor."""
    if surface.lower() in lex.not_products:
        return False
    return any(p.match(surface) for p in lex.product_patterns)


def _acts(parse: Parse, words: list[Token]) -> bool:
    """The name is the subject of a verb (or coordinated with one that is)."""
    last = words[-1]
    dep = last.dep
    if dep == "conj":
        dep = parse.tokens[last.head].dep
    return dep in ("nsubj", "nsubjpass")


def _anaphors(
    parse: Parse,
    content: tuple[Span, ...],
    resolved: list[tuple[int, int, str, ActorType]],
    lex: ActorLexicon,
) -> list[tuple[int, int, str, ActorType]]:
    """ "the company" -> the organisation named before it, so its events are that
    organisation's: the last one that was a sentence's subject, else the last one named."""
    out: list[tuple[int, int, str, ActorType]] = []
    organisations = sorted(
        (s, n, _is_subject_at(parse, s)) for s, _, n, k in resolved if k == "organisation"
    )
    if not organisations:
        return out
    # For each k, the last organisation among the first k that was a subject (prefix
    # scans would make a long document's anaphors quadratic).
    starts = [s for s, _, _ in organisations]
    last_subject: list[str | None] = [None]
    for _, name, subject in organisations:
        last_subject.append(name if subject else last_subject[-1])
    for tok in parse.tokens:
        if tok.i == 0 or tok.text.lower() not in lex.organisation_anaphors or tok.pos != "NOUN":
            continue
        det = parse.tokens[tok.i - 1]
        if det.text.lower() not in lex.definite_articles or det.head != tok.i:
            continue
        if not _inside(det.start, tok.end, content):
            continue
        before = bisect_left(starts, det.start)  # organisations named before it
        if before:  # the last organisation that was a subject, else the last one
            name = last_subject[before] or organisations[before - 1][1]
            out.append((det.start, tok.end, name, "organisation"))
    return out


def _is_subject_at(parse: Parse, start: int) -> bool:
    return any(t.dep in ("nsubj", "nsubjpass") for t in parse.tokens_from(start, 4))


def _candidates(parse: Parse, lex: ActorLexicon) -> list[_Candidate]:
    """Entity spans relabelled by the lexicon, plus the names the model is known to miss."""
    tokens = parse.tokens
    taken = [False] * len(tokens)
    out: list[_Candidate] = []

    def add(first: int, last: int, kind: str) -> None:
        for i in range(first, last + 1):
            taken[i] = True
        out.append(_Candidate(first, last, kind))

    for ent in parse.entities:
        after = tokens[ent.last + 1] if ent.last + 1 < len(tokens) else None
        if (
            after is not None
            and after.text.lower() in lex.place_suffixes
            and _is_name(tokens[ent.last])
        ):
            add(ent.first, ent.last, "place")
            continue
        kind = lex.entity_labels.get(ent.label)
        if kind is None:
            continue
        add(ent.first, ent.last, kind)

    # Proper-noun runs the model left out: after a possessive ("China's Xi Jinping") or a
    # title ("President Moon Jae-in"), two or more capitalised words are a person's name;
    # before a place word ("Kursk region") they are a place.
    i = 0
    while i < len(tokens):
        if taken[i] or not _is_name(tokens[i]):
            i += 1
            continue
        j = i
        while j + 1 < len(tokens) and not taken[j + 1] and _is_name(tokens[j + 1]):
            j += 1
        before = tokens[i - 1] if i > 0 else None
        after = tokens[j + 1] if j + 1 < len(tokens) else None
        if after is not None and after.text.lower() in lex.place_suffixes:
            add(i, j, "place")
        elif (
            j > i
            and before is not None
            and (before.text in lex.possessive_endings or _ends_title(tokens, i, lex))
        ):
            add(i, j, "person")
        i = j + 1
    # A mislabelled entity that overlaps a relabelled span is dropped by the overlap filter.
    out.sort(key=lambda c: (c.first, -(c.last - c.first)))
    kept: list[_Candidate] = []
    for cand in out:
        if kept and cand.first <= kept[-1].last:
            continue
        kept.append(cand)
    return kept


def _is_name(tok: Token) -> bool:
    return tok.pos == "PROPN" and tok.text[:1].isupper()


def _ends_title(tokens: tuple[Token, ...], i: int, lex: ActorLexicon) -> bool:
    for title in lex.titles:
        n = len(title)
        if i - n >= 0 and tuple(t.text for t in tokens[i - n : i]) == title:
            return True
    return False


def _strip_title(words: list[Token], lex: ActorLexicon) -> list[Token]:
    for title in lex.titles:
        n = len(title)
        if len(words) > n and tuple(w.text for w in words[:n]) == title:
            return words[n:]
    return words


def _strip_edges(words: list[Token], lex: ActorLexicon) -> list[Token]:
    """Drop articles, possessive endings and punctuation the entity span swallowed."""
    while words and (words[0].text.lower() in lex.definite_articles or words[0].pos == "PUNCT"):
        words = words[1:]
    while words and (words[-1].text in lex.possessive_endings or words[-1].pos == "PUNCT"):
        words = words[:-1]
    return words


def _surface(words: list[Token]) -> str:
    parts: list[str] = []
    for prev, word in zip([None, *words[:-1]], words, strict=True):
        if prev is not None and prev.end < word.start:
            parts.append(" ")
        parts.append(word.text)
    return "".join(parts)


def _inside(start: int, end: int, content: tuple[Span, ...]) -> bool:
    return any(s.start <= start and end <= s.end for s in content)


def _canonicalise(
    resolved: list[tuple[int, int, str, ActorType]],
) -> tuple[list[Actor], list[Mention]]:
    """One actor per referent: short person names join the full name they abbreviate.

    A short form ("Kim") joins the full name ("Kim Jong Un") whose words contain it; when
    several full names qualify, the one mentioned most recently before it wins (news copy
    reintroduces a person by full name before using the short form), else the next one.
    A one-word "organisation" that is a person's surname ("Jobs", mislabelled by the
    model) is that person. Every other written form is kept as an alias of the actor.
    """
    names_by_type: dict[ActorType, set[str]] = {}
    for _, _, name, kind in resolved:
        names_by_type.setdefault(kind, set()).add(name)
    longer_names = {
        kind: _longer_forms(names_by_type.get(kind, set())) for kind in ("person", "organisation")
    }
    last_seen: dict[str, int] = {}
    actors: dict[str, Actor] = {}
    aliases: dict[str, dict[str, None]] = {}
    mentions: list[Mention] = []
    ordered = sorted(resolved)
    first_start: dict[str, int] = {}
    for start, _, name, _ in ordered:
        first_start.setdefault(name, start)
    for start, end, name, kind in ordered:
        if (
            kind == "organisation"
            and len(name.split()) == 1
            and longer_names["person"].get(tuple(name.split()))
        ):
            kind = "person"
        canonical = name
        if kind in ("person", "organisation"):
            longer = longer_names[kind].get(tuple(name.split()), ())
            if longer:
                before = [n for n in longer if n in last_seen]
                if before:
                    canonical = max(before, key=lambda n: last_seen[n])
                else:
                    canonical = min(longer, key=lambda n: first_start[n])
        key = actor_key(canonical, kind)
        actors.setdefault(key, Actor(key=key, name=canonical, type=kind))
        last_seen[canonical] = start
        mentions.append(Mention(start=start, end=end, text=name, actor_key=key))
        if name != canonical:
            aliases.setdefault(key, {})[name] = None
    out = [replace(a, aliases=tuple(aliases.get(a.key, {}))) for a in actors.values()]
    return out, mentions


def _longer_forms(names: set[str]) -> dict[tuple[str, ...], list[str]]:
    """The names each short form abbreviates, by the short form's words: a name's first or
    last words, fewer than all of them ("Kim" and "Jong Un" of "Kim Jong Un").

    An index built once, so a document's mentions are not each compared with every name.
    """
    forms: dict[tuple[str, ...], dict[str, None]] = {}
    for name in sorted(names):
        words = tuple(name.split())
        for n in range(1, len(words)):
            forms.setdefault(words[:n], {})[name] = None
            forms.setdefault(words[-n:], {})[name] = None
    return {short: list(found) for short, found in forms.items()}

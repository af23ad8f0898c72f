"""Actors: named entities made into one canonical actor per real-world referent.

spaCy's small model gives entity spans; the rules here repair what it gets wrong in news copy
(`candidates`), type each name by the gazetteer before the model's label (`lexicon`: the
world's countries, capitals, places and organisations as data), give variant spellings one
name and one key (`names`), and collapse the short forms a story uses after the first mention
("Putin" after "Vladimir Putin") onto one actor (`canonical`). Across documents the warehouse
does the same (`warehouse/models/staging/actor_canonical.sql`).

A mention names an actor. "The company" refers back to one without naming it: such
references are returned apart, for the events' participants, and are neither mentions nor
aliases of the actor.
"""

from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass, replace

from transforms.extraction.actors.candidates import (
    candidates,
    ends_title,
    honoured,
    strip_edges,
    strip_title,
    surface,
)
from transforms.extraction.actors.canonical import Named, canonicalise
from transforms.extraction.actors.lexicon import ActorLexicon, lexicon
from transforms.extraction.actors.names import actor_key, fold, respelled
from transforms.extraction.parse import Parse, Token
from transforms.model import Actor, ActorType, Mention, Span

__all__ = ["FoundActors", "actor_key", "find_actors", "lexicon"]


@dataclass(frozen=True)
class FoundActors:
    actors: list[Actor]
    mentions: list[Mention]  # spans that name an actor
    references: list[Mention]  # spans that refer back to one ("the company")


def find_actors(parse: Parse, content: tuple[Span, ...], language: str = "en") -> FoundActors:
    """Actors named in the content spans of a parsed document, every mention of them, and
    the phrases that refer back to them."""
    lex = lexicon(language)
    tokens = parse.tokens
    named: list[Named] = []
    describing: list[tuple[int, int, str]] = []
    # Names the document shows to be organisations, whatever the model labelled their other
    # mentions: written once with a legal form ("Transocean Ltd"), or called a place by the
    # model yet doing something.
    organisations: set[str] = set()
    # A storm's name is no actor in any mention of the story, its title beside it or not.
    storms = _storms(tokens, lex)
    storm_names = {tokens[i].text for i in storms}
    for cand in candidates(parse, lex):
        words = list(tokens[cand.first : cand.last + 1])
        if words[-1].i in storms and len(words) - 1 <= storms[words[-1].i]:
            continue  # "Tropical Storm Alex", "Storm Alex", "Alex" after "hurricane"
        # A title is a person's: stripped from a person's name ("President Putin"), never
        # from another entity ("General Motors", "Prince Edward Island"); the name after
        # one is a person's whatever the model labelled it ("Dr Fauci" an ORG), and after
        # an honorific whatever else the word names ("Mr Hague" no city).
        by_honorific = honoured(tokens, words, lex)
        untitled = strip_title(words, lex) if cand.kind == "person" or by_honorific else words
        titled = len(untitled) < len(words) or ends_title(tokens, cand.first, lex.titles)
        words = strip_edges(untitled, lex, tokens, organisation=cand.kind == "organisation")
        if not words:
            continue
        start, end = words[0].start, words[-1].end
        if not _inside(start, end, content):
            continue
        written = surface(words)
        if _not_an_actor(written, lex):
            continue
        acts = _acts(parse, words)
        resolved = _resolve(written, cand.kind, acts, lex, by_honorific)
        if resolved is not None and resolved[1] == "organisation" and _describes(parse, words):
            describing.append((start, end, written))
            continue
        if resolved is not None:
            name, kind, fixed, incorporated = resolved
            if titled and not fixed:
                kind = "person"
            if incorporated or (cand.kind == "geo" and not fixed and _does(parse, words, lex)):
                organisations.add(name)
            # (not a name the model called an organisation: "the Senate said he" tells of
            # someone else more often than of the Senate)
            gendered = (
                cand.kind != "organisation"
                and not fixed
                and acts
                and _taken_up_as_he_or_she(parse, words, lex)
            )
            named.append(Named(start, end, written, name, kind, fixed, titled, gendered))
    # A place never acts unless it stands for a government (the gazetteer's capitals): a
    # name the model called a place that does what only people and organisations do
    # ("Halliburton said") is an organisation, in every mention; so is a name the story
    # once gave its legal form ("Transocean Ltd"), where the model called the rest places.
    named = [
        replace(n, kind="organisation") if n.name in organisations and not n.fixed else n
        for n in named
        if n.name not in storm_names
    ]
    actors, mentions = canonicalise(_spelled_out(named, tokens), lex)
    references = _anaphors(parse, content, mentions, lex) + _described_by(describing, mentions)
    return FoundActors(actors, mentions, sorted(references, key=lambda m: m.start))


def _spelled_out(named: list[Named], tokens: tuple[Token, ...]) -> list[Named]:
    """An acronym a story defines ("the Environmental Protection Agency (EPA)") names what
    it spells out, in every mention of the story: "EPA" is an alias of the agency, not an
    actor of its own. Defined means in brackets right after the name, its letters the
    initials of the name's capitalised words ("Minerals Management Service (MMS)"). One
    the story spells out in common words ("a blowout preventer (BOP)") names a thing: no
    actor in any mention."""
    ends = {n.end: n for n in named if n.kind == "organisation" and " " in n.name}
    defined: dict[str, Named] = {}
    things: set[str] = set()
    for i in range(1, len(tokens) - 2):
        bracketed = tokens[i + 1].text
        if tokens[i].text != "(" or tokens[i + 2].text != ")" or not bracketed.isupper():
            continue
        if tokens[i - 1].end in ends:
            full = ends[tokens[i - 1].end]
            initials = "".join(w[0] for w in full.name.split() if w[:1].isupper())
            if bracketed == initials:
                defined[bracketed] = full
        elif _common_words_abbreviated(bracketed, tokens[max(0, i - 2 * len(bracketed)) : i]):
            things.add(bracketed)
    if not defined and not things:
        return named
    return [
        replace(n, name=defined[n.name].name, kind=defined[n.name].kind)
        if n.name in defined and not n.fixed
        else n
        for n in named
        if n.fixed or n.name not in things
    ]


def _common_words_abbreviated(acronym: str, before: tuple[Token, ...]) -> bool:
    """Whether the lower-case words right before a bracketed acronym spell it out ("a
    blowout preventer (BOP)", "remotely operated vehicle (ROV)"): a thing, named by common
    words, not an actor. The match is Schwartz and Hearst's (2003): the acronym's letters
    in order, the first opening a word, read from the end of the words back."""
    words = [t.text for t in before]
    text = " ".join(words).lower()
    letters = acronym.lower()
    at = len(text) - 1
    for index in range(len(letters) - 1, -1, -1):
        letter = letters[index]
        while at >= 0 and (
            text[at] != letter or (index == 0 and at > 0 and text[at - 1].isalnum())
        ):
            at -= 1
        if at < 0:
            return False
        at -= 1
    spelled = text[at + 1 :].split()
    return len(spelled) > 1 and all(word.islower() for word in words[len(words) - len(spelled) :])


def _storms(tokens: tuple[Token, ...], lex: ActorLexicon) -> dict[int, int]:
    """Where the text names a storm: the index of each name right after a storm's title
    ("Tropical Storm Alex", "hurricane Alex"), with the title's length in words, whether or
    not the model saw an entity there. A name is one capitalised word, not one that follows
    a storm's title in other names ("Hurricane Center") nor a place the gazetteer knows
    ("the hurricane Louisiana feared")."""
    texts = [t.text for t in tokens]
    found: dict[int, int] = {}
    for i, name in enumerate(texts):
        if not name.isalpha() or not name[0].isupper() or name in lex.storm_not_names:
            continue
        title = next(
            (t for t in lex.storm_titles if tuple(texts[max(0, i - len(t)) : i]) == t), None
        )
        if title is not None and fold(name) not in lex.known:
            found[i] = len(title)
    return found


def _described_by(describing: list[tuple[int, int, str]], mentions: list[Mention]) -> list[Mention]:
    """The names used to describe a noun ("the Acme website") refer to the actor the story
    names with the same words elsewhere: participants of the events around them, not
    mentions (annotators count them apart, as premodifiers)."""
    key_of = {m.text: m.actor_key for m in mentions}
    return [
        Mention(start=start, end=end, text=written, actor_key=key_of[written])
        for start, end, written in describing
        if written in key_of
    ]


def _not_an_actor(written: str, lex: ActorLexicon) -> bool:
    """News agencies' credits, product names ("iPhone") and tickers ("ACME.O")."""
    if written.lower() in lex.not_actors:
        return True
    if any(p.match(written) for p in lex.not_actor_patterns):
        return True
    return written.lower() not in lex.not_products and any(
        p.match(written) for p in lex.product_patterns
    )


def _resolve(
    written: str, model_kind: str, acts: bool, lex: ActorLexicon, by_honorific: bool = False
) -> tuple[str, ActorType, bool, bool] | None:
    """A name's canonical form, its type, whether the gazetteer fixed it and whether it was
    written with a company's legal form; None when it is no actor. A company's legal form
    is no word of its name ("BP Plc" is BP; "Alabama AG" is not Alabama) and makes it an
    organisation. A name after an honorific is a person's; else the gazetteer comes before
    the model's label; then the name's last word ("Canal Authority", "Union Station"); then
    the label."""
    if model_kind == "demonym" or written.lower() in lex.demonyms:
        # A demonym the model took for a place too ("Ukrainian officials", a GPE).
        country = lex.demonyms.get(written.lower())
        return (country, "country", True, False) if country else None
    name, incorporated = _legal_form_off(respelled(written, lex.names, lex.spellings), lex)
    if not name:
        return None  # "LLC" alone
    if by_honorific:
        return (name, "person", False, False) if _written_as_a_name(name.split(), lex) else None
    known = lex.known.get(fold(name))
    if known is not None:
        if known.kind == "capital":
            # A capital that acts stands for its government ("Moscow said": Russia).
            if acts and known.stands_for and known.stands_for_kind:
                return known.stands_for, known.stands_for_kind, True, False
            return known.name, "place", True, False
        return known.name, known.kind, True, False
    words = name.split()
    if incorporated or (len(words) > 1 and words[-1] in lex.organisation_words):
        return name, "organisation", False, incorporated
    if len(words) > 1 and words[-1] in lex.place_words:
        return name, "place", False, False
    if model_kind == "geo":
        return name, "place", False, False
    if model_kind == "person" and not _written_as_a_name(words, lex):
        return None  # "Covid-19 vaccine", a misspelt lower-case phrase
    return name, model_kind, False, False  # type: ignore[return-value]


def _legal_form_off(name: str, lex: ActorLexicon) -> tuple[str, bool]:
    """The name without a company's legal form, and whether it ended in one ("BP Plc":
    "BP", True). After a place the form stays a word of the name ("Alabama AG", an
    attorney general's office, not Alabama)."""
    *company, last = name.split()
    if last not in lex.corporate_suffixes:
        return name, False
    bare = " ".join(company).rstrip(",")
    place = lex.known.get(fold(bare)) if bare else None
    if place is not None and place.kind in ("place", "country", "capital"):
        return name, True
    return bare, True


def _written_as_a_name(words: list[str], lex: ActorLexicon) -> bool:
    """Every word of a person's name is capitalised, but its particles ("von der")."""
    return all(
        word in lex.name_particles or (word[:1].isupper() and not any(c.isdigit() for c in word))
        for word in words
    )


def _describes(parse: Parse, words: list[Token]) -> bool:
    """An organisation's name used to describe a common noun after it ("the Acme website",
    "500 Acme engineers", "Acme CEO Jane Doe"): a premodifier, not a mention of its own."""
    last = words[-1]
    if last.dep != "compound" or last.head == last.i:
        return False
    head = parse.tokens[last.head]
    return head.pos == "NOUN" and head.i > last.i


# How far after a name its pronoun is looked for, in tokens.
_PRONOUN_REACH = 25


def _taken_up_as_he_or_she(parse: Parse, words: list[Token], lex: ActorLexicon) -> bool:
    """The first personal pronoun after the name in its sentence is "he" or "she" (not "it"):
    "Obama said he would", "Boskalis said it would". Asked of a subject only: a place the
    model called a person is seldom the subject ("born in Rhayader, he ...")."""
    last = words[-1]
    for tok in parse.tokens[last.i + 1 : last.i + 1 + _PRONOUN_REACH]:
        if tok.sent != last.sent:
            break
        kind = lex.pronouns.get(tok.text.lower())
        if kind is not None and tok.pos == "PRON":
            return kind == "person"
    return False


def _does(parse: Parse, words: list[Token], lex: ActorLexicon) -> bool:
    """The name is the subject of one of `doing_verbs` in the active voice ("Halliburton
    said"; not "Smallville lies on the river"), and not a place written with its region
    ("Everett, Massachusetts, Prof Doe says", where the parser takes the town for the
    subject)."""
    last = words[-1]
    after = parse.tokens[last.i + 1 : last.i + 3]
    if len(after) == 2 and after[0].text == "," and after[1].text[:1].isupper():
        return False
    subject = _subject(parse, words)
    verb = parse.tokens[subject.head]
    return subject.dep == "nsubj" and verb.lemma.lower() in lex.doing_verbs


def _subject(parse: Parse, words: list[Token]) -> Token:
    """The token that stands for the name in its clause: its last word, or the name it is
    coordinated with ("Exxon and Halliburton said")."""
    last = words[-1]
    return parse.tokens[last.head] if last.dep == "conj" else last


def _acts(parse: Parse, words: list[Token]) -> bool:
    """The name is the subject of a verb (or coordinated with one that is)."""
    return _subject(parse, words).dep in ("nsubj", "nsubjpass")


def _anaphors(
    parse: Parse, content: tuple[Span, ...], mentions: list[Mention], lex: ActorLexicon
) -> list[Mention]:
    """ "the company" -> the organisation named before it, so its events are that
    organisation's: the last one that was a sentence's subject, else the last one named."""
    out: list[Mention] = []
    organisations = sorted(
        (m.start, m.actor_key, _is_subject_at(parse, m.start))
        for m in mentions
        if m.actor_key.startswith("organisation:")
    )
    if not organisations:
        return out
    # For each k, the last organisation among the first k that was a subject (scanning
    # the organisations before each anaphor made a long document's anaphors quadratic).
    starts = [s for s, _, _ in organisations]
    last_subject: list[str | None] = [None]
    for _, key, subject in organisations:
        last_subject.append(key if subject else last_subject[-1])
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
            key = last_subject[before] or organisations[before - 1][1]
            text = surface(parse.tokens_in(det.start, tok.end))
            out.append(Mention(start=det.start, end=tok.end, text=text, actor_key=key))
    return out


def _is_subject_at(parse: Parse, start: int) -> bool:
    return any(t.dep in ("nsubj", "nsubjpass") for t in parse.tokens_from(start, 4))


def _inside(start: int, end: int, content: tuple[Span, ...]) -> bool:
    return any(s.start <= start and end <= s.end for s in content)

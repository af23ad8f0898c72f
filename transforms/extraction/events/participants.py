"""Participants: the actors in an event's arguments, each with its role."""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterable, Iterator

from transforms.extraction.events.lexicon import EventLexicon
from transforms.extraction.parse import Parse, Token
from transforms.model import Mention, Participant, Role

# Dependencies that open a new clause: an argument's actors stop there.
CLAUSE_DEPS = frozenset(
    {"relcl", "acl", "advcl", "ccomp", "xcomp", "conj", "parataxis", "csubj", "appos"}
)


SUBJECT_DEPS = frozenset({"nsubj", "csubj"})


ARGUMENT_ROLE: dict[str, Role] = {
    "nsubj": "agent",
    "nsubjpass": "patient",
    "dobj": "patient",
    "obj": "patient",
    "attr": "patient",
    "dative": "recipient",
    "prep": "other",
    "agent": "agent",
    "npadvmod": "other",
}


_NOMINAL_ROLE: dict[str, Role] = {"poss": "agent", "compound": "patient", "amod": "agent"}


class MentionsByOffset:
    """A document's mentions in text order, found by character range with a binary search
    (comparing every event with every mention made long documents quadratic)."""

    def __init__(self, mentions: Iterable[Mention]) -> None:
        self._mentions = sorted(mentions, key=lambda m: m.start)
        self._starts = [m.start for m in self._mentions]

    def within(self, lo: int, hi: int) -> Iterator[Mention]:
        """The mentions lying wholly inside [lo, hi), in text order."""
        for i in range(bisect_left(self._starts, lo), len(self._mentions)):
            mention = self._mentions[i]
            if mention.start >= hi:
                break
            if mention.end <= hi:
                yield mention


def find_participants(
    parse: Parse, clause: Token, trigger: Token, mentions: MentionsByOffset, lex: EventLexicon
) -> list[Participant]:
    """Actors in the predicate's arguments, each with its role.

    A verb's subject is its agent (coordinated and controlled verbs share their head's
    subject); objects are patients; a dative is the recipient. Inside a prepositional
    argument the preposition nearest the actor decides: "to" someone is a recipient, "in"
    a place its location (`preposition_roles` in events.yaml). An event noun's possessor
    is its agent ("North Korea's deployment"), its "of" object its patient.
    """
    args: list[tuple[Token, Role]] = []
    if trigger.pos == "VERB":
        for child in parse.children(trigger.i):
            role = ARGUMENT_ROLE.get(child.dep)
            if role is None:
                continue
            passive_agent = child.text.lower() in lex.passive_agent_prepositions
            if child.dep == "prep" and passive_agent and trigger.tag == "VBN":
                role = "agent"
            if child.dep == "dobj" and _inverted_speaker(parse, trigger, child, lex):
                role = "agent"
            args.append((child, role))
        if trigger.dep == "acl" and trigger.tag == "VBN":  # "a general blacklisted by Seoul"
            args.append((parse.tokens[trigger.head], "patient"))
    else:
        for child in parse.children(trigger.i):
            if child.dep in ("poss", "compound", "amod"):
                args.append((child, _NOMINAL_ROLE[child.dep]))
            elif child.dep == "prep":
                role: Role = lex.noun_preposition_roles.get(child.text.lower(), "other")
                args.append((child, role))
        if clause.i != trigger.i:  # "Kim made a visit": the light verb's arguments
            for child in parse.children(clause.i):
                role = ARGUMENT_ROLE.get(child.dep)
                if role is not None and child.i != trigger.i:
                    args.append((child, role))
        else:
            args.extend(_host_subject(parse, trigger, lex))
    if not any(c.dep in SUBJECT_DEPS for c, _ in args) and clause.pos == "VERB":
        subject = _inherited_subject(parse, clause)
        if subject is not None:
            args.append((subject, "agent"))
    out: list[Participant] = []
    seen: set[tuple[str, str]] = set()
    for arg, role in args:
        if _starts_attribution(arg, lex):  # the source of a claim is not a participant
            continue
        tokens = argument_tokens(parse, arg.i, keep_appos=True)
        lo, hi = tokens[0].start, tokens[-1].end
        if arg.i == parse.tokens[trigger.head].i and trigger.dep == "acl":
            lo, hi = _noun_phrase(parse, arg)
        for m in mentions.within(lo, hi):
            if _inside(m, trigger):
                continue
            final = _role_by_preposition(parse, m, arg, role, lex)
            if final == "agent" and _place_speaking(m, trigger, lex):
                final = "other"
            if (m.actor_key, final) not in seen:
                seen.add((m.actor_key, final))
                out.append(Participant(m.actor_key, final, m.start, m.end))
    return out


_CLOSING_QUOTES = frozenset({'"', "”", "''", "’"})


def _inverted_speaker(parse: Parse, verb: Token, obj: Token, lex: EventLexicon) -> bool:
    """ "“Coming home,” posted Rohit Sharma on Instagram": after a quotation the speaker
    follows the verb of saying, and the model, finding no subject, reads him as its
    object."""
    if verb.lemma.lower() not in lex.reporting or verb.i == 0 or obj.i < verb.i:
        return False
    if parse.tokens[verb.i - 1].text not in _CLOSING_QUOTES:
        return False
    subjects = SUBJECT_DEPS | {"nsubjpass"}
    return obj.pos == "PROPN" and not any(c.dep in subjects for c in parse.children(verb.i))


def _place_speaking(mention: Mention, trigger: Token, lex: EventLexicon) -> bool:
    """A place never says or announces anything: "Kansas City said" is the model reading a
    team or a dateline as a city. A capital that acts already stands for its government
    ("Moscow said" is Russia, a country), so it is not a place here."""
    return mention.actor_key.startswith("place:") and trigger.lemma.lower() in lex.reporting


def argument_tokens(parse: Parse, i: int, *, keep_appos: bool = False) -> list[Token]:
    """An argument's words: its subtree up to clause boundaries, coordinated nouns kept
    ("Pyongyang and Moscow have denied" has two agents), coordinated verbs not."""
    out: list[Token] = []
    stack = [parse.tokens[i]]
    while stack:
        tok = stack.pop()
        out.append(tok)
        for child in parse.children(tok.i):
            noun_conj = child.dep == "conj" and child.pos != "VERB"
            if noun_conj or (child.dep == "appos" and keep_appos) or child.dep not in CLAUSE_DEPS:
                stack.append(child)
    return sorted(out, key=lambda t: t.i)


def _starts_attribution(tok: Token, lex: EventLexicon) -> bool:
    return any(marker[0] == tok.text.lower() for marker in lex.attribution_markers)


def _inside(mention: Mention, tok: Token) -> bool:
    return mention.start <= tok.start and tok.end <= mention.end


def _noun_phrase(parse: Parse, noun: Token) -> tuple[int, int]:
    """A noun's own phrase and, for an apposition, the phrase it renames."""
    tokens = parse.subtree(noun.i, stop_deps=CLAUSE_DEPS)
    lo, hi = tokens[0].start, tokens[-1].end
    if noun.dep == "appos":
        head = parse.tokens[noun.head]
        more = parse.subtree(head.i, stop_deps=CLAUSE_DEPS)
        lo, hi = min(lo, more[0].start), max(hi, more[-1].end)
    return lo, hi


def _host_subject(parse: Parse, noun: Token, lex: EventLexicon) -> list[tuple[Token, Role]]:
    """ "Russia is marking the day with a parade": the parade is Russia's."""
    head = parse.tokens[noun.head]
    if noun.dep != "pobj" or head.text.lower() not in lex.host_prepositions or head.head == head.i:
        return []
    verb = parse.tokens[head.head]
    if verb.pos != "VERB":
        return []
    return [(c, "agent") for c in parse.children(verb.i) if c.dep in SUBJECT_DEPS]


def _role_by_preposition(
    parse: Parse, mention: Mention, arg: Token, role: Role, lex: EventLexicon
) -> Role:
    """The role of an actor inside an argument: the nearest preposition above it decides."""
    covered = parse.tokens_in(mention.start, mention.end)
    if not covered:
        return role
    current = covered[-1]
    for _ in range(12):
        if current.pos == "ADP" and current.dep in ("prep", "agent"):
            mapped = lex.preposition_roles.get(current.text.lower())
            if current.dep == "agent":
                return "agent"
            if mapped is not None:
                return mapped
            if current.i == arg.i:
                return role
            return "other" if role in ("agent", "patient") and current.i != arg.i else role
        if current.i == arg.i or current.head == current.i:
            break
        current = parse.tokens[current.head]
    return role


def _inherited_subject(parse: Parse, verb: Token) -> Token | None:
    """ "Kim made a visit ... and reaffirmed": the second verb's subject is the first's."""
    current = verb
    for _ in range(4):
        if current.dep not in ("conj", "xcomp") or current.head == current.i:
            return None
        current = parse.tokens[current.head]
        for child in parse.children(current.i):
            if child.dep in SUBJECT_DEPS:
                return child
    return None

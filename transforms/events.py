"""Events: one per predicate that has an actor or a time expression, dated by rule.

A predicate is a verb, or an event noun that a light verb governs ("made a rare visit" is
a visit). Participants come from the predicate's arguments in the dependency parse, and
the date from the best time expression available, recording which one and why.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import date
from functools import cache

from transforms.lexicons import load_resource
from transforms.model import Event, EventDate, Mention, Participant, Role, Span, Timex
from transforms.parse import Parse, Token
from transforms.timex import interval

# Dependencies that open a new clause: an argument's actors stop there.
CLAUSE_DEPS = frozenset({"relcl", "acl", "advcl", "ccomp", "xcomp", "conj", "parataxis", "csubj"})
SUBJECT_DEPS = frozenset({"nsubj", "csubj"})
OBJECT_ROLE: dict[str, Role] = {
    "nsubj": "agent",
    "nsubjpass": "patient",
    "dobj": "patient",
    "obj": "patient",
    "attr": "patient",
    "dative": "other",
    "prep": "other",
    "agent": "agent",
    "npadvmod": "other",
}
DATE_TYPES = frozenset({"DATE", "TIME"})


@dataclass(frozen=True)
class EventLexicon:
    reporting: frozenset[str]
    light_verbs: frozenset[str]
    event_nouns: frozenset[str]
    not_events: frozenset[str]
    category_of: dict[str, str]


@cache
def lexicon(language: str = "en") -> EventLexicon:
    data = load_resource(language, "events.yaml")
    category_of: dict[str, str] = {}
    for category, lemmas in data["categories"].items():
        for lemma in lemmas:
            category_of.setdefault(lemma, category)
    return EventLexicon(
        reporting=frozenset(data["reporting_verbs"]),
        light_verbs=frozenset(data["light_verbs"]),
        event_nouns=frozenset(data["event_nouns"]),
        not_events=frozenset(data["not_events"]),
        category_of=category_of,
    )


def event_id(doc_id: str, start: int, end: int, extractor_version: str) -> str:
    """Stable across re-runs of the same extractor; changes when the rules change."""
    raw = f"{doc_id}:{start}:{end}:{extractor_version}".encode()
    return hashlib.sha256(raw).hexdigest()[:24]


def find_events(
    *,
    doc_id: str,
    parse: Parse,
    content: tuple[Span, ...],
    timexes: list[Timex],
    mentions: list[Mention],
    dct: date | None,
    extractor_version: str,
    language: str = "en",
) -> list[Event]:
    lex = lexicon(language)
    events: list[Event] = []
    timexes_by_sentence = _group_by_sentence(parse, timexes)
    for tok in parse.tokens:
        if tok.pos != "VERB" or tok.lemma.lower() in lex.not_events or tok.sent < 0:
            continue
        if not any(s.start <= tok.start and tok.end <= s.end for s in content):
            continue
        trigger = _nominal_trigger(parse, tok, lex) or tok
        participants = _participants(parse, tok, trigger, mentions)
        sentence_timexes = timexes_by_sentence.get(tok.sent, [])
        when = _date(parse, tok, sentence_timexes, dct, lex)
        if not participants and when.basis in ("dct", "unanchored"):
            continue
        lemma = trigger.lemma.lower()
        events.append(
            Event(
                event_id=event_id(doc_id, trigger.start, trigger.end, extractor_version),
                doc_id=doc_id,
                sentence_index=tok.sent,
                trigger=trigger.text,
                lemma=lemma,
                start=trigger.start,
                end=trigger.end,
                event_type=lex.category_of.get(lemma, "OTHER"),
                date=when,
                participants=tuple(participants),
            )
        )
    return events


def _nominal_trigger(parse: Parse, verb: Token, lex: EventLexicon) -> Token | None:
    if verb.lemma.lower() not in lex.light_verbs:
        return None
    for child in parse.children(verb.i):
        if child.dep in ("dobj", "obj") and child.lemma.lower() in lex.event_nouns:
            return child
    return None


def _participants(
    parse: Parse, verb: Token, trigger: Token, mentions: list[Mention]
) -> list[Participant]:
    """Actors in the predicate's arguments; coordinated verbs share their head's subject."""
    args: list[tuple[Token, Role]] = []
    for child in parse.children(verb.i):
        role = OBJECT_ROLE.get(child.dep)
        if role is None or child.i == trigger.i:
            continue
        if child.dep == "prep" and child.text.lower() == "by" and verb.tag == "VBN":
            role = "agent"
        args.append((child, role))
    if trigger.i != verb.i:  # "made a visit to Russia's embassy": the noun's modifiers
        args.extend((c, "other") for c in parse.children(trigger.i) if c.dep == "prep")
    if not any(c.dep in SUBJECT_DEPS for c, _ in args):
        subject = _inherited_subject(parse, verb)
        if subject is not None:
            args.append((subject, "agent"))
    out: list[Participant] = []
    seen: set[tuple[str, str]] = set()
    for arg, role in args:
        tokens = parse.subtree(arg.i, stop_deps=CLAUSE_DEPS)
        lo, hi = tokens[0].start, tokens[-1].end
        for m in mentions:
            if lo <= m.start and m.end <= hi and (m.actor_key, role) not in seen:
                seen.add((m.actor_key, role))
                out.append(Participant(m.actor_key, role, m.start, m.end))
    return out


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


def _group_by_sentence(parse: Parse, timexes: list[Timex]) -> dict[int, list[Timex]]:
    grouped: dict[int, list[Timex]] = {}
    for tx in timexes:
        for index, sent in enumerate(parse.sentences):
            if sent.start <= tx.start < sent.end:
                grouped.setdefault(index, []).append(tx)
                break
    return grouped


def _date(
    parse: Parse, verb: Token, timexes: list[Timex], dct: date | None, lex: EventLexicon
) -> EventDate:
    """A governing time expression > one elsewhere in the sentence > the DCT for reports."""
    datable = [t for t in timexes if t.type in DATE_TYPES]
    governing = [t for t in datable if _governs(parse, t, verb)]
    chosen = (governing or datable or [None])[0]
    if chosen is not None:
        span = interval(chosen.value)
        return EventDate(
            value=chosen.value,
            start=span.start,
            end=span.end,
            precision=span.precision,
            text=chosen.text,
            basis=chosen.basis,
            timex_start=chosen.start,
            timex_end=chosen.end,
        )
    if dct is not None and _is_report_of_the_day(verb, lex):
        return EventDate(
            value=dct.isoformat(), start=dct, end=dct, precision="day", text=None, basis="dct"
        )
    return EventDate(
        value=None, start=None, end=None, precision="unknown", text=None, basis="unanchored"
    )


def _governs(parse: Parse, timex: Timex, verb: Token) -> bool:
    """The time expression hangs off this verb (directly or through a preposition)."""
    for tok in parse.tokens_in(timex.start, timex.end):
        head = parse.tokens[tok.head]
        if head.i == verb.i:
            return True
        if head.pos == "ADP" and head.head == verb.i:
            return True
    return False


def _is_report_of_the_day(verb: Token, lex: EventLexicon) -> bool:
    return verb.lemma.lower() in lex.reporting and verb.tense in ("Past", "Pres")

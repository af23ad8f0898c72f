"""The news timeline: which events it holds, how much each one matters, which are key.

A page names far more verbs than events. The timeline keeps an event unless one of the
rules of `resources/<lang>/salience.yaml` leaves it off (each rule is a predicate below,
registered under its name, reading the words listed with it); mentions of one happening
in one document become one event. Each kept event gets a salience in [0, 1], a weighted
mean of features of its place in the story (lead, headline, main clause, a day of its own,
an agent, an asserted happening); `is_key` marks the 1 to 3 a timeline editor would show,
the headline event first. Everything here reads the parse through `Standing`, computed
once per event.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from functools import cache

from transforms.extraction.events.dating import Draft, first_conjunct, hosts, object_of, quoted
from transforms.extraction.events.implied import named_by_its_date
from transforms.extraction.events.lexicon import EventLexicon
from transforms.extraction.events.modality import reporter_of
from transforms.extraction.parse import Parse, Token
from transforms.model import Event, Timex
from transforms.resources.loader import language_resources
from transforms.resources.schema import Salience, TimelineRule

_OWN_TIME = frozenset({"governing", "sentence"})
_STEM = 5  # letters two words share to count as one word ("visits", "visited")
_WORD = re.compile(r"[^\W\d_]+")


@dataclass(frozen=True)
class Standing:
    """What the timeline rules and the ranking read about one event, from its parse."""

    own_time: bool  # dated by a time expression of its clause (or, in a main clause, its sentence)
    direct_time: bool  # ... that hangs off the trigger itself or its light verb
    dep: str  # the dependency of the word the event stands on (its light verb, if any)
    participle: bool  # a present participle ("..., killing 100 people")
    complement_of: str | None  # lemma of the verb whose infinitive complement it is
    head_timed: bool  # ... and that verb is dated by a time expression of its own
    carries_complement: bool  # has an infinitive complement ("managed to refloat")
    named_agent: bool  # an actor is its agent, or its subject is a name ("Smith was named")
    nominal: bool  # a noun with no light verb ("the funeral", not "made a visit")
    lead_rank: int  # sentences between the lead and the event's (0: in the lead)
    simple_present: bool  # "provides": no auxiliary, present tense
    present_perfect: bool  # "has approved"
    modal: bool  # made hypothetical by a modal auxiliary or a condition ("could", "if")
    main_clause: float  # 1 the main verb, less for a reported, adverbial or other clause
    headline: float  # 1 its word is in the headline, 0.5 one of its actors is
    named_by_date: bool  # a noun dated by a time expression in its name ("the 2016 election")
    subject_words: frozenset[str]  # its subject, its conjuncts and determiners, lower-cased
    relation_words: frozenset[str]  # its prepositions, adverbs and clause marks, lower-cased
    quoted: bool  # its word stands inside a quotation


Rule = Callable[[Event, Standing, TimelineRule], bool]  # True: leave the event off
RULES: dict[str, Rule] = {}


def _rule(name: str) -> Callable[[Rule], Rule]:
    def register(function: Rule) -> Rule:
        RULES[name] = function
        return function

    return register


@_rule("undated")
def _undated(event: Event, standing: Standing, rule: TimelineRule) -> bool:
    if event.date.start is not None:
        return False
    # Without a DCT a day stays underspecified (XXXX-WXX-5); its own expression still dates it.
    unanchored_but_named = event.date.value is not None and event.date.value.startswith("X")
    return not (unanchored_but_named and standing.own_time)


@_rule("state")
def _state(event: Event, standing: Standing, rule: TimelineRule) -> bool:
    """States and attitudes; a state scheduled on a day of its own is a happening ("will
    lie in state from Wednesday")."""
    if event.event_class not in rule.get("classes", ()):
        return False
    return not (event.modality == "future" and standing.direct_time)


@_rule("hypothetical")
def _hypothetical(event: Event, standing: Standing, rule: TimelineRule) -> bool:
    return event.modality == "hypothetical" and (standing.modal or not standing.own_time)


@_rule("attribution")
def _attribution(event: Event, standing: Standing, rule: TimelineRule) -> bool:
    if event.event_class != "REPORTING" or standing.own_time:
        return False
    return event.lemma not in rule.get("statement_verbs", ())


@_rule("modifier")
def _modifier(event: Event, standing: Standing, rule: TimelineRule) -> bool:
    if standing.dep not in rule.get("deps", ()) or standing.own_time:
        return False
    # "a parade attended by the president": a participle with its agent named
    return not (standing.dep == "acl" and any(p.role == "agent" for p in event.participants))


@_rule("nominal")
def _nominal(event: Event, standing: Standing, rule: TimelineRule) -> bool:
    return standing.nominal and not standing.direct_time


@_rule("habitual_present")
def _habitual_present(event: Event, standing: Standing, rule: TimelineRule) -> bool:
    reporting = event.event_class == "REPORTING"
    return standing.simple_present and not standing.own_time and not reporting


@_rule("background_perfect")
def _background_perfect(event: Event, standing: Standing, rule: TimelineRule) -> bool:
    return standing.present_perfect and not standing.own_time and standing.lead_rank > 0


@_rule("participle_clause")
def _participle_clause(event: Event, standing: Standing, rule: TimelineRule) -> bool:
    """ "..., killing 100 people", "after hosting the parade": a detail of the event it hangs
    off."""
    deps = rule.get("deps", ())
    return standing.participle and standing.dep in deps and not standing.direct_time


@_rule("complement")
def _complement(event: Event, standing: Standing, rule: TimelineRule) -> bool:
    """ "declined to approve", "was told to quit", "to begin her sentence": an infinitive
    that did not happen; after "managed to" it did, after "expects to" or "is scheduled to"
    it is a plan, news with a day of its own or of its verb's; the verb is then no event of
    its own."""
    implicative, plans = rule.get("implicative_verbs", ()), rule.get("plan_verbs", ())
    if standing.carries_complement and (event.lemma in implicative or event.lemma in plans):
        return True
    head = standing.complement_of
    if head is None or head in implicative:
        return False
    return not (head in plans and (standing.own_time or standing.head_timed))


@_rule("unattended_narrative")
def _unattended_narrative(event: Event, standing: Standing, rule: TimelineRule) -> bool:
    """Dated only because the narrative goes on from the sentence before, and done by no one
    named ("the shock wave hit", "hangars were toppled"): a detail of that sentence's
    event, where a named actor's deed ("Messi scored twice") goes on the timeline."""
    implied = event.anchor_basis == "previous" and event.date.text is None  # not "Two days later"
    return implied and not standing.named_agent


@_rule("back_reference")
def _back_reference(event: Event, standing: Standing, rule: TimelineRule) -> bool:
    """ "This comes ahead of a vote", "The assault came days after a strike": the subject
    refers back to an event already told, and the verb only ties it to another. An arrival
    or a change is a happening ("came to power as", "is coming to an end")."""
    return (
        event.lemma in rule.get("verbs", ())
        and not standing.subject_words.isdisjoint(rule.get("subjects", ()))
        and not standing.relation_words.isdisjoint(rule.get("relations", ()))
        and standing.relation_words.isdisjoint(rule.get("arrivals", ()))
    )


@_rule("writer")
def _writer(event: Event, standing: Standing, rule: TimelineRule) -> bool:
    """ "I returned from Cancun on Friday", "we have booked a holiday": outside a quotation
    and not reported as someone else's words, the first person is the writer (a reader's
    comment, a blog, a column), whose doings are no news of the story."""
    return (
        not standing.quoted
        and event.modality != "reported"
        and not standing.subject_words.isdisjoint(rule.get("subjects", ()))
    )


@_rule("quotation")
def _quotation(event: Event, standing: Standing, rule: TimelineRule) -> bool:
    """ "“Rescuers are clearing the rubble,” he added": inside a quotation, with no time of
    its own, an event is what the speaker says, dated by no one; the statement is the news."""
    return standing.quoted and not standing.own_time


@dataclass(frozen=True)
class Timeline:
    """salience.yaml, checked against the engine: each rule with its predicate."""

    rules: tuple[tuple[Rule, TimelineRule], ...]
    salience: Salience


@cache
def timeline(language: str = "en") -> Timeline:
    data = language_resources(language).salience
    return Timeline(tuple((RULES[r["name"]], r) for r in data["timeline"]), data["salience"])


def newsworthy(event: Event, standing: Standing, language: str = "en") -> bool:
    """Whether the news timeline holds the event: no rule leaves it off."""
    return not any(rule(event, standing, spec) for rule, spec in timeline(language).rules)


# ---- what the rules read -----------------------------------------------------------------


def standing(
    parse: Parse,
    draft: Draft,
    lead: int,
    title_words: frozenset[str],
    lex: EventLexicon,
    timed: frozenset[int] = frozenset(),
) -> Standing:
    """The event's place in its sentence and in the story. `lead` is the index of the
    story's first sentence; `title_words` the headline's words, lower-cased; `timed` the
    tokens of the events dated by a time expression of their own."""
    trigger, verb, event = draft.trigger, draft.clause, draft.event
    children = parse.children(verb.i)
    helpers = [c for c in children if c.dep in ("aux", "auxpass")]
    marks = {c.text.lower() for c in children if c.dep == "mark"}
    perfect = [h for h in helpers if h.lemma.lower() == lex.perfect_auxiliary]
    main_clause = _clause_weight(parse, verb, lex)
    # a verb coordinated with another stands where that one stands ("resisted ... and then
    # sued", "to approve it or quit")
    first = first_conjunct(parse, verb)
    to = any(c.dep == "aux" and c.tag == "TO" for c in parse.children(first.i))
    infinitive = (
        first.tag == "VB"
        and first.head != first.i
        and (first.dep == "xcomp" or to)
        and not _a_nouns_infinitive(parse, first)
    )
    return Standing(
        own_time=event.anchor_basis == "governing"
        or (event.anchor_basis == "sentence" and main_clause >= _MAIN),
        direct_time=_direct_time(parse, draft, lex),
        dep=first.dep,
        participle=verb.tag == "VBG" and not helpers,
        complement_of=parse.tokens[first.head].lemma.lower() if infinitive else None,
        head_timed=infinitive and first.head in timed,
        carries_complement=any(c.dep == "xcomp" and c.tag == "VB" for c in children),
        named_agent=any(p.role == "agent" for p in event.participants)
        or any(_named(parse, c) for c in children if c.dep in ("nsubj", "nsubjpass")),
        nominal=trigger.pos != "VERB" and trigger.i == verb.i,
        lead_rank=max(0, trigger.sent - lead),
        simple_present=verb.tag in ("VBZ", "VBP") and not helpers,
        present_perfect=bool(perfect) and all(h.tense == "Pres" for h in perfect),
        modal=any(h.text.lower() in lex.hypothetical_aux for h in helpers)
        or bool(marks & lex.conditional_marks),
        main_clause=main_clause,
        headline=_in_headline(event, title_words),
        named_by_date=named_by_its_date(parse, draft),
        subject_words=_subject_words(parse, verb, first),
        relation_words=_relation_words(parse, children),
        quoted=quoted(parse, trigger.i),
    )


def _a_nouns_infinitive(parse: Parse, verb: Token) -> bool:
    """An infinitive that says what a noun is for, a plan ("talks to begin Monday"), or who
    did it ("the first to arrive", "was one of the biggest companies to report this week",
    which the model may hang on "was", or "became the first player to score" on "became"):
    no verb's complement."""
    head = parse.tokens[verb.head]
    if verb.dep in ("relcl", "acl") or head.pos in ("NOUN", "PROPN"):
        return True
    return any(c.dep == "attr" for c in parse.children(head.i))


def _subject_words(parse: Parse, verb: Token, first: Token) -> frozenset[str]:
    """The subject's head words ("My partner and I": partner, I) and determiners; a verb
    coordinated with another and without a subject of its own has that one's ("I woke
    and left")."""
    subjects = [c for c in parse.children(verb.i) if c.dep in ("nsubj", "nsubjpass")]
    if not subjects:
        subjects = [c for c in parse.children(first.i) if c.dep in ("nsubj", "nsubjpass")]
    subjects += [c for s in subjects for c in parse.children(s.i) if c.dep == "conj"]
    determiners = [d for s in subjects for d in parse.children(s.i) if d.dep == "det"]
    return frozenset(w.text.lower() for w in subjects + determiners)


def _relation_words(parse: Parse, children: tuple[Token, ...]) -> frozenset[str]:
    """ "ahead (of)", "after", "as", and the mark of an adverbial clause ("came after X
    killed")."""
    own = [c for c in children if c.dep in ("prep", "advmod", "mark")]
    marks = [
        m for c in children if c.dep == "advcl" for m in parse.children(c.i) if m.dep == "mark"
    ]
    return frozenset(w.text.lower() for w in own + marks)


def _named(parse: Parse, subject: Token) -> bool:
    """A subject that is a name, or a description beside one ("its founder, Jane Doe,")."""
    return subject.pos == "PROPN" or any(
        c.dep == "appos" and c.pos == "PROPN" for c in parse.children(subject.i)
    )


_MAIN = 0.75  # clause weight of the main verb and of what a main report tells


def _direct_time(parse: Parse, draft: Draft, lex: EventLexicon) -> bool:
    """The event's time expression hangs off its trigger or its light verb, or off the
    verb that schedules it ("set a sentencing date for Jul 11")."""
    when = draft.event.date
    if draft.event.anchor_basis not in _OWN_TIME or when.timex_start is None:
        return False
    assert when.timex_end is not None and when.value is not None
    timex = Timex(when.timex_start, when.timex_end, when.text or "", "DATE", when.value)
    own = {draft.trigger.i, draft.clause.i}
    verb = object_of(parse, draft.trigger)
    if verb is not None and parse.tokens[verb].lemma.lower() in lex.schedule_verbs:
        own.add(verb)
    return bool(hosts(parse, timex) & own)


def _clause_weight(parse: Parse, verb: Token, lex: EventLexicon) -> float:
    if verb.dep == "ROOT":
        return 1.0
    head = parse.tokens[verb.head]
    reported = reporter_of(parse, verb, lex)
    if (verb.dep == "conj" and head.dep == "ROOT") or (
        reported is not None and reported.dep == "ROOT"
    ):
        return _MAIN
    return 0.5 if verb.dep == "advcl" else 0.25


def title_words(title: str | None) -> frozenset[str]:
    """The headline's words, lower-cased, for `standing`."""
    if not title:
        return frozenset()
    return frozenset(w.lower() for w in _WORD.findall(title))


def _in_headline(event: Event, words: frozenset[str]) -> float:
    if not words:
        return 0.0
    lemma = event.lemma.lower()
    if len(lemma) >= 3 and any(_same_word(lemma, w) for w in words):
        return 1.0
    names = {n for p in event.participants for n in p.actor_key.partition(":")[2].split()}
    return 0.5 if any(len(n) >= 3 and n in words for n in names) else 0.0


def _same_word(lemma: str, word: str) -> bool:
    return word[:_STEM] == lemma[:_STEM] if len(lemma) >= _STEM else word.startswith(lemma)


# ---- ranking -----------------------------------------------------------------------------


def salience(event: Event, standing: Standing, language: str = "en") -> float:
    """How much the event matters to its story, in [0, 1]."""
    spec = timeline(language).salience
    features = {
        "lead": 1.0 / (1.0 + standing.lead_rank * spec["lead_decay"]),
        "headline": standing.headline,
        "main_clause": standing.main_clause,
        "own_time": 1.0
        if standing.own_time
        else 0.5
        if event.anchor_basis in ("clause", "lead", "previous")
        else 0.25,
        "agent": 1.0
        if any(p.role == "agent" for p in event.participants)
        else 0.5
        if event.participants
        else 0.0,
        "occurrence": (0.25 if event.event_class == "REPORTING" else 1.0)
        * _MODALITY_WEIGHT[event.modality],
    }
    weights = spec["weights"]
    total = sum(weights.values())
    return round(sum(weights[name] * features[name] for name in weights) / total, 4)


_MODALITY_WEIGHT = {
    "asserted": 1.0,
    "future": 0.9,
    "reported": 0.8,
    "hedged": 0.5,
    "hypothetical": 0.3,
}


def merge_mentions(events: list[Event]) -> list[Event]:
    """Mentions of one happening in one document (same word, one date within the other,
    shared or no actors: the lead and a later paragraph) become one event: the mention
    with the most precise date (the first of equals), with every mention's actors."""
    kept: list[Event] = []
    for event in events:
        same = next((k for k in kept if _same_happening(k, event)), None)
        if same is None:
            kept.append(event)
            continue
        first, other = (event, same) if _span_days(event) < _span_days(same) else (same, event)
        seen = {(p.actor_key, p.role) for p in first.participants}
        extra = tuple(p for p in other.participants if (p.actor_key, p.role) not in seen)
        kept[kept.index(same)] = replace(
            first,
            participants=first.participants + extra,
            salience=max(a.salience for a in (first, other)),
        )
    return kept


def _same_happening(a: Event, b: Event) -> bool:
    if a.lemma.lower() != b.lemma.lower() or a.polarity != b.polarity:
        return False
    if not _one_within_the_other(a, b):
        return False
    actors_a = {p.actor_key for p in a.participants}
    actors_b = {p.actor_key for p in b.participants}
    return not actors_a or not actors_b or bool(actors_a & actors_b)


def _one_within_the_other(a: Event, b: Event) -> bool:
    """The same day, or one date inside the other ("last month" and "on June 23")."""
    if a.date.value == b.date.value:
        return True
    da, db = a.date, b.date
    if None in (da.start, da.end, db.start, db.end):
        return False
    assert da.start and da.end and db.start and db.end
    return (da.start <= db.start and db.end <= da.end) or (
        db.start <= da.start and da.end <= db.end
    )


def _span_days(event: Event) -> int:
    when = event.date
    return (when.end - when.start).days if when.start and when.end else 1 << 30


def choose_key(ranked: list[tuple[Event, Standing]], language: str = "en") -> set[str]:
    """The event ids of the 1 to 3 events an editor would show: the most salient, each
    close enough to the top; a report only when its statement is the news (a day of its
    own, and no other event of its sentence on the timeline); never a negated event, one
    dated no closer than a year, or one a sentence refers to by a date in its name ("the
    January 6 riots": history the story recalls); one event per word."""
    spec = timeline(language).salience["key"]
    order = sorted(ranked, key=lambda pair: (-pair[0].salience, pair[0].start))
    sentences: dict[int, int] = {}
    for event, _ in ranked:
        sentences[event.sentence_index] = sentences.get(event.sentence_index, 0) + 1
    eligible = [
        (event, standing)
        for event, standing in order
        if (
            event.event_class != "REPORTING"
            or (standing.own_time and sentences[event.sentence_index] == 1)
        )
        and event.polarity != "NEG"
        and event.date.precision not in spec["too_coarse"]
        and not standing.named_by_date
    ]
    # A day of its own first: the DCT dates the news present, not the day it happened; the
    # lead's own news, told in the past, happened by that day (its `lead` date).
    timed = [
        (event, standing)
        for event, standing in eligible
        if standing.own_time or event.anchor_basis == "lead"
    ]
    eligible = timed or eligible
    if not eligible:
        return set()
    top = eligible[0][0].salience
    key: list[Event] = [eligible[0][0]]
    for event, _ in eligible[1:]:
        if len(key) >= spec["most"]:
            break
        if event.salience < spec["least"] or event.salience < spec["share_of_top"] * top:
            break
        if all(k.lemma != event.lemma for k in key):
            key.append(event)
    return {event.event_id for event in key}


def rank(
    parse: Parse,
    drafts: list[Draft],
    title: str | None,
    lex: EventLexicon,
    *,
    all_events: bool,
    language: str = "en",
) -> list[Event]:
    """The document's events with their salience and key marks: the news timeline's
    events, or with `all_events` every event (key chosen among the newsworthy)."""
    if not drafts:
        return []
    lead = min(d.trigger.sent for d in drafts)
    words = title_words(title)
    timed = frozenset(d.clause.i for d in drafts if d.event.anchor_basis in _OWN_TIME)
    standings = {id(d.event): standing(parse, d, lead, words, lex, timed) for d in drafts}
    scored: list[tuple[Event, Standing]] = []
    for draft in drafts:
        found = standings[id(draft.event)]
        scored.append(
            (replace(draft.event, salience=salience(draft.event, found, language)), found)
        )
    news = [(e, s) for e, s in scored if newsworthy(e, s, language)]
    merged = {e.event_id: e for e in merge_mentions([e for e, _ in news])}
    key = choose_key([(merged[e.event_id], s) for e, s in news if e.event_id in merged], language)
    if all_events:
        return [replace(e, is_key=e.event_id in key) for e, _ in scored]
    return [replace(e, is_key=e.event_id in key) for e in merged.values()]

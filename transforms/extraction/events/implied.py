"""Implied dates: events with no time expression of their own that the text still dates.

News leaves many dates unwritten. The lead's main event is the news of the day ("A jury
found the former mayor guilty of fraud."): it happened by the publication day. A story told
in the past goes on from the day it set ("Argentina beat France on Sunday. Messi scored
twice."), and a plan told in the future from the day it is set for ("The president will
arrive on Friday. He will meet the mayor."). These readings are declared, never silent:
the event's `anchor_basis` says which one dated it (`lead`, `previous`) and its date has no
`date_text`, since no words of its sentence say when. The rules' words live in
`resources/<lang>/salience.yaml` (`implied`), each with examples that
tests/extraction/test_salience.py runs.

Runs after rules 1 to 4 (`dating`), sentence by sentence in text order, so an anchor set by
one sentence carries to the next and events hanging off a newly dated one take its date.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date
from functools import cache

from transforms.extraction.events.dating import (
    Draft,
    counted_on,
    first_conjunct,
    is_past,
    is_perfect,
    moved_by,
    names_a_noun,
    offset_link,
    onset,
    schedule_of,
)
from transforms.extraction.events.lexicon import EventLexicon
from transforms.extraction.events.modality import reporter_of
from transforms.extraction.parse import Parse, Token
from transforms.extraction.tense import past_perfect
from transforms.extraction.timex.calendar import interval
from transforms.model import EventDate, Timex
from transforms.resources.loader import language_resources

# Narrative anaphora: a past-tense sentence goes on from the day the one before it set, across
# at most this many sentences that set none (one more after a connective such as "later");
# never from a day ahead of the DCT (a schedule is no narrative), nor into the past perfect
# (which steps back from it).
NARRATIVE_GAP = 1

_TOLD = frozenset({"asserted", "reported", "hedged"})  # happened, as far as the text says
_NO_HAPPENING = frozenset({"STATE", "I_STATE"})


@dataclass(frozen=True)
class ImpliedRules:
    """salience.yaml's `implied` section, ready for the engine."""

    statement_verbs: frozenset[str]  # the attribution rule's: reports that are news
    connectives: tuple[str, ...]
    event_parts: re.Pattern[str]
    too_coarse: frozenset[str]  # precisions no narrative goes on from (the key rule's)


@cache
def implied_rules(language: str = "en") -> ImpliedRules:
    data = language_resources(language).salience
    attribution = next(r for r in data["timeline"] if r["name"] == "attribution")
    narrative = data["implied"]["narrative"]
    return ImpliedRules(
        statement_verbs=frozenset(attribution.get("statement_verbs", ())),
        connectives=tuple(narrative["connectives"]),
        event_parts=re.compile("|".join(f"(?:{p})" for p in narrative["event_parts"]), re.I),
        too_coarse=frozenset(data["salience"]["key"]["too_coarse"]),
    )


def date_in_text_order(
    parse: Parse,
    drafts: list[Draft],
    dct: date | None,
    lex: EventLexicon,
    settle: Callable[[Draft], None],
    rules: ImpliedRules,
    timexes_by_sentence: dict[int, list[Timex]],
) -> None:
    """The lead rule, then narrative anaphora (rule 5), sentence by sentence; `settle`
    applies rules 3 and 4 again to what is still undated (a simple-past report takes the
    DCT only where the story has set no day of its own)."""
    last_anchor: EventDate | None = None
    gap = 0
    last_plan: EventDate | None = None  # the day a plan told in the future is set for
    plan_gap = 0
    drafts_by_sentence: dict[int, list[Draft]] = {}
    for draft in drafts:
        drafts_by_sentence.setdefault(draft.trigger.sent, []).append(draft)
    lead = _first_sentence(parse)
    for index in range(len(parse.sentences)):
        in_sentence = drafts_by_sentence.get(index, [])
        linked = _opens_with_connective(parse, index, rules.connectives)
        previous = last_anchor if gap <= NARRATIVE_GAP + linked else None
        plan = last_plan if plan_gap <= NARRATIVE_GAP + linked else None
        timexes = timexes_by_sentence.get(index, [])
        if _own_frame(parse, timexes, lex, rules):
            previous = None
            # a plan's own frame is a time ahead; "its first since 2010" is history
            if plan is not None:
                ahead = [t for t in timexes if not _gone_by(t, dct)]
                if _own_frame(parse, ahead, lex, rules):
                    plan = None
        for draft in in_sentence:
            counted = (
                counted_on(parse, draft.clause, timexes, lex)
                if previous is not None and draft.event.anchor_basis == "unanchored"
                else None
            )
            moved = moved_by(previous, *counted) if previous and counted else None
            if moved is not None:  # "Two days later, troops retook the town."
                draft.event = replace(draft.event, date=moved, anchor_basis="previous")
            elif previous is not None and _part_of_the_day(draft, previous, rules):
                implied = replace(previous, text=None)
                draft.event = replace(draft.event, date=implied, anchor_basis="previous")
            elif (
                index == lead
                and dct is not None
                and not _vaguely_past(timexes)
                and _lead_event(parse, draft, lex, rules)
            ):
                draft.event = replace(draft.event, date=_publication_day(dct), anchor_basis="lead")
            elif previous is not None and _goes_on(
                parse, draft, previous, dct, lex, rules, timexes
            ):
                implied = replace(previous, text=None)
                draft.event = replace(draft.event, date=implied, anchor_basis="previous")
            elif plan is not None and _plan_goes_on(parse, draft, lex):
                implied = replace(plan, text=None)
                draft.event = replace(draft.event, date=implied, anchor_basis="previous")
        for draft in in_sentence:
            settle(draft)
        anchor = _sentence_anchor(parse, in_sentence)
        if anchor is not None and not _steps_back(parse, index):
            last_anchor, gap = anchor, 0
        else:
            gap += 1
        plan_day = _sentence_plan(parse, in_sentence, dct)
        if plan_day is not None:
            last_plan, plan_gap = plan_day, 0
        else:
            plan_gap += 1


def _steps_back(parse: Parse, index: int) -> bool:
    """A sentence told in the past perfect ("He had faced calls to quit since a newspaper
    reported last month ..."): a step back from the story, whose day it does not move ("The
    prime minister accepted the resignation" is not of last month)."""
    span = parse.sentences[index]
    words = parse.tokens[span.first : span.last + 1]
    root = next((t for t in words if t.dep == "ROOT"), None)
    return root is not None and past_perfect(parse, root)


def _first_sentence(parse: Parse) -> int | None:
    """The story's first sentence: the first with a word (the parse sees only content)."""
    words = (t.sent for t in parse.tokens if any(c.isalpha() for c in t.text))
    return next(words, None)


def _publication_day(dct: date) -> EventDate:
    return EventDate(
        value=dct.isoformat(), start=dct, end=dct, precision="day", text=None, basis="dct"
    )


def _lead_event(parse: Parse, draft: Draft, lex: EventLexicon, rules: ImpliedRules) -> bool:
    """The lead's main event, told as done in the past ("A jury found ... guilty",
    "Police said a gunman opened fire ..."), with no time expression of its own: it
    happened by the publication day. Not a state, a plan, a hedge on a modal, background,
    a report that only attributes a quote, nor the past perfect (a step back from it)."""
    event, verb = draft.event, draft.clause
    if event.anchor_basis != "unanchored" or event.background or event.modality not in _TOLD:
        return False
    if verb.pos != "VERB" or event.event_class in _NO_HAPPENING:
        return False
    if event.event_class == "REPORTING" and event.lemma not in rules.statement_verbs:
        return False
    if not _main_clause(parse, verb, lex) or is_perfect(parse, verb, lex):
        return False
    return is_past(parse, verb)


def _main_clause(parse: Parse, verb: Token, lex: EventLexicon) -> bool:
    """The sentence's main verb, one coordinated with it, or what a main report in the
    simple past tells ("Police said a gunman opened fire"); not what a report of the
    present claims or denies ("has denied he caused the crash": no day given)."""
    first = first_conjunct(parse, verb)
    reporter = reporter_of(parse, first, lex)
    if first.dep == "ROOT":  # "..., a court has heard": told as the report's, not the day's
        return reporter is None or reporter.tag == "VBD"
    if reporter is None or reporter.dep != "ROOT" or first.dep != "ccomp":
        return False
    return reporter.tag == "VBD"


def _goes_on(
    parse: Parse,
    draft: Draft,
    previous: EventDate,
    dct: date | None,
    lex: EventLexicon,
    rules: ImpliedRules,
    timexes: list[Timex],
) -> bool:
    """The event continues the narrative whose day is `previous`: a day, a week or a month,
    not a year ("In 1956 the council was created. Critics questioned its name." does not
    date the questioning). Not one counted from another event of its sentence ("came a
    week after a strike killed 28"): that event dates it."""
    event = draft.event
    return (
        reporter_of(parse, draft.clause, lex) is None  # what a report tells: no day given
        and offset_link(parse, draft.clause, timexes, lex) is None  # rule 3 dates it
        and event.anchor_basis == "unanchored"
        and not event.background
        and event.modality in _TOLD
        and is_past(parse, draft.clause)
        and not is_perfect(parse, draft.clause, lex)
        and previous.precision not in rules.too_coarse
        and (dct is None or previous.start is None or previous.start <= dct)
    )


def _plan_goes_on(parse: Parse, draft: Draft, lex: EventLexicon) -> bool:
    """A plan goes on from the day the sentence before set for its own ("Starmer will move
    into Downing Street on Friday. Sunak will tender his resignation."): the main verb in
    the future, with no time expression, not a state nor what a report tells."""
    event, verb = draft.event, draft.clause
    return (
        event.anchor_basis == "unanchored"
        and event.modality == "future"
        and not event.background
        and verb.pos == "VERB"
        and event.event_class not in _NO_HAPPENING
        and first_conjunct(parse, verb).dep == "ROOT"
        and reporter_of(parse, verb, lex) is None
    )


def _sentence_plan(parse: Parse, drafts: list[Draft], dct: date | None) -> EventDate | None:
    """The day a sentence's main verb, told in the future, is set for: one day, not before
    the publication (a plan goes on from it, `_plan_goes_on`)."""
    for draft in drafts:
        when = draft.event.date
        if (
            draft.event.modality == "future"
            and draft.event.anchor_basis in ("governing", "sentence", "previous")
            and first_conjunct(parse, draft.clause).dep == "ROOT"
            and when.start is not None
            and when.start == when.end
            and (dct is None or when.start >= dct)
        ):
            return when
    return None


def _own_frame(parse: Parse, timexes: list[Timex], lex: EventLexicon, rules: ImpliedRules) -> bool:
    """A sentence with a date or time of its own ("when she was nine" aside, "in late
    September", "fifty years after") tells its own time, not the narrative's: none of its
    events goes on from the day before. A part of the day's event ("in the second half")
    is no frame of its own, nor the time a schedule sets ("set a sentencing date for Jul
    11": the setting goes on from the verdict's day), nor where a count began ("fell 4.2
    percent, its worst day since March 2020")."""
    return any(
        t.type in ("DATE", "TIME")
        and rules.event_parts.fullmatch(t.text.strip()) is None
        and schedule_of(parse, t, lex) is None
        and not onset(parse, t, lex)
        for t in timexes
    )


def _gone_by(timex: Timex, dct: date | None) -> bool:
    """The time expression ends before the publication day."""
    if dct is None:
        return False
    try:
        end = interval(timex.value).end
    except ValueError:
        return False
    return end is not None and end < dct


def _vaguely_past(timexes: list[Timex]) -> bool:
    """ "a few weeks ago", "recently": the sentence says its news is not of the day, without
    a day to date it by."""
    return any(t.value == "PAST_REF" for t in timexes)


def _part_of_the_day(draft: Draft, previous: EventDate, rules: ImpliedRules) -> bool:
    """Dated by a part of an event named without a year ("in the second half" of the match)
    that the narrative's day falls in: the day's event, not a half-year."""
    when, event = draft.event.date, draft.event
    if event.anchor_basis not in ("governing", "sentence") or when.text is None:
        return False
    if previous.precision != "day" or None in (previous.start, when.start, when.end):
        return False
    assert previous.start is not None and when.start is not None and when.end is not None
    inside = when.start <= previous.start <= when.end
    return inside and rules.event_parts.fullmatch(when.text.strip()) is not None


def _opens_with_connective(parse: Parse, index: int, connectives: tuple[str, ...]) -> bool:
    """The sentence opens with a connective that goes on from the story told before it
    ("Later, ...", "Shortly afterwards, ...")."""
    span = parse.sentences[index]
    words = [t.text.lower() for t in parse.tokens[span.first : span.last + 1] if t.pos != "PUNCT"]
    opening = " ".join(words[:3])
    return any(opening == c or opening.startswith(c + " ") for c in connectives)


def _habitual(parse: Parse, draft: Draft) -> bool:
    """A simple present dated only by the DCT ("the purchase marks the end of a saga"): a
    state or a headline's present, no day for a narrative to go on from."""
    verb = draft.clause
    if draft.event.anchor_basis != "dct" or draft.event.event_class == "REPORTING":
        return False
    helpers = [c for c in parse.children(verb.i) if c.dep in ("aux", "auxpass")]
    return verb.tag in ("VBZ", "VBP") and not helpers


def named_by_its_date(parse: Parse, draft: Draft) -> bool:
    """An event noun dated by a time expression in its name ("the 2016 election"): history
    the sentence refers to, no day for the narrative to go on from."""
    when = draft.event.date
    if draft.trigger.pos == "VERB" or when.timex_start is None or when.timex_end is None:
        return False
    return names_a_noun(parse, when.timex_start, when.timex_end)


def _sentence_anchor(parse: Parse, drafts: list[Draft]) -> EventDate | None:
    """The date a sentence's story happens on: its main event's, else its first dated one;
    never one of a clause that modifies a noun ("BP faces fines from the spill, which began
    in April": the story is not in April)."""
    dated = [
        d
        for d in drafts
        if d.event.anchor_basis != "unanchored"
        and first_conjunct(parse, d.clause).dep not in ("relcl", "acl")
        and not d.event.background
        and d.event.date.start is not None
        and d.event.modality not in ("future", "hypothetical")
        and d.event.event_class not in _NO_HAPPENING  # "was not president in 1929"
        and d.event.polarity != "NEG"
        and not _habitual(parse, d)
        and not named_by_its_date(parse, d)
    ]
    if not dated:
        return None
    # The main verb's day, unless it is a report dated only by the DCT ("said"): then the
    # day of what it reports.
    roots = [
        d
        for d in dated
        if d.clause.dep == "ROOT"
        and not (d.event.anchor_basis == "dct" and d.event.event_class == "REPORTING")
    ]
    own = [d for d in dated if d.event.anchor_basis in ("governing", "sentence")]
    return (roots or own or dated)[0].event.date

"""Dating events: a time expression of their own (rules 1 and 2), else a date borrowed
from the governing event, the DCT or the previous sentence (rules 3 to 5); see the package.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date

from transforms.extraction.events.lexicon import EventLexicon
from transforms.extraction.events.modality import negated, reporter_of
from transforms.extraction.parse import Parse, Token
from transforms.extraction.tense import REPORTED_FUTURE, past_perfect, tense_of
from transforms.extraction.timex import calendar, interval
from transforms.model import AnchorBasis, Event, EventDate, Timex

DATE_TYPES = frozenset({"DATE", "TIME"})


_INHERIT_DEPS = frozenset({"acl", "dobj", "obj", "pobj", "conj", "attr"})


@dataclass
class Draft:
    """An event being built: its trigger and the parse token it stands on."""

    trigger: Token
    clause: Token  # the verb whose clause the event is in (the light verb for its noun)
    event: Event
    own: bool = False  # dated by a rule of its own (1, 2 or 4), not borrowed (3, 5)


def group_by_sentence(parse: Parse, timexes: list[Timex]) -> dict[int, list[Timex]]:
    grouped: dict[int, list[Timex]] = {}
    for tx in timexes:
        index = parse.sentence_at(tx.start)
        if index is not None:
            grouped.setdefault(index, []).append(tx)
    return grouped


_UNANCHORED = EventDate(
    value=None, start=None, end=None, precision="unknown", text=None, basis="unanchored"
)


def _from_timex(chosen: Timex) -> EventDate:
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


def own_date(
    parse: Parse,
    clause: Token,
    trigger: Token,
    timexes: list[Timex],
    background: bool,
    verbs: list[Token],
    lex: EventLexicon,
) -> tuple[EventDate, AnchorBasis]:
    """Rules 1 and 2: a time expression of the event's clause, else of its sentence.

    A time expression elsewhere in the sentence counts only when no other trigger of the
    sentence (`verbs`) governs it: "unveiled the laptops, which ship in 2011" does not
    date the unveiling in 2011. "now" and "recently" name no day: they date nothing.
    A verb of saying, deciding or thinking keeps its time to itself: "announced the
    celebration Sunday night" dates the announcement, not the celebration.
    """
    if offset_link(parse, clause, timexes, lex) is not None:
        return _UNANCHORED, "unanchored"  # counted from another event: rule 3 dates it
    # "adjourned until Monday", "has killed 1,000 people since December": when a delay ends
    # or a count began, not when anything happened; "will not be sealed until August", "has
    # not been seen since Friday" are when it happens, "has been fighting cancer since 2004"
    # when what goes on began
    affirmed = not negated(parse, trigger, clause, lex)
    onset_dates_nothing = affirmed and not _progressive(parse, clause, lex)
    datable = [
        t
        for t in timexes
        if t.type in DATE_TYPES
        and not t.value.endswith("_REF")
        and not (affirmed and _after_one_of(parse, t, lex.end_prepositions))
        and not (onset_dates_nothing and onset(parse, t, lex))
        and not _baseline(parse, t, trigger, lex)
    ]
    # "ended a three-day strike on Thursday", "resumed the search on Friday": a time the
    # model hangs on the object of a verb that begins or ends it is the verb's; what was
    # ended went on over other days. (Not a schedule's: "planned a rally for Sunday".)
    if _object_of_a_phase(parse, trigger, lex):
        datable = [t for t in datable if t.start < trigger.start]
    # The time a schedule sets ("scheduled a vote for Monday") is what it schedules, never
    # the scheduling's.
    schedules = {t.start: v for t in datable if (v := schedule_of(parse, t, lex)) is not None}
    for t in datable:
        verb = schedules.get(t.start)
        if (
            verb is not None
            and trigger.i != verb.i
            and (clause.i == verb.i or object_of(parse, trigger) == verb.i)
        ):
            return _from_timex(t), "governing"
    datable = [t for t in datable if t.start not in schedules]
    # "fell 2% to close at 7,500 on Tuesday": the close is where the fall ended, that day
    # (not "hopes to finish by Friday", "planned to end it on Monday", "was set to end")
    lemma = clause.lemma.lower()
    resulting = is_past(parse, clause) and not (
        lemma in lex.intention_verbs or lemma in lex.schedule_verbs
    )
    ends = [
        c
        for c in parse.children(clause.i)
        if resulting and c.dep == "xcomp" and c.lemma.lower() in lex.result_complements
    ]
    phases = [c for c in parse.children(clause.i) if _object_of_a_phase(parse, c, lex)]
    governing = [
        t
        for t in datable
        if _governs(parse, t, trigger)
        or _governs(parse, t, clause)
        or any(_governs(parse, t, end) for end in ends)
        or any(_governs(parse, t, phase) and t.start > phase.start for phase in phases)
    ]
    # "approved the budget for 2025 on Monday": what it is for, after when it happened
    governing.sort(key=lambda t: _meant_for(parse, t, lex) is not None)
    if governing:
        return _from_timex(governing[0]), "governing"
    counted = counted_on(parse, clause, timexes, lex)
    if counted is not None:
        # "sank two days later": counted from the event before it (rule 3), else from the
        # sentence's last date before it ("went to hospital on 8 April but died five days
        # later", the going no event), else from the narrative's day (implied.py)
        if counted_from(parse, clause, timexes, lex, frozenset(v.i for v in verbs)):
            return _UNANCHORED, "unanchored"
        before = [t for t in datable if t.end <= clause.start]
        moved = moved_by(_from_timex(before[-1]), *counted) if before else None
        return (moved, "governing") if moved is not None else (_UNANCHORED, "unanchored")
    if background:
        return _UNANCHORED, "unanchored"
    ancestors = _ancestor_verbs(parse, clause, lex)
    for verb in ancestors:
        if _present_under_past(parse, clause, verb):
            break  # "climbed late Saturday ... as authorities work to identify": now
        around = [t for t in datable if _governs(parse, t, verb)]
        if around:
            return _from_timex(around[0]), "governing"
    events = {v.i for v in verbs}
    free = [
        t
        for t in datable
        if not any(_governs(parse, t, v) for v in verbs)
        and _reaches(parse, t, trigger, lex, events)
        and not _told_by_it(parse, t, clause, lex)
        and not names_a_noun(parse, t.start, t.end)
        and not onset(parse, t, lex)
        and not _what_a_noun_is_for(parse, t, lex)
    ]
    if free:
        return _from_timex(free[0]), "sentence"
    return _UNANCHORED, "unanchored"


_COMPLEMENT_DEPS = frozenset({"dobj", "obj", "xcomp", "attr", "oprd"})
_NOUN_MODIFIER_DEPS = frozenset({"nummod", "compound", "nmod", "amod", "poss"})


def names_a_noun(parse: Parse, start: int, end: int) -> bool:
    """The time expression at [start, end) is part of a noun's name or description ("the
    2016 election", "the World Cup 2024-winning team", "its Q1 2024 results"), not a time
    adjunct of the sentence: it dates that noun's event, if any, and nothing else."""
    words = parse.tokens_in(start, end)
    if not words or (words[0].i > 0 and parse.tokens[words[0].i - 1].pos == "ADP"):
        return False  # "on Monday tugboats refloated it": a preposition makes it an adjunct
    outside = [w for w in words if not start <= parse.tokens[w.head].start < end]
    return bool(outside) and all(
        w.dep in _NOUN_MODIFIER_DEPS and parse.tokens[w.head].pos in ("NOUN", "PROPN")
        for w in outside
    )


def object_of(parse: Parse, noun: Token) -> int | None:
    """The verb whose object the noun is, or names with the object ("a sentencing date")."""
    if noun.dep == "compound":
        noun = parse.tokens[noun.head]
    return noun.head if noun.dep in ("dobj", "obj") else None


def schedule_of(parse: Parse, timex: Timex, lex: EventLexicon) -> Token | None:
    """The verb that sets this time for its object, if any: "set a sentencing date for Jul
    11", "scheduled a vote for Monday", "the parade is set for Wednesday", "adjourned the
    hearing to 12 June"."""
    prepositions = lex.schedule_prepositions | lex.rescheduling_prepositions
    host = _host_of_preposition(parse, timex, prepositions)
    if host is not None and host.pos == "VERB" and host.lemma.lower() in lex.schedule_verbs:
        return host
    return None


def _meant_for(parse: Parse, timex: Timex, lex: EventLexicon) -> Token | None:
    """The word whose purpose the time names, after "for": "the budget for 2025", "its
    guidance for Q2 2024", "scheduled a vote for Monday" (the preposition's head)."""
    return _host_of_preposition(parse, timex, lex.schedule_prepositions)


def _host_of_preposition(parse: Parse, timex: Timex, prepositions: frozenset[str]) -> Token | None:
    """The head of the preposition the time expression hangs off, if it is one of these."""
    for word in parse.tokens_in(timex.start, timex.end):
        prep = parse.tokens[word.head]
        if timex.start <= prep.start < timex.end or prep.head == prep.i:
            continue
        if prep.text.lower() in prepositions:
            return parse.tokens[prep.head]
    return None


def _what_a_noun_is_for(parse: Parse, timex: Timex, lex: EventLexicon) -> bool:
    """ "its guidance for Q2 2024": the time a thing is meant for, not when the sentence's
    events happened."""
    host = _meant_for(parse, timex, lex)
    return host is not None and host.pos in ("NOUN", "PROPN")


def onset(parse: Parse, timex: Timex, lex: EventLexicon) -> bool:
    """The time expression is where something began ("first since 2010")."""
    return _after_one_of(parse, timex, lex.onset_prepositions)


def _baseline(parse: Parse, timex: Timex, trigger: Token, lex: EventLexicon) -> bool:
    """The time a figure is compared with ("won 42% of the vote, up from 35% in 2019", "rose
    5% compared with a year earlier"): under a word of comparison, or under "from" with a
    figure after it, below the word's own object, on the way to the verb; not the time of
    an event under it ("tougher than the Senate hearings on Tuesday": the hearings')."""
    words = parse.tokens_in(timex.start, timex.end)
    if not words:
        return False
    inside = {w.i for w in words}
    current = next((w for w in words if w.head not in inside), words[0])
    for _ in range(8):
        if current.head == current.i or current.i == trigger.i:
            return False
        below, current = current, parse.tokens[current.head]
        if current.i == trigger.i:
            return False
        if current.pos in ("VERB", "AUX") and current.text.lower() not in lex.comparison_words:
            return False
        word = current.text.lower()
        if word in lex.comparison_words and below.i not in inside:
            return True
        if word in lex.figure_prepositions and below.i not in inside:
            return any(
                c.tag == "CD" or any(n.dep == "nummod" for n in parse.children(c.i))
                for c in parse.children(current.i)
                if c.dep == "pobj"
            )
    return False


def _progressive(parse: Parse, verb: Token, lex: EventLexicon) -> list[Token]:
    """ "has been fighting", "is marking": the progressive's auxiliaries of an -ing form."""
    if verb.tag != "VBG":
        return []
    return [
        c
        for c in parse.children(verb.i)
        if c.dep in ("aux", "auxpass") and c.lemma.lower() == lex.progressive_auxiliary
    ]


def _after_one_of(parse: Parse, timex: Timex, prepositions: frozenset[str]) -> bool:
    """The time expression hangs off one of these prepositions ("since 2010", "until
    Monday")."""
    words = parse.tokens_in(timex.start, timex.end)
    heads = {
        parse.tokens[w.head]
        for w in words
        if not timex.start <= parse.tokens[w.head].start < timex.end
    }
    return any(h.text.lower() in prepositions for h in heads)


_QUOTES = frozenset('"“”')
_OPENING_QUOTES = frozenset("“")
_CLOSING_QUOTES = frozenset("”")
_NOUN_CLAUSES = frozenset({"relcl", "acl"})


def _reaches(
    parse: Parse, timex: Timex, trigger: Token, lex: EventLexicon, events: set[int]
) -> bool:
    """Whether a time expression elsewhere in the sentence can date this event: not from
    inside a clause that modifies a noun ("the boys, who were trapped last month, have
    been freed") unless that clause is a participle that is none of the sentence's
    `events` (`_bare_participle`), nor across a quotation's edge: a report from inside the
    quotation it reports ("“... yesterday's meeting ...,” the agency said"), or what the
    quotation says from the report's time ("“We will not back down,” he said on
    Wednesday")."""
    lo, hi = sorted((trigger.start, timex.start))
    reporting = trigger.pos == "VERB" and trigger.lemma.lower() in lex.reporting
    if reporting and _QUOTES.intersection(_text_between(parse, lo, hi)):
        return False
    words = parse.tokens_in(timex.start, timex.end)
    if not words:
        return True
    if quoted(parse, trigger.i) != quoted(parse, words[0].i):
        return False
    current = words[0]
    for _ in range(12):
        if current.head == current.i:
            return True
        if current.dep in _NOUN_CLAUSES and not _bare_participle(parse, current, events):
            inside = {t.i for t in parse.subtree(current.i)}
            return trigger.i in inside
        current = parse.tokens[current.head]
    return True


def quoted(parse: Parse, index: int) -> bool:
    """Whether the token stands inside a quotation: an odd number of quotation marks before
    it in its sentence (a title in quotation marks, "Good Morning America", is one too,
    and both sides of it stay outside), or an even number when the sentence's first mark
    closes a quotation an earlier sentence opened ("We will rebuild,” he said.")."""
    sentence = parse.sentences[parse.tokens[index].sent]
    marks = [t for t in parse.tokens[sentence.first : sentence.last + 1] if t.text in _QUOTES]
    before = sum(1 for t in marks if t.i < index)
    return (before + _closes(parse, marks[0])) % 2 == 1 if marks else False


def _closes(parse: Parse, mark: Token) -> bool:
    """A closing quotation mark: a right one, or a straight one written against the word
    before it ("... rebuild," he said), where an opening one has a space before it."""
    if mark.text in _CLOSING_QUOTES:
        return True
    if mark.text in _OPENING_QUOTES or mark.i == 0:
        return False
    before = parse.tokens[mark.i - 1]
    return before.sent == mark.sent and before.end == mark.start


def _object_of_a_phase(parse: Parse, trigger: Token, lex: EventLexicon) -> bool:
    """An event noun an aspectual verb takes as its object ("ended a strike", "began
    talks"): a phase of it, not the whole."""
    if trigger.pos != "NOUN" or trigger.dep != "dobj" or trigger.head == trigger.i:
        return False
    return lex.class_of.get(parse.tokens[trigger.head].lemma.lower()) == "ASPECTUAL"


def _told_by_it(parse: Parse, timex: Timex, clause: Token, lex: EventLexicon) -> bool:
    """A report does not take the time of what it tells, however the model hung it: "BP
    said it had collected 7,541 barrels in the first 12 hours of Monday" was said later."""
    if clause.pos != "VERB" or clause.lemma.lower() not in lex.reporting:
        return False
    words = parse.tokens_in(timex.start, timex.end)
    told = [c for c in parse.children(clause.i) if c.dep == "ccomp"]
    return bool(words) and any(words[0].i in {t.i for t in parse.subtree(c.i)} for c in told)


def _bare_participle(parse: Parse, verb: Token, events: set[int]) -> bool:
    """ "the 326 seats needed for a majority shortly before 5am": a past participle
    describing a noun, no event of its own, where the model hangs the sentence's time."""
    return verb.dep == "acl" and verb.tag == "VBN" and verb.i not in events


def _text_between(parse: Parse, start: int, end: int) -> str:
    """The words of the parse between two offsets (quotation marks are tokens of their own)."""
    return "".join(t.text for t in parse.tokens_in(start, end))


def _ancestor_verbs(parse: Parse, tok: Token, lex: EventLexicon) -> list[Token]:
    """The verbs whose clauses contain this one, nearest first: not across reports or out
    of a clause that modifies a noun ("Holmes, who sought to ..., will report on April 27",
    "experts advising the agency backed it on Friday"; an absolute clause, "with more
    bodies raising the toll", is none), nor from the object or complement of a verb of
    saying, deciding or thinking, nor from a conjunct in another tense (`_tense_turns`),
    nor out of a clause that happened before or after ("surveyed the damage Wednesday
    after an explosion rocked the city": not on Wednesday; "shortly after" is the same day,
    see `_shortly_after`)."""
    out: list[Token] = []
    current = tok
    for _ in range(8):
        if current.dep == "acl" and (absolute := _absolute_preposition(parse, current, lex)):
            current = absolute  # "with more bodies raising the toll": the verb's time
        if current.head == current.i or current.dep in ("ccomp", "parataxis", "relcl", "acl"):
            break
        if current.dep == "advcl" and _offset_clause(parse, current, lex):
            break
        if current.dep == "conj" and _tense_turns(parse, current, parse.tokens[current.head]):
            break
        came_as = current.dep
        current = parse.tokens[current.head]
        if current.pos in ("VERB", "AUX"):
            if came_as in _COMPLEMENT_DEPS and _keeps_its_time(current, lex):
                break
            out.append(current)
    return out


def _tense_turns(parse: Parse, verb: Token, head: Token) -> bool:
    """ "began on 1 December and will continue until Christmas", "climbed on Saturday as
    authorities work to identify the dead": a conjunct or clause told in the future beside
    one told in the past (or the other way round), or in the simple present under the
    simple past, is not at its time."""
    if _present_under_past(parse, verb, head):
        return True
    sides = {_direction(tense_of(parse, verb)), _direction(tense_of(parse, head))}
    return sides == {"past", "future"}


def _direction(tense: str | None) -> str | None:
    """The future seen from the past ("said the speech would be delivered on June 4 but did
    not say where") lies ahead of the past as the future does."""
    return "future" if tense == REPORTED_FUTURE else tense


def _absolute_preposition(parse: Parse, participle: Token, lex: EventLexicon) -> Token | None:
    """The preposition of an absolute clause the -ing verb heads ("with the discovery of
    more bodies raising the death toll": "with"), through "of" phrases; None for a
    participle that describes its noun ("buildings collapsing")."""
    if participle.tag != "VBG":
        return None
    noun = parse.tokens[participle.head]
    for _ in range(4):
        if noun.dep != "pobj" or noun.head == noun.i:
            return None
        preposition = parse.tokens[noun.head]
        if preposition.text.lower() in lex.absolute_prepositions:
            return preposition
        if preposition.text.lower() != "of" or preposition.head == preposition.i:
            return None
        noun = parse.tokens[preposition.head]
    return None


def _present_under_past(parse: Parse, clause: Token, verb: Token) -> bool:
    """A clause in the simple present under one in the simple past: the present of the
    report, not the past day the verb above it is dated to."""
    helpers = [c for c in parse.children(clause.i) if c.dep in ("aux", "auxpass")]
    return clause.tag in ("VBZ", "VBP") and not helpers and verb.tag == "VBD"


def _offset_clause(
    parse: Parse, clause: Token, lex: EventLexicon, direction: int | None = None
) -> bool:
    """An adverbial clause of what came before or after ("after an explosion rocked the
    city"; with `direction` -1 only what came before), not "shortly after"."""
    words = _opening_words(parse, clause)
    marks = {w for w in words & lex.offset_marks.keys() if direction in (None, lex.offset_marks[w])}
    return bool(marks) and not words & lex.close_offset_adverbs


def _opening_words(parse: Parse, clause: Token) -> set[str]:
    """The words that open an adverbial clause ("after", "shortly after", "when")."""
    return {c.text.lower() for c in parse.children(clause.i) if c.dep in ("mark", "advmod")}


def _keeps_its_time(verb: Token, lex: EventLexicon) -> bool:
    lemma = verb.lemma.lower()
    return lemma in lex.reporting or lex.class_of.get(lemma) in _ATTITUDE_CLASSES


_ATTITUDE_CLASSES = frozenset({"REPORTING", "I_ACTION", "I_STATE"})


def _governs(parse: Parse, timex: Timex, verb: Token) -> bool:
    """The time expression hangs off this word (directly or through a preposition)."""
    return verb.i in hosts(parse, timex)


def hosts(parse: Parse, timex: Timex) -> set[int]:
    """The words a time expression hangs off, directly or through a preposition.

    A time expression between a reporting verb and the subject of the clause it reports
    belongs to the report ("Smith said on Wednesday he hoped ..."), wherever the parser
    hung it: the reported clause starts at its subject.
    """
    words = parse.tokens_in(timex.start, timex.end)
    found: set[int] = set()
    for tok in words:
        head = parse.tokens[tok.head]
        if head.i != tok.i and not timex.start <= head.start < timex.end:
            found.add(head.i)
        # through a preposition and the adverbs around it ("no earlier than Friday",
        # "shortly after 6 p.m.") to the word they modify
        for _ in range(3):
            if head.pos not in ("ADP", "SCONJ", "ADV") or head.head == head.i:
                break
            head = parse.tokens[head.head]
            found.add(head.i)
    return {_report_of_leading_time(parse, host, timex) for host in found}


def _report_of_leading_time(parse: Parse, host: int, timex: Timex) -> int:
    verb = parse.tokens[host]
    if verb.dep != "ccomp" or verb.head == verb.i:
        return host
    report = parse.tokens[verb.head]
    subjects = [c for c in parse.children(verb.i) if c.dep in ("nsubj", "nsubjpass")]
    if report.end <= timex.start and subjects and timex.end <= subjects[0].start:
        return report.i
    return host


def borrow_dates(
    parse: Parse,
    drafts: list[Draft],
    dct: date | None,
    lex: EventLexicon,
    timexes_by_sentence: dict[int, list[Timex]],
) -> Callable[[Draft], None]:
    """Rules 3 and 4, in place: clause, DCT. Returns the same rules for the text-order
    pass (`implied.date_in_text_order`), where a simple-past report may take the DCT.

    Rule 3 also covers an event counted from another ("comes 10 months after a jury found
    her guilty": the verdict is 10 months before the sentence), one at the time of a dated
    clause of simultaneity ("when the Royals won in 2015, fans flocked ...") and one told
    by a dated report ("the board fired him, the paper reported on Thursday"), unless in
    the past perfect ("said on Tuesday the agency had approved it": before the report, no
    day given) or lies ahead.

    A reporting verb in the simple past ("Jobs said") takes the narrative's anchor when
    the story has set one ("On Monday, Jobs unveiled ... He said ..."), and the DCT only
    when it has not; "has said" and "says" are always the day of the report.
    """
    by_token = {d.trigger.i: d for d in drafts}
    by_token.update({d.clause.i: d for d in drafts if d.clause.i not in by_token})

    def settle(draft: Draft, final: bool, depth: int = 0) -> None:
        event = draft.event
        if event.anchor_basis != "unanchored" or event.background or depth > 6:
            return
        # counted from another first: "was arrested ... and charged a week later"
        offset = _offset_from(parse, draft, by_token, timexes_by_sentence, lex)
        if offset is not None:
            head, duration, sign = offset
            settle(head, final, depth + 1)
            moved = moved_by(head.event.date, duration, sign)
            if moved is not None and not head.event.background:
                if _past_yet_ahead(parse, draft.clause, moved, dct):
                    return  # the day it is counted from cannot be right
                draft.event = replace(event, date=moved, anchor_basis="clause")
                return
        governor = _governing_event(parse, draft, by_token, lex)
        if governor is not None and governor is not draft:
            settle(governor, final, depth + 1)
            if governor.event.anchor_basis != "unanchored" and not governor.event.background:
                draft.event = replace(event, date=governor.event.date, anchor_basis="clause")
                return
        main = _main_event_of(parse, draft, by_token, lex)
        if main is not None:
            settle(main, final, depth + 1)
            when = main.event.date
            if when.text is not None and not main.event.background:  # a time of the sentence
                draft.event = replace(event, date=when, anchor_basis="clause")
                return
        alongside = (
            _dated_alongside(parse, draft, by_token, lex)
            or _dated_occasion(parse, draft, by_token, lex)
            or _dated_argument(parse, draft, by_token, lex, dct)
        )
        if alongside is not None:
            when = alongside.event.date
            if alongside.clause.i not in _simultaneous(parse, draft, lex):
                when = _its_day(when)  # "shortly after 9:28 a.m.": that day, not that minute
            draft.event = replace(event, date=when, anchor_basis="clause")
            return
        reporter = _dated_report(parse, draft, by_token, lex)
        if reporter is not None:
            draft.event = replace(event, date=reporter.event.date, anchor_basis="clause")
            return
        if dct is None or not _dated_at_dct(parse, draft, lex):
            return
        if _recent_without_a_day(parse, draft, timexes_by_sentence.get(draft.trigger.sent, [])):
            return
        if not final and _narrative_report(draft):
            return
        dct_date = EventDate(
            value=dct.isoformat(), start=dct, end=dct, precision="day", text=None, basis="dct"
        )
        draft.event = replace(event, date=dct_date, anchor_basis="dct")

    for draft in drafts:
        settle(draft, final=False)
    return lambda draft: settle(draft, final=True)


def is_perfect(parse: Parse, verb: Token, lex: EventLexicon) -> bool:
    """ "had come", "has said": a perfect auxiliary on the verb."""
    return any(
        c.dep in ("aux", "auxpass") and c.lemma.lower() == lex.perfect_auxiliary
        for c in parse.children(verb.i)
    )


def _dated_on_its_own(other: Draft | None, draft: Draft) -> bool:
    """Another event dated by a time expression that governs it, not background: one whose
    day the events beside it may take (rule 3)."""
    return (
        other is not None
        and other is not draft
        and other.event.anchor_basis == "governing"
        and not other.event.background
    )


def _dated_alongside(
    parse: Parse, draft: Draft, by_token: dict[int, Draft], lex: EventLexicon
) -> Draft | None:
    """ "When the Royals won the Series in 2015, fans flocked to the parade": the event of a
    clause of simultaneity ("when", "while", "as", "shortly after"), the doer's gerund
    ("won the title after beating France on Saturday") or participle ("Speaking to
    reporters on Monday, the president defended ..."), dated by a time expression of its
    own dates the event it modifies."""
    close = (
        _simultaneous(parse, draft, lex)
        | _shortly_after(parse, draft, lex)
        | _same_doer_gerunds(parse, draft, lex)
        | _accompanying_participles(parse, draft)
    )
    for i in sorted(close):
        other = by_token.get(i)
        if _dated_on_its_own(other, draft):
            return other
    return None


def _dated_occasion(
    parse: Parse, draft: Draft, by_token: dict[int, Draft], lex: EventLexicon
) -> Draft | None:
    """ "Three soldiers were killed in an attack on Tuesday": the model hangs the time on the
    noun; the occasion, an event noun under "in", "during" or "at" dated by a time
    expression of its own, dates the verb."""
    verb = draft.clause
    if verb.pos != "VERB" or draft.trigger.i != verb.i:
        return None
    for prep in parse.children(verb.i):
        if prep.dep != "prep" or prep.text.lower() not in lex.occasion_prepositions:
            continue
        for noun in parse.children(prep.i):
            other = by_token.get(noun.i)
            if noun.dep == "pobj" and _dated_on_its_own(other, draft):
                return other
    return None


def _dated_argument(
    parse: Parse, draft: Draft, by_token: dict[int, Draft], lex: EventLexicon, dct: date | None
) -> Draft | None:
    """ "The shooting on Saturday left three people dead": what an event noun dated by a time
    expression of its own did, told in the simple past, happened on its day; so did what
    was done to one the time follows ("ordered the evacuation of 10,000 residents on
    Monday", the model hanging the time on the noun). Not what was done to one the date
    names ("condemned the April 20 explosion"), nor a plan or a schedule ("planned the
    attack on Monday", "cancelled the visit Wednesday"), nor a day ahead of the DCT."""
    verb = draft.clause
    if verb.pos != "VERB" or draft.trigger.i != verb.i or not is_past(parse, verb):
        return None
    if is_perfect(parse, verb, lex):
        return None  # "has left": as of the report
    lemma = verb.lemma.lower()
    if lemma in lex.intention_verbs:
        return None
    for noun in parse.children(verb.i):
        other = by_token.get(noun.i)
        if (
            other is None
            or not _dated_on_its_own(other, draft)
            or other.trigger.i != noun.i
            or _past_yet_ahead(parse, verb, other.event.date, dct)
        ):
            continue
        if noun.dep in ("nsubj", "nsubjpass"):
            return other
        after = (other.event.date.timex_start or 0) > noun.start
        if noun.dep == "dobj" and after and lemma not in lex.schedule_verbs:
            return other
    return None


def _clause_marks(parse: Parse, clause: Token) -> dict[int, set[str]]:
    """The adverbial clauses of a verb, each with the words that open it."""
    return {
        child.i: _opening_words(parse, child)
        for child in parse.children(clause.i)
        if child.dep == "advcl"
    }


def _main_event_of(
    parse: Parse, draft: Draft, by_token: dict[int, Draft], lex: EventLexicon
) -> Draft | None:
    """ "was speaking at a conference on Thursday when she collapsed": the event a past
    clause of simultaneity modifies, which rule 3 may date from a time expression of the
    sentence. Not one in the present ("when people are directed to A&E": what happens
    whenever), nor in another tense than the event's."""
    clause = draft.clause
    if clause.dep != "advcl" or not _opening_words(parse, clause) & lex.simultaneity_marks:
        return None
    main = by_token.get(clause.head)
    if main is None or not is_past(parse, clause) or _tense_turns(parse, clause, main.clause):
        return None
    return main


def _simultaneous(parse: Parse, draft: Draft, lex: EventLexicon) -> set[int]:
    """The clauses of simultaneity ("when", "as", "while"). The model may read "when a bus
    overturned" as a noun with a participle ("bus", advcl; "overturned", acl): the noun's
    verb is then the clause's."""
    marks = _clause_marks(parse, draft.clause)
    clauses = {i for i, words in marks.items() if words & lex.simultaneity_marks}
    return clauses | {
        verb.i
        for i in clauses
        if parse.tokens[i].pos in ("NOUN", "PROPN")
        for verb in parse.children(i)
        if verb.dep == "acl" and verb.pos == "VERB"
    }


def _shortly_after(parse: Parse, draft: Draft, lex: EventLexicon) -> set[int]:
    marks = _clause_marks(parse, draft.clause)
    return {
        i
        for i, words in marks.items()
        if words & lex.close_offset_adverbs and words & lex.offset_marks.keys()
    }


def _same_doer_gerunds(parse: Parse, draft: Draft, lex: EventLexicon) -> set[int]:
    """ "won the title after pulling off a win on Saturday": a gerund after "after", "by"
    or "upon", with no subject of its own, tells what the doer did to, or just before,
    doing the event. Not one a distance away ("a day after arriving", "long after")."""
    verb = draft.clause
    if not is_past(parse, verb) or is_perfect(parse, verb, lex):
        return set()  # "is pursuing", "had won": no day of its own to share
    return {
        gerund.i
        for prep in parse.children(verb.i)
        if prep.dep == "prep"
        and prep.text.lower() in lex.same_doer_prepositions
        and not any(
            c.dep == "npadvmod"
            or (c.dep == "advmod" and c.text.lower() not in lex.close_offset_adverbs)
            for c in parse.children(prep.i)
        )
        for gerund in parse.children(prep.i)
        if gerund.dep == "pcomp"
        and gerund.tag == "VBG"
        and not any(c.dep in ("nsubj", "nsubjpass") for c in parse.children(gerund.i))
    }


def _accompanying_participles(parse: Parse, draft: Draft) -> set[int]:
    """ "Speaking to reporters on Monday, the president defended the decision": a bare -ing
    clause of the doer's leading up to the event, with no word opening it, no subject and
    no auxiliary ("Having resigned in 2019, he returned": before it, no day given), happens
    as the event does. Not one after it, which may tell a cause or a result ("resigned,
    citing a row in 2019")."""
    return {
        child.i
        for child in parse.children(draft.clause.i)
        if child.dep == "advcl"
        and child.i < draft.clause.i
        and child.tag == "VBG"
        and not any(
            c.dep in ("mark", "advmod", "aux", "auxpass", "nsubj", "nsubjpass")
            for c in parse.children(child.i)
        )
    }


def _past_yet_ahead(parse: Parse, verb: Token, when: EventDate, dct: date | None) -> bool:
    """Told in the past tense, yet dated after the publication day ("three weeks before
    the rig blew up", counted from a day wrongly taken for the report's)."""
    if dct is None or when.start is None or when.start <= dct:
        return False
    return is_past(parse, verb)


def first_conjunct(parse: Parse, verb: Token) -> Token:
    """The first of coordinated verbs ("resisted ... and then sued": "resisted"), which
    stands where each of them stands in the sentence."""
    while verb.dep == "conj" and verb.head != verb.i:
        verb = parse.tokens[verb.head]
    return verb


def is_past(parse: Parse, verb: Token) -> bool:
    """Past tense (simple, or a passive or participle under a past auxiliary)."""
    if verb.pos != "VERB":
        return False
    if verb.tag == "VBD":
        return True
    helpers = [c for c in parse.children(verb.i) if c.dep in ("aux", "auxpass")]
    if any(h.tense == "Past" for h in helpers):
        return True
    if verb.dep in ("conj", "xcomp", "advcl") and verb.head != verb.i:
        return is_past(parse, parse.tokens[verb.head])
    return False


def _its_day(when: EventDate) -> EventDate:
    """A date at a time of day cut to its day."""
    if when.value is None or "T" not in when.value:
        return when
    day = when.value.split("T")[0]
    span = interval(day)
    return replace(when, value=day, start=span.start, end=span.end, precision=span.precision)


def _dated_report(
    parse: Parse, draft: Draft, by_token: dict[int, Draft], lex: EventLexicon
) -> Draft | None:
    """The report, dated by a time expression of its own, that tells this event in the
    simple past or present, or the present perfect ("has been fined £20m, the regulator
    said on Tuesday"): the event happened by the report's day. Not the past perfect, a step
    back from it ("said on Tuesday regulators had approved it": no day given)."""
    event, verb = draft.event, draft.clause
    if event.modality not in ("reported", "asserted", "hedged") or verb.pos != "VERB":
        return None
    if event.event_class == "REPORTING" or past_perfect(parse, verb):
        return None
    reporter = reporter_of(parse, verb, lex)
    report = by_token.get(reporter.i) if reporter is not None else None
    if report is None or report.event.anchor_basis not in ("governing", "sentence"):
        return None
    return report


_DURATION = re.compile(r"P(?:(\d+)|X)([DWMY])|PT(?:\d+|X)[HMS]")


def _offset_from(
    parse: Parse,
    draft: Draft,
    by_token: dict[int, Draft],
    timexes_by_sentence: dict[int, list[Timex]],
    lex: EventLexicon,
) -> tuple[Draft, Timex, int] | None:
    """The event this one is counted from, the duration and the direction."""
    timexes = timexes_by_sentence.get(draft.clause.sent, [])
    others = frozenset(
        i for i, d in by_token.items() if d is not draft and d.trigger.sent == draft.clause.sent
    )
    link = offset_link(parse, draft.clause, timexes, lex) or counted_from(
        parse, draft.clause, timexes, lex, others
    )
    if link is None:
        return None
    head_i, timex, sign = link
    head = by_token.get(head_i)
    return None if head is None or head is draft else (head, timex, sign)


def offset_link(
    parse: Parse, tok: Token, timexes: list[Timex], lex: EventLexicon
) -> tuple[int, Timex, int] | None:
    """ "comes 10 months after a jury found", "eight days after launch": the word this one
    is counted from, the duration, and the direction (-1: this one is earlier)."""
    marks = [c for c in parse.children(tok.i) if c.dep == "mark"]
    head_i = tok.head
    if tok.dep == "pobj":  # an event noun: "two days after the vote"
        marks, head_i = [parse.tokens[tok.head]], parse.tokens[tok.head].head
    for mark in marks:
        sign = lex.offset_marks.get(mark.text.lower())
        if sign is None or head_i == tok.i:
            continue
        for timex in timexes:
            if timex.type != "DURATION" or not _DURATION.fullmatch(timex.value):
                continue
            words = parse.tokens_in(timex.start, timex.end)
            # The parser hangs the duration on the mark, the main verb or, when it comes
            # before the mark, the clause itself ("comes five years after they won").
            heads = {mark.i, head_i} | ({tok.i} if timex.end <= mark.start else set())
            if any(w.dep == "npadvmod" and w.head in heads for w in words):
                return head_i, timex, sign
    return None


def counted_from(
    parse: Parse, verb: Token, timexes: list[Timex], lex: EventLexicon, events: frozenset[int]
) -> tuple[int, Timex, int] | None:
    """ "exploded on 20 April and sank two days later", "went to hospital on 8 April but
    died five days later": the event of the sentence (among `events`) this one is counted
    from (the verb it is coordinated with, else the closest before it), the duration and
    the direction. None when no event of the sentence comes before it ("Two days later,
    troops retook the town": the narrative's day)."""
    counted = counted_on(parse, verb, timexes, lex)
    if counted is None:
        return None
    if verb.dep == "conj" and verb.head in events:
        return verb.head, *counted
    before = [i for i in events if i < verb.i]
    return (max(before), *counted) if before else None


def counted_on(
    parse: Parse, verb: Token, timexes: list[Timex], lex: EventLexicon
) -> tuple[Timex, int] | None:
    """ "resumed a day later", "two days earlier": the duration the verb is counted by from
    the event before it, and the direction (-1: this one is earlier)."""
    for adverb in parse.children(verb.i):
        sign = lex.offset_adverbs.get(adverb.text.lower())
        if adverb.dep != "advmod" or sign is None:
            continue
        for timex in timexes:
            if timex.type != "DURATION" or not _DURATION.fullmatch(timex.value):
                continue
            words = parse.tokens_in(timex.start, timex.end)
            if any(w.dep == "npadvmod" and w.head == adverb.i for w in words):
                return timex, sign
    return None


def moved_by(day: EventDate, duration: Timex, sign: int) -> EventDate | None:
    """A day moved by a duration, at the duration's unit ("10 months" -> a month); a
    duration of hours or minutes, or of unknown length in days, leaves the day itself."""
    if day.start is None:
        return None
    match = _DURATION.fullmatch(duration.value)
    assert match is not None
    number, unit = match[1], match[2]
    if unit is None or (number is None and unit == "D"):
        value = day.start.isoformat()  # "minutes after", "days after": that day
    elif number is None:
        return None  # "months after": no month to name
    else:
        count = sign * int(number)
        if unit == "D":
            value = calendar.shift_days(day.start, count).isoformat()
        elif unit == "W":
            value = calendar.iso_week_value(calendar.shift_days(day.start, 7 * count))
        elif unit == "M":
            year, month = calendar.shift_month(day.start.year, day.start.month, count)
            value = f"{year:04d}-{month:02d}"
        else:
            value = f"{day.start.year + count:04d}"
    span = interval(value)
    return EventDate(
        value=value,
        start=span.start,
        end=span.end,
        precision=span.precision,
        text=duration.text,
        basis="relative" if day.basis != "unanchored" else "unanchored",
        timex_start=duration.start,
        timex_end=duration.end,
    )


def _narrative_report(draft: Draft) -> bool:
    """ "said" in the simple past: dated by the narrative when there is one."""
    return draft.event.event_class == "REPORTING" and draft.clause.tag == "VBD"


def _governing_event(
    parse: Parse, draft: Draft, by_token: dict[int, Draft], lex: EventLexicon
) -> Draft | None:
    """The event this one is an argument or modifier of, when it shares its time.

    A participle on an event noun ("a parade attended by Xi"), an event noun that is the
    object of an ordinary verb ("marking the day with a parade"), a coordinated verb in the
    same tense (`_tense_turns`). Not objects of reports or attitudes: "denied the trade"
    says nothing of when it was.
    """
    tok = draft.trigger if draft.trigger.i != draft.clause.i else draft.clause
    current = tok
    for _ in range(3):
        if current.head == current.i or current.dep not in _INHERIT_DEPS | {"prep"}:
            return None
        head = parse.tokens[current.head]
        if head.pos == "ADP":
            if head.text.lower() not in lex.shared_time_prepositions:
                return None
            current = head
            continue
        governor = by_token.get(head.i)
        if governor is None:
            return None
        if governor.event.event_class in ("REPORTING", "I_STATE", "I_ACTION"):
            return None
        if current.dep == "conj" and (
            _tense_turns(parse, current, head) or head.lemma.lower() in lex.schedule_verbs
        ):  # "was scheduled for Thursday but was cancelled": the meeting's day, not its
            return None
        return governor
    return None


def _recent_without_a_day(parse: Parse, draft: Draft, timexes: list[Timex]) -> bool:
    """ "has taken his daughter to events recently": a time that says the event is not of
    the report's day, without saying which day it was."""
    return any(
        t.value == "PAST_REF"
        and (_governs(parse, t, draft.trigger) or _governs(parse, t, draft.clause))
        for t in timexes
    )


def _dated_at_dct(parse: Parse, draft: Draft, lex: EventLexicon) -> bool:
    """Reporting verbs, and the news present perfect / progressive, happen on the DCT."""
    verb = draft.clause
    event = draft.event
    if verb.pos != "VERB" or event.modality in ("future", "hypothetical"):
        return False
    if verb.dep == "advcl" and _offset_clause(parse, verb, lex, direction=-1):
        return False  # "rose yesterday after BP confirmed ...": before that day, not today
    helpers = [c for c in parse.children(verb.i) if c.dep in ("aux", "auxpass")]
    finite = verb.tense in ("Past", "Pres") or any(h.tense in ("Past", "Pres") for h in helpers)
    if event.event_class == "REPORTING" and draft.trigger.i == verb.i and finite:
        return True
    if verb.tag in ("VBZ", "VBP") and not helpers:  # news present: "Apple Corps claims"
        return True
    if verb.tag == "VBN" and any(
        h.lemma.lower() == lex.perfect_auxiliary and h.tense == "Pres" for h in helpers
    ):  # "has helped", "have been killed"
        return True
    # "is marking"
    return any(h.tense == "Pres" for h in _progressive(parse, verb, lex))

"""Dating events: a time expression of their own (rules 1 and 2), else a date borrowed
from the governing event, the DCT or the previous sentence (rules 3 to 5); see the package.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date

from transforms.extraction.events.lexicon import EventLexicon
from transforms.extraction.parse import Parse, Token
from transforms.extraction.timex import interval
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
) -> tuple[EventDate, AnchorBasis]:
    """Rules 1 and 2: a time expression of the event's clause, else of its sentence.

    A time expression elsewhere in the sentence counts only when no other trigger of the
    sentence (`verbs`) governs it: "unveiled the laptops, which ship in 2011" does not
    date the unveiling in 2011.
    """
    datable = [t for t in timexes if t.type in DATE_TYPES]
    governing = [t for t in datable if _governs(parse, t, trigger) or _governs(parse, t, clause)]
    if governing:
        return _from_timex(governing[0]), "governing"
    if background:
        return _UNANCHORED, "unanchored"
    ancestors = _ancestor_verbs(parse, clause)
    for verb in ancestors:
        around = [t for t in datable if _governs(parse, t, verb)]
        if around:
            return _from_timex(around[0]), "governing"
    free = [t for t in datable if not any(_governs(parse, t, v) for v in verbs)]
    if free:
        return _from_timex(free[0]), "sentence"
    return _UNANCHORED, "unanchored"


def _ancestor_verbs(parse: Parse, tok: Token) -> list[Token]:
    """The verbs whose clauses contain this one, nearest first (not across reports)."""
    out: list[Token] = []
    current = tok
    for _ in range(8):
        if current.head == current.i or current.dep in ("ccomp", "parataxis"):
            break
        current = parse.tokens[current.head]
        if current.pos in ("VERB", "AUX"):
            out.append(current)
    return out


def _governs(parse: Parse, timex: Timex, verb: Token) -> bool:
    """The time expression hangs off this word (directly or through a preposition)."""
    for tok in parse.tokens_in(timex.start, timex.end):
        head = parse.tokens[tok.head]
        if head.i == verb.i and tok.i != verb.i:
            return True
        if head.pos in ("ADP", "SCONJ") and head.head == verb.i:
            return True
    return False


def borrow_dates(parse: Parse, drafts: list[Draft], dct: date | None, lex: EventLexicon) -> None:
    """Rules 3 to 5, in place: clause, DCT, previous sentence.

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
        governor = _governing_event(parse, draft, by_token, lex)
        if governor is not None and governor is not draft:
            settle(governor, final, depth + 1)
            if governor.event.anchor_basis != "unanchored" and not governor.event.background:
                draft.event = replace(event, date=governor.event.date, anchor_basis="clause")
                return
        if dct is None or not _dated_at_dct(parse, draft, lex):
            return
        if not final and _narrative_report(draft):
            return
        dct_date = EventDate(
            value=dct.isoformat(), start=dct, end=dct, precision="day", text=None, basis="dct"
        )
        draft.event = replace(event, date=dct_date, anchor_basis="dct")

    for draft in drafts:
        settle(draft, final=False)
    # Rule 5, sentence by sentence in text order so anchors carry forward (across at most
    # NARRATIVE_GAP sentences that set none); events that hang off a newly dated one then
    # take its date (rule 3 again).
    last_anchor: EventDate | None = None
    gap = 0
    drafts_by_sentence: dict[int, list[Draft]] = {}
    for draft in drafts:
        drafts_by_sentence.setdefault(draft.trigger.sent, []).append(draft)
    for index in range(len(parse.sentences)):
        in_sentence = drafts_by_sentence.get(index, [])
        previous = last_anchor if gap <= NARRATIVE_GAP else None
        for draft in in_sentence:
            event = draft.event
            if (
                previous is not None
                and event.anchor_basis == "unanchored"
                and not event.background
                and event.modality in ("asserted", "reported", "hedged")
                and _is_past(parse, draft.clause)
            ):
                draft.event = replace(event, date=previous, anchor_basis="previous")
        for draft in in_sentence:
            settle(draft, final=True)
        anchor = _sentence_anchor(parse, in_sentence)
        if anchor is not None:
            last_anchor, gap = anchor, 0
        else:
            gap += 1


NARRATIVE_GAP = 1


def _narrative_report(draft: Draft) -> bool:
    """ "said" in the simple past: dated by the narrative when there is one."""
    return draft.event.event_class == "REPORTING" and draft.clause.tag == "VBD"


def _governing_event(
    parse: Parse, draft: Draft, by_token: dict[int, Draft], lex: EventLexicon
) -> Draft | None:
    """The event this one is an argument or modifier of, when it shares its time.

    A participle on an event noun ("a parade attended by Xi"), an event noun that is the
    object of an ordinary verb ("marking the day with a parade"), a coordinated verb. Not
    objects of reports or attitudes: "denied the trade" says nothing of when it was.
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
        return governor
    return None


def _dated_at_dct(parse: Parse, draft: Draft, lex: EventLexicon) -> bool:
    """Reporting verbs, and the news present perfect / progressive, happen on the DCT."""
    verb = draft.clause
    event = draft.event
    if verb.pos != "VERB" or event.modality in ("future", "hypothetical"):
        return False
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
    progressive = lex.progressive_auxiliary
    return verb.tag == "VBG" and any(
        h.lemma.lower() == progressive and h.tense == "Pres" for h in helpers
    )


def _is_past(parse: Parse, verb: Token) -> bool:
    """Past tense (simple, or a passive or participle under a past auxiliary)."""
    if verb.pos != "VERB":
        return False
    if verb.tag == "VBD":
        return True
    helpers = [c for c in parse.children(verb.i) if c.dep in ("aux", "auxpass")]
    if any(h.tense == "Past" for h in helpers):
        return True
    if verb.dep in ("conj", "xcomp", "advcl") and verb.head != verb.i:
        return _is_past(parse, parse.tokens[verb.head])
    return False


def _sentence_anchor(parse: Parse, drafts: list[Draft]) -> EventDate | None:
    """The date a sentence's story happens on: its main event's, else its first dated one."""
    dated = [
        d
        for d in drafts
        if d.event.anchor_basis != "unanchored"
        and not d.event.background
        and d.event.date.start is not None
        and d.event.modality not in ("future", "hypothetical")
    ]
    if not dated:
        return None
    roots = [d for d in dated if d.clause.dep == "ROOT" and d.event.anchor_basis != "dct"]
    return (roots or dated)[0].event.date

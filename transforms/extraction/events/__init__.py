"""Events: one per trigger (a verb, or a noun that names an event), typed and dated by rule.

Triggers are verbs and the event nouns of `resources/<lang>/events.yaml`; a light verb
governing an event noun ("made a rare visit") gives way to the noun. Each event gets its
participants with roles from the dependency parse, a TimeML class, polarity, modality and
attribution, a PLOVER category and quad class (`plover.yaml`), and a date chosen by an
ordered list of rules whose name is kept in `Event.anchor_basis`, so a reader can see why
an event sits where it does on the timeline:

1. governing  -- a time expression attached to the event or to the clause around it;
2. sentence   -- a time expression elsewhere in the sentence;
3. clause     -- the date of the event that governs this one ("a parade attended by Xi");
4. dct        -- the document date, for reporting verbs and the news present perfect and
                 present progressive ("has said", "is marking");
5. lead       -- the publication day, implied for the lead's main event told in the past
                 with no time expression ("A jury found him guilty."; `implied.py`);
6. previous   -- an earlier sentence's anchor, where the narrative goes on in the past
                 or a plan in the future (implied: the event's `date_text` is empty;
                 `implied.py`);
7. unanchored -- none of these.

Background history ("the 80th anniversary of the victory over Nazi Germany") only takes a
time expression of its own: it is never dated at the DCT or by the story around it.

The news timeline then keeps the events that are news (`salience.py`, rules in
`salience.yaml`: no attributions of quotes, states, hypotheticals, modifiers, undated
background or the writer's own doings), one per happening, each with a salience and the
1-3 key ones marked.
"""

from __future__ import annotations

import hashlib
from datetime import date

from transforms.extraction.events.dating import Draft, borrow_dates, group_by_sentence, own_date
from transforms.extraction.events.implied import date_in_text_order, implied_rules
from transforms.extraction.events.lexicon import EventLexicon, lexicon
from transforms.extraction.events.modality import (
    attribution,
    event_class,
    is_background,
    modality_of,
    negated,
)
from transforms.extraction.events.participants import MentionsByOffset, find_participants
from transforms.extraction.events.salience import rank
from transforms.extraction.events.triggers import find_triggers, trigger_phrase
from transforms.extraction.parse import Parse, Token
from transforms.model import Event, Mention, Span, Timex

__all__ = ["EventLexicon", "event_id", "find_events", "lexicon"]


def event_id(doc_id: str, start: int, end: int, extractor_version: str) -> str:
    """Stable across re-runs of the same extractor; changes when the rules change."""
    raw = f"{doc_id}:{start}:{end}:{extractor_version}".encode()
    return hashlib.sha256(raw).hexdigest()[:24]


def find_events(
    *,
    doc_id: str,
    text: str,
    parse: Parse,
    content: tuple[Span, ...],
    timexes: list[Timex],
    mentions: list[Mention],
    dct: date | None,
    extractor_version: str,
    language: str = "en",
    all_events: bool = False,
    title: str | None = None,
) -> list[Event]:
    """The news timeline's events (`salience.rank`), each with its salience and key mark;
    with `all_events` every trigger's event (timeline evaluation wants them all).
    """
    lex = lexicon(language)
    timexes_by_sentence = group_by_sentence(parse, timexes)
    drafts: list[Draft] = []
    triggers = find_triggers(parse, content, lex)
    by_sentence: dict[int, list[Token]] = {}
    for pair in triggers:
        for tok in pair:
            by_sentence.setdefault(tok.sent, []).append(tok)
    by_offset = MentionsByOffset(mentions)
    for trigger, clause in triggers:
        participants = find_participants(parse, clause, trigger, by_offset, lex)
        lemma = trigger.lemma.lower()
        category = lex.category_of.get(lemma, "OTHER")
        background = is_background(parse, trigger, lex)
        modality = modality_of(parse, clause, lex)
        others = [t for t in by_sentence[trigger.sent] if t.i not in (trigger.i, clause.i)]
        when, basis = own_date(
            parse,
            clause,
            trigger,
            timexes_by_sentence.get(trigger.sent, []),
            background,
            others,
            lex,
        )
        start, written = trigger_phrase(parse, trigger, text)
        event = Event(
            event_id=event_id(doc_id, start, trigger.end, extractor_version),
            doc_id=doc_id,
            sentence_index=trigger.sent,
            trigger=written,
            lemma=lemma,
            start=start,
            end=trigger.end,
            event_type=category,
            date=when,
            participants=tuple(participants),
            event_class=event_class(trigger, lex),
            polarity="NEG" if negated(parse, trigger, clause, lex) else "POS",
            modality=modality,
            attribution=attribution(parse, clause, lex),
            quad_class=lex.quad_of.get(category, "neutral"),
            anchor_basis=basis,
            pos="NOUN" if trigger.pos != "VERB" else "VERB",
            background=background,
        )
        drafts.append(Draft(trigger, clause, event, own=basis != "unanchored"))
    settle = borrow_dates(parse, drafts, dct, lex, timexes_by_sentence)
    date_in_text_order(
        parse, drafts, dct, lex, settle, implied_rules(language), timexes_by_sentence
    )
    return rank(parse, drafts, title, lex, all_events=all_events, language=language)
